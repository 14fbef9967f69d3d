//! A vtenext portal's modules beyond tickets, as `lhs docs`, `faq`, `quotes`, `invoices`,
//! `products`, `services`, `projects`, `contacts`, `company`, `records` and `me` show them.
//!
//! Tenancy is decided here, never left to vtenext, which trusts the ids it is given in several
//! places (`get_details` of any contact or of any company, a project's parts and tickets, the
//! documents of any record): a record is shown only when it is among those the contact can
//! list, and anything else is "not found" (exit 5), as another company's ticket is. The lists
//! vtenext does not restrict itself (the company list, modules lhs does not know) are
//! narrowed here: the contact's own company only, or each record confirmed by vtenext's own
//! permission check. A module the portal does not show the contact is exit 4, named.

use std::collections::HashSet;
use std::fmt::Write as _;

use async_trait::async_trait;
use futures_util::stream::{self, StreamExt, TryStreamExt};
use serde::Serialize;
use serde_json::Map;

use super::{CrmPortal, LibraryPortal};
use crate::api::vtenext::records::{Field, Grid};
use crate::api::vtenext::{VteClient, text};
use crate::commands::content::{self, DownloadArgs};
use crate::commands::crm::{self, FieldOut, ListArgs, Module, RecordOut, RecordRef, Row, Section};
use crate::commands::{docs, faq, me};
use crate::context::Context;
use crate::error::{CliError, CliResult, Kind};
use crate::output::{Tabular, or_dash};

/// Exit 4 unless the portal shows `module` to the contact and lets it read it.
async fn enabled(v: &VteClient, module: &Module) -> CliResult<()> {
    let modules = v.modules().await?;
    match modules.iter().find(|(n, _)| *n == module.name) {
        Some((_, true)) => Ok(()),
        _ => Err(crm::not_enabled(module, v.host())),
    }
}

/// The contact's own record id.
fn me_id(v: &VteClient) -> CliResult<i64> {
    v.session()
        .and_then(|s| s.contact_id.parse().ok())
        .ok_or_else(|| CliError::new(Kind::Auth, format!("not logged in to {}", v.host())))
}

/// The contact's own record, field by field.
async fn my_record(v: &VteClient) -> CliResult<Vec<Field>> {
    let id = me_id(v)?;
    v.record("Contacts", id).await?.ok_or_else(|| {
        CliError::new(
            Kind::NotFound,
            format!("vtenext at {} no longer has your contact record", v.host()),
        )
        .hint("ask the CRM's administrators: your portal login has no contact behind it")
    })
}

/// The id of the company the contact belongs to, read from its own record.
async fn my_company(v: &VteClient) -> CliResult<Option<i64>> {
    Ok(my_record(v)
        .await?
        .iter()
        .find(|f| f.name == "account_id")
        .and_then(|f| Grid::id_of(std::slice::from_ref(&f.raw), "Accounts")))
}

/// A listed record with the cells' markup (for links) and text.
struct Listed {
    id: i64,
    raw: Vec<String>,
    cells: Vec<String>,
}

/// The records of `module` the contact may see (its own, or also its company's): the list's
/// columns and rows, each record once.
async fn visible(
    v: &VteClient,
    module: &Module,
    only_mine: bool,
) -> CliResult<(Vec<String>, Vec<Listed>)> {
    let grid = v.grid(&module.name, only_mine).await?;
    let company = if module.name == "Accounts" {
        my_company(v).await?
    } else {
        None
    };
    let mut seen = HashSet::new();
    let listed: Vec<(i64, Vec<String>)> = grid
        .rows
        .into_iter()
        .filter_map(|raw| Some((Grid::id_of(&raw, &module.name)?, raw)))
        .filter(|(id, _)| seen.insert(*id))
        .collect();
    let kept: Vec<Option<(i64, Vec<String>)>> = stream::iter(listed)
        .map(|(id, raw)| async move {
            let keep = match module.name.as_ref() {
                // vtenext lists every company of the CRM here.
                "Accounts" => company == Some(id),
                _ if module.scoped => true,
                // A module lhs does not know may be listed without any restriction:
                // vtenext's own permission check decides each record.
                _ => v.record(&module.name, id).await?.is_some(),
            };
            Ok::<_, CliError>(keep.then_some((id, raw)))
        })
        .buffered(AT_ONCE)
        .try_collect()
        .await?;
    let rows = kept
        .into_iter()
        .flatten()
        .map(|(id, raw)| Listed {
            id,
            cells: raw.iter().map(|c| text::plain(c)).collect(),
            raw,
        })
        .collect();
    Ok((grid.head, rows))
}

