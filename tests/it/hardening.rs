//! The outside review's findings, one test each (issue "Hardening"): every test here failed
//! on 7667be3. Throttles under concurrency, bounded memory under password bursts, secrets at
//! rest and in argv, one error contract, strict input, configuration checked at start,
//! trusted proxies, housekeeping in batches, and the CLI's deadlines and conventions.

use std::io::Write as _;
use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

use reqwest::blocking::multipart::{Form, Part};
use serde_json::{Value, json};

use crate::cli_env::Shell;
use crate::common::{Api, PW, Portal, SmtpSink, code_in, eventually, lhs_bin};

/// Runs `n` calls of `f` from `threads` threads at once; returns their results.
fn burst<T: Send>(n: usize, threads: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let out = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    if i >= n {
                        break;
                    }
                    let r = f(i);
                    out.lock().unwrap().push(r);
                }
            });
        }
    });
    out.into_inner().unwrap()
}

fn count(statuses: &[u16], status: u16) -> usize {
    statuses.iter().filter(|s| **s == status).count()
}

// 1 ---------------------------------------------------------------------------------------

#[test]
fn parallel_guesses_never_check_more_passwords_than_the_limit() {
    let p = Portal::dev();
    let api = p.api();
    let statuses = burst(100, 50, |_| {
        api.try_login("rossi.mario", "wrong-pass1").status
    });
    let checked = count(&statuses, 401);
    assert!(
        checked <= 5,
        "{checked} of 100 parallel guesses were checked (limit 5 per account): {statuses:?}"
    );
    assert_eq!(checked + count(&statuses, 429), 100, "{statuses:?}");
    // The right password now waits too.
    api.try_login("rossi.mario", PW)
        .expect(429, "too_many_requests");
    // Per address: guesses spread over many accounts stop at 20 in all.
    let statuses = burst(60, 30, |i| {
        api.try_login(&format!("ghost{i}"), "wrong-pass1").status
    });
    assert!(
        checked + count(&statuses, 401) <= 20,
        "the address limit (20) was exceeded: {statuses:?}"
    );
}

// 2 ---------------------------------------------------------------------------------------

#[test]
fn bogus_reset_codes_cost_no_password_work_and_are_throttled() {
    let p = Portal::dev();
    let api = p.api();
    let statuses = burst(200, 50, |i| {
        api.call(
            "POST",
            "/auth/reset",
            None,
            Some(json!({"token": format!("lhs_r_bogus{i}"), "new_password": "Nuova2024pass"})),
        )
        .status
    });
    assert!(count(&statuses, 422) <= 10, "{statuses:?}");
    assert_eq!(count(&statuses, 422) + count(&statuses, 429), 200);
    let peak = p.peak_rss_mib();
    assert!(
        peak <= 150,
        "200 bogus resets took the server to {peak} MiB"
    );
}

#[test]
fn a_burst_of_password_operations_keeps_memory_bounded() {
    let p = Portal::dev();
    let admin = p.session("C0001");
    let statuses = burst(200, 50, |i| {
        admin
            .post(
                "/users",
                json!({"name": "N", "surname": format!("S{i}"), "email": format!("u{i}@demo.example"),
                       "account": format!("burst.u{i}"), "password": "Iniziale2024"}),
            )
            .status
    });
    // Each creation hashed a password; when the queue is full a request is told to come back.
    assert_eq!(
        count(&statuses, 201) + count(&statuses, 503),
        200,
        "{statuses:?}"
    );
    assert!(count(&statuses, 201) > 0);
    let peak = p.peak_rss_mib();
    assert!(
        peak <= 150,
        "200 concurrent password hashes took the server to {peak} MiB"
    );
    p.api().call("GET", "/healthz", None, None).ok();
}

