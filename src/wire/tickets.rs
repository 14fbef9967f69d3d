//! Tickets: opening, the summary and the whole ticket, comments, attachments, pages, edits, reopening and the desk's reply.

#[allow(clippy::wildcard_imports)]
use super::*;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTicketRequest {
    #[schema(schema_with = schemas::line_200)]
    pub macro_area: String,
    #[schema(schema_with = schemas::line_200)]
    pub area: String,
    #[schema(schema_with = schemas::line_200)]
    pub section: String,
    #[schema(schema_with = schemas::line_200)]
    pub subject: String,
    #[schema(schema_with = schemas::long_text)]
    pub description: String,
    #[serde(default)]
    pub priority: Option<Priority>,
    /// Another address that receives this ticket's mails ("E-mail di notifica ticket").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = schemas::email_or_null)]
    pub notify_email: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TicketSummary {
    pub number: i64,
    pub customer_code: String,
    pub company_name: String,
    /// Account of the user who opened the ticket.
    pub user: String,
    pub user_name: String,
    /// Account of the technician in charge.
    pub technician: Option<String>,
    pub macro_area: String,
    pub area: String,
    pub section: String,
    pub subject: String,
    pub priority: Priority,
    pub state: TicketState,
    pub created_at: String,
    pub updated_at: String,
    pub closed_at: Option<String>,
    /// Minutes of SMART package consumed by replies.
    pub minutes: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Ticket {
    #[serde(flatten)]
    pub summary: TicketSummary,
    pub description: String,
    /// `customer`, `staff` or `system`; null while open.
    pub closed_by: Option<String>,
    /// Until when the closed ticket can still be reopened (the server's `--reopen-within`
    /// after `closed_at`); null while open or when reopening is off.
    #[serde(default)]
    pub reopen_until: Option<String>,
    /// Where notifications about the ticket also go, besides its author.
    #[serde(default)]
    pub notify_email: Option<String>,
    pub comments: Vec<Comment>,
    pub attachments: Vec<Attachment>,
    /// What the caller may do now.
    pub actions: Vec<Action>,
    /// The ticket's page in the customer portal (`lhs tickets view N --web` opens it).
    #[serde(default)]
    pub url: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Comment {
    pub id: i64,
    pub author: String,
    pub author_name: String,
    /// `customer` or `staff`.
    pub author_role: String,
    /// `comment` or `reply` (a staff answer that moved the ticket to risposto).
    pub kind: String,
    pub body: String,
    pub minutes: i64,
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Attachment {
    pub id: i64,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TicketPage {
    pub items: Vec<TicketSummary>,
    /// Whether more tickets match after this page.
    pub has_more: bool,
    /// Pass as `cursor` to get the next page; null on the last page.
    pub next_cursor: Option<String>,
    /// How many tickets match in all: only with `count=true` (it costs a full count).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
}

/// `PATCH /tickets/{number}`: what to change while the ticket is `inserito` (JSON merge patch:
/// an absent field stays as it is; `notify_email: null` removes the notification address).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EditTicketRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = schemas::line_200)]
    pub subject: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub priority: Option<Priority>,
    #[serde(
        default,
        deserialize_with = "patch::field",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(schema_with = schemas::email_or_null)]
    pub notify_email: Option<Option<String>>,
}

/// `POST /tickets/{number}/reopen`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReopenRequest {
    /// Why the ticket is reopened, added as a comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = schemas::long_text_or_null)]
    pub comment: Option<String>,
}

/// JSON merge-patch fields: absent → `None`, `null` → `Some(None)`, a value → `Some(Some(v))`.
mod patch {
    use serde::{Deserialize, Deserializer};

    #[allow(
        clippy::option_option,
        reason = "absent and null mean different things"
    )]
    pub fn field<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        Option::<T>::deserialize(d).map(Some)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentRequest {
    #[schema(schema_with = schemas::long_text)]
    pub body: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplyRequest {
    #[schema(schema_with = schemas::long_text)]
    pub body: String,
    /// Minutes spent, deducted from the customer's SMART package.
    #[serde(deserialize_with = "whole::i64")]
    #[schema(minimum = 0, maximum = 100_000)]
    pub minutes: i64,
    /// Allow the balance to go below zero (otherwise 409 `insufficient_balance`).
    #[serde(default)]
    pub allow_overdraft: bool,
}

/// The multipart form of an upload: 1 to 3 parts named `file`, each with a file name.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttachmentUpload {
    #[schema(value_type = Vec<String>, format = Binary, min_items = 1, max_items = 3)]
    pub file: Vec<String>,
}

/// The order of a ticket listing, by number.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TicketSort {
    #[default]
    Newest,
    Oldest,
}

