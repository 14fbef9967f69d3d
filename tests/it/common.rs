//! Test environment: a real `lhs serve` process on 127.0.0.1:0 with a temporary database, a
//! real SMTP sink, and a small blocking HTTP client for the API.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tempfile::TempDir;

/// Password of every dev account in tests.
pub const PW: &str = "Passw0rd-test";

pub fn lhs_bin() -> &'static str {
    env!("CARGO_BIN_EXE_lhs")
}

/// Runs `lhs ARGS…` with a cleared environment (no profile, no colour) and waits.
pub fn lhs(args: &[&str]) -> std::process::Output {
    Command::new(lhs_bin())
        .args(args)
        .env_clear()
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// A running portal server; killed when dropped.
pub struct Portal {
    pub url: String,
    pub dir: TempDir,
    child: Child,
    stdout: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Portal {
    /// `lhs serve --dev` with the test password and a database in a temporary directory.
    pub fn dev() -> Portal {
        Self::dev_with(&[])
    }

    pub fn dev_with(extra: &[&str]) -> Portal {
        let mut args = vec!["--dev", "--dev-password", PW];
        args.extend_from_slice(extra);
        Self::start(&args, &[])
    }

    /// `lhs serve` with `args` and environment `env` (on top of a cleared one).
    pub fn start(args: &[&str], env: &[(&str, &str)]) -> Portal {
        let dir = tempfile::tempdir().unwrap();
        Self::start_in(dir, args, env)
    }

    /// Like [`start`], reusing a directory (and so its database: the SQLite file in it, or
    /// the PostgreSQL database recorded in it when the suite runs on PostgreSQL).
    pub fn start_in(dir: TempDir, args: &[&str], env: &[(&str, &str)]) -> Portal {
        let db = db_of(dir.path());
        Self::start_with(dir, &db, args, env)
    }

    /// Like [`start_in`], with the SQLite database at `db` (the log stays in `dir`), whatever
    /// backend the suite runs on: for tests about SQLite's files.
    pub fn start_at(dir: TempDir, db: &Path, args: &[&str], env: &[(&str, &str)]) -> Portal {
        Self::start_with(dir, db.to_str().unwrap(), args, env)
    }

    /// A second server on this one's database (its own directory for the log), as when
    /// several instances share one PostgreSQL.
    pub fn another(&self, args: &[&str]) -> Portal {
        Self::start_with(tempfile::tempdir().unwrap(), &self.db(), args, &[])
    }

    /// `lhs serve --db db` (any database URL), its log in `dir`.
    pub fn start_with(dir: TempDir, db: &str, args: &[&str], env: &[(&str, &str)]) -> Portal {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.path().join("server.log"))
            .unwrap();
        let mut cmd = Command::new(lhs_bin());
        cmd.arg("serve")
            .args(["--listen", "127.0.0.1:0", "--db", db])
            .args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("LHS_LOG", "info")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("spawn lhs serve");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let captured = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let sink = captured.clone();
        std::thread::spawn(move || {
            let mut sent = false;
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let mut s = sink.lock().unwrap();
                s.push_str(&line);
                s.push('\n');
                drop(s);
                if !sent && let Some(i) = line.find("http://") {
                    let url: String = line[i..]
                        .chars()
                        .take_while(|c| !c.is_whitespace())
                        .collect();
                    let _ = tx.send(url);
                    sent = true;
                }
            }
        });
        let Ok(url) = rx.recv_timeout(Duration::from_secs(30)) else {
            let _ = child.kill();
            let log = std::fs::read_to_string(dir.path().join("server.log")).unwrap_or_default();
            panic!("lhs serve did not start; its log:\n{log}");
        };
        Portal {
            url,
            dir,
            child,
            stdout: captured,
        }
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The server's peak resident memory so far, in MiB (VmHWM).
    pub fn peak_rss_mib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap();
        let kib: u64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmHWM in /proc/PID/status");
        kib / 1024
    }

    /// What the server printed on standard output so far.
    pub fn stdout(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }

    /// The `--db` value this server runs on.
    pub fn db(&self) -> String {
        db_of(self.dir.path())
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
    }

    pub fn api(&self) -> Api {
        Api::new(&self.url)
    }

    /// Logs in as a dev account.
    pub fn session(&self, account: &str) -> Session {
        self.api().login(account, PW)
    }

    /// Staff creates customer `code` (with the dev catalog's first section in its contract);
    /// its Administrator accepts the mailed invitation with the password [`PW`]. Returns the
    /// Administrator's session.
    #[track_caller]
    pub fn customer(&self, smtp: &SmtpSink, code: &str) -> Session {
        let staff = self.session("staff");
        let email = format!("admin@{}.example", code.to_lowercase());
        staff
            .post(
                "/customers",
                json!({"code": code, "name": format!("{code} S.p.A."), "admin_email": email}),
            )
            .ok();
        staff
            .put(
                &format!("/customers/{code}/contract"),
                json!({"sections": [{"macro_area": "Software Gestionale", "area": "Contabilità", "section": "Prima nota"}]}),
            )
            .ok();
        let mail = smtp.wait_for("the Administrator's invitation", |m| {
            m.to == [email.clone()] && m.body.contains("lhs_i_")
        });
        self.api().accept_code(&code_in(&mail.body, "lhs_i_"), PW);
        self.api().login(code, PW)
    }

    /// Sends SIGTERM and waits; returns the exit status.
    pub fn terminate(mut self) -> (std::process::ExitStatus, TempDir) {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        let deadline = Instant::now() + Duration::from_secs(15);
        let status = loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                break s;
            }
            assert!(Instant::now() < deadline, "server did not stop on SIGTERM");
            std::thread::sleep(Duration::from_millis(50));
        };
        let dir = tempfile::tempdir().unwrap();
        let dir = std::mem::replace(&mut self.dir, dir);
        (status, dir)
    }
}

