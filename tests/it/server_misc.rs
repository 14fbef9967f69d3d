//! Start-up and operations: health, OpenAPI, errors, bootstrap, graceful shutdown, logs
//! without secrets, the outbox and delivery of every notification over real SMTP.

use std::process::Command;

use serde_json::json;

use crate::common::{PW, Portal, SmtpSink, eventually, lhs_bin};

#[test]
fn health_openapi_and_json_errors() {
    let p = Portal::dev();
    let api = p.api();
    let h = api.call("GET", "/healthz", None, None).ok();
    assert_eq!(h["status"], "ok");
    let doc = api.call("GET", "/api/v1/openapi.json", None, None).ok();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/tickets",
        "/api/v1/tickets/{number}/reply",
        "/api/v1/users/{account}",
        "/api/v1/auth/login",
        "/api/v1/outbox",
        "/api/v1/customers/{code}/package/grants",
    ] {
        assert!(doc["paths"].get(path).is_some(), "OpenAPI lacks {path}");
    }
    assert!(doc["components"]["schemas"].get("Ticket").is_some());
    api.call("GET", "/api/v1/nope", None, None)
        .expect(404, "not_found");
    // Malformed JSON and wrong shapes.
    let r = crate::common::Api::send(
        api.request("POST", "/auth/login", None)
            .header("content-type", "application/json")
            .body("{"),
    );
    r.expect(400, "bad_request");
    api.call("POST", "/auth/login", None, Some(json!({"account": 1})))
        .expect(422, "validation_failed");
    let e = p
        .session("staff")
        .get("/tickets/notanumber")
        .expect(422, "validation_failed");
    assert_eq!(e["details"]["field"], "number");
    // Every response carries a request id.
    let r = api.call("GET", "/healthz", None, None);
    assert!(r.headers.get("x-request-id").is_some());
}

#[test]
fn dev_mode_seeds_exactly_the_documented_data() {
    let p = Portal::dev();
    let staff = p.session("staff");
    let customers = staff.get("/customers").ok();
    assert_eq!(customers.as_array().unwrap().len(), 1);
    assert_eq!(customers[0]["code"], "C0001");
    assert_eq!(customers[0]["name"], "Demo S.r.l.");
    assert_eq!(customers[0]["admin_email"], "admin@demo.example");
    assert_eq!(customers[0]["balance_minutes"], 600);
    assert_eq!(customers[0]["users"], 1);
    let cat = p.session("rossi.mario").get("/catalog").ok();
    assert_eq!(
        cat,
        json!([
            {"name": "Fatturazione Elettronica", "areas": [{"name": "Invio SDI", "sections": ["Esiti SDI", "Scarti"]}]},
            {"name": "Software Gestionale", "areas": [
                {"name": "Contabilità", "sections": ["Prima nota", "Registri IVA"]},
                {"name": "Magazzino", "sections": ["Inventario"]}
            ]}
        ])
    );
    let u = p.session("C0001").get("/users/rossi.mario").ok();
    assert_eq!(
        (u["name"].as_str(), u["surname"].as_str()),
        (Some("Mario"), Some("Rossi"))
    );
    assert_eq!(
        u["permissions"],
        json!({
            "aggiornamenti": "read", "documenti": "detail", "news-tecniche": "detail",
            "news-commerciali": "detail", "video": "detail", "faq": "read", "corsi": "enrol",
            "acquisti": "off", "assistenza": "own"
        })
    );
}

#[test]
fn dev_mode_prints_a_banner_with_a_random_password() {
    let p = Portal::start(&["--dev"], &[]);
    p.api()
        .try_login("staff", PW)
        .expect(401, "invalid_credentials");
    let banner = crate::common::eventually(10, "banner", || {
        let out = p.stdout();
        out.contains("export LHS_HOST=").then_some(out)
    });
    assert!(
        banner.contains(&format!("export LHS_HOST={}", p.url)),
        "{banner}"
    );
    for account in ["staff", "C0001", "rossi.mario"] {
        assert!(banner.contains(account), "{banner}");
    }
    let pw = banner
        .split("password for all: ")
        .nth(1)
        .and_then(|r| r.split(')').next())
        .expect("password in the banner");
    for account in ["staff", "C0001", "rossi.mario"] {
        p.api().login(account, pw);
    }
    let out = Command::new(lhs_bin())
        .args(["serve", "--dev", "--dev-password", "short"])
        .env_clear()
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("8 characters"));
}

