//! `lhs catalog`: the caller's contract tree (staff: the whole catalog, or a customer's).

use crate::context::Context;
use crate::error::CliResult;
use crate::wire::CatalogMacroArea;

/// The sections your contract enables: macro area › area › section.
///
/// These are the values `lhs tickets new` accepts (case does not matter). Lines starting
/// with `!` are the help desk's notices for requests there.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Staff only: show this customer's contract instead of the whole catalog
    #[arg(long, value_name = "CODE")]
    pub customer: Option<String>,
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    let tree: Vec<CatalogMacroArea> = ctx.client()?.catalog(args.customer.as_deref()).await?;
    if ctx.out.is_json() {
        return ctx.out.json(&tree);
    }
    if tree.is_empty() {
        ctx.out.note("No sections are enabled in the contract.");
        return Ok(());
    }
    let mut s = String::new();
    let notice = |s: &mut String, indent: &str, n: Option<&String>| {
        if let Some(n) = n {
            s.push_str(&format!("{indent}! {n}\n"));
        }
    };
    for m in &tree {
        s.push_str(&m.name);
        s.push('\n');
        notice(&mut s, "  ", m.notice.as_ref());
        for a in &m.areas {
            s.push_str(&format!("  {}\n", a.name));
            notice(&mut s, "    ", a.notice.as_ref());
            for sec in &a.sections {
                s.push_str(&format!("    {sec}\n"));
                notice(&mut s, "      ", a.section_notices.get(sec));
            }
        }
    }
    ctx.out.print(&s)
}
