//! `lhs users edit`.

use crate::context::Context;
use crate::domain::permissions::{Area, Level};
use crate::error::{CliError, CliResult};
use crate::prompt::StdinLines;
use crate::wire::{UpdateUserRequest, User};

/// Change a user
///
/// Only what you name changes; --perm settings are merged over the current permissions.
/// The Administrator may set a password (--password-stdin): it signs the user out everywhere
/// and must be changed at the next login. The help desk cannot set passwords: use
/// `lhs users reset-password ACCOUNT`, which mails the user a code.
///
/// Example:
///   lhs users edit bianchi.anna --perm assistenza=all --email anna@example.com
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The user's account
    pub account: String,
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long)]
    pub surname: Option<String>,
    #[arg(long)]
    pub email: Option<String>,
    #[arg(long = "perm", value_name = "AREA=LEVEL", value_parser = crate::cli::Listed::new(super::parse_perm, crate::cli::perm_values), hide_possible_values = true, help = super::PERM_HELP)]
    pub perms: Vec<(Area, Level)>,
    /// The language of the user's e-mails: it or en
    #[arg(long, value_name = "it|en", value_parser = super::parse_language)]
    pub lang: Option<crate::wire::Language>,
    /// Administrator: set a password, read from standard input; the user must change it at
    /// the next login
    #[arg(long)]
    pub password_stdin: bool,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let password = if args.password_stdin {
        Some(StdinLines::new().new_password("--password-stdin")?)
    } else {
        None
    };
    if let Some(e) = &args.email {
        crate::domain::validate::email(e).map_err(CliError::invalid)?;
    }
    for (flag, value) in [("--name", &args.name), ("--surname", &args.surname)] {
        if let Some(v) = value {
            crate::domain::validate::text(flag, v, 100).map_err(CliError::invalid)?;
        }
    }
    let req = UpdateUserRequest {
        name: args.name,
        surname: args.surname,
        email: args.email,
        permissions: super::perm_map(&args.perms),
        active: None,
        language: args.lang,
        password,
    };
    if req.name.is_none()
        && req.surname.is_none()
        && req.email.is_none()
        && req.permissions.is_none()
        && req.language.is_none()
        && req.password.is_none()
    {
        return Err(CliError::usage("nothing to change").hint(
            "name at least one of --name, --surname, --email, --perm, --lang, --password-stdin",
        ));
    }
    let u: User = ctx.client()?.update_user(&args.account, &req).await?;
    if ctx.out.is_json() {
        ctx.out.json(&u)?;
    }
    ctx.out.success(&format!("User {} updated", u.account));
    Ok(())
}
