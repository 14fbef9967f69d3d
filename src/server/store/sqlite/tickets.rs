//! Tickets on SQLite. A listing first picks the page's ticket numbers from an index (or from
//! the search index, newest first, stopping at the page size), then reads those rows with
//! their joins: the cost is the page's, not the number of matches.

use std::fmt::Write as _;

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row};

use super::{SqliteTx, placeholders};
use crate::domain::search::terms;
use crate::domain::ticket::{Priority, TicketState};
use crate::server::store::{
    NewAttachment, NewTicket, Scope, StoreResult, TicketFilter, TicketRepo, TicketRow,
};
use crate::wire::{Attachment, Comment};

const TICKET_SELECT: &str = "SELECT t.id, t.company_id, c.code, c.name, t.creator_id, u.account, \
     trim(u.name || ' ' || u.surname), u.email, t.section_id, ma.name, a.name, s.name, t.subject, \
     t.description, t.priority, t.state, t.technician_id, tech.account, tech.email, t.minutes, \
     t.created_at, t.updated_at, t.answered_at, t.closed_at, t.closed_by, t.notify_email, \
     u.language, tech.language \
     FROM tickets t \
     JOIN companies c ON c.id = t.company_id \
     JOIN users u ON u.id = t.creator_id \
     JOIN sections s ON s.id = t.section_id \
     JOIN areas a ON a.id = s.area_id \
     JOIN macro_areas ma ON ma.id = a.macro_area_id \
     LEFT JOIN users tech ON tech.id = t.technician_id";

fn ticket_row(r: &Row) -> rusqlite::Result<TicketRow> {
    let prio: String = r.get(14)?;
    let state: String = r.get(15)?;
    Ok(TicketRow {
        id: r.get(0)?,
        company_id: r.get(1)?,
        company_code: r.get(2)?,
        company_name: r.get(3)?,
        creator_id: r.get(4)?,
        creator_account: r.get(5)?,
        creator_name: r.get(6)?,
        creator_email: r.get(7)?,
        section_id: r.get(8)?,
        macro_area: r.get(9)?,
        area: r.get(10)?,
        section: r.get(11)?,
        subject: r.get(12)?,
        description: r.get(13)?,
        priority: prio.parse().unwrap_or(Priority::Normale),
        state: state.parse().unwrap_or(TicketState::Inserito),
        technician_id: r.get(16)?,
        technician_account: r.get(17)?,
        technician_email: r.get(18)?,
        minutes: r.get(19)?,
        created_at: r.get(20)?,
        updated_at: r.get(21)?,
        answered_at: r.get(22)?,
        closed_at: r.get(23)?,
        closed_by: r.get(24)?,
        notify_email: r.get(25)?,
        creator_language: r.get(26)?,
        technician_language: r.get(27)?,
    })
}

/// SQL conditions on `t` with their parameters.
#[derive(Default)]
struct Conds {
    sql: String,
    params: Vec<Value>,
}

impl Conds {
    fn push(&mut self, sql: &str, v: impl Into<Value>) {
        self.sql.push_str(sql);
        self.params.push(v.into());
    }
}

/// The search index's `scope` column: the tokens a company's and a user's search match.
pub(super) fn scope_tokens(company_id: i64, creator_id: i64) -> String {
    format!("co{company_id} us{creator_id}")
}

/// `t.section_id IN (…)` for the sections filter (none of them: nothing matches).
fn sections_cond(f: &TicketFilter, c: &mut Conds) {
    if let Some(ids) = &f.sections {
        let _ = write!(
            c.sql,
            " AND t.section_id IN {}",
            placeholders(ids.len().max(1))
        );
        if ids.is_empty() {
            c.params.push(Value::Integer(-1));
        }
        c.params.extend(ids.iter().map(|i| Value::Integer(*i)));
    }
}