/// The row `r` names (its id, or its number in any column) among `rows`.
fn pick<'a>(rows: &'a [Listed], r: &RecordRef) -> Option<&'a Listed> {
    rows.iter().find(|row| match r {
        RecordRef::Id(id) => row.id == *id,
        RecordRef::Number(n) => row.cells.iter().any(|c| c.eq_ignore_ascii_case(n)),
    })
}

/// A record for `view`: the detail fields, then the list's columns the details lack (a quote's
/// grand total), its title from its own link in the list.
fn record_out(module: &Module, head: &[String], row: &Listed, fields: &[Field]) -> RecordOut {
    let mut out: Vec<FieldOut> = fields
        .iter()
        .map(|f| FieldOut::new(&f.name, &f.label, &f.block, &f.value))
        .collect();
    for (label, cell) in head.iter().zip(&row.cells) {
        if !fields.iter().any(|f| f.label.eq_ignore_ascii_case(label)) {
            out.push(FieldOut::new(
                &crm::key_of(label),
                label,
                "In the list",
                cell,
            ));
        }
    }
    let marker = format!("module={}&", module.name);
    let title = row
        .raw
        .iter()
        .zip(&row.cells)
        .find(|(raw, _)| raw.replace("&amp;", "&").contains(&marker))
        .map(|(_, c)| c.clone())
        .filter(|t| !t.is_empty())
        .or_else(|| {
            fields
                .iter()
                .map(|f| f.value.clone())
                .find(|v| !v.is_empty())
        })
        .unwrap_or_default();
    RecordOut {
        id: row.id,
        module: module.name.to_string(),
        title,
        fields: out,
        parts: Map::new(),
    }
}

/// A record of its own kind (the company, the contact) for `view`.
fn own_record(module: &Module, id: i64, title: String, fields: &[Field]) -> RecordOut {
    RecordOut {
        id,
        module: module.name.to_string(),
        title,
        fields: fields
            .iter()
            .map(|f| FieldOut::new(&f.name, &f.label, &f.block, &f.value))
            .collect(),
        parts: Map::new(),
    }
}

fn value_of<'a>(fields: &'a [Field], name: &str) -> &'a str {
    fields
        .iter()
        .find(|f| f.name == name)
        .map_or("", |f| f.value.as_str())
}

