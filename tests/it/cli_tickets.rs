//! `lhs tickets` and `lhs catalog`/`lhs package` from the customer's side.

use crate::cli_env::Shell;
use crate::common::Portal;

fn user(p: &Portal) -> Shell {
    let sh = Shell::new(p);
    sh.login("rossi.mario");
    sh
}

fn pdf(sh: &Shell, name: &str, size: usize) -> String {
    let mut v = b"%PDF-1.4\n".to_vec();
    v.resize(size, b'x');
    std::fs::write(sh.home.path().join(name), v).unwrap();
    name.to_owned()
}

const NEW: &[&str] = &[
    "tickets",
    "new",
    "--macro-area",
    "software gestionale",
    "--area",
    "CONTABILITÀ",
    "--section",
    "prima nota",
    "--subject",
    "Con allegati",
];

#[test]
fn new_with_attachments_view_download_comment_close() {
    let p = Portal::dev();
    let sh = user(&p);
    pdf(&sh, "report.pdf", 2000);
    std::fs::write(sh.home.path().join("log.zip"), b"PK\x03\x04zipzip").unwrap();
    let mut args = NEW.to_vec();
    args.extend([
        "--description-file",
        "-",
        "--attach",
        "report.pdf",
        "-a",
        "log.zip",
        "--priority",
        "bloccante",
    ]);
    let out = sh.run_stdin(&args, "Il programma si blocca\nsu due righe\n");
    out.ok().err_has("Ticket 1001 opened");
    assert_eq!(out.stdout, "1001\n");
    let t = sh.run(&["tickets", "view", "1001", "--json"]).json();
    assert_eq!(t["section"], "Prima nota");
    assert_eq!(t["priority"], "bloccante");
    assert_eq!(t["description"], "Il programma si blocca\nsu due righe\n");
    assert_eq!(t["attachments"].as_array().unwrap().len(), 2);
    assert_eq!(
        t["actions"],
        serde_json::json!(["comment", "attach", "close", "edit"])
    );
    sh.run(&["tickets", "view", "1001"])
        .ok()
        .out_has("Ticket 1001 · Inserito · Bloccante")
        .out_has("report.pdf")
        .out_has("You can: comment, attach, close");
    // Download.
    let dl = sh.run(&["tickets", "download", "1001", "--dir", "dl"]);
    dl.ok();
    assert_eq!(dl.stdout.lines().count(), 2);
    assert_eq!(
        std::fs::read(sh.home.path().join("dl/report.pdf")).unwrap(),
        std::fs::read(sh.home.path().join("report.pdf")).unwrap()
    );
    sh.run(&["tickets", "download", "1001", "--dir", "dl"])
        .fails(7)
        .err_has("--force");
    sh.run(&[
        "tickets", "download", "1001", "--dir", "dl", "--force", "--file", "LOG.ZIP",
    ])
    .ok();
    sh.run(&["tickets", "download", "1001", "--file", "nope.pdf"])
        .fails(5)
        .err_has("report.pdf");
    // Comment from stdin, attach later.
    sh.run_stdin(
        &["tickets", "comment", "1001", "--message-file", "-"],
        "Aggiungo il log\n",
    )
    .ok()
    .err_has("Comment added");
    pdf(&sh, "more.pdf", 100);
    sh.run(&["tickets", "attach", "1001", "more.pdf"])
        .ok()
        .err_has("1 file attached");
    let t = sh.run(&["tickets", "view", "1001", "--json"]).json();
    assert_eq!(t["comments"][0]["body"], "Aggiungo il log\n");
    assert_eq!(t["attachments"].as_array().unwrap().len(), 3);
    sh.run(&["tickets", "close", "1001"])
        .ok()
        .err_has("Ticket 1001 closed");
    // A re-run finds it closed: said, and no failure.
    sh.run(&["tickets", "close", "1001"])
        .ok()
        .err_has("already closed");
    sh.run(&["tickets", "comment", "1001", "-m", "x"]).fails(7);
    sh.run(&["tickets", "view", "999"]).fails(5);
}

