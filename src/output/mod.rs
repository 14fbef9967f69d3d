//! Rendering: one `Serialize` value per result, shown as a table (comfy-table), JSON or CSV.
//! Data goes to stdout; confirmations, progress and hints go to stderr. Output makes sense
//! without colour, and a closed pipe (`lhs … | head`) ends the program quietly.
//!
//! CSV is made from the same serialised value as JSON: the same keys as columns (nested
//! objects flattened as `parent.key`), canonical values (`inserito`, RFC 3339 times), empty
//! cells for "no value", and every cell a spreadsheet would run as a formula defused with a
//! leading `'` ([`csv_cell`]). Only lists have a CSV form.

pub mod browser;
pub mod jq;
pub mod pager;
pub mod progress;
pub mod stream;
pub mod table;

use std::io::{IsTerminal, Write};

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
    /// Columns left out first when a terminal is too narrow for all of them.
    fn drop_first() -> &'static [&'static str] {
        &[]
    }
    /// Columns never cut on a terminal (they wrap instead): the one that explains a row's
    /// outcome.
    fn keep() -> &'static [&'static str] {
        &[]
    }
}

#[derive(Debug, Clone)]
pub struct Output {
    pub format: Format,
    pub quiet: bool,
    stdout_tty: bool,
    stderr_tty: bool,
    /// Colour on stdout: a terminal and no `NO_COLOR`, or `CLICOLOR_FORCE`.
    color: bool,
    /// `COLUMNS`, when set: the width tables fit (else the terminal's).
    columns: Option<usize>,
    /// `--json a,b`: the fields kept in each object.
    fields: Option<Vec<String>>,
    /// `--jq EXPR`.
    jq: Option<String>,
}

/// Writes to stdout; a broken pipe exits 0 at once (the reader has what it wanted).
pub fn write_stdout(bytes: &[u8]) -> CliResult<()> {
    match pager::write(bytes) {
        Ok(true) => return Ok(()),
        Ok(false) => {}
        Err(e) => return Err(CliError::other(format!("cannot write to the pager: {e}"))),
    }
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => Err(CliError::other(format!("cannot write output: {e}"))),
    }
}

impl Output {
    /// The output in `format`; colour and width as the environment resolved them.
    pub fn new(format: Format, quiet: bool, env: &crate::settings::Env) -> Output {
        Output {
            format,
            quiet,
            stdout_tty: std::io::stdout().is_terminal(),
            stderr_tty: std::io::stderr().is_terminal(),
            color: env.color(std::io::stdout().is_terminal()),
            columns: env.columns,
            fields: None,
            jq: None,
        }
    }

    /// `--json FIELDS` and `--jq EXPR`.
    #[must_use]
    pub fn with_json(mut self, fields: Option<Vec<String>>, jq: Option<String>) -> Output {
        self.fields = fields;
        self.jq = jq;
        self
    }

    /// Whether the JSON must be seen whole before anything is written (`--jq`).
    pub fn jq(&self) -> Option<&str> {
        self.jq.as_deref()
    }

    /// The value with only the `--json` fields of each object (in the order asked); an unknown
    /// field is a usage error listing the real ones.
    pub fn select(&self, value: serde_json::Value) -> CliResult<serde_json::Value> {
        let Some(fields) = &self.fields else {
            return Ok(value);
        };
        match value {
            serde_json::Value::Array(items) => Ok(serde_json::Value::Array(
                items
                    .into_iter()
                    .map(|v| self.select(v))
                    .collect::<CliResult<_>>()?,
            )),
            serde_json::Value::Object(mut map) => {
                let unknown: Vec<&String> =
                    fields.iter().filter(|f| !map.contains_key(*f)).collect();
                if !unknown.is_empty() {
                    let mut valid: Vec<&String> = map.keys().collect();
                    valid.sort();
                    return Err(CliError::usage(format!(
                        "unknown JSON field{} {}; the fields are: {}",
                        if unknown.len() == 1 { "" } else { "s" },
                        unknown
                            .iter()
                            .map(|f| format!("`{f}`"))
                            .collect::<Vec<_>>()
                            .join(", "),
                        valid
                            .iter()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )));
                }
                let mut out = serde_json::Map::new();
                for f in fields {
                    if let Some(v) = map.remove(f) {
                        out.insert(f.clone(), v);
                    }
                }
                Ok(serde_json::Value::Object(out))
            }
            other => Ok(other),
        }
    }

    /// JSON text of a value after `--json FIELDS` and `--jq`: pretty JSON, or jq's lines.
    pub fn json_text(&self, value: serde_json::Value) -> CliResult<String> {
        let value = self.select(value)?;
        if let Some(code) = &self.jq {
            let mut s = jq::run(code, &value)?.join("\n");
            if !s.is_empty() {
                s.push('\n');
            }
            return Ok(s);
        }
        let mut s =
            serde_json::to_string_pretty(&value).map_err(|e| CliError::other(e.to_string()))?;
        s.push('\n');
        Ok(s)
    }