fn print_record(
    ctx: &Context,
    r: &RecordOut,
    module: &Module,
    parts: &[Section<'_>],
    after: &str,
) -> CliResult<()> {
    if ctx.out.is_json() {
        return ctx.out.json(r);
    }
    let mut text = crm::record_text(r, module, parts);
    text.push_str(after);
    ctx.out.print(&text)
}

/// A project's related list, or nothing when its module is not shown to the contact.
async fn project_part(
    v: &VteClient,
    enabled: &[(String, bool)],
    module: &str,
    project: i64,
) -> CliResult<Option<Grid>> {
    if !enabled.iter().any(|(n, read)| n == module && *read) {
        return Ok(None);
    }
    let mut grid = if module == "HelpDesk" {
        v.project_tickets(project).await?
    } else {
        v.project_part(project, module).await?
    };
    if module == "HelpDesk" {
        // vtenext lists whatever is related to the project: only the company's tickets stay.
        let ours: HashSet<i64> = v.tickets(false).await?.iter().map(|t| t.id).collect();
        grid.rows
            .retain(|r| Grid::id_of(r, "HelpDesk").is_some_and(|id| ours.contains(&id)));
    }
    Ok(Some(Grid {
        head: grid.head,
        rows: grid
            .rows
            .iter()
            .map(|r| r.iter().map(|c| text::plain(c)).collect())
            .collect(),
    }))
}

#[async_trait]
impl CrmPortal for VteClient {
    async fn modules(&self, ctx: &Context) -> CliResult<()> {
        // The session is checked first: this operation answers for any session.
        if !self.session_is_valid().await? {
            return Err(self.expired());
        }
        let rows: Vec<ModuleRow> = self
            .modules()
            .await?
            .into_iter()
            .map(|(name, read)| {
                let m = crm::find(&name);
                ModuleRow {
                    command: m.command.to_string(),
                    menu: m.menu.to_owned(),
                    module: name,
                    read,
                }
            })
            .collect();
        ctx.out.list(&rows)
    }

    async fn records(&self, ctx: &Context, module: &Module, args: &ListArgs) -> CliResult<()> {
        match module.name.as_ref() {
            "HelpDesk" => {
                return Err(CliError::usage("tickets have their own commands")
                    .hint("lhs tickets list (--mine for your own)"));
            }
            "Documents" => {
                let a = docs::list::Args {
                    list: content_args(args),
                    mine: args.mine,
                    folder: None,
                };
                return self.docs_list(ctx, &a).await;
            }
            "Faq" => {
                let a = faq::list::Args {
                    list: content_args(args),
                };
                return self.faq_list(ctx, &a).await;
            }
            _ => {}
        }
        enabled(self, module).await?;
        let (head, rows) = visible(self, module, args.mine).await?;
        let mut rows: Vec<Row> = rows
            .into_iter()
            .filter(|r| crm::matches(&r.cells.join(" "), args.search.as_deref()))
            .map(|r| Row {
                id: r.id,
                cells: r.cells,
            })
            .collect();
        // Newest first, as every list of lhs (vtenext's ids grow with time).
        rows.sort_by_key(|r| std::cmp::Reverse(r.id));
        let limit = (!args.all).then_some(args.limit as usize);
        let more = limit.is_some_and(|l| rows.len() > l);
        if let Some(l) = limit {
            rows.truncate(l);
        }
        crm::print_rows(ctx, module, &head, &rows, more)
    }

    async fn record(&self, ctx: &Context, module: &Module, r: &RecordRef) -> CliResult<()> {
        match module.name.as_ref() {
            "HelpDesk" => {
                return Err(CliError::usage("tickets have their own commands")
                    .hint(format!("lhs tickets view {r}")));
            }
            "Documents" | "Faq" => {
                let RecordRef::Id(id) = r else {
                    return Err(CliError::usage(format!(
                        "{} are named by their id here",
                        module.many
                    ))
                    .hint(format!("{} list shows the ids", module.command)));
                };
                return if module.name == "Faq" {
                    self.faq_view(ctx, *id).await
                } else {
                    self.docs_view(ctx, *id).await
                };
            }
            _ => {}
        }
        enabled(self, module).await?;
        let (head, rows) = visible(self, module, false).await?;
        let not_found = || crm::not_found(module, r, self.host());
        let row = pick(&rows, r).ok_or_else(not_found)?;
        let fields = self
            .record(&module.name, row.id)
            .await?
            .ok_or_else(not_found)?;
        let mut out = record_out(module, &head, row, &fields);
        if module.name != "ProjectPlan" {
            return print_record(ctx, &out, module, &[], "");
        }
        let shown = self.modules().await?;
        let tasks = project_part(self, &shown, "ProjectTask", row.id).await?;
        let milestones = project_part(self, &shown, "ProjectMilestone", row.id).await?;
        let tickets = project_part(self, &shown, "HelpDesk", row.id).await?;
        let mut parts: Vec<Section<'_>> = Vec::new();
        for (key, title, grid) in [
            ("tasks", "Tasks", &tasks),
            ("milestones", "Milestones (Scadenze)", &milestones),
            ("tickets", "Tickets", &tickets),
        ] {
            if let Some(g) = grid {
                out.parts
                    .insert(key.into(), crm::part_json(&g.head, &g.rows));
                parts.push(Section {
                    title,
                    head: &g.head,
                    rows: &g.rows,
                });
            }
        }
        print_record(ctx, &out, module, &parts, "")
    }

    async fn company(&self, ctx: &Context) -> CliResult<()> {
        enabled(self, crm::ACCOUNTS).await?;
        let id = my_company(self).await?.ok_or_else(|| {
            CliError::new(
                Kind::NotFound,
                format!("your contact belongs to no company on {}", self.host()),
            )
            .hint(
                "`lhs me` shows your contact record; the CRM's administrators link it to a company",
            )
        })?;
        let fields = self.record("Accounts", id).await?.ok_or_else(|| {
            CliError::new(
                Kind::NotFound,
                format!("vtenext at {} does not show your company", self.host()),
            )
            .hint("ask the CRM's administrators")
        })?;
        let title = value_of(&fields, "accountname").to_owned();
        let out = own_record(crm::ACCOUNTS, id, title, &fields);
        print_record(ctx, &out, crm::ACCOUNTS, &[], "")
    }

    async fn me(&self, ctx: &Context) -> CliResult<()> {
        let fields = my_record(self).await?;
        let title = format!(
            "{} {}",
            value_of(&fields, "firstname"),
            value_of(&fields, "lastname")
        )
        .trim()
        .to_owned();
        let out = own_record(crm::CONTACTS, me_id(self)?, title, &fields);
        print_record(
            ctx,
            &out,
            crm::CONTACTS,
            &[],
            "\n`lhs me edit` changes your first and last name, e-mail, mobile, street, city and postal code.\n",
        )
    }

    async fn edit_me(&self, ctx: &Context, edit: &me::edit::Args) -> CliResult<()> {
        if edit.lang.is_some() {
            return Err(CliError::usage(
                "--lang is not on a vtenext portal: vtenext keeps no language for its contacts (its pages ask at login)",
            ));
        }
        let changes = edit.vtenext_fields();
        if changes.is_empty() {
            return Err(CliError::usage(
                "nothing to change: give at least one of --first-name, --last-name, --email, --mobile, --street, --city, --zip",
            )
            .hint("`lhs me` shows your details"));
        }
        for (name, flag, value) in &changes {
            match *name {
                "email" => crate::domain::validate::email(value).map_err(|e| {
                    CliError::invalid(e)
                        .hint("--email takes an address such as mario.rossi@example.com")
                })?,
                "lastname" if value.trim().is_empty() => {
                    return Err(CliError::invalid(format!(
                        "{flag} cannot be empty: vtenext needs a last name"
                    ))
                    .hint("`lhs me` shows the one it has"));
                }
                _ => crate::domain::validate::text(flag, value, 200).map_err(CliError::invalid)?,
            }
        }
        let before = my_record(self).await?;
        let values: Vec<(&str, String)> = changes
            .iter()
            .map(|(n, _, v)| (*n, v.trim().to_owned()))
            .collect();
        let sent: Vec<(&str, &str)> = values.iter().map(|(n, v)| (*n, v.as_str())).collect();
        self.save_profile(&sent).await?;
        // vtenext answers nothing either way: what it kept is read back.
        let after = my_record(self).await?;
        let lost: Vec<String> = changes
            .iter()
            .zip(&values)
            .filter(|(_, (n, v))| value_of(&after, n).trim() != v)
            .map(|((_, flag, _), (n, _))| format!("{flag} (it shows `{}`)", value_of(&after, n)))
            .collect();
        if !lost.is_empty() {
            return Err(
                CliError::other(format!("vtenext did not keep {}", lost.join(", ")))
                    .hint("the portal's administrators may have made these fields read-only"),
            );
        }
        let updated: Vec<&str> = changes
            .iter()
            .filter(|(n, _, _)| value_of(&before, n).trim() != value_of(&after, n).trim())
            .map(|(_, flag, _)| flag.trim_start_matches('-'))
            .collect();
        if updated.is_empty() {
            ctx.out
                .success("Your details on the vtenext portal already had these values");
        } else {
            ctx.out.success(&format!(
                "Your details changed on the vtenext portal: {}",
                updated.join(", ")
            ));
        }
        if updated.contains(&"email") {
            follow_new_login(ctx, self, value_of(&after, "email"))?;
        }
        if ctx.out.is_json() {
            let title = format!(
                "{} {}",
                value_of(&after, "firstname"),
                value_of(&after, "lastname")
            );
            ctx.out.json(&own_record(
                crm::CONTACTS,
                me_id(self)?,
                title.trim().to_owned(),
                &after,
            ))?;
        }
        Ok(())
    }
}

/// vtenext logs a contact in with its e-mail: after a change the profile follows the new
/// address (the session stays valid), so `passwd` and the next `login` use it.
fn follow_new_login(ctx: &Context, v: &VteClient, email: &str) -> CliResult<()> {
    let host = ctx.host()?;
    match (ctx.profile_entry().filter(|p| p.host == host), v.session()) {
        (Some(p), Some(s)) => {
            let mut session = s.clone();
            session.user_name = email.to_owned();
            crate::commands::login::remember(
                ctx,
                Some(p),
                &host,
                email,
                p.storage,
                p.backend,
                &crate::credentials::Secret::new(session.to_secret()),
            )?;
            ctx.out.note(&format!(
                "You now log in to this portal as {email}; profile `{}` follows the new address.",
                ctx.profile
            ));
        }
        _ => ctx.out.warn(&format!(
            "you now log in to this portal as {email}: use it at the next `lhs login`"
        )),
    }
    Ok(())
}

fn content_args(a: &ListArgs) -> content::ListArgs {
    content::ListArgs {
        search: a.search.clone(),
        limit: a.limit,
        all: a.all,
    }
}

/// One module of `lhs records`.
#[derive(Debug, Serialize)]
struct ModuleRow {
    module: String,
    menu: String,
    read: bool,
    command: String,
}

impl Tabular for ModuleRow {
    fn headers() -> &'static [&'static str] {
        &["MODULE", "MENU", "READ", "COMMAND"]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.module.clone(),
            or_dash(Some(self.menu.as_str()).filter(|m| !m.is_empty())),
            if self.read { "yes" } else { "no" }.into(),
            self.command.clone(),
        ]
    }
}

