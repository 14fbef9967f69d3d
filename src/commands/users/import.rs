//! `lhs users import`: provisions users from a CSV file. The whole file is validated before
//! anything is sent; the plan compares each row with the portal; creations and updates run
//! concurrently behind a progress bar; re-running the same file creates nothing twice.

use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;
use tokio::sync::Semaphore;

use crate::api::ApiClient;
use crate::context::Context;
use crate::domain::sheet::{self, Plan};
use crate::error::{CliError, CliResult, Kind};
use crate::output::Tabular;
use crate::wire::User;

/// Create users from a CSV file
///
/// Columns: name,surname,email,account (or nome,cognome,email,account), optional password
/// (used only when creating; without it the user is mailed an invitation code to choose
/// one), active/attivo, language/lingua, and one column per permission area (e.g.
/// assistenza, acquisti; empty cell = default). Separated by commas, semicolons or tabs
/// (found from the header); UTF-8 with or without BOM, UTF-16 (Excel's "Unicode text") or
/// Windows-1252 (Excel's plain "CSV", said so when read).
///
/// Users that already exist are `unchanged` when they match, `skipped` when they differ
/// (pass --update to apply the file), so running the same file twice creates nothing twice.
/// The exit code is non-zero if any row failed.
///
/// Examples:
///   lhs users import staff.csv --dry-run
///   lhs users import staff.csv --update --json > report.json
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The CSV file; `-` reads standard input
    pub file: PathBuf,
    /// Validate and print the plan; change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Update existing users whose names, e-mail, active flag or permissions differ
    #[arg(long)]
    pub update: bool,
    /// How many requests at once
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = crate::cli::between::<u16>(1, 32))]
    pub concurrency: u16,
}

/// One line of the report (`--json`: an array of these).
#[derive(Debug, Clone, Serialize)]
pub struct RowResult {
    pub row: usize,
    pub account: String,
    /// Dry run: create, update, unchanged, skip, error.
    /// Otherwise: created, updated, unchanged, skipped, error.
    pub result: &'static str,
    pub error: Option<String>,
    #[serde(skip)]
    kind: Option<Kind>,
}

impl Tabular for RowResult {
    fn headers() -> &'static [&'static str] {
        &["ROW", "ACCOUNT", "RESULT", "DETAIL"]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.row.to_string(),
            self.account.clone(),
            self.result.to_owned(),
            self.error.clone().unwrap_or_default(),
        ]
    }
    fn keep() -> &'static [&'static str] {
        &["DETAIL"]
    }
}

/// Why a row that differs from its user is left alone.
fn skip_reason(diff: &[&str]) -> String {
    format!(
        "exists with a different {}; pass --update to apply the file",
        diff.join(", ")
    )
}

async fn apply(client: &ApiClient, plan: Plan) -> RowResult {
    let (u, result) = match plan {
        Plan::Unchanged(u) => (u, Ok("unchanged")),
        Plan::Skip(u, diff) => {
            return RowResult {
                row: u.row,
                account: u.account,
                result: "skipped",
                error: Some(skip_reason(&diff)),
                kind: None,
            };
        }
        Plan::Create(u) => {
            let r = client
                .create_user(&u.create_request())
                .await
                .map(|_| "created");
            (u, r)
        }
        Plan::Update(u) => {
            let r = client
                .update_user(&u.account, &u.update_request())
                .await
                .map(|_| "updated");
            (u, r)
        }
    };
    match result {
        Ok(result) => RowResult {
            row: u.row,
            account: u.account,
            result,
            error: None,
            kind: None,
        },
        Err(e) => RowResult {
            row: u.row,
            account: u.account,
            result: "error",
            error: Some(e.message),
            kind: Some(e.kind),
        },
    }
}

fn read_file(ctx: &Context, path: &PathBuf) -> CliResult<String> {
    let bytes = if path.as_os_str() == "-" {
        use std::io::Read;
        let mut b = Vec::new();
        std::io::stdin()
            .read_to_end(&mut b)
            .map_err(|e| CliError::other(format!("cannot read standard input: {e}")))?;
        b
    } else {
        std::fs::read(path).map_err(|e| {
            CliError::new(
                Kind::NotFound,
                format!("cannot read {}: {e}", path.display()),
            )
        })?
    };
    Ok(decode(ctx, path, bytes))
}

/// UTF-8 (with or without BOM); UTF-16 (what Excel's "Unicode text" saves: with a BOM, or
/// recognised by its NUL bytes); or — what Excel's plain "CSV" saves in Italy — Windows-1252,
/// which is read and said so (every byte sequence is valid Windows-1252, so nothing is refused).
fn decode(ctx: &Context, path: &std::path::Path, bytes: Vec<u8>) -> String {
    let (text, how) = sheet::decode(bytes);
    match how {
        sheet::Decoded::Utf8 => {}
        sheet::Decoded::Utf16 { name, lossy } => ctx.out.note(&format!(
            "{} is {name}: read as such{}",
            path.display(),
            if lossy {
                " (some characters could not be read and show as �)"
            } else {
                ""
            }
        )),
        sheet::Decoded::Windows1252 => ctx.out.note(&format!(
            "{} is not UTF-8: read as Windows-1252 (Excel's \"CSV\"); save as \"CSV UTF-8\" to avoid the guess",
            path.display()
        )),
    }
    text
}