// 3 ---------------------------------------------------------------------------------------

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Whether `needle` occurs in the database file or its write-ahead log.
fn in_db_files(db: &std::path::Path, needle: &str) -> bool {
    ["", "-wal"].iter().any(|suffix| {
        let mut f = db.as_os_str().to_owned();
        f.push(suffix);
        std::fs::read(&f)
            .is_ok_and(|bytes| bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
    })
}

#[test]
fn database_files_are_private_and_keep_no_code_once_it_is_sent() {
    let smtp = SmtpSink::start();
    let url = smtp.url();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("data/lhs/portal.db");
    let args = [
        "--dev",
        "--dev-password",
        PW,
        "--smtp",
        &url,
        "--mail-interval",
        "1s",
    ];
    let p = Portal::start_at(dir, &db, &args, &[]);
    assert_eq!(
        mode(db.parent().unwrap()),
        0o700,
        "the directory lhs created"
    );
    assert_eq!(mode(db.parent().unwrap().parent().unwrap()), 0o700);
    for f in ["portal.db", "portal.db-wal", "portal.db-shm"] {
        assert_eq!(mode(&db.parent().unwrap().join(f)), 0o600, "{f}");
    }
    // A reset code travels by mail and then exists nowhere in the database files.
    p.api()
        .call(
            "POST",
            "/auth/forgot",
            None,
            Some(json!({"account": "rossi.mario"})),
        )
        .ok();
    let mail = smtp.wait_for("reset", |m| m.subject == "Reimpostazione della password");
    let code = code_in(&mail.body, "lhs_r_");
    eventually(10, "the sent code erased from the files", || {
        (!in_db_files(&db, &code)).then_some(())
    });
    // An existing database others can read is made private at start.
    let (_, dir) = p.terminate();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let p = Portal::start_at(dir, &db, &["--smtp", &url], &[]);
    assert_eq!(mode(&db), 0o600);
    assert!(p.log().contains("0600"), "{}", p.log());
}

// 5 ---------------------------------------------------------------------------------------

#[test]
fn errors_never_echo_a_secret_value() {
    let p = Portal::dev();
    let api = p.api();
    let user = p.session("rossi.mario");
    let admin = p.session("C0001");
    for (r, field) in [
        (
            api.call(
                "POST",
                "/auth/login",
                None,
                Some(json!({"account": "rossi.mario", "password": 98_765_432})),
            ),
            "password",
        ),
        (
            user.post(
                "/auth/password",
                json!({"current_password": 98_765_432, "new_password": "x"}),
            ),
            "current_password",
        ),
        (
            api.call(
                "POST",
                "/auth/reset",
                None,
                Some(json!({"token": 98_765_432, "new_password": "Nuova2024"})),
            ),
            "token",
        ),
        (
            admin.post(
                "/users",
                json!({"name": "A", "surname": "B", "email": "a@b.it", "account": "a.b", "password": 98_765_432}),
            ),
            "password",
        ),
        (
            api.call(
                "POST",
                "/auth/login",
                None,
                Some(json!({"account": "rossi.mario", "password": ["98765432"]})),
            ),
            "password",
        ),
    ] {
        let text = r.body.to_string();
        assert_eq!(r.status, 422, "{text}");
        assert!(!text.contains("98765432"), "a secret came back: {text}");
        assert_eq!(r.body["details"]["field"], field, "{text}");
    }
}

// 7 ---------------------------------------------------------------------------------------

#[test]
fn csv_cells_that_would_run_as_formulas_are_defused_and_import_back_unchanged() {
    let p = Portal::dev();
    let admin_api = p.session("C0001");
    let evil = ["=cmd|' /C calc'!A0", "+1+1", "@SUM(1+1)", "-2+3"];
    for (i, name) in evil.iter().enumerate() {
        admin_api
            .post(
                "/users",
                json!({"name": name, "surname": format!("Formula{i}"), "email": format!("f{i}@demo.example"),
                       "account": format!("formula.f{i}")}),
            )
            .ok();
    }
    let admin = Shell::new(&p);
    admin.login("C0001");
    let exported = admin.run(&["users", "export"]).ok().stdout.clone();
    for name in evil {
        assert!(
            exported.contains(&format!("'{name}")) || exported.contains(&format!("\"'{name}")),
            "{name} not defused:\n{exported}"
        );
    }
    let file = admin.home.path().join("users.csv");
    std::fs::write(&file, &exported).unwrap();
    let report = admin
        .run(&["users", "import", file.to_str().unwrap(), "--json"])
        .ok()
        .json();
    for row in report.as_array().unwrap() {
        assert_eq!(row["result"], "unchanged", "{report}");
    }
    // Any --format csv output is defused the same way.
    let user = Shell::new(&p);
    user.login("rossi.mario");
    user.new_ticket("=HYPERLINK(\"http://x\")");
    let csv = user
        .run(&["tickets", "list", "--format", "csv"])
        .ok()
        .stdout
        .clone();
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{csv}");
}

// 8 ---------------------------------------------------------------------------------------

#[track_caller]
fn envelope(r: reqwest::blocking::Response, status: u16, code: &str) -> Value {
    let got = r.status().as_u16();
    let ct = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let text = r.text().unwrap();
    assert_eq!(got, status, "{text}");
    assert!(ct.starts_with("application/json"), "{ct}: {text}");
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["code"], code, "{v}");
    assert!(v["message"].as_str().is_some_and(|m| !m.is_empty()), "{v}");
    v
}