/// A document of a vtenext portal, as `lhs docs list` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct VteDocument {
    pub id: i64,
    /// `DOC1`.
    pub number: String,
    pub title: String,
    pub folder: String,
    pub file_name: String,
    /// Bytes; null for a document that links to a file elsewhere.
    pub file_size: Option<u64>,
    pub file_type: String,
    /// A link instead of a file (vtenext's external documents).
    pub url: Option<String>,
    pub notes: String,
    /// As the CRM writes it, and in ISO 8601.
    pub created: String,
    pub created_iso: Option<String>,
}

impl Tabular for VteDocument {
    fn headers() -> &'static [&'static str] {
        &["ID", "NUMBER", "FOLDER", "TITLE", "FILE", "SIZE", "CREATED"]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.id.to_string(),
            self.number.clone(),
            self.folder.clone(),
            self.title.clone(),
            self.url.clone().unwrap_or_else(|| self.file_name.clone()),
            self.file_size
                .map_or_else(|| "-".into(), crate::output::human_bytes),
            self.created.clone(),
        ]
    }
    fn drop_first() -> &'static [&'static str] {
        &["NUMBER", "SIZE"]
    }
}

impl VteDocument {
    fn from_fields(id: i64, fields: &[Field]) -> VteDocument {
        let external = fields
            .iter()
            .find(|f| f.name == "filelocationtype")
            .is_some_and(|f| {
                let v = f.value.to_ascii_lowercase();
                v.contains("extern") || v == "e"
            });
        let file = value_of(fields, "filename").to_owned();
        let created = value_of(fields, "createdtime").to_owned();
        VteDocument {
            id,
            number: value_of(fields, "note_no").to_owned(),
            title: value_of(fields, "notes_title").to_owned(),
            folder: value_of(fields, "folderid").to_owned(),
            file_size: (!external)
                .then(|| {
                    value_of(fields, "filesize")
                        .trim_end_matches('B')
                        .trim()
                        .parse()
                        .ok()
                })
                .flatten(),
            file_type: value_of(fields, "filetype").to_owned(),
            url: external.then(|| file.clone()).filter(|u| !u.is_empty()),
            file_name: if external { String::new() } else { file },
            notes: value_of(fields, "notecontent").to_owned(),
            created_iso: crm::iso_date(&created),
            created,
        }
    }
}

