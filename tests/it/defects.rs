//! The defects a newcomer and an outside review hit (issue 14), each pinned by a test that
//! failed before its fix: the real `lhs` against a real `lhs serve`.

use serde_json::json;

use crate::cli_env::Shell;
use crate::cli_interactive::{finish, spawn};
use crate::common::{Api, PW, Portal, lhs_bin};

fn user(p: &Portal) -> Shell {
    let sh = Shell::new(p);
    sh.login("rossi.mario");
    sh
}

/// An inverted date range is refused by the API as by the CLI, naming both fields.
#[test]
fn an_inverted_date_range_is_refused_by_the_api() {
    let p = Portal::dev();
    let s = p.session("rossi.mario");
    let r = s.get("/api/v1/tickets?from=2024-06-10&to=2024-06-01");
    let body = r.expect(422, "validation_failed");
    assert_eq!(body["details"]["fields"], json!(["from", "to"]));
    let msg = body["message"].as_str().unwrap();
    assert!(
        msg.contains("2024-06-10") && msg.contains("2024-06-01"),
        "{msg}"
    );
    // The same day on both ends is a range of one day, not a slip.
    s.get("/api/v1/tickets?from=2024-06-10&to=2024-06-10").ok();
    user(&p)
        .run(&[
            "tickets",
            "list",
            "--from",
            "2024-06-10",
            "--to",
            "2024-06-01",
        ])
        .fails(2);
}

/// A customer with `assistenza=all` filters by the Tecnico column within their company.
#[test]
fn customers_filter_by_technician_within_their_scope() {
    let p = Portal::dev();
    let s = p.session("rossi.mario");
    let mine = s.new_ticket("Stampa registri", "non stampa");
    let other = s.new_ticket("Prima nota", "non salva");
    let staff = p.session("staff");
    staff
        .post(&format!("/api/v1/tickets/{mine}/take"), json!({}))
        .ok();
    let page = s.get("/api/v1/tickets?technician=staff").ok();
    let numbers: Vec<i64> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["number"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, vec![mine], "not {other}");
    user(&p)
        .run(&[
            "tickets",
            "list",
            "--technician",
            "staff",
            "--json",
            "number",
        ])
        .ok()
        .out_has(&mine.to_string());
    // Filtering by customer stays the desk's.
    s.get("/api/v1/tickets?customer=C0001")
        .expect(403, "staff_only");
}

/// Bidi controls and other invisible format characters are refused with the reason in
/// subjects and file names, on the API and in the CLI alike.
#[test]
fn invisible_format_characters_are_refused() {
    let p = Portal::dev();
    let s = p.session("rossi.mario");
    let body = s
        .post(
            "/api/v1/tickets",
            json!({
                "macro_area": "Software Gestionale", "area": "Contabilità",
                "section": "Prima nota", "subject": "Fattura\u{202E}fdp.exe",
                "description": "x"
            }),
        )
        .expect(422, "validation_failed");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        "{body}"
    );
    // An attachment whose name hides its real extension.
    let n = s.new_ticket("Allegato", "vedi allegato");
    let form = reqwest::blocking::multipart::Form::new().part(
        "file",
        reqwest::blocking::multipart::Part::bytes(b"%PDF-1.4 x".to_vec())
            .file_name("invoice\u{202E}gnp.pdf")
            .mime_str("application/pdf")
            .unwrap(),
    );
    let r = Api::send(
        s.request("POST", &format!("/api/v1/tickets/{n}/attachments"))
            .multipart(form),
    );
    let body = r.expect(422, "validation_failed");
    assert!(
        body["message"].as_str().unwrap().contains("U+202E"),
        "{body}"
    );

    let sh = user(&p);
    let name = "invoice\u{202E}gnp.pdf";
    std::fs::write(sh.home.path().join(name), b"%PDF-1.4 x").unwrap();
    let mut args = Shell::new_ticket_args("Allegato", "x").to_vec();
    args.extend(["--attach", name]);
    sh.run(&args)
        .fails(6)
        .err_has("U+202E (RIGHT-TO-LEFT OVERRIDE)")
        .err_has("rename the file");
    sh.run(&Shell::new_ticket_args("Zero\u{200B}width", "x"))
        .fails(6)
        .err_has("U+200B (ZERO WIDTH SPACE)");
    // A description keeps emoji sequences, which use the zero-width joiner.
    sh.run(&Shell::new_ticket_args("Emoji", "👩\u{200D}💻 al lavoro"))
        .ok();
}

