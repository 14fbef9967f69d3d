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

use super::TicketRef;
use crate::api::vtenext::{ListRow, VteClient};
use crate::domain::ticket::TicketState;
use crate::error::{CliError, CliResult, Kind};
use crate::output::{Tabular, or_dash};
use crate::wire::Comment;

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
    super::view::write_comments(&mut o, &t.comments);
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
