//! `lhs users list`.

use crate::context::Context;
use crate::error::CliResult;
use crate::wire::User;

/// List the operative users.
///
/// --json gives account, name, surname, email, active and permissions (area → level, Italian
/// keys) for each user.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Staff only: the customer whose users to list
    #[arg(long, value_name = "CODE")]
    pub customer: Option<String>,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let users: Vec<User> = ctx.client()?.users(args.customer.as_deref()).await?;
    if users.is_empty() && !ctx.out.is_json() {
        ctx.out.note("No users yet; add one with `lhs users add`.");
    }
    ctx.out.list(&users)
}