/// Closing a closed ticket is done already: said on stderr, exit 0 (scripts re-run).
#[test]
fn closing_a_closed_ticket_succeeds_saying_so() {
    let p = Portal::dev();
    let sh = user(&p);
    let n = sh.new_ticket("Da chiudere");
    sh.run(&["tickets", "close", &n])
        .ok()
        .err_has(&format!("Ticket {n} closed"));
    let again = sh.run(&["tickets", "close", &n, "--json"]);
    again.ok().err_has(&format!("Ticket {n} is already closed"));
    assert_eq!(again.json()["state"], "chiuso");
}

/// Counts in the right number, limits and states explained in words.
#[test]
fn plurals_limits_and_states_read_right() {
    let p = Portal::dev();
    let sh = user(&p);
    sh.new_ticket("Uno");
    sh.new_ticket("Due");
    sh.run(&["tickets", "list", "--limit", "1"])
        .ok()
        .err_has("Showing 1 ticket;");
    sh.run(&["tickets", "list", "--limit", "1", "--count"])
        .ok()
        .err_has("Showing 1 of 2 tickets;");
    let zero = sh.run(&["tickets", "list", "--limit", "0"]);
    zero.fails(2).err_has("--limit must be at least 1");
    assert!(!zero.stderr.contains("4294967295"), "{}", zero.stderr);
    sh.run(&["tickets", "list", "--limit", "lots"])
        .fails(2)
        .err_has("--limit takes a whole number at least 1");
    sh.run(&["tickets", "list", "--state", "bogus"])
        .fails(2)
        .err_has("or open (every state but chiuso)");
    let pdf = sh.home.path().join("a.pdf");
    std::fs::write(&pdf, b"%PDF-1.4 x").unwrap();
    let mut args = Shell::new_ticket_args("Con allegato", "x").to_vec();
    args.extend(["--attach", pdf.to_str().unwrap()]);
    sh.run(&args).ok().err_has("with 1 attachment\n");
    // One bad row of an import is "1 row", not "1 of the rows are".
    let admin = Shell::new(&p);
    admin.login("C0001");
    std::fs::write(
        admin.home.path().join("u.csv"),
        "name,surname,email,account\nAnna,Bianchi,not-an-address,bianchi.anna\n",
    )
    .unwrap();
    admin
        .run(&["users", "import", "u.csv"])
        .fails(6)
        .err_has("1 row in u.csv is invalid");
}

/// Every command that writes a file the user named refuses to overwrite without --force.
#[test]
fn users_export_keeps_an_existing_file_without_force() {
    let p = Portal::dev();
    let admin = Shell::new(&p);
    admin.login("C0001");
    let file = admin.home.path().join("users.csv");
    std::fs::write(&file, "keep me").unwrap();
    admin
        .run(&["users", "export", "-o", "users.csv"])
        .fails(7)
        .err_has("users.csv already exists")
        .err_has("--force");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
    admin
        .run(&["users", "export", "-o", "users.csv", "--force"])
        .ok()
        .err_has("1 user written");
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("rossi.mario")
    );
}

/// Hints name the command that works, with real values.
#[test]
fn hints_name_the_right_command_with_real_values() {
    let p = Portal::dev();
    let desk = Shell::new(&p);
    desk.login("staff");
    desk.run(&["package"])
        .fails(4)
        .err_has("hint: show a customer's package with `lhs desk package show C0001`");
    // A reply to a ticket nobody took names the take, with the number.
    let n = user(&p).new_ticket("Non preso");
    desk.run(&["desk", "reply", &n, "-m", "Fatto", "--minutes", "10"])
        .fails(7)
        .err_has(&format!(
            "hint: take it in charge first with `lhs desk take {n}`"
        ));
    desk.run(&["desk", "take", &n]).ok();
    // The overdraft names the customer and the minutes missing (600 left).
    desk.run(&["desk", "reply", &n, "-m", "Fatto", "--minutes", "11h"])
        .fails(7)
        .err_has("`lhs desk package grant C0001 --minutes 60`");
    // Any other refused transition names the ticket to look at.
    let closed = user(&p).new_ticket("Chiuso");
    user(&p).run(&["tickets", "close", &closed]).ok();
    user(&p)
        .run(&["tickets", "comment", &closed, "-m", "ancora"])
        .fails(7)
        .err_has(&format!("`lhs tickets view {closed}`"));
}

