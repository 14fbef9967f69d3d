//! Authentication: login, throttling, logout, expiry, personal tokens, password change,
//! forgotten password and reset, disabled accounts.

use std::time::Duration;

use serde_json::json;

use crate::common::{PW, Portal, SmtpSink};

#[test]
fn login_me_and_roles_of_the_dev_accounts() {
    let p = Portal::dev();
    let staff = p.session("staff").get("/me").ok();
    assert_eq!(staff["role"], "staff");
    assert_eq!(staff["staff_admin"], true);
    assert!(staff["permissions"].is_null());
    let admin = p.session("C0001").get("/me").ok();
    assert_eq!(admin["role"], "admin");
    assert_eq!(admin["customer_code"], "C0001");
    assert_eq!(admin["company_name"], "Demo S.r.l.");
    let user = p.session("rossi.mario").get("/me").ok();
    assert_eq!(user["role"], "user");
    assert_eq!(user["email"], "mario.rossi@demo.example");
    assert_eq!(user["permissions"]["assistenza"], "own");
    assert_eq!(user["permissions"]["acquisti"], "off");
    assert_eq!(user["permissions"]["corsi"], "enrol");
    assert_eq!(user["token_kind"], "session");
    // Account names are case-insensitive.
    p.api().login("ROSSI.MARIO", PW);
}

#[test]
fn bad_credentials_and_missing_tokens_are_401() {
    let p = Portal::dev();
    let api = p.api();
    api.try_login("rossi.mario", "wrong-pass1")
        .expect(401, "invalid_credentials");
    api.try_login("nobody", "wrong-pass1")
        .expect(401, "invalid_credentials");
    api.call("GET", "/me", None, None)
        .expect(401, "unauthenticated");
    api.call("GET", "/me", Some("lhs_s_forged"), None)
        .expect(401, "token_invalid");
}

#[test]
fn failed_logins_are_throttled_per_account() {
    let p = Portal::dev();
    let api = p.api();
    for _ in 0..5 {
        api.try_login("rossi.mario", "wrong-pass1")
            .expect(401, "invalid_credentials");
    }
    let r = api.try_login("rossi.mario", PW);
    assert!(r.headers.get("retry-after").is_some());
    r.expect(429, "too_many_requests");
    // Another account from the same address still works (per-address limit is higher).
    api.login("staff", PW);
}

#[test]
fn failed_logins_are_throttled_per_address() {
    let p = Portal::dev();
    let api = p.api();
    for i in 0..20 {
        api.try_login(&format!("ghost{i}"), "wrong-pass1")
            .expect(401, "invalid_credentials");
    }
    api.try_login("staff", PW).expect(429, "too_many_requests");
}

#[test]
fn logout_revokes_the_session() {
    let p = Portal::dev();
    let s = p.session("rossi.mario");
    let other = p.session("rossi.mario");
    assert_eq!(s.post("/auth/logout", json!({})).status, 204);
    s.get("/me").expect(401, "token_revoked");
    other.get("/me").ok();
}

#[test]
fn sessions_expire() {
    let p = Portal::dev_with(&["--session-ttl", "1s"]);
    let s = p.session("rossi.mario");
    std::thread::sleep(Duration::from_millis(1300));
    s.get("/me").expect(401, "token_expired");
}

#[test]
fn personal_tokens_act_as_their_owner_and_can_be_revoked() {
    let p = Portal::dev();
    let s = p.session("rossi.mario");
    let created = s
        .post("/tokens", json!({"name": "ci", "expires_in_seconds": 3600}))
        .ok();
    let secret = created["token"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("lhs_p_"));
    let id = created["id"].as_i64().unwrap();
    let api = p.api();
    let me = api.call("GET", "/me", Some(&secret), None).ok();
    assert_eq!(me["account"], "rossi.mario");
    assert_eq!(me["token_kind"], "api");
    let n = crate::common::Session {
        api: api.clone(),
        token: secret.clone(),
    }
    .new_ticket("from CI", "opened with a personal token");
    assert!(n > 1000);
    let list = s.get("/tokens").ok();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["name"], "ci");
    assert!(
        !list.to_string().contains(&secret),
        "list must not show secrets"
    );
    assert_eq!(s.delete(&format!("/tokens/{id}")).status, 204);
    api.call("GET", "/me", Some(&secret), None)
        .expect(401, "token_revoked");
    assert_eq!(s.get("/tokens").ok()[0]["revoked"], true);
    // Someone else's token id is not found.
    p.session("staff")
        .delete(&format!("/tokens/{id}"))
        .expect(404, "not_found");
}

