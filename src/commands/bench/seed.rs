//! `lhs bench seed`: a portal with N generated tickets, loaded through the same bulk path as
//! `lhs db copy` (one transaction, search index and sequences rebuilt), so a million tickets
//! take about a minute.
//!
//! The data are deterministic (the same N gives the same portal): customers C0001… each with
//! an Administrator (account = the code) and one user (`rossi.mario` at C0001,
//! `user.c0002`… elsewhere), one staff account `staff`, the dev catalog in every contract.
//! Every account's password is the benchmarks' one. Tickets spread evenly over customers and
//! three years, newest last; 10 % each inserito, in_carico and risposto, 70 % chiuso; the word
//! "fattura" in about 40 % of them, "zibaldone" in one in 10,000; a staff reply on 30 % of
//! the answered ones.

use std::time::Instant;

use chrono::{DateTime, Duration as ChronoDuration, Utc};
use clap::Args as ClapArgs;

use super::PASSWORD;
use crate::error::{CliError, CliResult};
use crate::output::Output;
use crate::server::clock;
use crate::server::seed::DEV_CATALOG;
use crate::server::store::DbUrl;
use crate::server::store::bulk::{self, BATCH, Copied, Row, Source, TABLES, Table, Value};

/// Fill an empty database with a generated portal of N tickets
///
/// For benchmarks (`lhs bench store` seeds its own): the same N always gives the same data.
/// Accounts: staff, C0001 (Administrator), rossi.mario (user at C0001), C0002… and
/// user.c0002…; password Bench2024pass.
///
/// Examples:
///   lhs bench seed --db /tmp/bench.db --tickets 1000000
///   PGPASSWORD=… lhs bench seed --db postgres://lhs@127.0.0.1/bench \
///       --tickets 1000000
#[derive(Debug, ClapArgs)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The empty database to fill (SQLite PATH, sqlite:PATH or postgres://…)
    #[arg(long, value_name = "PATH|URL", value_parser = DbUrl::parse)]
    pub db: DbUrl,
    /// Tickets to create
    #[arg(long, default_value_t = 1_000_000)]
    pub tickets: u64,
    /// Customers the tickets spread over
    #[arg(long, default_value_t = 50, value_parser = crate::cli::between::<u64>(1, 9999))]
    pub customers: u64,
}

/// The shape of a generated portal.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub tickets: u64,
    pub customers: u64,
    /// When the newest ticket was created.
    pub end: DateTime<Utc>,
}

pub const FIRST_TICKET: i64 = 1001;
/// The rare search term and how often it appears.
pub const RARE_WORD: &str = "zibaldone";
const RARE_EVERY: u64 = 10_000;

/// SplitMix64: a fast deterministic generator, seeded per ticket so every table can
/// regenerate the same ticket independently.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in 0..n.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[usize::try_from(self.below(from.len() as u64)).unwrap_or(0)]
    }
}

const SUBJECTS: &[&str] = &[
    "Errore in stampa del registro",
    "Registri IVA non quadrano",
    "Inventario di fine anno",
    "Esito SDI non ricevuto",
    "Scarto del documento",
    "Prima nota bloccata",
    "Aggiornamento del gestionale",
    "Utente non riesce ad accedere",
    "Lentezza nella ricerca articoli",
    "Chiusura del mese contabile",
    "Importazione movimenti bancari",
    "Stampa etichette magazzino",
];
const OPENINGS: &[&str] = &[
    "Buongiorno, da questa mattina",
    "Salve, dopo l'ultimo aggiornamento",
    "Gentile assistenza, durante la chiusura",
    "Buonasera, il collega segnala che",
    "Ciao, da ieri pomeriggio",
];
const PROBLEMS: &[&str] = &[
    "il programma mostra un errore di validazione sul campo data",
    "la procedura si interrompe senza messaggi",
    "i totali del periodo non corrispondono a quelli attesi",
    "la stampa esce vuota e il file non viene salvato",
    "compare un avviso di permessi insufficienti",
    "il documento resta in attesa di esito da diversi giorni",
];
const CLOSINGS: &[&str] = &[
    "Potete verificare con urgenza?",
    "Allego i dettagli, grazie.",
    "Resto in attesa di un vostro riscontro.",
    "Il problema si ripete su tutte le postazioni.",
];
const INVOICE: &[&str] = &[
    "La fattura risulta scartata dal sistema di interscambio.",
    "Non riusciamo a registrare la fattura del fornitore.",
    "La fattura emessa ieri riporta un'aliquota sbagliata.",
];
const REPLIES: &[&str] = &[
    "Abbiamo corretto la configurazione: verificate per favore.",
    "Il problema dipendeva da un archivio non aggiornato, ora risolto.",
    "Rilasciata la patch correttiva, basta riavviare il programma.",
];
const STATES: [&str; 4] = ["inserito", "in_carico", "risposto", "chiuso"];