#[test]
fn attachments_are_checked_before_any_request() {
    let p = Portal::dev();
    let sh = user(&p);
    for f in ["a.pdf", "b.pdf", "c.pdf", "d.pdf"] {
        pdf(&sh, f, 10);
    }
    pdf(&sh, "big.pdf", 1000 * 1024 + 1);
    std::fs::write(sh.home.path().join("tool.exe"), b"MZ").unwrap();
    std::fs::write(sh.home.path().join("fake.pdf"), b"PK\x03\x04").unwrap();
    let with = |files: &[&str]| {
        let mut args = NEW.to_vec();
        args.extend(["--description", "x"]);
        for f in files {
            args.extend(["--attach", f]);
        }
        sh.run(&args)
    };
    with(&["a.pdf", "b.pdf", "c.pdf", "d.pdf"])
        .fails(6)
        .err_has("at most 3");
    with(&["big.pdf"]).fails(6).err_has("1000 KB");
    with(&["tool.exe"])
        .fails(6)
        .err_has("JPG, JPEG, PNG, PDF, XML, ZIP");
    with(&["fake.pdf"]).fails(6).err_has("content");
    with(&["missing.pdf"]).fails(5);
    sh.run(&[
        "tickets", "attach", "1001", "a.pdf", "b.pdf", "c.pdf", "d.pdf",
    ])
    .fails(6);
    // Nothing reached the server.
    assert_eq!(
        sh.run(&["tickets", "list", "--json"])
            .json()
            .as_array()
            .unwrap()
            .len(),
        0
    );
}

#[test]
fn new_refuses_unknown_sections_and_missing_flags_off_a_terminal() {
    let p = Portal::dev();
    let sh = user(&p);
    sh.run(&[
        "tickets",
        "new",
        "--macro-area",
        "Software Gestionale",
        "--area",
        "Contabilità",
        "--section",
        "Cespiti",
        "--subject",
        "x",
        "--description",
        "y",
    ])
    .fails(6)
    .err_has("Prima nota, Registri IVA")
    .err_has("lhs catalog");
    sh.run(&["tickets", "new", "--macro-area", "Software Gestionale"])
        .fails(2)
        .err_has("--area");
    let mut args = NEW.to_vec();
    args.push("--description");
    args.push("x");
    let mut no_subject = args.clone();
    let i = no_subject.iter().position(|a| *a == "--subject").unwrap();
    no_subject.drain(i..i + 2);
    sh.run(&no_subject).fails(2).err_has("--subject");
    sh.run(&["--no-input", "tickets", "comment", "1"])
        .fails(2)
        .err_has("--message");
    let admin = Shell::new(&p);
    admin.login("C0001");
    admin
        .run(&args)
        .fails(4)
        .err_has("Administrator")
        .err_has("hint:");
    let off = Shell::new(&p);
    admin
        .run_stdin(
            &[
                "users",
                "add",
                "--name",
                "O",
                "--surname",
                "Ff",
                "--email",
                "o@demo.example",
                "--account",
                "off.user",
                "--perm",
                "assistenza=off",
                "--password-stdin",
            ],
            "OffUser2024\n",
        )
        .ok();
    off.run_stdin(
        &[
            "login",
            "--user",
            "off.user",
            "--password-stdin",
            "--insecure-storage",
        ],
        // The initial password, then the user's own (required at the first login).
        "OffUser2024\nOffUser2025\n",
    )
    .ok();
    off.run(&["tickets", "list"]).fails(4).err_has("assistenza");
}

