//! `lhs tickets view`.

use std::fmt::Write as _;

use crate::context::Context;
use crate::error::CliResult;
use crate::output::{or_dash, when};
use crate::wire::Ticket;

/// Show a ticket: all fields, the comment thread, attachments and the actions allowed now.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Ticket number (on vtenext also TT21)
    #[arg(value_parser = super::parse_ticket)]
    pub number: super::TicketRef,
    /// Open the ticket's page in the browser instead
    #[arg(long, short = 'w')]
    pub web: bool,
}

/// The comment thread, oldest first (both kinds of portal).
pub fn write_comments(o: &mut String, comments: &[crate::wire::Comment]) {
    let _ = writeln!(o, "\nComments ({})", comments.len());
    for (i, c) in comments.iter().enumerate() {
        let extra = if c.kind == "reply" {
            format!(" — reply, {} min", c.minutes)
        } else {
            String::new()
        };
        let _ = writeln!(
            o,
            "\n  #{} {} · {} ({}){extra}",
            i + 1,
            when(Some(&c.created_at)),
            c.author_name,
            c.author_role
        );
        for line in c.body.lines() {
            let _ = writeln!(o, "    {line}");
        }
    }
}

pub fn render(t: &Ticket) -> String {
    let s = &t.summary;
    let mut o = String::new();
    let _ = writeln!(
        o,
        "Ticket {} · {} · {}",
        s.number,
        s.state.label(),
        s.priority.label()
    );
    let _ = writeln!(o, "Subject:     {}", s.subject);
    let _ = writeln!(o, "Customer:    {} ({})", s.customer_code, s.company_name);
    let _ = writeln!(o, "User:        {} ({})", s.user, s.user_name);
    let _ = writeln!(o, "Technician:  {}", or_dash(s.technician.as_deref()));
    let _ = writeln!(
        o,
        "Section:     {} › {} › {}",
        s.macro_area, s.area, s.section
    );
    let _ = writeln!(o, "Created:     {}", when(Some(&s.created_at)));
    let _ = writeln!(o, "Updated:     {}", when(Some(&s.updated_at)));
    if let Some(c) = &s.closed_at {
        let _ = writeln!(
            o,
            "Closed:      {} (by {})",
            when(Some(c)),
            t.closed_by.as_deref().unwrap_or("-")
        );
        if let Some(n) = super::reopen::until_note(t) {
            let _ = writeln!(o, "             {n}");
        }
    }
    if let Some(e) = &t.notify_email {
        let _ = writeln!(o, "Notify also: {e}");
    }
    let _ = writeln!(o, "Minutes:     {}", s.minutes);
    let _ = writeln!(o, "\nDescription\n");
    for line in t.description.lines() {
        let _ = writeln!(o, "  {line}");
    }
    write_comments(&mut o, &t.comments);
    let _ = writeln!(o, "\nAttachments ({})", t.attachments.len());
    if !t.attachments.is_empty() {
        // Aligned, with the ids `tickets download N --id ID` takes.
        let rows: Vec<[String; 4]> = t
            .attachments
            .iter()
            .map(|a| {
                [
                    a.id.to_string(),
                    a.filename.clone(),
                    crate::output::human_bytes(u64::try_from(a.size).unwrap_or(0)),
                    a.content_type.clone(),
                ]
            })
            .collect();
        let head = ["ID", "NAME", "SIZE", "TYPE"];
        let width = |i: usize| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([head[i].len()])
                .max()
                .unwrap_or(0)
        };
        let (w0, w1, w2) = (width(0), width(1), width(2));
        let _ = writeln!(
            o,
            "  {:<w0$}  {:<w1$}  {:>w2$}  {}",
            head[0], head[1], head[2], head[3]
        );
        for r in &rows {
            let _ = writeln!(o, "  {:<w0$}  {:<w1$}  {:>w2$}  {}", r[0], r[1], r[2], r[3]);
        }
    }
    let actions: Vec<String> = t
        .actions
        .iter()
        .map(|a| {
            serde_json::to_value(a)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        })
        .collect();
    let _ = writeln!(
        o,
        "\nYou can: {}",
        if actions.is_empty() {
            "nothing".to_owned()
        } else {
            actions.join(", ")
        }
    );
    o
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let portal = ctx.portal()?;
    if args.web {
        return crate::output::browser::open(&ctx.out, &portal.ticket_page(args.number)?);
    }
    portal.view(ctx, args.number).await
}
