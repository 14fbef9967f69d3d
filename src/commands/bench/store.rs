//! `lhs bench store`: the store's targets, on SQLite and (given a server) PostgreSQL — list
//! and search latency at a million tickets, `GET /tickets` and creation throughput, the CLI
//! streaming a 100k-ticket listing, and start-up on the big database.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Utc;

use super::load::{self, Request};
use super::seed::{self, FIRST_TICKET, RARE_WORD, Shape};
use super::{Row, Server, http, login, percentiles, print_table, server_bin};
use crate::error::{CliError, CliResult};
use crate::server::store::bulk::{self, table};
use crate::server::store::{DbUrl, redact};

/// Measure list/search latency, throughput, streaming and start-up on both backends
///
/// Seeds a portal of --tickets tickets (kept in --dir and reused by later runs when given),
/// starts real `lhs serve` processes on it and measures each target of the store issue;
/// prints one Markdown table per backend (README keeps the latest). PostgreSQL is measured
/// when --postgres (or LHS_BENCH_PG) names a server where the benchmark may create databases
/// (lhs_bench_*). Build with --release for meaningful figures:
///
///   cargo run --release -- bench store
///   cargo run --release -- bench store --dir /var/tmp/lhs-bench \
///       --postgres postgres://postgres@127.0.0.1:5432/postgres
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Tickets in the big portal
    #[arg(long, default_value_t = 1_000_000)]
    pub tickets: u64,
    /// Keep the seeded SQLite databases here and reuse them [default: a temporary directory]
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Also measure PostgreSQL: an administrator's URL on a server where databases
    /// lhs_bench_* may be created (put its password in PGPASSWORD)
    #[arg(long, env = "LHS_BENCH_PG", value_name = "URL", hide_env_values = true)]
    pub postgres: Option<String>,
    /// Skip SQLite (measure PostgreSQL only)
    #[arg(long, requires = "postgres")]
    pub no_sqlite: bool,
    /// Requests per latency scenario
    #[arg(long, default_value_t = 500)]
    pub samples: usize,
    /// Seconds per throughput scenario
    #[arg(long, default_value_t = 5)]
    pub seconds: u64,
    /// Run only these parts: big (latency, throughput, streaming and start-up at --tickets),
    /// small (throughput at 60 tickets), create (creation throughput)
    #[arg(long, value_enum, value_delimiter = ',', value_name = "PART")]
    pub only: Vec<Part>,
    /// Measure the server of another lhs binary (e.g. an older build)
    #[arg(long, value_name = "PATH")]
    pub server_bin: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Part {
    Big,
    Small,
    Create,
}

/// The generated answers are up to three years old: the auto-close sweep would close them
/// (and write while the benchmark reads). Benchmark servers keep them.
pub(super) const KEEP_ANSWERED: &[&str] = &["--autoclose-after", "3650d"];

#[derive(Clone)]
pub(super) enum Backend {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Backend {
    fn name(&self) -> &'static str {
        match self {
            Backend::Sqlite(_) => "SQLite",
            Backend::Postgres(_) => "PostgreSQL",
        }
    }

    /// p99 target for list and search.
    fn p99_target(&self) -> f64 {
        match self {
            Backend::Sqlite(_) => 10.0,
            Backend::Postgres(_) => 20.0,
        }
    }

    fn url(&self, name: &str) -> CliResult<String> {
        Ok(match self {
            Backend::Sqlite(dir) => dir.join(format!("{name}.db")).display().to_string(),
            Backend::Postgres(admin) => {
                let mut u = reqwest::Url::parse(admin)
                    .map_err(|e| CliError::usage(format!("--postgres: {e}")))?;
                u.set_path(&format!("/lhs_bench_{name}"));
                u.to_string()
            }
        })
    }

