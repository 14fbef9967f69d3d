//! The new-ticket form's extras — a notification address per ticket, the help desk's notices
//! on catalog nodes — and every mail in the recipient's language.

use serde_json::json;

use crate::cli_env::Shell;
use crate::common::{Portal, SmtpSink, code_in};

#[test]
fn notify_address_receives_the_tickets_mails() {
    let smtp = SmtpSink::start();
    let p = Portal::dev_with(&["--smtp", &smtp.url()]);
    let user = Shell::new(&p);
    user.login("rossi.mario");
    let with_notify = |subject: &str, address: &str| {
        let mut a = Shell::new_ticket_args(subject, "x").to_vec();
        a.extend(["--notify", address]);
        user.run(&a)
    };
    let n = with_notify("Causale mancante", "responsabile@demo.example")
        .ok()
        .stdout
        .trim()
        .to_owned();
    for to in ["mario.rossi@demo.example", "responsabile@demo.example"] {
        smtp.wait_for("the creation mail", |m| {
            m.to == [to] && m.subject.starts_with(&format!("Ticket {n} inserito"))
        });
    }
    let desk = Shell::new(&p);
    desk.login("staff");
    desk.run(&["desk", "take", &n]).ok();
    desk.run(&["desk", "reply", &n, "--minutes", "10", "-m", "Fatto"])
        .ok();
    smtp.wait_for("the answer to the notify address", |m| {
        m.to == ["responsabile@demo.example"] && m.subject == format!("Ticket {n} risposto")
    });
    with_notify("x", "non-un-indirizzo")
        .fails(2)
        .err_has("--notify");
}

#[test]
fn catalog_notices_are_set_by_the_desk_and_shown_to_customers() {
    let p = Portal::dev();
    let desk = Shell::new(&p);
    desk.login("staff");
    desk.run(&[
        "desk",
        "notice",
        "--macro-area",
        "software gestionale",
        "--text",
        "Le richieste sulla fattura elettronica vanno in Fatturazione Elettronica",
    ])
    .ok();
    desk.run(&[
        "desk",
        "notice",
        "--macro-area",
        "Software Gestionale",
        "--area",
        "Contabilità",
        "--section",
        "Registri IVA",
        "--text",
        "Indicate il periodo IVA",
    ])
    .ok();
    desk.run(&["desk", "notice", "--macro-area", "Nessuna", "--text", "x"])
        .fails(5)
        .err_has("Nessuna");
    let user = Shell::new(&p);
    user.login("rossi.mario");
    let tree = user.run(&["catalog", "--json"]).json();
    let sg = tree
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "Software Gestionale")
        .unwrap();
    assert_eq!(
        sg["notice"],
        "Le richieste sulla fattura elettronica vanno in Fatturazione Elettronica"
    );
    assert_eq!(
        sg["areas"][0]["section_notices"]["Registri IVA"],
        "Indicate il periodo IVA"
    );
    user.run(&["catalog"])
        .ok()
        .out_has("! Le richieste sulla fattura elettronica")
        .out_has("! Indicate il periodo IVA");
    // Customers do not set notices.
    p.session("C0001")
        .put(
            "/catalog/notices",
            json!({"macro_area": "Software Gestionale", "notice": "x"}),
        )
        .expect(403, "staff_only");
    desk.run(&[
        "desk",
        "notice",
        "--macro-area",
        "Software Gestionale",
        "--area",
        "Contabilità",
        "--section",
        "Registri IVA",
        "--clear",
    ])
    .ok();
    let tree = user.run(&["catalog", "--json"]).json();
    assert!(tree.to_string().find("Indicate il periodo").is_none());
}

#[test]
fn mails_follow_the_recipients_language() {
    let smtp = SmtpSink::start();
    let p = Portal::dev_with(&["--smtp", &smtp.url()]);
    let admin = Shell::new(&p);
    admin.login("C0001");
    admin
        .run(&[
            "users",
            "add",
            "--name",
            "Anna",
            "--surname",
            "Smith",
            "--email",
            "anna@demo.example",
            "--account",
            "smith.anna",
            "--lang",
            "en",
        ])
        .ok();
    let invite = smtp.wait_for("the English invitation", |m| {
        m.to == ["anna@demo.example"] && m.body.contains("lhs_i_")
    });
    assert!(
        invite
            .subject
            .starts_with("Choose your customer portal password")
    );
    assert!(invite.body.contains("Invitation code"));
    p.api()
        .accept_code(&code_in(&invite.body, "lhs_i_"), crate::common::PW);
    let anna = p.session("smith.anna");
    assert_eq!(anna.get("/me").ok()["account"], "smith.anna");
    let n = anna.new_ticket("Printer", "It does not print");
    smtp.wait_for("the English ticket mail", |m| {
        m.to == ["anna@demo.example"] && m.subject == format!("Ticket {n} opened: Printer")
    });
    // Italian by default, and switchable.
    admin
        .run(&["users", "edit", "smith.anna", "--lang", "it"])
        .ok();
    admin.run(&["users", "reset-password", "smith.anna"]).ok();
    smtp.wait_for("the Italian reset", |m| {
        m.to == ["anna@demo.example"] && m.subject == "Reimpostazione della password"
    });
    admin
        .run(&["users", "edit", "smith.anna", "--lang", "fr"])
        .fails(2)
        .err_has("use it or en");
    // The CSV column `lingua` (or `language`), exported and imported back.
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("utenti.csv");
    std::fs::write(
        &csv,
        "nome;cognome;email;account;lingua\nJohn;Brown;john@demo.example;brown.john;en\nLuca;Verdi;luca@demo.example;verdi.luca;\nX;Y;x@demo.example;x.y;de\n",
    )
    .unwrap();
    admin
        .run(&["users", "import", csv.to_str().unwrap()])
        .fails(6)
        .out_has("language");
    std::fs::write(
        &csv,
        "nome;cognome;email;account;lingua\nJohn;Brown;john@demo.example;brown.john;en\nLuca;Verdi;luca@demo.example;verdi.luca;\n",
    )
    .unwrap();
    admin.run(&["users", "import", csv.to_str().unwrap()]).ok();
    let users = admin.run(&["users", "list", "--json"]).json();
    let lang = |acct: &str| {
        users
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["account"] == acct)
            .unwrap()["language"]
            .clone()
    };
    assert_eq!(lang("brown.john"), "en");
    assert_eq!(lang("verdi.luca"), "it");
    smtp.wait_for("John's English invitation", |m| {
        m.to == ["john@demo.example"] && m.subject.starts_with("Choose your")
    });
    let exported = admin.run(&["users", "export"]).ok().stdout.clone();
    assert!(exported.contains("brown.john,true,en,"), "{exported}");
}