/// At a prompt a slip is explained and asked again; what was typed before is kept.
#[test]
fn prompts_ask_again_after_a_bad_value() {
    let p = Portal::dev();
    let desk = Shell::new(&p);
    desk.login("staff");
    let n = user(&p).new_ticket("Da rispondere");
    desk.run(&["desk", "take", &n]).ok();
    let mut s = spawn(&desk, &["desk", "reply", &n, "-m", "Fatto"]);
    s.exp_string("Minutes spent").unwrap();
    s.send_line("tanti").unwrap();
    s.exp_string("is not a number of minutes").unwrap();
    s.send_line("1h30").unwrap();
    s.exp_string("answered (90 min)").unwrap();
    finish(s);
    let t = desk.run(&["tickets", "view", &n, "--json"]).json();
    assert_eq!(t["minutes"], 90);
    // Minutes as a flag take the same forms.
    let m = user(&p).new_ticket("Altro");
    desk.run(&["desk", "take", &m]).ok();
    desk.run(&["desk", "reply", &m, "-m", "Ok", "--minutes", "45m"])
        .ok()
        .err_has("(45 min)");
}

/// `serve --dev --db FILE` keeps FILE and says so; a second `--dev` start reuses it (with this
/// run's password); a database `--dev` did not make is refused, untouched.
#[test]
fn dev_mode_keeps_and_reuses_its_own_database() {
    let p = Portal::dev();
    // The banner's lines arrive after the address the harness waits for.
    let banner = |p: &Portal| {
        crate::common::eventually(10, "the dev banner", || {
            let out = p.stdout();
            out.contains("To use the CLI").then_some(out)
        })
    };
    let first = banner(&p);
    assert!(first.contains("and is kept"), "{first}");
    assert!(!first.contains("is lost"), "{first}");
    let n = p
        .session("rossi.mario")
        .new_ticket("Resta", "dopo il riavvio");
    let (status, dir) = p.terminate();
    assert!(status.success());
    let again = Portal::start_in(dir, &["--dev", "--dev-password", "Altra2026pw"], &[]);
    let second = banner(&again);
    assert!(second.contains("Reusing the dev data"), "{second}");
    let s = again.api().login("rossi.mario", "Altra2026pw");
    s.get(&format!("/api/v1/tickets/{n}")).ok();
    again
        .api()
        .try_login("rossi.mario", PW)
        .expect(401, "invalid_credentials");
    let (_, dir) = again.terminate();

    // A portal that --dev did not make.
    let real = Portal::start(
        &["--bootstrap-staff", "desk"],
        &[("LHS_BOOTSTRAP_PASSWORD", "Desk2024pass")],
    );
    let (_, real_dir) = real.terminate();
    let db = crate::common::db_of(real_dir.path());
    let out = std::process::Command::new(lhs_bin())
        .args(["serve", "--listen", "127.0.0.1:0", "--dev", "--db", &db])
        .env_clear()
        .env("LHS_DEV_PASSWORD", PW)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--dev did not make"), "{err}");
    drop(dir);
}

/// `users import` reads what spreadsheets save: tab-separated text, UTF-16; its help says
/// an invitation is mailed.
#[test]
fn users_import_reads_tabs_and_utf16() {
    let p = Portal::dev();
    let admin = Shell::new(&p);
    admin.login("C0001");
    let text =
        "nome\tcognome\temail\taccount\r\nAnna\tBianchi\tanna@demo.example\tbianchi.anna\r\n";
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(admin.home.path().join("unicode.txt"), utf16).unwrap();
    admin
        .run(&["users", "import", "unicode.txt", "--json"])
        .ok()
        .err_has("is UTF-16LE: read as such");
    admin
        .run(&["users", "show", "bianchi.anna", "--json"])
        .ok()
        .out_has("anna@demo.example");
    let help = admin.run(&["users", "import", "--help"]);
    help.ok().out_has("invitation code");
    assert!(!help.stdout.contains("temporary password is mailed"));
}