#[test]
fn personal_tokens_expire_and_validate_their_input() {
    let p = Portal::dev();
    let s = p.session("rossi.mario");
    let t = s
        .post("/tokens", json!({"name": "short", "expires_in_seconds": 1}))
        .ok();
    std::thread::sleep(Duration::from_millis(1300));
    p.api()
        .call("GET", "/me", t["token"].as_str(), None)
        .expect(401, "token_expired");
    s.post("/tokens", json!({"name": "", "expires_in_seconds": 10}))
        .expect(422, "validation_failed");
    s.post(
        "/tokens",
        json!({"name": "x", "expires_in_seconds": 400 * 86400}),
    )
    .expect(422, "validation_failed");
    s.post("/tokens", json!({"nam": "x"}))
        .expect(422, "validation_failed");
}

#[test]
fn password_change_revokes_other_sessions_and_checks_the_policy() {
    let p = Portal::dev();
    let s = p.session("rossi.mario");
    let other = p.session("rossi.mario");
    s.post(
        "/auth/password",
        json!({"current_password": "nope-nope1", "new_password": "NewPassw0rd"}),
    )
    .expect(422, "validation_failed");
    let weak = s
        .post(
            "/auth/password",
            json!({"current_password": PW, "new_password": "short"}),
        )
        .expect(422, "validation_failed");
    assert!(weak["message"].as_str().unwrap().contains("8 characters"));
    assert!(!weak.to_string().contains("short\""), "no password echoed");
    assert_eq!(
        s.post(
            "/auth/password",
            json!({"current_password": PW, "new_password": "NewPassw0rd"})
        )
        .status,
        204
    );
    s.get("/me").ok();
    other.get("/me").expect(401, "token_revoked");
    p.api()
        .try_login("rossi.mario", PW)
        .expect(401, "invalid_credentials");
    p.api().login("rossi.mario", "NewPassw0rd");
}

#[test]
fn forgot_and_reset_with_a_single_use_token_from_the_mail() {
    let smtp = SmtpSink::start();
    let url = smtp.url();
    let p = Portal::dev_with(&["--smtp", &url, "--mail-interval", "1s"]);
    let before = p.session("rossi.mario");
    let r = p.api().call(
        "POST",
        "/auth/forgot",
        None,
        Some(json!({"account": "rossi.mario"})),
    );
    assert_eq!(r.status, 202);
    // Unknown accounts get the same answer.
    assert_eq!(
        p.api()
            .call(
                "POST",
                "/auth/forgot",
                None,
                Some(json!({"account": "nobody"}))
            )
            .status,
        202
    );
    let mail = smtp.wait_for("reset", |m| m.subject == "Reimpostazione della password");
    assert_eq!(mail.to, vec!["mario.rossi@demo.example"]);
    assert!(!mail.body.contains(PW));
    let token = mail
        .body
        .split_whitespace()
        .find(|w| w.starts_with("lhs_r_"))
        .expect("token in the mail")
        .to_owned();
    let reset = |tok: &str| {
        p.api().call(
            "POST",
            "/auth/reset",
            None,
            Some(json!({"token": tok, "new_password": "Reset3dPass"})),
        )
    };
    assert_eq!(reset(&token).status, 204);
    reset(&token).expect(422, "reset_token_invalid");
    reset("lhs_r_made_up").expect(422, "reset_token_invalid");
    before.get("/me").expect(401, "token_revoked");
    p.api().login("rossi.mario", "Reset3dPass");
    smtp.wait_for("password changed", |m| {
        m.subject == "Password modificata" && m.to == ["mario.rossi@demo.example"]
    });
}

#[test]
fn forgot_password_is_rate_limited() {
    let p = Portal::dev();
    let api = p.api();
    for _ in 0..3 {
        assert_eq!(
            api.call(
                "POST",
                "/auth/forgot",
                None,
                Some(json!({"account": "rossi.mario"}))
            )
            .status,
            202
        );
    }
    api.call(
        "POST",
        "/auth/forgot",
        None,
        Some(json!({"account": "rossi.mario"})),
    )
    .expect(429, "too_many_requests");
}

#[test]
fn a_disabled_user_is_locked_out_at_once() {
    let p = Portal::dev();
    let user = p.session("rossi.mario");
    let token = p
        .session("rossi.mario")
        .post("/tokens", json!({"name": "ci"}))
        .ok()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let admin = p.session("C0001");
    let u = admin.post("/users/rossi.mario/disable", json!({})).ok();
    assert_eq!(u["active"], false);
    user.get("/me").expect(401, "account_disabled");
    p.api()
        .call("GET", "/me", Some(&token), None)
        .expect(401, "account_disabled");
    p.api()
        .try_login("rossi.mario", PW)
        .expect(401, "account_disabled");
    admin.post("/users/rossi.mario/enable", json!({})).ok();
    p.api().login("rossi.mario", PW).get("/me").ok();
    // Sessions from before the disable stay dead.
    user.get("/me").expect(401, "token_revoked");
}