/// The rows' results: all of them for scripts (a pipe, --json, CSV); on a terminal only the
/// rows that need attention — the summary line tells the rest.
fn report(ctx: &Context, rows: &mut [RowResult]) -> CliResult<()> {
    rows.sort_by_key(|r| r.row);
    if ctx.out.format == crate::output::Format::Table && ctx.out.stdout_is_terminal() {
        let attention: Vec<&RowResult> = rows
            .iter()
            .filter(|r| matches!(r.result, "error" | "skipped" | "skip"))
            .collect();
        if attention.is_empty() {
            return Ok(());
        }
        let cells: Vec<Vec<String>> = attention.iter().map(|r| r.cells()).collect();
        return ctx.out.print(&ctx.out.table_text(
            RowResult::headers(),
            &cells,
            true,
            &[],
            RowResult::keep(),
        ));
    }
    ctx.out.list(rows)
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let text = read_file(ctx, &args.file)?;
    let sheet = sheet::parse(&text).map_err(|e| {
        CliError::invalid(format!(
            "{}: row {}: {}",
            args.file.display(),
            e.row,
            e.message
        ))
    })?;
    let client = ctx.client()?;
    let existing: Vec<User> = client.users(&crate::api::UserQuery::default()).await?;
    let mut rows: Vec<RowResult> = sheet
        .errors
        .iter()
        .map(|e| RowResult {
            row: e.row,
            account: e.account.clone(),
            result: "error",
            error: Some(e.message.clone()),
            kind: Some(Kind::Invalid),
        })
        .collect();
    let plans = sheet::plan(sheet.users, &existing, args.update);
    if args.dry_run || !sheet.errors.is_empty() {
        for p in &plans {
            let (u, result, detail) = match p {
                Plan::Create(u) => (u, "create", None),
                Plan::Update(u) => (u, "update", None),
                Plan::Unchanged(u) => (u, "unchanged", None),
                Plan::Skip(u, diff) => (u, "skip", Some(skip_reason(diff))),
            };
            rows.push(RowResult {
                row: u.row,
                account: u.account.clone(),
                result,
                error: detail,
                kind: None,
            });
        }
        report(ctx, &mut rows)?;
        if !sheet.errors.is_empty() {
            return Err(CliError::invalid(format!(
                "{} in {} {} invalid; nothing was sent",
                match sheet.errors.len() {
                    1 => "1 row".to_owned(),
                    n => format!("{n} of the rows"),
                },
                args.file.display(),
                if sheet.errors.len() == 1 { "is" } else { "are" }
            ))
            .hint("fix the rows listed above and run the import again (--dry-run to check)"));
        }
        let count = |r: &str| rows.iter().filter(|x| x.result == r).count();
        ctx.out.note(&format!(
            "{} to create, {} to update, {} unchanged, {} to skip",
            count("create"),
            count("update"),
            count("unchanged"),
            count("skip")
        ));
        ctx.out.note("Dry run: nothing was changed.");
        return Ok(());
    }
    let total = plans.len() as u64;
    let bar = crate::output::progress::bar(&ctx.out, total, "Importing users");
    let sem = Arc::new(Semaphore::new(usize::from(args.concurrency)));
    let client = Arc::new(client);
    let mut set = tokio::task::JoinSet::new();
    for plan in plans {
        let (sem, client) = (sem.clone(), client.clone());
        set.spawn(async move {
            let _permit = sem.acquire_owned().await.expect("semaphore open");
            apply(&client, plan).await
        });
    }
    while let Some(r) = set.join_next().await {
        rows.push(r.map_err(|e| CliError::other(e.to_string()))?);
        bar.inc(1);
    }
    bar.finish_and_clear();
    report(ctx, &mut rows)?;
    let count = |r: &str| rows.iter().filter(|x| x.result == r).count();
    let failed = count("error");
    ctx.out.note(&format!(
        "{} created, {} updated, {} unchanged, {} skipped, {failed} failed",
        count("created"),
        count("updated"),
        count("unchanged"),
        count("skipped"),
    ));
    if failed > 0 {
        let kinds: Vec<Kind> = rows.iter().filter_map(|r| r.kind).collect();
        let kind = match kinds.first() {
            Some(k) if kinds.iter().all(|x| x == k) => *k,
            _ => Kind::Other,
        };
        return Err(CliError::new(
            kind,
            format!("{failed} rows failed; see the report above"),
        ));
    }
    Ok(())
}
