//! `lhs` against a real vtenext customer portal (../shared/vtenext): login and the backend it
//! detects, every ticket command, text and files that round-trip, an expired session, two
//! companies that never see each other's tickets, and the commands vtenext cannot do. When
//! ../shared/vtenext is absent (a clone outside CI) each test says it was skipped and why.

use serde_json::Value;

use crate::cli_env::{Out, Shell};
use crate::common::{Vte, vtenext};

const SKIP: &str = "skipped: ../shared/vtenext is not here, so there is no vtenext to test against";

/// vtenext, or None after saying why the test is skipped.
pub fn portal() -> Option<Vte> {
    if crate::common::on_postgres() {
        // Nothing here touches our server: the SQLite pass runs these.
        eprintln!("skipped in the PostgreSQL pass: the SQLite pass of tests/run runs it");
        return None;
    }
    let v = vtenext();
    if v.is_none() {
        eprintln!("{SKIP}");
    }
    v
}

/// A shell logged in as a new contact of a new company.
pub fn contact_shell(vte: &Vte, company: &str) -> (Shell, String) {
    contact_shell_at(vte, company, &vte.url)
}

/// [`contact_shell`] through another address of the same vtenext (a proxy).
fn contact_shell_at(vte: &Vte, company: &str, host: &str) -> (Shell, String) {
    let (email, password) = vte.contact(company);
    let sh = Shell::for_host(host);
    sh.run_stdin(
        &[
            "login",
            "--user",
            &email,
            "--password-stdin",
            "--insecure-storage",
        ],
        &format!("{password}\n"),
    )
    .ok();
    (sh, email)
}

fn new_ticket(sh: &Shell, subject: &str, description: &str, priority: &str) -> String {
    let out = sh.run_stdin(
        &[
            "tickets",
            "new",
            "--subject",
            subject,
            "--description",
            "-",
            "--priority",
            priority,
        ],
        description,
    );
    out.ok();
    out.stdout.trim().to_owned()
}

fn view(sh: &Shell, number: &str) -> Value {
    sh.run(&["tickets", "view", number, "--json"]).ok().json()
}

#[test]
fn vtenext_login_detects_the_backend_keeps_only_a_session_and_refuses_what_vtenext_cannot_do() {
    let Some(vte) = portal() else { return };
    let (email, password) = vte.contact("Detect Srl");
    let sh = Shell::with_keyring_for(&vte.url);
    let login = sh.run_stdin(
        &["login", "--user", &email, "--password-stdin"],
        &format!("{password}\n"),
    );
    login
        .ok()
        .err_has("is a vtenext customer portal")
        .err_has("(vtenext customer portal)");
    let me = sh.run(&["whoami", "--json"]).ok().json();
    assert_eq!(me["backend"], "vtenext");
    assert_eq!(me["account"], email.as_str());
    assert_eq!(me["token_source"], "keyring");
    // The keyring holds the session (contact and session ids), never the password.
    let entries = sh.keyring.as_ref().unwrap().lhs_entries();
    assert!(!entries.contains(&password), "{entries}");
    let config = std::fs::read_to_string(sh.config_dir().join("config.toml")).unwrap();
    assert!(config.contains("backend = \"vtenext\""), "{config}");
    assert!(!config.contains(&password));
    assert!(sh.files_containing(&password).is_empty());

    // A wrong password is exit 3, in our words.
    let sh2 = Shell::for_host(&vte.url);
    sh2.run_stdin(
        &[
            "login",
            "--backend",
            "vtenext",
            "--user",
            &email,
            "--password-stdin",
            "--insecure-storage",
        ],
        "wrong-Password-1\n",
    )
    .fails(3)
    .err_has("wrong e-mail or password");

    // What only lhs portals offer is a usage error naming the backend and the nearest
    // command a vtenext portal has.
    for (args, nearest) in [
        (vec!["users", "list"], "lhs contacts list"),
        (vec!["desk", "queue"], "lhs tickets"),
        (vec!["token", "list"], "lhs login"),
        (vec!["catalog"], "lhs tickets new"),
        (vec!["package"], "lhs quotes list"),
        (vec!["news", "list"], "lhs docs list"),
        (vec!["api", "/me"], "lhs tickets"),
    ] {
        sh.run(&args)
            .fails(2)
            .err_has("is not on a vtenext portal")
            .err_has("vtenext customer portal")
            .err_has(nearest);
    }
    sh.run(&["password", "reset"]).fails(2).err_has("vtenext");
    sh.run(&["tickets", "list", "--from", "2024-01-01"])
        .fails(2)
        .err_has("--from/--to");
    sh.run(&[
        "tickets",
        "new",
        "--section",
        "X",
        "--subject",
        "s",
        "--description",
        "d",
    ])
    .fails(2)
    .err_has("--section");

    // Logging out forgets the session; the next command needs a login.
    sh.run(&["logout"]).ok().err_has("no logout operation");
    sh.run(&["tickets", "list"])
        .fails(3)
        .err_has("not logged in");
}