    /// An empty database `name`.
    pub(super) fn fresh(&self, name: &str) -> CliResult<String> {
        let url = self.url(name)?;
        match self {
            Backend::Sqlite(_) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{url}{suffix}"));
                }
            }
            Backend::Postgres(admin) => {
                let mut c = postgres::Client::connect(admin, postgres::NoTls)
                    .map_err(|e| CliError::other(format!("--postgres {}: {e}", redact(admin))))?;
                // One statement each: CREATE DATABASE cannot run in a transaction block.
                for sql in [
                    format!("DROP DATABASE IF EXISTS lhs_bench_{name} WITH (FORCE)"),
                    format!("CREATE DATABASE lhs_bench_{name}"),
                ] {
                    c.batch_execute(&sql).map_err(|e| {
                        CliError::other(format!("{sql}: {}", crate::server::store::error_text(&e)))
                    })?;
                }
            }
        }
        Ok(url)
    }

    /// Database `name` seeded with `shape`, reused when an earlier run left it complete.
    pub(super) fn seeded(&self, name: &str, shape: Shape) -> CliResult<String> {
        let url = self.url(name)?;
        let db = DbUrl::parse(&url).map_err(CliError::other)?;
        let complete = bulk::open_source(&db).ok().and_then(|mut s| {
            let tickets = s.count(table("tickets")).ok()?;
            let companies = s.count(table("companies")).ok()?;
            Some(
                u64::try_from(tickets).ok()? == shape.tickets
                    && u64::try_from(companies).ok()? == shape.customers,
            )
        }) == Some(true);
        if complete {
            eprintln!("  reusing {} ({} tickets)", redact(&url), shape.tickets);
            return Ok(url);
        }
        let url = self.fresh(name)?;
        let t = Instant::now();
        eprintln!("  seeding {} with {} tickets…", redact(&url), shape.tickets);
        seed::seed(&db, shape)?;
        eprintln!("  seeded in {:.1} s", t.elapsed().as_secs_f64());
        Ok(url)
    }
}

/// The big portal of `n` tickets (50 customers over three years), seeded or reused.
pub(super) async fn big_portal(backend: &Backend, n: u64) -> CliResult<String> {
    let big = Shape {
        tickets: n,
        customers: 50,
        end: Utc::now(),
    };
    let b = backend.clone();
    blocking(move || b.seeded(&format!("{n}"), big)).await
}

/// Runs blocking work (database clients, child processes) off the async threads.
pub(super) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> CliResult<T> + Send + 'static,
) -> CliResult<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| CliError::other(format!("benchmark step stopped: {e}")))?
}

pub(super) fn addr_of(url: &str) -> CliResult<SocketAddr> {
    url.trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .map_err(|e| CliError::other(format!("server address {url}: {e}")))
}

pub(super) fn io(e: &std::io::Error) -> CliError {
    CliError::other(format!("benchmark request failed: {e}"))
}

pub(super) fn ms(v: f64) -> String {
    if v < 10.0 {
        format!("{v:.2} ms")
    } else {
        format!("{v:.1} ms")
    }
}

