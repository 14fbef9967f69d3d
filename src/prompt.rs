//! Asking people for missing values — only when someone can answer. Off a terminal, with
//! `--no-input`, or with `CI` set, a missing required value is an immediate usage error naming
//! the flag: never a hang. Prompts draw on stderr, so stdout stays data.

use std::io::IsTerminal;

use dialoguer::theme::SimpleTheme;
use dialoguer::{Confirm, Editor, Input, Password, Select};

use crate::error::{CliError, CliResult};

#[derive(Debug, Clone)]
pub struct Prompter {
    interactive: bool,
    /// The configured editor (`lhs config set editor …`), before VISUAL/EDITOR.
    editor: Option<String>,
    /// Why prompts are off, for the error that names what is missing.
    why_not: &'static str,
}

fn failed(e: dialoguer::Error) -> CliError {
    CliError::other(format!("cannot read from the terminal: {e}"))
}

impl Prompter {
    /// Interactive when stdin and stderr are terminals, `--no-input` is off, the
    /// configuration does not say `prompts = off` and `CI` is unset. `editor` is the
    /// configuration's (before `VISUAL`/`EDITOR`).
    pub fn configured(
        no_input: bool,
        prompts_off: bool,
        editor: Option<String>,
        ci: bool,
    ) -> Prompter {
        let terminal = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
        let why_not = if no_input {
            "prompts are off (--no-input)"
        } else if prompts_off {
            "prompts are off (lhs config: prompts off)"
        } else if ci {
            "prompts are off (CI is set)"
        } else if !terminal {
            "no terminal to ask on"
        } else {
            ""
        };
        Prompter {
            interactive: why_not.is_empty(),
            editor,
            why_not,
        }
    }

    pub fn interactive(&self) -> bool {
        self.interactive
    }

    /// The error for values that are missing and cannot be asked for: all of them at once.
    pub fn missing(&self, flags: &[&str]) -> CliError {
        let list = match flags {
            [] => String::new(),
            [one] => (*one).to_owned(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        };
        let pass = if flags.len() > 1 {
            "pass them as flags"
        } else {
            "pass it as a flag"
        };
        CliError::usage(format!("missing {list}; {}: {pass}", self.why_not))
    }

    fn check(&self, flag: &str) -> CliResult<()> {
        if self.interactive {
            Ok(())
        } else {
            Err(self.missing(&[flag]))
        }
    }

    pub fn input(&self, prompt: &str, flag: &str, default: Option<&str>) -> CliResult<String> {
        self.check(flag)?;
        let theme = SimpleTheme;
        let mut i = Input::<String>::with_theme(&theme).with_prompt(prompt);
        if let Some(d) = default {
            i = i.default(d.to_owned());
        }
        i.interact_text().map_err(failed)
    }

    /// Asks until the answer passes `parse`: what can be trimmed is trimmed (surrounding
    /// spaces), and any other bad answer is explained under the prompt and asked again, so a
    /// slip never loses what was chosen before.
    pub fn input_parsed<T>(
        &self,
        prompt: &str,
        flag: &str,
        default: Option<&str>,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> CliResult<T> {
        self.check(flag)?;
        let theme = SimpleTheme;
        let mut i = Input::<String>::with_theme(&theme)
            .with_prompt(prompt)
            .validate_with(|s: &String| parse(s.trim()).map(|_| ()));
        if let Some(d) = default {
            i = i.default(d.to_owned());
        }
        let text = i.interact_text().map_err(failed)?;
        parse(text.trim()).map_err(CliError::usage)
    }

    pub fn password(&self, prompt: &str, flag: &str) -> CliResult<String> {
        self.check(flag)?;
        Password::with_theme(&SimpleTheme)
            .with_prompt(prompt)
            .interact()
            .map_err(failed)
    }

    /// A new password typed twice.
    pub fn new_password(&self, prompt: &str, flag: &str) -> CliResult<String> {
        self.check(flag)?;
        Password::with_theme(&SimpleTheme)
            .with_prompt(prompt)
            .with_confirmation("Repeat it", "the two passwords differ; try again")
            .interact()
            .map_err(failed)
    }

    pub fn select(&self, prompt: &str, flag: &str, items: &[String]) -> CliResult<usize> {
        self.check(flag)?;
        Select::with_theme(&SimpleTheme)
            .with_prompt(prompt)
            .items(items)
            .default(0)
            .interact()
            .map_err(failed)
    }

    /// Asks yes or no (default no); off a terminal the answer must come from `flag`.
    pub fn confirm(&self, prompt: &str, flag: &str) -> CliResult<bool> {
        self.confirm_default(prompt, flag, false)
    }

    /// Asks yes or no, Enter answering `default`. The answer ends with Enter, so the Enter
    /// typed after "y" is not left for the next prompt (it would read it as an empty answer).
    pub fn confirm_default(&self, prompt: &str, flag: &str, default: bool) -> CliResult<bool> {
        self.check(flag)?;
        Confirm::with_theme(&SimpleTheme)
            .with_prompt(prompt)
            .default(default)
            .wait_for_newline(true)
            .interact()
            .map_err(failed)
    }

    /// Opens `$VISUAL`/`$EDITOR` on `template`; lines starting with `#` are dropped.
    pub fn editor(&self, flag: &str, template: &str) -> CliResult<String> {
        self.check(flag)?;
        let mut ed = Editor::new();
        // The configured editor first; without one the launcher takes VISUAL, then EDITOR.
        if let Some(e) = &self.editor {
            ed.executable(e);
        }
        let text = ed.edit(template).map_err(failed)?.unwrap_or_default();
        let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        Ok(kept.join("\n").trim().to_owned())
    }
}

/// Reads all of standard input (for `--…-file -`).
pub fn read_stdin_all() -> CliResult<String> {
    use std::io::Read;
    let mut s = String::new();
    std::io::stdin()
        .read_to_string(&mut s)
        .map_err(|e| CliError::other(format!("cannot read standard input: {e}")))?;
    Ok(s)
}

/// Reads lines from standard input for `--password-stdin` and friends.
pub struct StdinLines {
    lines: std::io::Lines<std::io::StdinLock<'static>>,
}

impl StdinLines {
    pub fn new() -> StdinLines {
        use std::io::BufRead;
        StdinLines {
            lines: std::io::stdin().lock().lines(),
        }
    }

    /// A new password from the next line, checked against the portal's policy before sending.
    pub fn new_password(&mut self, flag: &str) -> CliResult<String> {
        let p = self.next(flag)?;
        crate::domain::validate::password(&p).map_err(CliError::invalid)?;
        Ok(p)
    }

    /// The next line (without its newline), or a usage error naming what was expected.
    pub fn next(&mut self, what: &str) -> CliResult<String> {
        match self.lines.next() {
            Some(Ok(l)) => {
                let l = l.trim_end_matches('\r').to_owned();
                if l.is_empty() {
                    Err(CliError::usage(format!(
                        "{what}: empty line on standard input"
                    )))
                } else {
                    Ok(l)
                }
            }
            Some(Err(e)) => Err(CliError::other(format!("cannot read standard input: {e}"))),
            None => Err(CliError::usage(format!(
                "{what}: nothing on standard input"
            ))),
        }
    }
}

impl Default for StdinLines {
    fn default() -> Self {
        Self::new()
    }
}