impl Drop for Portal {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        drop_database(self.dir.path());
    }
}

// The backend ------------------------------------------------------------------------------

/// The PostgreSQL server the suite runs on, as an administrator's URL (`LHS_TEST_PG`, set by
/// `tests/run` for its second pass); None: the suite runs on SQLite.
pub fn test_pg() -> Option<String> {
    std::env::var("LHS_TEST_PG").ok().filter(|u| !u.is_empty())
}

pub fn on_postgres() -> bool {
    test_pg().is_some()
}

/// The `--db` value for a portal kept in `dir`: `dir/portal.db` on SQLite; on PostgreSQL a
/// fresh database, created on first use and recorded in `dir/db_url` for restarts.
pub fn db_of(dir: &Path) -> String {
    let Some(admin) = test_pg() else {
        return dir.join("portal.db").to_str().unwrap().to_owned();
    };
    let record = dir.join("db_url");
    if let Ok(url) = std::fs::read_to_string(&record) {
        return url;
    }
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let name = format!(
        "lhs_t_{}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos()
    );
    let mut client = postgres::Client::connect(&admin, postgres::NoTls)
        .unwrap_or_else(|e| panic!("LHS_TEST_PG={admin}: {e}"));
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .unwrap();
    let url = database_url(&admin, &name);
    std::fs::write(&record, &url).unwrap();
    url
}

/// `admin` with its database replaced by `name`.
pub fn database_url(admin: &str, name: &str) -> String {
    let mut url = reqwest::Url::parse(admin).expect("LHS_TEST_PG is a postgres:// URL");
    url.set_path(&format!("/{name}"));
    url.to_string()
}

fn drop_database(dir: &Path) {
    let (Some(admin), Ok(url)) = (test_pg(), std::fs::read_to_string(dir.join("db_url"))) else {
        return;
    };
    let name = url.rsplit('/').next().unwrap_or_default().to_owned();
    if let Ok(mut client) = postgres::Client::connect(&admin, postgres::NoTls) {
        let _ = client.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
    }
}

/// Runs SQL directly on the portal's database in `dir` (the server stopped, or running: SQLite
/// waits for its writer): `sqlite` on SQLite, `pg` on PostgreSQL.
pub fn execute_sql(dir: &Path, sqlite: &str, pg: &str) {
    let db = db_of(dir);
    if on_postgres() {
        let mut client = postgres::Client::connect(&db, postgres::NoTls).unwrap();
        client.batch_execute(pg).unwrap();
    } else {
        let conn = rusqlite::Connection::open(db).unwrap();
        conn.busy_timeout(Duration::from_secs(10)).unwrap();
        conn.execute_batch(sqlite).unwrap();
    }
}

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub body: Value,
    pub headers: reqwest::header::HeaderMap,
}

