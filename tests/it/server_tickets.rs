//! Tickets: tenancy and scope, the state machine, the SMART package, search and pagination,
//! attachments, idempotency, auto-close.

use std::time::Duration;

use reqwest::blocking::multipart::{Form, Part};
use serde_json::{Value, json};

use crate::common::{Api, Portal, Session, SmtpSink, eventually};

/// Adds an operative user to C0001 with `assistenza` at `level`.
fn add_user(p: &Portal, account: &str, level: &str) -> Session {
    p.session("C0001")
        .create_user(account, json!({"permissions": {"assistenza": level}}))
}

/// A second customer, C0002, with a user `verdi.gino` (assistenza=all) and the same catalog.
fn other_company(p: &Portal, smtp: &SmtpSink) -> Session {
    p.customer(smtp, "C0002").create_user(
        "verdi.gino",
        json!({"name": "Gino", "surname": "Verdi", "permissions": {"assistenza": "all"}}),
    )
}

fn pdf(size: usize) -> Vec<u8> {
    let mut v = b"%PDF-1.4\n".to_vec();
    v.resize(size, b'x');
    v
}

fn actions(t: &Value) -> Vec<&str> {
    t["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect()
}

#[test]
fn the_administrator_cannot_open_or_manage_tickets() {
    let p = Portal::dev();
    let admin = p.session("C0001");
    let e = admin
        .post(
            "/tickets",
            json!({"macro_area": "Software Gestionale", "area": "Contabilità", "section": "Prima nota", "subject": "x", "description": "y"}),
        )
        .expect(403, "admin_cannot_manage_tickets");
    assert!(e["message"].as_str().unwrap().contains("Administrator"));
    admin
        .get("/tickets")
        .expect(403, "admin_cannot_manage_tickets");
    let n = p.session("rossi.mario").new_ticket("s", "d");
    admin
        .post(&format!("/tickets/{n}/close"), json!({}))
        .expect(403, "admin_cannot_manage_tickets");
}

#[test]
fn scope_own_all_read_off_and_other_companies() {
    let smtp = SmtpSink::start();
    let p = Portal::dev_with(&["--smtp", &smtp.url(), "--mail-interval", "1s"]);
    let rossi = p.session("rossi.mario");
    let n = rossi.new_ticket("Stampa registri", "non stampa");
    let own = add_user(&p, "own.user", "own");
    let all = add_user(&p, "all.user", "all");
    let read = add_user(&p, "read.user", "read");
    let off = add_user(&p, "off.user", "off");
    // own: a colleague's ticket does not exist for them.
    own.get(&format!("/tickets/{n}")).expect(404, "not_found");
    assert_eq!(own.get("/tickets?count=true").ok()["total"], 0);
    own.post(&format!("/tickets/{n}/comments"), json!({"body": "x"}))
        .expect(404, "not_found");
    // all: sees and manages every ticket of the company.
    let t = all.get(&format!("/tickets/{n}")).ok();
    assert_eq!(t["user"], "rossi.mario");
    assert_eq!(all.get("/tickets?count=true").ok()["total"], 1);
    assert_eq!(all.get("/tickets?mine=true&count=true").ok()["total"], 0);
    all.post(
        &format!("/tickets/{n}/comments"),
        json!({"body": "anch'io"}),
    )
    .ok();
    // read: sees own tickets only and cannot act.
    read.post(
        "/tickets",
        json!({"macro_area": "Software Gestionale", "area": "Contabilità", "section": "Prima nota", "subject": "x", "description": "y"}),
    )
    .expect(403, "permission_denied");
    // off: no ticket access at all.
    let e = off.get("/tickets").expect(403, "permission_denied");
    assert_eq!(e["details"]["area"], "assistenza");
    // Another company: 404 for the ticket, its comments and attachments.
    let gino = other_company(&p, &smtp);
    gino.get(&format!("/tickets/{n}")).expect(404, "not_found");
    gino.get(&format!("/tickets/{n}/attachments"))
        .expect(404, "not_found");
    gino.get(&format!("/tickets/{n}/attachments/1"))
        .expect(404, "not_found");
    gino.post(&format!("/tickets/{n}/comments"), json!({"body": "x"}))
        .expect(404, "not_found");
    gino.post(&format!("/tickets/{n}/close"), json!({}))
        .expect(404, "not_found");
    assert_eq!(gino.get("/tickets?count=true").ok()["total"], 0);
    // Staff see everything and filter by customer.
    let staff = p.session("staff");
    gino.new_ticket("altro", "altro");
    assert_eq!(staff.get("/tickets?count=true").ok()["total"], 2);
    assert_eq!(
        staff.get("/tickets?customer=C0002&count=true").ok()["total"],
        1
    );
    rossi
        .get("/tickets?customer=C0002")
        .expect(403, "staff_only");
}

#[test]
fn state_machine_with_package_deduction_and_invalid_transitions() {
    let p = Portal::dev();
    let rossi = p.session("rossi.mario");
    let staff = p.session("staff");
    let n = rossi.new_ticket("Errore esito SDI", "scarto 00404");
    let t = rossi.get(&format!("/tickets/{n}")).ok();
    assert_eq!(t["state"], "inserito");
    assert_eq!(actions(&t), ["comment", "attach", "close", "edit"]);
    rossi
        .post(&format!("/tickets/{n}/take"), json!({}))
        .expect(403, "staff_only");
    let e = staff
        .post(
            &format!("/tickets/{n}/reply"),
            json!({"body": "x", "minutes": 5}),
        )
        .expect(409, "invalid_transition");
    assert!(e["message"].as_str().unwrap().contains("take it in charge"));
    assert_eq!(e["details"]["state"], "inserito");
    let t = staff.post(&format!("/tickets/{n}/take"), json!({})).ok();
    assert_eq!(t["state"], "in_carico");
    assert_eq!(t["technician"], "staff");
    assert_eq!(actions(&t), ["comment", "attach", "close", "reply"]);
    staff
        .post(&format!("/tickets/{n}/take"), json!({}))
        .expect(409, "invalid_transition");
    let t = staff
        .post(
            &format!("/tickets/{n}/reply"),
            json!({"body": "Reinviare la fattura", "minutes": 30}),
        )
        .ok();
    assert_eq!(t["state"], "risposto");
    assert_eq!(t["minutes"], 30);
    assert_eq!(t["comments"][0]["kind"], "reply");
    assert_eq!(t["comments"][0]["author_role"], "staff");
    let pkg = rossi.get("/package").ok();
    assert_eq!(pkg["balance_minutes"], 570);
    assert_eq!(pkg["movements"][0]["minutes"], -30);
    assert_eq!(pkg["movements"][0]["ticket"], n);
    // A customer comment on an answered ticket brings it back in charge.
    let t = rossi
        .post(
            &format!("/tickets/{n}/comments"),
            json!({"body": "Ancora scartata"}),
        )
        .ok();
    assert_eq!(t["state"], "in_carico");
    assert_eq!(t["comments"][1]["author"], "rossi.mario");
    staff
        .post(
            &format!("/tickets/{n}/reply"),
            json!({"body": "Ora va", "minutes": 10}),
        )
        .ok();
    let t = rossi.post(&format!("/tickets/{n}/close"), json!({})).ok();
    assert_eq!(t["state"], "chiuso");
    assert_eq!(t["closed_by"], "customer");
    assert!(t["closed_at"].is_string());
    assert_eq!(actions(&t), ["reopen"]);
    assert!(t["reopen_until"].as_str().unwrap() > t["closed_at"].as_str().unwrap());
    rossi
        .post(&format!("/tickets/{n}/close"), json!({}))
        .expect(409, "invalid_transition");
    rossi
        .post(&format!("/tickets/{n}/comments"), json!({"body": "x"}))
        .expect(409, "invalid_transition");
    staff
        .post(&format!("/tickets/{n}/take"), json!({}))
        .expect(409, "invalid_transition");
    // Staff can close too.
    let m = rossi.new_ticket("altro", "altro");
    assert_eq!(
        staff.post(&format!("/tickets/{m}/close"), json!({})).ok()["closed_by"],
        "staff"
    );
    assert_eq!(rossi.get("/package").ok()["balance_minutes"], 560);
}

#[test]
fn replies_beyond_the_balance_need_overdraft() {
    let p = Portal::dev();
    let rossi = p.session("rossi.mario");
    let staff = p.session("staff");
    let n = rossi.new_ticket("Lungo", "lavoro");
    staff.post(&format!("/tickets/{n}/take"), json!({})).ok();
    let e = staff
        .post(
            &format!("/tickets/{n}/reply"),
            json!({"body": "x", "minutes": 601}),
        )
        .expect(409, "insufficient_balance");
    assert_eq!(e["details"]["balance_minutes"], 600);
    assert_eq!(
        rossi.get(&format!("/tickets/{n}")).ok()["state"],
        "in_carico"
    );
    staff
        .post(
            &format!("/tickets/{n}/reply"),
            json!({"body": "x", "minutes": 601, "allow_overdraft": true}),
        )
        .ok();
    let pkg = rossi.get("/package").ok();
    assert_eq!(pkg["balance_minutes"], -1);
    assert_eq!(pkg["overdrawn"], true);
    let pkg = staff
        .post(
            "/customers/C0001/package/grants",
            json!({"minutes": 120, "note": "rinnovo"}),
        )
        .ok();
    assert_eq!(pkg["balance_minutes"], 119);
    assert_eq!(pkg["movements"][0]["by"], "staff");
    staff
        .post("/customers/C0001/package/grants", json!({"minutes": 0}))
        .expect(422, "validation_failed");
    staff
        .post(
            &format!("/tickets/{n}/reply"),
            json!({"body": "x", "minutes": -1}),
        )
        .expect(422, "validation_failed");
}

#[test]
fn tickets_need_a_section_enabled_in_the_contract() {
    let p = Portal::dev();
    let rossi = p.session("rossi.mario");
    let staff = p.session("staff");
    let body = |s: &str| json!({"macro_area": "Software Gestionale", "area": "Contabilità", "section": s, "subject": "x", "description": "y"});
    let e = rossi
        .post("/tickets", body("Cespiti"))
        .expect(403, "section_not_in_contract");
    assert!(e["message"].as_str().unwrap().contains("lhs catalog"));
    staff
        .post(
            "/catalog/sections",
            json!({"macro_area": "Software Gestionale", "area": "Contabilità", "section": "Cespiti"}),
        )
        .ok();
    rossi
        .post("/tickets", body("Cespiti"))
        .expect(403, "section_not_in_contract");
    let mut sections: Vec<Value> = crate::common::Session::clone(&staff)
        .get("/customers/C0001/contract")
        .ok()
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| {
            let mname = m["name"].clone();
            m["areas"].as_array().unwrap().iter().flat_map(move |a| {
                let mname = mname.clone();
                let aname = a["name"].clone();
                a["sections"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(move |s| json!({"macro_area": mname, "area": aname, "section": s}))
            })
        })
        .collect();
    assert_eq!(sections.len(), 5);
    sections.push(
        json!({"macro_area": "software gestionale", "area": "CONTABILITÀ", "section": "cespiti"}),
    );
    staff
        .put(
            "/customers/C0001/contract",
            json!({"sections": sections.clone()}),
        )
        .ok();
    let t = rossi.post("/tickets", body("CESPITI")).ok();
    assert_eq!(t["section"], "Cespiti");
    sections.push(json!({"macro_area": "Nope", "area": "x", "section": "y"}));
    let e = staff
        .put("/customers/C0001/contract", json!({"sections": sections}))
        .expect(409, "not_in_catalog");
    assert!(e["message"].as_str().unwrap().contains("Nope"));
    // Customers see only their contract; they cannot edit the catalog.
    let cat = rossi.get("/catalog").ok();
    assert_eq!(cat[0]["name"], "Fatturazione Elettronica");
    assert_eq!(cat[1]["areas"][0]["sections"].as_array().unwrap().len(), 3);
    rossi
        .post(
            "/catalog/sections",
            json!({"macro_area": "a", "area": "b", "section": "c"}),
        )
        .expect(403, "staff_only");
}

#[test]
fn list_filters_free_text_and_pagination() {
    let p = Portal::dev();
    let rossi = p.session("rossi.mario");
    let staff = p.session("staff");
    let a = rossi.new_ticket("Crash in C++ module", "the C++ plugin stops");
    let b = rossi.new_ticket("Scarto fattura-2024", "fattura 2024 rifiutata dallo SDI");
    let c = rossi.new_ticket("Stampa", "il \"registro\" non esce");
    let d = rossi.new_ticket("Inventario", "giacenze errate");
    let e = rossi.new_ticket("Prima nota", "causale mancante");
    staff.post(&format!("/tickets/{b}/take"), json!({})).ok();
    staff.post(&format!("/tickets/{c}/take"), json!({})).ok();
    staff
        .post(
            &format!("/tickets/{c}/reply"),
            json!({"body": "fatto", "minutes": 1}),
        )
        .ok();
    rossi.post(&format!("/tickets/{d}/close"), json!({})).ok();
    rossi
        .post(
            &format!("/tickets/{e}/comments"),
            json!({"body": "aggiungo: magazzino centrale"}),
        )
        .ok();
    let numbers = |path: &str| -> Vec<i64> {
        rossi.get(path).ok()["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["number"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(numbers("/tickets"), [e, d, c, b, a], "newest first");
    assert_eq!(numbers("/tickets?state=inserito"), [e, a]);
    assert_eq!(numbers("/tickets?state=in_carico,risposto"), [c, b]);
    assert_eq!(numbers("/tickets?state=in_carico&state=chiuso"), [d, b]);
    // The API takes exactly the documented values (the CLI accepts aliases).
    rossi
        .get("/tickets?state=in-carico")
        .expect(422, "validation_failed");
    rossi
        .get("/tickets?state=inserito,")
        .expect(422, "validation_failed");
    rossi
        .get("/tickets?mine=yes")
        .expect(422, "validation_failed");
    rossi
        .get("/tickets?state=aperto")
        .expect(422, "validation_failed");
    // Free text: any user text works, never a syntax error.
    assert_eq!(numbers("/tickets?q=C%2B%2B"), [a]);
    assert_eq!(numbers("/tickets?q=fattura-2024"), [b]);
    assert_eq!(numbers("/tickets?q=%22registro%22"), [c]);
    assert_eq!(
        numbers("/tickets?q=magazzino"),
        [e],
        "comments are searched"
    );
    // A piece of a word of three letters or more matches as a prefix; shorter, only whole.
    assert_eq!(numbers("/tickets?q=magaz"), [e], "prefix match");
    assert!(
        numbers("/tickets?q=ma").is_empty(),
        "two letters match whole words only"
    );
    assert_eq!(numbers("/tickets?q=fatto"), [c], "replies are searched");
    assert_eq!(numbers("/tickets?q=FATTURA"), [b], "case is ignored");
    assert_eq!(
        numbers("/tickets?q=rifiutata%20sdi"),
        [b],
        "every word must occur"
    );
    assert!(numbers("/tickets?q=rifiutata%20magazzino").is_empty());
    assert_eq!(numbers("/tickets?q=%22"), Vec::<i64>::new());
    assert_eq!(
        numbers("/tickets?q=(%20)%20*%20AND%20OR%20NEAR"),
        Vec::<i64>::new()
    );
    // Dates.
    let today = chrono::Utc::now().date_naive();
    assert_eq!(
        numbers(&format!("/tickets?from={today}&to={today}")).len(),
        5
    );
    let tomorrow = today.succ_opt().unwrap();
    assert!(numbers(&format!("/tickets?from={tomorrow}")).is_empty());
    // The API takes ISO dates (the CLI also accepts DD/MM/YYYY and converts them).
    rossi
        .get(&format!("/tickets?to={}", today.format("%d/%m/%Y")))
        .expect(422, "validation_failed");
    rossi
        .get("/tickets?from=2024-13-01")
        .expect(422, "validation_failed");
    // A range that ends before it starts matches nothing.
    // An inverted range is a slip, refused naming both fields (not an empty answer).
    rossi
        .get(&format!("/tickets?from={tomorrow}&to={today}"))
        .expect(422, "validation_failed");
    // Pagination: cursor, has_more, the total only when asked, maximum page size.
    let page = rossi.get("/tickets?limit=2").ok();
    assert!(page.get("total").is_none(), "no count unless asked: {page}");
    assert_eq!(page["has_more"], true);
    assert_eq!(rossi.get("/tickets?limit=2&count=true").ok()["total"], 5);
    assert_eq!(rossi.all_pages("/tickets?limit=2"), [e, d, c, b, a]);
    assert!(rossi.get("/tickets?limit=5").ok()["next_cursor"].is_null());
    rossi
        .get("/tickets?limit=0")
        .expect(422, "validation_failed");
    rossi
        .get("/tickets?limit=201")
        .expect(422, "validation_failed");
    rossi
        .get("/tickets?bogus=1")
        .expect(422, "validation_failed");
    // Staff: by technician, and "mine" = in my charge.
    assert_eq!(
        staff.get("/tickets?technician=staff&count=true").ok()["total"],
        2
    );
    assert_eq!(staff.get("/tickets?mine=true&count=true").ok()["total"], 2);
    let row = &rossi.get("/tickets?q=magazzino").ok()["items"][0];
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
        assert!(row.get(key).is_some(), "missing {key} in {row}");
    }
}

fn ticket_form(files: Vec<(&str, Vec<u8>)>) -> Form {
    let mut form = Form::new().text(
        "ticket",
        json!({"macro_area": "Software Gestionale", "area": "Contabilità", "section": "Prima nota",
               "subject": "Con allegati", "description": "vedi file", "priority": "bloccante"})
        .to_string(),
    );
    for (name, data) in files {
        form = form.part("file", Part::bytes(data).file_name(name.to_owned()));
    }
    form
}

#[test]
fn attachments_at_creation_and_later_with_type_size_and_count_rules() {
    let p = Portal::dev();
    let rossi = p.session("rossi.mario");
    let max = 1000 * 1024;
    let png = b"\x89PNG\r\n\x1a\nrest".to_vec();
    let r = Api::send(
        rossi
            .request("POST", "/tickets")
            .multipart(ticket_form(vec![
                ("a.pdf", pdf(max)),
                ("b.pdf", pdf(max)),
                ("screen shot;1 (copia) è.png", png.clone()),
            ])),
    );
    let t = r.ok();
    assert_eq!(t["priority"], "bloccante");
    let files = t["attachments"].as_array().unwrap();
    assert_eq!(files.len(), 3);
    // Stored exactly as sent.
    assert_eq!(files[2]["filename"], "screen shot;1 (copia) è.png");
    assert_eq!(files[2]["content_type"], "image/png");
    assert_eq!(files[0]["size"], max);
    let n = t["number"].as_i64().unwrap();
    // Download returns the same bytes with a safe disposition.
    let id = files[2]["id"].as_i64().unwrap();
    let resp = rossi
        .request("GET", &format!("/tickets/{n}/attachments/{id}"))
        .send()
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "image/png");
    assert!(
        resp.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("filename*=UTF-8''screen%20shot%3B1%20%28copia%29%20%C3%A8.png")
    );
    assert_eq!(resp.bytes().unwrap().as_ref(), png.as_slice());
    // Refusals: names that cannot be stored as sent, count, size, type by name, type by
    // content. Nothing is created.
    let before = rossi.get("/tickets?count=true").ok()["total"].clone();
    for (name, why) in [
        ("../../x.png", "directory"),
        ("..png", "hidden"),
        ("a:b.png", "`:`"),
    ] {
        let e = Api::send(
            rossi
                .request("POST", "/tickets")
                .multipart(ticket_form(vec![(name, png.clone())])),
        )
        .expect(422, "validation_failed");
        let msg = e["message"].as_str().unwrap();
        assert!(msg.contains(why), "{name}: {msg}");
        assert_eq!(e["details"]["filename"], name);
    }
    let four = Api::send(
        rossi
            .request("POST", "/tickets")
            .multipart(ticket_form(vec![
                ("a.pdf", pdf(10)),
                ("b.pdf", pdf(10)),
                ("c.pdf", pdf(10)),
                ("d.pdf", pdf(10)),
            ])),
    );
    four.expect(422, "validation_failed");
    let big = Api::send(
        rossi
            .request("POST", "/tickets")
            .multipart(ticket_form(vec![("big.pdf", pdf(max + 1))])),
    );
    let e = big.expect(422, "validation_failed");
    assert!(e["message"].as_str().unwrap().contains("1000 KB"));
    let exe = Api::send(
        rossi
            .request("POST", "/tickets")
            .multipart(ticket_form(vec![("tool.exe", b"MZ....".to_vec())])),
    );
    assert!(
        exe.expect(422, "validation_failed")["message"]
            .as_str()
            .unwrap()
            .contains("JPG, JPEG, PNG, PDF, XML, ZIP")
    );
    let fake = Api::send(
        rossi
            .request("POST", "/tickets")
            .multipart(ticket_form(vec![(
                "invoice.pdf",
                b"PK\x03\x04zip".to_vec(),
            )])),
    );
    assert!(
        fake.expect(422, "validation_failed")["message"]
            .as_str()
            .unwrap()
            .contains("content")
    );
    let huge = Api::send(
        rossi
            .request("POST", "/tickets")
            .multipart(ticket_form(vec![
                (
                    "a.zip",
                    [b"PK\x03\x04".as_slice(), &vec![0; max - 4]].concat(),
                ),
                (
                    "b.zip",
                    [b"PK\x03\x04".as_slice(), &vec![0; max - 4]].concat(),
                ),
                (
                    "c.zip",
                    [b"PK\x03\x04".as_slice(), &vec![0; max - 4]].concat(),
                ),
                (
                    "d.zip",
                    [b"PK\x03\x04".as_slice(), &vec![0; max - 4]].concat(),
                ),
            ])),
    );
    huge.expect(413, "payload_too_large");
    assert_eq!(rossi.get("/tickets?count=true").ok()["total"], before);
    // Later uploads on the existing ticket.
    let form = Form::new()
        .part(
            "file",
            Part::bytes(b"<?xml version=\"1.0\"?><a/>".to_vec()).file_name("esito.xml"),
        )
        .part(
            "file",
            Part::bytes(b"\xFF\xD8\xFF\xE0jpeg".to_vec()).file_name("foto.JPEG"),
        );
    let t = Api::send(
        rossi
            .request("POST", &format!("/tickets/{n}/attachments"))
            .multipart(form),
    )
    .ok();
    assert_eq!(t["attachments"].as_array().unwrap().len(), 5);
    let list = rossi.get(&format!("/tickets/{n}/attachments")).ok();
    assert_eq!(list[3]["filename"], "esito.xml");
    assert_eq!(list[4]["content_type"], "image/jpeg");
    // Not on a closed ticket.
    rossi.post(&format!("/tickets/{n}/close"), json!({})).ok();
    let form = Form::new().part("file", Part::bytes(pdf(20)).file_name("late.pdf"));
    Api::send(
        rossi
            .request("POST", &format!("/tickets/{n}/attachments"))
            .multipart(form),
    )
    .expect(409, "invalid_transition");
    let empty = Api::send(
        rossi
            .request("POST", &format!("/tickets/{n}/attachments"))
            .multipart(Form::new()),
    );
    assert!(empty.status == 422 || empty.status == 400, "{empty:?}");
}

#[test]
fn idempotency_keys_make_retries_safe() {
    let p = Portal::dev();
    let rossi = p.session("rossi.mario");
    let body = json!({"macro_area": "Software Gestionale", "area": "Contabilità", "section": "Prima nota", "subject": "once", "description": "only once"});
    let send = |key: &str, body: &Value| {
        Api::send(
            rossi
                .request("POST", "/tickets")
                .header("Idempotency-Key", key)
                .json(body),
        )
    };
    let first = send("job-42", &body);
    assert_eq!(first.status, 201);
    let second = send("job-42", &body);
    assert_eq!(second.status, 201);
    assert_eq!(second.headers["idempotent-replayed"], "true");
    assert_eq!(first.body["number"], second.body["number"]);
    assert_eq!(rossi.get("/tickets?count=true").ok()["total"], 1);
    let mut other = body.clone();
    other["subject"] = json!("different");
    send("job-42", &other).expect(422, "idempotency_key_reused");
    // Multipart retries with a fresh boundary are the same request.
    let mp = || {
        Api::send(
            rossi
                .request("POST", "/tickets")
                .header("Idempotency-Key", "mp-1")
                .multipart(ticket_form(vec![("a.pdf", pdf(100))])),
        )
    };
    assert_eq!(mp().body["number"], mp().body["number"]);
    assert_eq!(rossi.get("/tickets?count=true").ok()["total"], 2);
    // Comments.
    let n = first.body["number"].as_i64().unwrap();
    let comment = || {
        Api::send(
            rossi
                .request("POST", &format!("/tickets/{n}/comments"))
                .header("Idempotency-Key", "c-1")
                .json(&json!({"body": "ciao"})),
        )
    };
    assert_eq!(comment().status, 201);
    assert_eq!(comment().status, 201);
    assert_eq!(
        rossi.get(&format!("/tickets/{n}")).ok()["comments"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // Keys are per user: another user's identical key is a new request.
    let all = add_user(&p, "all.user", "all");
    let r = Api::send(
        all.request("POST", "/tickets")
            .header("Idempotency-Key", "job-42")
            .json(&body),
    );
    assert_ne!(r.body["number"], first.body["number"]);
}

#[test]
fn answered_tickets_without_customer_activity_are_closed_by_the_system() {
    let p = Portal::dev_with(&["--autoclose-after", "1s", "--sweep-interval", "1s"]);
    let rossi = p.session("rossi.mario");
    let staff = p.session("staff");
    let n = rossi.new_ticket("Domanda", "come si fa?");
    let open = rossi.new_ticket("Aperto", "resta aperto");
    staff.post(&format!("/tickets/{n}/take"), json!({})).ok();
    staff
        .post(
            &format!("/tickets/{n}/reply"),
            json!({"body": "così", "minutes": 0}),
        )
        .ok();
    let t = eventually(15, "auto-close", || {
        let t = rossi.get(&format!("/tickets/{n}")).ok();
        (t["state"] == "chiuso").then_some(t)
    });
    assert_eq!(t["closed_by"], "system");
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        rossi.get(&format!("/tickets/{open}")).ok()["state"],
        "inserito"
    );
}

#[test]
fn refusals_are_explained_in_italian_when_the_client_prefers_it() {
    let p = Portal::dev();
    let rossi = p.session("rossi.mario");
    let n = rossi.new_ticket("Fattura scartata", "SDI ha scartato la fattura");
    let in_lang = |lang: Option<&str>, method: &str, path: &str, body: Value| {
        let mut rb = rossi.request(method, path).json(&body);
        if let Some(l) = lang {
            rb = rb.header("Accept-Language", l);
        }
        Api::send(rb)
    };
    let wrong_section = json!({"macro_area": "Software Gestionale", "area": "Contabilità",
        "section": "Non esiste", "subject": "x", "description": "y"});
    // English by default and for a client that names neither language.
    for lang in [None, Some("de-DE, fr;q=0.8"), Some("en-GB,it;q=0.5")] {
        let e = in_lang(lang, "POST", "/tickets", wrong_section.clone())
            .expect(403, "section_not_in_contract");
        assert!(
            e["message"]
                .as_str()
                .unwrap()
                .contains("is not enabled in your contract"),
            "{lang:?}: {e}"
        );
    }
    // Italian when preferred: the same code and details, the message in Italian.
    let e = in_lang(
        Some("it-IT,it;q=0.9,en;q=0.8"),
        "POST",
        "/tickets",
        wrong_section,
    )
    .expect(403, "section_not_in_contract");
    assert_eq!(e["details"]["field"], "section");
    assert_eq!(
        e["message"],
        "`Software Gestionale › Contabilità › Non esiste` non è abilitata nel tuo contratto; le sezioni abilitate sono in `lhs catalog` (GET /api/v1/catalog)"
    );
    rossi.post(&format!("/tickets/{n}/close"), json!({})).ok();
    let e = in_lang(
        Some("it"),
        "POST",
        &format!("/tickets/{n}/close"),
        json!({}),
    )
    .expect(409, "invalid_transition");
    assert_eq!(e["message"], "il ticket è già chiuso");
    assert_eq!(e["details"]["state"], "chiuso");
    let e = in_lang(Some("it"), "GET", "/tickets/999999", json!(null)).expect(404, "not_found");
    assert_eq!(e["message"], "ticket 999999 non trovato");
    // The rules of every field too.
    let padded = json!({"macro_area": "Software Gestionale", "area": "Contabilità",
        "section": "Prima nota", "subject": " Fattura", "description": "y"});
    let e =
        in_lang(Some("it"), "POST", "/tickets", padded.clone()).expect(422, "validation_failed");
    assert_eq!(e["details"]["field"], "subject");
    assert_eq!(
        e["message"],
        "`subject` non deve iniziare o finire con spazi"
    );
    let e = in_lang(None, "POST", "/tickets", padded).expect(422, "validation_failed");
    assert_eq!(e["message"], "`subject` must not start or end with spaces");
    // And of every file.
    let n = rossi.new_ticket("Con allegato", "d");
    let upload = || Form::new().part("file", Part::bytes(b"MZ".to_vec()).file_name("setup.exe"));
    let e = Api::send(
        rossi
            .request("POST", &format!("/tickets/{n}/attachments"))
            .header("Accept-Language", "it")
            .multipart(upload()),
    )
    .expect(422, "validation_failed");
    assert_eq!(e["details"]["filename"], "setup.exe");
    assert_eq!(
        e["message"],
        "`setup.exe`: tipo di file non ammesso; tipi ammessi: JPG, JPEG, PNG, PDF, XML, ZIP"
    );
    let e = Api::send(
        rossi
            .request("POST", &format!("/tickets/{n}/attachments"))
            .multipart(upload()),
    )
    .expect(422, "validation_failed");
    assert_eq!(
        e["message"],
        "`setup.exe`: file type not allowed; allowed types: JPG, JPEG, PNG, PDF, XML, ZIP"
    );
    // What the HTTP layer refuses by itself is worded in Italian too (serde's own detail
    // stays as it is), with the same codes as in English.
    let it = |rb: reqwest::blocking::RequestBuilder| Api::send(rb.header("Accept-Language", "it"));
    let e = it(rossi
        .request("POST", "/tickets")
        .header("Content-Type", "application/json")
        .body("{\"subject\": "))
    .expect(400, "bad_request");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .starts_with("JSON non valido nel corpo della richiesta: "),
        "{e}"
    );
    let e = it(rossi.request("POST", "/tickets").body("x")).expect(415, "unsupported_media_type");
    assert_eq!(e["message"], "serve `Content-Type: application/json`");
    let e = it(rossi.request("GET", "/tickets?limit=molti")).expect(422, "validation_failed");
    assert_eq!(e["details"]["field"], "limit");
    assert_eq!(e["message"], "`limit` deve essere un numero da 1 a 200");
    let e = it(rossi.request("GET", "/tickets?state=aperto")).expect(422, "validation_failed");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .starts_with("stato `aperto` sconosciuto; usa inserito"),
        "{e}"
    );
    let e = it(rossi.request("GET", "/contents/documents?limit=molti"))
        .expect(422, "validation_failed");
    assert_eq!(e["message"], "`limit` non valido: serve un numero intero");
    let e = it(rossi.request("GET", "/tickets/dodici")).expect(422, "validation_failed");
    assert_eq!(
        e["message"],
        "`number` non valido nel percorso: serve un numero intero"
    );
    let e = it(rossi.request("GET", "/nessuno")).expect(404, "not_found");
    assert_eq!(
        e["message"],
        "endpoint inesistente; vedi /api/v1/openapi.json"
    );
    let e = it(rossi.request("DELETE", "/catalog")).expect(405, "method_not_allowed");
    assert_eq!(e["message"], "metodo non consentito su questo endpoint");
    let e = Api::send(rossi.request("GET", "/tickets/dodici")).expect(422, "validation_failed");
    assert_eq!(
        e["message"],
        "invalid `number` in the path: expected a whole number"
    );
}
