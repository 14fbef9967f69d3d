//! `lhs bench hardening`: the resource targets of the hardening work, measured on real
//! servers — memory and `/healthz` latency under a burst of password operations, memory
//! after 1,000-user imports through the CLI, and start-up on a database full of tickets for
//! the auto-close sweep.

use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde_json::json;

use std::path::{Path, PathBuf};

use super::{PASSWORD, Row, Server, http, login, percentiles, print_table, server_bin};
use crate::error::{CliError, CliResult};

/// Measure memory and latency under password bursts, large imports and a heavy start-up
///
/// Prints a Markdown table of measurements and targets (README keeps the latest). Build with
/// --release for meaningful figures:
///
///   cargo run --release -- bench hardening
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Concurrent password operations in the burst
    #[arg(long, default_value_t = 200)]
    pub burst: usize,
    /// Users per import
    #[arg(long, default_value_t = 1000)]
    pub users: usize,
    /// Answered tickets waiting for the auto-close sweep at start-up
    #[arg(long, default_value_t = 50_000)]
    pub stale: usize,
    /// Measure the server of another lhs binary (e.g. an older build, for before/after
    /// figures); the CLI used for imports is always this one
    #[arg(long, value_name = "PATH")]
    pub server_bin: Option<PathBuf>,
}

