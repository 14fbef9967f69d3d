//! What the commands of a vtenext portal's modules share (`quotes`, `invoices`, `products`,
//! `services`, `projects`, `contacts`, `company`, `me`, `records`): the modules and the words
//! of the portal's menu, the list flags, and the one shape every record takes in a table, in
//! JSON and in CSV. Each noun's verb files only say which module they read.
//!
//! Values stay as the CRM gives them (`(€)241.000`, `2026-12-07 05:14:17`); JSON and CSV add a
//! machine-readable form beside each money value (`…_amount`, `…_currency`) and date
//! (`…_iso`).

use std::borrow::Cow;
use std::fmt::Write as _;

use clap::Args as ClapArgs;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::context::Context;
use crate::error::{CliError, CliResult, Kind};
use crate::output::{Format, csv_rows, write_stdout};

/// A module of vtenext's customer portal, as lhs names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Module {
    /// vtenext's name (`Quotes`): what its operations take.
    pub name: Cow<'static, str>,
    /// The portal menu's word (`Preventivi`).
    pub menu: &'static str,
    /// The command that reads it.
    pub command: Cow<'static, str>,
    /// One record, several records (`quote`, `quotes`).
    pub one: &'static str,
    pub many: &'static str,
    /// vtenext lists only the contact's (and its company's) records by itself; for the other
    /// modules each listed record is confirmed before it is shown.
    pub scoped: bool,
}

const fn module(
    name: &'static str,
    menu: &'static str,
    command: &'static str,
    one: &'static str,
    many: &'static str,
) -> Module {
    Module {
        name: Cow::Borrowed(name),
        menu,
        command: Cow::Borrowed(command),
        one,
        many,
        scoped: true,
    }
}

impl Module {
    /// `Preventivi (Quotes)`, or vtenext's name alone for a module lhs does not know.
    pub fn title(&self) -> String {
        if self.menu.is_empty() {
            self.name.to_string()
        } else {
            format!("{} ({})", self.menu, self.name)
        }
    }
}

/// The modules vtenext CE 20.04's portal offers, in its menu's order.
pub const MODULES: &[Module] = &[
    module(
        "HelpDesk",
        "Richieste di assistenza",
        "lhs tickets",
        "ticket",
        "tickets",
    ),
    module("Faq", "FAQ", "lhs faq", "FAQ", "FAQ"),
    module("Invoice", "Fatture", "lhs invoices", "invoice", "invoices"),
    module("Quotes", "Preventivi", "lhs quotes", "quote", "quotes"),
    module(
        "Products",
        "Prodotti",
        "lhs products",
        "product",
        "products",
    ),
    module("Services", "Servizi", "lhs services", "service", "services"),
    module(
        "Documents",
        "Documenti",
        "lhs docs",
        "document",
        "documents",
    ),
    module(
        "Contacts",
        "Contatti",
        "lhs contacts",
        "contact",
        "contacts",
    ),
    module("Accounts", "Aziende", "lhs company", "company", "companies"),
    module("Assets", "Beni", "lhs records Assets", "asset", "assets"),
    module(
        "ProjectMilestone",
        "Scadenze",
        "lhs records ProjectMilestone",
        "milestone",
        "milestones",
    ),
    module(
        "ProjectTask",
        "Attività di progetto",
        "lhs records ProjectTask",
        "task",
        "tasks",
    ),
    module(
        "ProjectPlan",
        "Progetti",
        "lhs projects",
        "project",
        "projects",
    ),
];

pub const QUOTES: &Module = &MODULES[3];
pub const INVOICES: &Module = &MODULES[2];
pub const PRODUCTS: &Module = &MODULES[4];
pub const SERVICES: &Module = &MODULES[5];
pub const DOCUMENTS: &Module = &MODULES[6];
pub const CONTACTS: &Module = &MODULES[7];
pub const ACCOUNTS: &Module = &MODULES[8];
pub const PROJECTS: &Module = &MODULES[12];

/// The module a user names: vtenext's name, the menu's word or the lhs noun, in any case
/// (`Quotes`, `preventivi`, `quotes`, `scadenze`). A module lhs does not know (one the CRM's
/// administrators added) is taken by its vtenext name and confirmed record by record.
pub fn find(name: &str) -> Module {
    let n = name.trim();
    MODULES
        .iter()
        .find(|m| {
            m.name.eq_ignore_ascii_case(n)
                || m.menu.eq_ignore_ascii_case(n)
                || m.many.eq_ignore_ascii_case(n)
                || m.command
                    .rsplit(' ')
                    .next()
                    .is_some_and(|c| c.eq_ignore_ascii_case(n))
        })
        .cloned()
        .unwrap_or(Module {
            name: Cow::Owned(n.to_owned()),
            menu: "",
            command: Cow::Owned(format!("lhs records {n}")),
            one: "record",
            many: "records",
            scoped: false,
        })
}

