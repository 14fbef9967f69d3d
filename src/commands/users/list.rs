//! `lhs users list`.

use crate::api::UserQuery;
use crate::context::Context;
use crate::error::CliResult;
use crate::wire::User;

/// List the operative users
///
/// --json gives account, name, surname, email, active and permissions (area → level, Italian
/// keys) for each user.
///
/// Examples:
///   lhs users list --search rossi
///   lhs users list --inactive --json account,email
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Staff only: the customer whose users to list
    #[arg(long, value_name = "CODE")]
    pub customer: Option<String>,
    /// Only users whose account, name, surname or e-mail contains every word (any case)
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Only enabled users
    #[arg(long, conflicts_with = "inactive")]
    pub active: bool,
    /// Only disabled users
    #[arg(long)]
    pub inactive: bool,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let filtered = args.search.is_some() || args.active || args.inactive;
    let q = UserQuery {
        customer: args.customer,
        q: args.search,
        active: match (args.active, args.inactive) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        },
    };
    let users: Vec<User> = ctx.client()?.users(&q).await?;
    if users.is_empty() && !ctx.out.is_json() {
        ctx.out.note(if filtered {
            "No users match."
        } else {
            "No users yet; add one with `lhs users add`."
        });
    }
    ctx.out.list(&users)
}
