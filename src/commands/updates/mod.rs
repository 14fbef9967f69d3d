//! `lhs updates`: Aggiornamenti software — versions of the products in your contract, with
//! release notes and files. `list` and `view` need `aggiornamenti=read`; `download` needs
//! `aggiornamenti=download` (Administrators always may).

pub mod download;
pub mod list;
pub mod view;

use std::fmt::Write as _;

use crate::context::Context;
use crate::error::CliResult;
use crate::output::{Tabular, human_bytes, when};
use crate::wire::SoftwareUpdate;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    #[command(visible_alias = "ls")]
    List(list::Args),
    #[command(visible_alias = "show")]
    View(view::Args),
    Download(download::Args),
}

pub async fn run(ctx: &Context, cmd: Command) -> CliResult<()> {
    match cmd {
        Command::List(a) => list::run(ctx, a).await,
        Command::View(a) => view::run(ctx, a).await,
        Command::Download(a) => download::run(ctx, a).await,
    }
}

fn total_size(u: &SoftwareUpdate) -> u64 {
    u.files
        .iter()
        .map(|f| u64::try_from(f.size).unwrap_or(0))
        .sum()
}

impl Tabular for SoftwareUpdate {
    fn headers() -> &'static [&'static str] {
        &["ID", "PRODUCT", "VERSION", "PUBLISHED", "FILES"]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.id.to_string(),
            self.product.clone(),
            self.version.clone(),
            format!(
                "{}{}",
                when(Some(&self.published_at)),
                if self.published { "" } else { " (unpublished)" }
            ),
            format!("{} ({})", self.files.len(), human_bytes(total_size(self))),
        ]
    }
}

/// One update for people: version, date, notes, files with size and SHA-256.
pub fn render(u: &SoftwareUpdate) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{} {} · update #{}", u.product, u.version, u.id);
    let _ = writeln!(
        o,
        "Published:  {}{}",
        when(Some(&u.published_at)),
        if u.published { "" } else { " (unpublished)" }
    );
    if !u.notes.is_empty() {
        let _ = writeln!(o, "\nRelease notes");
        for line in u.notes.lines() {
            let _ = writeln!(o, "  {line}");
        }
    }
    let _ = writeln!(
        o,
        "\nFiles ({}, {})",
        u.files.len(),
        human_bytes(total_size(u))
    );
    for f in &u.files {
        let _ = writeln!(
            o,
            "  {}  {}  {}\n      sha256 {}",
            f.id,
            f.filename,
            human_bytes(u64::try_from(f.size).unwrap_or(0)),
            f.sha256
        );
    }
    o
}