/// Bash completes values, not file names: `tickets new --priority` offers the priorities;
/// free text offers nothing (the unit test `every_value_taking_flag_says_how_it_completes`
/// checks every flag of the tree).
#[test]
fn bash_completes_values_not_file_names() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("report.pdf"), b"%PDF").unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/completions/lhs.bash");
    let complete = |words: &str| {
        let out = std::process::Command::new("bash")
            .current_dir(dir.path())
            .arg("-c")
            .arg(format!(
                "source {script} 2>/dev/null; COMP_WORDS=({words} ''); COMP_CWORD=${{#COMP_WORDS[@]}}; COMP_CWORD=$((COMP_CWORD-1)); _lhs lhs '' \"${{COMP_WORDS[COMP_CWORD-1]}}\" 2>/dev/null; echo \"${{COMPREPLY[*]}}\""
            ))
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    };
    assert_eq!(
        complete("lhs tickets new --priority"),
        "normale bloccante priority Low Normal High Urgent"
    );
    assert_eq!(
        complete("lhs tickets edit 1 --priority"),
        "normale bloccante priority"
    );
    assert_eq!(complete("lhs tickets new --subject"), "");
    assert_eq!(complete("lhs desk reply 1 --minutes"), "");
    // Files still complete where a file is wanted.
    assert_eq!(complete("lhs tickets new --attach"), "report.pdf");
}

/// Help reads well at 80 columns on a real terminal: prose wrapped once, examples whole;
/// no styling in a pipe; the commands in groups.
#[test]
fn help_is_wrapped_once_grouped_and_plain_in_pipes() {
    let p = Portal::dev();
    let mut sh = Shell::new(&p);
    // A pseudo-terminal has no size of its own: clap then reads COLUMNS.
    sh.set_env("COLUMNS", "80");
    let mut s = spawn(&sh, &["desk", "publish", "--help"]);
    let text = crate::cli_interactive::finish_output(&mut s);
    let _ = s.process.wait();
    let widest = text.lines().map(|l| l.trim_end().chars().count()).max();
    let long: Vec<&str> = text
        .lines()
        .filter(|l| l.trim_end().chars().count() > 80)
        .collect();
    assert!(
        widest <= Some(80) && widest > Some(70),
        "widest {widest:?}: {long:?}"
    );
    for whole in [
        "lhs desk publish video --title \"Prima nota\" --body \"In 5 minuti\" \\",
        "--body \"Sabato dalle 8 alle 12\" --macro-area \"Software Gestionale\"",
    ] {
        assert!(text.contains(whole), "{whole:?} is broken in:\n{text}");
    }
    // Prose is one paragraph wrapped by clap, not a pre-wrapped one wrapped again.
    assert!(
        text.contains(
            "listed (--audience C0001,C0002), or for those whose contract includes a catalog\r\n"
        ),
        "{text}"
    );

    let plain = std::process::Command::new(lhs_bin())
        .args(["help", "tickets"])
        .env_clear()
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&plain.stdout);
    assert!(out.contains("Usage: lhs tickets"), "{out}");
    assert!(!out.contains('\u{1b}'), "styled in a pipe: {out:?}");

    let root = sh.run(&["--help"]);
    root.ok();
    let groups: Vec<&str> = root
        .stdout
        .lines()
        .filter(|l| l.ends_with(':') && !l.starts_with(' '))
        .collect();
    assert_eq!(
        groups,
        [
            "Tickets and everyday commands:",
            "The portal's areas:",
            "A vtenext portal's other modules:",
            "The help desk:",
            "Server, setup and scripting:",
            "Options:",
            "Getting started:"
        ]
    );
}

