//! Tickets on PostgreSQL: listings walk an index in ticket order (see
//! [`PgTx::page_ids_sql`]), full text through the `search` tsvector and its GIN index. In a
//! write transaction a ticket read for an action is locked (`FOR UPDATE`), so two actions on
//! one ticket never both pass the state machine.

use std::fmt::Write as _;

use postgres::Row;
use postgres::types::ToSql;

use super::{PgTx, Placeholders};
use crate::domain::search::{QueryWord, terms};
use crate::domain::ticket::{Priority, TicketState};
use crate::server::store::{
    NewAttachment, NewTicket, Scope, StoreResult, TicketFilter, TicketRepo, TicketRow,
};
use crate::wire::{Attachment, Comment};

const TICKET_COLS: &str = "t.id, t.company_id, c.code, c.name, t.creator_id, u.account, \
     trim(u.name || ' ' || u.surname), u.email, t.section_id, ma.name, a.name, s.name, t.subject, \
     t.description, t.priority, t.state, t.technician_id, tech.account, tech.email, t.minutes, \
     t.created_at, t.updated_at, t.answered_at, t.closed_at, t.closed_by, t.notify_email, \
     u.language, tech.language";

const TICKET_FROM: &str = "FROM tickets t \
     JOIN companies c ON c.id = t.company_id \
     JOIN users u ON u.id = t.creator_id \
     JOIN sections s ON s.id = t.section_id \
     JOIN areas a ON a.id = s.area_id \
     JOIN macro_areas ma ON ma.id = a.macro_area_id \
     LEFT JOIN users tech ON tech.id = t.technician_id";

/// A ticket's search vector from its terms ([`crate::domain::search::terms`], computed by lhs
/// so that both backends index the same tokens): one lexeme per term, nothing stemmed again.
const SEARCH_OF: &str = "to_tsvector('simple', {})";

pub(super) fn search_of(arg: &str) -> String {
    SEARCH_OF.replace("{}", arg)
}

fn ticket_row(r: &Row) -> TicketRow {
    let prio: String = r.get(14);
    let state: String = r.get(15);
    TicketRow {
        id: r.get(0),
        company_id: r.get(1),
        company_code: r.get(2),
        company_name: r.get(3),
        creator_id: r.get(4),
        creator_account: r.get(5),
        creator_name: r.get(6),
        creator_email: r.get(7),
        section_id: r.get(8),
        macro_area: r.get(9),
        area: r.get(10),
        section: r.get(11),
        subject: r.get(12),
        description: r.get(13),
        priority: prio.parse().unwrap_or(Priority::Normale),
        state: state.parse().unwrap_or(TicketState::Inserito),
        technician_id: r.get(16),
        technician_account: r.get(17),
        technician_email: r.get(18),
        minutes: r.get(19),
        created_at: r.get(20),
        updated_at: r.get(21),
        answered_at: r.get(22),
        closed_at: r.get(23),
        closed_by: r.get(24),
        notify_email: r.get(25),
        creator_language: r.get(26),
        technician_language: r.get(27),
    }
}

/// A query being written, with its parameters.
#[derive(Default)]
struct Q {
    sql: String,
    params: Vec<Box<dyn ToSql + Sync>>,
    ph: Placeholders,
}

impl Q {
    /// Adds a parameter and returns its placeholder.
    fn bind(&mut self, v: impl ToSql + Sync + 'static) -> String {
        self.params.push(Box::new(v));
        self.ph.next()
    }

    fn refs(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.params
            .iter()
            .map(|p| &**p as &(dyn ToSql + Sync))
            .collect()
    }
}

/// The scope and every filter but states, words and the cursor, as ` AND …` conditions.
fn base_conds(q: &mut Q, scope: Scope, f: &TicketFilter) -> String {
    let mut c = String::new();
    match scope {
        Scope::All => {}
        Scope::Company(id) => {
            let p = q.bind(id);
            let _ = write!(c, " AND t.company_id = {p}");
        }
        Scope::Own { company, user } => {
            let p1 = q.bind(company);
            let p2 = q.bind(user);
            let _ = write!(c, " AND t.company_id = {p1} AND t.creator_id = {p2}");
        }
    }
    for (col, v) in [
        ("t.company_id", f.company),
        ("t.technician_id", f.technician),
        ("t.creator_id", f.creator),
    ] {
        if let Some(v) = v {
            let p = q.bind(v);
            let _ = write!(c, " AND {col} = {p}");
        }
    }
    // Written into the statement (one of three fixed words): each priority gets its own
    // plan, so a plan made for the common one never walks every ticket looking for a rare one.
    // (Statements are kept per connection by their text: one more per value asked for.)
    if let Some(prio) = f.priority {
        let _ = write!(c, " AND t.priority = '{}'", prio.as_str());
    }
    // Written into the statement too (numbers of the catalog's sections): a plan made for a
    // common section would walk every ticket looking for one that has none.
    if let Some(ids) = &f.sections {
        if ids.is_empty() {
            c.push_str(" AND false");
        } else {
            let list: Vec<String> = ids.iter().map(i64::to_string).collect();
            let _ = write!(c, " AND t.section_id IN ({})", list.join(", "));
        }
    }
    if let Some(from) = &f.created_from {
        let p = q.bind(from.clone());
        let _ = write!(
            c,
            " AND t.created_at >= {p} AND t.id >= coalesce((SELECT id FROM tickets \
             WHERE created_at >= {p} ORDER BY created_at, id LIMIT 1), 9223372036854775807)"
        );
    }
    if let Some(until) = &f.created_until {
        let p = q.bind(until.clone());
        let _ = write!(
            c,
            " AND t.created_at < {p} AND t.id <= coalesce((SELECT id FROM tickets \
             WHERE created_at < {p} ORDER BY created_at DESC, id DESC LIMIT 1), 0)"
        );
    }
    c
}