/// What shells complete after `lhs records`: vtenext's names and the menu's one-word names
/// (Scadenze).
pub fn module_names() -> Vec<String> {
    let mut names: Vec<String> = MODULES.iter().map(|m| m.name.to_string()).collect();
    names.extend(
        MODULES
            .iter()
            .filter(|m| !m.menu.contains(' '))
            .map(|m| m.menu.to_owned()),
    );
    names
}

/// The flags of every module's `list`.
#[derive(Debug, Clone, ClapArgs)]
pub struct ListArgs {
    /// Only your own records (the portal's "Mostra: Mio"); by default those of your whole
    /// company, as the portal's "Tutti"
    #[arg(long)]
    pub mine: bool,
    /// Only records with every one of these words in some column (any case)
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Show at most N records
    #[arg(long, short = 'L', value_name = "N", default_value_t = 30, conflicts_with = "all", value_parser = crate::cli::at_least::<u32>(1))]
    pub limit: u32,
    /// Show every record
    #[arg(long)]
    pub all: bool,
}

/// A record as a user names it: its vtenext id (`34`) or its number (`QUO3`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordRef {
    Id(i64),
    Number(String),
}

impl std::fmt::Display for RecordRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RecordRef::Id(id) => write!(f, "{id}"),
            RecordRef::Number(n) => f.write_str(n),
        }
    }
}

pub fn parse_ref(s: &str) -> Result<RecordRef, String> {
    let s = s.trim();
    if let Ok(id) = s.parse::<i64>() {
        return if id > 0 {
            Ok(RecordRef::Id(id))
        } else {
            Err("a record id is a positive number".into())
        };
    }
    if !s.is_empty() && s.len() <= 40 && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Ok(RecordRef::Number(s.to_owned()));
    }
    Err("expected a record id (34) or its number as the portal shows it (QUO3)".into())
}

/// Whether `words` (every one, any case) occur in `text`.
pub fn matches(text: &str, words: Option<&str>) -> bool {
    let Some(words) = words else { return true };
    let text = text.to_lowercase();
    words
        .split_whitespace()
        .all(|w| text.contains(&w.to_lowercase()))
}

/// A key for JSON and CSV from a column label: `Grand Total` → `grand_total`.
pub fn key_of(label: &str) -> String {
    let mut key = String::new();
    for c in label.trim().chars() {
        if c.is_alphanumeric() {
            key.extend(c.to_lowercase());
        } else if !key.is_empty() && !key.ends_with('_') {
            key.push('_');
        }
    }
    let key = key.trim_end_matches('_').to_owned();
    if key.is_empty() { "value".into() } else { key }
}

/// Money as vtenext writes it, `(€)241.000` (the currency's symbol, then the amount as
/// stored): the ISO code when the symbol is a known one (else the symbol), and the amount.
pub fn money(value: &str) -> Option<(String, f64)> {
    let v = value.trim();
    let rest = v.strip_prefix('(')?;
    let (symbol, amount) = rest.split_once(')')?;
    let amount = amount.trim();
    if symbol.is_empty()
        || symbol.chars().count() > 4
        || amount.is_empty()
        || !amount
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
    {
        return None;
    }
    let amount: f64 = amount.parse().ok()?;
    let code = match symbol {
        "€" => "EUR",
        "$" => "USD",
        "£" => "GBP",
        "¥" => "JPY",
        "Fr." | "CHF" => "CHF",
        other => other,
    };
    Some((code.to_owned(), amount))
}

/// A CRM date or time in ISO 8601: `2026-12-07` as it is, `2026-12-07 05:14:17` →
/// `2026-12-07T05:14:17`, `07-12-2026` → `2026-12-07`. An empty date (`0000-00-00`) has none.
pub fn iso_date(value: &str) -> Option<String> {
    let trimmed = value.trim();
    let (date, clock) = match trimmed.split_once(' ') {
        Some((day, time)) => (day, Some(time)),
        None => (trimmed, None),
    };
    let parts: Vec<&str> = date.split(['-', '/']).collect();
    let [first, second, third] = parts.as_slice() else {
        return None;
    };
    let digits = |s: &str, n: usize| s.len() == n && s.chars().all(|c| c.is_ascii_digit());
    let (year, month, day) = if digits(first, 4) && digits(second, 2) && digits(third, 2) {
        (*first, *second, *third)
    } else if digits(first, 2) && digits(second, 2) && digits(third, 4) {
        (*third, *second, *first)
    } else {
        return None;
    };
    let within = |s: &str, lo: u32, hi: u32| s.parse::<u32>().is_ok_and(|n| (lo..=hi).contains(&n));
    if !within(month, 1, 12) || !within(day, 1, 31) || year == "0000" {
        return None;
    }
    match clock {
        None => Some(format!("{year}-{month}-{day}")),
        Some(time) => {
            let hms: Vec<&str> = time.split(':').collect();
            let valid = (2..=3).contains(&hms.len()) && hms.iter().all(|p| digits(p, 2));
            valid.then(|| {
                let secs = hms.get(2).copied().unwrap_or("00");
                format!("{year}-{month}-{day}T{}:{}:{secs}", hms[0], hms[1])
            })
        }
    }
}