#[test]
fn every_error_is_the_json_envelope() {
    let p = Portal::dev();
    let staff = p.session("staff");
    let user = p.session("rossi.mario");
    let v = envelope(
        staff.request("GET", "/tickets/abc").send().unwrap(),
        422,
        "validation_failed",
    );
    assert_eq!(v["details"]["field"], "number");
    let v = envelope(
        staff.request("GET", "/outbox?limit=abc").send().unwrap(),
        422,
        "validation_failed",
    );
    assert_eq!(v["details"]["field"], "limit");
    envelope(
        staff.request("GET", "/outbox?colour=red").send().unwrap(),
        422,
        "validation_failed",
    );
    envelope(
        user.request("DELETE", "/tokens/abc").send().unwrap(),
        422,
        "validation_failed",
    );
    envelope(
        user.request("POST", "/tickets/1001/attachments")
            .header("content-type", "multipart/form-data")
            .send()
            .unwrap(),
        400,
        "bad_request",
    );
    envelope(
        user.request("POST", "/tickets")
            .header("content-type", "multipart/form-data; boundary=x")
            .send()
            .unwrap(),
        400,
        "bad_request",
    );
    // A JSON body over the limit (256 KB) is 413, not "failed to buffer".
    let big = json!({"body": "x".repeat(300 * 1024)}).to_string();
    envelope(
        user.request("POST", "/tickets/1001/comments")
            .header("content-type", "application/json")
            .body(big)
            .send()
            .unwrap(),
        413,
        "payload_too_large",
    );
    envelope(
        user.request("POST", "/tickets/1001/comments")
            .body("{}")
            .send()
            .unwrap(),
        415,
        "unsupported_media_type",
    );
    envelope(
        user.request("PUT", "/tickets").send().unwrap(),
        405,
        "method_not_allowed",
    );
}

// 9 ---------------------------------------------------------------------------------------