    pub fn is_json(&self) -> bool {
        self.format == Format::Json
    }

    pub fn stdout_is_terminal(&self) -> bool {
        self.stdout_tty
    }

    pub fn stderr_is_terminal(&self) -> bool {
        self.stderr_tty
    }

    pub fn print(&self, text: &str) -> CliResult<()> {
        write_stdout(text.as_bytes())
    }

    pub fn json<T: Serialize + ?Sized>(&self, value: &T) -> CliResult<()> {
        let v = serde_json::to_value(value).map_err(|e| CliError::other(e.to_string()))?;
        write_stdout(self.json_text(v)?.as_bytes())
    }

    /// A list in the chosen format.
    pub fn list<T: Tabular>(&self, rows: &[T]) -> CliResult<()> {
        match self.format {
            Format::Json => self.json(rows),
            Format::Csv => write_stdout(&csv_rows(rows)?),
            Format::Table => {
                if rows.is_empty() {
                    return Ok(());
                }
                let cells: Vec<Vec<String>> = rows.iter().map(Tabular::cells).collect();
                self.print(&self.table_text(T::headers(), &cells, true, T::drop_first(), T::keep()))
            }
        }
    }

    /// One object: JSON for `--json`, otherwise `key: value` lines. (Objects have no CSV
    /// form: `--format csv` is refused before such a command runs.)
    pub fn object<T: Serialize>(&self, value: &T, fields: &[(&str, String)]) -> CliResult<()> {
        match self.format {
            Format::Json => self.json(value),
            Format::Csv | Format::Table => {
                let width = fields.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
                let mut s = String::new();
                for (k, v) in fields {
                    s.push_str(&format!("{k:<width$}  {v}\n"));
                }
                self.print(&s)
            }
        }
    }