/// Polls `/healthz` every 10 ms until `stop`, returning each answer's latency in ms.
fn sample_health(
    http: reqwest::Client,
    url: String,
    stop: Arc<AtomicBool>,
) -> tokio::task::JoinHandle<Vec<f64>> {
    tokio::spawn(async move {
        let mut out = Vec::new();
        while !stop.load(Ordering::SeqCst) {
            let t = Instant::now();
            let ok = http
                .get(format!("{url}/healthz"))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            out.push(if ok {
                t.elapsed().as_secs_f64() * 1000.0
            } else {
                f64::INFINITY
            });
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        out
    })
}

fn tmpdir() -> CliResult<tempfile::TempDir> {
    tempfile::Builder::new()
        .prefix("lhs-bench-")
        .tempdir()
        .map_err(|e| CliError::other(format!("cannot create a temporary directory: {e}")))
}

async fn burst(exe: &Path, n: usize) -> CliResult<Vec<Row>> {
    let dir = tmpdir()?;
    let server = Server::start(exe, dir.path().join("portal.db"), &["--dev"])?;
    let http = http();
    let token = login(&http, &server.url, "C0001").await?;
    let stop = Arc::new(AtomicBool::new(false));
    let health = sample_health(http.clone(), server.url.clone(), stop.clone());
    tokio::time::sleep(Duration::from_millis(100)).await;
    let start = Instant::now();
    let mut tasks = Vec::new();
    for i in 0..n {
        let (http, url, token) = (http.clone(), server.url.clone(), token.clone());
        tasks.push(tokio::spawn(async move {
            http.post(format!("{url}/api/v1/users"))
                .bearer_auth(token)
                .json(&json!({"name": "Bench", "surname": format!("U{i}"),
                    "email": format!("bench{i}@demo.example"), "account": format!("bench.u{i}"),
                    "password": "Iniziale2024"}))
                .send()
                .await
                .map_or(0, |r| r.status().as_u16())
        }));
    }
    let mut statuses = std::collections::BTreeMap::new();
    for t in tasks {
        *statuses.entry(t.await.unwrap_or(0)).or_insert(0) += 1;
    }
    let took = start.elapsed();
    stop.store(true, Ordering::SeqCst);
    let (p50, p99, max) = percentiles(health.await.unwrap_or_default());
    let (_, peak) = server.rss_mib();
    // Unauthenticated: bogus reset codes, 50 at a time.
    let mut resets = Vec::new();
    for i in 0..n {
        let (http, url) = (http.clone(), server.url.clone());
        resets.push(tokio::spawn(async move {
            http.post(format!("{url}/api/v1/auth/reset"))
                .json(&json!({"token": format!("lhs_r_bogus{i}"), "new_password": "Nuova2024pass"}))
                .send()
                .await
                .map_or(0, |r| r.status().as_u16())
        }));
    }
    for r in resets {
        let _ = r.await;
    }
    let (_, peak_after_resets) = server.rss_mib();
    server.stop();
    let mut answered = String::new();
    for (s, c) in &statuses {
        let _ = write!(answered, "{c}×{s} ");
    }
    Ok(vec![
        Row {
            scenario: format!("{n} concurrent password hashes (user creations): peak RSS"),
            measured: format!("{peak:.0} MiB ({}in {:.1} s)", answered, took.as_secs_f64()),
            target: "≤ 150 MB".into(),
            ok: peak <= 150.0,
        },
        Row {
            scenario: "…meanwhile `/healthz` (p50 / p99 / max)".into(),
            measured: format!("{p50:.1} / {p99:.1} / {max:.1} ms"),
            target: "< 50 ms".into(),
            ok: max < 50.0,
        },
        Row {
            scenario: format!("then {n} bogus reset codes: peak RSS"),
            measured: format!("{peak_after_resets:.0} MiB"),
            target: "≤ 150 MB".into(),
            ok: peak_after_resets <= 150.0,
        },
    ])
}

/// Imports `n` users with the real CLI (`lhs users import`), with or without passwords;
/// returns (resident after, peak) of the server in MiB and the import's duration.
async fn import(server_exe: &Path, n: usize, passwords: bool) -> CliResult<(f64, f64, Duration)> {
    let dir = tmpdir()?;
    let server = Server::start(server_exe, dir.path().join("portal.db"), &["--dev"])?;
    let exe = std::env::current_exe()
        .map_err(|e| CliError::other(format!("cannot find the lhs binary: {e}")))?;
    let config = dir.path().join("config");
    let lhs = |args: &[&str]| {
        let mut c = tokio::process::Command::new(&exe);
        c.args(args)
            .env("LHS_HOST", &server.url)
            .env("LHS_CONFIG_DIR", &config)
            .env_remove("LHS_TOKEN")
            .env_remove("LHS_PROFILE")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped());
        c
    };
    let mut login = lhs(&[
        "login",
        "--user",
        "C0001",
        "--password-stdin",
        "--insecure-storage",
    ])
    .spawn()
    .map_err(|e| CliError::other(e.to_string()))?;
    {
        use tokio::io::AsyncWriteExt;
        let mut stdin = login.stdin.take().expect("piped");
        let _ = stdin.write_all(format!("{PASSWORD}\n").as_bytes()).await;
    }
    if !login.wait().await.is_ok_and(|s| s.success()) {
        return Err(CliError::other("bench: lhs login failed"));
    }
    let mut csv = String::from(if passwords {
        "name,surname,email,account,password\n"
    } else {
        "name,surname,email,account\n"
    });
    for i in 0..n {
        let _ = write!(csv, "Nome,Cognome{i},u{i}@demo.example,import.u{i}");
        if passwords {
            csv.push_str(",Iniziale2024");
        }
        csv.push('\n');
    }
    let file = dir.path().join("users.csv");
    std::fs::write(&file, csv)?;
    let start = Instant::now();
    let out = lhs(&["users", "import", &file.display().to_string(), "--json"])
        .output()
        .await
        .map_err(|e| CliError::other(e.to_string()))?;
    let took = start.elapsed();
    if !out.status.success() {
        return Err(CliError::other(format!(
            "bench: users import failed: {}",
            String::from_utf8_lossy(&out.stderr)
        )));
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (now, peak) = server.rss_mib();
    server.stop();
    Ok((now, peak, took))
}

/// Starts a server on a database with `n` answered tickets past the auto-close time.
async fn startup(exe: &Path, n: usize) -> CliResult<Vec<Row>> {
    let dir = tmpdir()?;
    let db = dir.path().join("portal.db");
    Server::start(exe, &db, &["--dev"])?.stop();
    {
        let conn =
            rusqlite::Connection::open(&db).map_err(|e| CliError::other(format!("bench: {e}")))?;
        conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
             INSERT INTO tickets (company_id, creator_id, section_id, subject, description,
                                  priority, state, created_at, updated_at, answered_at)
             SELECT (SELECT id FROM companies WHERE code = 'C0001'),
                    (SELECT id FROM users WHERE account = 'rossi.mario'),
                    (SELECT min(id) FROM sections), 'bench ' || i, 'x', 'normale', 'risposto',
                    '2020-01-01T00:00:00.000Z', '2020-01-02T00:00:00.000Z',
                    '2020-01-02T00:00:00.000Z'
             FROM n",
            [i64::try_from(n).unwrap_or(i64::MAX)],
        )
        .map_err(|e| CliError::other(format!("bench: {e}")))?;
    }
    let spawned = Instant::now();
    let server = Server::start(exe, &db, &[])?;
    let listening = spawned.elapsed();
    let http = http();
    let t = Instant::now();
    let first = http
        .get(format!("{}/healthz", server.url))
        .send()
        .await
        .map(|r| r.status().is_success());
    let first_ms = t.elapsed().as_secs_f64() * 1000.0;
    if !matches!(first, Ok(true)) {
        return Err(CliError::other("bench: /healthz failed at start-up"));
    }
    // Latency while the sweep works.
    let stop = Arc::new(AtomicBool::new(false));
    let health = sample_health(http.clone(), server.url.clone(), stop.clone());
    let token = login(&http, &server.url, "staff").await?;
    let swept = loop {
        let v: serde_json::Value = http
            .get(format!(
                "{}/api/v1/tickets?state=risposto&limit=1",
                server.url
            ))
            .bearer_auth(&token)
            .send()
            .await
            .map_err(|e| CliError::other(e.to_string()))?
            .json()
            .await
            .map_err(|e| CliError::other(e.to_string()))?;
        if v["items"].as_array().is_some_and(Vec::is_empty) {
            break spawned.elapsed();
        }
        if spawned.elapsed() > Duration::from_secs(600) {
            return Err(CliError::other(
                "bench: the sweep did not finish in 10 minutes",
            ));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    stop.store(true, Ordering::SeqCst);
    let (p50, p99, max) = percentiles(health.await.unwrap_or_default());
    server.stop();
    Ok(vec![
        Row {
            scenario: format!(
                "start-up with {n} tickets to auto-close: listening, first `/healthz`"
            ),
            measured: format!(
                "{:.0} ms, {first_ms:.1} ms",
                listening.as_secs_f64() * 1000.0
            ),
            target: "`/healthz` does not wait for the sweep".into(),
            ok: first_ms < 100.0,
        },
        Row {
            scenario: "…`/healthz` while the sweep closes them (p50 / p99 / max)".into(),
            measured: format!(
                "{p50:.1} / {p99:.1} / {max:.1} ms; all closed after {:.1} s",
                swept.as_secs_f64()
            ),
            target: "batches of 500, never one long transaction".into(),
            ok: max < 500.0,
        },
    ])
}

pub async fn run(args: Args) -> CliResult<()> {
    eprintln!("lhs bench hardening: this takes a minute or two…");
    let exe = server_bin(args.server_bin.as_deref())?;
    let mut rows = burst(&exe, args.burst).await?;
    for passwords in [false, true] {
        let (now, peak, took) = import(&exe, args.users, passwords).await?;
        rows.push(Row {
            scenario: format!(
                "`lhs users import` of {} users {}: server RSS after (peak)",
                args.users,
                if passwords {
                    "with passwords (argon2 each)"
                } else {
                    "without passwords (invitations)"
                }
            ),
            measured: format!(
                "{now:.0} MiB ({peak:.0} MiB) in {:.1} s",
                took.as_secs_f64()
            ),
            target: "≤ 100 MB".into(),
            ok: now <= 100.0,
        });
    }
    rows.extend(startup(&exe, args.stale).await?);
    let cpus = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    print_table(
        &format!(
            "server {} ({} build of the bench), {cpus} cores",
            exe.display(),
            if cfg!(debug_assertions) {
                "debug"
            } else {
                "release"
            }
        ),
        &rows,
    );
    if rows.iter().all(|r| r.ok) {
        Ok(())
    } else {
        Err(CliError::other("some targets were missed (see the table)"))
    }
}
