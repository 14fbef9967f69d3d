//! `lhs bench pages`: the portal's pages on the million-ticket portal — the ticket list with
//! each filter and a ticket's page as a company user, the desk's queue with each filter, a
//! ticket's desk page and the statistics as staff (server-side latency, signed in with the
//! session cookie) — and what a first and a repeat visit to the list transfer.

use std::path::PathBuf;

use chrono::Utc;

use super::load::{self, Request};
use super::seed::{FIRST_TICKET, RARE_WORD};
use super::store::{Backend, KEEP_ANSWERED, addr_of, big_portal, io, machine, ms};
use super::{Row, Server, http, login, percentiles, print_table, server_bin};
use crate::error::{CliError, CliResult};

/// Measure the portal's pages at a million tickets (SQLite)
///
/// Seeds (or reuses, with --dir) the portal of `lhs bench store`, starts a real `lhs serve`
/// on it and asks for the ticket list page with each filter and for a ticket's page, as the
/// company user rossi.mario signed in by cookie; then adds up what a browser transfers on a
/// first visit to the list (HTML, stylesheet, script) and on a repeat visit (the static files
/// are cached for a year under names that change with their content). Build with --release:
///
///   cargo run --release -- bench pages --dir /var/tmp/lhs-bench
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Tickets in the big portal
    #[arg(long, default_value_t = 1_000_000)]
    pub tickets: u64,
    /// Keep the seeded database here and reuse it [default: a temporary directory]
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Requests per scenario
    #[arg(long, default_value_t = 300)]
    pub samples: usize,
    /// Measure the server of another lhs binary (e.g. an older build)
    #[arg(long, value_name = "PATH")]
    pub server_bin: Option<PathBuf>,
}

/// p99 target of a page, server-side.
const TARGET_MS: f64 = 10.0;
/// What a first visit to the list may transfer in all.
const FIRST_VISIT_KB: f64 = 100.0;

pub async fn run(args: Args) -> CliResult<()> {
    let exe = server_bin(args.server_bin.as_deref())?;
    let (dir, _tmp) = super::work_dir(args.dir.as_deref())?;
    let n = args.tickets;
    eprintln!("lhs bench pages: SQLite …");
    let db = big_portal(&Backend::Sqlite(dir), n).await?;
    let server = Server::start(&exe, &db, KEEP_ANSWERED)?;
    let addr = addr_of(&server.url)?;
    let client = http();
    let session = login(&client, &server.url, "rossi.mario").await?;
    // A ticket the user sees, for its page.
    let first: serde_json::Value = client
        .get(format!("{}/api/v1/tickets?limit=1", server.url))
        .bearer_auth(&session)
        .send()
        .await
        .map_err(|e| CliError::other(format!("GET /tickets: {e}")))?
        .json()
        .await
        .map_err(|e| CliError::other(format!("GET /tickets: {e}")))?;
    let number = first["items"][0]["number"]
        .as_i64()
        .ok_or_else(|| CliError::other(format!("rossi.mario sees no ticket: {first}")))?;
    let today = Utc::now().date_naive();
    let from = (today - chrono::Duration::days(547)).format("%Y-%m-%d");
    let to = (today - chrono::Duration::days(517)).format("%Y-%m-%d");
    let deep = FIRST_TICKET + i64::try_from(n / 10).unwrap_or(0);
    let scenarios = [
        ("list, first page", "/ticket".to_owned()),
        (
            "list, a page deep down",
            format!("/ticket?dopo={deep}&indietro=0"),
        ),
        ("list, Inserito", "/ticket?stato=inserito".to_owned()),
        ("list, In carico", "/ticket?stato=in_carico".to_owned()),
        ("list, Risposto", "/ticket?stato=risposto".to_owned()),
        ("list, Chiuso", "/ticket?stato=chiuso".to_owned()),
        (
            "list, open states",
            "/ticket?stato=inserito&stato=in_carico&stato=risposto".to_owned(),
        ),
        ("list, a 30-day range", format!("/ticket?da={from}&a={to}")),
        (
            "list, common word \"fattura\"",
            "/ticket?q=fattura".to_owned(),
        ),
        ("list, rare word", format!("/ticket?q={RARE_WORD}")),
        ("ticket page", format!("/ticket/{number}")),
        ("new ticket page", "/ticket/nuovo".to_owned()),
        ("home page", "/".to_owned()),
    ];
    let mut rows = Vec::new();
    eprintln!("  page latency…");
    for (label, path) in &scenarios {
        let req = Request::page(addr, path, &session);
        let lat = load::latencies(addr, &req, 200, 20, args.samples)
            .await
            .map_err(|e| io(&e))?;
        let (p50, p99, _) = percentiles(lat);
        rows.push(Row {
            scenario: format!("{label} at {n}, company user"),
            measured: format!("p50 {}, p99 {}", ms(p50), ms(p99)),
            target: format!("p99 ≤ {TARGET_MS:.0} ms"),
            ok: p99 <= TARGET_MS,
        });
    }
    eprintln!("  the desk's pages…");
    rows.extend(desk_pages(&client, &server.url, addr, n, &args).await?);
    eprintln!("  what a visit transfers…");
    rows.extend(transfer(&client, &server.url, &session).await?);
    server.stop();
    let build = super::build_kind();
    print_table(
        &format!(
            "Portal pages (SQLite) — {build} build, {}, {}",
            machine(),
            Utc::now().format("%Y-%m-%d")
        ),
        &rows,
    );
    if rows.iter().all(|r| r.ok) {
        Ok(())
    } else {
        Err(CliError::other("some targets were missed (see the table)"))
    }
}

