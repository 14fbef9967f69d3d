//! A client of vtenext's customer-portal SOAP service (`vteservice.php?service=customerportal`),
//! typed by operation like [`super::ApiClient`] is by endpoint. It owns the traps seen on the
//! real service: an invalid session answers like an empty list (so an empty answer is checked
//! against the session before it is believed), text arrives HTML-escaped and wrapped in markup
//! (see [`text`]), emoji must travel as references, `change_password` reports failure when it
//! succeeded, and `close_current_ticket` answers with a large, not always well-formed dump.
//!
//! vtenext checks no ownership on comments, attachments and closing: callers confirm first that
//! a ticket is among those the contact can see ([`VteClient::find`]).

pub mod records;
pub mod soap;
pub mod text;

use std::time::{Duration, Instant};

use base64::Engine as _;

use self::soap::{Node, Part, SoapError, Style};
use super::transport_text;
use crate::error::{CliError, CliResult, Kind};

/// The client version vtenext's login asks for (it refuses anything older than 5.1.0).
const PORTAL_VERSION: &str = "5.2.0";

/// A logged-in contact: what every ticket operation sends.
#[derive(Debug, Clone)]
pub struct Session {
    pub contact_id: String,
    pub session_id: String,
    /// The contact's portal login (an e-mail address).
    pub user_name: String,
}

impl Session {
    /// The form kept in the keyring (or the 0600 file): `CONTACT:SESSION`.
    pub fn to_secret(&self) -> String {
        format!("{}:{}", self.contact_id, self.session_id)
    }

    pub fn from_secret(secret: &str, user_name: &str) -> Option<Session> {
        let (c, s) = secret.split_once(':')?;
        (!c.is_empty() && !s.is_empty() && c.bytes().all(|b| b.is_ascii_digit())).then(|| Session {
            contact_id: c.to_owned(),
            session_id: s.to_owned(),
            user_name: user_name.to_owned(),
        })
    }
}

