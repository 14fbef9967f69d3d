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
    assert_eq!(
        u["must_change_password"], true,
        "an initial password must be changed"
    );
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
        ("password", json!("onlyletters"), "letters (A-Z) and digits"),
        ("password", json!("àèìòùàèì1"), "letters (A-Z) and digits"),
        ("name", json!(" Anna"), "spaces"),
        ("permissions", json!({"Assistenza": "all"}), "valid areas"),
        (
            "permissions",
            json!({"assistenza": "ALL"}),
            "off|read|own|all",
        ),
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
    let smtp = SmtpSink::start();
    let p = Portal::dev_with(&["--smtp", &smtp.url(), "--mail-interval", "1s"]);
    let user = p.session("rossi.mario");
    user.get("/users").expect(403, "admin_only");
    user.post("/users", bianchi()).expect(403, "admin_only");
    // A second company with its own Administrator.
    let staff = p.session("staff");
    let other = p.customer(&smtp, "C0002");
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
fn an_account_without_a_password_gets_an_invitation_never_a_password() {
    let smtp = SmtpSink::start();
    let url = smtp.url();
    let p = Portal::dev_with(&["--smtp", &url, "--mail-interval", "1s"]);
    let admin = p.session("C0001");
    let mut v = bianchi();
    v.as_object_mut().unwrap().remove("password");
    let u = admin.post("/users", v).ok();
    assert_eq!(u["must_change_password"], false);
    assert_eq!(u["invitation_pending"], true);
    let summary = smtp.wait_for("user summary", |m| {
        m.subject == "Nuova utenza sul portale clienti: bianchi.anna"
    });
    assert_eq!(summary.to, ["anna.bianchi@demo.example"]);
    assert!(summary.body.contains("assistenza"), "{}", summary.body);
    assert!(summary.body.contains("all"));
    let code = smtp.invitation_code("bianchi.anna");
    // Nothing in any mail looks like a password.
    for m in smtp.mails() {
        assert!(
            !m.body.to_lowercase().contains("password temporanea"),
            "{}",
            m.body
        );
    }
    // Before the invitation is used the account cannot log in at all.
    p.api()
        .try_login("bianchi.anna", "Anna2024pw")
        .expect(401, "invalid_credentials");
    p.api().accept_code(&code, "MyOwnPassw0rd");
    // Single use.
    p.api()
        .call(
            "POST",
            "/auth/reset",
            None,
            Some(json!({"token": code, "new_password": "Another2024x"})),
        )
        .expect(422, "reset_token_invalid");
    let s = p.api().login("bianchi.anna", "MyOwnPassw0rd");
    s.get("/tickets").ok();
    assert_eq!(
        admin.get("/users/bianchi.anna").ok()["invitation_pending"],
        false
    );
    smtp.wait_for("password changed", |m| {
        m.subject == "Password modificata" && m.to == ["anna.bianchi@demo.example"]
    });
}

#[test]
fn a_password_set_by_the_administrator_must_be_changed_and_staff_set_none() {
    let p = Portal::dev();
    let admin = p.session("C0001");
    // The manual's flow: the Administrator gives an initial password…
    let u = admin.post("/users", bianchi()).ok();
    assert_eq!(u["must_change_password"], true);
    let s = p.api().login("bianchi.anna", "Anna2024pw");
    s.get("/me").ok();
    s.get("/tickets").expect(403, "password_change_required");
    s.get("/catalog").expect(403, "password_change_required");
    assert_eq!(
        s.post(
            "/auth/password",
            json!({"current_password": "Anna2024pw", "new_password": "MyOwnPassw0rd"})
        )
        .status,
        204
    );
    s.get("/tickets").ok();
    // …and a password the Administrator sets later must be changed too; it signs the user out.
    admin
        .patch("/users/bianchi.anna", json!({"password": "Reset2024pw"}))
        .ok();
    s.get("/me").expect(401, "token_revoked");
    let again = p.api().login("bianchi.anna", "Reset2024pw");
    again
        .get("/tickets")
        .expect(403, "password_change_required");
    // Staff, admin or not, never set a password: not even for a user of any company.
    let staff = p.session("staff");
    let e = staff
        .patch("/users/rossi.mario", json!({"password": "Hijack2024pw"}))
        .expect(403, "permission_denied");
    assert!(e["message"].as_str().unwrap().contains("reset"), "{e}");
    p.api()
        .try_login("rossi.mario", "Hijack2024pw")
        .expect(401, "invalid_credentials");
    p.session("rossi.mario").get("/tickets").ok();
    // Staff can only send a reset: the user chooses the new password.
    let r = staff.post("/users/rossi.mario/password-reset", json!({}));
    assert_eq!(r.status, 202, "{}", r.body);
    // Customers' users cannot.
    p.session("rossi.mario")
        .post("/users/rossi.mario/password-reset", json!({}))
        .expect(403, "admin_only");
    // Customers cannot be created with a password either.
    staff
        .post(
            "/customers",
            json!({"code": "C0009", "name": "X", "admin_email": "x@x.example", "admin_password": "Chosen2024pw"}),
        )
        .expect(422, "validation_failed");
}