#[test]
fn the_openapi_document_lists_every_status_an_operation_can_return() {
    let p = Portal::dev();
    let doc = p.api().call("GET", "/api/v1/openapi.json", None, None).ok();
    let mut missing = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap();
            let has = |s: &str| responses.contains_key(s);
            let mut need = vec!["500"];
            if op.get("security").is_some() {
                need.extend(["401", "403"]);
            }
            if op.get("requestBody").is_some() {
                need.extend(["400", "413", "415", "422"]);
            }
            if op
                .get("parameters")
                .and_then(Value::as_array)
                .is_some_and(|p| !p.is_empty())
            {
                need.push("422");
            }
            if path.contains('{') {
                need.push("404");
            }
            for s in need {
                if !has(s) {
                    missing.push(format!("{method} {path}: {s}"));
                }
                // Every error answer documents the envelope.
                if let Some(r) = responses.get(s) {
                    assert!(
                        r.to_string().contains("ErrorBody"),
                        "{method} {path} {s} lacks the error schema"
                    );
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "undocumented statuses:\n{}",
        missing.join("\n")
    );
}

// 10 --------------------------------------------------------------------------------------

#[test]
fn values_that_cannot_be_right_are_refused_never_stored_changed() {
    let p = Portal::dev();
    let user = p.session("rossi.mario");
    let admin = p.session("C0001");
    let ticket = |subject: &str, description: &str| {
        user.post(
            "/tickets",
            json!({"macro_area": "Software Gestionale", "area": "Contabilità", "section": "Prima nota",
                   "subject": subject, "description": description}),
        )
    };
    let e = ticket("due\nrighe", "ok").expect(422, "validation_failed");
    assert_eq!(e["details"]["field"], "subject");
    let e = ticket("nul\u{0}", "ok").expect(422, "validation_failed");
    assert_eq!(e["details"]["field"], "subject");
    let e = ticket("ok", "bell\u{7}").expect(422, "validation_failed");
    assert_eq!(e["details"]["field"], "description");
    // Line breaks and tabs are fine in descriptions and comments, kept as they are.
    let t = ticket("ok", "riga 1\r\n\triga 2").ok();
    assert_eq!(t["description"], "riga 1\r\n\triga 2");
    let n = t["number"].as_i64().unwrap();
    user.post(
        &format!("/tickets/{n}/comments"),
        json!({"body": "a\u{0}b"}),
    )
    .expect(422, "validation_failed");
    user.post(&format!("/tickets/{n}/comments"), json!({"body": "a\n\tb"}))
        .ok();
    admin
        .patch("/users/rossi.mario", json!({"name": "Ma\nrio"}))
        .expect(422, "validation_failed");
    admin
        .patch("/users/rossi.mario", json!({"surname": "Ros\u{1b}si"}))
        .expect(422, "validation_failed");
    // Only JSON objects are request bodies.
    let e = admin
        .api
        .call(
            "PATCH",
            "/users/rossi.mario",
            Some(&admin.token),
            Some(json!(["Mario", "Rossi"])),
        )
        .expect(422, "validation_failed");
    assert!(e["message"].as_str().unwrap().contains("object"), "{e}");
    // Unknown fields are refused, not ignored.
    admin
        .patch("/users/rossi.mario", json!({"nmae": "typo"}))
        .expect(422, "validation_failed");
    // Invalid UTF-8 in a multipart text part is refused (JSON refuses it too).
    let mut raw = b"{\"macro_area\": \"Software Gestionale\", \"area\": \"Contabilit".to_vec();
    raw.extend_from_slice(&[0xE0, 0x80]);
    raw.extend_from_slice(
        b"\", \"section\": \"Prima nota\", \"subject\": \"s\", \"description\": \"d\"}",
    );
    let form = Form::new().part("ticket", Part::bytes(raw));
    let e = Api::send(user.request("POST", "/tickets").multipart(form))
        .expect(422, "validation_failed");
    assert_eq!(e["details"]["field"], "ticket");
    // Search text with control characters.
    user.get("/tickets?q=a%00b")
        .expect(422, "validation_failed");
    let total = user.get("/tickets").ok()["items"].as_array().unwrap().len();
    assert_eq!(total, 1, "nothing half-created");
}

// 11 --------------------------------------------------------------------------------------

fn serve(args: &[&str]) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    std::process::Command::new(lhs_bin())
        .arg("serve")
        .args(["--listen", "127.0.0.1:0", "--db"])
        .arg(dir.path().join("portal.db"))
        .args(args)
        .env_clear()
        .env("LHS_LOG", "warn")
        .output()
        .unwrap()
}

