//! `lhs desk staff disable` and `lhs desk staff enable`.

use crate::context::Context;
use crate::error::CliResult;
use crate::wire::UpdateStaffRequest;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The technician's account
    pub account: String,
}

pub async fn run(ctx: &Context, args: Args, enable: bool) -> CliResult<()> {
    let m = ctx
        .client()?
        .update_staff(
            &args.account,
            &UpdateStaffRequest {
                active: Some(enable),
                staff_admin: None,
            },
        )
        .await?;
    if ctx.out.is_json() {
        ctx.out.json(&m)?;
    }
    ctx.out.success(&if enable {
        format!("Technician {} enabled", m.account)
    } else {
        format!(
            "Technician {} disabled; their sessions and tokens no longer work",
            m.account
        )
    });
    Ok(())
}
