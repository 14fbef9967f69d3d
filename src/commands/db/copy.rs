//! `lhs db copy`: moves a whole portal from one database to another — SQLite to PostgreSQL
//! when one `lhs serve` is no longer enough, or back.

use std::time::Instant;

use clap::Args as ClapArgs;

use crate::error::{CliError, CliResult, Kind};
use crate::output::{Output, Tabular};
use crate::server::store::bulk::{self, Copied, CopyError, Side};
use crate::server::store::{DbUrl, StoreError};

/// Copy a whole portal to another, empty database
///
/// Copies users and customers, sessions and API tokens, reset and invitation codes, the
/// catalog and contracts, tickets with their comments and attachments, SMART package
/// movements, the mail outbox, idempotency keys and throttles, with their ids: ticket numbers
/// stay the same and the next new ticket continues from the source's numbering. The search
/// index is rebuilt on the target.
///
/// The source is read in one consistent snapshot, so a portal still running on it can be
/// copied; stop it first so that nothing written afterwards is left behind. The target must
/// be empty (a new SQLite file or an empty PostgreSQL database; lhs creates the tables). It
/// is loaded in one transaction and the row counts are compared with the source's before
/// committing: if anything fails, the target is left as it was.
///
/// A database is an SQLite file (PATH or sqlite:PATH) or postgres://user@host:port/db. Put
/// the password in PGPASSWORD rather than in the URL: arguments are visible to other users
/// of the machine.
///
/// Examples:
///   PGPASSWORD=… lhs db copy --from /var/lib/lhs/portal.db \
///       --to postgres://lhs@db.example.com/lhs
///   lhs db copy --from postgres://lhs@db.example.com/lhs \
///       --to sqlite:portal-copy.db
///   lhs db copy --from portal.db --to postgres://lhs@db/lhs --json
#[derive(Debug, ClapArgs)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The database to copy from (SQLite PATH, sqlite:PATH or postgres://…)
    #[arg(long, value_name = "PATH|URL", value_parser = DbUrl::parse)]
    pub from: DbUrl,

    /// The empty database to copy to (SQLite PATH, sqlite:PATH or postgres://…)
    #[arg(long, value_name = "PATH|URL", value_parser = DbUrl::parse)]
    pub to: DbUrl,
}

impl Tabular for Copied {
    fn headers() -> &'static [&'static str] {
        &["TABLE", "ROWS"]
    }
    fn cells(&self) -> Vec<String> {
        vec![self.table.to_owned(), self.rows.to_string()]
    }
}

/// Which side an error came from, for its message.
fn side_error(side: &str, db: &DbUrl, e: &anyhow::Error) -> CliError {
    if let Some(c) = e.downcast_ref::<CopyError>() {
        return match c {
            CopyError::NotEmpty(_) => CliError::new(Kind::Conflict, format!("{side} {db}: {c}"))
                .hint("copy into a new, empty database: a new SQLite file, or `createdb` for PostgreSQL"),
            CopyError::Missing(_) => CliError::new(Kind::NotFound, format!("{side}: {c}"))
                .hint("give the path of the portal's database (`lhs serve --db`, default $XDG_DATA_HOME/lhs/portal.db)"),
            CopyError::UnknownSchema(_) => CliError::new(Kind::Invalid, format!("{side}: {c}")),
            CopyError::Mismatch(_) => CliError::new(
                Kind::Other,
                format!("{c}; nothing was committed to the target {db}"),
            ),
        };
    }
    if let Some(StoreError::Unavailable(m)) = e.downcast_ref::<StoreError>() {
        return CliError::new(Kind::Network, format!("cannot reach the {side} {db}: {m}"))
            .hint("check the host, port, database name and user; the password goes in PGPASSWORD");
    }
    CliError::other(format!("{side} {db}: {e:#}"))
}

pub async fn run(out: &Output, args: Args) -> CliResult<()> {
    if args.from == args.to {
        return Err(CliError::usage(
            "--from and --to name the same database: copy to a different one",
        ));
    }
    let started = Instant::now();
    let (from, to) = (args.from.clone(), args.to.clone());
    let progress_out = out.clone();
    let show_progress = !out.quiet && out.stderr_is_terminal();
    let copied = tokio::task::spawn_blocking(move || -> CliResult<Vec<Copied>> {
        let mut source = bulk::open_source(&from).map_err(|e| side_error("source", &from, &e))?;
        let target = bulk::open_target(&to).map_err(|e| side_error("target", &to, &e))?;
        bulk::copy(source.as_mut(), target, &mut |c| {
            if show_progress {
                progress_out.note(&format!("{}: {} rows copied", c.table, c.rows));
            }
        })
        .map_err(|f| match f.side {
            Side::Source => side_error("source", &from, &f.error),
            Side::Target => side_error("target", &to, &f.error),
        })
    })
    .await
    .map_err(|e| CliError::other(format!("the copy stopped: {e}")))??;
    let rows: i64 = copied.iter().map(|c| c.rows).sum();
    out.list(&copied)?;
    out.success(&format!(
        "Copied {rows} rows from {} to {} in {:.1}s; the counts match",
        args.from,
        args.to,
        started.elapsed().as_secs_f64()
    ));
    Ok(())
}