/// p50/p99 of each list and search scenario, as staff and as a company user.
async fn lists(
    backend: &Backend,
    addr: SocketAddr,
    tokens: &[(&str, &str)],
    n: u64,
    samples: usize,
) -> CliResult<Vec<Row>> {
    let today = Utc::now().date_naive();
    let from = (today - chrono::Duration::days(547)).format("%Y-%m-%d");
    let to = (today - chrono::Duration::days(517)).format("%Y-%m-%d");
    let deep = FIRST_TICKET + i64::try_from(n / 10).unwrap_or(0);
    let scenarios = [
        ("first page".to_owned(), "/tickets?limit=50".to_owned()),
        (
            "deep cursor (90 % down)".to_owned(),
            format!("/tickets?limit=50&cursor={deep}"),
        ),
        (
            "state inserito".to_owned(),
            "/tickets?limit=50&state=inserito".to_owned(),
        ),
        (
            "state in_carico".to_owned(),
            "/tickets?limit=50&state=in_carico".to_owned(),
        ),
        (
            "state risposto".to_owned(),
            "/tickets?limit=50&state=risposto".to_owned(),
        ),
        (
            "state chiuso".to_owned(),
            "/tickets?limit=50&state=chiuso".to_owned(),
        ),
        (
            "a 30-day date range".to_owned(),
            format!("/tickets?limit=50&from={from}&to={to}"),
        ),
        (
            "common term \"fattura\" (~40 %)".to_owned(),
            "/tickets?limit=50&q=fattura".to_owned(),
        ),
        (
            format!("rare term \"{RARE_WORD}\""),
            format!("/tickets?limit=50&q={RARE_WORD}"),
        ),
        (
            "Italian form \"fatture\" (its stem in ~40 %)".to_owned(),
            "/tickets?limit=50&q=fatture".to_owned(),
        ),
        (
            "partial word \"fatt\" (~40 %)".to_owned(),
            "/tickets?limit=50&q=fatt".to_owned(),
        ),
        (
            "two words \"scarto fattura\"".to_owned(),
            "/tickets?limit=50&q=scarto%20fattura".to_owned(),
        ),
        (
            format!("rare partial word \"{}\"", &RARE_WORD[..6]),
            format!("/tickets?limit=50&q={}", &RARE_WORD[..6]),
        ),
        (
            "oldest first".to_owned(),
            "/tickets?limit=50&sort=oldest".to_owned(),
        ),
        (
            "priority bloccante (~5 %)".to_owned(),
            "/tickets?limit=50&priority=bloccante".to_owned(),
        ),
        (
            "priority \"priority\" (none match)".to_owned(),
            "/tickets?limit=50&priority=priority".to_owned(),
        ),
        (
            "section Registri IVA (~20 %), open".to_owned(),
            "/tickets?limit=50&section=Registri%20IVA&state=inserito,in_carico,risposto".to_owned(),
        ),
    ];
    let target = backend.p99_target();
    let mut rows = Vec::new();
    for (who, token) in tokens {
        for (label, path) in &scenarios {
            let req = Request::get(addr, path, token);
            let lat = load::latencies(addr, &req, 200, 20, samples)
                .await
                .map_err(|e| io(&e))?;
            let (p50, p99, _) = percentiles(lat);
            rows.push(Row {
                scenario: format!("list/search at {n}: {label}, as {who}"),
                measured: format!("p50 {}, p99 {}", ms(p50), ms(p99)),
                target: format!("p99 ≤ {target:.0} ms"),
                ok: p99 <= target,
            });
        }
    }
    Ok(rows)
}

async fn get_throughput(
    addr: SocketAddr,
    token: &str,
    what: String,
    target: f64,
    secs: u64,
) -> CliResult<Row> {
    let req = Request::get(addr, "/tickets?limit=50", token);
    let t = load::throughput(addr, &req, 200, 16, Duration::from_secs(secs))
        .await
        .map_err(|e| io(&e))?;
    let (p50, p99, _) = percentiles(t.latencies_ms);
    Ok(Row {
        scenario: what,
        measured: format!(
            "{:.0} req/s (p50 {}, p99 {}), {} errors",
            t.per_second,
            ms(p50),
            ms(p99),
            t.errors
        ),
        target: format!("≥ {target:.0} req/s"),
        ok: t.per_second >= target && t.errors == 0,
    })
}

/// `lhs tickets list --all --json --state in_carico` as staff (a tenth of the tickets): peak
/// RSS and first byte.
fn cli_stream(url: &str, token: &str, page_ms: f64) -> CliResult<Row> {
    let exe = std::env::current_exe()
        .map_err(|e| CliError::other(format!("cannot find the lhs binary: {e}")))?;
    let home = tempfile::tempdir()?;
    let started = Instant::now();
    let mut child = Command::new(exe)
        .args(["tickets", "list", "--all", "--json", "--state", "in_carico"])
        .env_clear()
        .env("HOME", home.path())
        .env("LHS_HOST", url)
        .env("LHS_TOKEN", token)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| CliError::other(format!("cannot run lhs tickets list: {e}")))?;
    let mut stdout = child.stdout.take().expect("piped");
    let reader = std::thread::spawn(move || {
        use std::io::Read;
        let mut buf = vec![0u8; 64 * 1024];
        let mut first = None;
        let mut total = 0usize;
        let mut items = 0usize;
        // The last bytes of the previous read, so a key split across reads is counted.
        let mut tail: Vec<u8> = Vec::new();
        loop {
            match stdout.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(k) => {
                    first.get_or_insert_with(|| started.elapsed());
                    total += k;
                    tail.extend_from_slice(&buf[..k]);
                    items += tail.windows(9).filter(|w| w == b"\"number\":").count();
                    tail.drain(..tail.len().saturating_sub(8));
                }
            }
        }
        (first, total, items)
    });
    // The child's peak resident memory (VmHWM only grows), sampled until it exits.
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0u64;
    let status = loop {
        if let Some(hwm) = std::fs::read_to_string(&status_file).ok().and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        }) {
            peak_kib = peak_kib.max(hwm);
        }
        if let Some(st) = child.try_wait()? {
            break st;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let took = started.elapsed();
    if !status.success() {
        return Err(CliError::other("lhs tickets list --all failed"));
    }
    let (first, bytes, items) = reader.join().map_err(|_| CliError::other("reader"))?;
    #[allow(clippy::cast_precision_loss)]
    let rss_mib = peak_kib as f64 / 1024.0;
    let first_ms = first.map_or(f64::INFINITY, |d| d.as_secs_f64() * 1000.0);
    #[allow(clippy::cast_precision_loss)]
    let mib = bytes as f64 / 1_048_576.0;
    Ok(Row {
        scenario: format!("`lhs tickets list --all --json` over {items} tickets"),
        measured: format!(
            "peak RSS {rss_mib:.1} MiB; first byte {} after start, the first page alone takes {} ({:.0} MiB in {:.1} s)",
            ms(first_ms),
            ms(page_ms),
            mib,
            took.as_secs_f64()
        ),
        target: "≤ 25 MB; first byte ≤ 100 ms after the first page".into(),
        ok: rss_mib * 1.048_576 <= 25.0 && first_ms - page_ms <= 100.0,
    })
}

