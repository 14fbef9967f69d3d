//! The portal's reading areas — Documenti tecnici, News tecniche, News commerciali, Video,
//! Informative fiscali, FAQ — and who may do what with them. Owns the kinds, their names on
//! the wire and the command line, and the rule from a caller's role and permission matrix to
//! an access level. Knows nothing of HTTP or storage.
//!
//! The manual's permission table gives documents, both kinds of news and videos two levels:
//! *Lettura* (`read`: the list of titles and summaries) and *Accesso al dettaglio* (`detail`:
//! the body and the files); FAQ one (`read`: questions and answers). It has no row for the
//! fiscal notices: they concern every customer's obligations alike and the manual gives the
//! Administrator no switch for them, so every user of a company reads them in full.
//! Administrators and the help desk see everything.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::permissions::{Area, Level, Permissions};
use super::validate::{FileProblem, Invalid};
use crate::wire::Role;

/// One reading area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ContentKind {
    Documents,
    NewsTech,
    NewsSales,
    Videos,
    Fiscal,
    Faq,
}

impl ContentKind {
    pub const ALL: [ContentKind; 6] = [
        ContentKind::Documents,
        ContentKind::NewsTech,
        ContentKind::NewsSales,
        ContentKind::Videos,
        ContentKind::Fiscal,
        ContentKind::Faq,
    ];

    /// The name on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            ContentKind::Documents => "documents",
            ContentKind::NewsTech => "news-tech",
            ContentKind::NewsSales => "news-sales",
            ContentKind::Videos => "videos",
            ContentKind::Fiscal => "fiscal",
            ContentKind::Faq => "faq",
        }
    }

    /// The menu's name.
    pub fn label(self) -> &'static str {
        match self {
            ContentKind::Documents => "Documenti tecnici",
            ContentKind::NewsTech => "News tecniche",
            ContentKind::NewsSales => "News commerciali",
            ContentKind::Videos => "Video",
            ContentKind::Fiscal => "Informative fiscali",
            ContentKind::Faq => "FAQ",
        }
    }

    /// The permission area that controls it (none for fiscal notices).
    pub fn area(self) -> Option<Area> {
        match self {
            ContentKind::Documents => Some(Area::Documenti),
            ContentKind::NewsTech => Some(Area::NewsTecniche),
            ContentKind::NewsSales => Some(Area::NewsCommerciali),
            ContentKind::Videos => Some(Area::Video),
            ContentKind::Faq => Some(Area::Faq),
            ContentKind::Fiscal => None,
        }
    }

    /// Parses the wire name or a familiar alias (`docs`, `documenti`, `tech`, …).
    pub fn parse(s: &str) -> Option<ContentKind> {
        Some(
            match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
                "documents" | "docs" | "documenti" => ContentKind::Documents,
                "news-tech" | "tech" | "news-tecniche" | "tech-news" => ContentKind::NewsTech,
                "news-sales" | "sales" | "news-commerciali" | "sales-news" => {
                    ContentKind::NewsSales
                }
                "videos" | "video" => ContentKind::Videos,
                "fiscal" | "informative-fiscali" => ContentKind::Fiscal,
                "faq" => ContentKind::Faq,
                _ => return None,
            },
        )
    }
}

impl fmt::Display for ContentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a caller may do in an area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Access {
    /// The area is hidden.
    None,
    /// Titles and summaries.
    List,
    /// Everything: body, link, files.
    Detail,
}

/// The access of a caller with `role` and `perms` to `kind`.
pub fn access(kind: ContentKind, role: Role, perms: &Permissions) -> Access {
    if role != Role::User {
        return Access::Detail;
    }
    let Some(area) = kind.area() else {
        return Access::Detail;
    };
    match (kind, perms.get(area)) {
        (_, Level::Off) => Access::None,
        (ContentKind::Faq, _) | (_, Level::Detail) => Access::Detail,
        _ => Access::List,
    }
}

