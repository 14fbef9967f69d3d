//! The customer portal's modules beyond tickets — quotes, invoices, products, services,
//! documents, FAQ, contacts, the company, projects — as vtenext's SOAP service answers them.
//!
//! What the real service does, and what this file does about it:
//! - Lists come as a table: a `head` of column labels and `data` rows of cells, the record's
//!   id only inside a link in one cell (`…module=Quotes&action=index&id=34`): [`Grid`] keeps
//!   the cells' markup so [`Grid::id_of`] can read it; [`text::plain`] gives the text.
//! - Products and services come as several tables (related directly, through quotes, through
//!   invoices): one product can appear in each; [`Grid::read`] keeps every row, callers
//!   de-duplicate by id.
//! - `#NOT AUTHORIZED#` and `#MODULE INACTIVE#` are answers, not faults ([`Refusal`]).
//! - `get_folder` finds nothing for documents shared with the contact's company (it reads the
//!   company's id wrongly): documents are listed per related record with `get_documents`.
//! - `save_faq_comment` stores the comment and then fails (HTTP 500, empty body): its caller
//!   reads the FAQ again to learn whether it was kept ([`VteClient::add_faq_comment`]).
//! - Several operations trust the ids they are given (`get_details` of any contact or of the
//!   company, `get_documents`, `get_project_components`, `get_project_tickets`): callers
//!   confirm a record is among those the contact can list before asking for it.

use super::soap::{Node, Part, Style};
use super::{VteClient, link_id, text};
use crate::error::{CliError, CliResult, Kind};

/// A list as vtenext sends it: column labels and rows of cells (markup kept).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grid {
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Grid {
    /// The tables of a list answer (`return` → items → a module element → `head`/`data`),
    /// joined: rows keep the column order of the head they came under.
    pub fn read(answer: &Node) -> Grid {
        let mut grid = Grid::default();
        let Some(ret) = answer.child("return") else {
            return grid;
        };
        for part in ret.items() {
            for table in &part.children {
                if let Some(cols) = table.child("head").and_then(|h| h.items().next()) {
                    grid.head = cols
                        .items()
                        .map(|c| text::plain(c.text_of("fielddata").unwrap_or("")))
                        .collect();
                }
                if let Some(data) = table.child("data") {
                    for row in data.items() {
                        grid.rows.push(
                            row.items()
                                .map(|c| c.text_of("fielddata").unwrap_or("").to_owned())
                                .collect(),
                        );
                    }
                }
            }
        }
        grid
    }

    /// The record id of a row of `module`: the id of the first link to a record of that
    /// module (`module=Products…&id=32`, `ticketid=21` for tickets).
    pub fn id_of(row: &[String], module: &str) -> Option<i64> {
        let marker = format!("module={module}&");
        row.iter().find_map(|cell| {
            let cell = cell.replace("&amp;", "&");
            let at = cell.find(&marker)?;
            let link = &cell[at..];
            let end = link.find(['"', '\'']).unwrap_or(link.len());
            let link = &link[..end];
            link_id(link, "&id=")
                .or_else(|| link_id(link, "ticketid="))
                .or_else(|| link_id(link, "productid="))
        })
    }
}

/// An answer that refuses instead of answering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// `#NOT AUTHORIZED#`: the record is not the contact's to see.
    NotAuthorized,
    /// `#MODULE INACTIVE#`: the portal does not show the module.
    ModuleInactive,
}

fn refusal(answer: &Node) -> Option<Refusal> {
    let ret = answer.child("return")?;
    let first = ret
        .items()
        .next()
        .map_or(ret.text.as_str(), |i| i.text.as_str());
    match first.trim() {
        "#NOT AUTHORIZED#" => Some(Refusal::NotAuthorized),
        "#MODULE INACTIVE#" => Some(Refusal::ModuleInactive),
        _ => None,
    }
}

/// One field of a record (`get_details`).
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// vtenext's field name (`subject`, `unit_price`).
    pub name: String,
    /// Its label in the portal's language (`Subject`).
    pub label: String,
    /// The block the portal shows it in (`Quote Information`).
    pub block: String,
    /// The value as text.
    pub value: String,
    /// The value as sent, markup and all (links name related records).
    pub raw: String,
}

/// A FAQ of the knowledge base (shared by every customer of the CRM).
#[derive(Debug, Clone, PartialEq)]
pub struct Faq {
    pub id: i64,
    /// `FAQ2`.
    pub number: String,
    pub question: String,
    pub answer: String,
    pub category: String,
    pub created: String,
    pub modified: String,
    /// (text, created), newest first.
    pub comments: Vec<(String, String)>,
}