#[test]
fn idempotency_keys_make_ci_re_runs_safe() {
    let p = Portal::dev();
    let sh = user(&p);
    let mut args = NEW.to_vec();
    args.extend(["--description", "once", "--idempotency-key", "job-77"]);
    let first = sh.run(&args);
    let second = sh.run(&args);
    assert_eq!(first.ok().stdout, second.ok().stdout);
    assert_eq!(
        sh.run(&["tickets", "list", "--json"])
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let n = first.stdout.trim();
    for _ in 0..2 {
        sh.run(&[
            "tickets",
            "comment",
            n,
            "-m",
            "ciao",
            "--idempotency-key",
            "c-1",
        ])
        .ok();
    }
    let t = sh.run(&["tickets", "view", n, "--json"]).json();
    assert_eq!(t["comments"].as_array().unwrap().len(), 1);
}

#[test]
fn list_filters_search_limits_and_truncation_notes() {
    let p = Portal::dev();
    let sh = user(&p);
    let desk = Shell::new(&p);
    desk.login("staff");
    let a = sh.new_ticket("Errore C++ nel modulo");
    let b = sh.new_ticket("Scarto fattura-2024");
    let c = sh.new_ticket("Stampa");
    desk.run(&["desk", "take", &b]).ok();
    desk.run(&["desk", "reply", &c, "-m", "x", "--minutes", "1"])
        .fails(7);
    desk.run(&["desk", "take", &c]).ok();
    desk.run(&["desk", "reply", &c, "-m", "fatto", "--minutes", "1"])
        .ok();
    let numbers = |args: &[&str]| -> Vec<String> {
        let mut v = vec!["tickets", "list", "--json"];
        v.extend_from_slice(args);
        sh.run(&v)
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["number"].to_string())
            .collect()
    };
    assert_eq!(numbers(&[]), [c.clone(), b.clone(), a.clone()]);
    assert_eq!(numbers(&["--state", "new"]), std::slice::from_ref(&a));
    assert_eq!(
        numbers(&["--state", "in-carico,answered"]),
        [c.clone(), b.clone()]
    );
    assert_eq!(
        numbers(&["-s", "in_carico", "-s", "inserito"]),
        [b.clone(), a.clone()]
    );
    assert_eq!(numbers(&["--search", "C++"]), std::slice::from_ref(&a));
    assert_eq!(
        numbers(&["--search", "fattura-2024"]),
        std::slice::from_ref(&b)
    );
    assert_eq!(numbers(&["--search", "\""]), Vec::<String>::new());
    let today = chrono::Utc::now().date_naive();
    assert_eq!(
        numbers(&["--from", &today.format("%d/%m/%Y").to_string()]).len(),
        3
    );
    assert!(numbers(&["--from", &today.succ_opt().unwrap().to_string()]).is_empty());
    sh.run(&[
        "tickets",
        "list",
        "--from",
        "2024-06-02",
        "--to",
        "2024-06-01",
    ])
    .fails(2);
    sh.run(&["tickets", "list", "--from", "32/01/2024"])
        .fails(2);
    // Never a silent truncation: more tickets match, and --count says how many.
    let limited = sh.run(&["tickets", "list", "--limit", "1"]);
    limited.ok().err_has("more match: use --limit N or --all");
    sh.run(&["tickets", "list", "--limit", "1", "--count"])
        .ok()
        .err_has("Showing 1 of 3 tickets");
    let all = sh.run(&["tickets", "list", "--all", "--json"]);
    assert_eq!(all.json().as_array().unwrap().len(), 3);
    assert!(!all.stderr.contains("Showing"));
    let row = &sh
        .run(&["tickets", "list", "--json", "--state", "risposto"])
        .json()[0];
    for key in [
        "number",
        "state",
        "subject",
        "priority",
        "created_at",
        "closed_at",
        "user",
        "technician",
        "macro_area",
        "area",
        "section",
        "minutes",
    ] {
        assert!(row.get(key).is_some(), "--json lacks {key}");
    }
    assert_eq!(row["state"], "risposto");
    assert_eq!(row["technician"], "staff");
    sh.run(&["tickets", "list", "--state", "chiuso"])
        .ok()
        .err_has("No tickets match");
}