/// The bytes of `path` and whether the answer may be cached for good.
async fn fetch(client: &reqwest::Client, url: &str, session: &str) -> CliResult<(Vec<u8>, bool)> {
    let r = client
        .get(url)
        .header("cookie", format!("lhs_session={session}"))
        .send()
        .await
        .map_err(|e| CliError::other(format!("GET {url}: {e}")))?;
    let immutable = r
        .headers()
        .get("cache-control")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("immutable"));
    let body = r
        .bytes()
        .await
        .map_err(|e| CliError::other(format!("GET {url}: {e}")))?;
    Ok((body.to_vec(), immutable))
}

/// A first visit to the list page (the page, its stylesheet and script) and a repeat one
/// (the page only, when the static files may be kept).
async fn transfer(client: &reqwest::Client, url: &str, session: &str) -> CliResult<Vec<Row>> {
    let (html, _) = fetch(client, &format!("{url}/ticket"), session).await?;
    let text = String::from_utf8_lossy(&html).into_owned();
    let mut assets = Vec::new();
    for marker in ["href=\"/static/", "src=\"/static/"] {
        let mut rest = text.as_str();
        while let Some(at) = rest.find(marker) {
            let from = at + marker.len() - "/static/".len();
            let path = rest[from..]
                .split('"')
                .next()
                .unwrap_or_default()
                .to_owned();
            assets.push(path);
            rest = &rest[from..];
        }
    }
    let mut statics = 0usize;
    let mut all_cached = true;
    for a in &assets {
        let (body, immutable) = fetch(client, &format!("{url}{a}"), session).await?;
        statics += body.len();
        all_cached &= immutable;
    }
    #[allow(clippy::cast_precision_loss)]
    let kb = |b: usize| b as f64 / 1024.0;
    let first = kb(html.len() + statics);
    Ok(vec![
        Row {
            scenario: format!(
                "first visit to the list: the page and {} static files",
                assets.len()
            ),
            measured: format!(
                "{first:.1} KB (page {:.1} KB, static files {:.1} KB)",
                kb(html.len()),
                kb(statics)
            ),
            target: format!("≤ {FIRST_VISIT_KB:.0} KB"),
            ok: first <= FIRST_VISIT_KB,
        },
        Row {
            scenario: "repeat visit to the list".into(),
            measured: if all_cached {
                format!(
                    "{:.1} KB: the page only (static files cached, immutable)",
                    kb(html.len())
                )
            } else {
                "the static files are not cached for good".into()
            },
            target: "the page only".into(),
            ok: all_cached,
        },
    ])
}

