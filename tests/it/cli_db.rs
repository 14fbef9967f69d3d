//! `lhs db copy`: a whole portal moves to another database and back; a non-empty or
//! unreachable target is refused with nothing written. In the suite's PostgreSQL pass the
//! copy goes from SQLite to PostgreSQL; in the SQLite pass from one SQLite file to another.

use reqwest::blocking::multipart::{Form, Part};
use serde_json::{Value, json};

use crate::common::{Api, PW, Portal, Session, db_of, lhs, on_postgres};

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// What a portal shows, to compare before and after a copy.
fn snapshot(staff: &Session, rossi: &Session, n: i64) -> Value {
    let mut ticket = rossi.get(&format!("/tickets/{n}")).ok();
    // The page's address names the server answering (another port after the copy).
    ticket["url"] = json!(
        ticket["url"]
            .as_str()
            .map(|u| u.rsplit('/').next().unwrap_or(""))
    );
    json!({
        "ticket": ticket,
        "tickets": staff.get("/tickets?count=true&limit=100").ok(),
        "search": rossi.get("/tickets?q=aliquote").ok()["items"],
        "package": rossi.get("/package").ok(),
        "outbox": staff.get("/outbox").ok(),
        "users": staff.get("/users").ok(),
        "customers": staff.get("/customers").ok(),
        "catalog": rossi.get("/catalog").ok(),
    })
}

#[test]
fn db_copy_moves_a_whole_portal_and_refuses_a_non_empty_target() {
    // A portal on SQLite with a bit of everything.
    let src_dir = tempfile::tempdir().unwrap();
    let source = src_dir.path().join("portal.db");
    let p = Portal::start_at(src_dir, &source, &["--dev", "--dev-password", PW], &[]);
    let staff = p.session("staff");
    let rossi = p.session("rossi.mario");
    staff
        .post("/customers/C0001/package/grants", json!({"minutes": 600}))
        .ok();
    let form = Form::new()
        .text(
            "ticket",
            json!({"macro_area": "Software Gestionale", "area": "Contabilità",
                   "section": "Prima nota", "subject": "Registri IVA", "description": "non quadra"})
            .to_string(),
        )
        .part(
            "file",
            Part::bytes(b"%PDF-1.4\nregistro".to_vec()).file_name("registro.pdf"),
        );
    let n = Api::send(rossi.request("POST", "/tickets").multipart(form)).ok()["number"]
        .as_i64()
        .unwrap();
    staff.post(&format!("/tickets/{n}/take"), json!({})).ok();
    staff
        .post(
            &format!("/tickets/{n}/reply"),
            json!({"body": "Controllare le aliquote", "minutes": 30}),
        )
        .ok();
    rossi
        .post(&format!("/tickets/{n}/comments"), json!({"body": "grazie"}))
        .ok();
    let ci = rossi.post("/tokens", json!({"name": "ci"})).ok()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let before = snapshot(&staff, &rossi, n);
    let (_, src_dir) = p.terminate();

    // Copy to a new database: PostgreSQL in the PostgreSQL pass.
    let dst_dir = tempfile::tempdir().unwrap();
    let target = db_of(dst_dir.path());
    assert_eq!(target.starts_with("postgres://"), on_postgres());
    let out = lhs(&[
        "db",
        "copy",
        "--from",
        source.to_str().unwrap(),
        "--to",
        &target,
        "--json",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let counts: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = |table: &str| {
        counts
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["table"] == table)
            .unwrap_or_else(|| panic!("{table} in {counts}"))["rows"]
            .as_i64()
            .unwrap()
    };
    assert_eq!(rows("tickets"), 1);
    assert_eq!(rows("comments"), 2);
    assert_eq!(rows("attachments"), 1);
    assert!(rows("tokens") >= 3, "sessions and the API token");
    assert!(rows("outbox") >= 3);
    assert!(text(&out.stderr).contains("the counts match"));

    // The copy serves the same portal: same answers, same passwords, same tokens.
    let q = Portal::start_in(dst_dir, &[], &[]);
    let staff2 = q.session("staff");
    let rossi2 = q.session("rossi.mario");
    assert_eq!(snapshot(&staff2, &rossi2, n), before);
    let ci2 = Session {
        api: q.api(),
        token: ci.clone(),
    };
    assert_eq!(ci2.get("/me").ok()["account"], "rossi.mario");
    let file = Api::send(ci2.request("GET", &format!("/tickets/{n}/attachments/1")));
    assert_eq!(file.status, 200);
    assert_eq!(file.body, Value::String("%PDF-1.4\nregistro".into()));
    // Numbering continues after the copied tickets.
    assert_eq!(rossi2.new_ticket("dopo la copia", "x"), n + 1);

    // A second copy into the now non-empty target is refused, and changes nothing.
    let again = lhs(&[
        "db",
        "copy",
        "--from",
        source.to_str().unwrap(),
        "--to",
        &target,
    ]);
    assert_eq!(again.status.code(), Some(7), "{}", text(&again.stderr));
    let err = text(&again.stderr);
    assert!(
        err.contains("not empty") && err.contains("tickets: 2"),
        "{err}"
    );
    assert_eq!(
        staff2.get("/tickets?count=true").ok()["total"],
        2,
        "nothing added"
    );

    // And back: the copy copies to a new SQLite file.
    let (_, dst_dir) = q.terminate();
    let back_dir = tempfile::tempdir().unwrap();
    let back = back_dir.path().join("back.db");
    let out = lhs(&[
        "db",
        "copy",
        "--from",
        &target,
        "--to",
        &format!("sqlite:{}", back.display()),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let r = Portal::start_at(back_dir, &back, &[], &[]);
    let rossi3 = r.session("rossi.mario");
    assert_eq!(
        rossi3.get(&format!("/tickets/{n}")).ok()["comments"],
        before["ticket"]["comments"]
    );
    assert_eq!(rossi3.new_ticket("ancora", "x"), n + 2);
    drop((src_dir, dst_dir));
}

#[test]
fn db_copy_explains_a_missing_source_and_an_unreachable_target() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.db");
    let out = lhs(&[
        "db",
        "copy",
        "--from",
        missing.to_str().unwrap(),
        "--to",
        dir.path().join("new.db").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(5));
    assert!(text(&out.stderr).contains("no SQLite database at"));
    assert!(
        !dir.path().join("new.db").exists(),
        "no target created for nothing"
    );

    // A real source, a target nobody listens on: exit 8, the password never shown.
    let p = Portal::start_at(
        tempfile::tempdir().unwrap(),
        &dir.path().join("src.db"),
        &["--dev", "--dev-password", PW],
        &[],
    );
    drop(p);
    let out = lhs(&[
        "db",
        "copy",
        "--from",
        dir.path().join("src.db").to_str().unwrap(),
        "--to",
        "postgres://lhs:s3cretpw@127.0.0.1:1/lhs",
    ]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(8), "{err}");
    assert!(err.contains("cannot reach the target"), "{err}");
    assert!(err.contains("postgres://lhs:***@127.0.0.1:1/lhs"), "{err}");
    assert!(!err.contains("s3cretpw"), "{err}");

    // The same database on both sides is a usage error.
    let same = dir.path().join("src.db");
    let out = lhs(&[
        "db",
        "copy",
        "--from",
        same.to_str().unwrap(),
        "--to",
        &format!("sqlite:{}", same.display()),
    ]);
    assert_eq!(out.status.code(), Some(2));
}
