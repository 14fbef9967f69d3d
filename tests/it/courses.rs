//! Courses (calendar, seats, enrolment only with a subscription, each `corsi` level) and a
//! customer's standing (the temporary banner, suspension).

use serde_json::json;

use crate::cli_env::Shell;
use crate::common::{PW, Portal};

fn in_days(d: i64) -> String {
    (chrono::Local::now() + chrono::Duration::days(d))
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

#[test]
fn calendar_seats_subscription_and_each_permission_level() {
    let p = Portal::dev();
    let desk = Shell::new(&p);
    desk.login("staff");
    // The dev portal subscribes C0001 to courses: start without.
    desk.run(&[
        "desk",
        "customers",
        "subscription",
        "C0001",
        "--courses",
        "off",
    ])
    .ok();
    let add = |title: &str, days: i64, seats: &str| {
        desk.run(&[
            "desk",
            "courses",
            "add",
            "--title",
            title,
            "--starts",
            &in_days(days),
            "--seats",
            seats,
            "--description",
            "Programma del corso",
        ])
        .ok()
        .stdout
        .trim()
        .to_owned()
    };
    let later = add("Chiusura d'esercizio", 3, "2");
    let soon = add("Prima nota", 1, "1");
    desk.run(&[
        "desk",
        "courses",
        "add",
        "--title",
        "x",
        "--starts",
        &in_days(-1),
        "--seats",
        "3",
    ])
    .fails(6)
    .err_has("in the past");
    desk.run(&[
        "desk", "courses", "add", "--title", "x", "--starts", "domani", "--seats", "3",
    ])
    .fails(2)
    .err_has("YYYY-MM-DD HH:MM");

    let user = Shell::new(&p);
    user.login("rossi.mario");
    let cal = user.run(&["courses", "list", "--json"]).json();
    let ids: Vec<String> = cal
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].to_string())
        .collect();
    // Calendar order; the dev portal's own course is in two weeks.
    assert_eq!(ids[..2], [soon.clone(), later.clone()], "calendar order");
    assert_eq!(cal[0]["seats_left"], 1);
    // No subscription yet: the manual's "Iscrizione (se abbonato)".
    user.run(&["courses", "enrol", &soon])
        .fails(4)
        .err_has("subscription");
    desk.run(&[
        "desk",
        "customers",
        "subscription",
        "C0001",
        "--courses",
        "on",
    ])
    .ok();
    user.run(&["courses", "enrol", &soon])
        .ok()
        .err_has("0 seats left");
    user.run(&["courses", "enrol", &soon])
        .fails(7)
        .err_has("already enrolled");
    user.run(&["courses", "view", &soon])
        .ok()
        .out_has("enrolled")
        .out_has("Programma del corso");
    let mine = user.run(&["courses", "mine", "--json"]).json();
    assert_eq!(mine.as_array().unwrap().len(), 1);
    // Withdrawing gives the seat back; a second time there is nothing to withdraw.
    user.run(&["courses", "withdraw", &soon])
        .ok()
        .err_has("1 seat left");
    user.run(&["courses", "leave", &soon])
        .fails(7)
        .err_has("not enrolled")
        .err_has("lhs courses mine");
    assert!(
        user.run(&["courses", "mine", "--json"])
            .json()
            .as_array()
            .unwrap()
            .is_empty()
    );
    user.run(&["courses", "enrol", &soon])
        .ok()
        .err_has("0 seats left");

    let admin = p.session("C0001");
    let read = admin.create_user("lettura.corsi", json!({"permissions": {"corsi": "read"}}));
    let off = admin.create_user("spento.corsi", json!({"permissions": {"corsi": "off"}}));
    let other = admin.create_user("altro.corsi", json!({}));
    let r = off.get("/courses");
    assert_eq!((r.status, r.code()), (403, "permission_denied"));
    assert!(r.body["message"].as_str().unwrap().contains("corsi=read"));
    off.get(&format!("/courses/{soon}"))
        .expect(403, "permission_denied");
    assert_eq!(
        read.get("/courses").ok()["items"].as_array().unwrap().len(),
        3
    );
    let r = read.post(&format!("/courses/{later}/enrolments"), json!({}));
    assert_eq!((r.status, r.code()), (403, "permission_denied"));
    assert!(r.body["message"].as_str().unwrap().contains("corsi=enrol"));
    other
        .post(&format!("/courses/{soon}/enrolments"), json!({}))
        .expect(409, "course_full");
    other
        .post(&format!("/courses/{later}/enrolments"), json!({}))
        .expect(201, "");
    p.session("staff")
        .post(&format!("/courses/{later}/enrolments"), json!({}))
        .expect(403, "company_users_only");
    p.session("staff")
        .delete(&format!("/courses/{later}/enrolments/mine"))
        .expect(403, "company_users_only");
    read.delete(&format!("/courses/{later}/enrolments/mine"))
        .expect(403, "permission_denied");
    p.session("C0001")
        .post(&format!("/courses/{later}/enrolments"), json!({}))
        .expect(201, "");
    let e = desk
        .run(&["desk", "courses", "enrolments", &later, "--json"])
        .json();
    let accounts: Vec<&str> = e
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["account"].as_str().unwrap())
        .collect();
    assert_eq!(accounts, ["altro.corsi", "C0001"], "in enrolment order");
    // Customers do not read enrolments.
    user.run(&["desk", "courses", "enrolments", &later])
        .fails(4);
    // Once the course has started the enrolment stays.
    let moved =
        format!("UPDATE courses SET starts_at = '2020-01-01T09:00:00.000Z' WHERE id = {later}");
    crate::common::execute_sql(p.dir.path(), &moved, &moved);
    other
        .delete(&format!("/courses/{later}/enrolments/mine"))
        .expect(409, "course_started");

    // Eight users race for three seats: exactly three get one.
    let race = add("Posti contati", 5, "3");
    let racers: Vec<_> = (0..8)
        .map(|i| admin.create_user(&format!("corridore.{i}"), json!({})))
        .collect();
    let won: usize = std::thread::scope(|s| {
        let handles: Vec<_> = racers
            .iter()
            .map(|r| {
                s.spawn(|| {
                    r.post(&format!("/courses/{race}/enrolments"), json!({}))
                        .status
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap())
            .filter(|s| *s == 201)
            .count()
    });
    assert_eq!(won, 3);
    assert_eq!(
        p.session("staff").get(&format!("/courses/{race}")).ok()["seats_left"],
        0
    );
}

#[test]
fn standing_temporary_shows_the_banner_and_suspended_refuses() {
    let p = Portal::dev();
    let desk = Shell::new(&p);
    desk.login("staff");
    let user = Shell::new(&p);
    user.login("rossi.mario");
    user.run(&["tickets", "list"]).ok();
    desk.run(&["desk", "customers", "standing", "C0001", "temporary"])
        .ok();
    user.run(&["tickets", "list"])
        .ok()
        .err_has("Accesso abilitato temporaneamente. Vi invitiamo a regolare la vostra posizione.");
    user.run(&["whoami"]).ok().out_has("temporary access");
    let s = p.session("rossi.mario");
    let r = s.request("GET", "/package").send().unwrap();
    assert_eq!(r.headers()["lhs-standing"], "temporary");
    assert_eq!(s.get("/me").ok()["standing"], "temporary");
    // The help desk is never affected.
    let staff = p
        .session("staff")
        .request("GET", "/tickets")
        .send()
        .unwrap();
    assert!(staff.headers().get("lhs-standing").is_none());
    assert!(!desk.run(&["desk", "queue"]).ok().stderr.contains("Accesso"));

    desk.run(&[
        "desk",
        "customers",
        "standing",
        "C0001",
        "temporary",
        "--message",
        "Fatture di ottobre da saldare entro il 30",
    ])
    .ok();
    user.run(&["package"])
        .ok()
        .err_has("Fatture di ottobre da saldare entro il 30");

    desk.run(&[
        "desk",
        "customers",
        "standing",
        "C0001",
        "suspended",
        "-m",
        "Contratto scaduto",
    ])
    .ok();
    user.run(&["tickets", "list"])
        .fails(3)
        .err_has("suspended")
        .err_has("Contratto scaduto");
    let r = p.api().try_login("rossi.mario", PW);
    assert_eq!((r.status, r.code()), (401, "account_suspended"));
    // A wrong password says nothing about the company.
    assert_eq!(
        p.api().try_login("rossi.mario", "sbagliata1").code(),
        "invalid_credentials"
    );
    s.get("/me").expect(401, "account_suspended");
    desk.run(&["desk", "queue"]).ok();
    let list = desk.run(&["desk", "customers", "list", "--json"]).json();
    assert_eq!(list[0]["standing"], "suspended");

    desk.run(&["desk", "customers", "standing", "C0001", "ok"])
        .ok();
    let again = Shell::new(&p);
    again.login("rossi.mario");
    assert!(
        !again
            .run(&["tickets", "list"])
            .ok()
            .stderr
            .contains("notice")
    );
    assert_eq!(p.session("rossi.mario").get("/me").ok()["standing"], "ok");
}
