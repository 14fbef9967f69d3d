//! `lhs desk orders reject`.

use crate::context::Context;
use crate::error::{CliError, CliResult};

/// Reject an order, with the reason the buyer is mailed
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The order's id
    pub id: i64,
    /// Why (one line, mailed to the buyer; asked for on a terminal)
    #[arg(long, short = 'r', value_name = "TEXT")]
    pub reason: Option<String>,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let check = |s: &str| {
        crate::domain::validate::text("reason", s, 500)
            .map(|()| s.to_owned())
            .map_err(|m| m.to_string().replace("`reason`", "the reason"))
    };
    let reason = match args.reason {
        Some(r) => check(&r).map_err(|m| CliError::invalid(m.replace("the reason", "--reason")))?,
        None if ctx.prompt.interactive() => {
            ctx.prompt
                .input_parsed("Reason (mailed to the buyer)", "--reason", None, check)?
        }
        None => return Err(ctx.prompt.missing(&["--reason"])),
    };
    let o = ctx.client()?.reject_order(args.id, &reason).await?;
    if ctx.out.is_json() {
        ctx.out.json(&o)?;
    }
    ctx.out
        .success(&format!("Order {} rejected; the buyer is told why", o.id));
    Ok(())
}
