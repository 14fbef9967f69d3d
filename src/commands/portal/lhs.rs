//! An lhs portal behind the shared commands: its typed API client.

use std::path::PathBuf;

use async_trait::async_trait;

use super::{AccountPortal, CrmPortal, LibraryPortal, TicketPortal, WaitCheck};
use crate::api::{ApiClient, TicketAction};
use crate::commands::content::{self, DownloadArgs};
use crate::commands::crm::{self, ListArgs, Module, RecordRef};
use crate::commands::tickets::{TicketRef, list, new, upload, view};
use crate::commands::{docs, faq, me};
use crate::context::Context;
use crate::domain::ticket::TicketState;
use crate::error::{CliError, CliResult, Kind};
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

#[async_trait]
impl LibraryPortal for ApiClient {
    async fn docs_list(&self, ctx: &Context, args: &docs::list::Args) -> CliResult<()> {
        if args.mine {
            return Err(not_here(
                "--mine",
                "documents on an lhs portal are the help desk's, for every user your permissions allow",
            ));
        }
        if args.folder.is_some() {
            return Err(not_here(
                "--folder",
                "documents on an lhs portal have no folders: use --search",
            ));
        }
        content::list(ctx, docs::KINDS, &args.list).await
    }

    async fn docs_view(&self, ctx: &Context, id: i64) -> CliResult<()> {
        content::view(ctx, docs::KINDS, id).await
    }

    async fn docs_download(&self, ctx: &Context, args: &DownloadArgs) -> CliResult<()> {
        content::download(ctx, docs::KINDS, args).await
    }

    async fn faq_list(&self, ctx: &Context, args: &faq::list::Args) -> CliResult<()> {
        content::list(ctx, faq::KINDS, &args.list).await
    }

    async fn faq_view(&self, ctx: &Context, id: i64) -> CliResult<()> {
        content::view(ctx, faq::KINDS, id).await
    }

    async fn faq_comment(&self, ctx: &Context, _id: i64, _text: &str) -> CliResult<()> {
        Err(CliError::usage(format!(
            "`lhs faq comment` is not on an lhs portal: {} publishes its FAQ without comments (vtenext portals take them)",
            ctx.host()?
        ))
        .hint("ask the help desk instead: `lhs tickets new`"))
    }
}

/// A flag an lhs portal has no use for (it is a vtenext portal's).
fn not_here(flag: &str, why: &str) -> CliError {
    CliError::usage(format!("{flag} is not on an lhs portal: {why}"))
        .hint("run the command without it (see its --help)")
}

/// The refusal of a vtenext module's command on an lhs portal, with the nearest command an lhs
/// portal has.
fn vtenext_only(ctx: &Context, command: &str, module: Option<&Module>) -> CliError {
    let host = ctx.host().unwrap_or_default();
    let nearest = match module.map(|m| m.name.as_ref()) {
        Some("Quotes" | "Invoice") => {
            "your company's purchases are Store orders here: `lhs store orders`"
        }
        Some("Products" | "Services") => {
            "what the help desk sells is in the Store here: `lhs store list`"
        }
        Some("Contacts") => "your company's users: `lhs users list` (its Administrator)",
        Some("Accounts") => {
            "your company, its standing and SMART minutes: `lhs whoami` and `lhs package`"
        }
        Some("ProjectPlan" | "ProjectTask" | "ProjectMilestone") => {
            "work with the help desk is in tickets here: `lhs tickets list`"
        }
        Some("HelpDesk") => "tickets: `lhs tickets list`",
        Some("Documents") => "the technical documents: `lhs docs list`",
        Some("Faq") => "the FAQ: `lhs faq list`",
        _ => "`lhs --help` lists what an lhs portal offers",
    };
    CliError::usage(format!(
        "`{command}` is not on an lhs portal: it reads a vtenext customer portal's modules, and {host} is an lhs portal"
    ))
    .hint(nearest)
}

#[async_trait]
impl CrmPortal for ApiClient {
    async fn modules(&self, ctx: &Context) -> CliResult<()> {
        Err(vtenext_only(ctx, "lhs records", None))
    }

    async fn records(&self, ctx: &Context, module: &Module, _args: &ListArgs) -> CliResult<()> {
        Err(vtenext_only(
            ctx,
            &format!("{} list", module.command),
            Some(module),
        ))
    }

    async fn record(&self, ctx: &Context, module: &Module, _r: &RecordRef) -> CliResult<()> {
        Err(vtenext_only(
            ctx,
            &format!("{} view", module.command),
            Some(module),
        ))
    }

    async fn company(&self, ctx: &Context) -> CliResult<()> {
        Err(vtenext_only(ctx, "lhs company", Some(crm::ACCOUNTS)))
    }

    async fn me(&self, ctx: &Context) -> CliResult<()> {
        me::on_lhs(ctx, &self.me().await?)
    }

    async fn edit_me(&self, ctx: &Context, edit: &me::edit::Args) -> CliResult<()> {
        if let Some(flag) = edit.vtenext_flag() {
            return Err(not_here(
                flag,
                "your name, e-mail and the rest are kept by your company's Administrator (`lhs users edit`); here you choose your language (--lang)",
            ));
        }
        let Some(language) = edit.lang else {
            return Err(CliError::usage("nothing to change: give --lang it|en")
                .hint("`lhs me` shows your details"));
        };
        let me = self.update_me(language).await?;
        ctx.out.success(&format!(
            "Your language is now {} (mails and portal pages)",
            me.language.as_str()
        ));
        if ctx.out.is_json() {
            ctx.out.json(&me)?;
        }
        Ok(())
    }
}