#[test]
fn vtenext_tickets_open_comment_attach_download_and_close() {
    let Some(vte) = portal() else { return };
    let (sh, _) = contact_shell(&vte, "Tickets Srl");
    // Every priority of the portal's list; a value it does not have is refused locally.
    for p in ["Low", "normal", "HIGH", "Urgent"] {
        new_ticket(&sh, &format!("Priorità {p}"), "x", p);
    }
    sh.run(&[
        "tickets",
        "new",
        "--subject",
        "s",
        "--description",
        "d",
        "--priority",
        "bloccante",
    ])
    .fails(6)
    .err_has("Low, Normal, High, Urgent");
    let list = sh.run(&["tickets", "list", "--json"]).ok().json();
    let priorities: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["priority"].as_str().unwrap())
        .collect();
    assert_eq!(
        priorities,
        ["Urgent", "High", "Normal", "Low"],
        "newest first"
    );
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .all(|t| t["state"] == "inserito" && t["status"] == "Open")
    );

    // Italian, markup-like text and emoji round-trip in titles, descriptions and comments.
    let subject = "Perché la stampa <b>non</b> va & basta 😀";
    let description = "Riga uno è\nriga due \"citata\" <br> fine\n";
    let tt = new_ticket(&sh, subject, description, "High");
    assert!(tt.starts_with("TT"), "{tt}");
    let t = view(&sh, &tt);
    assert_eq!(t["subject"], subject);
    assert_eq!(t["description"], description.trim_end());
    assert_eq!(t["ticket_no"], tt.as_str());
    let number = t["number"].as_i64().unwrap().to_string();
    sh.run(&["tickets", "list", "--search", "stampa", "--json"])
        .ok()
        .out_has(&tt);
    let comment = "Ancora così: <tag> & 'apici' 🙂\nseconda riga";
    sh.run_stdin(
        &["tickets", "comment", &number, "--message-file", "-"],
        comment,
    )
    .ok();
    let t = view(&sh, &tt);
    assert_eq!(t["comments"][0]["body"], comment);
    assert_eq!(t["comments"][0]["author_role"], "customer");

    // A help-desk comment from the back office (stored as typed; the portal escapes it and
    // turns its line breaks into <br />) reads as typed.
    let id = t["vtenext_id"].as_i64().unwrap();
    vte.sql(&format!(
        "UPDATE vte_ticketcomments_seq SET id = id + 1; \
         INSERT INTO vte_ticketcomments (commentid, ticketid, comments, ownerid, ownertype, createdtime) \
         SELECT id, {id}, 'Risolto così\\nSaluti', 1, 'user', NOW() FROM vte_ticketcomments_seq"
    ));
    let t = view(&sh, &tt);
    assert_eq!(t["comments"][1]["body"], "Risolto così\nSaluti");
    assert_eq!(t["comments"][1]["author_role"], "staff");

    // Files go up and come back byte-identical (binary, with an Italian name).
    let dir = tempfile::tempdir().unwrap();
    let data: Vec<u8> = (0..200_000u32).map(|i| (i * 7919 % 251) as u8).collect();
    let file = dir.path().join("però.pdf");
    std::fs::write(&file, &data).unwrap();
    sh.run(&["tickets", "attach", &tt, file.to_str().unwrap()])
        .ok();
    let out_dir = dir.path().join("out");
    let dl = sh.run(&[
        "tickets",
        "download",
        &tt,
        "--dir",
        out_dir.to_str().unwrap(),
    ]);
    dl.ok();
    let written = dl.stdout.trim();
    assert_eq!(std::fs::read(written).unwrap(), data, "{written}");
    // Over vtenext's size limit: refused before anything is sent.
    let big = dir.path().join("big.zip");
    std::fs::write(&big, vec![0u8; 3_000_001]).unwrap();
    sh.run(&["tickets", "attach", &tt, big.to_str().unwrap()])
        .fails(6)
        .err_has("3000000");

    // The back office answers: the ticket waits for the customer (risposto).
    let waiting = sh
        .command()
        .args([
            "tickets",
            "wait",
            &tt,
            "--state",
            "risposto",
            "--interval",
            "1s",
            "--timeout",
            "60s",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_secs(2));
    vte.sql(&format!(
        "UPDATE vte_troubletickets SET status = 'Wait For Response' WHERE ticketid = {id}"
    ));
    let out = waiting.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let t = view(&sh, &tt);
    assert_eq!(
        (t["state"].as_str(), t["status"].as_str()),
        (Some("risposto"), Some("Wait For Response"))
    );

    // "Ok, risolto".
    sh.run(&["tickets", "close", &tt]).ok().err_has("closed");
    let t = view(&sh, &tt);
    assert_eq!(t["state"], "chiuso");
    sh.run(&["tickets", "close", &tt])
        .ok()
        .err_has("already closed");
    sh.run(&["tickets", "comment", &tt, "--message", "ancora"])
        .fails(7);
    sh.run(&[
        "tickets",
        "wait",
        &tt,
        "--state",
        "in-carico",
        "--timeout",
        "5s",
    ])
    .fails(7);
    sh.run(&[
        "tickets",
        "wait",
        &tt,
        "--state",
        "chiuso",
        "--timeout",
        "5s",
    ])
    .ok();
    sh.run(&["tickets", "list", "--state", "chiuso", "--json"])
        .ok()
        .out_has(&tt);
    // CSV carries the same fields as JSON.
    sh.run(&["tickets", "list", "--format", "csv"])
        .ok()
        .out_has("number,ticket_no,subject,state,status,priority")
        .out_has(&format!("{tt},{subject},chiuso,Closed,High"));
    sh.run(&["tickets", "list"])
        .ok()
        .out_has(&tt)
        .out_has("Closed");
}