#[test]
fn bad_configuration_stops_the_start() {
    for (args, needle) in [
        (vec!["--mail-from", "not an address"], "--mail-from"),
        (vec!["--smtp", "http://mail.example.com"], "--smtp"),
        (vec!["--smtp", "smtp://"], "--smtp"),
        (vec!["--public-url", "portal.example.com"], "--public-url"),
        (
            vec!["--public-url", "ftp://portal.example.com"],
            "--public-url",
        ),
        (vec!["--trust-proxy", "10.0.0.0/33"], "--trust-proxy"),
    ] {
        let out = serve(&args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
    }
    // Credentials in an SMTP URL never appear in the message.
    let out = serve(&["--smtp", "smtps://user:s3cretpw@:465"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("s3cretpw"));
}

// 12 --------------------------------------------------------------------------------------

#[test]
fn behind_a_trusted_proxy_the_forwarded_address_is_throttled() {
    let login = |api: &Api, client: &str, account: &str| {
        Api::send(
            api.request("POST", "/auth/login", None)
                .header("x-forwarded-for", format!("{client}, 127.0.0.1"))
                .json(&json!({"account": account, "password": "wrong-pass1"})),
        )
        .status
    };
    let p = Portal::dev_with(&["--trust-proxy", "127.0.0.0/8"]);
    let api = p.api();
    for i in 0..20 {
        assert_eq!(login(&api, "203.0.113.7", &format!("ghost{i}")), 401);
    }
    assert_eq!(login(&api, "203.0.113.7", "ghost99"), 429);
    // Another client behind the same proxy is not affected.
    assert_eq!(login(&api, "203.0.113.8", "ghost99"), 401);
    // Without --trust-proxy the header is ignored: everyone is the proxy's address.
    let p = Portal::dev();
    let api = p.api();
    for i in 0..20 {
        assert_eq!(
            login(&api, &format!("198.51.100.{i}"), &format!("g{i}")),
            401
        );
    }
    assert_eq!(login(&api, "198.51.100.99", "g99"), 429);
}

// 13 --------------------------------------------------------------------------------------

#[test]
fn the_auto_close_sweep_works_in_batches_in_the_background() {
    let p = Portal::dev();
    let (_, dir) = p.terminate();
    let insert = |series: &str| {
        format!(
            "{series}
             INSERT INTO tickets (company_id, creator_id, section_id, subject, description,
                                  priority, state, created_at, updated_at, answered_at)
             SELECT (SELECT id FROM companies WHERE code = 'C0001'),
                    (SELECT id FROM users WHERE account = 'rossi.mario'),
                    (SELECT min(id) FROM sections), 'vecchio ' || i, 'x', 'normale', 'risposto',
                    '2020-01-01T00:00:00.000Z', '2020-01-02T00:00:00.000Z',
                    '2020-01-02T00:00:00.000Z'
             FROM n;"
        )
    };
    crate::common::execute_sql(
        dir.path(),
        &insert("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1200)"),
        &insert("WITH n(i) AS (SELECT generate_series(1, 1200))"),
    );
    let p = Portal::start_in(dir, &[], &[]);
    p.api().call("GET", "/healthz", None, None).ok();
    let staff = p.api().login("staff", PW);
    eventually(30, "every stale ticket closed", || {
        let open = staff.get("/tickets?state=risposto&limit=1").ok();
        open["items"].as_array().unwrap().is_empty().then_some(())
    });
    let batches = p.log().lines().filter(|l| l.contains("batch=")).count();
    assert!(
        batches >= 3,
        "expected 3 batches (500+500+200):\n{}",
        p.log()
    );
}

// 14 --------------------------------------------------------------------------------------

/// A server that accepts connections and never answers.
fn silent_server() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for s in l.incoming() {
            held.push(s);
        }
    });
    format!("http://{addr}")
}

#[test]
fn no_request_hangs_on_a_server_that_never_answers() {
    let p = Portal::dev();
    let mut sh = Shell::new(&p);
    sh.host = silent_server();
    sh.set_env("LHS_TOKEN", "lhs_s_whatever");
    sh.set_env("LHS_TIMEOUT", "1s");
    for args in [
        vec!["tickets", "list"],
        vec!["tickets", "download", "1001"],
        vec!["tickets", "close", "1001"],
    ] {
        let start = Instant::now();
        sh.run(&args).fails(8).err_has("1 s").err_has("--timeout");
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "{args:?} took {:?}",
            start.elapsed()
        );
    }
    // --timeout wins over the environment and is validated.
    sh.run(&["--timeout", "0s", "tickets", "list"]).fails(2);
    // On a terminal, a spinner says what is awaited.
    sh.set_env("LHS_TIMEOUT", "4s");
    let mut s = crate::cli_interactive::spawn(&sh, &["tickets", "list"]);
    s.exp_string("Waiting for").unwrap();
    s.exp_string("GET /api/v1/tickets").unwrap();
    let _ = s.exp_eof();
}