/// How many requests a list sends at once to read its records' details.
const AT_ONCE: usize = 6;

/// The ids of the documents the contact may see: those shared with it, and (unless
/// `only_mine`) with its company and its colleagues — the records the portal's own document
/// list reads.
async fn document_ids(v: &VteClient, only_mine: bool) -> CliResult<Vec<i64>> {
    let mut owners = vec![me_id(v)?];
    if !only_mine {
        if let Some(company) = my_company(v).await? {
            owners.push(company);
        }
        let (_, colleagues) = visible(v, crm::CONTACTS, false).await.or_else(|e| {
            // Without the Contacts module there are no colleagues to read.
            if e.kind == Kind::Permission {
                Ok((Vec::new(), Vec::new()))
            } else {
                Err(e)
            }
        })?;
        owners.extend(colleagues.iter().map(|c| c.id));
    }
    let grids: Vec<Grid> = stream::iter(owners)
        .map(|owner| v.documents_of(owner))
        .buffered(AT_ONCE)
        .try_collect()
        .await?;
    let mut seen = HashSet::new();
    Ok(grids
        .iter()
        .flat_map(|g| &g.rows)
        .filter_map(|row| Grid::id_of(row, "Documents"))
        .filter(|id| seen.insert(*id))
        .collect())
}

