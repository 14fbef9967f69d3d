//! The reading areas: documents, news, videos, fiscal notices, FAQ — each behind its
//! permission, each item for its audience; the help desk publishes, edits and unpublishes.

use serde_json::{Value, json};

use crate::cli_env::Shell;
use crate::common::{Portal, Session, SmtpSink};

/// Staff publishes one item for every customer in `kind`; returns its id.
#[track_caller]
fn publish(staff: &Session, kind: &str, title: &str, audience: Value) -> i64 {
    staff
        .post(
            &format!("/contents/{kind}"),
            json!({"title": title, "summary": "in breve", "body": format!("testo di {title}"), "audience": audience}),
        )
        .expect(201, "")["id"]
        .as_i64()
        .unwrap()
}

/// The dev portal's own items (`lhs serve --dev` seeds a little of each area).
const SEEDED: &[&str] = &[
    "Chiusura IVA annuale",
    "Configurare la prima nota",
    "Manutenzione programmata",
    "Nuovi pacchetti SMART",
    "Scadenze fiscali di dicembre",
    "Come si stampa il registro IVA?",
    "Come cambio la password?",
    "Che cosa sono i minuti SMART?",
    "La prima nota in 5 minuti",
];

/// The titles of a page, without the dev portal's own items.
fn titles(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap().to_owned())
        .filter(|t| !SEEDED.contains(&t.as_str()))
        .collect()
}

/// Every area at every level of its permission: `off` hides the list and the items, `read`
/// shows the list but not an item's body (documents, news, videos), the advanced level opens
/// items; FAQ needs only `read`; fiscal notices are open to every company user.
#[test]
fn each_area_answers_to_its_permission() {
    let p = Portal::dev();
    let staff = p.session("staff");
    let admin = p.session("C0001");
    let areas = [
        ("documents", Some("documenti"), "detail"),
        ("news-tech", Some("news-tecniche"), "detail"),
        ("news-sales", Some("news-commerciali"), "detail"),
        ("videos", Some("video"), "detail"),
        ("faq", Some("faq"), "read"),
        ("fiscal", None, ""),
    ];
    let mut ids = Vec::new();
    for (kind, _, _) in areas {
        ids.push(publish(
            &staff,
            kind,
            &format!("{kind} uno"),
            json!({"kind": "all"}),
        ));
    }
    let off = admin.create_user(
        "spento.utente",
        json!({"permissions": {"documenti": "off", "news-tecniche": "off", "news-commerciali": "off", "video": "off", "faq": "off"}}),
    );
    let read = admin.create_user(
        "lettura.utente",
        json!({"permissions": {"documenti": "read", "news-tecniche": "read", "news-commerciali": "read", "video": "read", "faq": "read"}}),
    );
    let full = admin.create_user(
        "dettaglio.utente",
        json!({"permissions": {"documenti": "detail", "news-tecniche": "detail", "news-commerciali": "detail", "video": "detail", "faq": "read"}}),
    );
    for ((kind, perm, advanced), id) in areas.iter().zip(&ids) {
        let list = format!("/contents/{kind}");
        let item = format!("/contents/{kind}/{id}");
        if let Some(perm) = perm {
            let r = off.get(&list);
            assert_eq!((r.status, r.code()), (403, "permission_denied"), "{kind}");
            assert!(
                r.body["message"]
                    .as_str()
                    .unwrap()
                    .contains(&format!("{perm}=read")),
                "{}",
                r.body
            );
            off.get(&item).expect(403, "permission_denied");
            assert_eq!(
                titles(&read.get(&list).ok()),
                [format!("{kind} uno")],
                "{kind}"
            );
            if *advanced == "detail" {
                let r = read.get(&item);
                assert_eq!((r.status, r.code()), (403, "permission_denied"), "{kind}");
                assert!(
                    r.body["message"]
                        .as_str()
                        .unwrap()
                        .contains(&format!("{perm}=detail"))
                );
                // The list shows the summary but never the body.
                let l = read.get(&list).ok();
                assert_eq!(l["items"][0]["summary"], "in breve");
                assert!(l["items"][0].get("body").is_none());
            } else {
                assert_eq!(read.get(&item).ok()["body"], format!("testo di {kind} uno"));
            }
        } else {
            // Fiscal notices: every company user, whatever the matrix says.
            assert_eq!(titles(&off.get(&list).ok()), [format!("{kind} uno")]);
            off.get(&item).ok();
        }
        assert_eq!(
            full.get(&item).ok()["body"],
            format!("testo di {kind} uno"),
            "{kind}"
        );
        admin.get(&item).ok();
        staff.get(&item).ok();
    }
    // A permission taken away takes effect at once, on the same token.
    admin
        .patch(
            "/users/dettaglio.utente",
            json!({"permissions": {"documenti": "read"}}),
        )
        .ok();
    full.get(&format!("/contents/documents/{}", ids[0]))
        .expect(403, "permission_denied");
    // An unknown area is a 404 that lists the real ones.
    let r = full.get("/contents/manuali");
    assert_eq!(r.status, 404, "{}", r.body);
    assert!(
        r.body["message"].as_str().unwrap().contains("documents"),
        "{}",
        r.body
    );
}