/// Everything about one ticket, from its number alone.
struct Gen {
    company: i64,
    creator: i64,
    section: i64,
    subject: String,
    description: String,
    priority: &'static str,
    state: &'static str,
    created: String,
    answered: Option<String>,
    closed: Option<String>,
    reply: Option<&'static str>,
}

impl Shape {
    fn comments(&self) -> u64 {
        (0..self.tickets)
            .filter(|i| self.ticket(*i).reply.is_some())
            .count() as u64
    }

    /// The `i`-th ticket (0-based; its number is FIRST_TICKET + i).
    fn ticket(&self, i: u64) -> Gen {
        let mut rng = Rng::new(i);
        let company_index = i % self.customers;
        let company = i64::try_from(company_index + 1).unwrap_or(1);
        // Users: 1 staff, then (admin, user) per company.
        let admin = 2 + 2 * (company - 1);
        let creator = admin + i64::try_from(rng.below(2)).unwrap_or(0);
        let section = i64::try_from(1 + rng.below(DEV_CATALOG.len() as u64)).unwrap_or(1);
        let invoice = rng.below(100) < 40;
        let rare = i % RARE_EVERY == RARE_EVERY / 2;
        let mut description = format!("{} {}.", rng.pick(OPENINGS), rng.pick(PROBLEMS));
        if invoice {
            description.push(' ');
            description.push_str(rng.pick(INVOICE));
        }
        if rare {
            description.push_str(" Vedi lo zibaldone delle note interne.");
        }
        description.push(' ');
        description.push_str(rng.pick(CLOSINGS));
        let subject = format!(
            "{} #{}",
            rng.pick(SUBJECTS),
            i64::try_from(i).unwrap_or(0) + FIRST_TICKET
        );
        let state = match rng.below(10) {
            0 => STATES[0],
            1 => STATES[1],
            2 => STATES[2],
            _ => STATES[3],
        };
        // Three years, evenly, ending now; strictly increasing with the number.
        let span_ms: i64 = 3 * 365 * 86_400_000;
        let step = span_ms / i64::try_from(self.tickets.max(1)).unwrap_or(1);
        let start = self.end - ChronoDuration::milliseconds(span_ms);
        let at = |offset: i64| clock::format(start + ChronoDuration::milliseconds(offset));
        let created_ms = i64::try_from(i).unwrap_or(0) * step.max(1);
        let answered = matches!(state, "risposto" | "chiuso").then(|| at(created_ms + step / 2));
        let closed = (state == "chiuso").then(|| at(created_ms + step * 3 / 4));
        let reply = (answered.is_some() && rng.below(10) < 3).then(|| rng.pick(REPLIES));
        Gen {
            company,
            creator,
            section,
            subject,
            description,
            priority: if rng.below(20) == 0 {
                "bloccante"
            } else {
                "normale"
            },
            state,
            created: at(created_ms),
            answered,
            closed,
            reply,
        }
    }
}

