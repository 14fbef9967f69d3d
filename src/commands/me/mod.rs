//! `lhs me`: your own details — on a vtenext portal its "I miei dati" (the contact's record),
//! on an lhs portal your account and language; `lhs me edit` changes what each lets you.

pub mod edit;

use serde::Serialize;

use crate::context::Context;
use crate::error::CliResult;
use crate::wire::Me;

/// Your own details ("I miei dati")
///
/// On a vtenext portal: your contact record as the CRM keeps it (name, e-mail, phones,
/// address, your company); `lhs me edit` changes the fields the portal lets you change. On an
/// lhs portal: your account, name, e-mail, company and the language of your mails and pages.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    Edit(edit::Args),
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    match args.command {
        None => ctx.portal()?.me(ctx).await,
        Some(Command::Edit(a)) => edit::run(ctx, a).await,
    }
}

/// `lhs me` on an lhs portal.
#[derive(Debug, Serialize)]
struct LhsMe<'a> {
    account: &'a str,
    name: &'a str,
    surname: &'a str,
    email: &'a str,
    company_name: Option<&'a str>,
    customer_code: Option<&'a str>,
    language: &'static str,
}

pub fn on_lhs(ctx: &Context, me: &Me) -> CliResult<()> {
    let out = LhsMe {
        account: &me.account,
        name: &me.name,
        surname: &me.surname,
        email: &me.email,
        company_name: me.company_name.as_deref(),
        customer_code: me.customer_code.as_deref(),
        language: me.language.as_str(),
    };
    ctx.out.object(
        &out,
        &[
            ("Account", me.account.clone()),
            ("Name", format!("{} {}", me.name, me.surname)),
            ("E-mail", me.email.clone()),
            (
                "Company",
                crate::output::or_dash(me.company_name.as_deref()),
            ),
            ("Language", me.language.as_str().to_owned()),
        ],
    )
}
