//! PostgreSQL as a bulk source (a `REPEATABLE READ READ ONLY` transaction read through a
//! cursor) and target (one transaction; rows arrive by binary `COPY`, tickets through a
//! staging table so their search vector is computed on the way in).

use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::{IsNull, ToSql, Type, to_sql_checked};
use postgres::{Client, Row as PgRow};

use super::tickets::search_of;
use super::{connect, open_client};
use crate::server::store::bulk::{Col, CopyError, Row, Source, TABLES, Table, Target, Value};

/// The key a table is read in.
fn order_of(t: &Table) -> &'static str {
    match t.name {
        "contract_sections" => "company_id, section_id",
        "content_customers" => "content_id, company_id",
        "update_chunks" => "file_id, seq",
        "enrolments" => "course_id, user_id",
        "idempotency_keys" => "user_id, key",
        _ => "id",
    }
}

fn pg_type(c: Col) -> Type {
    match c {
        Col::Int => Type::INT8,
        Col::Text => Type::TEXT,
        Col::Bool => Type::BOOL,
        Col::Bytes => Type::BYTEA,
    }
}

pub struct PgSource {
    client: Client,
}

impl PgSource {
    pub fn open(url: &str) -> anyhow::Result<PgSource> {
        let mut client = connect(url).map_err(anyhow::Error::new)?.client;
        let known: Option<String> = client
            .query_one("SELECT to_regclass('lhs_schema')::text", &[])?
            .get(0);
        if known.is_none() {
            anyhow::bail!(CopyError::UnknownSchema(format!(
                "{} holds no lhs portal",
                crate::server::store::redact(url)
            )));
        }
        drop(client);
        let mut client = open_client(url)?;
        client.batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")?;
        Ok(PgSource { client })
    }
}

fn count(client: &mut Client, t: &Table) -> anyhow::Result<i64> {
    Ok(client
        .query_one(&format!("SELECT count(*) FROM {}", t.name), &[])?
        .get(0))
}

fn value(r: &PgRow, i: usize, col: Col) -> Result<Value, postgres::Error> {
    Ok(match col {
        Col::Int => r
            .try_get::<_, Option<i64>>(i)?
            .map_or(Value::Null, Value::Int),
        Col::Text => r
            .try_get::<_, Option<String>>(i)?
            .map_or(Value::Null, Value::Text),
        Col::Bool => r
            .try_get::<_, Option<bool>>(i)?
            .map_or(Value::Null, Value::Bool),
        Col::Bytes => r
            .try_get::<_, Option<Vec<u8>>>(i)?
            .map_or(Value::Null, Value::Bytes),
    })
}

impl Source for PgSource {
    fn schema(&mut self) -> anyhow::Result<Vec<(String, Vec<String>)>> {
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for r in self.client.query(
            "SELECT table_name::text, column_name::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name <> 'lhs_schema' \
               AND NOT (table_name = 'tickets' AND column_name = 'search') \
             ORDER BY table_name, ordinal_position",
            &[],
        )? {
            let (t, c): (String, String) = (r.get(0), r.get(1));
            match out.last_mut() {
                Some((last, cols)) if *last == t => cols.push(c),
                _ => out.push((t, vec![c])),
            }
        }
        Ok(out)
    }

    fn count(&mut self, t: &Table) -> anyhow::Result<i64> {
        count(&mut self.client, t)
    }

    fn scan(
        &mut self,
        t: &Table,
        each: &mut dyn FnMut(Vec<Row>) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let extra = if t.is_tickets() {
            ", (SELECT string_agg(c.body, E'\\n' ORDER BY c.id) FROM comments c \
                WHERE c.ticket_id = tickets.id)"
        } else {
            ""
        };
        self.client.batch_execute(&format!(
            "DECLARE lhs_bulk NO SCROLL CURSOR FOR SELECT {}{extra} FROM {} ORDER BY {}",
            t.column_list(),
            t.name,
            order_of(t)
        ))?;
        let fetch = format!("FETCH {} FROM lhs_bulk", t.batch());
        loop {
            let rows = self.client.query(&fetch, &[])?;
            if rows.is_empty() {
                break;
            }
            let mut batch = Vec::with_capacity(rows.len());
            for r in &rows {
                let mut row = Vec::with_capacity(t.cols.len() + 1);
                for (i, (name, col)) in t.cols.iter().enumerate() {
                    row.push(
                        value(r, i, *col).map_err(|e| anyhow::anyhow!("{}.{name}: {e}", t.name))?,
                    );
                }
                if t.is_tickets() {
                    row.push(value(r, t.cols.len(), Col::Text)?);
                }
                batch.push(row);
            }
            each(batch)?;
        }
        self.client.batch_execute("CLOSE lhs_bulk")?;
        Ok(())
    }