/// A document's file as `get_filecontent_detail` sends it.
#[derive(Debug, Clone)]
pub struct FileData {
    pub name: String,
    pub mime: String,
    /// The size vtenext says the file has.
    pub size: Option<u64>,
    pub bytes: Vec<u8>,
}

/// The markup of the CRM's rich-text editor (what [`rich`] removes once decoded).
const TAGS: &[&str] = &[
    "<p>", "<p ", "</p>", "<br", "<b>", "</b>", "<strong>", "<em>", "<i>", "<u>", "<div", "</div>",
    "<span", "<ul>", "<ol>", "<li>", "<a ", "<table", "<h1", "<h2", "<h3",
];

/// Rich text that arrived escaped (a FAQ's answer, a description written in the CRM's editor)
/// is markup once decoded: that markup is removed too. Text that only looks like a tag
/// (`<ok>`, `<A2>`) is kept.
pub fn rich(html: &str) -> String {
    let once = text::plain(html);
    let lower = once.to_ascii_lowercase();
    if TAGS.iter().any(|t| lower.contains(t)) {
        text::plain(&once)
    } else {
        once
    }
}

impl VteClient {
    /// A module operation taking `id`, the module, the session and `only_mine` directly.
    async fn module_list(&self, op: &str, module: &str, only_mine: bool) -> CliResult<Node> {
        let s = self.session_or_login()?;
        self.call(
            op,
            Style::Direct,
            &[
                ("id", s.contact_id.as_str()),
                ("block", module),
                ("sessionid", s.session_id.as_str()),
                ("only_mine", if only_mine { "true" } else { "false" }),
            ],
        )
        .await
    }

    /// An answer that refuses: exit 4 for a module the portal does not show (the caller
    /// checked the permissions, so this is a race with its administrators), exit 5 for a
    /// record that is not the contact's.
    fn refused(&self, answer: &Node, module: &str) -> CliResult<()> {
        match refusal(answer) {
            Some(Refusal::ModuleInactive) => Err(CliError::new(
                Kind::Permission,
                format!("{module} is not enabled for your contact on {}", self.host),
            )
            .hint("`lhs records` lists the modules the portal shows you")),
            Some(Refusal::NotAuthorized) => Err(CliError::new(
                Kind::NotFound,
                format!("vtenext at {} does not show you that record", self.host),
            )
            .hint("the lists (`lhs records MODULE list`) show what you can open")),
            None => Ok(()),
        }
    }

    /// The modules the portal shows this contact, in its menu's order, with whether the
    /// contact may read each (`get_modules_permissions`; a portal too old to have it is asked
    /// `get_modules`, and every module it shows counts as readable, as its own pages do).
    pub async fn modules(&self) -> CliResult<Vec<(String, bool)>> {
        let s = self.session_or_login()?;
        let answer = match self
            .call(
                "get_modules_permissions",
                Style::Direct,
                &[("customerid", s.contact_id.as_str())],
            )
            .await
        {
            Ok(answer) => answer,
            // A Client fault: the operation is not in this portal's service.
            Err(e) if e.kind == Kind::Other => {
                let answer = self.call("get_modules", Style::Direct, &[]).await?;
                return Ok(answer
                    .child("return")
                    .map(|r| {
                        r.items()
                            .map(|m| (m.text.trim().to_owned(), true))
                            .collect()
                    })
                    .unwrap_or_default());
            }
            Err(e) => return Err(e),
        };
        Ok(answer
            .child("return")
            .map(|r| {
                r.children
                    .iter()
                    .map(|m| {
                        let read = m
                            .text_of("perm_read")
                            .is_some_and(|v| matches!(v.trim(), "1" | "true"));
                        (m.name.clone(), read)
                    })
                    .collect()
            })
            .unwrap_or_default())
    }

    /// The list of `module` the portal shows: the contact's own records (`only_mine`) or
    /// also those of its company and colleagues.
    pub async fn grid(&self, module: &str, only_mine: bool) -> CliResult<Grid> {
        let op = match module {
            "Products" => "get_product_list_values",
            "Services" => "get_service_list_values",
            _ => "get_list_values",
        };
        let answer = self.module_list(op, module, only_mine).await?;
        self.believe_empty(&answer).await?;
        self.refused(&answer, module)?;
        Ok(Grid::read(&answer))
    }

    /// The documents related to record `entity` and shown on the portal (`get_documents`:
    /// vtenext does not check that `entity` is the contact's — the caller does).
    pub async fn documents_of(&self, entity: i64) -> CliResult<Grid> {
        self.related("get_documents", entity, "Documents").await
    }