#[test]
fn vtenext_an_expired_session_is_exit_3_never_an_empty_list() {
    let Some(vte) = portal() else { return };
    let (email, password) = vte.contact("Session Srl");
    let first = Shell::for_host(&vte.url);
    let second = Shell::for_host(&vte.url);
    for sh in [&first, &second] {
        sh.run_stdin(
            &[
                "login",
                "--user",
                &email,
                "--password-stdin",
                "--insecure-storage",
            ],
            &format!("{password}\n"),
        )
        .ok();
    }
    // The second login replaced the first one's session on the portal.
    let checks: [&[&str]; 9] = [
        &["tickets", "list"],
        &["tickets", "view", "TT1"],
        &["whoami"],
        &["quotes", "list"],
        &["docs", "list"],
        &["faq", "list"],
        &["records"],
        &["me"],
        &["company"],
    ];
    for args in checks {
        let out: Out = first.run(args);
        out.fails(3)
            .err_has("expired or was replaced")
            .err_has("lhs login");
    }
    second.run(&["tickets", "list"]).ok();
}

#[test]
fn vtenext_two_companies_never_see_or_touch_each_others_tickets() {
    let Some(vte) = portal() else { return };
    let (alpha, _) = contact_shell(&vte, "Alpha Srl");
    let (beta, _) = contact_shell(&vte, "Beta Spa");
    let tt = new_ticket(&alpha, "Solo per Alpha", "riservato", "Normal");
    let theirs = beta.run(&["tickets", "list", "--json"]).ok().json();
    assert!(!theirs.to_string().contains("Solo per Alpha"), "{theirs}");
    // vtenext itself would let these through: lhs checks first, and nothing reaches Alpha's
    // ticket.
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), b"x").unwrap();
    let attempts: [Vec<&str>; 5] = [
        vec!["tickets", "view", &tt],
        vec!["tickets", "comment", &tt, "--message", "intrusione"],
        vec!["tickets", "attach", &tt, file.path().to_str().unwrap()],
        vec!["tickets", "download", &tt],
        vec!["tickets", "close", &tt],
    ];
    for args in attempts {
        beta.run(&args).fails(5).err_has("among those you can see");
    }
    let t = view(&alpha, &tt);
    assert_eq!(t["state"], "inserito");
    assert_eq!(t["comments"].as_array().unwrap().len(), 0);
    assert_eq!(t["attachments"].as_array().unwrap().len(), 0);
    // --mine: Alpha's own tickets; without it, the company's (the same here).
    alpha
        .run(&["tickets", "list", "--mine", "--json"])
        .ok()
        .out_has("Solo per Alpha");
}