/// The documents the contact may see, newest first, each with its folder and file.
async fn documents(v: &VteClient, only_mine: bool) -> CliResult<Vec<VteDocument>> {
    let ids = document_ids(v, only_mine).await?;
    let found: Vec<Option<VteDocument>> = stream::iter(ids)
        .map(|id| async move {
            let fields = v.record("Documents", id).await?;
            Ok::<_, CliError>(fields.map(|f| VteDocument::from_fields(id, &f)))
        })
        .buffered(AT_ONCE)
        .try_collect()
        .await?;
    let mut docs: Vec<VteDocument> = found.into_iter().flatten().collect();
    docs.sort_by_key(|d| std::cmp::Reverse(d.id));
    Ok(docs)
}

/// Document `id` if the contact may see it (exit 5 otherwise).
async fn document(v: &VteClient, id: i64) -> CliResult<VteDocument> {
    let not_found = || crm::not_found(crm::DOCUMENTS, &RecordRef::Id(id), v.host());
    if !document_ids(v, false).await?.contains(&id) {
        return Err(not_found());
    }
    let fields = v.record("Documents", id).await?.ok_or_else(not_found)?;
    Ok(VteDocument::from_fields(id, &fields))
}

/// A FAQ of a vtenext portal, as `lhs faq list` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct VteFaq {
    pub id: i64,
    pub number: String,
    pub question: String,
    pub category: String,
    pub comment_count: usize,
    pub updated: String,
    pub updated_iso: Option<String>,
}

impl Tabular for VteFaq {
    fn headers() -> &'static [&'static str] {
        &[
            "ID", "NUMBER", "CATEGORY", "QUESTION", "COMMENTS", "UPDATED",
        ]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.id.to_string(),
            self.number.clone(),
            self.category.clone(),
            self.question.lines().next().unwrap_or("").to_owned(),
            self.comment_count.to_string(),
            self.updated.clone(),
        ]
    }
    fn drop_first() -> &'static [&'static str] {
        &["NUMBER", "COMMENTS"]
    }
}

#[derive(Debug, Serialize)]
struct FaqComment {
    text: String,
    created: String,
    created_iso: Option<String>,
}