/// The same section rule on a terminal and off one: a section that names one place is
/// enough; one in several places lists them.
#[test]
fn an_unambiguous_section_is_enough_everywhere() {
    let p = Portal::dev();
    let staff = p.session("staff");
    staff
        .post(
            "/api/v1/catalog/sections",
            json!({"macro_area": "Software Gestionale", "area": "Magazzino", "section": "Scarti"}),
        )
        .ok();
    let mut sections: Vec<serde_json::Value> = lhs::server::seed::DEV_CATALOG
        .iter()
        .map(|(m, a, s)| json!({"macro_area": m, "area": a, "section": s}))
        .collect();
    sections.push(
        json!({"macro_area": "Software Gestionale", "area": "Magazzino", "section": "Scarti"}),
    );
    staff
        .put(
            "/api/v1/customers/C0001/contract",
            json!({ "sections": sections }),
        )
        .ok();
    let sh = user(&p);
    let new = |extra: &[&str]| {
        let mut args = vec![
            "tickets",
            "new",
            "--subject",
            "Sezione",
            "--description",
            "x",
        ];
        args.extend_from_slice(extra);
        sh.run(&args)
    };
    let n = new(&["--section", "prima nota"]);
    n.ok();
    let t = sh
        .run(&["tickets", "view", n.stdout.trim(), "--json"])
        .json();
    assert_eq!(t["area"], "Contabilità", "{t}");
    new(&["--section", "Scarti"])
        .fails(2)
        .err_has("--section `Scarti` is in 2 places: Fatturazione Elettronica › Invio SDI › Scarti; Software Gestionale › Magazzino › Scarti; add --macro-area and --area to choose");
    new(&["--section", "Scarti", "--area", "Magazzino"]).ok();
    new(&["--section", "Nessuna"])
        .fails(6)
        .err_has("unknown section `Nessuna`");
    // Nothing about the place: every missing flag at once.
    sh.run(&["tickets", "new", "--subject", "x"])
        .fails(2)
        .err_has("missing --macro-area, --area, --section and --description or --description-file");
}

/// At 80 columns a table keeps what explains each row: the import's DETAIL wraps instead
/// of being cut; `desk published` shows the status in a column of its own, whole, and an
/// empty SUMMARY takes no room.
#[test]
fn narrow_tables_keep_what_explains_a_row() {
    let p = Portal::dev();
    let mut admin = Shell::new(&p);
    admin.set_env("COLUMNS", "80");
    admin.login("C0001");
    std::fs::write(
        admin.home.path().join("u.csv"),
        "name,surname,email,account,assistenza\nAnna,Bianchi,anna@demo.example,bianchi.anna,sempre\n",
    )
    .unwrap();
    let mut s = spawn(&admin, &["users", "import", "u.csv", "--dry-run"]);
    let text = crate::cli_interactive::finish_output(&mut s);
    let _ = s.process.wait();
    assert!(!text.contains('…'), "{text}");
    let joined: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(joined.contains("sempre"), "{text}");
    assert!(
        joined.contains("valid levels: off|read|own|all"),
        "the reason is cut: {text}"
    );

    let mut desk = Shell::new(&p);
    desk.set_env("COLUMNS", "80");
    desk.login("staff");
    let id = desk
        .run(&[
            "desk",
            "publish",
            "docs",
            "--title",
            "Una guida con un titolo piuttosto lungo da tagliare sui terminali stretti",
            "--body",
            "x",
        ])
        .ok()
        .stdout
        .trim()
        .to_owned();
    desk.run(&["desk", "unpublish", "docs", &id]).ok();
    let mut s = spawn(&desk, &["desk", "published", "docs"]);
    let text = crate::cli_interactive::finish_output(&mut s);
    let _ = s.process.wait();
    assert!(text.contains("STATUS"), "{text}");
    assert!(text.contains("  unpublished  "), "{text}");
    for l in text.lines() {
        assert!(l.trim_end().chars().count() <= 80, "{l}");
    }
}

