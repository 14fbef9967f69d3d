//! `lhs desk`: the help desk's commands, and `lhs demo`.

use crate::cli_env::Shell;
use crate::common::{PW, Portal, SmtpSink, eventually, lhs_bin};

#[test]
fn queue_take_reply_close_and_the_package() {
    let p = Portal::dev();
    let user = Shell::new(&p);
    user.login("rossi.mario");
    let desk = Shell::new(&p);
    desk.login("staff");
    let a = user.new_ticket("primo");
    let b = user.new_ticket("secondo");
    let q = desk.run(&["desk", "queue", "--json"]).json();
    assert_eq!(q.as_array().unwrap().len(), 2);
    assert_eq!(q[0]["customer_code"], "C0001");
    desk.run(&["desk", "queue"])
        .ok()
        .out_has(&format!("{b}\tC0001\t"));
    desk.run(&["desk", "take", &a])
        .ok()
        .err_has("taken in charge");
    desk.run(&["desk", "take", &a])
        .fails(7)
        .err_has("already in charge");
    desk.run(&["desk", "reply", &a, "--minutes", "700", "-m", "lungo"])
        .fails(7)
        .err_has("600")
        .err_has("--allow-overdraft");
    desk.run(&[
        "desk",
        "reply",
        &a,
        "--minutes",
        "700",
        "-m",
        "lungo",
        "--allow-overdraft",
    ])
    .ok();
    let pkg = user.run(&["package", "--json"]).json();
    assert_eq!(
        (pkg["balance_minutes"].as_i64(), pkg["overdrawn"].as_bool()),
        (Some(-100), Some(true))
    );
    desk.run(&[
        "desk",
        "package",
        "grant",
        "C0001",
        "--minutes",
        "300",
        "--note",
        "rinnovo",
    ])
    .ok()
    .err_has("balance 200");
    desk.run(&["desk", "package", "show", "C0001", "--json"])
        .ok();
    desk.run(&["desk", "package", "grant", "C0001", "--minutes", "0"])
        .fails(2);
    assert_eq!(
        desk.run(&["desk", "queue", "--mine", "--json"])
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        desk.run(&["desk", "queue", "--state", "inserito", "--json"])
            .json()[0]["number"]
            .to_string(),
        b
    );
    desk.run(&["desk", "close", &b]).ok();
    assert_eq!(
        desk.run(&["desk", "queue", "--json"])
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    user.run(&["desk", "take", &a]).fails(4);
    user.run(&["desk", "queue", "--customer", "C0001"]).fails(4);
}

#[test]
fn customers_outbox_and_retrying_failed_mail() {
    let smtp = SmtpSink::start();
    let p = Portal::dev_with(&["--smtp", &smtp.url(), "--mail-interval", "1s"]);
    let desk = Shell::new(&p);
    desk.login("staff");
    // The Administrator's mailbox refuses the first delivery (a permanent SMTP error).
    desk.run(&[
        "desk",
        "customers",
        "add",
        "C0042",
        "--name",
        "Rossi Trasporti S.r.l.",
        "--admin-email",
        "bounce2@rossi.example",
    ])
    .ok()
    .err_has("Customer C0042")
    .err_has("invitation code");
    desk.run(&[
        "desk",
        "customers",
        "add",
        "C0042",
        "--name",
        "x",
        "--admin-email",
        "a@b.it",
    ])
    .fails(7);
    desk.run(&[
        "desk",
        "customers",
        "add",
        "C-42",
        "--name",
        "x",
        "--admin-email",
        "a@b.it",
    ])
    .fails(2);
    let list = desk.run(&["desk", "customers", "list", "--json"]).json();
    assert_eq!(list.as_array().unwrap().len(), 2);
    desk.run(&["desk", "customers", "list"])
        .ok()
        .out_has("Rossi Trasporti");
    let failed = eventually(20, "the bounced mails marked failed", || {
        let v = desk
            .run(&["desk", "outbox", "--status", "failed", "--json"])
            .json();
        (v.as_array().unwrap().len() == 2).then_some(v)
    });
    let m = &failed[0];
    for key in [
        "id",
        "to",
        "subject",
        "kind",
        "status",
        "created_at",
        "last_error",
    ] {
        assert!(m.get(key).is_some(), "outbox --json lacks {key}");
    }
    assert_eq!(m["to"], "bounce2@rossi.example");
    assert!(m["last_error"].as_str().unwrap().contains("550"), "{m}");
    // Retrying: unknown ids change nothing; by id; then every failed one.
    desk.run(&["desk", "outbox", "retry", "999999"])
        .fails(5)
        .err_has("999999");
    desk.run(&["desk", "outbox", "retry"]).fails(2);
    let invite_id = failed
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["kind"] == "invitation")
        .unwrap()["id"]
        .to_string();
    desk.run(&["desk", "outbox", "retry", &invite_id])
        .ok()
        .err_has("1 mail queued again");
    let code = smtp.invitation_code("C0042");
    desk.run(&["desk", "outbox", "retry", "--failed"])
        .ok()
        .err_has("1 mail queued again");
    eventually(20, "every mail sent", || {
        let v = desk
            .run(&["desk", "outbox", "--status", "failed", "--json"])
            .json();
        v.as_array().unwrap().is_empty().then_some(())
    });
    // A sent mail is not sent twice.
    desk.run(&["desk", "outbox", "retry", &invite_id])
        .fails(7)
        .err_has("already sent");
    let admin = Shell::new(&p);
    admin
        .run_stdin(
            &["password", "reset", "--token", "-", "--password-stdin"],
            &format!("{code}\nRossi2024pass\n"),
        )
        .ok();
    admin
        .run_stdin(
            &[
                "login",
                "--user",
                "C0042",
                "--password-stdin",
                "--insecure-storage",
            ],
            "Rossi2024pass\n",
        )
        .ok();
    eventually(20, "the outbox drained", || {
        let o = desk.run(&["desk", "outbox", "--status", "pending"]);
        o.stderr.contains("empty").then_some(())
    });
    admin.run(&["desk", "outbox"]).fails(4);
    admin.run(&["desk", "outbox", "retry", "--failed"]).fails(4);
}