fn states_cond(q: &mut Q, states: &[TicketState]) -> String {
    if states.is_empty() {
        return String::new();
    }
    let list: Vec<String> = states.iter().map(|s| s.as_str().to_owned()).collect();
    let p = q.bind(list);
    format!(" AND t.state = ANY({p})")
}

/// Every word must match one of its forms (as a prefix where the word says so): one
/// tsquery over the terms, the same rule as SQLite's FTS5 query.
fn words_cond(q: &mut Q, words: &[QueryWord]) -> String {
    if words.is_empty() {
        return String::new();
    }
    let query = words
        .iter()
        .map(|w| {
            let forms: Vec<String> = w
                .forms
                .iter()
                .map(|f| {
                    format!(
                        "'{}'{}",
                        f.text.replace('\'', "''"),
                        if f.prefix { ":*" } else { "" }
                    )
                })
                .collect();
            format!("({})", forms.join(" | "))
        })
        .collect::<Vec<_>>()
        .join(" & ");
    let p = q.bind(query);
    format!(" AND t.search @@ to_tsquery('simple', {p})")
}

/// How many of the newest tickets in scope a search reads before it turns to the full-text
/// index instead (see [`PgTx::page_ids_sql`]): the newest tickets of all lie side by side,
/// a company's or a user's are spread over the table and cost a page read each.
fn scan_first(scope: Scope) -> i64 {
    match scope {
        Scope::All => 5_000,
        Scope::Company(_) | Scope::Own { .. } => 500,
    }
}

impl PgTx<'_> {
    /// The query for a page's ticket numbers, newest first. Every form walks an index in
    /// ticket order and stops at the page's end, so its cost does not grow with the number of
    /// matches: the scope's index (company, creator, technician, or all), the per-state index
    /// when one state is asked for, one walk per state merged for several.
    ///
    /// Words are the exception: a common word is best checked while walking newest first, a
    /// rare one is best found through the GIN index; which one is not known in advance. So a
    /// search first checks the words on the newest tickets in scope ([`scan_first`]: enough
    /// for a page when a word is in more than 1 % of all tickets, or 10 % of a company's) and
    /// only when that does not fill the page asks the GIN index, whose matches are then few.
    fn page_ids_sql(q: &mut Q, scope: Scope, f: &TicketFilter, limit: i64, gin: bool) {
        let mut conds = base_conds(q, scope, f);
        let (dir, cmp) = f.order();
        if let Some(before) = f.before {
            let p = q.bind(before);
            let _ = write!(conds, " AND t.id {cmp} {p}");
        }
        // Limits are written into the statement rather than bound: a plan made for the
        // statement (and kept for it) then knows how few rows it needs.
        let lim = limit.max(0);
        if !f.words.is_empty() {
            let st = states_cond(q, &f.states);
            let words = words_cond(q, &f.words);
            q.sql = if gin {
                // `t.id + 0`: sorted after the GIN index gave the matches, not by walking ids.
                format!(
                    "SELECT t.id FROM tickets t WHERE true{conds}{st}{words} \
                     ORDER BY t.id + 0 {dir} LIMIT {lim}"
                )
            } else {
                let first = scan_first(scope);
                format!(
                    "SELECT t.id FROM (SELECT t.id, t.search FROM tickets t WHERE true{conds}{st} \
                     ORDER BY t.id {dir} LIMIT {first}) t WHERE true{words} \
                     ORDER BY t.id {dir} LIMIT {lim}"
                )
            };
            return;
        }
        if f.states.len() <= 1 {
            let st = states_cond(q, &f.states);
            q.sql = format!(
                "SELECT t.id FROM tickets t WHERE true{conds}{st} ORDER BY t.id {dir} LIMIT {lim}"
            );
        } else {
            // One index walk per state, merged: no sort of every match.
            let parts: Vec<String> = f
                .states
                .iter()
                .map(|s| {
                    let p = q.bind(s.as_str().to_owned());
                    format!(
                        "(SELECT t.id FROM tickets t WHERE t.state = {p}{conds} \
                         ORDER BY t.id {dir} LIMIT {lim})"
                    )
                })
                .collect();
            q.sql = format!("{} ORDER BY 1 {dir} LIMIT {lim}", parts.join(" UNION ALL "));
        }
    }

    /// A page of tickets in one round trip: the page's numbers (above) joined to their rows.
    fn page(
        &self,
        scope: Scope,
        f: &TicketFilter,
        limit: i64,
        gin: bool,
    ) -> StoreResult<Vec<TicketRow>> {
        let mut q = Q::default();
        Self::page_ids_sql(&mut q, scope, f, limit, gin);
        q.sql = format!(
            "SELECT {TICKET_COLS} {TICKET_FROM} WHERE t.id IN ({}) ORDER BY t.id {}",
            q.sql,
            f.order().0
        );
        let rows = if f.words.is_empty() {
            self.query(&q.sql, &q.refs())?
        } else {
            self.query_planned(&q.sql, &q.refs())?
        };
        Ok(rows.iter().map(ticket_row).collect())
    }
}

