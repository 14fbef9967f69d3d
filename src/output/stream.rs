//! Lists written as they arrive: a page at a time, in constant memory, in every format — a
//! JSON array (opened at the first page, closed at the end), CSV (the header with the first
//! row), or tables (one per page). `Output::list` is the one-page case.

use super::{Format, Output, Tabular, csv_page, write_stdout};
use crate::error::{CliError, CliResult};

pub struct ListStream<'a> {
    out: &'a Output,
    rows: usize,
    csv_header: Option<Vec<String>>,
    /// With `--jq` the filter sees the whole array: rows wait here.
    held: Vec<serde_json::Value>,
}

impl<'a> ListStream<'a> {
    pub fn new(out: &'a Output) -> ListStream<'a> {
        ListStream {
            out,
            rows: 0,
            csv_header: None,
            held: Vec::new(),
        }
    }

    /// Rows written so far.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Writes one page.
    pub fn page<T: Tabular>(&mut self, rows: &[T]) -> CliResult<()> {
        let mut buf = Vec::new();
        match self.out.format {
            Format::Json if self.out.jq().is_some() => {
                for r in rows {
                    let v = serde_json::to_value(r).map_err(|e| CliError::other(e.to_string()))?;
                    self.held.push(self.out.select(v)?);
                    self.rows += 1;
                }
            }
            Format::Json => {
                for r in rows {
                    buf.extend_from_slice(if self.rows == 0 { b"[\n" } else { b",\n" });
                    let v = serde_json::to_value(r).map_err(|e| CliError::other(e.to_string()))?;
                    let item = serde_json::to_string_pretty(&self.out.select(v)?)
                        .map_err(|e| CliError::other(e.to_string()))?;
                    for (i, line) in item.lines().enumerate() {
                        if i > 0 {
                            buf.push(b'\n');
                        }
                        buf.extend_from_slice(b"  ");
                        buf.extend_from_slice(line.as_bytes());
                    }
                    self.rows += 1;
                }
            }
            Format::Csv => {
                buf = csv_page(rows, &mut self.csv_header)?;
                self.rows += rows.len();
            }
            Format::Table => {
                if !rows.is_empty() {
                    let cells: Vec<Vec<String>> = rows.iter().map(Tabular::cells).collect();
                    buf = self
                        .out
                        .table_text(
                            T::headers(),
                            &cells,
                            self.rows == 0,
                            T::drop_first(),
                            T::keep(),
                        )
                        .into_bytes();
                    self.rows += rows.len();
                }
            }
        }
        if buf.is_empty() {
            Ok(())
        } else {
            write_stdout(&buf)
        }
    }

    /// Closes what needs closing (the JSON array).
    pub fn finish(self) -> CliResult<()> {
        if self.out.jq().is_some() {
            let text = self.out.json_text(serde_json::Value::Array(self.held))?;
            return write_stdout(text.as_bytes());
        }
        if self.out.format == Format::Json {
            write_stdout(if self.rows == 0 { b"[]\n" } else { b"\n]\n" })?;
        }
        Ok(())
    }
}

/// One page of a keyset-paged list as the API answers it: the rows, whether more follow, the
/// cursor of the next page.
pub struct Page<T> {
    pub items: Vec<T>,
    pub has_more: bool,
    pub next_cursor: Option<String>,
}

/// Fetches pages with `fetch(rows wanted, cursor)` and writes each as it arrives, up to
/// `limit` rows (None: every row). Never truncates silently: when more rows exist than were
/// shown, stderr says so naming `--limit` and `--all`; when none came, it notes `empty`.
pub async fn paged<T, F, Fut>(
    out: &Output,
    limit: Option<usize>,
    noun: (&str, &str),
    empty: &str,
    mut fetch: F,
) -> CliResult<()>
where
    T: Tabular,
    F: FnMut(usize, Option<String>) -> Fut,
    Fut: std::future::Future<Output = CliResult<Page<T>>>,
{
    let mut list = ListStream::new(out);
    let mut cursor: Option<String> = None;
    let mut more = false;
    loop {
        let left = limit.map_or(200, |l| (l - list.rows()).min(200));
        let page = fetch(left, cursor.take()).await?;
        list.page(&page.items)?;
        cursor = page.next_cursor;
        if !page.has_more || cursor.is_none() {
            break;
        }
        if limit.is_some_and(|l| list.rows() >= l) {
            more = true;
            break;
        }
    }
    let shown = list.rows();
    list.finish()?;
    out.list_notes(shown, more, noun, empty);
    Ok(())
}
