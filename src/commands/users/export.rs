//! `lhs users export`.

use std::path::PathBuf;

use crate::context::Context;
use crate::error::{CliError, CliResult};
use crate::wire::User;

/// Write the users as CSV (header: name,surname,email,account,active,language and one column per
/// permission area). `lhs users import` reads the file back unchanged; so does it with --excel
/// (the file Italian Excel opens with a double click).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write to FILE instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite FILE if it exists
    #[arg(long, requires = "output")]
    pub force: bool,
    /// Staff only: the customer whose users to export
    #[arg(long, value_name = "CODE")]
    pub customer: Option<String>,
    /// For Italian Excel: `;` between cells, a BOM, Italian headers (nome, cognome, attivo,
    /// lingua, …), sì/no
    #[arg(long)]
    pub excel: bool,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    // Checked before asking the portal anything: nothing is fetched to be thrown away.
    if let Some(p) = &args.output {
        crate::output::refuse_overwrite(p, args.force, "-o")?;
    }
    let users: Vec<User> = ctx
        .client()?
        .users(&crate::api::UserQuery {
            customer: args.customer.clone(),
            ..Default::default()
        })
        .await?;
    let bytes = crate::domain::sheet::export(&users, args.excel)
        .map_err(|e| CliError::other(e.to_string()))?;
    match &args.output {
        Some(p) => {
            crate::config::write_atomic(p, &bytes, false)?;
            ctx.out.success(&format!(
                "{} written to {}",
                crate::output::count(users.len(), "user", "users"),
                p.display()
            ));
            Ok(())
        }
        None => crate::output::write_stdout(&bytes),
    }
}
