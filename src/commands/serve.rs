//! `lhs serve`: resolves flags into server settings, opens the database, bootstraps the first
//! staff account or seeds dev data, starts the server and stops it gracefully on SIGINT/SIGTERM.

use std::io::{BufRead, IsTerminal, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use crate::domain::duration;
use crate::error::{CliError, CliResult, Kind};
use crate::server::store::{DbUrl, SharedStore};
use crate::server::{RunningServer, Settings, seed};

fn parse_duration(s: &str) -> Result<Duration, String> {
    duration::parse(s)
}

/// `10.0.0.0/8`, `192.168.1.10` (one address), `::1`.
fn parse_net(s: &str) -> Result<ipnet::IpNet, String> {
    let s = s.trim();
    s.parse::<ipnet::IpNet>()
        .or_else(|_| s.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
        .map_err(|_| {
            format!("invalid address or CIDR range `{s}` (e.g. 10.0.0.0/8, 127.0.0.1, ::1)")
        })
}

/// Run the portal server
///
/// Serves the HTTP JSON API under /api/v1 (OpenAPI at /api/v1/openapi.json, liveness at
/// /healthz) on SQLite (a file) or PostgreSQL (a URL; several `lhs serve` may share one).
/// On an empty database, create the first staff account with --bootstrap-staff; for a
/// throw-away portal with demo data use --dev.
///
/// Examples:
///   LHS_BOOTSTRAP_PASSWORD=… lhs serve --bootstrap-staff desk \
///       --bootstrap-email desk@example.com
///   lhs serve --db /var/lib/lhs/portal.db --listen 0.0.0.0:8080 \
///       --smtp smtp://mail:25
///   LHS_DB=postgres://lhs:…@db.example.com/lhs lhs serve --listen 0.0.0.0:8080
///   lhs serve --dev
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct ServeArgs {
    /// The database: an SQLite file (PATH or sqlite:PATH) or postgres://user:pass@host/db
    /// (put a password in LHS_DB or PGPASSWORD, not on the command line; TLS with libpq's
    /// ?sslmode=…&sslrootcert=FILE, verify-full across a network)
    /// [default: $XDG_DATA_HOME/lhs/portal.db]
    #[arg(long, env = "LHS_DB", hide_env_values = true, value_name = "PATH|URL", value_parser = parse_db)]
    pub db: Option<DbUrl>,

    /// Connections to PostgreSQL this instance keeps open (several instances share the
    /// server's max_connections) [default: twice the cores, at least 4]
    #[arg(long, env = "LHS_DB_CONNECTIONS", value_name = "N", value_parser = crate::cli::between::<u16>(1, 1000))]
    pub db_connections: Option<u16>,

    /// Address to listen on (port 0 picks a free port)
    #[arg(
        long,
        env = "LHS_LISTEN",
        hide_env_values = true,
        value_name = "ADDR",
        default_value = "127.0.0.1:8080"
    )]
    pub listen: SocketAddr,

    /// SMTP server for notifications: smtp://host:port, smtp://host:port?tls=required
    /// (STARTTLS) or smtps://host:port. Put credentials in LHS_SMTP_URL, not on the command
    /// line. Without it mails stay in the outbox.
    #[arg(long, env = "LHS_SMTP_URL", value_name = "URL", hide_env_values = true)]
    pub smtp: Option<String>,

    /// Sender of notification e-mails
    #[arg(
        long,
        env = "LHS_MAIL_FROM",
        hide_env_values = true,
        value_name = "ADDR",
        default_value = "lhs <noreply@localhost>"
    )]
    pub mail_from: String,

    /// Base URL of the portal, used in e-mails [default: http://<listen address>]
    #[arg(
        long,
        env = "LHS_PUBLIC_URL",
        hide_env_values = true,
        value_name = "URL"
    )]
    pub public_url: Option<String>,

    /// Lifetime of a login session
    #[arg(long, value_name = "DURATION", default_value = "14d", value_parser = parse_duration)]
    pub session_ttl: Duration,

    /// Lifetime of the invitation code mailed to an account created without a password
    #[arg(long, value_name = "DURATION", default_value = "7d", value_parser = parse_duration)]
    pub invite_ttl: Duration,

    /// Reverse proxies whose X-Forwarded-For header names the client (for the login and
    /// reset throttles). Addresses or CIDR ranges, repeatable or comma-separated; without it
    /// the header is ignored.
    #[arg(long, env = "LHS_TRUST_PROXY", value_name = "CIDR", value_delimiter = ',', value_parser = parse_net)]
    pub trust_proxy: Vec<ipnet::IpNet>,

    /// Close `risposto` tickets after this long without customer activity
    #[arg(long, value_name = "DURATION", default_value = "7d", value_parser = parse_duration)]
    pub autoclose_after: Duration,

    /// How long after closing a ticket its customer (or the desk) may still reopen it; after
    /// that, `lhs tickets reopen` says to open a new ticket. `0s` turns reopening off
    #[arg(long, value_name = "DURATION", default_value = "7d", value_parser = parse_duration)]
    pub reopen_within: Duration,

    /// How often the auto-close sweep runs
    #[arg(long, value_name = "DURATION", default_value = "10m", value_parser = parse_duration)]
    pub sweep_interval: Duration,

    /// How often the mail worker retries the outbox when idle
    #[arg(long, value_name = "DURATION", default_value = "5s", value_parser = parse_duration)]
    pub mail_interval: Duration,

    /// Create this staff administrator before serving. The password comes from
    /// LHS_BOOTSTRAP_PASSWORD, or from standard input (prompted on a terminal).
    #[arg(long, value_name = "ACCOUNT")]
    pub bootstrap_staff: Option<String>,

    /// E-mail address of the bootstrapped staff account
    #[arg(
        long,
        value_name = "EMAIL",
        default_value = "desk@localhost.localdomain",
        requires = "bootstrap_staff"
    )]
    pub bootstrap_email: String,

    /// Dev mode: a temporary database seeded with demo accounts and catalog; with --db, an
    /// empty database is seeded and kept, and one an earlier --dev seeded is reused
    #[arg(long, conflicts_with = "bootstrap_staff")]
    pub dev: bool,

    /// Password of every dev account [default: random, printed]
    #[arg(
        long,
        env = "LHS_DEV_PASSWORD",
        value_name = "PW",
        requires = "dev",
        hide_env_values = true
    )]
    pub dev_password: Option<String>,
}

