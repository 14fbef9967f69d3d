//! `lhs users add`.

use crate::context::Context;
use crate::domain::permissions::{Area, Level};
use crate::error::{CliError, CliResult};
use crate::prompt::StdinLines;
use crate::wire::{CreateUserRequest, User};

/// Create an operative user of your company
///
/// The user receives a summary of the configuration and, without --password-stdin, a
/// single-use invitation code to choose a password (no password is ever e-mailed). With
/// --password-stdin you give an initial password, which the user must change at the first
/// login. On a terminal, missing names are asked for.
///
/// Examples:
///   lhs users add --name Anna --surname Bianchi --email anna.bianchi@example.com \
///       --account bianchi.anna --perm assistenza=all --perm acquisti=on
///   printf '%s\n' "$PW" | lhs users add … --password-stdin
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// First name (nome)
    #[arg(long)]
    pub name: Option<String>,
    /// Surname (cognome)
    #[arg(long)]
    pub surname: Option<String>,
    /// E-mail address: notifications of the user's tickets go there
    #[arg(long)]
    pub email: Option<String>,
    /// Login account, usually cognome.nome
    #[arg(long)]
    pub account: Option<String>,
    /// Give an initial password, read from standard input (the user must change it at the
    /// first login) instead of mailing an invitation code
    #[arg(long)]
    pub password_stdin: bool,
    #[arg(long = "perm", value_name = "AREA=LEVEL", value_parser = crate::cli::Listed::new(super::parse_perm, crate::cli::perm_values), hide_possible_values = true, help = super::PERM_HELP)]
    pub perms: Vec<(Area, Level)>,
    /// Create the user disabled
    #[arg(long)]
    pub inactive: bool,
    /// The language of the user's e-mails: it (default) or en
    #[arg(long, value_name = "it|en", value_parser = super::parse_language)]
    pub lang: Option<crate::wire::Language>,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    // Given values are checked as given; asked ones are trimmed and asked again until valid.
    let ask = |v: Option<String>,
               prompt: &str,
               flag: &str,
               default: Option<&str>,
               check: &dyn Fn(&str) -> Result<(), String>|
     -> CliResult<String> {
        match v {
            Some(v) => check(&v).map(|()| v).map_err(CliError::invalid),
            None => ctx
                .prompt
                .input_parsed(prompt, flag, default, |s| check(s).map(|()| s.to_owned())),
        }
    };
    let name = ask(args.name, "Name (nome)", "--name", None, &|s| {
        Ok(crate::domain::validate::text("--name", s, 100)?)
    })?;
    let surname = ask(args.surname, "Surname (cognome)", "--surname", None, &|s| {
        Ok(crate::domain::validate::text("--surname", s, 100)?)
    })?;
    let email = ask(args.email, "E-mail", "--email", None, &|s| {
        Ok(crate::domain::validate::email(s)?)
    })?;
    let default_account =
        format!("{}.{}", surname.to_lowercase(), name.to_lowercase()).replace(' ', "");
    let account = ask(
        args.account,
        "Account",
        "--account",
        Some(&default_account),
        &|s| Ok(crate::domain::validate::account(s)?),
    )?;
    let password = if args.password_stdin {
        Some(StdinLines::new().new_password("--password-stdin")?)
    } else {
        None
    };
    let invited = password.is_none();
    let u: User = ctx
        .client()?
        .create_user(&CreateUserRequest {
            name,
            surname,
            email,
            account,
            password,
            permissions: super::perm_map(&args.perms),
            active: Some(!args.inactive),
            language: args.lang,
        })
        .await?;
    if ctx.out.is_json() {
        ctx.out.json(&u)?;
    }
    ctx.out.success(&format!("User {} created", u.account));
    if invited {
        ctx.out.note(&format!(
            "An invitation code to choose a password was e-mailed to {}.",
            u.email
        ));
    } else {
        ctx.out.note(&format!(
            "{} must change the initial password at the first login.",
            u.account
        ));
    }
    Ok(())
}
