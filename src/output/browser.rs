//! Opening a portal's page in the user's browser (`--web`, as `gh … --web`): `$BROWSER` when
//! set (a command; the URL is its one argument), otherwise the system's opener (`xdg-open`,
//! `open` on macOS). The URL is said on stderr, so it can be copied when nothing opens.

use crate::error::{CliError, CliResult};

/// Opens `url`; an opener that cannot start is an error that gives the URL to copy.
pub fn open(out: &super::Output, url: &str) -> CliResult<()> {
    let opener = std::env::var("BROWSER")
        .ok()
        .filter(|b| !b.trim().is_empty())
        .unwrap_or_else(|| {
            if cfg!(target_os = "macos") {
                "open".into()
            } else {
                "xdg-open".into()
            }
        });
    out.note(&format!("Opening {url} in your browser"));
    let status = std::process::Command::new(&opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .status();
    match status {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => Err(CliError::other(format!("{opener} exited with {s}"))
            .hint(format!("open {url} yourself, or set BROWSER"))),
        Err(e) => Err(CliError::other(format!("cannot start {opener}: {e}"))
            .hint(format!("open {url} yourself, or set BROWSER"))),
    }
}