fn parse_db(s: &str) -> Result<DbUrl, String> {
    DbUrl::parse(s)
}

fn default_db() -> CliResult<PathBuf> {
    dirs::data_dir()
        .map(|d| d.join("lhs").join("portal.db"))
        .ok_or_else(|| CliError::usage("cannot find the XDG data directory").hint("pass --db PATH"))
}

fn read_bootstrap_password() -> CliResult<String> {
    if let Ok(p) = std::env::var("LHS_BOOTSTRAP_PASSWORD") {
        return Ok(p);
    }
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return dialoguer::Password::new()
            .with_prompt("Password for the staff account")
            .with_confirmation("Repeat it", "the passwords do not match")
            .interact()
            .map_err(|e| CliError::other(format!("cannot read the password: {e}")));
    }
    let mut line = String::new();
    stdin.lock().read_line(&mut line)?;
    let p = line.trim_end_matches(['\r', '\n']).to_owned();
    if p.is_empty() {
        return Err(CliError::usage("no password for --bootstrap-staff")
            .hint("set LHS_BOOTSTRAP_PASSWORD or pipe the password on standard input"));
    }
    Ok(p)
}

/// A random dev password that always satisfies the policy (letters and digits).
fn dev_password() -> String {
    crate::server::auth::random_password()
}

