//! An lhs portal behind the shared commands: its typed API client.

use std::path::PathBuf;

use async_trait::async_trait;

use super::{AccountPortal, TicketPortal, WaitCheck};
use crate::api::{ApiClient, TicketAction};
use crate::commands::tickets::{TicketRef, list, new, upload, view};
use crate::context::Context;
use crate::domain::ticket::TicketState;
use crate::error::{CliResult, Kind};
use crate::wire::{Ticket, TicketQuery};

#[async_trait]
impl TicketPortal for ApiClient {
    async fn list(
        &self,
        ctx: &Context,
        query: &TicketQuery,
        limit: Option<u32>,
        count: bool,
    ) -> CliResult<()> {
        list::stream(ctx, self, query, limit, count, |t| t).await
    }

    async fn view(&self, ctx: &Context, ticket: TicketRef) -> CliResult<()> {
        let t: Ticket = self.ticket(ticket.lhs()?).await?;
        if ctx.out.is_json() {
            ctx.out.json(&t)
        } else {
            ctx.out.print(&view::render(&t))
        }
    }

    async fn open(&self, ctx: &Context, args: new::Args) -> CliResult<()> {
        new::on_lhs(ctx, self, args).await
    }

    async fn comment(
        &self,
        ctx: &Context,
        ticket: TicketRef,
        body: &str,
        key: Option<String>,
    ) -> CliResult<()> {
        let key = key.unwrap_or_else(crate::api::new_idempotency_key);
        let t: Ticket = ApiClient::comment(self, ticket.lhs()?, body, &key).await?;
        if ctx.out.is_json() {
            ctx.out.json(&t)?;
        }
        ctx.out.success(&format!(
            "Comment added to ticket {ticket} (now {})",
            t.summary.state.label()
        ));
        Ok(())
    }

    async fn attach(&self, ctx: &Context, ticket: TicketRef, files: &[PathBuf]) -> CliResult<()> {
        let number = ticket.lhs()?;
        let files = upload::check_files(files)?;
        let bar = crate::output::progress::bytes(&ctx.out, upload::total_size(&files), "Uploading");
        let t = ApiClient::attach(self, number, &files, &bar).await?;
        bar.finish_and_clear();
        if ctx.out.is_json() {
            ctx.out.json(&t)?;
        }
        ctx.out.success(&format!(
            "{} file{} attached to ticket {number}",
            files.len(),
            if files.len() == 1 { "" } else { "s" },
        ));
        Ok(())
    }

    async fn close(&self, ctx: &Context, ticket: TicketRef) -> CliResult<()> {
        let number = ticket.lhs()?;
        let t = match self.ticket_action(number, TicketAction::Close).await {
            Ok(t) => t,
            // Scripts re-run: closing a closed ticket is done already, not a failure (as
            // `gh issue close`). Any other refusal stands.
            Err(e) if e.kind == Kind::Conflict => {
                let t = self.ticket(number).await?;
                if t.summary.state != TicketState::Chiuso {
                    return Err(e);
                }
                if ctx.out.is_json() {
                    ctx.out.json(&t)?;
                }
                ctx.out.note(&format!("Ticket {number} is already closed"));
                return Ok(());
            }
            Err(e) => return Err(e),
        };
        if ctx.out.is_json() {
            ctx.out.json(&t)?;
        }
        ctx.out.success(&format!("Ticket {number} closed"));
        Ok(())
    }

    async fn attachments(&self, ticket: TicketRef) -> CliResult<Vec<(i64, String)>> {
        let list = ApiClient::attachments(self, ticket.lhs()?).await?;
        Ok(list.into_iter().map(|a| (a.id, a.filename)).collect())
    }

    async fn file(&self, ticket: TicketRef, id: i64) -> CliResult<Vec<u8>> {
        Ok(self.download(ticket.number, id).await?.to_vec())
    }

    fn ticket_page(&self, ticket: TicketRef) -> CliResult<String> {
        Ok(format!("{}/ticket/{}", self.host(), ticket.lhs()?))
    }

    fn list_page(&self, query: &TicketQuery) -> CliResult<(String, Vec<&'static str>)> {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for st in &query.state {
            s.append_pair("stato", st.as_str());
        }
        if let Some(d) = query.from {
            s.append_pair("da", &d.to_string());
        }
        if let Some(d) = query.to {
            s.append_pair("a", &d.to_string());
        }
        if let Some(q) = &query.q {
            s.append_pair("q", q);
        }
        let qs = s.finish();
        let url = if qs.is_empty() {
            format!("{}/ticket", self.host())
        } else {
            format!("{}/ticket?{qs}", self.host())
        };
        let missing = [
            (query.mine, "--mine"),
            (query.priority.is_some(), "--priority"),
            (query.macro_area.is_some(), "--macro-area"),
            (query.area.is_some(), "--area"),
            (query.section.is_some(), "--section"),
            (query.user.is_some(), "--user"),
            (query.technician.is_some(), "--technician"),
            (query.sort == crate::wire::TicketSort::Oldest, "--sort"),
        ]
        .into_iter()
        .filter_map(|(given, flag)| given.then_some(flag))
        .collect();
        Ok((url, missing))
    }

    fn accepts(&self, ticket: TicketRef) -> CliResult<()> {
        ticket.lhs().map(|_| ())
    }

    async fn check(&self, ticket: TicketRef, _awaited: TicketState) -> CliResult<WaitCheck> {
        let t: Ticket = self.ticket(ticket.number).await?;
        // The help desk's last reply, shown when the ticket is answered.
        let answer = t
            .comments
            .iter()
            .rev()
            .find(|c| c.kind == "reply")
            .map(|c| {
                format!(
                    "{} ({}):\n{}",
                    c.author_name,
                    crate::output::when(Some(&c.created_at)),
                    c.body
                )
            });
        Ok(WaitCheck {
            state: t.summary.state,
            json: serde_json::to_value(&t)
                .map_err(|e| crate::error::CliError::other(e.to_string()))?,
            answer,
        })
    }
}

#[async_trait]
impl AccountPortal for ApiClient {
    async fn whoami(&self, ctx: &Context) -> CliResult<()> {
        crate::commands::whoami::on_lhs(ctx, self).await
    }

    async fn change_password(&mut self, ctx: &Context, current: &str, new: &str) -> CliResult<()> {
        crate::domain::validate::password(new).map_err(crate::error::CliError::invalid)?;
        ApiClient::change_password(self, current, new).await?;
        ctx.out
            .success("Password changed; your other sessions and tokens were signed out");
        Ok(())
    }
}