/// Puts `value` under `key` with its machine-readable forms beside it.
pub fn put(map: &mut Map<String, Value>, key: &str, value: &str) {
    let mut key = key.to_owned();
    while map.contains_key(&key) {
        key.push('_');
    }
    map.insert(key.clone(), Value::String(value.to_owned()));
    if let Some((currency, amount)) = money(value) {
        map.insert(format!("{key}_amount"), Value::from(amount));
        map.insert(format!("{key}_currency"), Value::String(currency));
    } else if let Some(iso) = iso_date(value) {
        map.insert(format!("{key}_iso"), Value::String(iso));
    }
}

/// A listed record: its id and its columns as text.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub id: i64,
    pub cells: Vec<String>,
}

/// The rows of a list, as a table (an `ID` column, then the portal's columns), a JSON array
/// of objects (`id`, then one key per column with the machine-readable forms) or CSV.
pub fn print_rows(
    ctx: &Context,
    module: &Module,
    head: &[String],
    rows: &[Row],
    more: bool,
) -> CliResult<()> {
    let out = &ctx.out;
    match out.format {
        Format::Table => {
            if !rows.is_empty() {
                let mut headers: Vec<String> = vec!["ID".into()];
                headers.extend(head.iter().map(|h| h.to_uppercase()));
                let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
                let cells: Vec<Vec<String>> = rows
                    .iter()
                    .map(|r| {
                        let mut c = vec![r.id.to_string()];
                        c.extend(r.cells.iter().cloned());
                        c
                    })
                    .collect();
                out.print(&out.table_text(
                    &headers,
                    &cells,
                    true,
                    &["ASSIGNED TO", "RELATED TO"],
                    &[],
                ))?;
            }
        }
        Format::Json | Format::Csv => {
            let objects: Vec<Value> = rows
                .iter()
                .map(|r| {
                    let mut m = Map::new();
                    m.insert("id".into(), Value::from(r.id));
                    for (label, cell) in head.iter().zip(&r.cells) {
                        put(&mut m, &key_of(label), cell);
                    }
                    Value::Object(m)
                })
                .collect();
            if out.format == Format::Json {
                out.json(&objects)?;
            } else {
                write_stdout(&csv_rows(&objects)?)?;
            }
        }
    }
    out.list_notes(
        rows.len(),
        more,
        (module.one, module.many),
        &format!("No {} to show.", module.many),
    );
    Ok(())
}

/// One field of a record in JSON.
#[derive(Debug, Clone, Serialize)]
pub struct FieldOut {
    pub name: String,
    pub label: String,
    pub block: String,
    pub value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iso: Option<String>,
    /// Why the value may not be the CRM's (an empty description).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'static str>,
}

/// vtenext's `get_details` joins the shared record table after the module's own and so sends
/// every module's description empty (tickets excepted): said, not passed on as "no
/// description".
pub const DESCRIPTION_NOT_SENT: &str =
    "vtenext's portal sends descriptions empty (its get_details reads them from another table)";

impl FieldOut {
    pub fn new(name: &str, label: &str, block: &str, value: &str) -> FieldOut {
        let m = money(value);
        FieldOut {
            name: name.to_owned(),
            label: label.to_owned(),
            block: block.to_owned(),
            value: value.to_owned(),
            amount: m.as_ref().map(|(_, a)| *a),
            currency: m.map(|(c, _)| c),
            iso: iso_date(value),
            note: (name == "description" && value.trim().is_empty())
                .then_some(DESCRIPTION_NOT_SENT),
        }
    }
}

/// A record as `view --json` prints it; `parts` holds what a module adds (a project's tasks,
/// milestones and tickets).
#[derive(Debug, Clone, Serialize)]
pub struct RecordOut {
    pub id: i64,
    pub module: String,
    pub title: String,
    pub fields: Vec<FieldOut>,
    #[serde(flatten)]
    pub parts: Map<String, Value>,
}

/// A related list inside a record (a project's tasks): JSON objects as in `list`.
pub fn part_json(head: &[String], rows: &[Vec<String>]) -> Value {
    Value::Array(
        rows.iter()
            .map(|r| {
                let mut m = Map::new();
                for (label, cell) in head.iter().zip(r) {
                    put(&mut m, &key_of(label), cell);
                }
                Value::Object(m)
            })
            .collect(),
    )
}