#[test]
fn the_demo_walks_through_the_main_flows() {
    let home = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(lhs_bin())
        .arg("demo")
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    for needle in [
        "| lhs --profile admin users add",
        "--perm assistenza=all",
        "$ lhs --profile anna tickets new",
        "--attach",
        "$ lhs --profile desk desk reply",
        "$ lhs --profile anna tickets close",
        "$ lhs --profile anna docs view 1",
        "Chiusura IVA annuale",
        "gestionale-2026.1.zip",
        "$ lhs --profile anna store buy SMART-600 --yes",
        "$ lhs --profile desk desk orders confirm 1",
        "Store: Pacchetto SMART 10 ore (order 1)",
        "ticket_closed",
        "Ordine 1 confermato",
    ] {
        assert!(
            stdout.contains(needle),
            "demo output lacks {needle}:\n{stdout}"
        );
    }
    assert!(stderr.contains("Ticket 1001 closed"));
    // In a pipe the package's sentence is for people: on stderr.
    assert!(stderr.contains("1180 minutes left"), "{stderr}");
    assert!(
        !stdout.contains("Passw0rd"),
        "no password in the demo output"
    );
}

/// On a terminal the tour shows what a person would see running those commands there:
/// tables with a header, fitted to the width, not tab-separated records.
#[test]
fn the_demo_on_a_terminal_draws_tables() {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = std::process::Command::new(lhs_bin());
    cmd.arg("demo")
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("TERM", "xterm-256color")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "80");
    let mut s = rexpect::session::spawn_command(cmd, Some(120_000)).unwrap();
    let text = crate::cli_interactive::finish_output(&mut s);
    for header in ["ACCOUNT", "ID  PUBLISHED", "DATE"] {
        assert!(text.contains(header), "no table header {header:?}:\n{text}");
    }
    assert!(!text.contains('\t'), "records instead of tables:\n{text}");
    // The tables fit the terminal (messages and command lines are as long as they are).
    for l in text
        .lines()
        .filter(|l| l.contains("ID  PUBLISHED") || l.contains("  ACCOUNT  "))
    {
        assert!(
            l.trim_end().chars().count() <= 80,
            "wider than the terminal: {l}"
        );
    }
}