/// The query of `GET /tickets` — its filters and its page — declared once: the CLI sends it
/// with serde (`serde_urlencoded`), the server reads it back with [`TicketQuery::decode`],
/// which also takes `state` repeated and names the parameter a 422 is about. A unit test
/// checks that everything one side writes the other reads.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TicketQuery {
    /// Any of these states (none: every state); sent comma-separated.
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        serialize_with = "query::comma_separated"
    )]
    pub state: Vec<TicketState>,
    /// Created on or after this day (UTC).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<chrono::NaiveDate>,
    /// Created on or before this day (UTC).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<chrono::NaiveDate>,
    /// Words that must all occur.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Customers: tickets I opened; staff: tickets in my charge.
    #[serde(skip_serializing_if = "query::is_false")]
    pub mine: bool,
    /// Staff only: the customer's code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    /// The technician's account (the Tecnico column).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub technician: Option<String>,
    /// The account that opened the ticket.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub macro_area: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    #[serde(skip_serializing_if = "query::is_newest")]
    pub sort: TicketSort,
    /// Page size, 1 to [`TicketQuery::MAX_LIMIT`] (default [`TicketQuery::DEFAULT_LIMIT`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Also count every match (`total`).
    #[serde(skip_serializing_if = "query::is_false")]
    pub count: bool,
}

impl TicketQuery {
    pub const DEFAULT_LIMIT: i64 = 50;
    pub const MAX_LIMIT: i64 = 200;
    /// Every parameter, in the order a 422 lists them.
    pub const PARAMETERS: [&'static str; 16] = [
        "state",
        "from",
        "to",
        "q",
        "mine",
        "customer",
        "technician",
        "user",
        "priority",
        "macro_area",
        "area",
        "section",
        "sort",
        "limit",
        "cursor",
        "count",
    ];

    /// The query string the server reads back as `self`.
    pub fn encode(&self) -> String {
        serde_urlencoded::to_string(self).unwrap_or_default()
    }

    /// Reads a query string, strictly: exactly the documented values (the CLI accepts aliases
    /// and sends these). A refusal names the parameter and what it accepts (worded by the
    /// server's catalogues, `server::i18n`).
    pub fn decode(raw: &str) -> Result<TicketQuery, QueryRefusal> {
        let mut q = TicketQuery::default();
        for (k, v) in form_urlencoded::parse(raw.as_bytes()) {
            let v = v.into_owned();
            match k.as_ref() {
                "state" => {
                    for s in v.split(',').filter(|_| !v.is_empty()) {
                        let st = TicketState::ALL
                            .into_iter()
                            .find(|x| x.as_str() == s)
                            .ok_or_else(|| QueryRefusal::UnknownState(s.to_owned()))?;
                        if !q.state.contains(&st) {
                            q.state.push(st);
                        }
                    }
                }
                "from" => q.from = Some(query::date("from", &v)?),
                "to" => q.to = Some(query::date("to", &v)?),
                "q" => q.q = Some(v),
                "mine" => q.mine = query::boolean("mine", &v)?,
                "count" => q.count = query::boolean("count", &v)?,
                "customer" => q.customer = Some(v),
                "technician" => q.technician = Some(v),
                "user" => q.user = Some(v),
                "priority" => {
                    let p = [Priority::Normale, Priority::Bloccante, Priority::Priority]
                        .into_iter()
                        .find(|p| p.as_str() == v)
                        .ok_or_else(|| QueryRefusal::UnknownPriority(v.clone()))?;
                    q.priority = Some(p);
                }
                "macro_area" => q.macro_area = Some(v),
                "area" => q.area = Some(v),
                "section" => q.section = Some(v),
                "limit" => {
                    let n = Some(&v)
                        .filter(|s| {
                            !s.is_empty() && s.len() <= 6 && s.bytes().all(|b| b.is_ascii_digit())
                        })
                        .and_then(|s| s.parse::<i64>().ok())
                        .filter(|n| (1..=Self::MAX_LIMIT).contains(n))
                        .ok_or(QueryRefusal::Limit {
                            max: Self::MAX_LIMIT,
                        })?;
                    q.limit = Some(n);
                }
                "cursor" => {
                    if v.is_empty() || v.len() > 18 || !v.bytes().all(|b| b.is_ascii_digit()) {
                        return Err(QueryRefusal::Cursor);
                    }
                    q.cursor = Some(v);
                }
                "sort" => {
                    q.sort = match v.as_str() {
                        "newest" => TicketSort::Newest,
                        "oldest" => TicketSort::Oldest,
                        _ => return Err(QueryRefusal::UnknownSort(v)),
                    }
                }
                other => {
                    return Err(QueryRefusal::UnknownParameter {
                        name: other.to_owned(),
                        known: &Self::PARAMETERS,
                    });
                }
            }
        }
        Ok(q)
    }
}