/// Opens the store, runs the server, prints how to reach it; returns on a signal.
pub async fn run(args: ServeArgs) -> CliResult<()> {
    init_logging();
    let settings = Settings {
        listen: args.listen,
        smtp: args.smtp.clone(),
        mail_from: args.mail_from.clone(),
        session_ttl: args.session_ttl,
        invite_ttl: args.invite_ttl,
        autoclose_after: args.autoclose_after,
        reopen_within: args.reopen_within,
        sweep_interval: args.sweep_interval,
        mail_interval: args.mail_interval,
        public_url: args.public_url.clone(),
        trust_proxy: args.trust_proxy.clone(),
        ..Settings::default()
    };
    // Configuration mistakes stop the start, before anything is opened or queued.
    settings.check().map_err(CliError::usage)?;
    let mut _tempdir = None;
    let db: DbUrl = match (&args.db, args.dev) {
        (Some(p), _) => p.clone(),
        (None, true) => {
            let dir = tempfile::Builder::new().prefix("lhs-dev-").tempdir()?;
            let p = dir.path().join("portal.db");
            _tempdir = Some(dir);
            DbUrl::Sqlite(p)
        }
        (None, false) => DbUrl::Sqlite(default_db()?),
    };
    // What must be known before anything blocking runs.
    let dev_pw = if args.dev {
        let pw = args.dev_password.clone().unwrap_or_else(dev_password);
        crate::domain::validate::password(&pw)
            .map_err(|m| CliError::usage(format!("--dev-password: {m}")))?;
        Some(pw)
    } else {
        None
    };
    let bootstrap = match (&args.bootstrap_staff, args.dev) {
        (Some(account), false) => Some((
            account.clone(),
            args.bootstrap_email.clone(),
            read_bootstrap_password()?,
        )),
        _ => None,
    };
    // Opening may connect and migrate, seeding writes: blocking work, off the async runtime.
    let url = db.clone();
    let seed_pw = dev_pw.clone();
    let connections = args.db_connections.map_or_else(
        crate::server::store::postgres::default_connections,
        usize::from,
    );
    let (store, dev_data) = tokio::task::spawn_blocking(move || -> CliResult<(SharedStore, _)> {
        let store = crate::server::store::open(&url, connections).map_err(|e| {
            CliError::new(Kind::Network, format!("{e:#}"))
                .hint("check --db / LHS_DB: the database must be reachable and writable")
        })?;
        let mut dev_data = None;
        if let Some(pw) = &seed_pw {
            dev_data = Some(
                seed::dev_or_reuse(&*store, pw)
                    .map_err(|e| CliError::new(Kind::Conflict, e.to_string()))?,
            );
        } else if let Some((account, email, pw)) = &bootstrap {
            seed::bootstrap_staff(&*store, account, email, pw).map_err(|e| {
                let kind = if matches!(e, crate::server::service::Error::Invalid { .. }) {
                    Kind::Usage
                } else {
                    Kind::Conflict
                };
                CliError::new(kind, format!("--bootstrap-staff: {e}"))
            })?;
            tracing::info!(account = %account, "bootstrapped staff administrator");
        } else if seed::staff_count(&*store).map_err(|e| CliError::other(e.to_string()))? == 0 {
            tracing::warn!(
                "no staff account yet: restart with --bootstrap-staff ACCOUNT (password from LHS_BOOTSTRAP_PASSWORD or stdin)"
            );
        }
        Ok((store, dev_data))
    })
    .await
    .map_err(|e| CliError::other(e.to_string()))??;
    let server = crate::server::start(settings, store)
        .await
        .map_err(|e| CliError::new(Kind::Network, format!("{e:#}")))?;
    let url = format!("http://{}", server.addr);
    let mut out = std::io::stdout().lock();
    match &dev_pw {
        Some(pw) => {
            let kept = match (&args.db, dev_data) {
                (None, _) => DevDb::Temporary,
                (Some(_), Some(seed::DevData::Reused)) => DevDb::Reused,
                (Some(_), _) => DevDb::Kept,
            };
            let _ = write!(out, "{}", dev_banner(&url, pw, &db.to_string(), kept));
        }
        None => {
            let _ = writeln!(out, "lhs portal listening on {url} (database {db})");
        }
    }
    let _ = out.flush();
    drop(out);
    wait_and_stop(server).await
}

/// Where a dev portal's data lives, for the banner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DevDb {
    /// A temporary database, removed when the server stops.
    Temporary,
    /// `--db FILE`, seeded now and kept.
    Kept,
    /// `--db FILE` seeded by an earlier `--dev` run, reused as it is.
    Reused,
}

/// The dev banner, à la `vault server -dev`.
pub fn dev_banner(url: &str, password: &str, db: &str, kept: DevDb) -> String {
    let data = match kept {
        DevDb::Temporary => {
            format!("The data lives in {db} and is lost when the server stops.")
        }
        DevDb::Kept => format!(
            "The data lives in {db} and is kept: `lhs serve --dev --db` on it again\n\
             starts from where this run stops."
        ),
        DevDb::Reused => format!(
            "Reusing the dev data an earlier --dev run left in {db}; the dev\n\
             accounts' password is this run's."
        ),
    };
    format!(
        "lhs dev portal listening on {url}\n\
         \n\
         WARNING: dev mode. {data}\n\
         \n\
         Accounts (password for all: {password}):\n\
         \x20 staff         help-desk staff administrator\n\
         \x20 C0001         Administrator of customer C0001 (Demo S.r.l.)\n\
         \x20 rossi.mario   operative user of C0001 (Mario Rossi)\n\
         \n\
         In a browser: {url}/ (sign in with an account above)\n\
         \n\
         To use the CLI against it:\n\
         \n\
         \x20   export LHS_HOST={url}\n\
         \x20   lhs login --user rossi.mario\n\
         \n"
    )
}

async fn wait_and_stop(mut server: RunningServer) -> CliResult<()> {
    let stopped = tokio::select! {
        () = shutdown_signal() => false,
        r = server.wait() => { r.map_err(|e| CliError::new(Kind::Network, format!("server stopped: {e:#}")))?; true }
    };
    if !stopped {
        tracing::info!("shutting down");
        server
            .shutdown()
            .await
            .map_err(|e| CliError::other(format!("shutdown: {e:#}")))?;
    }
    Ok(())
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate()).expect("install SIGTERM handler");
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("LHS_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none())
        .with_target(false)
        .try_init();
}