/// One FAQ in full, as `lhs faq view --json` prints it.
#[derive(Debug, Serialize)]
struct FaqOut {
    id: i64,
    number: String,
    question: String,
    answer: String,
    category: String,
    created: String,
    created_iso: Option<String>,
    updated: String,
    updated_iso: Option<String>,
    comments: Vec<FaqComment>,
}

async fn faq_out(v: &VteClient, id: i64) -> CliResult<FaqOut> {
    let f = v
        .faqs()
        .await?
        .into_iter()
        .find(|f| f.id == id)
        .ok_or_else(|| crm::not_found(&crm::find("Faq"), &RecordRef::Id(id), v.host()))?;
    Ok(FaqOut {
        id: f.id,
        number: f.number,
        question: f.question,
        answer: f.answer,
        category: f.category,
        created_iso: crm::iso_date(&f.created),
        created: f.created,
        updated_iso: crm::iso_date(&f.modified),
        updated: f.modified,
        comments: f
            .comments
            .into_iter()
            .map(|(text, created)| FaqComment {
                created_iso: crm::iso_date(&created),
                text,
                created,
            })
            .collect(),
    })
}

/// Rows of `all` as a list with `--search`, `--limit` and `--all`, never cut silently.
fn print_list<T: Tabular>(
    ctx: &Context,
    mut all: Vec<T>,
    args: &content::ListArgs,
    what: (&str, &str),
) -> CliResult<()> {
    let limit = (!args.all).then_some(args.limit as usize);
    let more = limit.is_some_and(|l| all.len() > l);
    if let Some(l) = limit {
        all.truncate(l);
    }
    ctx.out.list(&all)?;
    ctx.out
        .list_notes(all.len(), more, what, &format!("No {} to show.", what.1));
    Ok(())
}

#[async_trait]
impl LibraryPortal for VteClient {
    async fn docs_list(&self, ctx: &Context, args: &docs::list::Args) -> CliResult<()> {
        enabled(self, crm::DOCUMENTS).await?;
        let all: Vec<VteDocument> = documents(self, args.mine)
            .await?
            .into_iter()
            .filter(|d| {
                args.folder
                    .as_deref()
                    .is_none_or(|f| d.folder.eq_ignore_ascii_case(f.trim()))
            })
            .filter(|d| {
                crm::matches(
                    &format!("{} {} {} {}", d.title, d.file_name, d.folder, d.notes),
                    args.list.search.as_deref(),
                )
            })
            .collect();
        print_list(ctx, all, &args.list, ("document", "documents"))
    }

    async fn docs_view(&self, ctx: &Context, id: i64) -> CliResult<()> {
        enabled(self, crm::DOCUMENTS).await?;
        let d = document(self, id).await?;
        if ctx.out.is_json() {
            return ctx.out.json(&d);
        }
        let mut o = String::new();
        let _ = writeln!(o, "{} · Documenti (Documents) {}", d.title, d.id);
        let _ = writeln!(
            o,
            "Number:   {}",
            or_dash(Some(d.number.as_str()).filter(|n| !n.is_empty()))
        );
        let _ = writeln!(o, "Folder:   {}", d.folder);
        match &d.url {
            Some(url) => {
                let _ = writeln!(o, "Link:     {url}");
            }
            None => {
                let _ = writeln!(
                    o,
                    "File:     {} ({}, {})",
                    d.file_name,
                    d.file_size
                        .map_or_else(|| "-".into(), crate::output::human_bytes),
                    or_dash(Some(d.file_type.as_str()).filter(|t| !t.is_empty()))
                );
            }
        }
        let _ = writeln!(o, "Created:  {}", d.created);
        if !d.notes.is_empty() {
            let _ = writeln!(o);
            for line in d.notes.lines() {
                let _ = writeln!(o, "  {line}");
            }
        }
        ctx.out.print(&o)
    }

