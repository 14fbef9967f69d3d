//! `lhs records`: any module of a vtenext customer portal by its name — those lhs has a noun
//! for and those it has not (Assets, Scadenze, a module the CRM's administrators added).

pub mod list;
pub mod view;

use crate::commands::crm;
use crate::context::Context;
use crate::error::{CliError, CliResult};

/// Any module of a vtenext portal (Scadenze, Assets…): list, view
///
/// `lhs records` alone lists the modules the portal shows you and the command for each. MODULE
/// is vtenext's name (Assets, ProjectMilestone), the portal menu's word (Scadenze) or the lhs
/// noun (quotes). vtenext portals only.
///
/// Examples:
///   lhs records
///   lhs records Scadenze list
///   lhs records Assets view 51
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment, subcommand_negates_reqs = true)]
pub struct Args {
    /// The module (see `lhs records`)
    #[arg(value_name = "MODULE", value_parser = crate::cli::Listed::new(|s| Ok(s.to_owned()), crm::module_names), hide_possible_values = true)]
    pub module: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    #[command(visible_alias = "ls")]
    List(list::Args),
    #[command(visible_alias = "show")]
    View(view::Args),
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let Some(name) = args.module else {
        if args.command.is_some() {
            return Err(
                CliError::usage("name the module first: lhs records MODULE list|view")
                    .hint("`lhs records` lists the modules"),
            );
        }
        return ctx.portal()?.modules(ctx).await;
    };
    let module = crm::find(&name);
    match args.command {
        None => Err(
            CliError::usage(format!("lhs records {name}: say list or view"))
                .hint(format!("lhs records {name} list")),
        ),
        Some(Command::List(a)) => list::run(ctx, &module, a).await,
        Some(Command::View(a)) => view::run(ctx, &module, a).await,
    }
}
