//! The catalog as trees and lookups, shared by the catalog, customers and tickets routes.

use crate::wire::{CatalogArea, CatalogMacroArea, CatalogPath};

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
