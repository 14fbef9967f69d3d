//! Tickets of a vtenext customer portal as the `lhs tickets` commands show them: the same field
//! names as lhs tickets where the meaning is the same (`number`, `subject`, `state`,
//! `priority`, `technician`, `description`, `comments`, `attachments`), plus what vtenext has
//! of its own (`ticket_no`, its `status`, `severity`, `category`).
//!
//! Numbers: vtenext shows `TT21`; `number` is its digits (21), and commands take either form.
//! States: vtenext's status is mapped onto lhs's states (README, "vtenext portals"): Open →
//! inserito, In Progress and Answered by customer → in_carico, Wait For Response → risposto,
//! Closed → chiuso; any other status counts as in_carico. `status` keeps vtenext's own word.

use std::fmt::Write as _;

use serde::Serialize;

use std::path::PathBuf;

use async_trait::async_trait;

use super::{AccountPortal, TicketPortal, WaitCheck};
use crate::api::vtenext::{ListRow, VteClient};
use crate::commands::tickets::{TicketRef, new, upload};
use crate::context::Context;
use crate::domain::ticket::TicketState;
use crate::error::{CliError, CliResult, Kind};
use crate::output::{Tabular, or_dash};
use crate::wire::Comment;
use crate::wire::TicketQuery;

/// vtenext's status as an lhs state.
pub fn state_of(status: &str) -> TicketState {
    match status.trim().to_ascii_lowercase().as_str() {
        "open" => TicketState::Inserito,
        "wait for response" => TicketState::Risposto,
        "closed" => TicketState::Chiuso,
        _ => TicketState::InCarico,
    }
}

/// The number a user types for a ticket: the digits of `TT21`.
pub fn number_of(row: &ListRow) -> i64 {
    let digits: String = row
        .ticket_no
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    digits.parse().unwrap_or(row.id)
}

/// One row of `lhs tickets list` on vtenext.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub number: i64,
    pub ticket_no: String,
    pub subject: String,
    pub state: TicketState,
    /// vtenext's own status.
    pub status: String,
    pub priority: String,
    /// The user the ticket is assigned to.
    pub technician: Option<String>,
    /// The contact (or company) the ticket is for.
    pub related_to: String,
    /// vtenext's record id.
    pub vtenext_id: i64,
}

impl From<&ListRow> for Summary {
    fn from(r: &ListRow) -> Summary {
        Summary {
            number: number_of(r),
            ticket_no: r.ticket_no.clone(),
            subject: r.title.clone(),
            state: state_of(&r.status),
            status: r.status.clone(),
            priority: r.priority.clone(),
            technician: Some(r.assigned_to.clone()).filter(|a| !a.is_empty()),
            related_to: r.related_to.clone(),
            vtenext_id: r.id,
        }
    }
}

impl Tabular for Summary {
    fn headers() -> &'static [&'static str] {
        &[
            "NUMBER",
            "STATUS",
            "PRIORITY",
            "SUBJECT",
            "ASSIGNED TO",
            "FOR",
        ]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.ticket_no.clone(),
            self.status.clone(),
            self.priority.clone(),
            self.subject.clone(),
            or_dash(self.technician.as_deref()),
            self.related_to.clone(),
        ]
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Attachment {
    pub id: i64,
    pub filename: String,
    pub content_type: String,
}

/// One ticket with its thread, as `lhs tickets view --json` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct Ticket {
    #[serde(flatten)]
    pub summary: Summary,
    pub severity: String,
    pub category: String,
    pub created_at: String,
    pub updated_at: String,
    pub description: String,
    /// The help desk's solution, when it wrote one.
    pub solution: String,
    pub comments: Vec<Comment>,
    pub attachments: Vec<Attachment>,
}

/// The ticket `r` names among those the contact may see (its company's), or exit 5. Also
/// the ownership check vtenext itself does not make before comments, files and closing.
pub async fn resolve(v: &VteClient, r: TicketRef) -> CliResult<ListRow> {
    let all = v.tickets(false).await?;
    all.into_iter()
        .find(|t| number_of(t) == r.number)
        .ok_or_else(|| {
            CliError::new(
                Kind::NotFound,
                format!(
                    "no ticket TT{} among those you can see on {}",
                    r.number,
                    v.host()
                ),
            )
            .hint("list them with `lhs tickets list`")
        })
}

