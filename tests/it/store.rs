//! The Store: packages on sale, orders behind `acquisti=on`, the desk's confirmation that
//! credits the SMART package (with a movement naming the order) or rejection; mails at each
//! step.

use serde_json::json;

use crate::cli_env::Shell;
use crate::common::{Portal, SmtpSink};

#[test]
fn packages_orders_confirmation_and_rejection() {
    let smtp = SmtpSink::start();
    let p = Portal::dev_with(&["--smtp", &smtp.url()]);
    let desk = Shell::new(&p);
    desk.login("staff");
    desk.run(&[
        "desk",
        "store",
        "add",
        "PROVA-600",
        "--name",
        "Pacchetto 10 ore",
        "--minutes",
        "600",
        "--price",
        "450",
    ])
    .ok();
    desk.run(&[
        "desk",
        "store",
        "add",
        "PROVA-120",
        "--name",
        "Pacchetto 2 ore",
        "--minutes",
        "120",
        "--price",
        "99,50",
    ])
    .ok();
    desk.run(&[
        "desk",
        "store",
        "add",
        "prova-600",
        "--name",
        "x",
        "--minutes",
        "1",
        "--price",
        "1",
    ])
    .fails(7)
    .err_has("already exists");
    desk.run(&[
        "desk",
        "store",
        "add",
        "X",
        "--name",
        "x",
        "--minutes",
        "1",
        "--price",
        "1.234",
    ])
    .fails(2)
    .err_has("two decimals");

    let user = Shell::new(&p);
    user.login("rossi.mario");
    // With the dev portal's own two packages, cheapest first.
    let list = user.run(&["store", "list", "--json"]).json();
    let codes: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["SMART-120", "PROVA-120", "PROVA-600", "SMART-600"]);
    assert_eq!(list[1]["price_cents"], 9950);
    user.run(&["store", "list"]).ok().out_has("€99.50");
    // Default acquisti=off: no buying, no orders.
    user.run(&["store", "buy", "PROVA-600", "--yes"])
        .fails(4)
        .err_has("acquisti=on");
    user.run(&["store", "orders"]).fails(4);
    let admin = Shell::new(&p);
    admin.login("C0001");
    admin
        .run(&["users", "edit", "rossi.mario", "--perm", "acquisti=on"])
        .ok();
    // Off a terminal a purchase needs --yes.
    user.run(&["store", "buy", "PROVA-600"])
        .fails(2)
        .err_has("--yes");
    user.run(&["store", "buy", "NIENTE", "--yes"]).fails(5);
    let id = user
        .run(&["store", "buy", "PROVA-600", "--yes"])
        .ok()
        .stdout
        .trim()
        .to_owned();
    let received = smtp.wait_for("the order's receipt", |m| {
        m.to == ["mario.rossi@demo.example"] && m.subject == format!("Ordine {id} ricevuto")
    });
    assert!(received.body.contains("450,00 €"), "{}", received.body);
    // A later price change does not touch the order.
    desk.run(&["desk", "store", "edit", "PROVA-600", "--price", "500"])
        .ok();
    let pending = desk
        .run(&["desk", "orders", "list", "--status", "pending", "--json"])
        .json();
    assert_eq!(pending.as_array().unwrap().len(), 1);
    assert_eq!(pending[0]["price_cents"], 45000);
    assert_eq!(pending[0]["buyer"], "rossi.mario");

    let balance = |s: &Shell| s.run(&["package", "--json"]).json()["balance_minutes"].as_i64();
    assert_eq!(balance(&user), Some(600));
    desk.run(&["desk", "orders", "confirm", &id])
        .ok()
        .err_has("600 minutes credited to C0001");
    assert_eq!(balance(&user), Some(1200));
    let pkg = user.run(&["package", "--json"]).json();
    assert_eq!(pkg["movements"][0]["order"].to_string(), id);
    assert_eq!(pkg["movements"][0]["minutes"], 600);
    smtp.wait_for("the confirmation", |m| {
        m.subject == format!("Ordine {id} confermato")
    });
    desk.run(&["desk", "orders", "confirm", &id])
        .fails(7)
        .err_has("already confirmed");

    let second = admin
        .run(&["store", "buy", "PROVA-120", "--yes"])
        .ok()
        .stdout
        .trim()
        .to_owned();
    desk.run(&[
        "desk",
        "orders",
        "reject",
        &second,
        "--reason",
        "Pagamento non ricevuto",
    ])
    .ok();
    let mail = smtp.wait_for("the rejection", |m| {
        m.subject == format!("Ordine {second} rifiutato")
    });
    assert!(mail.body.contains("Pagamento non ricevuto"));
    assert_eq!(balance(&user), Some(1200));
    desk.run(&["desk", "orders", "confirm", &second])
        .fails(7)
        .err_has("already rejected");
    let mine = user.run(&["store", "orders", "--json"]).json();
    let statuses: Vec<&str> = mine
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["rejected", "confirmed"]);

    // Withdrawn: gone for customers, listed for the desk.
    desk.run(&["desk", "store", "edit", "PROVA-120", "--active", "off"])
        .ok();
    assert_eq!(
        user.run(&["store", "list", "--json"])
            .json()
            .as_array()
            .unwrap()
            .len(),
        3
    );
    user.run(&["store", "buy", "PROVA-120", "--yes"]).fails(5);
    desk.run(&["desk", "store", "packages"])
        .ok()
        .out_has("(withdrawn)");

    // Another customer sees none of this; the desk buys nothing; customers decide nothing.
    let other = p.customer(&smtp, "C0002");
    assert!(
        other.get("/store/orders").ok()["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    other
        .get(&format!("/store/orders/{id}"))
        .expect(404, "not_found");
    p.session("staff")
        .post("/store/orders", json!({"package": "PROVA-600"}))
        .expect(403, "company_users_only");
    p.session("C0001")
        .post(&format!("/store/orders/{second}/confirm"), json!({}))
        .expect(403, "staff_only");
    p.session("C0001")
        .post(
            "/store/packages",
            json!({"code": "X1", "name": "x", "minutes": 1, "price_cents": 1}),
        )
        .expect(403, "staff_only");
}