/// No vtenext needed: what lhs says when a portal is not what it expects.
#[test]
fn a_portal_that_is_not_what_lhs_expects_is_a_clear_error() {
    let p = crate::common::Portal::dev();
    // Told it is vtenext, an lhs portal answers with no SOAP service: exit 8, said plainly.
    Shell::new(&p)
        .run_stdin(
            &[
                "login",
                "--backend",
                "vtenext",
                "--user",
                "a@b.example",
                "--password-stdin",
                "--insecure-storage",
            ],
            "whatever-pw-1\n",
        )
        .fails(8)
        .err_has("instead of SOAP");
    // Something that is neither kind of portal: exit 5, with the way to say which it is.
    let plain = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = plain.local_addr().unwrap();
    std::thread::spawn(move || {
        use std::io::{Read, Write};
        for mut s in plain.incoming().flatten().take(4) {
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let _ = s.write_all(
                b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: 45\r\nConnection: close\r\n\r\n<html><title>Nothing</title>nothing</html>\n\n\n",
            );
        }
    });
    Shell::for_host(&format!("http://{addr}"))
        .run_stdin(
            &[
                "login",
                "--user",
                "x",
                "--password-stdin",
                "--insecure-storage",
            ],
            "whatever-pw-1\n",
        )
        .fails(5)
        .err_has("neither an lhs API nor a vtenext")
        .err_has("--backend");
}

/// A SOAP fault arrives with HTTP 500, as SOAP 1.1 prescribes: lhs shows vtenext's own
/// faultstring (exit 1 for a Client fault), not "HTTP 500 instead of SOAP". The fault is
/// vtenext's: a proxy renames the list operation to one this portal does not have.
#[test]
fn vtenext_soap_faults_show_their_faultstring() {
    let Some(vte) = portal() else { return };
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/renaming_proxy.py");
    let mut proxy = std::process::Command::new("python3")
        .arg(&script)
        .args([&vte.url, "get_tickets_list", "get_tickets_list_v9"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut port = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(proxy.stdout.take().unwrap()),
        &mut port,
    )
    .unwrap();
    let url = format!("http://127.0.0.1:{}", port.trim());
    let (sh, _) = contact_shell_at(&vte, "Fault Srl", &url);
    let out = sh.run(&["tickets", "list"]);
    let _ = proxy.kill();
    let _ = proxy.wait();
    out.fails(1)
        .err_has("vtenext refused `get_tickets_list`:")
        .err_has("get_tickets_list_v9");
    assert!(!out.stderr.contains("instead of SOAP"), "{}", out.stderr);
}