/// Median time from `lhs serve` starting to its first `/healthz` answer.
fn startup(exe: &Path, db: &str) -> CliResult<Row> {
    let mut times = Vec::new();
    for _ in 0..5 {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let started = Instant::now();
        let mut child = Command::new(exe)
            .args(["serve", "--db", db, "--listen", &addr.to_string()])
            .args(KEEP_ANSWERED)
            .env("LHS_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| CliError::other(format!("cannot start lhs serve: {e}")))?;
        let deadline = started + Duration::from_secs(60);
        let up = loop {
            if let Ok(mut s) = std::net::TcpStream::connect(addr) {
                use std::io::{Read, Write};
                let _ =
                    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                let mut b = [0u8; 12];
                if s.read_exact(&mut b).is_ok() && &b[9..12] == b"200" {
                    break Some(started.elapsed());
                }
            }
            if Instant::now() > deadline {
                break None;
            }
            std::thread::sleep(Duration::from_millis(1));
        };
        let _ = child.kill();
        let _ = child.wait();
        times.push(
            up.ok_or_else(|| CliError::other("lhs serve did not answer /healthz"))?
                .as_secs_f64()
                * 1000.0,
        );
    }
    let (p50, _, max) = percentiles(times);
    Ok(Row {
        scenario: "start-up on the big database to `/healthz` (median of 5)".into(),
        measured: format!("{} (slowest {})", ms(p50), ms(max)),
        target: "≤ 100 ms".into(),
        ok: p50 <= 100.0,
    })
}

/// Everything measured on the big portal.
async fn big(
    exe: &Path,
    backend: &Backend,
    args: &Args,
    http: &reqwest::Client,
) -> CliResult<Vec<Row>> {
    let n = args.tickets;
    let db = big_portal(backend, n).await?;
    let mut rows = Vec::new();
    {
        let server = Server::start(exe, &db, KEEP_ANSWERED)?;
        let addr = addr_of(&server.url)?;
        let staff = login(http, &server.url, "staff").await?;
        let user = login(http, &server.url, "rossi.mario").await?;
        eprintln!("  list and search latency…");
        rows.extend(
            lists(
                backend,
                addr,
                &[("staff", &staff), ("company user", &user)],
                n,
                args.samples,
            )
            .await?,
        );
        eprintln!("  GET /tickets throughput…");
        rows.push(
            get_throughput(
                addr,
                &user,
                format!("`GET /tickets` (50 per page), 16 connections, company user at {n}"),
                3000.0,
                args.seconds,
            )
            .await?,
        );
        eprintln!("  lhs tickets list --all --json…");
        let page = load::latencies(
            addr,
            &Request::get(addr, "/tickets?limit=200&state=in_carico", &staff),
            200,
            3,
            10,
        )
        .await
        .map_err(|e| io(&e))?;
        let (page_ms, _, _) = percentiles(page);
        let url = server.url.clone();
        rows.push(blocking(move || cli_stream(&url, &staff, page_ms)).await?);
        server.stop();
    }
    eprintln!("  start-up…");
    let (e, d) = (exe.to_path_buf(), db.clone());
    rows.push(blocking(move || startup(&e, &d)).await?);

    Ok(rows)
}

async fn measure(exe: &Path, backend: &Backend, args: &Args) -> CliResult<Vec<Row>> {
    let wants = |p: Part| args.only.is_empty() || args.only.contains(&p);
    let http = http();
    let mut rows = Vec::new();
    if wants(Part::Big) {
        rows.extend(big(exe, backend, args, &http).await?);
    }
    if wants(Part::Small) {
        eprintln!("  60 tickets…");
        let b = backend.clone();
        let small = blocking(move || {
            let url = b.fresh("60")?;
            let db = DbUrl::parse(&url).map_err(CliError::other)?;
            let shape = Shape {
                tickets: 60,
                customers: 1,
                end: Utc::now(),
            };
            seed::seed(&db, shape)?;
            Ok(url)
        })
        .await?;
        {
            let server = Server::start(exe, &small, KEEP_ANSWERED)?;
            let user = login(&http, &server.url, "rossi.mario").await?;
            rows.push(
                get_throughput(
                    addr_of(&server.url)?,
                    &user,
                    "`GET /tickets` (50 per page), 16 connections, 60 tickets".into(),
                    5000.0,
                    args.seconds,
                )
                .await?,
            );
            server.stop();
        }
    }
    if wants(Part::Create) {
        eprintln!("  ticket creation…");
        let b = backend.clone();
        let create = blocking(move || b.fresh("create")).await?;
        {
            let server = Server::start(exe, &create, &["--dev"])?;
            let addr = addr_of(&server.url)?;
            let user = login(&http, &server.url, "rossi.mario").await?;
            let body = serde_json::json!({
            "macro_area": "Software Gestionale", "area": "Contabilità", "section": "Prima nota",
            "subject": "Fattura non registrata", "description": "La fattura del fornitore non si registra."
        })
        .to_string();
            let req = Request::post_json(addr, "/tickets", &user, &body);
            let t = load::throughput(addr, &req, 201, 16, Duration::from_secs(args.seconds))
                .await
                .map_err(|e| io(&e))?;
            let (p50, p99, _) = percentiles(t.latencies_ms);
            let (target, ok) = match backend {
                Backend::Sqlite(_) => ("≥ 2,000 req/s, 0 errors", t.per_second >= 2000.0),
                Backend::Postgres(_) => ("0 errors (no rate target)", true),
            };
            rows.push(Row {
                scenario: "ticket creation, 16 connections".into(),
                measured: format!(
                    "{:.0} req/s (p50 {}, p99 {}), {} errors of {}",
                    t.per_second,
                    ms(p50),
                    ms(p99),
                    t.errors,
                    t.requests
                ),
                target: target.into(),
                ok: ok && t.errors == 0,
            });
            server.stop();
        }
    }
    Ok(rows)
}

pub(super) fn machine() -> String {
    let cpus = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|m| m.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map_or_else(String::new, |kib| format!(", {} GiB", kib / 1_048_576));
    format!("{cpus} cores ({model}){mem}")
}

pub async fn run(args: Args) -> CliResult<()> {
    let exe = server_bin(args.server_bin.as_deref())?;
    let (dir, _tmp) = super::work_dir(args.dir.as_deref())?;
    let mut backends = Vec::new();
    if !args.no_sqlite {
        backends.push(Backend::Sqlite(dir));
    }
    if let Some(pg) = &args.postgres {
        backends.push(Backend::Postgres(pg.clone()));
    }
    let build = super::build_kind();
    let mut all_ok = true;
    for b in &backends {
        eprintln!("lhs bench store: {} …", b.name());
        let exe = exe.clone();
        let rows = measure(&exe, b, &args).await?;
        all_ok &= rows.iter().all(|r| r.ok);
        print_table(
            &format!(
                "{} — {} build, {}, {}",
                b.name(),
                build,
                machine(),
                Utc::now().format("%Y-%m-%d")
            ),
            &rows,
        );
    }
    if all_ok {
        Ok(())
    } else {
        Err(CliError::other("some targets were missed (see the tables)"))
    }
}