impl Resp {
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("")
    }
    #[track_caller]
    pub fn ok(self) -> Value {
        assert!(
            (200..300).contains(&self.status),
            "expected success, got {}: {}",
            self.status,
            self.body
        );
        self.body
    }
    #[track_caller]
    pub fn expect(self, status: u16, code: &str) -> Value {
        assert_eq!(
            (self.status, self.code()),
            (status, code),
            "unexpected answer: {}",
            self.body
        );
        self.body
    }
}

#[derive(Clone)]
pub struct Api {
    pub base: String,
    http: reqwest::blocking::Client,
}

impl Api {
    pub fn new(base: &str) -> Api {
        Api {
            base: base.trim_end_matches('/').to_owned(),
            http: reqwest::blocking::Client::builder()
                .timeout(Duration::from_secs(30))
                .build()
                .unwrap(),
        }
    }

    pub fn request(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
    ) -> reqwest::blocking::RequestBuilder {
        let url = if path.starts_with('/') && !path.starts_with("/api") && path != "/healthz" {
            format!("{}/api/v1{path}", self.base)
        } else {
            format!("{}{path}", self.base)
        };
        let mut rb = self
            .http
            .request(reqwest::Method::from_bytes(method.as_bytes()).unwrap(), url);
        if let Some(t) = token {
            rb = rb.bearer_auth(t);
        }
        rb
    }

    pub fn send(rb: reqwest::blocking::RequestBuilder) -> Resp {
        let r = rb.send().expect("request");
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let text = r.text().unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Resp {
            status,
            body,
            headers,
        }
    }

    pub fn call(&self, method: &str, path: &str, token: Option<&str>, body: Option<Value>) -> Resp {
        let mut rb = self.request(method, path, token);
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        Self::send(rb)
    }

    pub fn try_login(&self, account: &str, password: &str) -> Resp {
        self.call(
            "POST",
            "/auth/login",
            None,
            Some(json!({"account": account, "password": password})),
        )
    }

    /// Sets a password with a mailed reset or invitation code.
    #[track_caller]
    pub fn accept_code(&self, code: &str, password: &str) {
        let r = self.call(
            "POST",
            "/auth/reset",
            None,
            Some(json!({"token": code, "new_password": password})),
        );
        assert_eq!(r.status, 204, "code refused: {}", r.body);
    }

    #[track_caller]
    pub fn login(&self, account: &str, password: &str) -> Session {
        let body = self.try_login(account, password).ok();
        Session {
            api: self.clone(),
            token: body["token"].as_str().unwrap().to_owned(),
        }
    }
}

/// An API client holding a bearer token.
#[derive(Clone)]
pub struct Session {
    pub api: Api,
    pub token: String,
}

