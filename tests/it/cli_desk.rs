//! `lhs desk`: the help desk's commands, and `lhs demo`.

use crate::cli_env::Shell;
use crate::common::{Portal, lhs_bin};

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
        .out_has("CUSTOMER")
        .out_has("C0001");
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
fn customers_and_outbox() {
    let p = Portal::dev();
    let desk = Shell::new(&p);
    desk.login("staff");
    desk.run_stdin(
        &[
            "desk",
            "customers",
            "add",
            "C0042",
            "--name",
            "Rossi Trasporti S.r.l.",
            "--admin-email",
            "it@rossi.example",
            "--admin-password-stdin",
        ],
        "Rossi2024pass\n",
    )
    .ok()
    .err_has("Customer C0042");
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
    let admin = Shell::new(&p);
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
    let out = desk.run(&["desk", "outbox", "--json"]).json();
    let m = &out[0];
    for key in ["to", "subject", "kind", "status", "created_at"] {
        assert!(m.get(key).is_some(), "outbox --json lacks {key}");
    }
    assert_eq!(m["kind"], "user_created");
    assert_eq!(m["to"], "it@rossi.example");
    desk.run(&["desk", "outbox", "--status", "sent"])
        .ok()
        .err_has("empty");
    admin.run(&["desk", "outbox"]).fails(4);
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
        "580 minutes left",
        "ticket_closed",
    ] {
        assert!(
            stdout.contains(needle),
            "demo output lacks {needle}:\n{stdout}"
        );
    }
    assert!(stderr.contains("Ticket 1001 closed"));
    assert!(
        !stdout.contains("Passw0rd"),
        "no password in the demo output"
    );
}
