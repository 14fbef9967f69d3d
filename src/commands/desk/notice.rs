//! `lhs desk notice`: notices on catalog nodes, for the new-ticket form.

use crate::context::Context;
use crate::error::{CliError, CliResult};
use crate::wire::CatalogNoticeRequest;

/// Set or clear the notice of a catalog node (staff administrators)
///
/// Customers see it in `lhs catalog` and when they choose that node in an interactive
/// `lhs tickets new`, e.g. to send requests to the right section.
///
/// Examples:
///   lhs desk notice --macro-area "Software Gestionale" \
///       --text "Fattura elettronica? Scegliete Fatturazione Elettronica"
///   lhs desk notice --macro-area "Software Gestionale" --area Contabilità \
///       --section "Prima nota" --clear
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["text", "clear"])))]
pub struct Args {
    #[arg(long, value_name = "NAME")]
    pub macro_area: String,
    #[arg(long, value_name = "NAME")]
    pub area: Option<String>,
    #[arg(long, value_name = "NAME", requires = "area")]
    pub section: Option<String>,
    /// The notice (one line)
    #[arg(long, value_name = "TEXT")]
    pub text: Option<String>,
    /// Remove the notice
    #[arg(long)]
    pub clear: bool,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    if let Some(t) = &args.text {
        crate::domain::validate::text("text", t, 500)
            .map_err(|m| CliError::invalid(m.to_string().replace("`text`", "--text")))?;
    }
    let path = [
        Some(args.macro_area.as_str()),
        args.area.as_deref(),
        args.section.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" › ");
    let tree = ctx
        .client()?
        .set_catalog_notice(&CatalogNoticeRequest {
            macro_area: args.macro_area.clone(),
            area: args.area.clone(),
            section: args.section.clone(),
            notice: args.text.clone(),
        })
        .await?;
    if ctx.out.is_json() {
        ctx.out.json(&tree)?;
    }
    ctx.out.success(&if args.clear {
        format!("Notice of {path} removed")
    } else {
        format!("Notice of {path} set")
    });
    Ok(())
}