/// The scope and every filter but sections, states, words and the cursor.
fn base_conds(scope: Scope, f: &TicketFilter) -> Conds {
    let mut c = Conds::default();
    match scope {
        Scope::All => {}
        Scope::Company(id) => c.push(" AND t.company_id = ?", id),
        Scope::Own { company, user } => {
            c.push(" AND t.company_id = ?", company);
            c.push(" AND t.creator_id = ?", user);
        }
    }
    for (col, v) in [
        ("t.company_id", f.company),
        ("t.technician_id", f.technician),
        ("t.creator_id", f.creator),
    ] {
        if let Some(v) = v {
            c.push(&format!(" AND {col} = ?"), v);
        }
    }
    if let Some(p) = &f.priority {
        c.push(" AND t.priority = ?", p.as_str().to_owned());
    }
    // Tickets are numbered in creation order (creation times never go backwards), so a date
    // range is also a range of numbers, which the indexes walk directly.
    if let Some(from) = &f.created_from {
        c.push(" AND t.created_at >= ?", from.clone());
        c.push(
            " AND t.id >= coalesce((SELECT id FROM tickets WHERE created_at >= ? \
             ORDER BY created_at, id LIMIT 1), 9223372036854775807)",
            from.clone(),
        );
    }
    if let Some(until) = &f.created_until {
        c.push(" AND t.created_at < ?", until.clone());
        c.push(
            " AND t.id <= coalesce((SELECT id FROM tickets WHERE created_at < ? \
             ORDER BY created_at DESC, id DESC LIMIT 1), 0)",
            until.clone(),
        );
    }
    c
}

fn states_cond(states: &[TicketState], c: &mut Conds) {
    states_cond_as(states, c, "t.state");
}

/// The states condition on `col`: `+t.state` checks the states on the rows another index
/// gives without walking the state index (SQLite's unary `+` hides a column from the planner).
fn states_cond_as(states: &[TicketState], c: &mut Conds, col: &str) {
    if !states.is_empty() {
        let _ = write!(c.sql, " AND {col} IN {}", placeholders(states.len()));
        c.params
            .extend(states.iter().map(|s| Value::Text(s.as_str().to_owned())));
    }
}

/// The longest prefix with an index of its own (migration 8: `prefix = '3 4 5 6'`).
const PREFIX_INDEXED: usize = 6;
/// A longer prefix is looked up as the words it stands for, when there are at most this many.
const EXPAND_AT_MOST: usize = 64;

/// Records the terms longer than [`PREFIX_INDEXED`] in `ticket_search_vocab`, for
/// [`expand`]. (FTS5's own vocabulary table counts every term's documents to list it: 20 ms
/// for a word in 40 % of a million tickets.)
pub(super) fn remember_terms(c: &rusqlite::Connection, terms: &[&str]) -> rusqlite::Result<()> {
    let mut long: Vec<&str> = terms
        .iter()
        .flat_map(|t| t.split(' '))
        .filter(|t| t.chars().count() > PREFIX_INDEXED)
        .collect();
    long.sort_unstable();
    long.dedup();
    let mut st =
        c.prepare_cached("INSERT OR IGNORE INTO ticket_search_vocab (term) VALUES (?1)")?;
    for t in long {
        st.execute([t])?;
    }
    Ok(())
}

/// The indexed terms that start with `prefix` (None: more than [`EXPAND_AT_MOST`]). FTS5
/// answers a prefix longer than its prefix indexes by merging the whole lists of every
/// matching term before the first row comes out (16 ms for a word in 40 % of a million
/// tickets); the same words asked for one by one are read lazily, newest first.
fn expand(c: &rusqlite::Connection, prefix: &str) -> StoreResult<Option<Vec<String>>> {
    let mut st = c.prepare_cached(
        "SELECT term FROM ticket_search_vocab WHERE term >= ?1 AND term < ?2 LIMIT ?3",
    )?;
    let end = format!("{prefix}\u{10FFFF}");
    let terms: Vec<String> = st
        .query_map(
            rusqlite::params![prefix, end, i64::try_from(EXPAND_AT_MOST + 1).unwrap_or(65)],
            |r| r.get(0),
        )?
        .collect::<Result<_, _>>()?;
    Ok((terms.len() <= EXPAND_AT_MOST).then_some(terms))
}