/// One row of the contact's ticket list.
#[derive(Debug, Clone, PartialEq)]
pub struct ListRow {
    /// vtenext's record id (what its operations take).
    pub id: i64,
    /// `TT21`.
    pub ticket_no: String,
    pub title: String,
    pub status: String,
    pub priority: String,
    pub assigned_to: String,
    /// Who the ticket is for (the contact or its account).
    pub related_to: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CommentRow {
    pub id: i64,
    pub body: String,
    /// `customer` or `user` (the help desk).
    pub owner_type: String,
    pub owner: String,
    pub created: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AttachmentRow {
    pub id: i64,
    pub filename: String,
    pub filetype: String,
}

/// The portal's picklists for new tickets, in its language.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Picklists {
    pub priorities: Vec<String>,
    pub severities: Vec<String>,
    pub categories: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct VteClient {
    http: reqwest::Client,
    /// The portal as the user named it.
    host: String,
    service: String,
    verbose: bool,
    session: Option<Session>,
    /// The command that logs in again, for hints.
    login_command: String,
}

/// `http://crm.example.com` (or a URL to a page of it) → the service URL.
pub fn service_url(host: &str) -> String {
    let base = host
        .trim_end_matches('/')
        .trim_end_matches("/vteservice.php")
        .trim_end_matches("/index.php");
    format!("{base}/vteservice.php?service=customerportal")
}

impl VteClient {
    pub fn new(
        http: reqwest::Client,
        host: &str,
        verbose: bool,
        session: Option<Session>,
        login_command: &str,
    ) -> VteClient {
        VteClient {
            http,
            host: host.trim_end_matches('/').to_owned(),
            service: service_url(host),
            verbose,
            session,
            login_command: login_command.to_owned(),
        }
    }

    pub fn host(&self) -> &str {
        &self.host
    }

    pub fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    /// The error of a session vtenext no longer accepts: exit 3, with the login hint.
    pub fn expired(&self) -> CliError {
        CliError::new(
            Kind::Auth,
            format!(
                "the vtenext session for {} has expired or was replaced by another login",
                self.host
            ),
        )
        .hint(format!("run `{}` again", self.login_command))
    }

    /// Sends one operation and returns its response element.
    async fn call(&self, op: &str, style: Style, values: &[(&str, &str)]) -> CliResult<Node> {
        let parts: Vec<(&str, Part<'_>)> =
            values.iter().map(|(k, v)| (*k, Part::Text(v))).collect();
        self.call_parts(op, style, &parts).await
    }

    /// Sends one operation as it is and returns the HTTP status, whether the answer is a web
    /// page, and its bytes: for the operations vtenext answers oddly (see
    /// [`VteClient::call_parts`] for the usual reading).
    async fn send(
        &self,
        op: &str,
        style: Style,
        parts: &[(&str, Part<'_>)],
    ) -> CliResult<(reqwest::StatusCode, bool, bytes::Bytes)> {
        let body = soap::envelope_parts(op, style, parts);
        let started = Instant::now();
        if self.verbose {
            eprintln!("> POST {} ({op})", self.service);
        }
        let resp = self
            .http
            .post(&self.service)
            .header("Content-Type", "text/xml; charset=utf-8")
            .header("SOAPAction", format!("\"{}#{op}\"", soap::NS))
            .body(body)
            .send()
            .await
            .map_err(|e| {
                CliError::new(
                    Kind::Network,
                    format!("cannot reach {}: {}", self.host, transport_text(&e)),
                )
                .hint("check --host and your network")
            })?;
        let status = resp.status();
        let html = resp
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("html"));
        let bytes = resp.bytes().await.map_err(|e| {
            CliError::new(
                Kind::Network,
                format!("{} stopped answering: {}", self.host, transport_text(&e)),
            )
        })?;
        if self.verbose {
            eprintln!(
                "< {} ({} ms)",
                status.as_u16(),
                started.elapsed().as_millis()
            );
        }
        Ok((status, html, bytes))
    }

    /// Sends one operation with strings and arrays and returns its response element.
    async fn call_parts(
        &self,
        op: &str,
        style: Style,
        parts: &[(&str, Part<'_>)],
    ) -> CliResult<Node> {
        let (status, html, bytes) = self.send(op, style, parts).await?;
        // A fault comes with HTTP 500, as SOAP 1.1 prescribes: that is still SOAP, and its
        // faultstring is what the user needs. Only an answer that is not SOAP at all (a web
        // page, a proxy's error) is reported by its HTTP status.
        let parsed = soap::parse(&bytes);
        if html || !status.is_success() && matches!(parsed, Err(SoapError::Malformed(_))) {
            return Err(CliError::new(
                Kind::Network,
                format!(
                    "vtenext at {} answered HTTP {} {}instead of SOAP{}",
                    self.host,
                    status.as_u16(),
                    if html { "with a web page " } else { "" },
                    page_title(&bytes)
                        .map(|t| format!(": {t}"))
                        .unwrap_or_default()
                ),
            )
            .hint("is --host the address of a vtenext CRM with the customer portal enabled?"));
        }
        parsed.map_err(|e| match e {
            // A Client fault: the portal did not accept the request as lhs sent it (an
            // operation or a value its version does not know). A Server fault: it failed.
            SoapError::Fault { code, message } if code.ends_with("Client") => CliError::new(
                Kind::Other,
                format!("vtenext refused `{op}`: {message}"),
            )
            .hint("the portal's customer-portal service may be of a version lhs does not know (lhs speaks to vtenext CE 20.04)"),
            SoapError::Fault { code, message } => CliError::new(
                Kind::Network,
                format!(
                    "vtenext failed on `{op}`: {}{}",
                    if message.is_empty() { "no reason given" } else { &message },
                    if code.is_empty() { String::new() } else { format!(" ({code})") }
                ),
            )
            .hint("try again later; if it persists, the portal's administrator can read vtenext's log"),
            SoapError::Malformed(m) => CliError::new(
                Kind::Network,
                format!("vtenext's answer to `{op}` cannot be read: {m}"),
            ),
        })
    }

    fn session_or_login(&self) -> CliResult<&Session> {
        self.session.as_ref().ok_or_else(|| {
            CliError::new(Kind::Auth, format!("not logged in to {}", self.host))
                .hint(format!("run `{}`", self.login_command))
        })
    }

    /// A ticket operation: `id` and `sessionid`, then `values`, inside `fieldname`.
    async fn ticket_call(&self, op: &str, values: &[(&str, &str)]) -> CliResult<Node> {
        let s = self.session_or_login()?;
        let mut all: Vec<(&str, &str)> = vec![
            ("id", s.contact_id.as_str()),
            ("sessionid", s.session_id.as_str()),
        ];
        all.extend_from_slice(values);
        self.call(op, Style::Fieldname, &all).await
    }

    /// An answer that is empty either because there is nothing or because the session is no
    /// longer valid: tells which.
    async fn believe_empty(&self, answer: &Node) -> CliResult<()> {
        if answer.is_empty() && !self.session_is_valid().await? {
            return Err(self.expired());
        }
        Ok(())
    }

    /// Whether the stored session is still accepted (the picklists are never empty for a
    /// valid session).
    pub async fn session_is_valid(&self) -> CliResult<bool> {
        let answer = self
            .ticket_call("get_combo_values", &[("language", "en_us")])
            .await?;
        Ok(!answer.is_empty())
    }

    /// Logs in with the contact's e-mail and password; returns the new session (any earlier
    /// session of the contact stops working).
    pub async fn login(&mut self, user: &str, password: &str) -> CliResult<Session> {
        let answer = self
            .call(
                "authenticate_user",
                Style::Direct,
                &[
                    ("user_name", user),
                    ("user_password", password),
                    ("version", PORTAL_VERSION),
                ],
            )
            .await?;
        let ret = answer.child("return");
        if let Some(err) = ret.and_then(|r| r.text_of("err1")) {
            return Err(login_error(err));
        }
        let item = ret
            .and_then(|r| r.items().next())
            .ok_or_else(|| CliError::new(Kind::Network, "vtenext's login answer has no session"))?;
        let (Some(id), Some(sid)) = (item.text_of("id"), item.text_of("sessionid")) else {
            return Err(CliError::new(
                Kind::Network,
                "vtenext's login answer has no session",
            ));
        };
        let session = Session {
            contact_id: id.to_owned(),
            session_id: sid.to_owned(),
            user_name: item.text_of("user_name").unwrap_or(user).to_owned(),
        };
        self.session = Some(session.clone());
        Ok(session)
    }

    /// The contact's tickets (`only_mine`), or all of its company's.
    pub async fn tickets(&self, only_mine: bool) -> CliResult<Vec<ListRow>> {
        let user = self.session_or_login()?.user_name.clone();
        let answer = self
            .ticket_call(
                "get_tickets_list",
                &[
                    ("user_name", user.as_str()),
                    ("onlymine", if only_mine { "true" } else { "false" }),
                    ("where", ""),
                    ("match", ""),
                ],
            )
            .await?;
        self.believe_empty(&answer).await?;
        Ok(list_rows(&answer))
    }

    /// The ticket with vtenext id `id` if the contact may see it (its company's tickets).
    pub async fn find(&self, id: i64) -> CliResult<ListRow> {
        self.tickets(false)
            .await?
            .into_iter()
            .find(|t| t.id == id)
            .ok_or_else(|| {
                CliError::new(
                    Kind::NotFound,
                    format!("no ticket {id} among those you can see on {}", self.host),
                )
                .hint("list them with `lhs tickets list`")
            })
    }

    /// A ticket's fields by vtenext field name (`ticket_title`, `description`, …), as text
    /// (the caller has checked the ticket is the contact's).
    pub async fn details(&self, id: i64) -> CliResult<Vec<(String, String)>> {
        Ok(self
            .record("HelpDesk", id)
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(|f| (f.name, text::plain(&f.raw)))
            .collect())
    }

    pub async fn comments(&self, id: i64) -> CliResult<Vec<CommentRow>> {
        let id = id.to_string();
        let answer = self
            .ticket_call("get_ticket_comments", &[("ticketid", id.as_str())])
            .await?;
        Ok(answer
            .child("return")
            .map(|r| {
                r.items()
                    .map(|c| CommentRow {
                        id: c
                            .text_of("commentid")
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(0),
                        body: text::plain(c.text_of("comments").unwrap_or("")),
                        owner_type: c.text_of("ownertype").unwrap_or("").to_owned(),
                        owner: text::plain(c.text_of("owner").unwrap_or("")),
                        created: c.text_of("createdtime").unwrap_or("").to_owned(),
                    })
                    .collect()
            })
            .unwrap_or_default())
    }

    pub async fn attachments(&self, id: i64) -> CliResult<Vec<AttachmentRow>> {
        let id = id.to_string();
        let answer = self
            .ticket_call("get_ticket_attachments", &[("ticketid", id.as_str())])
            .await?;
        Ok(answer
            .child("return")
            .map(|r| {
                r.items()
                    .filter_map(|a| {
                        Some(AttachmentRow {
                            id: a.text_of("fileid")?.parse().ok()?,
                            filename: text::plain(a.text_of("filename").unwrap_or("")),
                            filetype: a.text_of("filetype").unwrap_or("").to_owned(),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default())
    }

    /// The bytes of attachment `file_id`.
    pub async fn file(&self, file_id: i64) -> CliResult<Vec<u8>> {
        let id = file_id.to_string();
        let answer = self
            .ticket_call("get_filecontent", &[("fileid", id.as_str())])
            .await?;
        self.believe_empty(&answer).await?;
        let b64 = answer
            .child("return")
            .and_then(|r| r.items().next())
            .map_or("", |i| i.text.as_str());
        from_base64(b64, &format!("attachment {file_id}"))
    }

    pub async fn picklists(&self) -> CliResult<Picklists> {
        let answer = self
            .ticket_call("get_combo_values", &[("language", "en_us")])
            .await?;
        if answer.is_empty() {
            return Err(self.expired());
        }
        let ret = answer.child("return");
        let list = |group: &str| -> Vec<String> {
            ret.and_then(|r| r.child(group))
                .and_then(|g| g.child(&format!("{group}_keys")).or_else(|| g.child(group)))
                .map(|l| l.items().map(|i| text::plain(&i.text)).collect())
                .unwrap_or_default()
        };
        Ok(Picklists {
            priorities: list("ticketpriorities"),
            severities: list("ticketseverities"),
            categories: list("ticketcategories"),
        })
    }

    /// Opens a ticket; returns its vtenext id.
    pub async fn create(
        &self,
        title: &str,
        description: &str,
        priority: &str,
        severity: &str,
        category: &str,
    ) -> CliResult<i64> {
        let contact = self.session_or_login()?.contact_id.clone();
        let (title, description) = (text::outgoing(title), text::outgoing(description));
        let answer = self
            .ticket_call(
                "create_ticket",
                &[
                    ("title", title.as_str()),
                    ("description", description.as_str()),
                    ("priority", priority),
                    ("severity", severity),
                    ("category", category),
                    ("parent_id", contact.as_str()),
                    ("product_id", "0"),
                ],
            )
            .await?;
        self.believe_empty(&answer).await?;
        answer
            .child("return")
            .and_then(|r| r.items().next())
            .and_then(|i| i.child("new_ticket"))
            .and_then(|t| t.text_of("ticketid"))
            .and_then(|id| id.trim().parse().ok())
            .ok_or_else(|| {
                CliError::new(Kind::Network, "vtenext did not say which ticket it created")
            })
    }

    pub async fn comment(&self, id: i64, body: &str) -> CliResult<()> {
        let s = self.session_or_login()?;
        let (id, owner) = (id.to_string(), s.contact_id.clone());
        let body = text::outgoing(body);
        let answer = self
            .ticket_call(
                "update_ticket_comment",
                &[
                    ("ticketid", id.as_str()),
                    ("ownerid", owner.as_str()),
                    ("comments", body.as_str()),
                ],
            )
            .await?;
        self.believe_empty(&answer).await
    }

    pub async fn attach(
        &self,
        id: i64,
        filename: &str,
        filetype: &str,
        data: &[u8],
    ) -> CliResult<()> {
        let (id, size) = (id.to_string(), data.len().to_string());
        let content = base64::engine::general_purpose::STANDARD.encode(data);
        // The answer is empty whether it worked or not: the caller lists the attachments.
        self.ticket_call(
            "add_ticket_attachment",
            &[
                ("ticketid", id.as_str()),
                ("filename", filename),
                ("filetype", filetype),
                ("filesize", size.as_str()),
                ("filecontents", content.as_str()),
            ],
        )
        .await?;
        Ok(())
    }

    /// Closes a ticket as resolved ("Ok, risolto"). The answer (a dump of the whole ticket,
    /// not always well-formed) is not read; the caller reads the ticket again.
    pub async fn close(&self, id: i64) -> CliResult<()> {
        let s = self.session_or_login()?;
        let body = soap::envelope(
            "close_current_ticket",
            Style::Fieldname,
            &[
                ("id", s.contact_id.as_str()),
                ("sessionid", s.session_id.as_str()),
                ("ticketid", id.to_string().as_str()),
            ],
        );
        let resp = self
            .http
            .post(&self.service)
            .header("Content-Type", "text/xml; charset=utf-8")
            .body(body)
            .timeout(Duration::from_secs(120))
            .send()
            .await
            .map_err(|e| {
                CliError::new(
                    Kind::Network,
                    format!("cannot reach {}: {}", self.host, transport_text(&e)),
                )
            })?;
        let status = resp.status();
        let _ = resp.bytes().await;
        if !status.is_success() {
            return Err(CliError::new(
                Kind::Network,
                format!(
                    "vtenext at {} answered HTTP {} to closing the ticket",
                    self.host,
                    status.as_u16()
                ),
            ));
        }
        Ok(())
    }

    /// Changes the contact's password to `new`. vtenext answers "invalid username or
    /// password" whether or not it worked, so success is proven by logging in with it (which
    /// also renews the session: the caller stores it).
    pub async fn change_password(&mut self, new: &str) -> CliResult<Session> {
        let user = self.session_or_login()?.user_name.clone();
        let answer = self
            .ticket_call(
                "change_password",
                &[
                    ("username", user.as_str()),
                    ("password", new),
                    ("version", PORTAL_VERSION),
                ],
            )
            .await;
        if let Ok(a) = &answer {
            self.believe_empty(a).await?;
        }
        self.login(&user, new).await.map_err(|e| {
            if e.kind == Kind::Auth {
                CliError::new(Kind::Other, "vtenext did not change the password")
            } else {
                e
            }
        })
    }

    /// Asks vtenext to mail the contact its login details.
    pub async fn forgot_password(&self, email: &str) -> CliResult<()> {
        let answer = self
            .call("send_mail_for_password", Style::Direct, &[("email", email)])
            .await
            .map_err(|e| {
                if e.message.contains("HTTP 500") {
                    CliError::new(
                        Kind::Network,
                        format!("vtenext at {} could not send the mail (HTTP 500): its mail transport may not be configured", self.host),
                    )
                    .hint("ask the CRM's administrators, or use the portal's web page")
                } else {
                    e
                }
            })?;
        let ret = text::plain(answer.text_of("return").unwrap_or(&answer.text));
        match ret.split_once("@@@") {
            Some((ok, msg)) if ok != "true" => Err(CliError::new(
                Kind::NotFound,
                format!("vtenext: {}", msg.trim()),
            )),
            _ => Ok(()),
        }
    }
}

/// A file's content as vtenext sends it (base64, maybe wrapped), decoded; `what` names the file
/// in the error.
fn from_base64(text: &str, what: &str) -> CliResult<Vec<u8>> {
    let b64: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(b64.as_bytes())
        .map_err(|e| {
            CliError::new(
                Kind::Network,
                format!("vtenext sent {what} in a form that cannot be decoded: {e}"),
            )
            .hint("try again; if it persists, the file is damaged in the CRM")
        })
}

fn login_error(err: &str) -> CliError {
    match err.trim() {
        "INVALID_USERNAME_OR_PASSWORD" => CliError::new(
            Kind::Auth,
            "wrong e-mail or password for the vtenext portal (or the contact has no portal access)",
        )
        .hint("check the address you log in with; `lhs password forgot` asks vtenext to mail your details"),
        e if e.contains("NOT COMPATIBLE") => CliError::new(
            Kind::Other,
            format!("vtenext refuses this client's portal version ({e})"),
        ),
        "MORE_THAN_ONE_USER" => CliError::new(
            Kind::Auth,
            "vtenext has more than one portal contact with this e-mail address",
        )
        .hint("ask the CRM's administrators to make the address unique"),
        other => CliError::new(Kind::Auth, format!("vtenext refused the login: {other}")),
    }
}

/// Rows of `get_tickets_list`: the head names the columns, the data holds the rows.
fn list_rows(answer: &Node) -> Vec<ListRow> {
    let Some(ret) = answer.child("return") else {
        return Vec::new();
    };
    let mut head: Vec<String> = Vec::new();
    let mut rows = Vec::new();
    for part in ret.items() {
        if let Some(cols) = part.child("head").and_then(|h| h.items().next()) {
            head = cols
                .items()
                .map(|c| c.text_of("fielddata").unwrap_or("").to_ascii_lowercase())
                .collect();
        }
        if let Some(d) = part.child("data") {
            for row in d.items() {
                let cells: Vec<&str> = row
                    .items()
                    .map(|c| c.text_of("fielddata").unwrap_or(""))
                    .collect();
                let col = |names: &[&str], fallback: usize| -> &str {
                    head.iter()
                        .position(|h| names.contains(&h.as_str()))
                        .or(Some(fallback))
                        .and_then(|i| cells.get(i).copied())
                        .unwrap_or("")
                };
                let subject_html = col(&["subject", "title"], 1);
                let Some(id) = link_id(subject_html, "ticketid=") else {
                    continue;
                };
                rows.push(ListRow {
                    id,
                    ticket_no: text::plain(col(&["ticket no", "ticket_no"], 0)),
                    title: text::plain(subject_html),
                    status: text::plain(col(&["status"], 3)),
                    priority: text::plain(col(&["priority"], 4)),
                    assigned_to: text::plain(col(&["assigned to"], 5)),
                    related_to: text::plain(col(&["related to"], 2)),
                });
            }
        }
    }
    rows
}

/// The number after `key` in a link (`…&ticketid=21"`).
fn link_id(html: &str, key: &str) -> Option<i64> {
    let at = html.find(key)? + key.len();
    let digits: String = html[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

fn page_title(bytes: &[u8]) -> Option<String> {
    let s = String::from_utf8_lossy(bytes);
    let lower = s.to_ascii_lowercase();
    let start = lower.find("<title>")? + 7;
    let end = lower[start..].find("</title>")? + start;
    let t = text::plain(s[start..end].trim());
    (!t.is_empty()).then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_recorded_ticket_list_is_read() {
        let path = format!(
            "{}/../shared/vtenext/samples/get_tickets_list.resp.xml",
            env!("CARGO_MANIFEST_DIR")
        );
        let Ok(xml) = std::fs::read(path) else {
            eprintln!("skipped: ../shared/vtenext/samples is not there");
            return;
        };
        let rows = list_rows(&soap::parse(&xml).unwrap());
        assert_eq!(
            rows,
            [ListRow {
                id: 21,
                ticket_no: "TT1".into(),
                title: "Printer not working".into(),
                status: "Closed".into(),
                priority: "High".into(),
                assigned_to: "admin".into(),
                related_to: "Rossi Mario".into(),
            }]
        );
    }

    #[test]
    fn sessions_round_trip_through_the_keyring_form() {
        let s = Session::from_secret("20:mqnu3ujp", "a@b.example").unwrap();
        assert_eq!(s.to_secret(), "20:mqnu3ujp");
        assert!(Session::from_secret("lhs_s_abc", "x").is_none());
        assert_eq!(
            service_url("http://crm.example.com/"),
            "http://crm.example.com/vteservice.php?service=customerportal"
        );
    }
}
