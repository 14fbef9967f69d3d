//! Help, exit codes, generated files, errors before login, network errors, output formats.

use std::process::Command;

use crate::cli_env::Shell;
use crate::common::{Portal, lhs};

#[test]
fn help_teaches_and_usage_errors_exit_2() {
    let out = lhs(&["--help"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in ["tickets", "users", "desk", "Exit codes", "lhs login --host"] {
        assert!(text.contains(needle), "--help lacks {needle}: {text}");
    }
    let codes = lhs(&["help", "exit-codes"]);
    let text = String::from_utf8_lossy(&codes.stdout);
    for n in 0..=8 {
        assert!(
            text.contains(&format!("  {n}  ")),
            "exit code {n} undocumented"
        );
    }
    let out = lhs(&["help", "tickets", "new"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("--macro-area"));
    let out = lhs(&["tickets", "new", "--help"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Examples:"));
    assert_eq!(lhs(&["help", "nope"]).status.code(), Some(2));
    assert_eq!(lhs(&["tickets", "list", "--bogus"]).status.code(), Some(2));
    let bad_state = lhs(&["tickets", "list", "--state", "aperto"]);
    assert_eq!(bad_state.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_state.stderr).contains("in-carico"));
    let bad_perm = lhs(&["users", "add", "--perm", "assistenza=download"]);
    assert_eq!(bad_perm.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_perm.stderr).contains("off|read|own|all"));
    assert!(lhs(&["--version"]).status.success());
}

#[test]
fn generated_completions_and_man_pages_are_up_to_date() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for (shell, file) in lhs::commands::completions::SHELLS {
        let committed = std::fs::read(root.join("completions").join(file)).unwrap_or_else(|_| {
            panic!("completions/{file} missing: run `cargo run -- generate-docs`")
        });
        assert!(
            committed == lhs::commands::completions::completion(shell),
            "completions/{file} is stale: run `cargo run -- generate-docs`"
        );
    }
    let pages = lhs::commands::completions::man_pages();
    assert!(pages.iter().any(|(f, _)| f == "lhs-tickets-new.1"));
    for (file, bytes) in &pages {
        let committed = std::fs::read(root.join("man").join(file))
            .unwrap_or_else(|_| panic!("man/{file} missing: run `cargo run -- generate-docs`"));
        assert!(
            committed == *bytes,
            "man/{file} is stale: run `cargo run -- generate-docs`"
        );
    }
    let on_disk = std::fs::read_dir(root.join("man")).unwrap().count();
    assert_eq!(on_disk, pages.len(), "man/ has pages of removed commands");
    let out = lhs(&["completions", "zsh"]);
    assert!(out.status.success() && !out.stdout.is_empty());
}

#[test]
fn before_login_every_command_says_how_to_log_in() {
    let p = Portal::dev();
    let sh = Shell::new(&p);
    sh.run(&["whoami"])
        .fails(3)
        .err_has("not logged in")
        .err_has("lhs login");
    sh.run(&["tickets", "list"]).fails(3);
    let mut nohost = Shell::new(&p);
    nohost.host = String::new();
    nohost.run(&["whoami"]).fails(3).err_has("LHS_HOST");
}

#[test]
fn unreachable_portals_are_network_errors() {
    let p = Portal::dev();
    let mut sh = Shell::new(&p);
    sh.host = "http://127.0.0.1:9".into();
    sh.set_env("LHS_TOKEN", "lhs_p_whatever");
    sh.run(&["whoami"])
        .fails(8)
        .err_has("cannot reach")
        .err_has("hint:");
    let mut sh = Shell::new(&p);
    sh.host = "ftp://example.com".into();
    sh.run(&["whoami"]).fails(2);
}

#[test]
fn formats_json_csv_table_and_quiet() {
    let p = Portal::dev();
    let sh = Shell::new(&p);
    sh.login("rossi.mario");
    sh.new_ticket("uno");
    sh.new_ticket("due, con virgola");
    let csv = sh.run(&["tickets", "list", "--format", "csv"]);
    let mut lines = csv.ok().stdout.lines();
    // The JSON keys, canonical values, empty cells for "no value".
    assert_eq!(
        lines.next().unwrap(),
        "number,customer_code,company_name,user,user_name,technician,macro_area,area,section,subject,priority,state,created_at,updated_at,closed_at,minutes"
    );
    let row = lines.next().unwrap();
    assert!(
        row.starts_with("1002,C0001,Demo S.r.l.,rossi.mario,Mario Rossi,,Software Gestionale,"),
        "{row}"
    );
    assert!(
        row.contains(",normale,inserito,") && row.ends_with(",,0"),
        "{row}"
    );
    assert!(csv.stdout.contains("\"due, con virgola\""));
    // In a pipe a table is one tab-separated record per line, no header, nothing cut.
    let table = sh.run(&["tickets", "list"]);
    let first = table.ok().stdout.lines().next().unwrap().to_owned();
    assert!(
        first.starts_with("1002\t") && first.contains("\tInserito\t"),
        "{first}"
    );
    assert!(!table.stdout.contains("NUMBER"));
    let json = sh.run(&["tickets", "list", "--json"]).json();
    assert_eq!(json.as_array().unwrap().len(), 2);
    let quiet = sh.run(&["-q", "tickets", "close", "1001"]);
    assert!(quiet.ok().stderr.is_empty(), "{}", quiet.stderr);
    let loud = sh.run(&["tickets", "close", "1002"]);
    assert!(loud.ok().stderr.contains("Ticket 1002 closed"));
    sh.run(&["--json", "--format", "csv", "whoami"]).fails(2);
    // A command without a CSV form refuses --format csv before doing anything.
    sh.run(&["--format", "csv", "whoami"])
        .fails(2)
        .err_has("no CSV output");
    sh.run(&["--format", "csv", "tickets", "close", "1001"])
        .fails(2);
    sh.run(&["--format", "csv", "tickets", "view", "1002"])
        .fails(2);
}

#[test]
fn verbose_shows_requests_but_never_secrets() {
    let p = Portal::dev();
    let sh = Shell::new(&p);
    let login = sh.run_stdin(
        &[
            "-v",
            "login",
            "--user",
            "rossi.mario",
            "--password-stdin",
            "--insecure-storage",
        ],
        &format!("{}\n", crate::common::PW),
    );
    login.ok();
    assert!(login.stderr.contains("> POST ") && login.stderr.contains("/api/v1/auth/login"));
    assert!(login.stderr.contains("< 200"));
    let token = std::fs::read_to_string(sh.config_dir().join("credentials.toml")).unwrap();
    let token = token
        .split('"')
        .find(|s| s.starts_with("lhs_s_"))
        .unwrap()
        .to_owned();
    let out = sh.run(&["-v", "whoami"]);
    out.ok();
    for text in [&login.stderr, &login.stdout, &out.stderr, &out.stdout] {
        assert!(!text.contains(crate::common::PW));
        assert!(!text.contains(&token));
    }
    assert!(out.stderr.contains("> GET ") && out.stderr.contains("/api/v1/me"));
}

#[test]
fn raw_api_requests() {
    let p = Portal::dev();
    let sh = Shell::new(&p);
    sh.login("staff");
    let me = sh.run(&["api", "/me"]).json();
    assert_eq!(me["account"], "staff");
    let doc = sh.run(&["api", "/openapi.json"]).json();
    assert!(doc["paths"].get("/api/v1/tickets").is_some());
    let created = sh
        .run(&[
            "api",
            "/catalog/sections",
            "--data",
            r#"{"macro_area":"A","area":"B","section":"C"}"#,
        ])
        .json();
    assert_eq!(created["section"], "C");
    std::fs::write(
        sh.home.path().join("contract.json"),
        r#"{"sections":[{"macro_area":"A","area":"B","section":"C"}]}"#,
    )
    .unwrap();
    let tree = sh
        .run(&[
            "api",
            "-X",
            "put",
            "/customers/C0001/contract",
            "--data",
            "@contract.json",
        ])
        .json();
    assert_eq!(tree[0]["name"], "A");
    let e = sh.run(&["api", "/customers/C9"]);
    e.fails(5);
    assert_eq!(e.json()["code"], "not_found");
    sh.run(&["api", "/me", "--data", "{nope"]).fails(2);
}

/// Starts the fault injector; returns it, its URL and its request log.
fn flaky(fails: u32) -> (std::process::Child, String, tempfile::TempDir) {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/flaky_http.py");
    let mut child = Command::new("python3")
        .arg(script)
        .arg(fails.to_string())
        .arg(dir.path().join("requests.log"))
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut port = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut port)
        .unwrap();
    (child, format!("http://127.0.0.1:{}", port.trim()), dir)
}

#[test]
fn safe_requests_are_retried_and_posts_are_not() {
    let p = Portal::dev();
    let (mut server, url, dir) = flaky(2);
    let mut sh = Shell::new(&p);
    sh.host = url;
    sh.set_env("LHS_TOKEN", "lhs_p_anything");
    let who = sh.run(&["-v", "whoami", "--json"]);
    assert_eq!(who.ok().json()["account"], "ci.user");
    assert_eq!(who.stderr.matches("> GET").count(), 3, "{}", who.stderr);
    // A POST without an Idempotency-Key is sent once: a retry could act twice.
    sh.run(&["tickets", "close", "1001"]).fails(8);
    let log = std::fs::read_to_string(dir.path().join("requests.log")).unwrap();
    assert_eq!(
        log.matches("POST /api/v1/tickets/1001/close").count(),
        1,
        "{log}"
    );
    // A POST with one (tickets comment) is retried.
    sh.run(&["tickets", "comment", "1001", "-m", "x"]).fails(8);
    let log = std::fs::read_to_string(dir.path().join("requests.log")).unwrap();
    assert_eq!(
        log.matches("POST /api/v1/tickets/1001/comments").count(),
        4,
        "{log}"
    );
    let _ = server.kill();
    let _ = server.wait();
}
