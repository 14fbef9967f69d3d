//! `lhs desk staff`: the help desk's own accounts — add technicians (invited by mail), list
//! them, say who is a staff administrator, disable and enable them.

pub mod add;
pub mod admin;
pub mod list;
pub mod toggle;

use crate::output::{Tabular, when};
use crate::wire::StaffMember;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    #[command(visible_aliases = ["create", "new"])]
    Add(add::Args),
    /// List the technicians: administrator or not, active, invitation still pending
    #[command(visible_alias = "ls")]
    List,
    /// Disable a technician: no more logins; their sessions and tokens stop at once
    Disable(toggle::Args),
    /// Enable a disabled technician
    Enable(toggle::Args),
    Admin(admin::Args),
}

pub async fn run(ctx: &crate::context::Context, cmd: Command) -> crate::error::CliResult<()> {
    match cmd {
        Command::Add(a) => add::run(ctx, a).await,
        Command::List => list::run(ctx).await,
        Command::Disable(a) => toggle::run(ctx, a, false).await,
        Command::Enable(a) => toggle::run(ctx, a, true).await,
        Command::Admin(a) => admin::run(ctx, a).await,
    }
}

impl Tabular for StaffMember {
    fn headers() -> &'static [&'static str] {
        &[
            "ACCOUNT", "NAME", "SURNAME", "EMAIL", "ADMIN", "ACTIVE", "PASSWORD", "SINCE",
        ]
    }
    fn cells(&self) -> Vec<String> {
        let yes = |b: bool| if b { "yes" } else { "no" }.to_owned();
        vec![
            self.account.clone(),
            self.name.clone(),
            self.surname.clone(),
            self.email.clone(),
            yes(self.staff_admin),
            yes(self.active),
            if self.invitation_pending {
                "invited"
            } else {
                "chosen"
            }
            .to_owned(),
            when(Some(&self.created_at)),
        ]
    }
}