/// Items reach only their audience: every customer, the customers named, or those whose
/// contract includes a catalog node. Unpublished items disappear for customers.
#[test]
fn items_reach_only_their_audience() {
    let smtp = SmtpSink::start();
    let p = Portal::dev_with(&["--smtp", &smtp.url()]);
    let staff = p.session("staff");
    let c1 = p.session("C0001");
    // C0002's contract has only Software Gestionale › Contabilità › Prima nota.
    let c2 = p.customer(&smtp, "C0002");
    let all = publish(&staff, "documents", "per tutti", json!({"kind": "all"}));
    let only2 = publish(
        &staff,
        "documents",
        "solo C0002",
        json!({"kind": "customers", "customers": ["C0002"]}),
    );
    let fe = publish(
        &staff,
        "documents",
        "fatturazione",
        json!({"kind": "contract", "macro_area": "Fatturazione Elettronica"}),
    );
    let conta = publish(
        &staff,
        "documents",
        "contabilità",
        json!({"kind": "contract", "macro_area": "Software Gestionale", "area": "Contabilità"}),
    );
    let magazzino = publish(
        &staff,
        "documents",
        "magazzino",
        json!({"kind": "contract", "macro_area": "Software Gestionale", "area": "Magazzino"}),
    );
    // Newest first.
    assert_eq!(
        titles(&c1.get("/contents/documents").ok()),
        ["magazzino", "contabilità", "fatturazione", "per tutti"]
    );
    assert_eq!(
        titles(&c2.get("/contents/documents").ok()),
        ["contabilità", "solo C0002", "per tutti"]
    );
    c1.get(&format!("/contents/documents/{only2}"))
        .expect(404, "not_found");
    c2.get(&format!("/contents/documents/{fe}"))
        .expect(404, "not_found");
    c2.get(&format!("/contents/documents/{magazzino}"))
        .expect(404, "not_found");
    c2.get(&format!("/contents/documents/{conta}")).ok();
    // Staff sees everything, with the audience.
    let s = staff.get("/contents/documents").ok();
    assert_eq!(titles(&s).len(), 5);
    let it = staff.get(&format!("/contents/documents/{only2}")).ok();
    assert_eq!(
        it["audience"],
        json!({"kind": "customers", "customers": ["C0002"]})
    );
    // A contract that grows brings the items it now includes.
    staff
        .put(
            "/customers/C0002/contract",
            json!({"sections": [
                {"macro_area": "Software Gestionale", "area": "Contabilità", "section": "Prima nota"},
                {"macro_area": "Fatturazione Elettronica", "area": "Invio SDI", "section": "Scarti"}]}),
        )
        .ok();
    c2.get(&format!("/contents/documents/{fe}")).ok();
    // Changing the audience moves an item.
    staff
        .patch(
            &format!("/contents/documents/{only2}"),
            json!({"audience": {"kind": "customers", "customers": ["C0001"]}}),
        )
        .ok();
    c1.get(&format!("/contents/documents/{only2}")).ok();
    c2.get(&format!("/contents/documents/{only2}"))
        .expect(404, "not_found");
    // Unpublished: gone for customers, kept (and marked) for the help desk.
    staff
        .post(&format!("/contents/documents/{all}/unpublish"), json!({}))
        .ok();
    staff
        .post(&format!("/contents/documents/{all}/unpublish"), json!({}))
        .expect(409, "already_unpublished");
    assert!(!titles(&c1.get("/contents/documents").ok()).contains(&"per tutti".to_owned()));
    c1.get(&format!("/contents/documents/{all}"))
        .expect(404, "not_found");
    assert_eq!(
        staff.get(&format!("/contents/documents/{all}")).ok()["published"],
        false
    );
    // Audiences naming what does not exist are refused, nothing is published.
    let r = staff.post(
        "/contents/documents",
        json!({"title": "x", "body": "y", "audience": {"kind": "customers", "customers": ["C0001", "ZZ99"]}}),
    );
    assert_eq!(
        (r.status, r.code()),
        (409, "unknown_customer"),
        "{}",
        r.body
    );
    assert!(r.body["message"].as_str().unwrap().contains("ZZ99"));
    let r = staff.post(
        "/contents/documents",
        json!({"title": "x", "body": "y", "audience": {"kind": "contract", "macro_area": "Nessuna"}}),
    );
    assert_eq!((r.status, r.code()), (409, "not_in_catalog"), "{}", r.body);
    let r = staff.post(
        "/contents/documents",
        json!({"title": "x", "body": "y", "audience": {"kind": "customers", "customers": []}}),
    );
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(titles(&staff.get("/contents/documents").ok()).len(), 5);
}