/// Everything about one ticket: its fields, comments and attachments.
pub async fn load(v: &VteClient, row: &ListRow) -> CliResult<Ticket> {
    let fields = v.details(row.id).await?;
    let field = |name: &str| {
        fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let comments = v
        .comments(row.id)
        .await?
        .into_iter()
        .map(|c| Comment {
            id: c.id,
            author: c.owner.clone(),
            author_name: c.owner,
            author_role: if c.owner_type == "customer" {
                "customer".into()
            } else {
                "staff".into()
            },
            kind: "comment".into(),
            body: c.body,
            minutes: 0,
            created_at: c.created,
        })
        .collect();
    let attachments = v
        .attachments(row.id)
        .await?
        .into_iter()
        .map(|a| Attachment {
            id: a.id,
            filename: a.filename,
            content_type: a.filetype,
        })
        .collect();
    let mut summary = Summary::from(row);
    // The details are fresher than the list the row came from.
    let status = field("ticketstatus");
    if !status.is_empty() {
        summary.state = state_of(&status);
        summary.status = status;
    }
    Ok(Ticket {
        summary,
        severity: field("ticketseverities"),
        category: field("ticketcategories"),
        created_at: field("createdtime"),
        updated_at: field("modifiedtime"),
        description: field("description"),
        solution: field("solution"),
        comments,
        attachments,
    })
}

pub fn render(t: &Ticket) -> String {
    let s = &t.summary;
    let mut o = String::new();
    let _ = writeln!(o, "Ticket {} · {} · {}", s.ticket_no, s.status, s.priority);
    let _ = writeln!(o, "Subject:     {}", s.subject);
    let _ = writeln!(o, "For:         {}", s.related_to);
    let _ = writeln!(o, "Assigned to: {}", or_dash(s.technician.as_deref()));
    let _ = writeln!(
        o,
        "Severity:    {}",
        or_dash(
            Some(&t.severity)
                .filter(|x| !x.is_empty())
                .map(String::as_str)
        )
    );
    let _ = writeln!(
        o,
        "Category:    {}",
        or_dash(
            Some(&t.category)
                .filter(|x| !x.is_empty())
                .map(String::as_str)
        )
    );
    let _ = writeln!(o, "Created:     {}", t.created_at);
    let _ = writeln!(o, "Updated:     {}", t.updated_at);
    let _ = writeln!(o, "\nDescription\n");
    for line in t.description.lines() {
        let _ = writeln!(o, "  {line}");
    }
    if !t.solution.trim().is_empty() {
        let _ = writeln!(o, "\nSolution\n");
        for line in t.solution.lines() {
            let _ = writeln!(o, "  {line}");
        }
    }
    crate::commands::tickets::view::write_comments(&mut o, &t.comments);
    let _ = writeln!(o, "\nAttachments ({})", t.attachments.len());
    for a in &t.attachments {
        let _ = writeln!(o, "  {}  {}  {}", a.id, a.filename, a.content_type);
    }
    let _ = writeln!(
        o,
        "\nYou can: {}",
        if s.state == TicketState::Chiuso {
            "nothing (the ticket is closed)"
        } else {
            "comment, attach, close"
        }
    );
    o
}

/// What lhs portals alone have, refused on a vtenext one.
fn not_on_vtenext(what: &str) -> CliError {
    CliError::usage(format!(
        "{what}: not on a vtenext portal (its pages are vtenext's own)"
    ))
    .hint("leave out --web, or open the portal's own site")
}

/// A ticket that takes no more comments or files once closed.
fn refuse_closed(row: &ListRow, what: &str) -> CliResult<()> {
    if state_of(&row.status) == TicketState::Chiuso {
        return Err(CliError::new(
            Kind::Conflict,
            format!(
                "ticket {} is closed: it takes no more {what}",
                row.ticket_no
            ),
        ));
    }
    Ok(())
}

#[async_trait]
impl TicketPortal for VteClient {
    /// Its service returns every ticket at once, so filters apply here — states through the
    /// mapping of vtenext's statuses, words in the titles.
    async fn list(
        &self,
        ctx: &Context,
        query: &TicketQuery,
        limit: Option<u32>,
        count: bool,
    ) -> CliResult<()> {
        let lhs_only = [
            (query.priority.is_some(), "--priority"),
            (query.macro_area.is_some(), "--macro-area"),
            (query.area.is_some(), "--area"),
            (query.section.is_some(), "--section"),
            (query.user.is_some(), "--user"),
            (query.technician.is_some(), "--technician"),
        ];
        if let Some((_, flag)) = lhs_only.iter().find(|(given, _)| *given) {
            return Err(CliError::usage(format!(
                "{flag}: a vtenext portal's ticket list has no such filter"
            )));
        }
        if query.from.is_some() || query.to.is_some() {
            return Err(CliError::usage(
                "--from/--to: a vtenext portal's ticket list carries no dates",
            )
            .hint("see a ticket's dates with `lhs tickets view TT…`"));
        }
        let mut rows: Vec<Summary> = self
            .tickets(query.mine)
            .await?
            .iter()
            .map(Summary::from)
            .filter(|t| query.state.is_empty() || query.state.contains(&t.state))
            .filter(|t| crate::commands::crm::matches(&t.subject, query.q.as_deref()))
            .collect();
        if query.sort == crate::wire::TicketSort::Oldest {
            rows.sort_by_key(|t| t.vtenext_id);
        } else {
            rows.sort_by_key(|t| std::cmp::Reverse(t.vtenext_id));
        }
        let total = rows.len();
        if let Some(l) = limit {
            rows.truncate(l as usize);
        }
        let shown = rows.len();
        if shown == 0 && !ctx.out.is_json() {
            ctx.out.note("No tickets match.");
        }
        ctx.out.list(&rows)?;
        if shown < total {
            ctx.out.note(&format!(
                "Showing {shown} of {}; more match: use --limit N or --all to see more.",
                crate::output::count(total, "ticket", "tickets")
            ));
        } else if count {
            ctx.out
                .note(&crate::commands::tickets::list::matching(total));
        }
        Ok(())
    }

    async fn view(&self, ctx: &Context, ticket: TicketRef) -> CliResult<()> {
        let row = resolve(self, ticket).await?;
        let t = load(self, &row).await?;
        if ctx.out.is_json() {
            ctx.out.json(&t)
        } else {
            ctx.out.print(&render(&t))
        }
    }

    async fn open(&self, ctx: &Context, args: new::Args) -> CliResult<()> {
        new::on_vtenext(ctx, self, args).await
    }

    async fn comment(
        &self,
        ctx: &Context,
        ticket: TicketRef,
        body: &str,
        key: Option<String>,
    ) -> CliResult<()> {
        if key.is_some() {
            return Err(CliError::usage(
                "--idempotency-key: vtenext portals cannot recognise a repeated comment",
            ));
        }
        let row = resolve(self, ticket).await?;
        refuse_closed(&row, "comments")?;
        let before = self.comments(row.id).await?.len();
        VteClient::comment(self, row.id, body).await?;
        let t = load(self, &row).await?;
        // vtenext answers the same whether or not it stored the comment.
        if t.comments.len() <= before {
            return Err(CliError::new(
                Kind::Network,
                format!(
                    "vtenext did not keep the comment on ticket {}",
                    row.ticket_no
                ),
            ));
        }
        if ctx.out.is_json() {
            ctx.out.json(&t)?;
        }
        ctx.out
            .success(&format!("Comment added to ticket {}", row.ticket_no));
        Ok(())
    }

    async fn attach(&self, ctx: &Context, ticket: TicketRef, files: &[PathBuf]) -> CliResult<()> {
        let (files, renamed) = upload::check_files_vtenext(files)?;
        let row = resolve(self, ticket).await?;
        refuse_closed(&row, "files")?;
        let before = VteClient::attachments(self, row.id).await?.len();
        for f in &files {
            VteClient::attach(self, row.id, &f.name, f.content_type, &f.data).await?;
        }
        // vtenext answers nothing either way: the files must be there now.
        let t = load(self, &row).await?;
        if t.attachments.len() < before + files.len() {
            return Err(CliError::new(
                Kind::Network,
                format!(
                    "vtenext did not keep every file: ticket {} has {} attachments, {} expected",
                    row.ticket_no,
                    t.attachments.len(),
                    before + files.len()
                ),
            ));
        }
        if ctx.out.is_json() {
            ctx.out.json(&t)?;
        }
        for name in &renamed {
            ctx.out.note(&format!(
                "vtenext stores {name} as {name}.txt (it renames scripts and programs)"
            ));
        }
        ctx.out.success(&format!(
            "{} file{} attached to ticket {}",
            files.len(),
            if files.len() == 1 { "" } else { "s" },
            row.ticket_no
        ));
        Ok(())
    }

    /// Closed as resolved, as the portal's "Ok, risolto" does.
    async fn close(&self, ctx: &Context, ticket: TicketRef) -> CliResult<()> {
        let row = resolve(self, ticket).await?;
        if state_of(&row.status) == TicketState::Chiuso {
            if ctx.out.is_json() {
                ctx.out.json(&load(self, &row).await?)?;
            }
            ctx.out
                .note(&format!("Ticket {} is already closed", row.ticket_no));
            return Ok(());
        }
        VteClient::close(self, row.id).await?;
        let t = load(self, &row).await?;
        if t.summary.state != TicketState::Chiuso {
            return Err(CliError::new(
                Kind::Network,
                format!(
                    "vtenext did not close ticket {} (its status is {})",
                    row.ticket_no, t.summary.status
                ),
            ));
        }
        if ctx.out.is_json() {
            ctx.out.json(&t)?;
        }
        ctx.out.success(&format!("Ticket {} closed", row.ticket_no));
        Ok(())
    }

    async fn attachments(&self, ticket: TicketRef) -> CliResult<Vec<(i64, String)>> {
        // Only a ticket the contact may see (vtenext does not check).
        let row = resolve(self, ticket).await?;
        let list = VteClient::attachments(self, row.id).await?;
        Ok(list.into_iter().map(|a| (a.id, a.filename)).collect())
    }

    async fn file(&self, _ticket: TicketRef, id: i64) -> CliResult<Vec<u8>> {
        VteClient::file(self, id).await
    }

    fn ticket_page(&self, _ticket: TicketRef) -> CliResult<String> {
        Err(not_on_vtenext("--web"))
    }

    fn list_page(&self, _query: &TicketQuery) -> CliResult<(String, Vec<&'static str>)> {
        Err(not_on_vtenext("--web"))
    }

    fn accepts(&self, _ticket: TicketRef) -> CliResult<()> {
        Ok(())
    }

    async fn check(&self, ticket: TicketRef, awaited: TicketState) -> CliResult<WaitCheck> {
        let row = resolve(self, ticket).await?;
        let state = state_of(&row.status);
        let json = if state == awaited {
            serde_json::to_value(load(self, &row).await?)
                .map_err(|e| CliError::other(e.to_string()))?
        } else {
            serde_json::Value::Null
        };
        Ok(WaitCheck {
            state,
            json,
            answer: None,
        })
    }
}

#[async_trait]
impl AccountPortal for VteClient {
    async fn whoami(&self, ctx: &Context) -> CliResult<()> {
        crate::commands::whoami::on_vtenext(ctx, self).await
    }

    /// vtenext does not check the current password itself: a login does (and starts the
    /// session the change then replaces, which is kept in the profile's place).
    async fn change_password(&mut self, ctx: &Context, current: &str, new: &str) -> CliResult<()> {
        if new.is_empty() {
            return Err(CliError::invalid("the new password is empty"));
        }
        let user = self
            .session()
            .map(|s| s.user_name.clone())
            .unwrap_or_default();
        self.login(&user, current).await.map_err(|e| {
            if e.kind == Kind::Auth {
                CliError::new(Kind::Auth, "the current password is wrong")
            } else {
                e
            }
        })?;
        let session = VteClient::change_password(self, new).await?;
        let p = ctx
            .profile_entry()
            .cloned()
            .ok_or_else(|| CliError::other("no profile to keep the new session in"))?;
        ctx.creds.store(
            p.storage,
            &crate::credentials::entry_name(&ctx.profile, &p.host, &p.account),
            &crate::credentials::Secret::new(session.to_secret()),
        )?;
        ctx.out.success("Password changed on the vtenext portal");
        Ok(())
    }
}