/// The same key with a different subject is refused naming the ticket it opened.
#[test]
fn a_reused_idempotency_key_names_its_ticket() {
    let p = Portal::dev();
    let sh = user(&p);
    let mut args = Shell::new_ticket_args("Primo", "x").to_vec();
    args.extend(["--idempotency-key", "build-9"]);
    let n = sh.run(&args).ok().stdout.trim().to_owned();
    let again = sh.run(&args);
    again.ok().err_has(&format!("already opened as {n}"));
    assert_eq!(again.stdout.trim(), n);
    let mut other = Shell::new_ticket_args("Secondo", "x").to_vec();
    other.extend(["--idempotency-key", "build-9"]);
    sh.run(&other)
        .fails(6)
        .err_has(&format!("for ticket {n}"))
        .err_has(&format!("`lhs tickets view {n}`"));
}

/// A server restart during `tickets wait` does not end it: it says so, keeps trying within
/// its own deadline, and finishes when the ticket gets there.
#[test]
fn tickets_wait_rides_out_a_server_restart() {
    let p = Portal::dev();
    let sh = user(&p);
    let n = sh.new_ticket("Attesa");
    let port = p.url.rsplit(':').next().unwrap().to_owned();
    let mut wait = sh.command();
    wait.args([
        "tickets",
        "wait",
        &n,
        "--state",
        "in-carico",
        "--timeout",
        "90s",
        "--interval",
        "200ms",
    ])
    .stdout(std::process::Stdio::piped())
    .stderr(std::process::Stdio::piped());
    let waiting = wait.spawn().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(800));
    let (_, dir) = p.terminate();
    // Longer than one request's own retries (a few seconds): the wait itself must ride it out.
    std::thread::sleep(std::time::Duration::from_secs(6));
    let db = crate::common::db_of(dir.path());
    let mut again = std::process::Command::new(lhs_bin())
        .args([
            "serve",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--db",
            &db,
        ])
        .env_clear()
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let api = Api::new(&format!("http://127.0.0.1:{port}"));
    crate::common::eventually(30, "the restarted portal", || {
        reqwest::blocking::get(format!("http://127.0.0.1:{port}/healthz"))
            .ok()
            .filter(|r| r.status().is_success())
    });
    let staff = api.try_login("staff", PW).ok()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = api.call(
        "POST",
        &format!("/api/v1/tickets/{n}/take"),
        Some(&staff),
        Some(json!({})),
    );
    r.ok();
    let out = waiting.wait_with_output().unwrap();
    let _ = again.kill();
    let _ = again.wait();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("trying again until"), "{err}");
    assert!(err.contains("the portal answers again"), "{err}");
    assert!(err.contains(&format!("Ticket {n} is In carico")), "{err}");
    drop(dir);
}

/// On a terminal `tickets wait` shows what it is waiting for and when it last checked; in a
/// pipe nothing but the outcome.
#[test]
fn tickets_wait_shows_a_status_line_on_a_terminal() {
    let p = Portal::dev();
    let sh = user(&p);
    let n = sh.new_ticket("Attesa");
    let mut s = spawn(
        &sh,
        &[
            "tickets",
            "wait",
            &n,
            "--state",
            "risposto",
            "--timeout",
            "3s",
            "--interval",
            "300ms",
        ],
    );
    s.exp_string(&format!(
        "Ticket {n} is Inserito; waiting for Risposto (checked"
    ))
    .unwrap();
    s.exp_string("gives up at").unwrap();
    s.exp_string("timed out after 3s").unwrap();
    let piped = sh.run(&[
        "tickets",
        "wait",
        &n,
        "--state",
        "risposto",
        "--timeout",
        "1s",
        "--interval",
        "300ms",
    ]);
    piped.fails(1);
    assert!(!piped.stderr.contains("checked"), "{}", piped.stderr);
}

