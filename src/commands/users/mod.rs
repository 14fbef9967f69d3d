//! `lhs users`: the operative users of your company, for its Administrator (staff can read
//! and manage every company's).

pub mod add;
pub mod edit;
pub mod export;
pub mod import;
pub mod list;
pub mod reset_password;
pub mod show;
pub mod toggle;

use crate::domain::permissions::{Area, Level, Permissions};
use crate::output::Tabular;
use crate::wire::{PermissionMap, User};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    #[command(visible_alias = "ls")]
    List(list::Args),
    #[command(visible_alias = "view")]
    Show(show::Args),
    #[command(visible_aliases = ["create", "new"])]
    Add(add::Args),
    Edit(edit::Args),
    /// Disable a user: no more logins, sessions and tokens stop at once
    Disable(toggle::Args),
    /// Enable a disabled user
    Enable(toggle::Args),
    ResetPassword(reset_password::Args),
    Import(import::Args),
    Export(export::Args),
}

pub async fn run(ctx: &crate::context::Context, cmd: Command) -> crate::error::CliResult<()> {
    match cmd {
        Command::List(a) => list::run(ctx, a).await,
        Command::Show(a) => show::run(ctx, a).await,
        Command::Add(a) => add::run(ctx, a).await,
        Command::Edit(a) => edit::run(ctx, a).await,
        Command::Disable(a) => toggle::run(ctx, a, false).await,
        Command::Enable(a) => toggle::run(ctx, a, true).await,
        Command::ResetPassword(a) => reset_password::run(ctx, a).await,
        Command::Import(a) => import::run(ctx, a).await,
        Command::Export(a) => export::run(ctx, a).await,
    }
}

/// clap value parser of `--perm AREA=LEVEL`.
pub fn parse_perm(s: &str) -> Result<(Area, Level), String> {
    Permissions::parse_setting(s).map_err(|e| e.to_string())
}

/// The `--perm` settings as the API's partial map.
pub fn perm_map(perms: &[(Area, Level)]) -> Option<PermissionMap> {
    (!perms.is_empty()).then(|| {
        perms
            .iter()
            .map(|(a, l)| (a.key().to_owned(), l.as_str().to_owned()))
            .collect()
    })
}

pub const PERM_HELP: &str = "Permission AREA=LEVEL, repeatable. Areas and levels: \
aggiornamenti=off|read|download, documenti|news-tecniche|news-commerciali|video=off|read|detail, \
faq=off|read, corsi=off|read|enrol, acquisti=off|on, assistenza=off|read|own|all. English \
aliases: updates, documents, tech-news, sales-news, videos, courses, purchases, support. \
Unnamed areas keep the manual's defaults (assistenza=own).";

impl Tabular for User {
    fn headers() -> &'static [&'static str] {
        &[
            "ACCOUNT",
            "NAME",
            "SURNAME",
            "EMAIL",
            "ACTIVE",
            "ASSISTENZA",
        ]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.account.clone(),
            self.name.clone(),
            self.surname.clone(),
            self.email.clone(),
            if self.active { "yes" } else { "no" }.into(),
            self.permissions
                .get("assistenza")
                .cloned()
                .unwrap_or_default(),
        ]
    }
}

/// `key: value` lines of one user.
pub fn fields(u: &User) -> Vec<(&'static str, String)> {
    let mut f = vec![
        ("Account", u.account.clone()),
        ("Name", format!("{} {}", u.name, u.surname)),
        ("E-mail", u.email.clone()),
        ("Customer", u.customer_code.clone().unwrap_or_default()),
        ("Active", if u.active { "yes" } else { "no" }.into()),
    ];
    if u.invitation_pending {
        f.push((
            "Password",
            "not chosen yet (an invitation code was e-mailed)".into(),
        ));
    } else if u.must_change_password {
        f.push((
            "Password",
            "set by the Administrator: must be changed at the next login".into(),
        ));
    }
    for a in Area::ALL {
        let key: &'static str = a.key();
        f.push((key, u.permissions.get(key).cloned().unwrap_or_default()));
    }
    f
}

/// `--lang`: it or en.
pub fn parse_language(s: &str) -> Result<crate::wire::Language, String> {
    crate::wire::Language::parse(s).ok_or_else(|| format!("`{s}`: use it or en"))
}
