//! Users and permissions as the customer Administrator manages them; tenancy of users.

use serde_json::json;

use crate::common::{Portal, SmtpSink};

fn bianchi() -> serde_json::Value {
    json!({
        "name": "Anna", "surname": "Bianchi", "email": "anna.bianchi@demo.example",
        "account": "bianchi.anna", "password": "Anna2024pw",
        "permissions": {"assistenza": "all", "support": "all", "acquisti": "on"}
    })
}

#[test]
fn admin_creates_lists_shows_and_edits_users() {
    let p = Portal::dev();
    let admin = p.session("C0001");
    let u = admin.post("/users", bianchi()).ok();
    assert_eq!(u["account"], "bianchi.anna");
    assert_eq!(u["customer_code"], "C0001");
    assert_eq!(u["active"], true);
    assert_eq!(u["permissions"]["assistenza"], "all");
    assert_eq!(u["permissions"]["acquisti"], "on");
    assert_eq!(u["permissions"]["documenti"], "detail", "defaults kept");
    assert_eq!(u["must_change_password"], false);
    let list = admin.get("/users").ok();
    let accounts: Vec<_> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["account"].as_str().unwrap())
        .collect();
    assert_eq!(accounts, ["bianchi.anna", "rossi.mario"]);
    let edited = admin
        .patch(
            "/users/bianchi.anna",
            json!({"surname": "Bianchi-Verdi", "permissions": {"faq": "off"}}),
        )
        .ok();
    assert_eq!(edited["surname"], "Bianchi-Verdi");
    assert_eq!(edited["permissions"]["faq"], "off");
    assert_eq!(edited["permissions"]["assistenza"], "all");
    assert_eq!(
        admin.get("/users/BIANCHI.ANNA").ok()["surname"],
        "Bianchi-Verdi"
    );
    p.api().login("bianchi.anna", "Anna2024pw");
    // Inactive at creation: cannot log in.
    let mut v = bianchi();
    v["account"] = json!("neri.luca");
    v["active"] = json!(false);
    admin.post("/users", v).ok();
    p.api()
        .try_login("neri.luca", "Anna2024pw")
        .expect(401, "account_disabled");
}

#[test]
fn invalid_users_are_refused_naming_the_field() {
    let p = Portal::dev();
    let admin = p.session("C0001");
    let mut dup = bianchi();
    dup["account"] = json!("rossi.mario");
    admin.post("/users", dup).expect(409, "account_taken");
    // Accounts are unique across companies too: the staff account name is taken.
    let mut dup = bianchi();
    dup["account"] = json!("staff");
    admin.post("/users", dup).expect(409, "account_taken");
    for (field, value, needle) in [
        ("password", json!("short1"), "8 characters"),
        ("password", json!("onlyletters"), "letters and digits"),
        ("email", json!("not-an-email"), "e-mail"),
        ("account", json!("bad account"), "invalid account"),
        ("name", json!(" "), "name"),
        (
            "permissions",
            json!({"assistenza": "download"}),
            "off|read|own|all",
        ),
        ("permissions", json!({"colori": "on"}), "valid areas"),
    ] {
        let mut v = bianchi();
        v[field] = value;
        let e = admin.post("/users", v).expect(422, "validation_failed");
        assert_eq!(e["details"]["field"], field, "{e}");
        assert!(e["message"].as_str().unwrap().contains(needle), "{e}");
    }
    // Nothing half-written.
    assert_eq!(admin.get("/users").ok().as_array().unwrap().len(), 1);
}

#[test]
fn only_administrators_manage_users_and_only_their_own() {
    let p = Portal::dev();
    let user = p.session("rossi.mario");
    user.get("/users").expect(403, "admin_only");
    user.post("/users", bianchi()).expect(403, "admin_only");
    // A second company with its own Administrator.
    let staff = p.session("staff");
    staff
        .post(
            "/customers",
            json!({"code": "C0002", "name": "Other S.p.A.", "admin_email": "admin@other.example", "admin_password": "Other2024pw"}),
        )
        .ok();
    let other = p.api().login("C0002", "Other2024pw");
    assert!(other.get("/users").ok().as_array().unwrap().is_empty());
    other.get("/users/rossi.mario").expect(404, "not_found");
    other
        .patch("/users/rossi.mario", json!({"name": "X"}))
        .expect(404, "not_found");
    other
        .post("/users/rossi.mario/disable", json!({}))
        .expect(404, "not_found");
    // The Administrator account itself is not an operative user to edit.
    p.session("C0001")
        .patch("/users/C0001", json!({"name": "X"}))
        .expect(404, "not_found");
    // Staff can read every company's users, or one company's.
    assert_eq!(staff.get("/users").ok().as_array().unwrap().len(), 1);
    assert_eq!(
        staff
            .get("/users?customer=C0002")
            .ok()
            .as_array()
            .unwrap()
            .len(),
        0
    );
}

#[test]
fn generated_password_is_mailed_and_must_be_changed_first() {
    let smtp = SmtpSink::start();
    let url = smtp.url();
    let p = Portal::dev_with(&["--smtp", &url, "--mail-interval", "1s"]);
    let admin = p.session("C0001");
    let mut v = bianchi();
    v.as_object_mut().unwrap().remove("password");
    let u = admin.post("/users", v).ok();
    assert_eq!(u["must_change_password"], true);
    let summary = smtp.wait_for("user summary", |m| {
        m.subject == "Nuova utenza sul portale clienti: bianchi.anna"
    });
    assert_eq!(summary.to, ["anna.bianchi@demo.example"]);
    assert!(summary.body.contains("assistenza"), "{}", summary.body);
    assert!(summary.body.contains("all"));
    let temp = smtp.temporary_password("bianchi.anna");
    let login = p.api().try_login("bianchi.anna", &temp).ok();
    assert_eq!(login["must_change_password"], true);
    let s = p.api().login("bianchi.anna", &temp);
    s.get("/me").ok();
    s.get("/tickets").expect(403, "password_change_required");
    s.get("/catalog").expect(403, "password_change_required");
    assert_eq!(
        s.post(
            "/auth/password",
            json!({"current_password": temp, "new_password": "MyOwnPassw0rd"})
        )
        .status,
        204
    );
    s.get("/tickets").ok();
    smtp.wait_for("password changed", |m| {
        m.subject == "Password modificata" && m.to == ["anna.bianchi@demo.example"]
    });
}