/// The FTS5 query of the filter's words in the text columns: each word one of its forms (as
/// a prefix where the word says so), every word required; plus the scope token that
/// restricts the walk to one company's or one user's tickets.
fn match_expr(c: &rusqlite::Connection, scope: Scope, f: &TicketFilter) -> StoreResult<String> {
    let quote = |t: &str| format!("\"{}\"", t.replace('"', "\"\""));
    let mut words: Vec<String> = Vec::new();
    for w in &f.words {
        let mut forms: Vec<String> = Vec::new();
        for form in &w.forms {
            if !form.prefix {
                forms.push(quote(&form.text));
                continue;
            }
            if form.text.chars().count() <= PREFIX_INDEXED {
                forms.push(format!("{}*", quote(&form.text)));
                continue;
            }
            match expand(c, &form.text)? {
                Some(terms) => forms.extend(terms.iter().map(|t| quote(t))),
                None => forms.push(format!("{}*", quote(&form.text))),
            }
        }
        if forms.is_empty() {
            // Neither the word nor its stem is anywhere: nothing can match.
            forms.push(quote(&w.forms[0].text));
        }
        words.push(format!("({})", forms.join(" OR ")));
    }
    let mut q = format!(
        "{{subject description comments}} : ({})",
        words.join(" AND ")
    );
    let token = match (scope, f.creator, f.company) {
        (Scope::Own { user, .. }, _, _) | (_, Some(user), _) => Some(format!("us{user}")),
        (Scope::Company(c), _, _) | (_, _, Some(c)) => Some(format!("co{c}")),
        _ => None,
    };
    if let Some(t) = token {
        let _ = write!(q, " AND scope : \"{t}\"");
    }
    Ok(q)
}

/// A page's numbers in one index walk under the conditions `c` (gets the limit).
fn one_walk(c: &mut Conds, dir: &str, limit: i64) -> String {
    c.params.push(limit.into());
    format!(
        "SELECT t.id FROM tickets t WHERE 1 = 1{} ORDER BY t.id {dir} LIMIT ?",
        c.sql
    )
}

/// A page's numbers as one index walk per value of `col` (several states, several sections),
/// each stopping at the page's end, merged: no sort of every match. Rewrites `c.params`.
fn merged_walks(col: &str, values: Vec<Value>, c: &mut Conds, dir: &str, limit: i64) -> String {
    let mut parts = Vec::new();
    let mut params = Vec::new();
    for v in values {
        parts.push(format!(
            "SELECT id FROM (SELECT t.id FROM tickets t WHERE {col} = ?{} \
             ORDER BY t.id {dir} LIMIT ?)",
            c.sql
        ));
        params.push(v);
        params.extend(c.params.iter().cloned());
        params.push(limit.into());
    }
    params.push(limit.into());
    c.params = params;
    format!("{} ORDER BY id {dir} LIMIT ?", parts.join(" UNION ALL "))
}