/// The desk's queue with each filter, a ticket's desk page and the statistics, as the staff
/// account signed in by cookie.
async fn desk_pages(
    client: &reqwest::Client,
    url: &str,
    addr: std::net::SocketAddr,
    n: u64,
    args: &Args,
) -> CliResult<Vec<Row>> {
    let session = login(client, url, "staff").await?;
    let today = Utc::now().date_naive();
    let from = (today - chrono::Duration::days(547)).format("%Y-%m-%d");
    let to = (today - chrono::Duration::days(517)).format("%Y-%m-%d");
    let every = "f=1&stato=inserito&stato=in_carico&stato=risposto&stato=chiuso";
    let node: String = form_urlencoded::byte_serialize(
        "Software Gestionale › Contabilità › Registri IVA".as_bytes(),
    )
    .collect();
    let deep = FIRST_TICKET + i64::try_from(n / 2).unwrap_or(0);
    let scenarios = [
        ("queue, default (open, oldest first)", "/desk".to_owned()),
        (
            "queue, nobody's (Inserito)",
            "/desk?tecnico=nessuno".to_owned(),
        ),
        ("queue, mine", "/desk?tecnico=miei".to_owned()),
        ("queue, every state", format!("/desk?{every}")),
        ("queue, Chiuso", "/desk?f=1&stato=chiuso".to_owned()),
        ("queue, one customer", "/desk?cliente=C0001".to_owned()),
        (
            "queue, priority Bloccante",
            "/desk?priorita=bloccante".to_owned(),
        ),
        ("queue, a section", format!("/desk?nodo={node}")),
        (
            "queue, a 30-day range",
            format!("/desk?{every}&da={from}&a={to}"),
        ),
        (
            "queue, common word \"fattura\"",
            "/desk?q=fattura".to_owned(),
        ),
        ("queue, rare word", format!("/desk?{every}&q={RARE_WORD}")),
        (
            "queue, a page deep down",
            format!("/desk?{every}&dopo={deep}&indietro=0"),
        ),
        ("ticket page", format!("/desk/ticket/{FIRST_TICKET}")),
        ("statistics, 12 weeks", "/desk/statistiche".to_owned()),
        (
            "statistics, 52 weeks",
            "/desk/statistiche?settimane=52".to_owned(),
        ),
    ];
    let mut rows = Vec::new();
    for (label, path) in &scenarios {
        let req = Request::page(addr, path, &session);
        let samples = if label.starts_with("statistics") {
            (args.samples / 10).max(20)
        } else {
            args.samples
        };
        let lat = load::latencies(addr, &req, 200, 5, samples)
            .await
            .map_err(|e| CliError::other(format!("{label} ({path}): {e}")))?;
        let (p50, p99, _) = percentiles(lat);
        let target = match *label {
            "statistics, 12 weeks" => STATS_TARGET_MS,
            "statistics, 52 weeks" => STATS_YEAR_TARGET_MS,
            _ => TARGET_MS,
        };
        rows.push(Row {
            scenario: format!("desk {label} at {n}, staff"),
            measured: format!("p50 {}, p99 {}", ms(p50), ms(p99)),
            target: format!("p99 ≤ {target:.0} ms"),
            ok: p99 <= target,
        });
    }
    Ok(rows)
}

/// p99 targets of the statistics page: a report over weeks of tickets (every ticket of the
/// period is read for the medians), asked for now and then — not a page a technician reloads
/// all day.
const STATS_TARGET_MS: f64 = 500.0;
const STATS_YEAR_TARGET_MS: f64 = 1000.0;