/// Why a ticket list's query string is refused: the parameter, and what it accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryRefusal {
    UnknownState(String),
    UnknownPriority(String),
    Limit {
        max: i64,
    },
    Cursor,
    UnknownSort(String),
    UnknownParameter {
        name: String,
        known: &'static [&'static str],
    },
    /// `name` is neither `true` nor `false`.
    NotBoolean(String),
    /// `name`'s value is not a `YYYY-MM-DD` day.
    Date {
        name: String,
        value: String,
    },
}

impl QueryRefusal {
    /// The parameter refused (`details.field`).
    pub fn field(&self) -> &str {
        match self {
            QueryRefusal::UnknownState(_) => "state",
            QueryRefusal::UnknownPriority(_) => "priority",
            QueryRefusal::Limit { .. } => "limit",
            QueryRefusal::Cursor => "cursor",
            QueryRefusal::UnknownSort(_) => "sort",
            QueryRefusal::UnknownParameter { name, .. }
            | QueryRefusal::NotBoolean(name)
            | QueryRefusal::Date { name, .. } => name,
        }
    }
}

/// How list queries are written and read.
pub mod query {
    use serde::Serializer;

    use crate::wire::TicketState;

    pub fn comma_separated<S: Serializer>(v: &[TicketState], s: S) -> Result<S::Ok, S::Error> {
        let names: Vec<&str> = v.iter().map(|x| x.as_str()).collect();
        s.serialize_str(&names.join(","))
    }

    #[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
    pub fn is_false(b: &bool) -> bool {
        !*b
    }

    pub fn is_newest(s: &super::TicketSort) -> bool {
        *s == super::TicketSort::Newest
    }

    pub fn boolean(name: &str, v: &str) -> Result<bool, super::QueryRefusal> {
        match v {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(super::QueryRefusal::NotBoolean(name.to_owned())),
        }
    }

    /// A day as `YYYY-MM-DD` (the CLI also accepts DD/MM/YYYY and sends this form).
    pub fn date(name: &str, v: &str) -> Result<chrono::NaiveDate, super::QueryRefusal> {
        crate::domain::validate::iso_date(v).map_err(|_| super::QueryRefusal::Date {
            name: name.to_owned(),
            value: v.to_owned(),
        })
    }
}

#[cfg(test)]
mod query_tests {
    use super::*;

    #[test]
    fn what_the_client_writes_the_server_reads() {
        let full = TicketQuery {
            state: vec![TicketState::Risposto, TicketState::InCarico],
            from: chrono::NaiveDate::from_ymd_opt(2024, 6, 1),
            to: chrono::NaiveDate::from_ymd_opt(2024, 6, 30),
            q: Some("fattura & 20% \"rifiutata\"".into()),
            mine: true,
            customer: Some("C0001".into()),
            technician: Some("staff".into()),
            user: Some("mario.rossi".into()),
            priority: Some(Priority::Bloccante),
            macro_area: Some("Contabilità".into()),
            area: Some("Fatturazione elettronica".into()),
            section: Some("Scarti SDI".into()),
            sort: TicketSort::Oldest,
            limit: Some(7),
            cursor: Some("12345".into()),
            count: true,
        };
        let raw = full.encode();
        assert_eq!(TicketQuery::decode(&raw), Ok(full.clone()));
        // Every parameter the client writes is one the server knows, and vice versa.
        let written: Vec<String> = form_urlencoded::parse(raw.as_bytes())
            .map(|(k, _)| k.into_owned())
            .collect();
        assert_eq!(written, TicketQuery::PARAMETERS);
        let empty = TicketQuery::default();
        assert_eq!(empty.encode(), "");
        assert_eq!(TicketQuery::decode(""), Ok(empty));
    }

    #[test]
    fn states_repeat_or_comma_separate() {
        let q = TicketQuery::decode("state=inserito&state=chiuso,inserito").unwrap();
        assert_eq!(q.state, [TicketState::Inserito, TicketState::Chiuso]);
        assert_eq!(
            TicketQuery::decode("state=aperto").unwrap_err().field(),
            "state"
        );
        assert_eq!(
            TicketQuery::decode("colour=red").unwrap_err().field(),
            "colour"
        );
    }
}