impl SqliteTx<'_> {
    /// The page's ticket numbers, in the filter's order (newest or oldest first).
    fn page_ids(&self, scope: Scope, f: &TicketFilter, limit: i64) -> StoreResult<Vec<i64>> {
        let mut c = base_conds(scope, f);
        let (dir, cmp) = f.order();
        let sql;
        if f.words.is_empty() {
            if let Some(before) = f.before {
                c.push(&format!(" AND t.id {cmp} ?"), before);
            }
            if f.priority.is_some() || f.sections.is_some() {
                // The priority or section index leads (alone or within the company): those
                // filters are the narrow ones, and one that matches little must not turn the
                // walk into a scan of every ticket in scope. States are checked on its rows.
                states_cond_as(&f.states, &mut c, "+t.state");
                let sections = f.sections.as_deref().unwrap_or_default();
                if sections.len() <= 1 {
                    sections_cond(f, &mut c);
                    sql = one_walk(&mut c, dir, limit);
                } else {
                    let values = sections.iter().map(|id| Value::Integer(*id)).collect();
                    sql = merged_walks("t.section_id", values, &mut c, dir, limit);
                }
            } else if f.states.len() <= 1 {
                states_cond(&f.states, &mut c);
                sql = one_walk(&mut c, dir, limit);
            } else {
                let values = f
                    .states
                    .iter()
                    .map(|s| Value::Text(s.as_str().to_owned()))
                    .collect();
                sql = merged_walks("t.state", values, &mut c, dir, limit);
            }
        } else {
            states_cond(&f.states, &mut c);
            sections_cond(f, &mut c);
            let mut params = vec![Value::Text(match_expr(self.c(), scope, f)?)];
            let mut cursor = String::new();
            if let Some(before) = f.before {
                cursor = format!(" AND ticket_search.rowid {cmp} ?");
                params.push(before.into());
            }
            params.append(&mut c.params);
            params.push(limit.into());
            c.params = params;
            sql = format!(
                "SELECT t.id FROM ticket_search JOIN tickets t ON t.id = ticket_search.rowid \
                 WHERE ticket_search MATCH ?{cursor}{} \
                 ORDER BY ticket_search.rowid {dir} LIMIT ?",
                c.sql
            );
        }
        let mut st = self.c().prepare_cached(&sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(c.params), |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

impl TicketRepo for SqliteTx<'_> {
    fn insert_ticket(&self, t: &NewTicket, now: &str) -> StoreResult<i64> {
        // Creation times never go backwards (a clock step back takes the last one), so the
        // numbering order is also the time order that date ranges rely on.
        let last: Option<String> = self
            .c()
            .prepare_cached("SELECT created_at FROM tickets ORDER BY id DESC LIMIT 1")?
            .query_row([], |r| r.get(0))
            .optional()?;
        let at = match last {
            Some(l) if l.as_str() > now => l,
            _ => now.to_owned(),
        };
        self.c()
            .prepare_cached(
                "INSERT INTO tickets (company_id, creator_id, section_id, subject, description, \
                 priority, state, created_at, updated_at, notify_email) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'inserito', ?7, ?7, ?8)",
            )?
            .execute(rusqlite::params![
                t.company_id,
                t.creator_id,
                t.section_id,
                t.subject,
                t.description,
                t.priority.as_str(),
                at,
                t.notify_email
            ])?;
        let id = self.c().last_insert_rowid();
        let (subject, description) = (terms(&t.subject), terms(&t.description));
        self.c()
            .prepare_cached(
                "INSERT INTO ticket_search (rowid, subject, description, comments, scope) \
                 VALUES (?1, ?2, ?3, '', ?4)",
            )?
            .execute((
                id,
                &subject,
                &description,
                scope_tokens(t.company_id, t.creator_id),
            ))?;
        remember_terms(self.c(), &[&subject, &description])?;
        Ok(id)
    }

    fn ticket(&self, scope: Scope, number: i64) -> StoreResult<Option<TicketRow>> {
        let mut c = base_conds(scope, &TicketFilter::default());
        c.params.insert(0, number.into());
        Ok(self
            .c()
            .prepare_cached(&format!("{TICKET_SELECT} WHERE t.id = ?{}", c.sql))?
            .query_row(rusqlite::params_from_iter(c.params), ticket_row)
            .optional()?)
    }

    fn list_tickets(
        &self,
        scope: Scope,
        f: &TicketFilter,
        limit: i64,
    ) -> StoreResult<Vec<TicketRow>> {
        let ids = self.page_ids(scope, f, limit)?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut st = self.c().prepare_cached(&format!(
            "{TICKET_SELECT} WHERE t.id IN {} ORDER BY t.id {}",
            placeholders(ids.len()),
            f.order().0
        ))?;
        let rows = st.query_map(rusqlite::params_from_iter(ids), ticket_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn count_tickets(&self, scope: Scope, f: &TicketFilter) -> StoreResult<i64> {
        let mut c = base_conds(scope, f);
        states_cond(&f.states, &mut c);
        sections_cond(f, &mut c);
        let (sql, params) = if f.words.is_empty() {
            (
                format!("SELECT count(*) FROM tickets t WHERE 1 = 1{}", c.sql),
                c.params,
            )
        } else {
            let mut params = vec![Value::Text(match_expr(self.c(), scope, f)?)];
            params.append(&mut c.params);
            (
                format!(
                    "SELECT count(*) FROM ticket_search JOIN tickets t \
                     ON t.id = ticket_search.rowid WHERE ticket_search MATCH ?{}",
                    c.sql
                ),
                params,
            )
        };
        Ok(self
            .c()
            .prepare_cached(&sql)?
            .query_row(rusqlite::params_from_iter(params), |r| r.get(0))?)
    }

    fn update_ticket(&self, t: &TicketRow) -> StoreResult<()> {
        self.c()
            .prepare_cached(
                "UPDATE tickets SET state = ?2, technician_id = ?3, minutes = ?4, updated_at = ?5, \
                 answered_at = ?6, closed_at = ?7, closed_by = ?8 WHERE id = ?1",
            )?
            .execute(rusqlite::params![
                t.id,
                t.state.as_str(),
                t.technician_id,
                t.minutes,
                t.updated_at,
                t.answered_at,
                t.closed_at,
                t.closed_by
            ])?;
        Ok(())
    }

    fn edit_ticket(&self, t: &TicketRow) -> StoreResult<()> {
        self.c()
            .prepare_cached(
                "UPDATE tickets SET subject = ?2, priority = ?3, notify_email = ?4, updated_at = ?5 \
                 WHERE id = ?1",
            )?
            .execute(rusqlite::params![
                t.id,
                t.subject,
                t.priority.as_str(),
                t.notify_email,
                t.updated_at
            ])?;
        let subject = terms(&t.subject);
        self.c()
            .prepare_cached("UPDATE ticket_search SET subject = ?2 WHERE rowid = ?1")?
            .execute((t.id, &subject))?;
        remember_terms(self.c(), &[&subject])?;
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
        self.c()
            .prepare_cached(
                "INSERT INTO comments (ticket_id, author_id, kind, body, minutes, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute((ticket_id, author_id, kind, body, minutes, now))?;
        let id = self.c().last_insert_rowid();
        let found = terms(body);
        self.c()
            .prepare_cached(
                "UPDATE ticket_search SET comments = comments || ' ' || ?2 WHERE rowid = ?1",
            )?
            .execute((ticket_id, &found))?;
        remember_terms(self.c(), &[&found])?;
        Ok(id)
    }

    fn comments(&self, ticket_id: i64) -> StoreResult<Vec<Comment>> {
        let mut st = self.c().prepare_cached(
            "SELECT cm.id, u.account, trim(u.name || ' ' || u.surname), u.role, cm.kind, cm.body, \
             cm.minutes, cm.created_at FROM comments cm JOIN users u ON u.id = cm.author_id \
             WHERE cm.ticket_id = ?1 ORDER BY cm.id",
        )?;
        let rows = st.query_map([ticket_id], |r| {
            let role: String = r.get(3)?;
            Ok(Comment {
                id: r.get(0)?,
                author: r.get(1)?,
                author_name: r.get(2)?,
                author_role: if role == "staff" { "staff" } else { "customer" }.to_owned(),
                kind: r.get(4)?,
                body: r.get(5)?,
                minutes: r.get(6)?,
                created_at: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn insert_attachment(
        &self,
        ticket_id: i64,
        uploader_id: i64,
        file: &NewAttachment,
        now: &str,
    ) -> StoreResult<i64> {
        self.c()
            .prepare_cached(
                "INSERT INTO attachments \
                 (ticket_id, uploader_id, filename, content_type, size, sha256, data, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(rusqlite::params![
                ticket_id,
                uploader_id,
                file.filename,
                file.content_type,
                i64::try_from(file.data.len()).unwrap_or(i64::MAX),
                file.sha256,
                file.data,
                now
            ])?;
        Ok(self.c().last_insert_rowid())
    }

    fn attachments(&self, ticket_id: i64) -> StoreResult<Vec<Attachment>> {
        let mut st = self.c().prepare_cached(
            "SELECT f.id, f.filename, f.content_type, f.size, f.sha256, up.account, f.created_at \
             FROM attachments f JOIN users up ON up.id = f.uploader_id \
             WHERE f.ticket_id = ?1 ORDER BY f.id",
        )?;
        let rows = st.query_map([ticket_id], attachment_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn attachment_data(
        &self,
        scope: Scope,
        number: i64,
        id: i64,
    ) -> StoreResult<Option<(Attachment, Vec<u8>)>> {
        let mut c = base_conds(scope, &TicketFilter::default());
        c.params.insert(0, number.into());
        c.params.insert(0, id.into());
        Ok(self
            .c()
            .prepare_cached(&format!(
                "SELECT f.id, f.filename, f.content_type, f.size, f.sha256, up.account, \
                 f.created_at, f.data FROM attachments f \
                 JOIN users up ON up.id = f.uploader_id JOIN tickets t ON t.id = f.ticket_id \
                 WHERE f.id = ? AND t.id = ?{}",
                c.sql
            ))?
            .query_row(rusqlite::params_from_iter(c.params), |r| {
                Ok((attachment_row(r)?, r.get(7)?))
            })
            .optional()?)
    }

    fn answered_before(&self, cutoff: &str, limit: i64) -> StoreResult<Vec<TicketRow>> {
        let mut st = self.c().prepare_cached(&format!(
            "{TICKET_SELECT} WHERE t.state = 'risposto' AND t.answered_at <= ?1 \
             ORDER BY t.answered_at, t.id LIMIT ?2"
        ))?;
        let rows = st.query_map((cutoff, limit), ticket_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

fn attachment_row(r: &Row) -> rusqlite::Result<Attachment> {
    Ok(Attachment {
        id: r.get(0)?,
        filename: r.get(1)?,
        content_type: r.get(2)?,
        size: r.get(3)?,
        sha256: r.get(4)?,
        uploaded_by: r.get(5)?,
        created_at: r.get(6)?,
    })
}