/// Only the help desk publishes; lists page newest first and search whole words.
#[test]
fn publishing_is_for_the_desk_and_lists_page_and_search() {
    let p = Portal::dev();
    let staff = p.session("staff");
    let admin = p.session("C0001");
    let r = admin.post(
        "/contents/faq",
        json!({"title": "x", "body": "y", "audience": {"kind": "all"}}),
    );
    assert_eq!((r.status, r.code()), (403, "staff_only"), "{}", r.body);
    for i in 1..=5 {
        publish(
            &staff,
            "faq",
            &format!("domanda {i}"),
            json!({"kind": "all"}),
        );
    }
    let id = publish(
        &staff,
        "faq",
        "Come si esporta il libro giornale?",
        json!({"kind": "all"}),
    );
    admin
        .patch(&format!("/contents/faq/{id}"), json!({"title": "z"}))
        .expect(403, "staff_only");
    let first = admin.get("/contents/faq?limit=4").ok();
    assert_eq!(
        titles(&first),
        [
            "Come si esporta il libro giornale?",
            "domanda 5",
            "domanda 4",
            "domanda 3"
        ]
    );
    let cursor = first["next_cursor"].as_str().unwrap().to_owned();
    let second = admin
        .get(&format!("/contents/faq?limit=4&cursor={cursor}"))
        .ok();
    // The dev portal's three FAQ come after ours.
    assert_eq!(titles(&second), ["domanda 2", "domanda 1"]);
    assert_eq!(second["items"].as_array().unwrap().len(), 4);
    let cursor = second["next_cursor"].as_str().unwrap().to_owned();
    let third = admin
        .get(&format!("/contents/faq?limit=4&cursor={cursor}"))
        .ok();
    assert_eq!(third["items"].as_array().unwrap().len(), 1);
    assert!(third["next_cursor"].is_null());
    assert_eq!(
        titles(&admin.get("/contents/faq?q=libro%20giornale").ok()),
        ["Come si esporta il libro giornale?"]
    );
    // Parts of words match, in any case; every word must.
    assert_eq!(
        titles(&admin.get("/contents/faq?q=GIORN").ok()),
        ["Come si esporta il libro giornale?"]
    );
    assert!(titles(&admin.get("/contents/faq?q=libro%20zzz").ok()).is_empty());
    // Body text is searched too.
    assert_eq!(
        titles(&admin.get("/contents/faq?q=testo%20domanda%203").ok()),
        ["domanda 3"]
    );
    // An edit changes only what it names.
    staff
        .patch(&format!("/contents/faq/{id}"), json!({"summary": "stampa"}))
        .ok();
    let it = admin.get(&format!("/contents/faq/{id}")).ok();
    assert_eq!(
        (
            it["title"].as_str(),
            it["summary"].as_str(),
            it["body"].as_str()
        ),
        (
            Some("Come si esporta il libro giornale?"),
            Some("stampa"),
            Some("testo di Come si esporta il libro giornale?")
        )
    );
}

