//! Long output on a terminal goes through a pager, as gh does: `LHS_PAGER`, else `PAGER`, else
//! `less -FRX` (which prints and quits when everything fits one screen). Never in a pipe, never
//! with `--no-pager`; an empty pager or `cat` means none. The pager starts at the first byte
//! written, so commands that print nothing never start one.

use std::io::Write;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;

enum State {
    Off,
    /// Configured, not started yet.
    Ready(String),
    Running(Child),
    /// It could not start: write to stdout.
    Failed,
}

static PAGER: Mutex<State> = Mutex::new(State::Off);

/// Turns the pager on for this run (called once, before any output).
pub fn enable(command: String) {
    let c = command.trim();
    if c.is_empty() || c == "cat" {
        return;
    }
    if let Ok(mut s) = PAGER.lock() {
        *s = State::Ready(c.to_owned());
    }
}

/// The pager in effect for a terminal: `LHS_PAGER`, the configuration's `pager`, `PAGER`,
/// default `less -FRX`.
pub fn configured() -> String {
    let from_config = || {
        crate::config::dir()
            .and_then(|d| crate::config::Config::load(&d))
            .ok()
            .and_then(|c| c.pager)
            .ok_or(())
    };
    // An empty variable counts as unset.
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty()).ok_or(());
    env("LHS_PAGER")
        .or_else(|()| from_config())
        .or_else(|()| env("PAGER"))
        .unwrap_or_else(|()| {
            // The default only when `less` is there: a missing pager must not eat the output.
            let found = std::env::var_os("PATH")
                .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join("less").is_file()));
            if found {
                "less -FRX".into()
            } else {
                String::new()
            }
        })
}

/// Writes through the pager when one is on; `Ok(false)` when the caller should write to
/// stdout itself. A pager that quit (the reader has what they wanted) ends the run quietly.
pub fn write(bytes: &[u8]) -> std::io::Result<bool> {
    let Ok(mut state) = PAGER.lock() else {
        return Ok(false);
    };
    if let State::Ready(cmd) = &*state {
        let mut c = Command::new("sh");
        c.arg("-c").arg(cmd).stdin(Stdio::piped());
        if std::env::var_os("LESS").is_none() {
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