/// A value with nothing to show: empty, or the CRM's empty date (`0000-00-00 00:00:00`).
fn blank(value: &str) -> bool {
    let v = value.trim();
    v.is_empty() || v.starts_with("0000-00-00")
}

/// A related list shown inside a record (a project's tasks): its title, columns and rows.
pub struct Section<'a> {
    pub title: &'a str,
    pub head: &'a [String],
    pub rows: &'a [Vec<String>],
}

/// A record as text: its title, then its non-empty fields block by block, then its sections.
pub fn record_text(r: &RecordOut, module: &Module, parts: &[Section<'_>]) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{} · {} {}", r.title, module.title(), r.id);
    let width = r
        .fields
        .iter()
        .filter(|f| !blank(&f.value))
        .map(|f| unicode_width::UnicodeWidthStr::width(f.label.as_str()))
        .max()
        .unwrap_or(0);
    let mut block = "";
    let mut hidden = 0;
    for f in &r.fields {
        if blank(&f.value) {
            hidden += 1;
            continue;
        }
        if f.block != block {
            block = &f.block;
            let _ = writeln!(o, "\n{block}");
        }
        let pad = width - unicode_width::UnicodeWidthStr::width(f.label.as_str());
        let mut lines = f.value.lines();
        let _ = writeln!(
            o,
            "  {}{}  {}",
            f.label,
            " ".repeat(pad),
            lines.next().unwrap_or("")
        );
        for line in lines {
            let _ = writeln!(o, "  {}  {line}", " ".repeat(width));
        }
    }
    for Section { title, head, rows } in parts {
        let _ = writeln!(o, "\n{title} ({})", rows.len());
        for row in *rows {
            let cells: Vec<String> = head
                .iter()
                .zip(row)
                .filter(|(_, c)| !c.trim().is_empty())
                .map(|(h, c)| format!("{h}: {c}"))
                .collect();
            let _ = writeln!(o, "  {}", cells.join(" · "));
        }
    }
    if hidden > 0 {
        let _ = writeln!(
            o,
            "\n({hidden} empty fields not shown; --json has every field)"
        );
    }
    o
}

/// The refusal of a module the contact may not see: exit 4, naming the module.
pub fn not_enabled(module: &Module, host: &str) -> CliError {
    CliError::new(
        Kind::Permission,
        format!("{} is not enabled for your contact on the vtenext portal {host}", module.title()),
    )
    .hint("the CRM's administrators choose what its customer portal shows; `lhs records` lists the modules you have")
}

/// The refusal of a record that is not among those the contact can list: exit 5, as another
/// company's ticket is.
pub fn not_found(module: &Module, r: &RecordRef, host: &str) -> CliError {
    CliError::new(
        Kind::NotFound,
        format!("no {} {r} among those you can see on {host}", module.one),
    )
    .hint(format!("list them with `{} list`", module.command))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_and_dates_get_a_machine_form() {
        assert_eq!(money("(€)241.000"), Some(("EUR".into(), 241.0)));
        assert_eq!(money("($)-3.5"), Some(("USD".into(), -3.5)));
        assert_eq!(money("(€)"), None);
        assert_eq!(money("241.000"), None);
        assert_eq!(iso_date("2026-11-30").as_deref(), Some("2026-11-30"));
        assert_eq!(
            iso_date("2026-12-07 05:14:17").as_deref(),
            Some("2026-12-07T05:14:17")
        );
        assert_eq!(iso_date("07-12-2026").as_deref(), Some("2026-12-07"));
        assert_eq!(iso_date("0000-00-00 00:00:00"), None);
        assert_eq!(iso_date("QUO3"), None);
        assert_eq!(iso_date("50%"), None);
        let mut m = Map::new();
        put(&mut m, &key_of("Grand Total"), "(€)241.000");
        assert_eq!(m["grand_total_amount"], Value::from(241.0));
        assert_eq!(m["grand_total_currency"], "EUR");
        assert_eq!(key_of("Qty/Unit"), "qty_unit");
    }

    #[test]
    fn modules_are_found_by_any_of_their_names() {
        assert_eq!(find("preventivi").name, "Quotes");
        assert_eq!(find("Scadenze").name, "ProjectMilestone");
        assert_eq!(find("quotes").name, "Quotes");
        assert_eq!(find("company").name, "Accounts");
        let other = find("Potentials");
        assert_eq!(other.name, "Potentials");
        assert!(!other.scoped);
        assert_eq!(parse_ref("QUO3"), Ok(RecordRef::Number("QUO3".into())));
        assert_eq!(parse_ref("34"), Ok(RecordRef::Id(34)));
        assert!(parse_ref("0").is_err());
    }
}