/// The permission a refused caller lacks, as `--perm` writes it: `documenti=detail`.
pub fn needed(kind: ContentKind, wanted: Access) -> String {
    match kind.area() {
        Some(a) if wanted == Access::Detail && kind != ContentKind::Faq => {
            format!("{}=detail", a.key())
        }
        Some(a) => format!("{}=read", a.key()),
        None => "a company account".into(),
    }
}

/// Files the help desk attaches to what it publishes: at most this many per item…
pub const MAX_FILES: usize = 5;
/// …of at most 5 MB each.
pub const MAX_FILE_SIZE: usize = 5 * 1024 * 1024;
pub const ALLOWED_TEXT: &str = "PDF, ZIP, PNG, JPG, XML, TXT, CSV, DOCX, XLSX";

/// The content type of an acceptable file, or the reason it is refused; the type is checked
/// from the content as well as the name.
pub fn check_file(filename: &str, data: &[u8]) -> Result<&'static str, Invalid> {
    let refuse = |problem| Invalid::File {
        name: filename.to_owned(),
        problem,
    };
    let ext = filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let zip = |d: &[u8]| d.starts_with(b"PK\x03\x04") || d.starts_with(b"PK\x05\x06");
    let text = |d: &[u8]| std::str::from_utf8(d).is_ok();
    let (content_type, ok) = match ext.as_str() {
        "pdf" => ("application/pdf", data.starts_with(b"%PDF-")),
        "zip" => ("application/zip", zip(data)),
        "png" => ("image/png", data.starts_with(b"\x89PNG\r\n\x1a\n")),
        "jpg" | "jpeg" => ("image/jpeg", data.starts_with(&[0xFF, 0xD8, 0xFF])),
        "xml" => ("application/xml", text(data)),
        "txt" => ("text/plain; charset=utf-8", text(data)),
        "csv" => ("text/csv; charset=utf-8", text(data)),
        "docx" => (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            zip(data),
        ),
        "xlsx" => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            zip(data),
        ),
        _ => {
            return Err(refuse(FileProblem::TypeNotAllowed {
                allowed: ALLOWED_TEXT,
            }));
        }
    };
    if data.is_empty() {
        return Err(refuse(FileProblem::Empty { short: false }));
    }
    if data.len() > MAX_FILE_SIZE {
        return Err(refuse(FileProblem::TooLarge {
            kb: data.len().div_ceil(1024),
            limit: "5 MB",
        }));
    }
    if !ok {
        return Err(refuse(FileProblem::NotItsType {
            ext: ext.to_ascii_uppercase(),
            from_content: false,
        }));
    }
    Ok(content_type)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_give_access() {
        let mut p = Permissions::default();
        assert_eq!(
            access(ContentKind::Documents, Role::User, &p),
            Access::Detail,
            "the manual's default"
        );
        p.set(Area::Documenti, Level::Read).unwrap();
        assert_eq!(access(ContentKind::Documents, Role::User, &p), Access::List);
        p.set(Area::Documenti, Level::Off).unwrap();
        assert_eq!(access(ContentKind::Documents, Role::User, &p), Access::None);
        assert_eq!(
            access(ContentKind::Documents, Role::Admin, &p),
            Access::Detail
        );
        assert_eq!(access(ContentKind::Fiscal, Role::User, &p), Access::Detail);
        p.set(Area::Faq, Level::Read).unwrap();
        assert_eq!(access(ContentKind::Faq, Role::User, &p), Access::Detail);
        assert_eq!(ContentKind::parse("docs"), Some(ContentKind::Documents));
        assert_eq!(ContentKind::parse("news_tech"), Some(ContentKind::NewsTech));
        assert_eq!(
            needed(ContentKind::Documents, Access::Detail),
            "documenti=detail"
        );
        assert_eq!(needed(ContentKind::Faq, Access::Detail), "faq=read");
    }
}