    /// Record `id` of `module`, field by field, or None when vtenext says it is not the
    /// contact's (it does not say so for contacts and the company: callers check first).
    pub async fn record(&self, module: &str, id: i64) -> CliResult<Option<Vec<Field>>> {
        let s = self.session_or_login()?;
        let id = id.to_string();
        let answer = self
            .call(
                "get_details",
                Style::Direct,
                &[
                    ("id", id.as_str()),
                    ("block", module),
                    ("contactid", s.contact_id.as_str()),
                    ("sessionid", s.session_id.as_str()),
                    ("language", ""),
                ],
            )
            .await?;
        match refusal(&answer) {
            Some(Refusal::NotAuthorized) => return Ok(None),
            Some(Refusal::ModuleInactive) => self.refused(&answer, module)?,
            None => {}
        }
        self.believe_empty(&answer).await?;
        let fields: Vec<Field> = answer
            .child("return")
            .and_then(|r| r.items().next())
            .and_then(|i| i.children.first())
            .map(|m| {
                m.children
                    .iter()
                    .filter_map(|f| {
                        let raw = f.text_of("fieldvalue").unwrap_or("").to_owned();
                        Some(Field {
                            name: f.text_of("fieldname").unwrap_or(&f.name).to_owned(),
                            label: text::plain(f.text_of("fieldlabel")?),
                            block: text::plain(f.text_of("blockname").unwrap_or("")),
                            value: rich(&raw),
                            raw,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        // A deleted record answers with no fields at all.
        Ok((!fields.is_empty()).then_some(fields))
    }

    /// The file of document `id`, decoded.
    pub async fn document_file(&self, id: i64) -> CliResult<FileData> {
        let s = self.session_or_login()?;
        let id_text = id.to_string();
        let answer = self
            .call(
                "get_filecontent_detail",
                Style::Direct,
                &[
                    ("id", id_text.as_str()),
                    ("folderid", "0"),
                    ("block", "Documents"),
                    ("contactid", s.contact_id.as_str()),
                    ("sessionid", s.session_id.as_str()),
                ],
            )
            .await?;
        self.believe_empty(&answer).await?;
        self.refused(&answer, "Documents")?;
        let item = answer
            .child("return")
            .and_then(|r| r.items().next())
            .ok_or_else(|| {
                CliError::new(
                    Kind::Network,
                    format!("vtenext sent no file for document {id}"),
                )
                .hint("try again; `lhs docs view` shows whether it has a file")
            })?;
        let bytes = super::from_base64(
            item.text_of("filecontents").unwrap_or(""),
            &format!("document {id}'s file"),
        )?;
        Ok(FileData {
            name: text::plain(item.text_of("filename").unwrap_or("")),
            mime: item.text_of("filetype").unwrap_or("").to_owned(),
            size: item.text_of("filesize").and_then(|v| v.trim().parse().ok()),
            bytes,
        })
    }

    /// A project's tasks (`ProjectTask`) or milestones (`ProjectMilestone`); vtenext does not
    /// check the project is the contact's — the caller does.
    pub async fn project_part(&self, project: i64, module: &str) -> CliResult<Grid> {
        self.related("get_project_components", project, module)
            .await
    }

    /// The tickets related to a project (the caller checks the project is the contact's).
    pub async fn project_tickets(&self, project: i64) -> CliResult<Grid> {
        self.related("get_project_tickets", project, "ProjectPlan")
            .await
    }

    /// A list related to record `id` (`id`, `module`, `customerid`, `sessionid`).
    async fn related(&self, op: &str, id: i64, module: &str) -> CliResult<Grid> {
        let s = self.session_or_login()?;
        let id = id.to_string();
        let answer = self
            .call(
                op,
                Style::Direct,
                &[
                    ("id", id.as_str()),
                    ("module", module),
                    ("customerid", s.contact_id.as_str()),
                    ("sessionid", s.session_id.as_str()),
                ],
            )
            .await?;
        self.believe_empty(&answer).await?;
        self.refused(&answer, module)?;
        Ok(Grid::read(&answer))
    }

    /// Every published FAQ, newest change first, with its comments.
    pub async fn faqs(&self) -> CliResult<Vec<Faq>> {
        let answer = self.ticket_call("get_KBase_details", &[]).await?;
        if answer.is_empty() || answer.child("return").is_none_or(Node::is_empty) {
            // A valid session always gets the categories: nothing at all means no session.
            if !self.session_is_valid().await? {
                return Err(self.expired());
            }
        }
        let list = answer
            .child("return")
            .and_then(|r| r.child("faq"))
            .map(|f| f.items().collect::<Vec<_>>())
            .unwrap_or_default();
        Ok(list
            .into_iter()
            .filter_map(|f| {
                let texts = |name: &str| -> Vec<String> {
                    f.child(name)
                        .map(|c| c.items().map(|i| i.text.clone()).collect())
                        .unwrap_or_default()
                };
                let comments = texts("comments")
                    .into_iter()
                    .zip(texts("createdtime"))
                    .map(|(c, t)| (rich(&c), t))
                    .collect();
                Some(Faq {
                    id: f.text_of("id")?.trim().parse().ok()?,
                    number: f.text_of("faqno").unwrap_or("").to_owned(),
                    question: rich(f.text_of("question").unwrap_or("")),
                    answer: rich(f.text_of("answer").unwrap_or("")),
                    category: text::plain(f.text_of("category").unwrap_or("")),
                    created: f.text_of("faqcreatedtime").unwrap_or("").to_owned(),
                    modified: f.text_of("faqmodifiedtime").unwrap_or("").to_owned(),
                    comments,
                })
            })
            .collect())
    }

    /// Sends a comment on FAQ `id`. vtenext stores it and then fails (HTTP 500 with an empty
    /// body): such an answer is not an error here — the caller reads the FAQ again.
    pub async fn add_faq_comment(&self, id: i64, comment: &str) -> CliResult<()> {
        let s = self.session_or_login()?;
        let id = id.to_string();
        let comment = text::outgoing(comment);
        let parts = [
            ("id", Part::Text(&s.contact_id)),
            ("sessionid", Part::Text(&s.session_id)),
            ("faqid", Part::Text(&id)),
            ("comment", Part::Text(&comment)),
        ];
        let (status, _, bytes) = self
            .send("save_faq_comment", Style::Fieldname, &parts)
            .await?;
        // Its failure after storing the comment is a PHP error page or nothing at all; only a
        // SOAP fault says for sure that nothing was stored.
        match super::soap::parse(&bytes) {
            Err(super::soap::SoapError::Fault { message, .. }) => Err(CliError::new(
                Kind::Network,
                format!("vtenext refused the FAQ comment: {message}"),
            )
            .hint("`lhs faq view` shows the comments it has")),
            _ if status.is_success() || status.as_u16() == 500 => Ok(()),
            _ => Err(CliError::new(
                Kind::Network,
                format!(
                    "vtenext at {} answered HTTP {} to the FAQ comment",
                    self.host,
                    status.as_u16()
                ),
            )
            .hint("try again later; `lhs faq view` shows the comments it has")),
        }
    }

    /// Writes the contact's own fields (`save_contact_profile`); vtenext answers nothing
    /// either way: the caller reads the contact again.
    pub async fn save_profile(&self, fields: &[(&str, &str)]) -> CliResult<()> {
        let s = self.session_or_login()?;
        let names: Vec<&str> = fields.iter().map(|(n, _)| *n).collect();
        let values: Vec<String> = fields.iter().map(|(_, v)| text::outgoing(v)).collect();
        let values: Vec<&str> = values.iter().map(String::as_str).collect();
        let parts = [
            ("contactid", Part::Text(&s.contact_id)),
            ("sessionid", Part::Text(&s.session_id)),
            ("fieldnames", Part::List(&names)),
            ("values", Part::List(&values)),
        ];
        self.call_parts("save_contact_profile", Style::Direct, &parts)
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_read_from_the_modules_own_links() {
        let row = vec![
            "QUO3".to_owned(),
            r#"<a href="index.php?&module=Quotes&action=index&id=34">Offerta</a>"#.to_owned(),
            r#"<a href="index.php?module=Contacts&action=index&id=20">Rossi Mario</a>"#.to_owned(),
        ];
        assert_eq!(Grid::id_of(&row, "Quotes"), Some(34));
        assert_eq!(Grid::id_of(&row, "Contacts"), Some(20));
        assert_eq!(Grid::id_of(&row, "Invoice"), None);
        let product =
            [r#"<a href="index.php?module=Products&amp;action=index&amp;productid=32&amp;id=32">R</a>"#.to_owned()];
        assert_eq!(Grid::id_of(&product, "Products"), Some(32));
    }

    #[test]
    fn rich_text_loses_its_markup_but_not_what_only_looks_like_a_tag() {
        assert_eq!(
            rich("&lt;p&gt;Si apre &amp;amp; si sceglie &lt;b&gt;Rete&lt;/b&gt;.&lt;/p&gt;"),
            "Si apre & si sceglie Rete."
        );
        assert_eq!(rich("Utile &amp; chiaro &lt;ok&gt;"), "Utile & chiaro <ok>");
    }
}