#[test]
fn bootstrap_creates_the_first_staff_account() {
    let p = Portal::start(
        &[
            "--bootstrap-staff",
            "desk",
            "--bootstrap-email",
            "desk@provider.example",
        ],
        &[("LHS_BOOTSTRAP_PASSWORD", "Desk2024pass")],
    );
    let s = p.api().login("desk", "Desk2024pass");
    let me = s.get("/me").ok();
    assert_eq!(me["role"], "staff");
    assert_eq!(me["staff_admin"], true);
    // No default accounts exist outside dev mode.
    p.api()
        .try_login("staff", PW)
        .expect(401, "invalid_credentials");
    s.post(
        "/customers",
        json!({"code": "C0100", "name": "Nuovo", "admin_email": "a@nuovo.example"}),
    )
    .ok();
    // Bootstrapping the same account again is refused; a weak password too.
    let (status, dir) = p.terminate();
    assert!(status.success());
    let db = crate::common::db_of(dir.path());
    let again = Command::new(lhs_bin())
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--bootstrap-staff",
            "desk",
            "--db",
        ])
        .arg(&db)
        .env_clear()
        .env("LHS_BOOTSTRAP_PASSWORD", "Desk2024pass")
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(7), "{again:?}");
    assert!(String::from_utf8_lossy(&again.stderr).contains("already taken"));
    let weak = Command::new(lhs_bin())
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--bootstrap-staff",
            "other",
            "--db",
        ])
        .arg(&db)
        .env_clear()
        .env("LHS_BOOTSTRAP_PASSWORD", "weak")
        .output()
        .unwrap();
    assert_eq!(weak.status.code(), Some(2));
    // The password can come from standard input.
    let dir2 = tempfile::tempdir().unwrap();
    let mut child = Command::new(lhs_bin())
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--bootstrap-staff",
            "piped",
            "--db",
        ])
        .arg(dir2.path().join("p.db"))
        .env_clear()
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    use std::io::{BufRead, Write};
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Piped2024pass\n")
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url: String = line[line.find("http://").unwrap()..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    crate::common::Api::new(&url).login("piped", "Piped2024pass");
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn sigterm_stops_the_server_gracefully_and_data_survives() {
    let p = Portal::dev();
    let n = p.session("rossi.mario").new_ticket("persist", "me");
    let (status, dir) = p.terminate();
    assert!(status.success(), "{status:?}");
    let p = Portal::start_in(dir, &[], &[]);
    let t = p
        .api()
        .login("rossi.mario", PW)
        .get(&format!("/tickets/{n}"))
        .ok();
    assert_eq!(t["subject"], "persist");
    // Numbers are never reused: the next one is higher.
    assert!(p.api().login("rossi.mario", PW).new_ticket("next", "x") > n);
}

#[test]
fn logs_have_request_lines_but_never_secrets() {
    let p = Portal::dev();
    let s = p.session("rossi.mario");
    let tok = s.post("/tokens", json!({"name": "ci"})).ok()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    p.api().call("GET", "/me", Some(&tok), None).ok();
    p.api().try_login("rossi.mario", "Secret-wrong-9");
    let log = p.log();
    assert!(
        log.contains("path=/api/v1/tokens") && log.contains("status=201"),
        "{log}"
    );
    assert!(log.contains("duration_ms"));
    for secret in [PW, &s.token, &tok, "Secret-wrong-9"] {
        assert!(!log.contains(secret), "secret in the log:\n{log}");
    }
}

#[test]
fn without_smtp_mail_waits_in_the_outbox_and_survives_a_restart() {
    let p = Portal::dev();
    let admin = p.session("C0001");
    admin
        .post(
            "/users",
            json!({"name": "Anna", "surname": "Bianchi", "email": "anna@demo.example", "account": "bianchi.anna"}),
        )
        .ok();
    let staff = p.session("staff");
    let out = staff.get("/outbox?status=pending").ok();
    let kinds: Vec<_> = out
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["invitation", "user_created"]);
    assert_eq!(out[0]["to"], "anna@demo.example");
    assert!(
        out[0].get("body").is_none(),
        "the outbox listing shows no body"
    );
    p.session("rossi.mario")
        .get("/outbox")
        .expect(403, "staff_only");
    staff
        .get("/outbox?status=bogus")
        .expect(422, "validation_failed");
    // Restart on the same database with SMTP: the queued mails go out.
    let (_, dir) = p.terminate();
    let smtp = SmtpSink::start();
    let url = smtp.url();
    let p = Portal::start_in(dir, &["--smtp", &url, "--mail-interval", "1s"], &[]);
    smtp.wait_for("queued summary", |m| {
        m.to == ["anna@demo.example"] && m.subject.starts_with("Nuova utenza")
    });
    let invite = smtp.wait_for("queued invitation", |m| {
        m.subject.starts_with("Scegli la password")
    });
    // The code stored apart from the body went out with the mail…
    crate::common::code_in(&invite.body, "lhs_i_");
    let staff = p.api().login("staff", PW);
    eventually(10, "outbox marked sent", || {
        let sent = staff.get("/outbox?status=sent").ok();
        (sent.as_array().unwrap().len() == 2).then_some(())
    });
}

