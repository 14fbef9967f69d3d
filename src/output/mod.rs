//! Rendering: one `Serialize` value per result, shown as a table (comfy-table), JSON or CSV.
//! Data goes to stdout; confirmations, progress and hints go to stderr. Output makes sense
//! without colour, and a closed pipe (`lhs … | head`) ends the program quietly.

pub mod progress;

use std::io::{IsTerminal, Write};

use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;

use crate::error::{CliError, CliResult};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

/// A value that can be a table row: the same type is serialised for `--json`.
pub trait Tabular: Serialize {
    fn headers() -> &'static [&'static str];
    fn cells(&self) -> Vec<String>;
}

#[derive(Debug, Clone)]
pub struct Output {
    pub format: Format,
    pub quiet: bool,
    stdout_tty: bool,
    stderr_tty: bool,
}

/// Writes to stdout; a broken pipe exits 0 at once (the reader has what it wanted).
pub fn write_stdout(bytes: &[u8]) -> CliResult<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => Err(CliError::other(format!("cannot write output: {e}"))),
    }
}

impl Output {
    pub fn new(format: Format, quiet: bool) -> Output {
        Output {
            format,
            quiet,
            stdout_tty: std::io::stdout().is_terminal(),
            stderr_tty: std::io::stderr().is_terminal(),
        }
    }

    pub fn is_json(&self) -> bool {
        self.format == Format::Json
    }

    pub fn stderr_is_terminal(&self) -> bool {
        self.stderr_tty
    }

    pub fn print(&self, text: &str) -> CliResult<()> {
        write_stdout(text.as_bytes())
    }

    pub fn json<T: Serialize + ?Sized>(&self, value: &T) -> CliResult<()> {
        let mut s =
            serde_json::to_string_pretty(value).map_err(|e| CliError::other(e.to_string()))?;
        s.push('\n');
        write_stdout(s.as_bytes())
    }

    /// A list in the chosen format.
    pub fn list<T: Tabular>(&self, rows: &[T]) -> CliResult<()> {
        match self.format {
            Format::Json => self.json(rows),
            Format::Csv => {
                let mut w = csv::Writer::from_writer(Vec::new());
                let err = |e: csv::Error| CliError::other(e.to_string());
                w.write_record(T::headers()).map_err(err)?;
                for r in rows {
                    w.write_record(r.cells()).map_err(err)?;
                }
                let bytes = w.into_inner().map_err(|e| CliError::other(e.to_string()))?;
                write_stdout(&bytes)
            }
            Format::Table => {
                if rows.is_empty() {
                    return Ok(());
                }
                let mut t = self.table();
                t.set_header(T::headers().iter().map(std::borrow::ToOwned::to_owned));
                for r in rows {
                    t.add_row(r.cells());
                }
                self.print(&format!("{t}\n"))
            }
        }
    }

    /// One object: JSON for `--json`, otherwise `key: value` lines (CSV: a two-column table).
    pub fn object<T: Serialize>(&self, value: &T, fields: &[(&str, String)]) -> CliResult<()> {
        match self.format {
            Format::Json => self.json(value),
            Format::Csv => {
                let mut w = csv::Writer::from_writer(Vec::new());
                let err = |e: csv::Error| CliError::other(e.to_string());
                w.write_record(["field", "value"]).map_err(err)?;
                for (k, v) in fields {
                    w.write_record([*k, v.as_str()]).map_err(err)?;
                }
                write_stdout(&w.into_inner().map_err(|e| CliError::other(e.to_string()))?)
            }
            Format::Table => {
                let width = fields.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
                let mut s = String::new();
                for (k, v) in fields {
                    s.push_str(&format!("{k:<width$}  {v}\n"));
                }
                self.print(&s)
            }
        }
    }

    /// A table styled for where it goes: boxed on a terminal, plain aligned columns in a pipe.
    pub fn table(&self) -> Table {
        let mut t = Table::new();
        if self.stdout_tty {
            t.load_preset(presets::UTF8_HORIZONTAL_ONLY)
                .set_content_arrangement(ContentArrangement::Dynamic);
        } else {
            t.load_preset(presets::NOTHING)
                .set_content_arrangement(ContentArrangement::Disabled);
        }
        t
    }

    /// A confirmation such as "✓ Ticket 1324 closed" (stderr; silent with -q).
    pub fn success(&self, msg: &str) {
        if !self.quiet {
            let mark = if self.stderr_tty { "✓" } else { "ok:" };
            eprintln!("{mark} {msg}");
        }
    }

    /// A note for people (stderr; silent with -q).
    pub fn note(&self, msg: &str) {
        if !self.quiet {
            eprintln!("{msg}");
        }
    }

    /// A warning: always shown.
    pub fn warn(&self, msg: &str) {
        eprintln!("warning: {msg}");
    }
}

/// Timestamps for people: `2024-06-18 14:10` in UTC ("-" for none).
pub fn when(ts: Option<&str>) -> String {
    match ts {
        None => "-".into(),
        Some(t) => chrono::DateTime::parse_from_rfc3339(t)
            .map_or_else(|_| t.to_owned(), |d| d.format("%Y-%m-%d %H:%M").to_string()),
    }
}

pub fn or_dash(s: Option<&str>) -> String {
    s.filter(|s| !s.is_empty()).unwrap_or("-").to_owned()
}
