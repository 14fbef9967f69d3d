//! The portal's home page as the caller may see it: the menu of the areas their role and
//! permissions open (in the manual's order), the customer's standing banner and the SMART
//! package box. The same access rules as the areas' own services decide every entry.

use super::Result;
use crate::domain::content::{self, Access, ContentKind};
use crate::domain::{course, update};
use crate::server::auth::Caller;
use crate::server::store::Repo;
use crate::wire::Role;

/// An entry of the portal's menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Profile,
    Users,
    Updates,
    Courses,
    Support,
    Documents,
    Videos,
    Fiscal,
    NewsTech,
    NewsSales,
    Faq,
    Store,
}

impl Section {
    /// Where the section's page is.
    pub fn href(self) -> &'static str {
        match self {
            Section::Profile => "/profilo",
            Section::Users => "/utenti",
            Section::Updates => "/aggiornamenti",
            Section::Courses => "/corsi",
            Section::Support => "/ticket",
            Section::Documents => "/documenti",
            Section::Videos => "/video",
            Section::Fiscal => "/informative-fiscali",
            Section::NewsTech => "/news-tecniche",
            Section::NewsSales => "/news-commerciali",
            Section::Faq => "/faq",
            Section::Store => "/store",
        }
    }
}

/// What the home page shows.
#[derive(Debug, Clone)]
pub struct Home {
    /// "Nome Cognome".
    pub name: String,
    /// "Company (C0001)", for the users of a customer.
    pub company: Option<String>,
    pub menu: Vec<Section>,
    /// The SMART package's balance in minutes; None when the company has no package.
    pub package: Option<i64>,
    /// The help desk's own pages (the queue) are open to the caller.
    pub desk: bool,
}

/// The home page of `caller`.
pub fn home(repo: &dyn Repo, caller: &Caller) -> Result<Home> {
    let u = &caller.user;
    let reads = |kind| content::access(kind, u.role, &u.permissions) != Access::None;
    let mut menu = vec![Section::Profile];
    if u.role == Role::Admin {
        menu.push(Section::Users);
    }
    if update::access(u.role, &u.permissions) != Access::None {
        menu.push(Section::Updates);
    }
    if course::access(u.role, &u.permissions) != Access::None {
        menu.push(Section::Courses);
    }
    if caller.ticket_scope().is_ok() {
        menu.push(Section::Support);
    }
    for (kind, section) in [
        (ContentKind::Documents, Section::Documents),
        (ContentKind::Videos, Section::Videos),
        (ContentKind::Fiscal, Section::Fiscal),
        (ContentKind::NewsTech, Section::NewsTech),
        (ContentKind::NewsSales, Section::NewsSales),
        (ContentKind::Faq, Section::Faq),
    ] {
        if reads(kind) {
            menu.push(section);
        }
    }
    if u.role != Role::Staff {
        menu.push(Section::Store);
    }
    let package = match &u.company_code {
        Some(code) => {
            // The balance only: a package's history can be long, the home page needs none.
            let co = super::customers::company(repo, code)?;
            if repo.has_movements(co.id)? {
                Some(repo.balance(co.id)?)
            } else {
                None
            }
        }
        None => None,
    };
    Ok(Home {
        name: u.full_name(),
        company: u
            .company_name
            .as_ref()
            .zip(u.company_code.as_ref())
            .map(|(n, c)| format!("{n} ({c})")),
        menu,
        package,
        desk: u.role == Role::Staff,
    })
}