    /// Rows as a table on a terminal (fitting its width, `header` on top) or tab-separated
    /// records in a pipe.
    pub fn table_text(
        &self,
        headers: &[&str],
        rows: &[Vec<String>],
        header: bool,
        drop: &[&str],
        keep: &[&str],
    ) -> String {
        table::render(
            headers,
            rows,
            header,
            drop,
            keep,
            table::Style {
                terminal: self.stdout_tty,
                width: terminal_width(self.columns),
                color: self.color,
            },
        )
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

    /// The notes after a list: that nothing came (`empty`, not with JSON), and that it was cut
    /// at `shown` rows with how to see the rest (lists never truncate silently).
    pub fn list_notes(&self, shown: usize, more: bool, (one, many): (&str, &str), empty: &str) {
        if shown == 0 && !self.is_json() {
            self.note(empty);
        }
        if more {
            self.note(&format!(
                "Showing {}; there are more: use --limit N or --all to see them.",
                count(shown, one, many)
            ));
        }
    }

    /// A warning: always shown.
    pub fn warn(&self, msg: &str) {
        eprintln!("warning: {msg}");
    }
}

/// A CSV cell as a spreadsheet will read it safely: a cell starting with `=`, `+`, `-`, `@`,
/// a tab or a carriage return would run as a formula, so it gets a leading `'` (numbers such
/// as `-30` are left alone: they are not formulas). `lhs users import` removes exactly that
/// prefix again ([`csv_uncell`]).
pub fn csv_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<f64>().is_err() {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Undoes [`csv_cell`]: a leading `'` followed by a formula character is removed; any other
/// text is kept as it is.
pub fn csv_uncell(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

fn scalar(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Flattens one serialised row into `(column, cell)` pairs: nested objects one level deep as
/// `parent.key`, arrays as compact JSON.
fn flatten(v: serde_json::Value) -> Vec<(String, String)> {
    let serde_json::Value::Object(map) = v else {
        return vec![("value".into(), scalar(&v))];
    };
    let mut out = Vec::new();
    for (k, v) in map {
        match v {
            serde_json::Value::Object(inner) => {
                for (ik, iv) in inner {
                    out.push((format!("{k}.{ik}"), scalar(&iv)));
                }
            }
            other => out.push((k, scalar(&other))),
        }
    }
    out
}

/// Rows as CSV with the JSON keys as header.
pub fn csv_rows<T: Serialize>(rows: &[T]) -> CliResult<Vec<u8>> {
    csv_page(rows, &mut None)
}

/// Rows as CSV; the header (the first row's keys) is written when `header` is still None,
/// then kept there so later pages line up under it.
pub(crate) fn csv_page<T: Serialize>(
    rows: &[T],
    header: &mut Option<Vec<String>>,
) -> CliResult<Vec<u8>> {
    let err = |e: &dyn std::fmt::Display| CliError::other(format!("cannot write CSV: {e}"));
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        let cells = flatten(serde_json::to_value(r).map_err(|e| err(&e))?);
        if header.is_none() {
            let h: Vec<String> = cells.iter().map(|(k, _)| k.clone()).collect();
            w.write_record(&h).map_err(|e| err(&e))?;
            *header = Some(h);
        }
        let h = header.as_ref().expect("set above");
        let record: Vec<String> = h
            .iter()
            .map(|col| {
                cells
                    .iter()
                    .find(|(k, _)| k == col)
                    .map(|(_, v)| csv_cell(v).into_owned())
                    .unwrap_or_default()
            })
            .collect();
        w.write_record(&record).map_err(|e| err(&e))?;
    }
    w.into_inner().map_err(|e| err(&e))
}

/// The one rule for every command that writes a file the user named or a download: an
/// existing file is kept unless `--force`; `elsewhere` names the flag that writes somewhere
/// else (`--dir`, `-o`).
pub fn refuse_overwrite(path: &std::path::Path, force: bool, elsewhere: &str) -> CliResult<()> {
    if force || !path.exists() {
        return Ok(());
    }
    Err(crate::error::CliError::new(
        crate::error::Kind::Conflict,
        format!("{} already exists", path.display()),
    )
    .hint(format!(
        "pass --force to overwrite it, or {elsewhere} to write elsewhere"
    )))
}

/// `1 ticket`, `2 tickets`: a count with its noun in the right number.
pub fn count(n: impl std::fmt::Display, one: &str, many: &str) -> String {
    let n = n.to_string();
    format!("{n} {}", if n == "1" { one } else { many })
}

/// Quotes a word for a shell command line when it needs it (commands shown in hints and in
/// the demo).
pub fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:@%+=,".contains(c))
    {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// The width to fit: `columns` (`COLUMNS`) when set, else asked of the terminal, else 80.
pub fn terminal_width(columns: Option<usize>) -> usize {
    columns
        .or_else(|| {
            comfy_table::Table::new()
                .width()
                .map(usize::from)
                .filter(|w| *w >= 20)
        })
        .unwrap_or(80)
}

/// A size for people: `812 B`, `14.2 KB`, `3.4 MB`, `1.2 GB` (powers of 1024).
pub fn human_bytes(n: u64) -> String {
    #[allow(clippy::cast_precision_loss)]
    let f = n as f64;
    match n {
        0..1024 => format!("{n} B"),
        1024..1_048_576 => format!("{:.1} KB", f / 1024.0),
        1_048_576..1_073_741_824 => format!("{:.1} MB", f / 1_048_576.0),
        _ => format!("{:.1} GB", f / 1_073_741_824.0),
    }
}

/// A time for people: in the local zone (`TZ` honoured), with the zone shown — `UTC` or the
/// offset, e.g. `2026-11-24 09:45 +01:00`. JSON keeps RFC 3339 UTC.
pub fn when(ts: Option<&str>) -> String {
    match ts {
        None => "-".into(),
        Some(t) => chrono::DateTime::parse_from_rfc3339(t).map_or_else(
            |_| t.to_owned(),
            |d| {
                let local = d.with_timezone(&chrono::Local);
                if local.offset().local_minus_utc() == 0 {
                    local.format("%Y-%m-%d %H:%M UTC").to_string()
                } else {
                    local.format("%Y-%m-%d %H:%M %:z").to_string()
                }
            },
        ),
    }
}

pub fn or_dash(s: Option<&str>) -> String {
    s.filter(|s| !s.is_empty()).unwrap_or("-").to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_restored() {
        for cell in [
            "=cmd|' /C calc'!A0",
            "+1+1",
            "@SUM(1+1)",
            "-2+3",
            "\tx",
            "\rx",
        ] {
            let safe = csv_cell(cell);
            assert!(safe.starts_with('\''), "{cell}");
            assert_eq!(csv_uncell(&safe), cell);
        }
        for cell in ["-30", "+39", "plain", "'Ndrangheta", "", "1e3"] {
            assert_eq!(csv_cell(cell), cell);
            assert_eq!(csv_uncell(cell), cell);
        }
    }

    #[derive(Serialize)]
    struct Row {
        number: i64,
        state: &'static str,
        closed_at: Option<String>,
        perms: std::collections::BTreeMap<String, String>,
    }

    #[test]
    fn csv_has_json_keys_and_empty_for_none() {
        let rows = [Row {
            number: 7,
            state: "inserito",
            closed_at: None,
            perms: [("faq".to_owned(), "read".to_owned())].into(),
        }];
        let text = String::from_utf8(csv_rows(&rows).unwrap()).unwrap();
        assert_eq!(text, "number,state,closed_at,perms.faq\n7,inserito,,read\n");
    }
}