#[test]
fn wait_is_a_ci_gate() {
    let p = Portal::dev();
    let sh = user(&p);
    let n = sh.new_ticket("attendo");
    sh.run(&[
        "tickets",
        "wait",
        &n,
        "--state",
        "risposto",
        "--timeout",
        "1s",
        "--interval",
        "200ms",
    ])
    .fails(1)
    .err_has("timed out");
    let desk = Shell::new(&p);
    desk.login("staff");
    let waiter = {
        let mut cmd = sh.command();
        cmd.args([
            "tickets",
            "wait",
            &n,
            "--state",
            "answered",
            "--timeout",
            "30s",
            "--interval",
            "200ms",
        ]);
        cmd.stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    std::thread::sleep(std::time::Duration::from_millis(500));
    desk.run(&["desk", "take", &n]).ok();
    desk.run(&["desk", "reply", &n, "-m", "ecco", "--minutes", "5"])
        .ok();
    let out = waiter.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    sh.run(&["tickets", "close", &n]).ok();
    sh.run(&[
        "tickets",
        "wait",
        &n,
        "--state",
        "in-carico",
        "--timeout",
        "5s",
    ])
    .fails(7)
    .err_has("closed");
}

#[test]
fn catalog_and_package() {
    let p = Portal::dev();
    let sh = user(&p);
    sh.run(&["catalog"])
        .ok()
        .out_has("Software Gestionale\n  Contabilità\n    Prima nota");
    let tree = sh.run(&["catalog", "--json"]).json();
    assert_eq!(tree[0]["areas"][0]["sections"][1], "Scarti");
    let pkg = sh.run(&["package", "--json"]).json();
    assert_eq!(pkg["balance_minutes"], 600);
    assert_eq!(pkg["movements"][0]["kind"], "grant");
    // In a pipe stdout holds the records only; the sentence is for people, on stderr.
    let out = sh.run(&["package"]);
    out.ok().err_has("600 minutes left");
    assert!(!out.stdout.contains("minutes left"), "{}", out.stdout);
    assert!(
        out.stdout.starts_with(|c: char| c.is_ascii_digit()),
        "{}",
        out.stdout
    );
}

#[test]
fn edit_while_inserito_then_reopen_within_the_window() {
    let smtp = crate::common::SmtpSink::start();
    let p = Portal::dev_with(&["--smtp", &smtp.url(), "--mail-interval", "1s"]);
    let sh = user(&p);
    let desk = Shell::new(&p);
    desk.login("staff");
    let mut args = NEW.to_vec();
    args.extend(["--description", "Il registro non si stampa", "--json"]);
    let n = sh.run(&args).ok().json()["number"].as_i64().unwrap();
    let ns = n.to_string();
    let view = || sh.run(&["tickets", "view", &ns, "--json"]).ok().json();

    // Edit while inserito: what changes, and search finds the new subject.
    sh.run(&["tickets", "edit", &ns])
        .fails(2)
        .err_has("nothing to change");
    sh.run(&["tickets", "edit", &ns, "--priority", "altissima"])
        .fails(2)
        .err_has("normale, bloccante, priority");
    sh.run(&[
        "tickets",
        "edit",
        &ns,
        "--subject",
        "Stampa registri IVA",
        "--priority",
        "bloccante",
        "--notify",
        "it@example.com",
    ])
    .ok()
    .err_has(&format!("Ticket {n} updated"));
    let t = view();
    assert_eq!(t["subject"], "Stampa registri IVA");
    assert_eq!(t["priority"], "bloccante");
    assert_eq!(t["notify_email"], "it@example.com");
    assert_eq!(t["state"], "inserito");
    let found = sh
        .run(&[
            "tickets", "list", "--search", "registri", "--json", "number",
        ])
        .ok()
        .json();
    assert_eq!(found, serde_json::json!([{ "number": n }]));
    let gone = sh
        .run(&[
            "tickets", "list", "--search", "allegati", "--json", "number",
        ])
        .ok()
        .json();
    assert!(!gone.as_array().unwrap().iter().any(|t| t["number"] == n));
    sh.run(&["tickets", "view", &ns])
        .ok()
        .out_has("Notify also: it@example.com")
        .out_has("edit");
    sh.run(&["tickets", "edit", &ns, "--no-notify"]).ok();
    assert!(view()["notify_email"].is_null());
    // The API: an empty patch, and null removing the address, are told apart.
    let api = p.api().login("rossi.mario", crate::common::PW);
    api.patch(&format!("/tickets/{n}"), serde_json::json!({}))
        .expect(422, "validation_failed");
    api.patch(
        &format!("/tickets/{n}"),
        serde_json::json!({ "colour": "red" }),
    )
    .expect(422, "validation_failed");

    // Taken in charge: no more edits, and nothing to reopen yet.
    desk.run(&["desk", "take", &ns]).ok();
    sh.run(&["tickets", "edit", &ns, "--priority", "normale"])
        .fails(7)
        .err_has("can no longer be edited")
        .err_has("add a comment instead");
    sh.run(&["tickets", "reopen", &ns])
        .fails(7)
        .err_has("nothing to reopen");

    // Closed, then reopened with a reason: back to its technician, who is told.
    sh.run(&["tickets", "close", &ns]).ok();
    sh.run(&["tickets", "view", &ns])
        .ok()
        .out_has("can be reopened until")
        .out_has(&format!("lhs tickets reopen {n}"));
    sh.run(&["tickets", "reopen", &ns, "-m", "Il problema è tornato"])
        .ok()
        .err_has(&format!("Ticket {n} reopened (now In carico)"));
    let t = view();
    assert_eq!(t["state"], "in_carico");
    assert!(t["closed_at"].is_null() && t["reopen_until"].is_null());
    assert_eq!(t["technician"], "staff");
    assert_eq!(
        t["comments"].as_array().unwrap().last().unwrap()["body"],
        "Il problema è tornato"
    );
    let mail = smtp.wait_for("the technician told of the reopening", |m| {
        m.subject.contains(&format!("Ticket {n} r"))
            && (m.subject.contains("riaperto") || m.subject.contains("reopened"))
    });
    assert!(mail.body.contains("Il problema è tornato"), "{}", mail.body);
    assert!(
        !mail.to.iter().any(|t| t.contains("rossi")),
        "{:?}",
        mail.to
    );

    // Never taken: reopening puts it back in the queue.
    let m = sh.run(&args).ok().json()["number"].as_i64().unwrap();
    let ms = m.to_string();
    sh.run(&["tickets", "close", &ms]).ok();
    sh.run(&["tickets", "reopen", &ms, "--json"])
        .ok()
        .json()
        .get("state")
        .map(|s| assert_eq!(s, "inserito"))
        .unwrap();
}

#[test]
fn reopening_past_the_window_says_to_open_a_new_ticket() {
    for (window, why) in [("1s", "longer ago than"), ("0s", "does not reopen")] {
        let p = Portal::dev_with(&["--reopen-within", window]);
        let sh = user(&p);
        let mut args = NEW.to_vec();
        args.extend(["--description", "x", "--json"]);
        let n = sh.run(&args).ok().json()["number"].as_i64().unwrap();
        let ns = n.to_string();
        sh.run(&["tickets", "close", &ns]).ok();
        std::thread::sleep(std::time::Duration::from_millis(1100));
        let t = sh.run(&["tickets", "view", &ns, "--json"]).ok().json();
        assert!(
            !t["actions"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a == "reopen"),
            "{t}"
        );
        if window == "1s" {
            sh.run(&["tickets", "view", &ns])
                .ok()
                .out_has("the reopen window has passed: open a new ticket");
        }
        sh.run(&["tickets", "reopen", &ns])
            .fails(7)
            .err_has(why)
            .err_has("open a new ticket")
            .err_has("lhs tickets new");
        assert_eq!(
            sh.run(&["tickets", "view", &ns, "--json"]).ok().json()["state"],
            "chiuso"
        );
    }
}
