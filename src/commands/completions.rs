//! Shell completions and man pages, generated from the clap definition. `completions/` and
//! `man/` hold the generated files; a test regenerates them in memory and fails when the
//! committed copies are stale (`lhs generate-docs` rewrites them).

use std::path::PathBuf;

use clap_complete::Shell;

use crate::error::{CliError, CliResult};

/// Print a completion script for SHELL
///
/// Examples:
///   lhs completions bash > ~/.local/share/bash-completion/completions/lhs
///   lhs completions zsh > "${fpath[1]}/_lhs"
///   lhs completions fish > ~/.config/fish/completions/lhs.fish
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// bash, zsh, fish, powershell or elvish
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// The repository root, where completions/ and man/ are written
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

pub const SHELLS: [(Shell, &str); 5] = [
    (Shell::Bash, "lhs.bash"),
    (Shell::Zsh, "_lhs"),
    (Shell::Fish, "lhs.fish"),
    (Shell::PowerShell, "_lhs.ps1"),
    (Shell::Elvish, "lhs.elv"),
];

pub fn completion(shell: Shell) -> Vec<u8> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut crate::cli::command(), "lhs", &mut buf);
    buf
}

/// Every man page: `lhs.1`, `lhs-tickets.1`, `lhs-tickets-list.1`, …
pub fn man_pages() -> Vec<(String, Vec<u8>)> {
    let mut cmd = crate::cli::command();
    cmd.build();
    let mut out = Vec::new();
    collect(&cmd, "", &mut out);
    out
}

fn collect(cmd: &clap::Command, prefix: &str, out: &mut Vec<(String, Vec<u8>)>) {
    let name = if prefix.is_empty() {
        cmd.get_name().to_owned()
    } else {
        format!("{prefix}-{}", cmd.get_name())
    };
    let page = cmd.clone().name(name.clone());
    let mut buf = Vec::new();
    clap_mangen::Man::new(page)
        .render(&mut buf)
        .expect("rendering into memory cannot fail");
    // Every page ends with what every command shares: its exit status and environment.
    buf.extend_from_slice(roff_section("EXIT STATUS", super::help::EXIT_CODES).as_bytes());
    buf.extend_from_slice(roff_section("ENVIRONMENT", super::help::ENVIRONMENT).as_bytes());
    out.push((format!("{name}.1"), buf));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub, &name, out);
    }
}

/// A man section from a help topic's text (its first line is the topic's title).
fn roff_section(title: &str, text: &str) -> String {
    let mut s = format!(".SH \"{title}\"\n.nf\n");
    for line in text.lines().skip(1) {
        let line = line.replace('\\', "\\e");
        let line = if line.starts_with(['.', '\'']) {
            format!("\\&{line}")
        } else {
            line
        };
        s.push_str(&line);
        s.push('\n');
    }
    s.push_str(".fi\n");
    s
}

pub fn run(args: Args) -> CliResult<()> {
    crate::output::write_stdout(&completion(args.shell))
}

pub fn generate(args: GenerateArgs) -> CliResult<()> {
    let comp = args.root.join("completions");
    let man = args.root.join("man");
    for dir in [&comp, &man] {
        if dir.exists() {
            std::fs::remove_dir_all(dir)
                .map_err(|e| CliError::other(format!("cannot clear {}: {e}", dir.display())))?;
        }
    }
    for (shell, file) in SHELLS {
        crate::config::write_atomic(&comp.join(file), &completion(shell), false)?;
    }
    for (file, bytes) in man_pages() {
        crate::config::write_atomic(&man.join(file), &bytes, false)?;
    }
    eprintln!("wrote {} and {}", comp.display(), man.display());
    Ok(())
}