// 15 --------------------------------------------------------------------------------------

#[test]
fn a_dash_means_standard_input() {
    let p = Portal::dev();
    let sh = Shell::new(&p);
    sh.login("rossi.mario");
    let n = sh
        .new_ticket_stdin("Dal CI", "descrizione dal pipe\n")
        .ok()
        .stdout
        .trim()
        .to_owned();
    sh.run_stdin(
        &["tickets", "comment", &n, "--message", "-"],
        "commento dal pipe\n",
    )
    .ok();
    let t = sh.run(&["tickets", "view", &n, "--json"]).json();
    assert_eq!(t["description"], "descrizione dal pipe\n");
    assert_eq!(t["comments"][0]["body"], "commento dal pipe\n");
    let help = sh.run(&["tickets", "new", "--help"]).ok().stdout.clone();
    assert!(help.contains("--description -"), "{help}");
}

// 16 --------------------------------------------------------------------------------------

#[test]
fn two_digit_years_and_impossible_ranges_are_usage_errors() {
    let p = Portal::dev();
    let sh = Shell::new(&p);
    // Refused before any request: not even logged in yet.
    sh.run(&["tickets", "list", "--from", "23/11/26"])
        .fails(2)
        .err_has("four-digit year");
    sh.run(&[
        "tickets",
        "list",
        "--from",
        "2024-06-02",
        "--to",
        "2024-06-01",
    ])
    .fails(2)
    .err_has("after");
    sh.login("rossi.mario");
    sh.run(&["tickets", "list", "--to", "1/1/24"]).fails(2);
    sh.run(&[
        "tickets",
        "list",
        "--from",
        "01/06/2024",
        "--to",
        "2024-06-30",
    ])
    .ok();
    let user = p.session("rossi.mario");
    user.get("/tickets?from=23/11/26")
        .expect(422, "validation_failed");
}

// 17 --------------------------------------------------------------------------------------

#[test]
fn import_row_numbers_are_right_in_crlf_files() {
    let p = Portal::dev();
    let admin = Shell::new(&p);
    admin.login("C0001");
    let file = admin.home.path().join("excel.csv");
    let mut f = std::fs::File::create(&file).unwrap();
    f.write_all(
        b"nome;cognome;email;account\r\nAnna;Bianchi;anna@demo.example;bianchi.anna\r\nLuca;Neri;not-an-email;neri.luca\r\n",
    )
    .unwrap();
    let out = admin.run(&["users", "import", file.to_str().unwrap(), "--json"]);
    out.fails(6);
    let report: Value = serde_json::from_str(&out.stdout).unwrap();
    let bad = report
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["result"] == "error")
        .unwrap();
    assert_eq!(bad["row"], 3, "{report}");
}

// 18 --------------------------------------------------------------------------------------

#[test]
fn hints_keep_the_profile_and_host_in_use() {
    let p = Portal::dev();
    let mut sh = Shell::new(&p);
    sh.run(&["--profile", "nope", "tickets", "list"])
        .fails(3)
        .err_has("--profile nope")
        .err_has(&format!("--host {}", p.url));
    sh.host = String::new();
    sh.run(&["--profile", "nope", "tickets", "list"])
        .fails(3)
        .err_has("lhs login --profile nope --host URL");
    // A revoked token hints the login of the same profile.
    let sh = Shell::new(&p);
    sh.run_stdin(
        &[
            "--profile",
            "work",
            "login",
            "--user",
            "rossi.mario",
            "--password-stdin",
            "--insecure-storage",
        ],
        &format!("{PW}\n"),
    )
    .ok();
    p.api().login("rossi.mario", PW).post(
        "/auth/password",
        json!({"current_password": PW, "new_password": "Cambiata2024"}),
    );
    sh.run(&["--profile", "work", "tickets", "list"])
        .fails(3)
        .err_has("lhs login --profile work --host");
}
