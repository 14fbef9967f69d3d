//! `lhs bench live`: how soon a change made through one `lhs serve` shows on pages open on
//! another, both on one PostgreSQL — the pages asking as the portal's script does (a ticket
//! page its version every second, the queue itself every 1.5 s with its ETag).

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Utc;
use rand::Rng;

use super::store::{Backend, ms};
use super::{Row, Server, http, login, percentiles, print_table, server_bin};
use crate::error::{CliError, CliResult};

/// Measure how soon a change reaches pages open on another instance (PostgreSQL)
///
/// Starts two `lhs serve` on one new PostgreSQL database (lhs_bench_live, the demo data),
/// opens N (--pages) pages on the second — half of them ticket pages of a customer, half
/// the desk's queue of tickets nobody took — each asking the server as the page's script
/// does (a ticket page every second, a queue every 1.5 seconds). Through the first instance
/// a customer comments on the watched tickets and opens new ones; each page records when
/// it sees the change. Build with --release:
///
///   cargo run --release -- bench live \
///       --postgres postgres://postgres@127.0.0.1/postgres
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// An administrator's URL on a PostgreSQL server where database lhs_bench_live may be
    /// created (put its password in PGPASSWORD)
    #[arg(long, env = "LHS_BENCH_PG", value_name = "URL", hide_env_values = true)]
    pub postgres: String,
    /// Pages open on the second instance (half ticket pages, half queues)
    #[arg(long, value_name = "N", default_value_t = 200, value_parser = crate::cli::at_least::<usize>(2))]
    pub pages: usize,
    /// How long changes are made, in seconds
    #[arg(long, default_value_t = 60, value_parser = crate::cli::at_least::<u64>(5))]
    pub seconds: u64,
    /// Measure the server of another lhs binary (e.g. an older build)
    #[arg(long, value_name = "PATH")]
    pub server_bin: Option<PathBuf>,
}

use std::path::PathBuf;

/// How often a ticket page asks for its ticket's version, and a queue for itself (the
/// portal's script: `portal.js`, `data-refresh` of the queue).
const TICKET_POLL: Duration = Duration::from_secs(1);
const QUEUE_POLL: Duration = Duration::from_millis(1500);
/// The longer of the two.
const POLL: Duration = QUEUE_POLL;
/// A change must show within this, at p99.
const TARGET_MS: f64 = 2000.0;

/// What the pages saw: latencies (ms) from a change to a page showing it.
#[derive(Default)]
struct Seen {
    ticket_pages: Vec<f64>,
    queue_pages: Vec<f64>,
    polls: u64,
    errors: u64,
}

/// Requests a second over the run (the changes, and the pages' wait before and after them).
#[allow(clippy::cast_precision_loss)] // counts far below 2^52
fn per_second(requests: u64, seconds: u64) -> f64 {
    requests as f64 / (seconds as f64 + 4.5)
}

fn fail(what: &str, e: impl std::fmt::Display) -> CliError {
    CliError::other(format!("{what}: {e}"))
}

async fn json(
    client: &reqwest::Client,
    method: reqwest::Method,
    url: String,
    token: &str,
    body: serde_json::Value,
) -> CliResult<serde_json::Value> {
    let r = client
        .request(method, &url)
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .map_err(|e| fail(&url, e))?;
    let status = r.status();
    let v: serde_json::Value = r.json().await.unwrap_or_default();
    if !status.is_success() {
        return Err(CliError::other(format!("{url}: {status} {v}")));
    }
    Ok(v)
}

