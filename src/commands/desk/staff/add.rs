//! `lhs desk staff add`.

use crate::context::Context;
use crate::error::{CliError, CliResult};
use crate::wire::CreateStaffRequest;

/// Add a technician to the help desk
///
/// The technician is e-mailed a single-use invitation code (and the portal's link) to choose
/// a password: staff never set someone else's password. Only staff administrators add
/// technicians; --admin makes the new one an administrator too.
///
/// Example:
///   lhs desk staff add bianchi.luca --name Luca --surname Bianchi \
///       --email luca.bianchi@desk.example
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Login account (letters, digits, dot, dash, underscore)
    pub account: String,
    /// First name
    #[arg(long)]
    pub name: String,
    /// Surname
    #[arg(long)]
    pub surname: String,
    /// E-mail address: the invitation goes there
    #[arg(long, value_name = "EMAIL")]
    pub email: String,
    /// A staff administrator too
    #[arg(long)]
    pub admin: bool,
    /// The language of the technician's e-mails and pages: it (default) or en
    #[arg(long, value_name = "it|en", value_parser = crate::commands::users::parse_language)]
    pub lang: Option<crate::wire::Language>,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    crate::domain::validate::account(&args.account)
        .map_err(|m| CliError::usage(format!("ACCOUNT: {m}")))?;
    crate::domain::validate::email(&args.email)
        .map_err(|m| CliError::usage(format!("--email: {m}")))?;
    let m = ctx
        .client()?
        .create_staff(&CreateStaffRequest {
            account: args.account,
            name: args.name,
            surname: args.surname,
            email: args.email,
            staff_admin: Some(args.admin),
            language: args.lang,
        })
        .await?;
    if ctx.out.is_json() {
        ctx.out.json(&m)?;
    }
    ctx.out.success(&format!(
        "Technician {} added{}",
        m.account,
        if m.staff_admin {
            " as a staff administrator"
        } else {
            ""
        }
    ));
    ctx.out.note(&format!(
        "They log in as {} after choosing a password with the invitation code e-mailed to {}.",
        m.account, m.email
    ));
    Ok(())
}
