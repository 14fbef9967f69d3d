//! `lhs desk section`: a new section of the catalog.

use crate::context::Context;
use crate::error::{CliError, CliResult};
use crate::wire::CatalogPath;

/// Add a section to the catalog (staff administrators)
///
/// The macro area and the area are created if they do not exist yet; adding a section that
/// exists changes nothing. Then enable it in a customer's contract (the portal's Clienti
/// page, or PUT /api/v1/customers/CODE/contract).
///
/// Example:
///   lhs desk section "Software Gestionale" Contabilità "Cespiti"
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The macro area
    pub macro_area: String,
    /// The area of the macro area
    pub area: String,
    /// The new section
    pub section: String,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    for (name, value) in [
        ("MACRO_AREA", &args.macro_area),
        ("AREA", &args.area),
        ("SECTION", &args.section),
    ] {
        crate::domain::validate::text(name, value, 200)
            .map_err(|m| CliError::invalid(m.to_string().replace(&format!("`{name}`"), name)))?;
    }
    let p = ctx
        .client()?
        .add_catalog_section(&CatalogPath {
            macro_area: args.macro_area,
            area: args.area,
            section: args.section,
        })
        .await?;
    if ctx.out.is_json() {
        ctx.out.json(&p)?;
    }
    ctx.out.success(&format!(
        "Section {} › {} › {} is in the catalog",
        p.macro_area, p.area, p.section
    ));
    Ok(())
}