    async fn docs_download(&self, ctx: &Context, args: &DownloadArgs) -> CliResult<()> {
        enabled(self, crm::DOCUMENTS).await?;
        let d = document(self, args.id).await?;
        if let Some(url) = &d.url {
            return Err(CliError::new(
                Kind::NotFound,
                format!("document {} is a link, not a file: {url}", d.id),
            )
            .hint("open the link in a browser"));
        }
        if let Some(n) = &args.file
            && !d.file_name.eq_ignore_ascii_case(n)
        {
            return Err(CliError::new(
                Kind::NotFound,
                format!("document {} has no file named `{n}`", d.id),
            )
            .hint(format!("its file: {}", d.file_name)));
        }
        let path = args
            .dir
            .join(crate::domain::attachment::sanitize_filename(&d.file_name));
        crate::output::refuse_overwrite(&path, args.force, "--dir")?;
        let file = self.document_file(d.id).await?;
        let expected = file.size.or(d.file_size);
        if expected.is_some_and(|n| n != file.bytes.len() as u64) {
            return Err(CliError::new(
                Kind::Network,
                format!(
                    "{}: vtenext sent {} bytes of {}; nothing was written",
                    d.file_name,
                    file.bytes.len(),
                    expected.unwrap_or(0)
                ),
            )
            .hint("try again; if it persists, the file is damaged in the CRM"));
        }
        crate::config::write_atomic(&path, &file.bytes, false)?;
        ctx.out.print(&format!("{}\n", path.display()))?;
        ctx.out.success(&format!(
            "Downloaded {} ({})",
            d.file_name,
            crate::output::human_bytes(file.bytes.len() as u64)
        ));
        Ok(())
    }

    async fn faq_list(&self, ctx: &Context, args: &faq::list::Args) -> CliResult<()> {
        enabled(self, &crm::find("Faq")).await?;
        let all: Vec<VteFaq> = self
            .faqs()
            .await?
            .into_iter()
            .filter(|f| {
                crm::matches(
                    &format!("{} {} {}", f.question, f.answer, f.category),
                    args.list.search.as_deref(),
                )
            })
            .map(|f| VteFaq {
                id: f.id,
                number: f.number,
                question: f.question,
                category: f.category,
                comment_count: f.comments.len(),
                updated_iso: crm::iso_date(&f.modified),
                updated: f.modified,
            })
            .collect();
        print_list(ctx, all, &args.list, ("FAQ", "FAQ"))
    }

    async fn faq_view(&self, ctx: &Context, id: i64) -> CliResult<()> {
        enabled(self, &crm::find("Faq")).await?;
        let f = faq_out(self, id).await?;
        if ctx.out.is_json() {
            return ctx.out.json(&f);
        }
        let mut o = String::new();
        let _ = writeln!(o, "{} · FAQ {} ({})", f.question, f.id, f.number);
        let _ = writeln!(o, "Category: {}", f.category);
        let _ = writeln!(o, "Updated:  {}", f.updated);
        let _ = writeln!(o);
        for line in f.answer.lines() {
            let _ = writeln!(o, "  {line}");
        }
        let _ = writeln!(o, "\nComments ({})", f.comments.len());
        for c in &f.comments {
            let _ = writeln!(o, "  {}", c.created);
            for line in c.text.lines() {
                let _ = writeln!(o, "    {line}");
            }
        }
        ctx.out.print(&o)
    }

    async fn faq_comment(&self, ctx: &Context, id: i64, comment: &str) -> CliResult<()> {
        enabled(self, &crm::find("Faq")).await?;
        let before = faq_out(self, id).await?;
        self.add_faq_comment(id, comment).await?;
        // vtenext stores the comment and then fails: only reading the FAQ again tells.
        let after = faq_out(self, id).await?;
        let wanted = comment.trim();
        let kept = after.comments.len() > before.comments.len()
            && after.comments.iter().any(|c| c.text.trim() == wanted);
        if !kept {
            return Err(CliError::new(
                Kind::Network,
                format!(
                    "vtenext at {} did not keep the comment on FAQ {id}",
                    self.host()
                ),
            )
            .hint("try again later; `lhs faq view` shows the comments it has"));
        }
        if ctx.out.is_json() {
            ctx.out.json(&after)?;
        }
        ctx.out.success(&format!(
            "Comment added to FAQ {id} ({} now)",
            crate::output::count(after.comments.len(), "comment", "comments")
        ));
        Ok(())
    }
}
