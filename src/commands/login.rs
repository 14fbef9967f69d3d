//! `lhs login`: exchanges account and password for a session, keeps it in the OS keyring (or a
//! 0600 file with `--insecure-storage`), records the profile with the kind of portal (an lhs
//! portal or a vtenext customer portal, detected when not given), and handles the forced
//! password change of lhs accounts created with a temporary password.

use crate::config::{Backend, Profile, Storage};
use crate::context::Context;
use crate::credentials::{Secret, entry_name};
use crate::error::{CliError, CliResult, Kind};
use crate::prompt::StdinLines;
use crate::wire::LoginResponse;

/// Log in to a portal
///
/// Works with lhs portals and with the customer portal of a vtenext CRM (log in there with
/// the contact's e-mail address); which one answers at --host is detected unless --backend
/// says. Prompts on a terminal for whatever is missing. In scripts pass --host, --user and
/// --password-stdin. If an lhs portal requires a new password (first login with a
/// temporary one), a second line on standard input is taken as the new password; on a
/// terminal you are asked for it. The password is never stored: only the session is.
///
/// Examples:
///   lhs login --host https://portal.example.com --user rossi.mario
///   printf '%s\n' "$PW" | lhs login --host … --user rossi.mario --password-stdin
///   printf '%s\n%s\n' "$TEMP_PW" "$NEW_PW" | lhs login --user bianchi.anna \
///       --password-stdin
///   lhs login --host https://crm.example.com --backend vtenext \
///       --user mario.rossi@example.com
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Account: cognome.nome, or the customer code for an Administrator; on vtenext the
    /// contact's e-mail address
    #[arg(long, short = 'u', value_name = "ACCOUNT")]
    pub user: Option<String>,

    /// Read the password (and, if a change is required, the new one) from standard input
    #[arg(long)]
    pub password_stdin: bool,

    /// Keep the token in a 0600 file next to the config instead of the OS keyring
    #[arg(long)]
    pub insecure_storage: bool,

    /// The kind of portal: lhs, or a vtenext CRM's customer portal [default: detected]
    #[arg(long, value_enum, value_name = "KIND")]
    pub backend: Option<Backend>,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let prev = ctx.profile_entry().cloned();
    let host = match ctx.host_flag()? {
        Some(h) => h,
        None => match &prev {
            Some(p) => p.host.clone(),
            None => crate::api::normalize_host(&ctx.prompt.input("Portal URL", "--host", None)?)?,
        },
    };
    let same_host = prev.as_ref().filter(|p| p.host == host);
    let backend = match (args.backend, same_host) {
        (Some(b), _) => b,
        (None, Some(p)) => p.backend,
        (None, None) => {
            let found = crate::api::detect_backend(&ctx.anonymous(&host)?).await?;
            ctx.out.note(&match found {
                Backend::Lhs => format!("{host} is an lhs portal"),
                Backend::Vtenext => format!("{host} is a vtenext customer portal"),
            });
            found
        }
    };
    let account = if let Some(a) = args.user.clone() {
        a
    } else {
        let default = same_host.map(|p| p.account.as_str());
        let label = match backend {
            Backend::Lhs => "Account",
            Backend::Vtenext => "E-mail",
        };
        match (default, ctx.prompt.interactive()) {
            (Some(d), false) => d.to_owned(),
            (d, _) => ctx.prompt.input(label, "--user", d)?,
        }
    };
    // A profile that chose the file keeps it; --insecure-storage chooses it.
    let mut storage =
        if args.insecure_storage || prev.as_ref().is_some_and(|p| p.storage == Storage::File) {
            Storage::File
        } else {
            Storage::Keyring
        };
    // The login as typed, for hints that must keep every flag in use.
    let mut typed = format!(
        "lhs login --host {} --user {}",
        crate::output::shell_quote(&host),
        crate::output::shell_quote(&account)
    );
    if ctx.profile != "default" {
        typed.push_str(&format!(
            " --profile {}",
            crate::output::shell_quote(&ctx.profile)
        ));
    }
    if args.backend.is_some() || backend == Backend::Vtenext {
        typed.push_str(&format!(" --backend {}", backend.as_str()));
    }
    // Where the session will be kept must work before the password is asked for.
    if let Err(e) = ctx.creds.probe(storage) {
        if !crate::credentials::is_no_keyring(&e) {
            return Err(e);
        }
        // On a terminal, offer the file (as gh does); elsewhere say exactly what to run.
        let offer = format!(
            "{}. Keep the session token in {} instead (readable only by you)?",
            e.message,
            ctx.creds.file_path().display()
        );
        if ctx.prompt.interactive() && ctx.prompt.confirm(&offer, "--insecure-storage")? {
            storage = Storage::File;
        } else {
            let e = crate::credentials::login_hint(e, &typed);
            return Err(match backend {
                Backend::Lhs => crate::credentials::with_token_hint(e),
                Backend::Vtenext => e,
            });
        }
    }
    let mut stdin = args.password_stdin.then(StdinLines::new);
    let password = match stdin.as_mut() {
        Some(lines) => lines.next("--password-stdin")?,
        None if ctx.prompt.interactive() => ctx.prompt.password("Password", "--password-stdin")?,
        None => {
            return Err(ctx
                .prompt
                .missing(&["password: pipe it with --password-stdin"]));
        }
    };
    if backend == Backend::Vtenext {
        let mut v = ctx.vtenext(&host, None, false)?;
        let session = v.login(&account, &password).await?;
        let token = Secret::new(session.to_secret());
        remember(
            ctx,
            prev.as_ref(),
            &host,
            &session.user_name,
            storage,
            backend,
            &token,
        )?;
        ctx.out.success(&format!(
            "Logged in to {host} as {} (vtenext customer portal)",
            session.user_name
        ));
        storage_note(ctx, storage);
        return Ok(());
    }
    let api = ctx.anonymous(&host)?;
    let resp: LoginResponse = api.login(&account, &password).await?;
    let token = Secret::new(resp.token);
    let session = token.clone();
    let source = storage.into();
    if let Err(e) = remember(
        ctx,
        prev.as_ref(),
        &host,
        &resp.me.account,
        storage,
        backend,
        &token,
    )
    .map_err(|e| crate::credentials::with_token_hint(crate::credentials::login_hint(e, &typed)))
    {
        // Leave nothing behind on either side: the session we cannot keep is revoked.
        let client = ctx.client_with(&host, token, crate::credentials::TokenSource::Env)?;
        let _ = client.logout().await;
        return Err(e);
    }
    ctx.out.success(&format!(
        "Logged in to {host} as {} ({})",
        resp.me.account,
        resp.me.role.as_str()
    ));
    storage_note(ctx, storage);
    if resp.must_change_password {
        let new = match stdin.as_mut() {
            Some(lines) => lines.next("new password (second line of --password-stdin)").map_err(|_| {
                CliError::new(Kind::Auth, "you must change your temporary password before using the portal")
                    .hint(format!("run `{}`, or pipe the new password as a second line to `{} --password-stdin`", ctx.profiled("passwd"), ctx.profiled("login")))
            })?,
            None if ctx.prompt.interactive() => {
                ctx.out.note("Your password is temporary: choose a new one.");
                ctx.prompt.new_password("New password", "--password-stdin")?
            }
            None => {
                return Err(CliError::new(
                    Kind::Auth,
                    "you must change your temporary password before using the portal",
                )
                .hint(format!("run `{}`", ctx.profiled("passwd"))));
            }
        };
        crate::domain::validate::password(&new).map_err(CliError::invalid)?;
        let client = ctx.client_with(&host, session, source)?;
        client.change_password(&password, &new).await?;
        ctx.out.success("Password changed");
    }
    Ok(())
}

/// Keeps the session secret and records the profile; the previous profile's secret goes
/// when it is replaced.
pub(crate) fn remember(
    ctx: &Context,
    prev: Option<&Profile>,
    host: &str,
    account: &str,
    storage: Storage,
    backend: Backend,
    secret: &Secret,
) -> CliResult<()> {
    let name = entry_name(&ctx.profile, host, account);
    ctx.creds.store(storage, &name, secret)?;
    if let Some(p) = prev {
        let old = entry_name(&ctx.profile, &p.host, &p.account);
        if old != name || p.storage != storage {
            let _ = ctx.creds.delete(p.storage, &old);
        }
    }
    let mut config = ctx.config.clone();
    config.profiles.insert(
        ctx.profile.clone(),
        Profile {
            host: host.to_owned(),
            account: account.to_owned(),
            storage,
            backend,
        },
    );
    if config.default_profile.is_none() {
        config.default_profile = Some(ctx.profile.clone());
    }
    config.save(&ctx.config_dir)
}

fn storage_note(ctx: &Context, storage: Storage) {
    if storage == Storage::File {
        ctx.out.note(&format!(
            "The session is stored in {} (mode 0600), not in the OS keyring.",
            ctx.creds.file_path().display()
        ));
    }
}