/// Without a Secret Service: one clear reason, a hint that keeps every flag in use, a
/// profile that chose the file keeps it, and a terminal is offered the file.
#[test]
fn login_without_a_keyring_explains_and_remembers_the_choice() {
    let p = Portal::dev();
    let sh = Shell::new(&p);
    let out = sh.run_stdin(
        &[
            "login",
            "--host",
            &p.url,
            "--user",
            "rossi.mario",
            "--profile",
            "work",
            "--password-stdin",
        ],
        &format!("{PW}\n"),
    );
    out.fails(1).err_has(&format!(
        "`lhs login --host {} --user rossi.mario --profile work --insecure-storage`",
        p.url
    ));
    let first = out
        .stderr
        .lines()
        .find(|l| l.starts_with("error:"))
        .unwrap();
    assert!(
        first.ends_with("so no keyring can be reached") && !first.contains("DBus"),
        "{first}"
    );
    // The file, once chosen, is kept by the next login of the profile.
    sh.run_stdin(
        &[
            "login",
            "--user",
            "rossi.mario",
            "--profile",
            "work",
            "--password-stdin",
            "--insecure-storage",
        ],
        &format!("{PW}\n"),
    )
    .ok();
    sh.run_stdin(
        &[
            "login",
            "--user",
            "rossi.mario",
            "--profile",
            "work",
            "--password-stdin",
        ],
        &format!("{PW}\n"),
    )
    .ok()
    .err_has("0600");
    // On a terminal the file is offered after a confirmation.
    let mut s = spawn(
        &sh,
        &["login", "--user", "rossi.mario", "--profile", "home"],
    );
    s.exp_string("Keep the session token in").unwrap();
    s.send_line("y").unwrap();
    s.exp_string("Password").unwrap();
    s.send_line(PW).unwrap();
    s.exp_string("Logged in").unwrap();
    finish(s);
    assert_eq!(
        sh.run(&["whoami", "--profile", "home", "--json"]).json()["token_source"],
        "file"
    );
}

/// Free text finds Italian word forms and partial words, on tickets and on the areas'
/// contents, the same on SQLite and PostgreSQL (the suite runs on both).
#[test]
fn free_text_finds_italian_forms_and_partial_words() {
    let p = Portal::dev();
    let s = p.session("rossi.mario");
    let scartate = s.new_ticket("Fatture scartate dal SDI", "tre fatture di novembre");
    let stampa = s.new_ticket("Stampa del registro", "il registro IVA non esce");
    let numbers = |q: &str| -> Vec<i64> {
        s.get(&format!("/api/v1/tickets?q={}", q.replace(' ', "%20")))
            .ok()["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["number"].as_i64().unwrap())
            .collect()
    };
    for q in [
        "fattura",
        "fatture",
        "fattur",
        "scarto",
        "scart",
        "scartata",
        "sdi novembre",
        "fatt*",
    ] {
        assert_eq!(numbers(q), [scartate], "{q}");
    }
    assert_eq!(numbers("registri"), [stampa], "registri finds registro");
    assert_eq!(numbers("reg"), [stampa]);
    assert!(numbers("fatto").is_empty(), "a stem is not a prefix");
    assert!(
        numbers("re").is_empty(),
        "two letters match whole words only"
    );
    assert!(
        numbers("fattura registro").is_empty(),
        "every word must match"
    );
    // A comment is found in its forms too, and an edited subject by its new words.
    s.post(
        &format!("/api/v1/tickets/{stampa}/comments"),
        json!({"body": "Allego le stampanti configurate"}),
    )
    .ok();
    assert_eq!(numbers("stampante"), [stampa]);
    s.patch(
        &format!("/api/v1/tickets/{scartate}"),
        json!({"subject": "Esiti negativi"}),
    )
    .ok();
    assert_eq!(numbers("esito"), [scartate]);
    assert_eq!(
        numbers("novembre"),
        [scartate],
        "the description still counts"
    );
    assert!(numbers("scartate").is_empty(), "the old subject is gone");

    // The areas' contents: the same rule.
    let staff = p.session("staff");
    staff
        .post(
            "/api/v1/contents/faq",
            json!({"title": "Come correggere le fatture scartate", "body": "Usare la funzione di reinvio.", "audience": {"kind": "all"}}),
        )
        .expect(201, "");
    let titles = |q: &str| -> Vec<String> {
        s.get(&format!("/api/v1/contents/faq?q={q}")).ok()["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["title"].as_str().unwrap().to_owned())
            .collect()
    };
    for q in ["fattura", "scarto", "reinviare", "corregg"] {
        assert_eq!(titles(q), ["Come correggere le fatture scartate"], "{q}");
    }
    // The CLI's --search is the same search.
    user(&p)
        .run(&["tickets", "list", "--search", "esiti", "--json", "number"])
        .ok()
        .out_has(&scartate.to_string());
}