#[test]
fn every_ticket_event_is_mailed_to_the_right_people() {
    let smtp = SmtpSink::start();
    let url = smtp.url();
    let p = Portal::dev_with(&[
        "--smtp",
        &url,
        "--mail-interval",
        "1s",
        "--mail-from",
        "Portale <portale@desk.example>",
    ]);
    let rossi = p.session("rossi.mario");
    let staff = p.session("staff");
    let n = rossi.new_ticket("Registri IVA", "non quadra");
    let to_mario = ["mario.rossi@demo.example".to_owned()];
    let m = smtp.wait_for("created", |m| {
        m.subject == format!("Ticket {n} inserito: Registri IVA")
    });
    assert_eq!(m.to, to_mario);
    assert_eq!(m.from, "portale@desk.example");
    staff.post(&format!("/tickets/{n}/take"), json!({})).ok();
    let m = smtp.wait_for("taken", |m| {
        m.subject == format!("Ticket {n} preso in carico")
    });
    assert_eq!(m.to, to_mario);
    staff
        .post(
            &format!("/tickets/{n}/reply"),
            json!({"body": "Controllare le aliquote", "minutes": 15}),
        )
        .ok();
    let m = smtp.wait_for("answered", |m| m.subject == format!("Ticket {n} risposto"));
    assert!(m.body.contains("Controllare le aliquote"));
    rossi
        .post(
            &format!("/tickets/{n}/comments"),
            json!({"body": "Fatto, grazie"}),
        )
        .ok();
    let m = smtp.wait_for("comment to the technician", |m| {
        m.subject == format!("Nuovo commento sul ticket {n}") && m.to == ["staff@desk.example"]
    });
    assert!(m.body.contains("Fatto, grazie"));
    staff
        .post(&format!("/tickets/{n}/comments"), json!({"body": "Prego"}))
        .ok();
    smtp.wait_for("comment to the customer", |m| {
        m.subject == format!("Nuovo commento sul ticket {n}") && m.to == to_mario
    });
    rossi.post(&format!("/tickets/{n}/close"), json!({})).ok();
    let closed: Vec<_> = eventually(10, "closed mails", || {
        let v: Vec<_> = smtp
            .mails()
            .into_iter()
            .filter(|m| m.subject == format!("Ticket {n} chiuso"))
            .collect();
        (v.len() == 2).then_some(v)
    });
    let mut to: Vec<_> = closed.iter().flat_map(|m| m.to.clone()).collect();
    to.sort();
    assert_eq!(to, ["mario.rossi@demo.example", "staff@desk.example"]);
    let outbox = staff.get("/outbox").ok();
    eventually(10, "all sent", || {
        let o = staff.get("/outbox?status=pending").ok();
        o.as_array().unwrap().is_empty().then_some(())
    });
    assert!(outbox.as_array().unwrap().len() >= 7);
}

#[test]
fn customers_are_managed_by_staff_admins() {
    let p = Portal::dev();
    let staff = p.session("staff");
    let c = staff
        .post(
            "/customers",
            json!({"code": "C0002", "name": "Other S.p.A.", "admin_email": "admin@other.example"}),
        )
        .ok();
    assert_eq!(c["code"], "C0002");
    assert_eq!(c["balance_minutes"], 0);
    staff
        .post(
            "/customers",
            json!({"code": "c0002", "name": "Dup", "admin_email": "x@other.example"}),
        )
        .expect(409, "customer_exists");
    staff
        .post(
            "/customers",
            json!({"code": "C-3", "name": "Bad", "admin_email": "x@other.example"}),
        )
        .expect(422, "validation_failed");
    staff
        .post(
            "/customers",
            json!({"code": "rossi.mario", "name": "Bad", "admin_email": "x@other.example"}),
        )
        .expect(422, "validation_failed");
    assert_eq!(staff.get("/customers").ok().as_array().unwrap().len(), 2);
    assert_eq!(staff.get("/customers/C0002").ok()["name"], "Other S.p.A.");
    staff.get("/customers/C9999").expect(404, "not_found");
    staff.get("/customers/C0002/package").ok();
    let admin = p.session("C0001");
    admin.get("/customers").expect(403, "staff_only");
    admin
        .post(
            "/customers",
            json!({"code": "C0003", "name": "x", "admin_email": "x@y.it"}),
        )
        .expect(403, "staff_only");
    admin.get("/package").ok();
    staff.get("/package").expect(403, "customers_only");
}

#[test]
fn unreachable_smtp_is_retried_and_the_mail_kept() {
    // Port 9 on loopback: nothing listens, connections are refused.
    let p = Portal::dev_with(&["--smtp", "smtp://127.0.0.1:9", "--mail-interval", "1s"]);
    p.session("rossi.mario").new_ticket("retry", "me");
    let staff = p.session("staff");
    let mail = eventually(15, "a failed attempt", || {
        let out = staff.get("/outbox").ok();
        let m = out[0].clone();
        (m["attempts"].as_i64().unwrap_or(0) >= 1).then_some(m)
    });
    assert_eq!(mail["status"], "pending", "{mail}");
    assert_eq!(mail["kind"], "ticket_created");
    assert!(mail["last_error"].as_str().unwrap().len() > 3, "{mail}");
}