impl TicketRepo for PgTx<'_> {
    fn insert_ticket(&self, t: &NewTicket, now: &str) -> StoreResult<i64> {
        let last: Option<String> = self
            .query_opt(
                "SELECT created_at FROM tickets ORDER BY id DESC LIMIT 1",
                &[],
            )?
            .map(|r| r.get(0));
        let at = match last {
            Some(l) if l.as_str() > now => l,
            _ => now.to_owned(),
        };
        let text = terms(&format!("{}\n{}", t.subject, t.description));
        Ok(self
            .query_one(
                &format!(
                    "INSERT INTO tickets (company_id, creator_id, section_id, subject, description, \
                     priority, state, created_at, updated_at, search, notify_email) \
                     VALUES ($1, $2, $3, $4, $5, $6, 'inserito', $7, $7, {}, $9) RETURNING id",
                    search_of("$8")
                ),
                &[
                    &t.company_id,
                    &t.creator_id,
                    &t.section_id,
                    &t.subject,
                    &t.description,
                    &t.priority.as_str(),
                    &at,
                    &text,
                    &t.notify_email,
                ],
            )?
            .get(0))
    }

    fn ticket(&self, scope: Scope, number: i64) -> StoreResult<Option<TicketRow>> {
        let mut q = Q::default();
        let id = q.bind(number);
        let conds = base_conds(&mut q, scope, &TicketFilter::default());
        let lock = if self.writing() {
            " FOR UPDATE OF t"
        } else {
            ""
        };
        q.sql = format!("SELECT {TICKET_COLS} {TICKET_FROM} WHERE t.id = {id}{conds}{lock}");
        Ok(self.query_opt(&q.sql, &q.refs())?.as_ref().map(ticket_row))
    }

    fn list_tickets(
        &self,
        scope: Scope,
        f: &TicketFilter,
        limit: i64,
    ) -> StoreResult<Vec<TicketRow>> {
        let rows = self.page(scope, f, limit, false)?;
        if f.words.is_empty() || i64::try_from(rows.len()).unwrap_or(0) >= limit {
            return Ok(rows);
        }
        self.page(scope, f, limit, true)
    }

    fn count_tickets(&self, scope: Scope, f: &TicketFilter) -> StoreResult<i64> {
        let mut q = Q::default();
        let conds = base_conds(&mut q, scope, f);
        let st = states_cond(&mut q, &f.states);
        let words = words_cond(&mut q, &f.words);
        q.sql = format!("SELECT count(*) FROM tickets t WHERE true{conds}{st}{words}");
        Ok(self.query_one(&q.sql, &q.refs())?.get(0))
    }

    fn update_ticket(&self, t: &TicketRow) -> StoreResult<()> {
        self.execute(
            "UPDATE tickets SET state = $2, technician_id = $3, minutes = $4, updated_at = $5, \
             answered_at = $6, closed_at = $7, closed_by = $8 WHERE id = $1",
            &[
                &t.id,
                &t.state.as_str(),
                &t.technician_id,
                &t.minutes,
                &t.updated_at,
                &t.answered_at,
                &t.closed_at,
                &t.closed_by,
            ],
        )?;
        Ok(())
    }

    fn edit_ticket(&self, t: &TicketRow) -> StoreResult<()> {
        // The search vector is rebuilt from the new subject, the description and the comments.
        let comments: String = self
            .query_one(
                "SELECT coalesce(string_agg(body, E'\\n' ORDER BY id), '') FROM comments \
                 WHERE ticket_id = $1",
                &[&t.id],
            )?
            .get(0);
        self.execute(
            &format!(
                "UPDATE tickets SET subject = $2, priority = $3, notify_email = $4, updated_at = $5, \
                 search = {} WHERE id = $1",
                search_of("$6")
            ),
            &[
                &t.id,
                &t.subject,
                &t.priority.as_str(),
                &t.notify_email,
                &t.updated_at,
                &terms(&format!("{}\n{}\n{comments}", t.subject, t.description)),
            ],
        )?;
        Ok(())
    }

    fn insert_comment(
        &self,
        ticket_id: i64,
        author_id: i64,
        kind: &str,
        body: &str,
        minutes: i64,
        now: &str,
    ) -> StoreResult<i64> {
        let id: i64 = self
            .query_one(
                "INSERT INTO comments (ticket_id, author_id, kind, body, minutes, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                &[&ticket_id, &author_id, &kind, &body, &minutes, &now],
            )?
            .get(0);
        self.execute(
            &format!(
                "UPDATE tickets SET search = search || {} WHERE id = $1",
                search_of("$2")
            ),
            &[&ticket_id, &terms(body)],
        )?;
        Ok(id)
    }

    fn comments(&self, ticket_id: i64) -> StoreResult<Vec<Comment>> {
        Ok(self
            .query(
                "SELECT cm.id, u.account, trim(u.name || ' ' || u.surname), u.role, cm.kind, \
                 cm.body, cm.minutes, cm.created_at FROM comments cm \
                 JOIN users u ON u.id = cm.author_id WHERE cm.ticket_id = $1 ORDER BY cm.id",
                &[&ticket_id],
            )?
            .iter()
            .map(|r| {
                let role: String = r.get(3);
                Comment {
                    id: r.get(0),
                    author: r.get(1),
                    author_name: r.get(2),
                    author_role: if role == "staff" { "staff" } else { "customer" }.to_owned(),
                    kind: r.get(4),
                    body: r.get(5),
                    minutes: r.get(6),
                    created_at: r.get(7),
                }
            })
            .collect())
    }

    fn insert_attachment(
        &self,
        ticket_id: i64,
        uploader_id: i64,
        file: &NewAttachment,
        now: &str,
    ) -> StoreResult<i64> {
        Ok(self
            .query_one(
                "INSERT INTO attachments \
                 (ticket_id, uploader_id, filename, content_type, size, sha256, data, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                &[
                    &ticket_id,
                    &uploader_id,
                    &file.filename,
                    &file.content_type,
                    &i64::try_from(file.data.len()).unwrap_or(i64::MAX),
                    &file.sha256,
                    &file.data,
                    &now,
                ],
            )?
            .get(0))
    }

    fn attachments(&self, ticket_id: i64) -> StoreResult<Vec<Attachment>> {
        Ok(self
            .query(
                "SELECT f.id, f.filename, f.content_type, f.size, f.sha256, up.account, \
                 f.created_at FROM attachments f JOIN users up ON up.id = f.uploader_id \
                 WHERE f.ticket_id = $1 ORDER BY f.id",
                &[&ticket_id],
            )?
            .iter()
            .map(attachment_row)
            .collect())
    }

    fn attachment_data(
        &self,
        scope: Scope,
        number: i64,
        id: i64,
    ) -> StoreResult<Option<(Attachment, Vec<u8>)>> {
        let mut q = Q::default();
        let pid = q.bind(id);
        let pn = q.bind(number);
        let conds = base_conds(&mut q, scope, &TicketFilter::default());
        q.sql = format!(
            "SELECT f.id, f.filename, f.content_type, f.size, f.sha256, up.account, \
             f.created_at, f.data FROM attachments f \
             JOIN users up ON up.id = f.uploader_id JOIN tickets t ON t.id = f.ticket_id \
             WHERE f.id = {pid} AND t.id = {pn}{conds}"
        );
        Ok(self
            .query_opt(&q.sql, &q.refs())?
            .map(|r| (attachment_row(&r), r.get(7))))
    }

    fn answered_before(&self, cutoff: &str, limit: i64) -> StoreResult<Vec<TicketRow>> {
        Ok(self
            .query(
                &format!(
                    "SELECT {TICKET_COLS} {TICKET_FROM} \
                     WHERE t.state = 'risposto' AND t.answered_at <= $1 \
                     ORDER BY t.answered_at, t.id LIMIT $2 FOR UPDATE OF t SKIP LOCKED"
                ),
                &[&cutoff, &limit],
            )?
            .iter()
            .map(ticket_row)
            .collect())
    }
}

fn attachment_row(r: &Row) -> Attachment {
    Attachment {
        id: r.get(0),
        filename: r.get(1),
        content_type: r.get(2),
        size: r.get(3),
        sha256: r.get(4),
        uploaded_by: r.get(5),
        created_at: r.get(6),
    }
}
