//! The catalog (macro area → area → section): customers see their contract, staff the whole
//! catalog (or one customer's contract); staff admins add sections and set notices. Also the
//! trees and lookups the customers and tickets services share.

use super::error::Missing;
use super::{Error, Result};
use crate::domain::validate::Invalid;
use crate::server::auth::Caller;
use crate::server::store::Repo;
use crate::wire::{CatalogArea, CatalogMacroArea, CatalogNoticeRequest, CatalogPath, CatalogQuery};

/// The catalog as the caller sees it, with its notices: a customer's contract; for staff the
/// whole catalog, or `q.customer`'s contract.
pub fn view(repo: &dyn Repo, caller: &Caller, q: &CatalogQuery) -> Result<Vec<CatalogMacroArea>> {
    let co = match (caller.is_staff(), &q.customer) {
        (true, Some(code)) => Some(super::customers::company(repo, code)?.id),
        (true, None) => None,
        (false, _) => caller.user.company_id,
    };
    Ok(with_notices(
        tree(repo.catalog(co)?),
        repo.catalog_notices()?,
    ))
}

/// Whether the caller may set notices and add sections (a staff administrator): what
/// [`set_notice`] and [`add_section`] require.
pub fn may_edit(caller: &Caller) -> bool {
    caller.require_staff_admin().is_ok()
}

/// Staff admin: sets (or clears) the notice of a macro area, an area or a section; answers the
/// whole catalog.
pub fn set_notice(
    repo: &dyn Repo,
    caller: &Caller,
    req: &CatalogNoticeRequest,
) -> Result<Vec<CatalogMacroArea>> {
    super::text("macro_area", &req.macro_area, 200)?;
    if let Some(a) = &req.area {
        super::text("area", a, 200)?;
    }
    if let Some(s) = &req.section {
        if req.area.is_none() {
            return Err(Error::invalid("section", Invalid::SectionNeedsArea));
        }
        super::text("section", s, 200)?;
    }
    if let Some(n) = &req.notice {
        super::text("notice", n, 500)?;
    }
    caller.require_staff_admin()?;
    let found = repo.set_catalog_notice(
        &req.macro_area,
        req.area.as_deref(),
        req.section.as_deref(),
        req.notice.as_deref(),
    )?;
    if !found {
        let path = [
            Some(req.macro_area.as_str()),
            req.area.as_deref(),
            req.section.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" › ");
        return Err(Error::NotFound(Missing::CatalogPath(path)));
    }
    Ok(with_notices(
        tree(repo.catalog(None)?),
        repo.catalog_notices()?,
    ))
}

/// Staff admin: adds a section, creating its macro area and area if new (an existing one is
/// left as it is).
pub fn add_section(repo: &dyn Repo, caller: &Caller, p: &CatalogPath) -> Result<()> {
    super::text("macro_area", &p.macro_area, 200)?;
    super::text("area", &p.area, 200)?;
    super::text("section", &p.section, 200)?;
    caller.require_staff_admin()?;
    repo.ensure_catalog_path(p)?;
    Ok(())
}

/// The section id of `wanted` among `paths`, comparing names case-insensitively.
pub fn find_section(paths: &[(i64, CatalogPath)], wanted: &CatalogPath) -> Option<i64> {
    let eq = |a: &str, b: &str| a.trim().to_lowercase() == b.to_lowercase();
    paths
        .iter()
        .find(|(_, p)| {
            eq(&wanted.macro_area, &p.macro_area)
                && eq(&wanted.area, &p.area)
                && eq(&wanted.section, &p.section)
        })
        .map(|(id, _)| *id)
}

/// Groups sorted triples into the tree.
pub fn tree(paths: Vec<(i64, CatalogPath)>) -> Vec<CatalogMacroArea> {
    let mut out: Vec<CatalogMacroArea> = Vec::new();
    for (_, p) in paths {
        if out.last().is_none_or(|m| m.name != p.macro_area) {
            out.push(CatalogMacroArea {
                name: p.macro_area.clone(),
                notice: None,
                areas: vec![],
            });
        }
        let m = out.last_mut().expect("just pushed");
        if m.areas.last().is_none_or(|a| a.name != p.area) {
            m.areas.push(CatalogArea {
                name: p.area.clone(),
                notice: None,
                sections: vec![],
                section_notices: std::collections::BTreeMap::new(),
            });
        }
        m.areas
            .last_mut()
            .expect("just pushed")
            .sections
            .push(p.section);
    }
    out
}

/// Puts the catalog's notices on the nodes of `tree` (names compared without case).
pub fn with_notices(
    mut tree: Vec<CatalogMacroArea>,
    notices: Vec<crate::server::store::catalog::NoticeRow>,
) -> Vec<CatalogMacroArea> {
    let same = |a: &str, b: &str| a.to_lowercase() == b.to_lowercase();
    for (m, a, sec, text) in notices {
        let Some(mm) = tree.iter_mut().find(|x| same(&x.name, &m)) else {
            continue;
        };
        let Some(a) = a else {
            mm.notice = Some(text);
            continue;
        };
        let Some(aa) = mm.areas.iter_mut().find(|x| same(&x.name, &a)) else {
            continue;
        };
        match sec {
            None => aa.notice = Some(text),
            Some(sec) => {
                if let Some(name) = aa.sections.iter().find(|x| same(x, &sec)) {
                    aa.section_notices.insert(name.clone(), text);
                }
            }
        }
    }
    tree
}