/// `lhs desk staff`: a staff administrator invites technicians by mail, makes them
/// administrators, disables them (their tokens stop at once) and enables them; nobody
/// changes their own flags, and only administrators change anyone's.
#[test]
fn technicians_are_invited_made_administrators_disabled_and_enabled() {
    let smtp = SmtpSink::start();
    let p = Portal::dev_with(&["--smtp", &smtp.url(), "--mail-interval", "1s"]);
    let desk = Shell::new(&p);
    desk.login("staff");
    let add = |sh: &Shell, account: &str| {
        sh.run(&[
            "desk",
            "staff",
            "add",
            account,
            "--name",
            "Luca",
            "--surname",
            "Bianchi",
            "--email",
            &format!("{account}@desk.example"),
        ])
    };
    add(&desk, "bianchi.luca")
        .ok()
        .err_has("Technician bianchi.luca added")
        .err_has("invitation code e-mailed to bianchi.luca@desk.example");
    add(&desk, "bianchi.luca").fails(7).err_has("already taken");
    add(&desk, "rossi.mario").fails(7);
    add(&desk, "x y").fails(2).err_has("ACCOUNT");
    let code = smtp.invitation_code("bianchi.luca");
    p.api().accept_code(&code, PW);
    let luca = Shell::new(&p);
    luca.login("bianchi.luca");
    luca.run(&["desk", "queue"]).ok();
    let list = desk.run(&["desk", "staff", "list", "--json"]).json();
    let row = |account: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|m| m["account"] == account)
            .unwrap()
            .clone()
    };
    assert_eq!(row("bianchi.luca")["staff_admin"], false);
    assert_eq!(row("bianchi.luca")["invitation_pending"], false);
    assert_eq!(row("staff")["staff_admin"], true);
    desk.run(&["desk", "staff", "list"])
        .ok()
        .out_has("bianchi.luca\tLuca\tBianchi\tbianchi.luca@desk.example\tno\tyes\tchosen");
    // A technician is not an administrator until one says so.
    add(&luca, "verdi.anna")
        .fails(4)
        .err_has("only staff administrators");
    desk.run(&["desk", "staff", "admin", "bianchi.luca", "on"])
        .ok()
        .err_has("bianchi.luca is a staff administrator");
    add(&luca, "verdi.anna").ok();
    // Nobody drops their own flag or disables themself: the desk keeps an administrator.
    luca.run(&["desk", "staff", "admin", "bianchi.luca", "off"])
        .fails(7)
        .err_has("your own");
    luca.run(&["desk", "staff", "disable", "bianchi.luca"])
        .fails(7);
    // Disabled: the token stops at once; enabled: a new login works.
    desk.run(&["desk", "staff", "disable", "bianchi.luca"])
        .ok()
        .err_has("no longer work");
    luca.run(&["desk", "queue"]).fails(3);
    desk.run(&["desk", "staff", "enable", "bianchi.luca"]).ok();
    luca.login("bianchi.luca");
    luca.run(&["desk", "queue"]).ok();
    desk.run(&["desk", "staff", "disable", "nobody"]).fails(5);
    // Customers: no such thing.
    let user = Shell::new(&p);
    user.login("rossi.mario");
    user.run(&["desk", "staff", "list"]).fails(4);
}