fn text(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

fn opt_text(s: Option<String>) -> Value {
    s.map_or(Value::Null, Value::Text)
}

/// A generated portal, read like a database.
pub struct Generated {
    shape: Shape,
    hash: String,
    now: String,
}

impl Generated {
    pub fn new(shape: Shape) -> Generated {
        Generated {
            shape,
            hash: crate::server::passwords::hash_password(PASSWORD),
            now: clock::now(),
        }
    }

    fn code(i: i64) -> String {
        format!("C{i:04}")
    }

    fn small_rows(&self, t: &Table) -> Vec<Row> {
        let customers = i64::try_from(self.shape.customers).unwrap_or(1);
        let perms = serde_json::to_string(&crate::domain::permissions::Permissions::default())
            .unwrap_or_else(|_| "{}".into());
        let now = || text(self.now.clone());
        match t.name {
            "companies" => (1..=customers)
                .map(|i| {
                    let name = if i == 1 {
                        "Demo S.r.l.".to_owned()
                    } else {
                        format!("Cliente {i} S.p.A.")
                    };
                    vec![
                        Value::Int(i),
                        text(Self::code(i)),
                        text(name),
                        now(),
                        Value::Bool(false),
                        text("ok"),
                        Value::Null,
                    ]
                })
                .collect(),
            "users" => {
                let user = |id: i64, account: String, role: &str, company: Option<i64>| {
                    let email = format!("{}@bench.example", account.to_lowercase());
                    vec![
                        Value::Int(id),
                        text(account.clone()),
                        text(role),
                        Value::Bool(role == "staff"),
                        company.map_or(Value::Null, Value::Int),
                        text(if role == "user" { "Mario" } else { "Bench" }),
                        text(account),
                        text(email),
                        text(self.hash.clone()),
                        Value::Bool(false),
                        Value::Bool(true),
                        text(perms.clone()),
                        now(),
                        now(),
                        text("it"),
                    ]
                };
                let mut rows = vec![user(1, "staff".into(), "staff", None)];
                for c in 1..=customers {
                    rows.push(user(2 * c, Self::code(c), "admin", Some(c)));
                    let account = if c == 1 {
                        "rossi.mario".to_owned()
                    } else {
                        format!("user.{}", Self::code(c).to_lowercase())
                    };
                    rows.push(user(2 * c + 1, account, "user", Some(c)));
                }
                rows
            }
            "macro_areas" | "areas" | "sections" => {
                // Ids in the order the dev catalog first names each level.
                let mut macros: Vec<&str> = Vec::new();
                let mut areas: Vec<(usize, &str)> = Vec::new();
                let mut sections: Vec<(usize, &str)> = Vec::new();
                for (m, a, s) in DEV_CATALOG {
                    let mi = macros.iter().position(|x| x == m).unwrap_or_else(|| {
                        macros.push(m);
                        macros.len() - 1
                    });
                    let ai = areas
                        .iter()
                        .position(|x| *x == (mi, *a))
                        .unwrap_or_else(|| {
                            areas.push((mi, a));
                            areas.len() - 1
                        });
                    sections.push((ai, s));
                }
                let id = |i: usize| Value::Int(i64::try_from(i + 1).unwrap_or(0));
                match t.name {
                    "macro_areas" => macros
                        .iter()
                        .enumerate()
                        .map(|(i, m)| vec![id(i), text(*m), Value::Null])
                        .collect(),
                    "areas" => areas
                        .iter()
                        .enumerate()
                        .map(|(i, (m, a))| vec![id(i), id(*m), text(*a), Value::Null])
                        .collect(),
                    _ => sections
                        .iter()
                        .enumerate()
                        .map(|(i, (a, s))| vec![id(i), id(*a), text(*s), Value::Null])
                        .collect(),
                }
            }
            "contract_sections" => (1..=customers)
                .flat_map(|c| {
                    (1..=i64::try_from(DEV_CATALOG.len()).unwrap_or(0))
                        .map(move |s| vec![Value::Int(c), Value::Int(s)])
                })
                .collect(),
            "package_movements" => (1..=customers)
                .map(|c| {
                    vec![
                        Value::Int(c),
                        Value::Int(c),
                        Value::Int(600),
                        text("grant"),
                        Value::Null,
                        text("SMART package"),
                        Value::Null,
                        now(),
                        Value::Null,
                    ]
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    fn ticket_row(&self, i: u64) -> Row {
        let g = self.shape.ticket(i);
        let id = i64::try_from(i).unwrap_or(0) + FIRST_TICKET;
        let technician = if g.state == "inserito" {
            Value::Null
        } else {
            Value::Int(1)
        };
        let updated = g
            .closed
            .clone()
            .or_else(|| g.answered.clone())
            .unwrap_or_else(|| g.created.clone());
        vec![
            Value::Int(id),
            Value::Int(g.company),
            Value::Int(g.creator),
            Value::Int(g.section),
            text(g.subject),
            text(g.description),
            text(g.priority),
            text(g.state),
            technician,
            Value::Int(if g.reply.is_some() { 15 } else { 0 }),
            text(g.created),
            text(updated),
            opt_text(g.answered),
            opt_text(g.closed.clone()),
            if g.closed.is_some() {
                text("customer")
            } else {
                Value::Null
            },
            Value::Null,
            g.reply.map_or(Value::Null, text),
        ]
    }
}

impl Source for Generated {
    fn schema(&mut self) -> anyhow::Result<Vec<(String, Vec<String>)>> {
        Ok(TABLES
            .iter()
            .map(|t| {
                (
                    t.name.to_owned(),
                    t.cols.iter().map(|(c, _)| (*c).to_owned()).collect(),
                )
            })
            .collect())
    }

    fn count(&mut self, t: &Table) -> anyhow::Result<i64> {
        Ok(match t.name {
            "tickets" => i64::try_from(self.shape.tickets)?,
            "comments" => i64::try_from(self.shape.comments())?,
            _ => i64::try_from(self.small_rows(t).len())?,
        })
    }

    fn scan(
        &mut self,
        t: &Table,
        each: &mut dyn FnMut(Vec<Row>) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        match t.name {
            "tickets" => {
                let mut batch = Vec::with_capacity(BATCH);
                for i in 0..self.shape.tickets {
                    batch.push(self.ticket_row(i));
                    if batch.len() == BATCH {
                        each(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))?;
                    }
                }
                if !batch.is_empty() {
                    each(batch)?;
                }
            }
            "comments" => {
                let mut batch = Vec::with_capacity(BATCH);
                let mut id = 0;
                for i in 0..self.shape.tickets {
                    let g = self.shape.ticket(i);
                    let Some(body) = g.reply else { continue };
                    id += 1;
                    batch.push(vec![
                        Value::Int(id),
                        Value::Int(i64::try_from(i)? + FIRST_TICKET),
                        Value::Int(1),
                        text("reply"),
                        text(body),
                        Value::Int(15),
                        opt_text(g.answered),
                    ]);
                    if batch.len() == BATCH {
                        each(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))?;
                    }
                }
                if !batch.is_empty() {
                    each(batch)?;
                }
            }
            _ => {
                let rows = self.small_rows(t);
                if !rows.is_empty() {
                    each(rows)?;
                }
            }
        }
        Ok(())
    }

    fn next_ticket(&mut self) -> anyhow::Result<i64> {
        Ok(FIRST_TICKET + i64::try_from(self.shape.tickets)?)
    }
}

/// Seeds `db` (which must be empty) with a generated portal. Blocking.
pub fn seed(db: &DbUrl, shape: Shape) -> CliResult<Vec<Copied>> {
    let mut source = Generated::new(shape);
    let target =
        bulk::open_target(db).map_err(|e| CliError::other(format!("cannot open {db}: {e:#}")))?;
    bulk::copy(&mut source, target, &mut |_| {})
        .map_err(|f| CliError::other(format!("seeding {db}: {:#}", f.error)))
}

pub async fn run(out: &Output, args: Args) -> CliResult<()> {
    let started = Instant::now();
    let shape = Shape {
        tickets: args.tickets,
        customers: args.customers,
        end: Utc::now(),
    };
    let db = args.db.clone();
    let copied = tokio::task::spawn_blocking(move || seed(&db, shape))
        .await
        .map_err(|e| CliError::other(format!("seeding stopped: {e}")))??;
    out.list(&copied)?;
    out.success(&format!(
        "Seeded {} with {} tickets in {:.1}s",
        args.db,
        args.tickets,
        started.elapsed().as_secs_f64()
    ));
    Ok(())
}
