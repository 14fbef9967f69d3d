//! Long output on a terminal goes through a pager, as gh does: `LHS_PAGER`, the configuration's
//! `pager`, `PAGER`, else `less -FRX` (which prints and quits when everything fits one screen;
//! chosen in [`crate::settings`]). Never in a pipe, never
//! with `--no-pager`; an empty pager or `cat` means none. The pager starts at the first byte
//! written, so commands that print nothing never start one.

use std::io::Write;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;

enum State {
    Off,
    /// Configured, not started yet; with `LESS=FRX` for the child when true.
    Ready(String, bool),
    Running(Child),
    /// It could not start: write to stdout.
    Failed,
}

static PAGER: Mutex<State> = Mutex::new(State::Off);

/// Turns the pager on for this run (called once, before any output). `set_less`: give the
/// child `LESS=FRX` (when the user has no `LESS` of their own).
pub fn enable(command: &str, set_less: bool) {
    let c = command.trim();
    if c.is_empty() || c == "cat" {
        return;
    }
    if let Ok(mut s) = PAGER.lock() {
        *s = State::Ready(c.to_owned(), set_less);
    }
}

/// Writes through the pager when one is on; `Ok(false)` when the caller should write to
/// stdout itself. A pager that quit (the reader has what they wanted) ends the run quietly.
pub fn write(bytes: &[u8]) -> std::io::Result<bool> {
    let Ok(mut state) = PAGER.lock() else {
        return Ok(false);
    };
    if let State::Ready(cmd, set_less) = &*state {
        let mut c = Command::new("sh");
        c.arg("-c").arg(cmd).stdin(Stdio::piped());
        if *set_less {
            c.env("LESS", "FRX");
        }
        *state = match c.spawn() {
            Ok(child) => State::Running(child),
            Err(_) => State::Failed,
        };
    }
    match &mut *state {
        State::Running(child) => {
            let Some(stdin) = child.stdin.as_mut() else {
                return Ok(false);
            };
            match stdin.write_all(bytes).and_then(|()| stdin.flush()) {
                Ok(()) => Ok(true),
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
                Err(e) => Err(e),
            }
        }
        _ => Ok(false),
    }
}

/// Closes the pager's input and waits for the reader to quit it.
pub fn finish() {
    let Ok(mut state) = PAGER.lock() else {
        return;
    };
    if let State::Running(child) = &mut *state {
        drop(child.stdin.take());
        let _ = child.wait();
    }
    *state = State::Off;
}