pub async fn run(args: Args) -> CliResult<()> {
    let exe = server_bin(args.server_bin.as_deref())?;
    eprintln!("lhs bench live: two instances on PostgreSQL …");
    let admin = args.postgres.clone();
    let db = tokio::task::spawn_blocking(move || Backend::Postgres(admin).fresh("live"))
        .await
        .map_err(|e| fail("creating the database", e))??;
    let first = Server::start(&exe, &db, &["--dev"])?;
    let second = Server::start(&exe, &db, &["--dev"])?;
    let client = http();
    let customer = login(&client, &first.url, "rossi.mario").await?;
    let staff = login(&client, &first.url, "staff").await?;
    // The pages' own sessions, signed in on the second instance.
    let customer_page = login(&client, &second.url, "rossi.mario").await?;
    let staff_page = login(&client, &second.url, "staff").await?;
    let watched_count = args.pages / 2;
    let queues = args.pages - watched_count;
    eprintln!("  {watched_count} tickets to watch…");
    let mut watched = Vec::with_capacity(watched_count);
    for i in 0..watched_count {
        let t = json(
            &client,
            reqwest::Method::POST,
            format!("{}/api/v1/tickets", first.url),
            &customer,
            serde_json::json!({"macro_area": "Software Gestionale", "area": "Contabilità",
                "section": "Prima nota", "subject": format!("Seguito {i}"), "description": "d"}),
        )
        .await?;
        let n = t["number"].as_i64().ok_or_else(|| fail("new ticket", &t))?;
        // Taken, so the queue of tickets nobody took shows only the new ones.
        json(
            &client,
            reqwest::Method::POST,
            format!("{}/api/v1/tickets/{n}/take", first.url),
            &staff,
            serde_json::json!({}),
        )
        .await?;
        watched.push(n);
    }
    let seen = Arc::new(Mutex::new(Seen::default()));
    let pending: Arc<Mutex<HashMap<i64, Instant>>> = Arc::default();
    let opened: Arc<Mutex<Vec<(i64, Instant)>>> = Arc::default();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut tasks = Vec::new();
    eprintln!("  {} pages open on the second instance…", args.pages);
    for &n in &watched {
        let (client, url, session) = (client.clone(), second.url.clone(), customer_page.clone());
        let (seen, pending, stop) = (seen.clone(), pending.clone(), stop.clone());
        tasks.push(tokio::spawn(async move {
            let version_url = format!("{url}/ticket/{n}/versione");
            let mut last: Option<String> = None;
            let offset = TICKET_POLL.mul_f64(rand::rng().random::<f64>());
            tokio::time::sleep(offset).await;
            let mut tick = tokio::time::interval(TICKET_POLL);
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                tick.tick().await;
                let got = client
                    .get(&version_url)
                    .header("cookie", format!("lhs_session={session}"))
                    .send()
                    .await;
                let body = match got {
                    Ok(r) if r.status().is_success() => r.text().await.ok(),
                    _ => None,
                };
                let mut s = seen.lock().expect("seen");
                s.polls += 1;
                let Some(version) = body else {
                    s.errors += 1;
                    continue;
                };
                if last.as_ref().is_some_and(|l| *l != version)
                    && let Some(made) = pending.lock().expect("pending").remove(&n)
                {
                    s.ticket_pages.push(made.elapsed().as_secs_f64() * 1000.0);
                }
                last = Some(version);
            }
        }));
    }
    for _ in 0..queues {
        let (client, url, session) = (client.clone(), second.url.clone(), staff_page.clone());
        let (seen, opened, stop) = (seen.clone(), opened.clone(), stop.clone());
        tasks.push(tokio::spawn(async move {
            let queue_url = format!("{url}/desk?tecnico=nessuno");
            let mut etag: Option<String> = None;
            let mut known: HashSet<i64> = HashSet::new();
            let offset = QUEUE_POLL.mul_f64(rand::rng().random::<f64>());
            tokio::time::sleep(offset).await;
            let mut tick = tokio::time::interval(QUEUE_POLL);
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                tick.tick().await;
                let mut req = client
                    .get(&queue_url)
                    .header("cookie", format!("lhs_session={session}"));
                if let Some(t) = &etag {
                    req = req.header("if-none-match", t);
                }
                let got = req.send().await;
                let mut html = None;
                let mut ok = false;
                if let Ok(r) = got {
                    ok = r.status().is_success() || r.status() == 304;
                    if r.status().is_success() {
                        etag = r
                            .headers()
                            .get("etag")
                            .and_then(|v| v.to_str().ok())
                            .map(str::to_owned);
                        html = r.text().await.ok();
                    }
                }
                let now = Instant::now();
                let mut s = seen.lock().expect("seen");
                s.polls += 1;
                if !ok {
                    s.errors += 1;
                }
                let Some(html) = html else { continue };
                for (n, made) in opened.lock().expect("opened").iter() {
                    if !known.contains(n) && html.contains(&format!("/desk/ticket/{n}\"")) {
                        known.insert(*n);
                        s.queue_pages.push((now - *made).as_secs_f64() * 1000.0);
                    }
                }
            }
        }));
    }
    // Every page has asked once before the first change.
    tokio::time::sleep(POLL + Duration::from_millis(500)).await;
    eprintln!(
        "  changes through the first instance for {} s…",
        args.seconds
    );
    let end = Instant::now() + Duration::from_secs(args.seconds);
    let mut next_ticket = Instant::now();
    let mut i = 0usize;
    while Instant::now() < end {
        if Instant::now() >= next_ticket {
            let asked = Instant::now();
            let t = json(
                &client,
                reqwest::Method::POST,
                format!("{}/api/v1/tickets", first.url),
                &customer,
                serde_json::json!({"macro_area": "Software Gestionale", "area": "Contabilità",
                    "section": "Prima nota", "subject": format!("Nuovo {i}"), "description": "d"}),
            )
            .await?;
            let n = t["number"].as_i64().ok_or_else(|| fail("new ticket", &t))?;
            opened.lock().expect("opened").push((n, asked));
            // At most 40 new ones: the queue's first page (50) shows them all.
            next_ticket = Instant::now() + Duration::from_secs(args.seconds.div_ceil(40).max(1));
        }
        // A comment on a watched ticket whose last change was seen.
        let free: Vec<i64> = {
            let p = pending.lock().expect("pending");
            watched
                .iter()
                .copied()
                .filter(|n| !p.contains_key(n))
                .collect()
        };
        if !free.is_empty() {
            let n = free[rand::rng().random_range(0..free.len())];
            // Timed from the moment the change is asked for (a page may see it before the
            // answer is back).
            pending.lock().expect("pending").insert(n, Instant::now());
            json(
                &client,
                reqwest::Method::POST,
                format!("{}/api/v1/tickets/{n}/comments", first.url),
                &customer,
                serde_json::json!({"body": format!("commento {i}")}),
            )
            .await?;
        }
        i += 1;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Time for the last changes to show, then the pages close.
    tokio::time::sleep(POLL + Duration::from_secs(1)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for t in tasks {
        let _ = t.await;
    }
    first.stop();
    second.stop();
    let s = std::mem::take(&mut *seen.lock().expect("seen"));
    let missed = pending.lock().expect("pending").len();
    let expected_queue = opened.lock().expect("opened").len() * queues;
    let row = |what: String, lat: Vec<f64>, unseen: usize| {
        let count = lat.len();
        let (p50, p99, max) = percentiles(lat);
        Row {
            scenario: what,
            measured: format!(
                "{count} seen: p50 {}, p99 {}, max {}{}",
                ms(p50),
                ms(p99),
                ms(max),
                if unseen > 0 {
                    format!(", {unseen} never seen")
                } else {
                    String::new()
                }
            ),
            target: format!("p99 ≤ {TARGET_MS:.0} ms, all seen"),
            ok: p99 <= TARGET_MS && unseen == 0 && count > 0,
        }
    };
    let queue_seen = s.queue_pages.len();
    let rows = vec![
        row(
            format!(
                "a customer's comment (instance 1) reaches its open ticket page (instance 2), {watched_count} ticket pages open"
            ),
            s.ticket_pages,
            missed,
        ),
        row(
            format!(
                "a new ticket (instance 1) reaches the open queues (instance 2), {queues} queue pages open"
            ),
            s.queue_pages,
            expected_queue.saturating_sub(queue_seen),
        ),
        Row {
            scenario: format!("what the {} pages asked of instance 2", args.pages),
            measured: format!(
                "{} requests, {} failed, {:.0} a second",
                s.polls,
                s.errors,
                per_second(s.polls, args.seconds)
            ),
            target: "no failures".into(),
            ok: s.errors == 0,
        },
    ];
    print_table(
        &format!(
            "Live pages across two instances (PostgreSQL) — {} build, {}, {}",
            super::build_kind(),
            super::store::machine(),
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