/// The CLI, end to end: the desk publishes with files; a customer lists, views and downloads
/// (checked against SHA-256); a `read`-only user is told which permission opens an item.
#[test]
fn cli_publish_view_download_and_refusals() {
    let p = Portal::dev();
    let desk = Shell::new(&p);
    desk.login("staff");
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("guida.pdf");
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.extend((0..200_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    std::fs::write(&pdf, &bytes).unwrap();
    let csv = dir.path().join("codici.csv");
    std::fs::write(&csv, "codice;descrizione\n22;IVA 22%\n").unwrap();
    let out = desk
        .run(&[
            "desk",
            "publish",
            "docs",
            "--title",
            "Chiusura IVA 2025",
            "--summary",
            "Le novità",
            "--body",
            "Passi per la chiusura.",
            "--attach",
            pdf.to_str().unwrap(),
            "--attach",
            csv.to_str().unwrap(),
        ])
        .ok()
        .stdout
        .clone();
    let id = out.trim().to_owned();
    assert!(id.parse::<i64>().is_ok(), "{out}");
    // A file of a kind the manual does not allow is refused before anything is sent.
    let exe = dir.path().join("setup.exe");
    std::fs::write(&exe, b"MZ\x90\x00").unwrap();
    desk.run(&[
        "desk",
        "publish",
        "docs",
        "--title",
        "x",
        "--body",
        "y",
        "--attach",
        exe.to_str().unwrap(),
    ])
    .fails(6)
    .err_has("setup.exe");
    // Customers cannot publish: the server says so.
    let user = Shell::new(&p);
    user.login("rossi.mario");
    user.run(&["desk", "publish", "faq", "--title", "x", "--body", "y"])
        .fails(4);

    user.run(&["docs", "list"])
        .ok()
        .out_has("Chiusura IVA 2025");
    let list = user.run(&["docs", "list", "--json"]).json();
    assert_eq!(list[0]["title"], "Chiusura IVA 2025");
    assert_eq!(list[0]["file_count"], 2);
    user.run(&["docs", "view", &id])
        .ok()
        .out_has("Passi per la chiusura.")
        .out_has("guida.pdf")
        .out_has("codici.csv");
    let got = tempfile::tempdir().unwrap();
    user.run(&[
        "docs",
        "download",
        &id,
        "--dir",
        got.path().to_str().unwrap(),
    ])
    .ok();
    assert_eq!(std::fs::read(got.path().join("guida.pdf")).unwrap(), bytes);
    assert_eq!(
        std::fs::read_to_string(got.path().join("codici.csv")).unwrap(),
        "codice;descrizione\n22;IVA 22%\n"
    );
    // Not overwritten without --force.
    user.run(&[
        "docs",
        "download",
        &id,
        "--dir",
        got.path().to_str().unwrap(),
    ])
    .fails(7)
    .err_has("--force");
    // On a terminal the download shows its progress on stderr, as uploads do.
    let shown = tempfile::tempdir().unwrap();
    let mut s = crate::cli_interactive::spawn(
        &user,
        &[
            "docs",
            "download",
            &id,
            "--dir",
            shown.path().to_str().unwrap(),
        ],
    );
    let screen = crate::cli_interactive::finish_output(&mut s);
    assert!(screen.contains("Downloading"), "{screen}");
    assert_eq!(
        std::fs::read(shown.path().join("guida.pdf")).unwrap(),
        bytes
    );

    // `read` only: the list, but not the item.
    let admin = Shell::new(&p);
    admin.login("C0001");
    admin
        .run(&["users", "edit", "rossi.mario", "--perm", "documenti=read"])
        .ok();
    user.run(&["docs", "list"])
        .ok()
        .out_has("Chiusura IVA 2025");
    user.run(&["docs", "view", &id])
        .fails(4)
        .err_has("documenti=detail");
    user.run(&[
        "docs",
        "download",
        &id,
        "--dir",
        got.path().to_str().unwrap(),
        "--force",
    ])
    .fails(4)
    .err_has("documenti=detail");
    admin
        .run(&["users", "edit", "rossi.mario", "--perm", "documenti=off"])
        .ok();
    user.run(&["docs", "list"])
        .fails(4)
        .err_has("documenti=read");

    // The desk unpublishes; customers no longer see it.
    desk.run(&["desk", "unpublish", "docs", &id]).ok();
    admin.run(&["docs", "view", &id]).fails(5);
    let all = desk.run(&["desk", "published", "docs", "--json"]).json();
    assert_eq!(all[0]["published"], false);
}