    fn next_ticket(&mut self) -> anyhow::Result<i64> {
        let seq: String = self
            .client
            .query_one("SELECT pg_get_serial_sequence('tickets', 'id')", &[])?
            .get(0);
        Ok(self
            .client
            .query_one(
                &format!(
                    "SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM {seq}"
                ),
                &[],
            )?
            .get(0))
    }
}

pub struct PgTarget {
    client: Client,
    staging: bool,
}

impl PgTarget {
    pub fn open(url: &str) -> anyhow::Result<PgTarget> {
        let mut client = open_client(url)?;
        client.batch_execute("BEGIN")?;
        Ok(PgTarget {
            client,
            staging: false,
        })
    }

    fn copy_in(&mut self, table: &str, t: &Table, rows: &[Row], extra: bool) -> anyhow::Result<()> {
        let mut cols = t.column_list();
        let mut types: Vec<Type> = t.cols.iter().map(|(_, c)| pg_type(*c)).collect();
        if extra {
            cols.push_str(", comments");
            types.push(Type::TEXT);
        }
        let width = types.len();
        let sink = self
            .client
            .copy_in(&format!("COPY {table} ({cols}) FROM STDIN BINARY"))?;
        let mut w = BinaryCopyInWriter::new(sink, &types);
        for row in rows {
            let values: Vec<&(dyn ToSql + Sync)> = row[..width]
                .iter()
                .map(|v| v as &(dyn ToSql + Sync))
                .collect();
            w.write(&values)?;
        }
        w.finish()?;
        Ok(())
    }
}

impl ToSql for Value {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut bytes::BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) => i.to_sql(ty, out),
            Value::Text(s) => s.to_sql(ty, out),
            Value::Bool(b) => b.to_sql(ty, out),
            Value::Bytes(b) => b.to_sql(ty, out),
        }
    }

    fn accepts(ty: &Type) -> bool {
        [Type::INT8, Type::TEXT, Type::BOOL, Type::BYTEA].contains(ty)
    }

    to_sql_checked!();
}

impl Target for PgTarget {
    fn count(&mut self, t: &Table) -> anyhow::Result<i64> {
        count(&mut self.client, t)
    }

    fn insert(&mut self, t: &Table, rows: Vec<Row>) -> anyhow::Result<()> {
        if !t.is_tickets() {
            return self.copy_in(t.name, t, &rows, false);
        }
        if !self.staging {
            self.client.batch_execute(&format!(
                "CREATE TEMP TABLE lhs_ticket_load ON COMMIT DROP AS \
                   SELECT {}, ''::text AS comments FROM tickets WITH NO DATA",
                t.column_list()
            ))?;
            self.staging = true;
        }
        // The staging table's last column carries the ticket's search terms (computed here:
        // PostgreSQL does not know lhs's stemming), in place of its comments' text.
        let n = t.cols.len();
        let mut rows = rows;
        for row in &mut rows {
            let [_, _, _, _, subject, description, ..] = &row[..] else {
                anyhow::bail!("a ticket row is too short");
            };
            let text = format!(
                "{}\n{}\n{}",
                subject.text().unwrap_or(""),
                description.text().unwrap_or(""),
                row[n].text().unwrap_or("")
            );
            row[n] = Value::Text(crate::domain::search::terms(&text));
        }
        self.copy_in("lhs_ticket_load", t, &rows, true)?;
        self.client.batch_execute(&format!(
            "INSERT INTO tickets ({cols}, search) SELECT {cols}, {search} FROM lhs_ticket_load;
             TRUNCATE lhs_ticket_load;",
            cols = t.column_list(),
            search = search_of("comments"),
        ))?;
        Ok(())
    }

    fn finish(&mut self, next_ticket: i64) -> anyhow::Result<()> {
        for t in TABLES.iter().filter(|t| t.cols[0].0 == "id") {
            let floor = if t.is_tickets() { next_ticket - 1 } else { 0 };
            self.client.execute(
                &format!(
                    "SELECT setval(pg_get_serial_sequence('{name}', 'id'), m, true) \
                     FROM (SELECT greatest(max(id), $1) AS m FROM {name}) s WHERE m > 0",
                    name = t.name
                ),
                &[&floor],
            )?;
        }
        self.client.batch_execute("ANALYZE")?;
        Ok(())
    }

    fn commit(mut self: Box<Self>) -> anyhow::Result<()> {
        self.client.batch_execute("COMMIT")?;
        Ok(())
    }
}
