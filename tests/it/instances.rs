//! Several `lhs serve` instances on one PostgreSQL database: ticket numbers, the mail outbox,
//! throttles, sessions and idempotency keys hold across them. Runs in the suite's PostgreSQL
//! pass (`tests/run` starts a private cluster); on SQLite one process owns the database.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde_json::json;

use crate::common::{Api, PW, Portal, Session, SmtpSink, eventually, on_postgres};

const CREATIONS: usize = 200;
const CREATIONS_I64: i64 = 200;
const CLIENTS: usize = 16;

#[test]
fn two_instances_share_numbers_mail_throttles_and_sessions() {
    if !on_postgres() {
        eprintln!("runs in the PostgreSQL pass of tests/run (LHS_TEST_PG unset)");
        return;
    }
    let smtp = SmtpSink::start();
    let url = smtp.url();
    let mail = ["--smtp", url.as_str(), "--mail-interval", "1s"];
    let mut dev = vec!["--dev", "--dev-password", PW];
    dev.extend(mail);
    let a = Portal::start(&dev, &[]);
    let b = a.another(&mail);

    // A session opened on one instance works on the other.
    let on_a = a.session("rossi.mario");
    let on_b = Session {
        api: b.api(),
        token: on_a.token.clone(),
    };
    assert_eq!(on_b.get("/me").ok()["account"], "rossi.mario");
    let before = on_a.get("/tickets?count=true").ok()["total"]
        .as_i64()
        .unwrap();

    // 200 creations from 16 clients, alternating between the instances.
    let sessions = Arc::new([on_a, on_b]);
    let workers: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let sessions = sessions.clone();
            std::thread::spawn(move || {
                (c..CREATIONS)
                    .step_by(CLIENTS)
                    .map(|i| {
                        let s = &sessions[i % 2];
                        (i, s.new_ticket(&format!("parallelo {i}"), "due istanze"))
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let created: Vec<(usize, i64)> = workers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    let numbers: BTreeSet<i64> = created.iter().map(|(_, n)| *n).collect();
    assert_eq!(created.len(), CREATIONS);
    assert_eq!(
        numbers.len(),
        CREATIONS,
        "every creation got its own number"
    );
    for s in sessions.iter() {
        let total = s.get("/tickets?count=true").ok()["total"].as_i64().unwrap();
        assert_eq!(total, before + CREATIONS_I64, "{}", s.api.base);
    }

    // Each creation queued one mail; both workers deliver, each mail goes out once.
    let subjects: BTreeSet<String> = created
        .iter()
        .map(|(i, n)| format!("Ticket {n} inserito: parallelo {i}"))
        .collect();
    let per_subject = || {
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for m in smtp.mails() {
            if subjects.contains(&m.subject) {
                *seen.entry(m.subject).or_default() += 1;
            }
        }
        seen
    };
    eventually(60, "every creation mail delivered", || {
        (per_subject().len() == CREATIONS).then_some(())
    });
    // Give a duplicate time to show up before counting.
    std::thread::sleep(std::time::Duration::from_secs(2));
    let dupes: Vec<_> = per_subject().into_iter().filter(|(_, c)| *c > 1).collect();
    assert!(
        dupes.is_empty(),
        "mails delivered more than once: {dupes:?}"
    );
    let staff = b.api().login("staff", PW);
    let sent = staff.get("/outbox?status=sent").ok();
    let sent = sent.as_array().unwrap();
    assert!(
        sent.iter().all(|m| m["attempts"].as_i64() == Some(1)),
        "each mail sent at its first attempt: {sent:?}"
    );

    // The login throttle counts the attempts made on both instances: of 10 wrong passwords
    // sent at once, half to each, exactly 5 are checked.
    let apis = [a.api(), b.api()];
    let statuses: Vec<u16> = (0..10)
        .map(|i| {
            let api: Api = apis[i % 2].clone();
            std::thread::spawn(move || api.try_login("C0001", "Wrong-pass-9").status)
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|h| h.join().unwrap())
        .collect();
    let refused = statuses.iter().filter(|s| **s == 401).count();
    let throttled = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!((refused, throttled), (5, 5), "{statuses:?}");
    for api in &apis {
        api.try_login("C0001", PW).expect(429, "too_many_requests");
    }
    // Another account is not affected.
    b.api().login("staff", PW);

    // An idempotency key used on one instance replays on the other.
    let body = json!({
        "macro_area": "Software Gestionale", "area": "Contabilità", "section": "Prima nota",
        "subject": "una volta sola", "description": "chiave condivisa"
    });
    let post_once = |api: &Api| {
        Api::send(
            api.request("POST", "/tickets", Some(&sessions[0].token))
                .header("idempotency-key", "job-shared-1")
                .json(&body),
        )
    };
    let first = post_once(&apis[0]);
    assert_eq!(first.status, 201, "{}", first.body);
    let again = post_once(&apis[1]);
    assert_eq!(again.status, 201, "{}", again.body);
    assert_eq!(first.body["number"], again.body["number"]);
    assert_eq!(again.headers["idempotent-replayed"], "true");
}

/// The sessions a server keeps on database `name` under `app` (its URL's application_name):
/// (not encrypted, all).
fn sessions_on(admin: &str, name: &str, app: &str) -> (i64, i64) {
    let mut c = postgres::Client::connect(admin, postgres::NoTls).unwrap();
    let row = c
        .query_one(
            "SELECT count(*) FILTER (WHERE NOT s.ssl), count(*) FROM pg_stat_ssl s \
             JOIN pg_stat_activity a USING (pid) \
             WHERE a.datname = $1 AND a.application_name = $2",
            &[&name, &app],
        )
        .unwrap();
    (row.get(0), row.get(1))
}

/// `lhs serve --db URL` that must not start: its exit code and what it said.
fn refused(url: &str) -> (i32, String) {
    let out = std::process::Command::new(crate::common::lhs_bin())
        .args(["serve", "--listen", "127.0.0.1:0", "--db", url])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn postgres_over_tls_with_the_servers_certificate_checked() {
    // tests/run gives its cluster a certificate from a private CA; elsewhere nothing to test.
    let (Some(admin), Ok(ca)) = (crate::common::test_pg(), std::env::var("LHS_TEST_PG_CA")) else {
        eprintln!("skipped: not on tests/run's PostgreSQL (LHS_TEST_PG, LHS_TEST_PG_CA)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let base = crate::common::db_of(dir.path());
    let name = base.rsplit('/').next().unwrap().to_owned();
    // verify-full against the CA: every connection the server keeps is encrypted.
    let p = Portal::start_with(
        dir,
        &format!("{base}?application_name=lhs_tls&sslmode=verify-full&sslrootcert={ca}"),
        &["--dev", "--dev-password", PW],
        &[],
    );
    p.api()
        .login("rossi.mario", PW)
        .new_ticket("Via TLS", "cifrato");
    let (plain, all) = sessions_on(&admin, &name, "lhs_tls");
    assert!(
        all > 0 && plain == 0,
        "{plain} of {all} sessions unencrypted"
    );
    // (`p` keeps running: dropping it would drop the database.)
    // A CA that did not sign the server's certificate: the server refuses to start, and
    // says why, without the password or the certificate's contents.
    let (code, err) = refused(&format!("{base}?sslmode=verify-full&sslrootcert=system"));
    assert_ne!(code, 0, "{err}");
    assert!(err.contains("cannot connect to PostgreSQL"), "{err}");
    assert!(err.to_lowercase().contains("certificate"), "{err}");
    // verify-* without a CA, a missing CA file, an unknown mode: refused before connecting.
    for (url, says) in [
        (format!("{base}?sslmode=verify-ca"), "sslrootcert"),
        (
            format!("{base}?sslmode=verify-ca&sslrootcert=/nonexistent/ca.pem"),
            "/nonexistent/ca.pem",
        ),
        (format!("{base}?sslmode=always"), "verify-full"),
    ] {
        let (code, err) = refused(&url);
        assert_ne!(code, 0, "{url}: {err}");
        assert!(err.contains(says), "{url}: {err}");
    }
    // sslmode=disable: plain connections, as asked (a second server on the same database).
    let q = Portal::start_with(
        tempfile::tempdir().unwrap(),
        &format!("{base}?application_name=lhs_plain&sslmode=disable"),
        &[],
        &[],
    );
    q.api().login("rossi.mario", PW);
    let (plain, all) = sessions_on(&admin, &name, "lhs_plain");
    assert!(
        all > 0 && plain == all,
        "{plain} of {all} sessions unencrypted"
    );
    drop(q);
    drop(p);
}

/// An open ticket page follows the ticket through `GET /ticket/N/versione`: a change made
/// through one instance moves the version another instance answers (the shared database
/// says it, no message between the instances is needed).
#[test]
fn a_ticket_page_on_one_instance_sees_a_change_made_through_another() {
    if !on_postgres() {
        eprintln!("runs in the PostgreSQL pass of tests/run (LHS_TEST_PG unset)");
        return;
    }
    let a = Portal::start(&["--dev", "--dev-password", PW], &[]);
    let b = a.another(&[]);
    let customer = a.session("rossi.mario");
    let n = customer.new_ticket("Due istanze", "una pagina aperta su A");
    let page_on_a = |token: &str| {
        reqwest::blocking::Client::new()
            .get(format!("{}/ticket/{n}/versione", a.url))
            .header("cookie", format!("lhs_session={token}"))
            .send()
            .unwrap()
            .text()
            .unwrap()
    };
    let before = page_on_a(&customer.token);
    assert!(!before.is_empty());
    // The desk takes it through B.
    let staff_on_b = Session {
        api: b.api(),
        token: a.session("staff").token,
    };
    staff_on_b
        .post(&format!("/tickets/{n}/take"), serde_json::json!({}))
        .ok();
    let after = page_on_a(&customer.token);
    assert_ne!(before, after);
    // Another company's ticket has no version to give (not found).
    let status = reqwest::blocking::Client::new()
        .get(format!("{}/ticket/999999/versione", a.url))
        .header("cookie", format!("lhs_session={}", customer.token))
        .send()
        .unwrap()
        .status();
    assert_eq!(status, 404);
}
