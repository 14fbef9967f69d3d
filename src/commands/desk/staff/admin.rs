//! `lhs desk staff admin`.

use crate::context::Context;
use crate::error::CliResult;
use crate::wire::UpdateStaffRequest;

/// Make a technician a staff administrator, or not
///
/// Staff administrators also add customers, keep the catalog and contracts, and manage the
/// other technicians. Nobody changes their own flag, so the desk always keeps an
/// administrator.
///
/// Examples:
///   lhs desk staff admin bianchi.luca on
///   lhs desk staff admin bianchi.luca off
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The technician's account
    pub account: String,
    /// on or off
    #[arg(value_name = "on|off", value_parser = crate::commands::desk::customers::on_off, action = clap::ArgAction::Set)]
    pub admin: bool,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let m = ctx
        .client()?
        .update_staff(
            &args.account,
            &UpdateStaffRequest {
                active: None,
                staff_admin: Some(args.admin),
            },
        )
        .await?;
    if ctx.out.is_json() {
        ctx.out.json(&m)?;
    }
    ctx.out.success(&if m.staff_admin {
        format!("{} is a staff administrator", m.account)
    } else {
        format!("{} is no longer a staff administrator", m.account)
    });
    Ok(())
}
