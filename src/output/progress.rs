//! Progress bars (indicatif) on stderr, only when stderr is a terminal and not `-q`; otherwise a
//! hidden bar, so commands never print progress noise into CI logs.

use indicatif::{ProgressBar, ProgressStyle};

use super::Output;

fn styled(out: &Output, len: u64, what: &str, template: &str) -> ProgressBar {
    if out.quiet || !out.stderr_is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new(len);
    pb.set_style(
        ProgressStyle::with_template(template)
            .expect("valid template")
            .progress_chars("=> "),
    );
    pb.set_message(what.to_owned());
    pb
}

/// Counts items (rows imported, …).
pub fn bar(out: &Output, len: u64, what: &str) -> ProgressBar {
    styled(out, len, what, "{msg} [{bar:30}] {pos}/{len}")
}

/// Counts bytes (uploads).
pub fn bytes(out: &Output, len: u64, what: &str) -> ProgressBar {
    styled(out, len, what, "{msg} [{bar:30}] {bytes}/{total_bytes}")
}