impl Session {
    /// The ticket numbers of every page of the listing `path` (which has a query), following
    /// `next_cursor`; each page's `has_more` must agree with its cursor.
    pub fn all_pages(&self, path: &str) -> Vec<i64> {
        let mut seen = Vec::new();
        let mut cursor = String::new();
        loop {
            let page = self.get(&format!("{path}{cursor}")).ok();
            assert_eq!(page["has_more"], !page["next_cursor"].is_null(), "{page}");
            seen.extend(
                page["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|t| t["number"].as_i64().unwrap()),
            );
            match page["next_cursor"].as_str() {
                Some(c) => cursor = format!("&cursor={c}"),
                None => return seen,
            }
        }
    }

    pub fn get(&self, path: &str) -> Resp {
        self.api.call("GET", path, Some(&self.token), None)
    }
    pub fn post(&self, path: &str, body: Value) -> Resp {
        self.api.call("POST", path, Some(&self.token), Some(body))
    }
    pub fn patch(&self, path: &str, body: Value) -> Resp {
        self.api.call("PATCH", path, Some(&self.token), Some(body))
    }
    pub fn put(&self, path: &str, body: Value) -> Resp {
        self.api.call("PUT", path, Some(&self.token), Some(body))
    }
    pub fn delete(&self, path: &str) -> Resp {
        self.api.call("DELETE", path, Some(&self.token), None)
    }
    pub fn request(&self, method: &str, path: &str) -> reqwest::blocking::RequestBuilder {
        self.api.request(method, path, Some(&self.token))
    }

    /// The Administrator creates an operative user from `body` (any fields but `account` and
    /// `password`); the user replaces the initial password with [`PW`], as required at the
    /// first login. Returns the user's session.
    #[track_caller]
    pub fn create_user(&self, account: &str, body: Value) -> Session {
        let mut b = json!({
            "name": "T", "surname": account, "email": format!("{account}@demo.example"),
        });
        for (k, v) in body.as_object().expect("an object") {
            b[k] = v.clone();
        }
        b["account"] = json!(account);
        b["password"] = json!("Iniziale2024");
        let u = self.post("/users", b).ok();
        assert_eq!(u["must_change_password"], true);
        let s = self.api.login(account, "Iniziale2024");
        let r = s.post(
            "/auth/password",
            json!({"current_password": "Iniziale2024", "new_password": PW}),
        );
        assert_eq!(r.status, 204, "{}", r.body);
        s
    }

    /// Opens a ticket in the dev catalog and returns its number.
    #[track_caller]
    pub fn new_ticket(&self, subject: &str, description: &str) -> i64 {
        self.post(
            "/tickets",
            json!({
                "macro_area": "Software Gestionale", "area": "Contabilità", "section": "Prima nota",
                "subject": subject, "description": description
            }),
        )
        .ok()["number"]
            .as_i64()
            .unwrap()
    }
}

/// A real SMTP server (python3-aiosmtpd) recording what it receives.
pub struct SmtpSink {
    pub port: u16,
    file: PathBuf,
    child: Child,
    _dir: TempDir,
}

#[derive(Debug, Clone, serde::Deserialize)]
pub struct Mail {
    pub from: String,
    pub to: Vec<String>,
    pub subject: String,
    pub body: String,
}

impl SmtpSink {
    pub fn start() -> SmtpSink {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("mails.jsonl");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/smtp_sink.py");
        let python = if Path::new("/usr/bin/python3").exists() {
            "/usr/bin/python3"
        } else {
            "python3"
        };
        let mut child = Command::new(python)
            .arg(&script)
            .arg(&file)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect(
                "start the SMTP sink (python3 with aiosmtpd: apt-get install python3-aiosmtpd)",
            );
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line.trim().parse().unwrap_or_else(|_| {
            panic!("SMTP sink did not start (is python3-aiosmtpd installed?): {line:?}")
        });
        SmtpSink {
            port,
            file,
            child,
            _dir: dir,
        }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn mails(&self) -> Vec<Mail> {
        std::fs::read_to_string(&self.file)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// Waits until a mail matching `pred` arrives and returns it.
    #[track_caller]
    pub fn wait_for(&self, what: &str, pred: impl Fn(&Mail) -> bool) -> Mail {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(m) = self.mails().into_iter().find(|m| pred(m)) {
                return m;
            }
            assert!(
                Instant::now() < deadline,
                "no mail {what} arrived; received: {:#?}",
                self.mails()
                    .iter()
                    .map(|m| (&m.to, &m.subject))
                    .collect::<Vec<_>>()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl SmtpSink {
    /// Waits for the invitation mailed to `account` and returns its code.
    #[track_caller]
    pub fn invitation_code(&self, account: &str) -> String {
        let subject = format!("Scegli la password del portale clienti: {account}");
        let mail = self.wait_for("invitation", |m| m.subject == subject);
        code_in(&mail.body, "lhs_i_")
    }
}

/// The code starting with `prefix` in a mail body.
#[track_caller]
pub fn code_in(body: &str, prefix: &str) -> String {
    body.split_whitespace()
        .find(|w| w.starts_with(prefix))
        .unwrap_or_else(|| panic!("no {prefix}… code in the mail: {body}"))
        .to_owned()
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls `f` until it returns Some, for up to `secs` seconds.
#[track_caller]
pub fn eventually<T>(secs: u64, what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

// vtenext ------------------------------------------------------------------------------------

/// A real vtenext CRM with its customer portal (../shared/vtenext/setup.sh), shared by every
/// test of a run: `tests/run` starts it (or the first test that needs it does, under a lock),
/// and it is reused while it answers.
pub struct Vte {
    pub url: String,
    dir: PathBuf,
    setup: PathBuf,
}

/// The vtenext of `../shared/vtenext`, started when needed; None when that folder is absent
/// (a clone outside CI): the caller says the test was skipped.
pub fn vtenext() -> Option<Vte> {
    let setup = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/vtenext/setup.sh");
    if !setup.exists() || std::env::var("LHS_TEST_VTENEXT").is_ok_and(|v| v == "0") {
        return None;
    }
    let dir =
        PathBuf::from(std::env::var("VTE_DIR").unwrap_or_else(|_| "/tmp/lhs-vtenext".to_owned()));
    std::fs::create_dir_all(&dir).unwrap();
    let lock = std::fs::File::create(dir.with_extension("lock")).unwrap();
    lock.lock().unwrap();
    let env_file = dir.join("env.sh");
    let url = read_vte_url(&env_file).filter(|u| vte_answers(u));
    let url = url.unwrap_or_else(|| {
        let log = dir.with_extension("setup.log");
        let out = Command::new("bash")
            .arg(&setup)
            .env("VTE_DIR", &dir)
            .stdout(std::fs::File::create(&log).unwrap())
            .stderr(std::fs::File::create(log.with_extension("err")).unwrap())
            .status()
            .unwrap();
        assert!(
            out.success(),
            "{} failed: {}",
            setup.display(),
            std::fs::read_to_string(log.with_extension("err")).unwrap_or_default()
        );
        read_vte_url(&env_file).expect("setup.sh wrote env.sh")
    });
    drop(lock);
    Some(Vte { url, dir, setup })
}

fn read_vte_url(env_file: &Path) -> Option<String> {
    std::fs::read_to_string(env_file)
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("VTE_URL="))
        .map(str::to_owned)
}

fn vte_answers(url: &str) -> bool {
    reqwest::blocking::get(format!("{url}/vteservice.php?service=customerportal&wsdl"))
        .and_then(reqwest::blocking::Response::text)
        .is_ok_and(|t| t.contains("customerportal"))
}

impl Vte {
    /// A new portal contact of a new customer company: (e-mail, password).
    pub fn contact(&self, company: &str) -> (String, String) {
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let email = format!(
            "c{}.{}.{}@vte.example",
            std::process::id(),
            NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .subsec_nanos()
        );
        let password = "VtePass2024x".to_owned();
        let out = Command::new("bash")
            .arg(&self.setup)
            .args(["contact", &email, &password, company])
            .env("VTE_DIR", &self.dir)
            .output()
            .unwrap();
        assert!(
            out.status.success() && String::from_utf8_lossy(&out.stdout).contains("contact="),
            "setup.sh contact failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (email, password)
    }

    /// Records of the company of contact `email` made through vtenext's own PHP API
    /// (`vtenext_records.php`): a product, a service, a quote and an invoice selling them, a
    /// project with a task, a milestone and a ticket, a document in a folder of its own with
    /// `file`, a published FAQ. Returns their ids (`account`, `contact`, `product`, …).
    pub fn records(&self, email: &str, tag: &str, file: &Path) -> serde_json::Value {
        let contact = self
            .sql(&format!(
                "SELECT contactid FROM vte_contactdetails WHERE email = '{email}'"
            ))
            .trim()
            .to_owned();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/vtenext_records.php");
        let out = Command::new("php8.2")
            .arg(format!(
                "-dauto_prepend_file={}",
                self.dir.join("php8-polyfill.php").display()
            ))
            .args([
                "-dmemory_limit=1G",
                "-derror_reporting=E_ALL & ~E_DEPRECATED & ~E_NOTICE & ~E_WARNING",
                "-ddate.timezone=Europe/Rome",
            ])
            .arg(&script)
            .args([contact.as_str(), tag])
            .arg(file)
            .env("VTE_SRC", self.dir.join("src"))
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "vtenext_records.php failed: {stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_str(stdout.lines().last().unwrap_or(""))
            .unwrap_or_else(|e| panic!("vtenext_records.php said {stdout}: {e}"))
    }

    /// SQL on vtenext's database, as its back office would change things.
    pub fn sql(&self, sql: &str) -> String {
        let out = Command::new("mariadb")
            .arg(format!(
                "--defaults-file={}",
                self.dir.join("mysql/my.cnf").display()
            ))
            .args(["-uroot", "-N", "vte", "-e", sql])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "SQL failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}
