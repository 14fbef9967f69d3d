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

/// A status line with a spinner, for a command that waits on something (`tickets wait`):
/// drawn on a terminal only, hidden elsewhere (so CI logs stay clean).
pub fn status_line(out: &Output) -> ProgressBar {
    if out.quiet || !out.stderr_is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new_spinner();
    pb.set_style(ProgressStyle::with_template("{spinner} {msg}").expect("valid template"));
    pb.enable_steady_tick(std::time::Duration::from_millis(120));
    pb
}

/// A spinner that appears only if a wait lasts longer than `delay`, and disappears when
/// dropped: "Waiting for https://portal… (GET /api/v1/tickets)…".
pub struct Waiting {
    task: Option<tokio::task::JoinHandle<()>>,
    bar: ProgressBar,
}

impl Waiting {
    /// Starts the timer; `show` false (no terminal, `-q`) makes it a no-op.
    pub fn after(show: bool, delay: std::time::Duration, message: String) -> Waiting {
        let bar = ProgressBar::hidden();
        if !show {
            return Waiting { task: None, bar };
        }
        let shown = bar.clone();
        let task = tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            shown.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            shown.set_style(
                ProgressStyle::with_template("{spinner} {msg} {elapsed}").expect("valid template"),
            );
            shown.set_message(message);
            shown.enable_steady_tick(std::time::Duration::from_millis(120));
        });
        Waiting {
            task: Some(task),
            bar,
        }
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        if let Some(t) = self.task.take() {
            t.abort();
        }
        self.bar.finish_and_clear();
    }
}
