//! `lhs bench`: benchmarks anyone can run, printing a Markdown table of measurements against
//! their targets. They start real `lhs serve` processes (this binary) on 127.0.0.1 with
//! temporary databases and drive them over HTTP and through the real CLI. Targets are checked
//! here, never by timed tests.

pub mod hardening;
pub mod live;
pub mod load;
pub mod pages;
pub mod seed;
pub mod store;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::error::{CliError, CliResult};

/// Benchmarks (for developers; README keeps the latest results)
#[derive(Debug, clap::Subcommand)]
pub enum BenchCommand {
    Hardening(hardening::Args),
    Live(live::Args),
    Pages(pages::Args),
    Seed(seed::Args),
    Store(store::Args),
}

pub async fn run(out: &crate::output::Output, cmd: BenchCommand) -> CliResult<()> {
    match cmd {
        BenchCommand::Hardening(a) => hardening::run(a).await,
        BenchCommand::Live(a) => live::run(a).await,
        BenchCommand::Pages(a) => pages::run(a).await,
        BenchCommand::Seed(a) => seed::run(out, a).await,
        BenchCommand::Store(a) => store::run(a).await,
    }
}

/// The binary whose server is measured: `--server-bin`, else this one.
pub fn server_bin(given: Option<&Path>) -> CliResult<PathBuf> {
    match given {
        Some(p) => Ok(p.to_path_buf()),
        None => std::env::current_exe()
            .map_err(|e| CliError::other(format!("cannot find the lhs binary: {e}"))),
    }
}

/// The password of every account of the benchmark portals.
pub const PASSWORD: &str = "Bench2024pass";

/// A `lhs serve` child process.
pub struct Server {
    child: Child,
    pub url: String,
}

impl Server {
    /// Starts `EXE serve --listen 127.0.0.1:0 --db DB ARGS…` and waits until it listens.
    pub fn start(exe: &Path, db: impl AsRef<std::ffi::OsStr>, args: &[&str]) -> CliResult<Server> {
        let mut cmd = Command::new(exe);
        cmd.arg("serve")
            .args(["--listen", "127.0.0.1:0", "--db"])
            .arg(db)
            .args(args)
            .env_remove("LHS_DEV_PASSWORD")
            .env("LHS_LOG", "warn");
        if args.contains(&"--dev") {
            cmd.env("LHS_DEV_PASSWORD", PASSWORD);
        }
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| CliError::other(format!("cannot start lhs serve: {e}")))?;
        let stdout = child.stdout.take().expect("piped");
        let mut url = None;
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(i) = line.find("http://") {
                url = Some(line[i..].split_whitespace().next().unwrap_or("").to_owned());
                break;
            }
        }
        let Some(url) = url else {
            let _ = child.kill();
            return Err(CliError::other("lhs serve did not start"));
        };
        Ok(Server { child, url })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// (resident now, peak resident) in MiB.
    pub fn rss_mib(&self) -> (f64, f64) {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
                .map_or(f64::NAN, |kib| kib / 1024.0)
        };
        (field("VmRSS:"), field("VmHWM:"))
    }

    /// Stops the server (SIGTERM, then waits).
    pub fn stop(mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP client for benchmarks.
pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(120))
        .pool_max_idle_per_host(256)
        .build()
        .expect("an HTTP client")
}

/// Logs in and returns the session token.
pub async fn login(http: &reqwest::Client, url: &str, account: &str) -> CliResult<String> {
    let v: serde_json::Value = http
        .post(format!("{url}/api/v1/auth/login"))
        .json(&serde_json::json!({"account": account, "password": PASSWORD}))
        .send()
        .await
        .map_err(|e| CliError::other(format!("login: {e}")))?
        .json()
        .await
        .map_err(|e| CliError::other(format!("login: {e}")))?;
    v["token"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| CliError::other(format!("login as {account} failed: {v}")))
}

/// `debug` or `release`: how the benchmark (and the server it measures) was built.
pub fn build_kind() -> &'static str {
    if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    }
}

/// Where seeded databases go: `dir` (made if missing, kept), or a temporary directory that
/// lives as long as the returned guard.
pub fn work_dir(
    dir: Option<&std::path::Path>,
) -> CliResult<(std::path::PathBuf, Option<tempfile::TempDir>)> {
    if let Some(d) = dir {
        std::fs::create_dir_all(d)?;
        return Ok((d.to_path_buf(), None));
    }
    let tmp = tempfile::tempdir()?;
    Ok((tmp.path().to_path_buf(), Some(tmp)))
}

/// Latency percentiles of a sample, in milliseconds: (p50, p99, max).
pub fn percentiles(mut ms: Vec<f64>) -> (f64, f64, f64) {
    if ms.is_empty() {
        return (f64::NAN, f64::NAN, f64::NAN);
    }
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| {
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss
        )]
        let i = ((ms.len() as f64 - 1.0) * q).round() as usize;
        ms[i]
    };
    (at(0.5), at(0.99), ms[ms.len() - 1])
}

/// One row of the results table.
pub struct Row {
    pub scenario: String,
    pub measured: String,
    pub target: String,
    pub ok: bool,
}

pub fn print_table(title: &str, rows: &[Row]) {
    println!("\n{title}\n");
    println!("| scenario | measured | target | |");
    println!("| --- | --- | --- | --- |");
    for r in rows {
        println!(
            "| {} | {} | {} | {} |",
            r.scenario,
            r.measured,
            r.target,
            if r.ok { "ok" } else { "MISSED" }
        );
    }
}
