//! The web pages: sign-in, the home page's menu by permission, sign-out, the language switch,
//! CSRF, cookie flags and headers — through HTTP with a cookie jar, posting forms as a
//! browser does.

use reqwest::blocking::{Client, Response};
use reqwest::header::HeaderMap;
use reqwest::redirect::Policy;

use crate::common::{PW, Portal, SmtpSink, code_in};

struct Browser {
    client: Client,
    base: String,
}

impl Browser {
    fn new(p: &Portal) -> Browser {
        Self::with_headers(p, HeaderMap::new())
    }

    fn with_headers(p: &Portal, headers: HeaderMap) -> Browser {
        Browser {
            client: Client::builder()
                .cookie_store(true)
                .redirect(Policy::none())
                .default_headers(headers)
                .build()
                .unwrap(),
            base: p.url.clone(),
        }
    }

    fn get(&self, path: &str) -> Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .unwrap()
    }

    fn post(&self, path: &str, form: &[(&str, &str)]) -> Response {
        self.client
            .post(format!("{}{path}", self.base))
            .form(form)
            .send()
            .unwrap()
    }

    /// The CSRF token of the forms of the page at `path`.
    fn token(&self, path: &str) -> String {
        csrf_of(&self.get(path).text().unwrap())
    }

    fn sign_in(&self, account: &str, password: &str) -> Response {
        let csrf = self.token("/accedi");
        self.post(
            "/accedi",
            &[
                ("csrf", &csrf),
                ("account", account),
                ("password", password),
            ],
        )
    }
}

fn csrf_of(html: &str) -> String {
    let at = html
        .find(r#"name="csrf" value=""#)
        .unwrap_or_else(|| panic!("no CSRF field in {html}"));
    let rest = &html[at + r#"name="csrf" value=""#.len()..];
    rest[..rest.find('"').unwrap()].to_owned()
}

fn location(r: &Response) -> &str {
    r.headers()
        .get("location")
        .map_or("", |v| v.to_str().unwrap())
}

fn set_cookies(r: &Response) -> Vec<String> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_sign_in_page_speaks_italian_unless_english_is_preferred_and_is_locked_down() {
    let p = Portal::dev();
    let b = Browser::new(&p);
    let r = b.get("/accedi");
    assert_eq!(r.status(), 200);
    let h = r.headers().clone();
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert_eq!(h["x-frame-options"], "DENY");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["cache-control"], "no-store");
    assert!(h["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = r.text().unwrap();
    assert!(html.contains(r#"<html lang="it">"#), "{html}");
    assert!(html.contains("<h1>Accedi al portale clienti</h1>"));
    assert!(html.contains("Hai dimenticato la password? Clicca qui!"));
    assert!(html.contains(r#"<label for="account">Account</label>"#));
    // The stylesheet: named by its content, cached for good.
    let css = &html[html.find("/static/portal.").unwrap()..];
    let css = &css[..css.find('"').unwrap()];
    let r = b.get(css);
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "text/css; charset=utf-8");
    assert!(
        r.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert_eq!(b.get("/static/portal.0000.css").status(), 404);

    let mut en = HeaderMap::new();
    en.insert("accept-language", "en-GB,en;q=0.9".parse().unwrap());
    let html = Browser::with_headers(&p, en).get("/accedi").text().unwrap();
    assert!(html.contains(r#"<html lang="en">"#));
    assert!(html.contains("<h1>Sign in to the customer portal</h1>"));
}

#[test]
fn signing_in_opens_the_menu_the_permissions_allow() {
    let p = Portal::dev();
    let b = Browser::new(&p);
    // Not signed in: to the sign-in page.
    let r = b.get("/");
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/accedi");

    let r = b.sign_in("rossi.mario", PW);
    assert_eq!(r.status(), 303, "{:?}", r.text());
    assert_eq!(location(&r), "/");
    let cookie = set_cookies(&r)
        .into_iter()
        .find(|c| c.starts_with("lhs_session="))
        .expect("a session cookie");
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(flag), "{cookie}");
    }
    assert!(!cookie.contains("Domain="), "host-only: {cookie}");
    let html = b.get("/").text().unwrap();
    assert!(html.contains("Benvenuto, Mario Rossi"), "{html}");
    assert!(html.contains("Demo S.r.l. (C0001)"));
    for area in [
        "Profilo",
        "Assistenza online",
        "Documenti tecnici",
        "FAQ",
        "Store",
    ] {
        assert!(
            html.contains(&format!(">{area}</a>")),
            "{area} missing: {html}"
        );
    }
    assert!(
        !html.contains(">Utenti</a>"),
        "operative users manage no users"
    );
    assert!(html.contains("Il tuo residuo pacchetto SMART"));
    assert!(html.contains("<strong>600</strong> minuti"));

    // The Administrator manages users and has no tickets.
    let admin = Browser::new(&p);
    assert_eq!(admin.sign_in("C0001", PW).status(), 303);
    let html = admin.get("/").text().unwrap();
    assert!(
        html.contains(">Utenti</a>") && html.contains(">Profilo</a>"),
        "{html}"
    );
    assert!(!html.contains("Assistenza online"), "{html}");
}

#[test]
fn a_wrong_password_comes_back_with_the_error_summary_and_the_account_kept() {
    let p = Portal::dev();
    let b = Browser::new(&p);
    let r = b.sign_in("rossi.mario", "not-the-password1");
    assert_eq!(r.status(), 422);
    let html = r.text().unwrap();
    assert!(
        html.contains("<title>Errore: Accedi al portale clienti"),
        "{html}"
    );
    assert!(html.contains(r##"<li><a href="#password">Account o password errati</a></li>"##));
    assert!(html.contains(r#"value="rossi.mario""#));
    assert!(html.contains(r#"<p class="field-error" id="password-error">"#));
    // Empty fields are named before anything is sent.
    let csrf = b.token("/accedi");
    let html = b
        .post(
            "/accedi",
            &[("csrf", &csrf), ("account", ""), ("password", "")],
        )
        .text()
        .unwrap();
    assert!(
        html.contains(r##"<a href="#account">Inserisci il tuo account</a>"##),
        "{html}"
    );
    assert!(html.contains(r##"<a href="#password">Inserisci la tua password</a>"##));
    // What a user writes is escaped.
    let html = b.sign_in("<script>x</script>", "x").text().unwrap();
    assert!(!html.contains("<script>x"), "{html}");
    assert!(
        html.contains("&#60;script&#62;x") || html.contains("&lt;script&gt;x"),
        "{html}"
    );
}

#[test]
fn forms_that_do_not_come_from_the_portal_are_refused() {
    let p = Portal::dev();
    let b = Browser::new(&p);
    let csrf = b.token("/accedi");
    let creds = [("account", "rossi.mario"), ("password", PW)];
    // No token, or a wrong one.
    assert_eq!(b.post("/accedi", &creds).status(), 403);
    let wrong = [("csrf", "0123"), creds[0], creds[1]];
    assert_eq!(b.post("/accedi", &wrong).status(), 403);
    // The right token, sent from another site.
    let form = [("csrf", csrf.as_str()), creds[0], creds[1]];
    for (h, v) in [
        ("origin", "http://evil.example"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let r = b
            .client
            .post(format!("{}/accedi", p.url))
            .header(h, v)
            .form(&form)
            .send()
            .unwrap();
        assert_eq!(r.status(), 403, "{h}: {v}");
        assert!(r.text().unwrap().contains("Richiesta rifiutata"));
    }
    // A browser without a cookie has no token to match.
    let fresh = Client::builder().redirect(Policy::none()).build().unwrap();
    let r = fresh
        .post(format!("{}/accedi", p.url))
        .form(&form)
        .send()
        .unwrap();
    assert_eq!(r.status(), 403);
    // From the portal's own page it works.
    assert_eq!(b.post("/accedi", &form).status(), 303);
}

#[test]
fn signing_out_ends_the_session_at_once() {
    let p = Portal::dev();
    let b = Browser::new(&p);
    let r = b.sign_in("rossi.mario", PW);
    let session = set_cookies(&r)
        .into_iter()
        .find(|c| c.starts_with("lhs_session="))
        .unwrap();
    let session = session.split(';').next().unwrap().to_owned();
    let csrf = b.token("/");
    let r = b.post("/esci", &[("csrf", &csrf)]);
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/accedi?uscito");
    assert!(
        set_cookies(&r)
            .iter()
            .any(|c| c.starts_with("lhs_session=;") && c.contains("Max-Age=0"))
    );
    assert!(
        b.get("/accedi?uscito")
            .text()
            .unwrap()
            .contains("Sei uscito dal portale.")
    );
    // The old cookie no longer opens anything.
    let stale = Client::builder().redirect(Policy::none()).build().unwrap();
    let r = stale
        .get(format!("{}/", p.url))
        .header("cookie", &session)
        .send()
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/accedi?scaduta");
}

#[test]
fn the_language_switch_is_remembered_and_unknown_pages_are_html() {
    let p = Portal::dev();
    let b = Browser::new(&p);
    let csrf = b.token("/accedi");
    let r = b.post(
        "/lingua",
        &[("csrf", &csrf), ("lang", "en"), ("back", "/accedi")],
    );
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/accedi");
    assert!(
        b.get("/accedi")
            .text()
            .unwrap()
            .contains("Sign in to the customer portal")
    );
    // Never back to another site.
    let r = b.post(
        "/lingua",
        &[("csrf", &csrf), ("lang", "it"), ("back", "//evil.example/")],
    );
    assert_eq!(location(&r), "/");
    let r = b.get("/non-esiste");
    assert_eq!(r.status(), 404);
    assert!(r.text().unwrap().contains("<h1>Pagina non trovata</h1>"));
    // The API keeps its JSON answers.
    let r = b.get("/api/v1/non-esiste");
    assert_eq!(r.status(), 404);
    assert_eq!(r.json::<serde_json::Value>().unwrap()["code"], "not_found");

    // Signed in, the choice is the user's: kept with them (their mails follow it), and
    // another browser signing in as them speaks it.
    let user = p.session("rossi.mario");
    assert_eq!(user.get("/me").body["language"], "it");
    let b = Browser::new(&p);
    b.sign_in("rossi.mario", PW);
    let csrf = b.token("/");
    b.post("/lingua", &[("csrf", &csrf), ("lang", "en"), ("back", "/")]);
    assert_eq!(user.get("/me").body["language"], "en");
    let elsewhere = Browser::new(&p);
    assert!(elsewhere.get("/accedi").text().unwrap().contains("Accedi"));
    elsewhere.sign_in("rossi.mario", PW);
    let html = elsewhere.get("/").text().unwrap();
    assert!(html.contains(r#"<html lang="en">"#), "{html}");
    // Chosen on the sign-in page before signing in: kept for the user too.
    let b = Browser::new(&p);
    let csrf = b.token("/accedi");
    b.post(
        "/lingua",
        &[("csrf", &csrf), ("lang", "it"), ("back", "/accedi")],
    );
    b.sign_in("rossi.mario", PW);
    assert_eq!(user.get("/me").body["language"], "it");
    // The API: PATCH /me, the language only.
    let r = user.patch("/me", serde_json::json!({"language": "en"}));
    assert_eq!(
        (r.status, &r.body["language"]),
        (200, &serde_json::json!("en"))
    );
    assert_eq!(
        user.patch("/me", serde_json::json!({"email": "x@y.example"}))
            .status,
        422
    );
}

#[test]
fn a_forgotten_password_is_replaced_with_the_mailed_code_in_the_browser() {
    let smtp = SmtpSink::start();
    let url = smtp.url();
    let p = Portal::dev_with(&["--smtp", &url, "--mail-interval", "1s"]);
    let b = Browser::new(&p);
    let page = b.get("/password/dimenticata").text().unwrap();
    assert!(
        page.contains("<h1>Hai dimenticato la password?</h1>"),
        "{page}"
    );
    let csrf = csrf_of(&page);
    let r = b.post(
        "/password/dimenticata",
        &[("csrf", &csrf), ("account", "rossi.mario")],
    );
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/password/nuova?inviato");
    // An unknown account gets the same answer.
    let r = b.post(
        "/password/dimenticata",
        &[("csrf", &csrf), ("account", "nessuno")],
    );
    assert_eq!(location(&r), "/password/nuova?inviato");
    let page = b.get("/password/nuova?inviato").text().unwrap();
    assert!(page.contains("è stato inviato un codice"), "{page}");
    let mail = smtp.wait_for("reset", |m| m.subject == "Reimpostazione della password");
    let code = code_in(&mail.body, "lhs_r_");
    // The mail's link carries the code in the fragment, which no server sees.
    assert!(
        mail.body
            .contains(&format!("{}/password/nuova#codice={code}", p.url)),
        "{}",
        mail.body
    );

    // Every field's refusal, nothing changed.
    let post = |code: &str, new: &str, confirm: &str| {
        b.post(
            "/password/nuova",
            &[
                ("csrf", &csrf),
                ("code", code),
                ("new_password", new),
                ("confirm", confirm),
            ],
        )
    };
    let r = post(&code, "Nuova2024pass", "Nuova2024past");
    assert_eq!(r.status(), 422);
    assert!(
        r.text()
            .unwrap()
            .contains(r##"<a href="#confirm">Le due password sono diverse"##)
    );
    let html = post(&code, "corta1", "corta1").text().unwrap();
    assert!(
        html.contains(
            r##"<a href="#new_password">La password deve essere lunga almeno 8 caratteri</a>"##
        ),
        "{html}"
    );
    let html = post("lhs_r_inventato", "Nuova2024pass", "Nuova2024pass")
        .text()
        .unwrap();
    assert!(
        html.contains(r##"<a href="#code">Il codice non è valido"##),
        "{html}"
    );
    assert_eq!(Browser::new(&p).sign_in("rossi.mario", PW).status(), 303);

    let r = post(&code, "Nuova2024pass", "Nuova2024pass");
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/accedi?impostata");
    assert!(
        b.get("/accedi?impostata")
            .text()
            .unwrap()
            .contains("La password è impostata")
    );
    assert_eq!(Browser::new(&p).sign_in("rossi.mario", PW).status(), 422);
    assert_eq!(
        Browser::new(&p)
            .sign_in("rossi.mario", "Nuova2024pass")
            .status(),
        303
    );
}

#[test]
fn a_password_set_by_the_administrator_is_changed_at_the_first_sign_in() {
    let p = Portal::dev();
    let admin = p.session("C0001");
    admin
        .post(
            "/users",
            serde_json::json!({"name": "Anna", "surname": "Bianchi", "email": "anna@demo.example",
                "account": "bianchi.anna", "password": "Iniziale2024"}),
        )
        .ok();
    let b = Browser::new(&p);
    let r = b.sign_in("bianchi.anna", "Iniziale2024");
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/password/cambia?primo");
    // Nothing else opens before the change.
    let r = b.get("/");
    assert_eq!(location(&r), "/password/cambia?primo");
    let page = b.get("/password/cambia?primo").text().unwrap();
    assert!(
        page.contains("Prima di continuare scegli la tua password"),
        "{page}"
    );
    let csrf = csrf_of(&page);
    let change = |current: &str, new: &str| {
        b.post(
            "/password/cambia",
            &[
                ("csrf", &csrf),
                ("current_password", current),
                ("new_password", new),
                ("confirm", new),
            ],
        )
    };
    let html = change("Sbagliata2024", "Scelta2024anna").text().unwrap();
    assert!(
        html.contains(r##"<a href="#current_password">La password attuale è errata</a>"##),
        "{html}"
    );
    let html = change("Iniziale2024", "Iniziale2024").text().unwrap();
    assert!(html.contains(r##"<a href="#new_password">La nuova password deve essere diversa"##));
    let r = change("Iniziale2024", "Scelta2024anna");
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/");
    let html = b.get("/").text().unwrap();
    assert!(html.contains("Benvenuto, Anna Bianchi"), "{html}");
}

#[test]
fn the_ticket_list_shows_the_manuals_columns_filters_pages_and_closes() {
    let p = Portal::dev();
    let rossi = p.session("rossi.mario");
    let first = rossi.new_ticket("Fattura scartata dallo SDI", "Errore 00305");
    for i in 0..54 {
        rossi.new_ticket(&format!("Richiesta {i}"), "d");
    }
    let last = rossi.new_ticket("<b>Bonifico</b> non riuscito", "d");
    let b = Browser::new(&p);
    b.sign_in("rossi.mario", PW);
    let html = b.get("/ticket").text().unwrap();
    assert!(html.contains("<h1>Gestione Ticket Web</h1>"), "{html}");
    // A state that does not exist (a typed address) is named, not silently dropped.
    let r = b.get("/ticket?stato=aperto");
    assert_eq!(r.status(), 422);
    let bad = r.text().unwrap();
    assert!(
        bad.contains(r##"<a href="#stato-inserito">Lo stato «aperto» non esiste"##),
        "{bad}"
    );
    for col in [
        "Numero ticket",
        "Data creazione",
        "Utente",
        "Tecnico",
        "Data chiusura",
        "Stato",
        "Sezione",
        "Oggetto",
        "Min S.O.L.",
        "Priorità",
        "Dettagli",
        "Chiudi ticket",
    ] {
        assert!(
            html.contains(&format!(r#"<th scope="col">{col}</th>"#)),
            "{col}: {html}"
        );
    }
    // Newest first, escaped, 50 a page with the way on.
    assert!(
        html.contains("&#60;b&#62;Bonifico") || html.contains("&lt;b&gt;Bonifico"),
        "{html}"
    );
    assert!(!html.contains("<b>Bonifico"));
    assert_eq!(
        html.matches("<tr>").count(),
        1 + 50,
        "header row and 50 tickets"
    );
    assert!(html.contains(&format!(r#"<a href="/ticket/{last}">"#)));
    assert!(!html.contains(&format!(r#"<a href="/ticket/{first}">"#)));
    let next = html[html
        .find(r#"rel="next""#)
        .map(|i| html[..i].rfind("href=\"").unwrap() + 6)
        .unwrap()..]
        .split('"')
        .next()
        .unwrap()
        .replace("&#38;", "&")
        .replace("&amp;", "&");
    let html2 = b.get(&next).text().unwrap();
    assert_eq!(html2.matches("<tr>").count(), 1 + 6, "{next}: {html2}");
    assert!(html2.contains(&format!(r#"<a href="/ticket/{first}">"#)));
    assert!(html2.contains(r#"rel="prev""#) && !html2.contains(r#"rel="next""#));

    // Free search and states, kept in the URL, shown as removable chips.
    let html = b.get("/ticket?q=sdi&stato=inserito").text().unwrap();
    assert_eq!(html.matches("<tr>").count(), 2, "{html}");
    assert!(html.contains(r#"value="sdi""#));
    assert!(
        html.contains(
            r#"<a href="/ticket?q=sdi" aria-label="Rimuovi il filtro: Inserito">Inserito ×</a>"#
        ),
        "{html}"
    );
    let html = b.get("/ticket?stato=chiuso").text().unwrap();
    assert!(
        html.contains("Nessun ticket corrisponde a questi filtri."),
        "{html}"
    );
    // A range the wrong way round is named, nothing listed.
    let r = b.get("/ticket?da=2026-06-10&a=2026-06-01");
    assert_eq!(r.status(), 422);
    let html = r.text().unwrap();
    assert!(html.contains(r##"<a href="#da">"##), "{html}");
    let html = b.get("/ticket?da=31-31-2026").text().unwrap();
    assert!(
        html.contains("Inserisci la data come giorno, mese e anno"),
        "{html}"
    );

    // Chiudi ticket, back to the same list.
    let csrf = csrf_of(&b.get("/ticket").text().unwrap());
    let r = b.post(
        &format!("/ticket/{first}/chiudi"),
        &[("csrf", &csrf), ("back", "/ticket?q=sdi")],
    );
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), format!("/ticket?q=sdi&chiuso={first}"));
    let html = b
        .get(&format!("/ticket?q=sdi&chiuso={first}"))
        .text()
        .unwrap();
    assert!(html.contains(&format!("Ticket {first} chiuso.")), "{html}");
    assert_eq!(
        rossi.get(&format!("/tickets/{first}")).ok()["state"],
        "chiuso"
    );
    // Closed twice: the refusal in the page's words.
    let r = b.post(
        &format!("/ticket/{first}/chiudi"),
        &[("csrf", &csrf), ("back", "/ticket")],
    );
    assert_eq!(r.status(), 409);
    assert!(r.text().unwrap().contains("Il ticket è già chiuso"));
}

#[test]
fn the_ticket_list_follows_the_scope_of_each_user() {
    let smtp = SmtpSink::start();
    let url = smtp.url();
    let p = Portal::dev_with(&["--smtp", &url, "--mail-interval", "1s"]);
    let rossi = p.session("rossi.mario");
    let mine = rossi.new_ticket("Mio", "d");
    let other = p.customer(&smtp, "C0002").create_user(
        "verdi.gino",
        serde_json::json!({"name": "Gino", "surname": "Verdi", "permissions": {"assistenza": "all"}}),
    );
    let theirs = other.new_ticket("Loro", "d");
    let b = Browser::new(&p);
    b.sign_in("rossi.mario", PW);
    let html = b.get("/ticket").text().unwrap();
    assert!(html.contains(&format!(r#"<a href="/ticket/{mine}">"#)));
    assert!(
        !html.contains(&format!(r#"<a href="/ticket/{theirs}">"#)),
        "{html}"
    );
    // Another company's ticket cannot be closed either: not found.
    let csrf = csrf_of(&html);
    let r = b.post(&format!("/ticket/{theirs}/chiudi"), &[("csrf", &csrf)]);
    assert_eq!(r.status(), 404);
    // The Administrator has no tickets: the page says why.
    let admin = Browser::new(&p);
    admin.sign_in("C0001", PW);
    let r = admin.get("/ticket");
    assert_eq!(r.status(), 403);
    assert!(
        r.text()
            .unwrap()
            .contains("Amministratore non può aprire né gestire ticket")
    );
}

#[test]
fn a_ticket_page_shows_everything_and_takes_comments_closing_and_reopening() {
    let p = Portal::dev();
    let rossi = p.session("rossi.mario");
    let n = rossi.new_ticket("Fattura scartata", "Lo SDI ha scartato\nla fattura 12");
    let upload = reqwest::blocking::multipart::Form::new().part(
        "file",
        reqwest::blocking::multipart::Part::bytes(b"%PDF-1.4 esito".to_vec())
            .file_name("esito.pdf"),
    );
    let t = crate::common::Api::send(
        rossi
            .request("POST", &format!("/tickets/{n}/attachments"))
            .multipart(upload),
    )
    .ok();
    let file_id = t["attachments"][0]["id"].as_i64().unwrap();
    let staff = p.session("staff");
    staff
        .post(&format!("/tickets/{n}/take"), serde_json::json!({}))
        .ok();
    staff
        .post(
            &format!("/tickets/{n}/reply"),
            serde_json::json!({"body": "Corretto il codice <IdCodice>", "minutes": 15}),
        )
        .ok();

    let b = Browser::new(&p);
    b.sign_in("rossi.mario", PW);
    let html = b.get(&format!("/ticket/{n}")).text().unwrap();
    assert!(
        html.contains(&format!("<h1>Ticket {n}: Fattura scartata</h1>")),
        "{html}"
    );
    for fact in [
        "Risposto",
        "Demo S.r.l. (C0001)",
        "Mario Rossi",
        "staff",
        "Software Gestionale › Contabilità › Prima nota",
    ] {
        assert!(html.contains(fact), "{fact}: {html}");
    }
    assert!(html.contains("Lo SDI ha scartato\nla fattura 12"));
    assert!(
        html.contains("Commenti (1)") && html.contains("risposta, 15 minuti"),
        "{html}"
    );
    assert!(!html.contains("<IdCodice>"), "user-written text is escaped");
    assert!(html.contains(&format!(
        r#"href="/ticket/{n}/allegati/{file_id}" download>esito.pdf"#
    )));
    let r = b.get(&format!("/ticket/{n}/allegati/{file_id}"));
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert_eq!(r.bytes().unwrap().as_ref(), b"%PDF-1.4 esito");

    // A comment: empty is named, a real one brings the ticket back to the desk.
    let csrf = csrf_of(&html);
    let r = b.post(
        &format!("/ticket/{n}/commenta"),
        &[("csrf", &csrf), ("body", "  ")],
    );
    assert_eq!(r.status(), 422);
    assert!(
        r.text()
            .unwrap()
            .contains(r##"<a href="#body">Scrivi il commento</a>"##)
    );
    let r = b.post(
        &format!("/ticket/{n}/commenta"),
        &[("csrf", &csrf), ("body", "Ora funziona?")],
    );
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), format!("/ticket/{n}?commentato#comments"));
    let html = b.get(&format!("/ticket/{n}?commentato")).text().unwrap();
    assert!(html.contains("Commento aggiunto.") && html.contains("Commenti (2)"));
    assert!(
        html.contains("In carico"),
        "a customer's comment reopens the work: {html}"
    );
    assert!(
        html.find("Ora funziona?").unwrap() < html.find("Corretto il codice").unwrap(),
        "newest first"
    );

    // Ok, risolto; then Riapri within the window.
    let r = b.post(
        &format!("/ticket/{n}/chiudi"),
        &[("csrf", &csrf), ("back", &format!("/ticket/{n}"))],
    );
    assert_eq!(location(&r), format!("/ticket/{n}?chiuso"));
    let html = b.get(&format!("/ticket/{n}?chiuso")).text().unwrap();
    assert!(
        html.contains("Ticket chiuso: grazie.") && html.contains(">Chiuso</span>"),
        "{html}"
    );
    assert!(!html.contains("Ok, risolto") && html.contains(">Riapri</button>"));
    let r = b.post(
        &format!("/ticket/{n}/riapri"),
        &[("csrf", &csrf), ("comment", "Di nuovo scartata")],
    );
    assert_eq!(location(&r), format!("/ticket/{n}?riaperto"));
    assert_eq!(
        rossi.get(&format!("/tickets/{n}")).ok()["state"],
        "in_carico"
    );

    // A ticket of nobody the visitor may see is not found.
    let r = b.get("/ticket/999999");
    assert_eq!(r.status(), 404);
    assert!(r.text().unwrap().contains("Ticket 999999 non trovato"));
}

#[test]
fn a_new_ticket_is_opened_with_its_section_and_attachments_from_one_form() {
    use reqwest::blocking::multipart::{Form, Part};
    let p = Portal::dev();
    let b = Browser::new(&p);
    b.sign_in("rossi.mario", PW);
    let html = b.get("/ticket/nuovo").text().unwrap();
    assert!(html.contains("<h1>Inserisci nuovo ticket</h1>"), "{html}");
    assert!(html.contains("AVVISO:") && html.contains("Demo S.r.l. (C0001)"));
    assert!(
        html.contains(r#"<optgroup label="Software Gestionale › Contabilità">"#),
        "{html}"
    );
    assert!(
        html.contains("Fino a 3 file: JPG, JPEG, PNG, PDF, XML o ZIP, al massimo 1000 KB ciascuno")
    );
    let csrf = csrf_of(&html);
    // The option of Prima nota (the form's own value for it).
    let at = html.find(">Prima nota</option>").unwrap();
    let value = html[..at]
        .rsplit("value=\"")
        .next()
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let send = |form: Form| {
        b.client
            .post(format!("{}/ticket/nuovo", p.url))
            .multipart(form)
            .send()
            .unwrap()
    };
    let base = |subject: &str| {
        Form::new()
            .text("csrf", csrf.clone())
            .text("notify_email", "")
            .text("section", value.clone())
            .text("subject", subject.to_owned())
            .text("description", "Lo SDI ha scartato la fattura 12")
            .text("priority", "bloccante")
    };
    // Missing fields and a file of the wrong type: named, what was typed kept.
    let r = send(
        Form::new()
            .text("csrf", csrf.clone())
            .text("section", "")
            .text("subject", "")
            .text("description", "Testo tenuto")
            .part("file", Part::bytes(b"MZ".to_vec()).file_name("setup.exe")),
    );
    assert_eq!(r.status(), 422);
    let html = r.text().unwrap();
    for m in [
        r##"<a href="#section">Scegli la sezione della richiesta</a>"##,
        r##"<a href="#subject">Scrivi l'oggetto</a>"##,
        "tipo di file non ammesso",
    ] {
        assert!(
            html.contains(m) || html.contains(&m.replace('\'', "&#39;")),
            "{m}: {html}"
        );
    }
    assert!(html.contains("Testo tenuto"));
    // Sent: two files, the chosen section and priority.
    let form = base("Fattura scartata")
        .part(
            "file",
            Part::bytes(b"%PDF-1.4 esito".to_vec()).file_name("esito.pdf"),
        )
        .part(
            "file",
            Part::bytes(b"<?xml version=\"1.0\"?><a/>".to_vec()).file_name("fattura.xml"),
        );
    let r = send(form);
    assert_eq!(r.status(), 303, "{:?}", r.text());
    let to = location(&r).to_owned();
    assert!(to.ends_with("?aperto"), "{to}");
    let n: i64 = to["/ticket/".len()..to.find('?').unwrap()].parse().unwrap();
    let html = b.get(&to).text().unwrap();
    assert!(html.contains("Ticket inserito"), "{html}");
    assert!(
        html.contains("Allegati (2)") && html.contains("Bloccante"),
        "{html}"
    );
    let t = p.session("rossi.mario").get(&format!("/tickets/{n}")).ok();
    assert_eq!(t["section"], "Prima nota");
    assert_eq!(t["priority"], "bloccante");
    // A reader cannot open tickets: the form says why.
    let admin = p.session("C0001");
    admin.create_user("lettore.luca", serde_json::json!({"name": "Luca", "surname": "Lettore", "permissions": {"assistenza": "read"}}));
    let reader = Browser::new(&p);
    reader.sign_in("lettore.luca", PW);
    let r = reader.get("/ticket/nuovo");
    assert_eq!(r.status(), 403);
}

#[test]
fn the_administrator_manages_users_with_the_manuals_permission_matrix() {
    let p = Portal::dev();
    let b = Browser::new(&p);
    b.sign_in("C0001", PW);
    let html = b.get("/utenti").text().unwrap();
    assert!(html.contains("<h1>Gestione utenti</h1>"), "{html}");
    for col in ["Cognome", "Nome", "Ruolo", "UserName"] {
        assert!(
            html.contains(&format!(r#"<th scope="col">{col}</th>"#)),
            "{col}"
        );
    }
    assert!(
        html.contains(
            r#"<td data-label="UserName"><a href="/utente/rossi.mario">rossi.mario</a></td>"#
        ),
        "{html}"
    );
    assert!(
        b.get("/utenti?q=nessuno")
            .text()
            .unwrap()
            .contains("Nessun utente corrisponde.")
    );

    let page = b.get("/utenti/nuovo").text().unwrap();
    for words in [
        "Lettura",
        "Avanzate",
        "Vede solo i ticket che lui stesso ha creato",
        "Può vedere tutti i ticket",
    ] {
        assert!(page.contains(words), "{words}: {page}");
    }
    let csrf = csrf_of(&page);
    let mut form = vec![
        ("csrf", csrf.as_str()),
        ("name", "Anna"),
        ("surname", "Bianchi"),
        ("email", "anna@demo.example"),
        ("account", "bianchi.anna"),
        ("password", "Iniziale2024"),
        ("confirm", "Iniziale2025"),
        ("active", "1"),
        ("documenti_lettura", "1"),
        ("documenti_avanzate", "1"),
        ("assistenza_lettura", "1"),
        ("assistenza_avanzate", "all"),
        ("acquisti_lettura", "1"),
    ];
    let r = b.post("/utenti/nuovo", &form);
    assert_eq!(r.status(), 422);
    let html = r.text().unwrap();
    assert!(
        html.contains(r##"<a href="#confirm">Le due password sono diverse"##),
        "{html}"
    );
    assert!(
        html.contains(r#"value="bianchi.anna""#),
        "typed values kept"
    );
    assert!(
        html.contains(r#"name="assistenza_avanzate" value="all" checked"#),
        "matrix kept: {html}"
    );
    form[6] = ("confirm", "Iniziale2024");
    form[3] = ("email", "anna@");
    let html = b.post("/utenti/nuovo", &form).text().unwrap();
    assert!(
        html.contains(r##"<a href="#email">Indirizzo e-mail `anna@` non valido</a>"##),
        "{html}"
    );
    form[3] = ("email", "anna@demo.example");
    let r = b.post("/utenti/nuovo", &form);
    assert_eq!(r.status(), 303, "{:?}", r.text());
    assert_eq!(location(&r), "/utenti?creato=bianchi.anna");
    assert!(
        b.get("/utenti?creato=bianchi.anna")
            .text()
            .unwrap()
            .contains("Utente bianchi.anna creato")
    );
    let u = p.session("C0001").get("/users/bianchi.anna").ok();
    assert_eq!(u["permissions"]["documenti"], "detail");
    assert_eq!(u["permissions"]["assistenza"], "all");
    assert_eq!(u["permissions"]["acquisti"], "on");
    assert_eq!(u["permissions"]["video"], "off");
    assert_eq!(u["must_change_password"], true);
    // The same account again: named.
    let html = b.post("/utenti/nuovo", &form).text().unwrap();
    assert!(
        html.contains("bianchi.anna") && html.contains("è già in uso"),
        "{html}"
    );
    // Operative users manage nobody.
    let rossi = Browser::new(&p);
    rossi.sign_in("rossi.mario", PW);
    assert_eq!(rossi.get("/utenti").status(), 403);
    assert_eq!(rossi.get("/utenti/nuovo").status(), 403);
}

#[test]
fn the_profile_shows_the_user_and_manages_personal_tokens() {
    let p = Portal::dev();
    let b = Browser::new(&p);
    b.sign_in("rossi.mario", PW);
    let html = b.get("/profilo").text().unwrap();
    assert!(html.contains("<h1>Profilo</h1>"), "{html}");
    assert!(html.contains("Mario Rossi") && html.contains("mario.rossi@demo.example"));
    assert!(html.contains("Utente operativo") && html.contains("Non hai token personali."));
    assert!(html.contains(&format!("lhs login --host {} --user rossi.mario", p.url)));
    let csrf = csrf_of(&html);
    let r = b.post("/profilo/token", &[("csrf", &csrf), ("token_name", "")]);
    assert_eq!(r.status(), 422);
    assert!(r.text().unwrap().contains(r##"<a href="#token_name">"##));
    let r = b.post(
        "/profilo/token",
        &[("csrf", &csrf), ("token_name", "ci-build")],
    );
    assert_eq!(r.status(), 200);
    let html = r.text().unwrap();
    assert!(html.contains("viene mostrato solo questa volta"), "{html}");
    let at = html.find("value=\"lhs_p_").unwrap() + "value=\"".len();
    let secret = &html[at..at + html[at..].find('"').unwrap()];
    // The token works on the API, and is listed without its secret.
    let api = reqwest::blocking::Client::new();
    let me = api
        .get(format!("{}/api/v1/me", p.url))
        .bearer_auth(secret)
        .send()
        .unwrap();
    assert_eq!(me.status(), 200);
    let html = b.get("/profilo").text().unwrap();
    assert!(html.contains("ci-build") && html.contains("attivo") && !html.contains(secret));
    let id = html[html.find("/profilo/token/").unwrap() + "/profilo/token/".len()..]
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let r = b.post(&format!("/profilo/token/{id}/revoca"), &[("csrf", &csrf)]);
    assert_eq!(location(&r), "/profilo?revocato");
    assert!(
        b.get("/profilo?revocato")
            .text()
            .unwrap()
            .contains("Token revocato.")
    );
    let me = api
        .get(format!("{}/api/v1/me", p.url))
        .bearer_auth(secret)
        .send()
        .unwrap();
    assert_eq!(me.status(), 401);
}

#[test]
fn files_are_added_to_an_open_ticket_under_the_manuals_limits() {
    use reqwest::blocking::multipart::{Form, Part};
    let p = Portal::dev();
    let n = p.session("rossi.mario").new_ticket("Con allegati", "d");
    let b = Browser::new(&p);
    b.sign_in("rossi.mario", PW);
    let html = b.get(&format!("/ticket/{n}")).text().unwrap();
    assert!(
        html.contains(&format!(r#"action="/ticket/{n}/allegati""#)),
        "{html}"
    );
    let csrf = csrf_of(&html);
    let send = |form: Form| {
        b.client
            .post(format!("{}/ticket/{n}/allegati", p.url))
            .multipart(form)
            .send()
            .unwrap()
    };
    // None chosen; a PNG that is not one; too many: named, nothing stored.
    let r = send(
        Form::new()
            .text("csrf", csrf.clone())
            .part("file", Part::bytes(vec![]).file_name("")),
    );
    assert_eq!(r.status(), 422);
    assert!(r.text().unwrap().contains("Scegli almeno un file"));
    let r = send(Form::new().text("csrf", csrf.clone()).part(
        "file",
        Part::bytes(b"%PDF-1.4".to_vec()).file_name("foto.png"),
    ));
    assert!(r.text().unwrap().contains("il contenuto non è un file PNG"));
    let mut four = Form::new().text("csrf", csrf.clone());
    for i in 0..4 {
        four = four.part(
            "file",
            Part::bytes(b"%PDF-1.4".to_vec()).file_name(format!("f{i}.pdf")),
        );
    }
    assert!(
        send(four)
            .text()
            .unwrap()
            .contains("Troppi file: al massimo 3 per caricamento")
    );
    assert_eq!(
        p.session("rossi.mario").get(&format!("/tickets/{n}")).ok()["attachments"],
        serde_json::json!([])
    );
    // Two good files; a form from elsewhere is refused.
    let r = send(
        Form::new()
            .text("csrf", csrf.clone())
            .part(
                "file",
                Part::bytes(b"%PDF-1.4 a".to_vec()).file_name("a.pdf"),
            )
            .part(
                "file",
                Part::bytes(b"PK\x03\x04zip".to_vec()).file_name("b.zip"),
            ),
    );
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), format!("/ticket/{n}?allegati#attachments"));
    let html = b.get(&format!("/ticket/{n}?allegati")).text().unwrap();
    assert!(
        html.contains("Allegati aggiunti.") && html.contains("Allegati (2)"),
        "{html}"
    );
    let r = send(Form::new().text("csrf", "altro").part(
        "file",
        Part::bytes(b"%PDF-1.4 c".to_vec()).file_name("c.pdf"),
    ));
    assert_eq!(r.status(), 403);
}

#[test]
fn the_cli_opens_the_ticket_and_the_list_pages_in_the_browser() {
    use std::os::unix::fs::PermissionsExt;
    let p = Portal::dev();
    let n = p
        .session("rossi.mario")
        .new_ticket("Da aprire nel browser", "d");
    let mut sh = crate::cli_env::Shell::new(&p);
    sh.login("rossi.mario");
    let opened = sh.home.path().join("opened.txt");
    let browser = sh.home.path().join("browser.sh");
    std::fs::write(
        &browser,
        format!("#!/bin/sh\necho \"$1\" >> '{}'\n", opened.display()),
    )
    .unwrap();
    std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).unwrap();
    sh.set_env("BROWSER", browser.to_str().unwrap());
    sh.run(&["tickets", "view", &n.to_string(), "--web"])
        .ok()
        .err_has(&format!("Opening {}/ticket/{n} in your browser", p.url));
    // The JSON of a ticket carries its page too, as the server's public address says.
    let t = sh
        .run(&["tickets", "view", &n.to_string(), "--json"])
        .json();
    assert_eq!(t["url"], format!("{}/ticket/{n}", p.url));
    sh.run(&[
        "tickets",
        "list",
        "--state",
        "inserito",
        "--search",
        "browser",
        "--web",
        "--priority",
        "normale",
    ])
    .ok()
    .err_has("the page has no --priority filter");
    let urls = std::fs::read_to_string(&opened).unwrap();
    assert_eq!(
        urls,
        format!(
            "{0}/ticket/{n}\n{0}/ticket?stato=inserito&q=browser\n",
            p.url
        )
    );
    // The pages answer what the CLI opened, for the same person.
    let b = Browser::new(&p);
    b.sign_in("rossi.mario", PW);
    let html = b.get("/ticket?stato=inserito&q=browser").text().unwrap();
    assert!(
        html.contains(&format!(r#"<a href="/ticket/{n}">"#)),
        "{html}"
    );
    // Without an opener the URL is still given.
    sh.set_env("BROWSER", "/nonexistent/browser");
    sh.run(&["tickets", "view", &n.to_string(), "--web"])
        .fails(1)
        .err_has(&format!("open {}/ticket/{n} yourself", p.url));
}

#[test]
fn the_administrator_edits_disables_and_resets_a_user() {
    let smtp = SmtpSink::start();
    let url = smtp.url();
    let p = Portal::dev_with(&["--smtp", &url, "--mail-interval", "1s"]);
    let b = Browser::new(&p);
    b.sign_in("C0001", PW);
    let html = b.get("/utenti").text().unwrap();
    assert!(
        html.contains(r#"<a href="/utente/rossi.mario">rossi.mario</a>"#),
        "{html}"
    );
    let page = b.get("/utente/rossi.mario").text().unwrap();
    assert!(
        page.contains("<h1>Modifica l&#39;utente</h1>")
            || page.contains("<h1>Modifica l'utente</h1>"),
        "{page}"
    );
    assert!(
        page.contains(r#"value="Mario""#) && page.contains(r#"name="active" value="1" checked"#)
    );
    let csrf = csrf_of(&page);
    // Rossi signed in elsewhere loses the session once disabled.
    let rossi = Browser::new(&p);
    rossi.sign_in("rossi.mario", PW);
    assert_eq!(rossi.get("/").status(), 200);
    let form = [
        ("csrf", csrf.as_str()),
        ("name", "Mario"),
        ("surname", "Rossi"),
        ("email", "mario.rossi@demo.example"),
        ("assistenza_lettura", "1"),
        ("assistenza_avanzate", "own"),
        ("documenti_lettura", "1"),
    ];
    let r = b.post("/utente/rossi.mario", &form);
    assert_eq!(r.status(), 303, "{:?}", r.text());
    assert_eq!(location(&r), "/utente/rossi.mario?salvato");
    let u = p.session("C0001").get("/users/rossi.mario").ok();
    assert_eq!(u["active"], false);
    assert_eq!(u["permissions"]["assistenza"], "own");
    assert_eq!(u["permissions"]["documenti"], "read");
    assert_eq!(location(&rossi.get("/")), "/accedi?scaduta");
    // A disabled user gets no code; enabled again, the reset is mailed.
    let r = b.post("/utente/rossi.mario/reset", &[("csrf", &csrf)]);
    assert_eq!(r.status(), 409);
    let mut on = form.to_vec();
    on.push(("active", "1"));
    assert_eq!(b.post("/utente/rossi.mario", &on).status(), 303);
    let r = b.post("/utente/rossi.mario/reset", &[("csrf", &csrf)]);
    assert_eq!(location(&r), "/utente/rossi.mario?inviato");
    smtp.wait_for("reset", |m| m.subject == "Reimpostazione della password");
    // Another company's user, or a made-up one: not found.
    assert_eq!(b.get("/utente/nessuno").status(), 404);
    // The old address of a user's page leads to the new one.
    let r = b.get("/utenti/rossi.mario");
    assert_eq!(r.status(), 308);
    assert_eq!(location(&r), "/utente/rossi.mario");
    // An account named like the list's own pages has its page too.
    for account in ["nuovo", "importa", "esporta"] {
        p.session("C0001")
            .post(
                "/users",
                serde_json::json!({
                    "name": "Omonimo", "surname": "Pagina", "email": format!("{account}@demo.example"),
                    "account": account, "password": "Omonimo2024pw"
                }),
            )
            .ok();
        let page = b.get(&format!("/utente/{account}")).text().unwrap();
        assert!(page.contains(r#"value="Omonimo""#), "{account}: {page}");
        let list = b.get("/utenti").text().unwrap();
        assert!(list.contains(&format!(r#"<a href="/utente/{account}">"#)));
    }
}

#[test]
fn users_are_imported_from_a_csv_after_a_preview_and_exported() {
    use reqwest::blocking::multipart::{Form, Part};
    let p = Portal::dev();
    let b = Browser::new(&p);
    b.sign_in("C0001", PW);
    let html = b.get("/utenti/importa").text().unwrap();
    assert!(html.contains("Importa utenti da un file CSV"), "{html}");
    let csrf = csrf_of(&html);
    let send = |csv: &str, action: &str, update: bool| {
        let mut form = Form::new()
            .text("csrf", csrf.clone())
            .text("azione", action.to_owned())
            .part(
                "file",
                Part::bytes(csv.as_bytes().to_vec()).file_name("utenti.csv"),
            );
        if update {
            form = form.text("update", "1");
        }
        b.client
            .post(format!("{}/utenti/importa", p.url))
            .multipart(form)
            .send()
            .unwrap()
            .text()
            .unwrap()
    };
    let bad = "nome;cognome;email;account\nAnna;Bianchi;anna@demo.example;bianchi.anna\nX;Y;non-una-mail;y.x\n";
    let html = send(bad, "importa", false);
    assert!(
        html.contains("1 righe non sono valide: non è stato scritto niente."),
        "{html}"
    );
    assert!(html.contains("non-una-mail"));
    assert_eq!(p.session("C0001").get("/users/bianchi.anna").status, 404);

    let good = "nome;cognome;email;account\nAnna;Bianchi;anna@demo.example;bianchi.anna\nMario;Rossi;nuova@demo.example;rossi.mario\n";
    let html = send(good, "anteprima", false);
    assert!(
        html.contains("Anteprima: 1 da creare, 0 da aggiornare, 0 invariati, 1 saltati."),
        "{html}"
    );
    assert!(html.contains("esiste con un diverso email"), "{html}");
    assert_eq!(
        p.session("C0001").get("/users/bianchi.anna").status,
        404,
        "a preview writes nothing"
    );
    let html = send(good, "importa", true);
    assert!(
        html.contains("1 creati, 1 aggiornati, 0 non riusciti."),
        "{html}"
    );
    let admin = p.session("C0001");
    assert_eq!(
        admin.get("/users/bianchi.anna").ok()["invitation_pending"],
        true
    );
    assert_eq!(
        admin.get("/users/rossi.mario").ok()["email"],
        "nuova@demo.example"
    );

    let r = b.get("/utenti/esporta");
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("utenti.csv")
    );
    let csv = r.text().unwrap();
    assert!(
        csv.contains("bianchi.anna") && csv.contains("nuova@demo.example"),
        "{csv}"
    );
}

#[test]
fn the_reading_areas_list_search_open_and_download_by_permission() {
    let p = Portal::dev();
    let b = Browser::new(&p);
    b.sign_in("rossi.mario", PW);
    let html = b.get("/documenti").text().unwrap();
    assert!(html.contains("<h1>Documenti tecnici</h1>"), "{html}");
    assert!(html.contains("Chiusura IVA annuale") && html.contains("Configurare la prima nota"));
    let html = b.get("/documenti?q=prima+nota").text().unwrap();
    assert!(
        html.contains("Configurare la prima nota") && !html.contains("Chiusura IVA annuale"),
        "{html}"
    );
    // An item, and its file downloaded as an attachment.
    let html = b.get("/documenti").text().unwrap();
    let at = html.find(r#"<a href="/documenti/"#).unwrap() + r#"<a href="/documenti/"#.len();
    let id: i64 = html[at..].split('"').next().unwrap().parse().unwrap();
    let mut with_file = None;
    for candidate in [id, id + 1, id - 1] {
        let r = b.get(&format!("/documenti/{candidate}"));
        if r.status() != 200 {
            continue;
        }
        let item = r.text().unwrap();
        if let Some(i) = item.find("/file/") {
            let rest = &item[i + "/file/".len()..];
            with_file = Some((candidate, rest.split('"').next().unwrap().to_owned()));
            break;
        }
    }
    let (item, file) = with_file.expect("a dev document with a file");
    let r = b.get(&format!("/documenti/{item}/file/{file}"));
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    // FAQ: read is enough to open them.
    let html = b.get("/faq").text().unwrap();
    assert!(html.contains("Come si stampa il registro IVA?"), "{html}");
    // A user with documenti=read sees titles, not the items.
    let admin = p.session("C0001");
    admin.create_user(
        "lettore.doc",
        serde_json::json!({"name": "Dora", "surname": "Lettrice", "permissions": {"documenti": "read"}}),
    );
    let reader = Browser::new(&p);
    reader.sign_in("lettore.doc", PW);
    let html = reader.get("/documenti").text().unwrap();
    assert!(
        html.contains("Chiusura IVA annuale") && !html.contains(r#"<a href="/documenti/"#),
        "{html}"
    );
    assert!(html.contains("il livello avanzato"));
    assert_eq!(reader.get(&format!("/documenti/{item}")).status(), 403);
    // Off: the area is refused.
    admin.create_user(
        "senza.doc",
        serde_json::json!({"name": "Sara", "surname": "Senza", "permissions": {"documenti": "off"}}),
    );
    let none = Browser::new(&p);
    none.sign_in("senza.doc", PW);
    assert_eq!(none.get("/documenti").status(), 403);
}

/// The `href` of the first link starting with `prefix` on `html`.
fn link(html: &str, prefix: &str) -> String {
    let at = html
        .find(&format!(r#"href="{prefix}"#))
        .unwrap_or_else(|| panic!("no link to {prefix} in {html}"));
    let rest = &html[at + r#"href=""#.len()..];
    rest[..rest.find('"').unwrap()].replace("&amp;", "&")
}

#[test]
fn courses_are_enrolled_in_and_withdrawn_from_on_the_calendar() {
    let p = Portal::dev();
    let b = Browser::new(&p);
    b.sign_in("rossi.mario", PW);
    let html = b.get("/corsi").text().unwrap();
    assert!(html.contains("<h1>Corsi on-line</h1>"), "{html}");
    assert!(
        html.contains("Chiusura d&#x27;esercizio") || html.contains("Chiusura d&#39;esercizio"),
        "{html}"
    );
    assert!(html.contains("Posti liberi: 20 su 20"), "{html}");
    let enrol = link(&html.replace("action=", "href="), "/corsi/");
    assert!(enrol.ends_with("/iscrivi"), "{enrol}");
    let csrf = csrf_of(&html);
    // Not from the portal: refused, nothing written.
    assert_eq!(b.post(&enrol, &[("back", "/corsi")]).status(), 403);
    let r = b.post(&enrol, &[("csrf", &csrf), ("back", "/corsi")]);
    assert_eq!(r.status(), 303);
    let to = location(&r).to_owned();
    assert!(to.starts_with("/corsi?iscritto="), "{to}");
    let html = b.get(&to).text().unwrap();
    assert!(html.contains("Sei iscritto al corso"), "{html}");
    assert!(html.contains("Posti liberi: 19 su 20") && html.contains(">Iscritto<"));
    assert!(b.get("/corsi?miei=1").text().unwrap().contains("19 su 20"));
    // Twice: the calendar says why, and nothing changes.
    let r = b.post(&enrol, &[("csrf", &csrf), ("back", "/corsi")]);
    assert_eq!(r.status(), 409);
    let html = r.text().unwrap();
    assert!(
        html.contains("error-summary") && html.contains("19 su 20"),
        "{html}"
    );
    // Withdrawn: the seat is free again.
    let withdraw = enrol.replace("/iscrivi", "/ritira");
    let r = b.post(&withdraw, &[("csrf", &csrf), ("back", "/corsi?miei=1")]);
    assert_eq!(
        location(&r),
        format!("/corsi?miei=1&ritirato={}", &enrol[7..enrol.len() - 8])
    );
    let html = b.get("/corsi").text().unwrap();
    assert!(
        html.contains("20 su 20") && !html.contains(">Iscritto<"),
        "{html}"
    );
    // corsi=read: the calendar without the buttons.
    let admin = p.session("C0001");
    admin.create_user(
        "solo.calendario",
        serde_json::json!({"name": "Carla", "surname": "Calendario", "permissions": {"corsi": "read"}}),
    );
    let reader = Browser::new(&p);
    reader.sign_in("solo.calendario", PW);
    let html = reader.get("/corsi").text().unwrap();
    assert!(
        html.contains("20 su 20") && !html.contains("/iscrivi"),
        "{html}"
    );
    assert!(html.contains("il livello avanzato"));
    let csrf = csrf_of(&html);
    assert_eq!(reader.post(&enrol, &[("csrf", &csrf)]).status(), 403);
}

#[test]
fn software_updates_show_their_notes_and_sha256_and_download_by_permission() {
    let p = Portal::dev();
    let user = Browser::new(&p);
    user.sign_in("rossi.mario", PW);
    let html = user.get("/aggiornamenti").text().unwrap();
    assert!(html.contains("<h1>Aggiornamenti software</h1>"), "{html}");
    assert!(
        html.contains("Software Gestionale") && html.contains("2026.1"),
        "{html}"
    );
    let page = link(&html, "/aggiornamenti/");
    let data = b"lhs demo update 2026.1\n".repeat(4096);
    let sha = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(&data))
    };
    // aggiornamenti=read: notes and hashes, no download.
    let html = user.get(&page).text().unwrap();
    assert!(html.contains("Nuove stampe dei registri IVA."), "{html}");
    assert!(html.contains(&sha) && html.contains("gestionale-2026.1.zip"));
    assert!(
        !html.contains("/file/") && html.contains("permesso Download"),
        "{html}"
    );
    assert_eq!(user.get(&format!("{page}/file/1")).status(), 403);
    // The product's name filters the list; an unknown one lists nothing.
    let html = user
        .get("/aggiornamenti?prodotto=Software+Gestionale")
        .text()
        .unwrap();
    assert!(html.contains("2026.1") && html.contains("Prodotto: Software Gestionale ×"));
    let html = user.get("/aggiornamenti?prodotto=Nessuno").text().unwrap();
    assert!(html.contains("Nessun aggiornamento corrisponde."), "{html}");
    // The Administrator downloads, whole or resumed.
    let admin = Browser::new(&p);
    admin.sign_in("C0001", PW);
    let html = admin.get(&page).text().unwrap();
    assert!(html.contains("sha256sum"), "{html}");
    let file = link(&html, &format!("{page}/file/"));
    let r = admin.get(&file);
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert_eq!(r.bytes().unwrap().as_ref(), data.as_slice());
    let r = admin
        .client
        .get(format!("{}{file}", admin.base))
        .header("range", "bytes=90000-")
        .send()
        .unwrap();
    assert_eq!(r.status(), 206);
    assert_eq!(r.bytes().unwrap().as_ref(), &data[90000..]);
    assert_eq!(admin.get(&format!("{page}/file/999999")).status(), 404);
}

#[test]
fn the_store_sells_packages_after_a_confirmation_and_lists_the_orders() {
    let p = Portal::dev();
    // acquisti is off by default: the packages, no buying.
    let user = Browser::new(&p);
    user.sign_in("rossi.mario", PW);
    let html = user.get("/store").text().unwrap();
    assert!(
        html.contains("Pacchetto SMART 2 ore") && html.contains("99,00 €"),
        "{html}"
    );
    assert!(!html.contains("/store/acquista/") && html.contains("permesso Acquisti"));
    let csrf = csrf_of(&html);
    assert_eq!(
        user.post("/store/acquista/SMART-120", &[("csrf", &csrf)])
            .status(),
        403
    );
    assert_eq!(user.get("/store/ordini").status(), 403);

    let admin = Browser::new(&p);
    admin.sign_in("C0001", PW);
    let html = admin.get("/store").text().unwrap();
    let buy = link(&html, "/store/acquista/");
    assert_eq!(buy, "/store/acquista/SMART-120");
    // The confirmation step says what is ordered; nothing is ordered yet.
    let html = admin.get(&buy).text().unwrap();
    assert!(
        html.contains("Stai ordinando") && html.contains("120 minuti") && html.contains("99,00 €"),
        "{html}"
    );
    assert!(
        admin
            .get("/store/ordini")
            .text()
            .unwrap()
            .contains("Nessun ordine.")
    );
    assert_eq!(admin.get("/store/acquista/NESSUNO").status(), 404);
    let r = admin.post(&buy, &[("csrf", &csrf_of(&html))]);
    assert_eq!(r.status(), 303);
    let to = location(&r).to_owned();
    assert!(to.starts_with("/store/ordini?ordinato="), "{to}");
    let html = admin.get(&to).text().unwrap();
    assert!(
        html.contains("attende la conferma") && html.contains("In attesa"),
        "{html}"
    );
    assert!(html.contains("Pacchetto SMART 2 ore"));
    // The desk sees it through the API: one order, pending.
    let orders = p.session("staff").get("/store/orders").body;
    assert_eq!(orders["items"].as_array().unwrap().len(), 1, "{orders}");
    assert_eq!(orders["items"][0]["status"], "pending");
}

#[test]
fn the_faq_and_documents_are_suggested_before_a_ticket_is_sent() {
    use reqwest::blocking::multipart::Form;
    let p = Portal::dev();
    // The API: the same suggestions for the CLI, only what the caller may read.
    let user = p.session("rossi.mario");
    let r = user.get("/suggestions?q=Come+stampo+il+registro+IVA%3F");
    assert_eq!(r.status, 200, "{}", r.body);
    let found = r.body.as_array().unwrap();
    assert_eq!(
        found[0]["title"], "Come si stampa il registro IVA?",
        "{found:?}"
    );
    assert_eq!(found[0]["kind"], "faq");
    assert_eq!(found[0]["openable"], true);
    assert!(found.len() <= 5);
    assert_eq!(user.get("/suggestions?q=").body, serde_json::json!([]));
    assert_eq!(user.get("/suggestions?q=a%01b").status, 422);
    let admin = p.session("C0001");
    admin.create_user(
        "senza.letture",
        serde_json::json!({"name": "Sara", "surname": "Senza",
            "permissions": {"faq": "off", "documenti": "off"}}),
    );
    let blind = p.api().login("senza.letture", PW);
    assert_eq!(
        blind.get("/suggestions?q=registro+IVA").body,
        serde_json::json!([])
    );

    let b = Browser::new(&p);
    b.sign_in("rossi.mario", PW);
    // As the user types (the page's script asks for this part).
    let html = b
        .get("/ticket/nuovo/suggerimenti?q=registro%20IVA")
        .text()
        .unwrap();
    assert!(
        html.contains(r#"<a href="/faq/"#) && html.contains("Come si stampa il registro IVA?"),
        "{html}"
    );
    // Without script: the form's own button, the same form back, nothing opened.
    let page = b.get("/ticket/nuovo").text().unwrap();
    assert!(page.contains("Prima di inviare") && page.contains(r#"name="azione""#));
    let r = b
        .client
        .post(format!("{}/ticket/nuovo", p.url))
        .multipart(
            Form::new()
                .text("csrf", csrf_of(&page))
                .text("section", "")
                .text("subject", "Registro IVA")
                .text("description", "Come si stampa il registro IVA?")
                .text("azione", "suggerisci"),
        )
        .send()
        .unwrap();
    assert_eq!(r.status(), 200);
    let html = r.text().unwrap();
    assert!(html.contains("Potrebbero esserti utili"), "{html}");
    assert!(html.contains(r#"value="Registro IVA""#) && !html.contains("error-summary"));
    assert_eq!(user.get("/tickets").body["items"], serde_json::json!([]));
}

/// The HTML of the main screens, pinned: a change to a page shows up as a diff to review
/// (`INSTA_UPDATE=always tests/run page_snapshots`, then `git diff`). Form tokens, times,
/// ports and the static files' hashes are filtered.
#[test]
fn page_snapshots() {
    let p = Portal::dev();
    let n = p
        .session("rossi.mario")
        .new_ticket("Stampa del registro IVA", "Il registro IVA non si stampa.");
    let mut settings = crate::snapshots::filtered();
    settings.add_filter(
        r#"name="csrf" value="[0-9a-f]+""#,
        r#"name="csrf" value="CSRF""#,
    );
    settings.add_filter(
        r"/static/portal\.[0-9a-f]+\.(css|js)",
        "/static/portal.HASH.$1",
    );
    settings.add_filter(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", "DD/MM/YYYY hh:mm");
    settings.add_filter(&format!("/ticket/{n}\\b"), "/ticket/N");
    settings.add_filter(&format!(">{n}<"), ">N<");
    settings.add_filter(&format!("Ticket {n}\\b"), "Ticket N");
    let b = Browser::new(&p);
    settings.bind(|| {
        insta::assert_snapshot!("page_sign_in", b.get("/accedi").text().unwrap());
        b.sign_in("rossi.mario", PW);
        insta::assert_snapshot!("page_home", b.get("/").text().unwrap());
        insta::assert_snapshot!("page_tickets", b.get("/ticket").text().unwrap());
        insta::assert_snapshot!(
            "page_ticket",
            b.get(&format!("/ticket/{n}")).text().unwrap()
        );
        insta::assert_snapshot!("page_new_ticket", b.get("/ticket/nuovo").text().unwrap());
        let admin = Browser::new(&p);
        admin.sign_in("C0001", PW);
        insta::assert_snapshot!("page_users", admin.get("/utenti").text().unwrap());
        insta::assert_snapshot!("page_new_user", admin.get("/utenti/nuovo").text().unwrap());
    });
}

#[test]
fn the_desk_takes_and_answers_with_minutes_and_a_stale_form_changes_nothing() {
    let p = Portal::dev();
    let rossi = p.session("rossi.mario");
    let older = rossi.new_ticket("Prima nota bloccata", "Non si salva");
    let newer = rossi.new_ticket("Registro IVA", "Non si stampa");
    let staff = Browser::new(&p);
    staff.sign_in("staff", PW);
    assert!(staff.get("/").text().unwrap().contains(r#"href="/desk""#));
    // The queue: every company's open tickets, the longest waiting first.
    let html = staff.get("/desk").text().unwrap();
    assert!(html.contains("<h1>Coda</h1>"), "{html}");
    let (a, b) = (
        html.find(&format!(">{older}<")).unwrap(),
        html.find(&format!(">{newer}<")).unwrap(),
    );
    assert!(a < b, "oldest first");
    // Asked for again by the page's script: 304 while nothing changed (a second try, in
    // case a minute of waiting ticked over in between).
    let unchanged = (0..2).any(|_| {
        let r = staff.get("/desk");
        let tag = r.headers()["etag"].to_str().unwrap().to_owned();
        staff
            .client
            .get(format!("{}/desk", p.url))
            .header("if-none-match", &tag)
            .send()
            .unwrap()
            .status()
            == 304
    });
    assert!(unchanged);
    let html = staff.get("/desk?f=1&q=stampa").text().unwrap();
    assert!(
        html.contains(&format!(">{newer}<")) && !html.contains(&format!(">{older}<")),
        "{html}"
    );
    assert!(
        staff
            .get("/desk?f=1&cliente=NESSUNO")
            .text()
            .unwrap()
            .contains("non trovato")
    );
    // By catalog node: a macro area, an area, a section; the choice kept in the form.
    let by_node = |node: &str| {
        let q: String = form_urlencoded::byte_serialize(node.as_bytes()).collect();
        staff
            .get(&format!("/desk?f=1&stato=inserito&nodo={q}"))
            .text()
            .unwrap()
    };
    let html = by_node("Software Gestionale › Contabilità › Prima nota");
    assert!(html.contains(&format!(">{older}<")) && html.contains(&format!(">{newer}<")));
    assert!(
        html.contains(
            r#"<option value="Software Gestionale › Contabilità › Prima nota" selected>"#
        ),
        "{html}"
    );
    assert!(!by_node("Fatturazione Elettronica").contains(&format!(">{older}<")));
    assert!(!by_node("Software Gestionale › Magazzino").contains(&format!(">{older}<")));
    assert!(by_node("Nessuna › Area").contains(r##"<a href="#nodo">"##));

    // Taken, then answered with minutes: the package is debited once.
    let page = staff.get(&format!("/desk/ticket/{older}")).text().unwrap();
    assert!(
        page.contains("Residuo SMART") && page.contains("Prendi in carico"),
        "{page}"
    );
    let csrf = csrf_of(&page);
    let version = |html: &str| {
        let at =
            html.find(r#"name="versione" value=""#).unwrap() + r#"name="versione" value=""#.len();
        html[at..].split('"').next().unwrap().to_owned()
    };
    let v1 = version(&page);
    let r = staff.post(
        &format!("/desk/ticket/{older}/prendi"),
        &[("csrf", &csrf), ("versione", &v1)],
    );
    assert_eq!(location(&r), format!("/desk/ticket/{older}?fatto=preso"));
    let balance = || {
        rossi.get("/package").body["balance_minutes"]
            .as_i64()
            .unwrap()
    };
    let before = balance();
    // A form shown before the ticket was taken: refused, nothing debited.
    let r = staff.post(
        &format!("/desk/ticket/{older}/rispondi"),
        &[
            ("csrf", &csrf),
            ("versione", &v1),
            ("body", "Fatto"),
            ("minutes", "15"),
        ],
    );
    assert_eq!(r.status(), 409);
    let html = r.text().unwrap();
    assert!(
        html.contains("è cambiato mentre lo guardavi") && html.contains("Fatto"),
        "{html}"
    );
    assert_eq!(balance(), before);
    // Bad minutes: said beside the field.
    let page = staff.get(&format!("/desk/ticket/{older}")).text().unwrap();
    let v2 = version(&page);
    let r = staff.post(
        &format!("/desk/ticket/{older}/rispondi"),
        &[
            ("csrf", &csrf),
            ("versione", &v2),
            ("body", "Fatto"),
            ("minutes", "-3"),
        ],
    );
    assert!(r.text().unwrap().contains(r##"<a href="#minutes">"##));
    // Minutes beyond the rules' range: said beside the field too, the reply kept.
    let r = staff.post(
        &format!("/desk/ticket/{older}/rispondi"),
        &[
            ("csrf", &csrf),
            ("versione", &v2),
            ("body", "Fatto davvero"),
            ("minutes", "200000"),
        ],
    );
    assert_eq!(r.status(), 422);
    let html = r.text().unwrap();
    assert!(html.contains(r##"<a href="#minutes">"##), "{html}");
    assert!(html.contains("Fatto davvero"), "{html}");
    assert_eq!(balance(), before);
    let r = staff.post(
        &format!("/desk/ticket/{older}/rispondi"),
        &[
            ("csrf", &csrf),
            ("versione", &v2),
            ("body", "Sbloccata"),
            ("minutes", "15"),
        ],
    );
    assert_eq!(location(&r), format!("/desk/ticket/{older}?fatto=risposto"));
    assert_eq!(balance(), before - 15);
    let t = rossi.get(&format!("/tickets/{older}")).body;
    assert_eq!(t["state"], "risposto");
    assert_eq!(t["minutes"], 15);

    // A customer finds no desk page, whatever the URL.
    let customer = Browser::new(&p);
    customer.sign_in("rossi.mario", PW);
    assert_eq!(customer.get("/desk").status(), 404);
    assert_eq!(customer.get(&format!("/desk/ticket/{older}")).status(), 404);
    let csrf = customer.token("/");
    let r = customer.post(
        &format!("/desk/ticket/{newer}/prendi"),
        &[("csrf", &csrf), ("versione", "x")],
    );
    assert_eq!(r.status(), 404);
    assert_eq!(
        rossi.get(&format!("/tickets/{newer}")).body["state"],
        "inserito"
    );
}

#[test]
fn the_desk_sees_failed_mail_with_its_error_and_sends_it_again() {
    let smtp = SmtpSink::start();
    let p = Portal::dev_with(&["--smtp", &smtp.url(), "--mail-interval", "1s"]);
    let api = p.session("staff");
    api.post(
        "/customers",
        serde_json::json!({"code": "C0042", "name": "Rossi Trasporti S.r.l.",
            "admin_email": "bounce2@rossi.example"}),
    )
    .ok();
    let staff = Browser::new(&p);
    staff.sign_in("staff", PW);
    let html = crate::common::eventually(20, "the bounced invitation marked failed", || {
        let html = staff.get("/desk/posta?stato=failed").text().unwrap();
        html.contains("bounce2@rossi.example").then_some(html)
    });
    assert!(
        html.contains("<h1>Posta</h1>") && html.contains("550"),
        "{html}"
    );
    let at = html.find(r#"name="id" value=""#).unwrap() + r#"name="id" value=""#.len();
    let id = html[at..].split('"').next().unwrap().to_owned();
    let r = staff.post(
        "/desk/posta/riprova",
        &[("csrf", &csrf_of(&html)), ("id", &id)],
    );
    assert_eq!(location(&r), "/desk/posta?rinviate=1");
    assert!(
        staff
            .get("/desk/posta?rinviate=1")
            .text()
            .unwrap()
            .contains("1 e-mail rimesse in coda")
    );
    // An unknown mail: said on the page, nothing changed.
    let r = staff.post(
        "/desk/posta/riprova",
        &[("csrf", &csrf_of(&html)), ("id", "999999")],
    );
    assert_eq!(r.status(), 409);
    assert!(r.text().unwrap().contains("999999"));
    // Customers: no such page.
    let customer = Browser::new(&p);
    customer.sign_in("C0001", PW);
    assert_eq!(customer.get("/desk/posta").status(), 404);
}

#[test]
fn the_desk_sets_a_customers_standing_and_tops_up_its_package() {
    let p = Portal::dev();
    let staff = Browser::new(&p);
    staff.sign_in("staff", PW);
    let html = staff.get("/desk/clienti").text().unwrap();
    assert!(
        html.contains(r#"href="/desk/clienti/C0001""#) && html.contains("Demo S.r.l."),
        "{html}"
    );
    let page = staff.get("/desk/clienti/C0001").text().unwrap();
    assert!(page.contains("Residuo SMART"), "{page}");
    let csrf = csrf_of(&page);
    let rossi = p.session("rossi.mario");
    let balance = || {
        rossi.get("/package").body["balance_minutes"]
            .as_i64()
            .unwrap()
    };
    let before = balance();
    // A top-up with its reason; a wrong amount is said beside the field, nothing added.
    let r = staff.post(
        "/desk/clienti/C0001/minuti",
        &[("csrf", &csrf), ("minutes", "dieci"), ("note", "x")],
    );
    assert_eq!(r.status(), 422);
    assert!(r.text().unwrap().contains(r##"<a href="#minutes">"##));
    let r = staff.post(
        "/desk/clienti/C0001/minuti",
        &[
            ("csrf", &csrf),
            ("minutes", "60"),
            ("note", "Rimborso ticket 1001"),
        ],
    );
    assert_eq!(location(&r), "/desk/clienti/C0001?fatto");
    assert_eq!(balance(), before + 60);
    assert!(
        staff
            .get("/desk/clienti/C0001")
            .text()
            .unwrap()
            .contains("Rimborso ticket 1001")
    );
    // Suspended: the customer's open pages lock at once.
    let customer = Browser::new(&p);
    customer.sign_in("rossi.mario", PW);
    assert_eq!(customer.get("/").status(), 200);
    let r = staff.post(
        "/desk/clienti/C0001/posizione",
        &[("csrf", &csrf), ("standing", "suspended"), ("message", "")],
    );
    assert_eq!(location(&r), "/desk/clienti/C0001?fatto");
    let r = customer.get("/");
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/accedi?scaduta");
    assert!(
        staff
            .get("/desk/clienti")
            .text()
            .unwrap()
            .contains("Sospeso")
    );
    // Back in order; customers find no such page.
    staff.post(
        "/desk/clienti/C0001/posizione",
        &[("csrf", &csrf), ("standing", "ok"), ("message", "")],
    );
    let admin = Browser::new(&p);
    admin.sign_in("C0001", PW);
    assert_eq!(admin.get("/desk/clienti").status(), 404);
    assert_eq!(admin.get("/desk/clienti/C0001").status(), 404);

    // A new customer: every refusal beside its field, the typed values kept; then added.
    let r = staff.post(
        "/desk/clienti",
        &[
            ("csrf", &csrf),
            ("code", "C-42"),
            ("name", "Rossi Trasporti"),
            ("admin_email", "a@rossi.example"),
        ],
    );
    assert_eq!(r.status(), 422);
    let html = r.text().unwrap();
    assert!(
        html.contains(r##"<a href="#code">"##) && html.contains(r#"value="Rossi Trasporti""#),
        "{html}"
    );
    let r = staff.post(
        "/desk/clienti",
        &[
            ("csrf", &csrf),
            ("code", "C0001"),
            ("name", "Doppio"),
            ("admin_email", "a@rossi.example"),
        ],
    );
    assert!(r.text().unwrap().contains("C0001"));
    let r = staff.post(
        "/desk/clienti",
        &[
            ("csrf", &csrf),
            ("code", "c0042"),
            ("name", "Rossi Trasporti"),
            ("admin_email", "a@rossi.example"),
        ],
    );
    assert_eq!(location(&r), "/desk/clienti/C0042?fatto");
    assert!(p.session("staff").get("/customers/C0042").ok()["name"] == "Rossi Trasporti");
    // Its contract: the ticked sections of the whole catalog.
    let page = staff.get("/desk/clienti/C0042").text().unwrap();
    let at = page
        .find("> Prima nota</label>")
        .expect("the catalog's sections");
    let value = page[..at]
        .rsplit(r#"name="sezione" value=""#)
        .next()
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let r = staff.post(
        "/desk/clienti/C0042/contratto",
        &[("csrf", &csrf), ("sezione", &value)],
    );
    assert_eq!(location(&r), "/desk/clienti/C0042?fatto");

    let contract = p.session("staff").get("/customers/C0042/contract").ok();
    assert_eq!(
        contract[0]["areas"][0]["sections"],
        serde_json::json!(["Prima nota"]),
        "{contract}"
    );
    assert!(
        staff
            .get("/desk/clienti/C0042")
            .text()
            .unwrap()
            .contains(&format!(r#"value="{value}" checked"#))
    );
}

#[test]
fn the_desk_confirms_or_rejects_store_orders() {
    let p = Portal::dev();
    let admin = p.session("C0001");
    let first = admin
        .post("/store/orders", serde_json::json!({"package": "SMART-120"}))
        .ok()["id"]
        .as_i64()
        .unwrap();
    let second = admin
        .post("/store/orders", serde_json::json!({"package": "SMART-600"}))
        .ok()["id"]
        .as_i64()
        .unwrap();
    let balance = || {
        admin.get("/package").body["balance_minutes"]
            .as_i64()
            .unwrap()
    };
    let before = balance();
    let staff = Browser::new(&p);
    staff.sign_in("staff", PW);
    let html = staff.get("/desk/ordini").text().unwrap();
    assert!(
        html.contains(&format!("id=\"ordine-{first}\""))
            && html.contains(&format!("id=\"ordine-{second}\"")),
        "{html}"
    );
    let csrf = csrf_of(&html);
    // A rejection needs its reason.
    let r = staff.post(
        &format!("/desk/ordini/{second}/rifiuta"),
        &[("csrf", &csrf), ("reason", " ")],
    );
    assert_eq!(r.status(), 409);
    assert!(r.text().unwrap().contains(r##"<a href="#reason">"##));
    let r = staff.post(
        &format!("/desk/ordini/{first}/conferma"),
        &[("csrf", &csrf)],
    );
    assert_eq!(location(&r), format!("/desk/ordini?fatto={first}"));
    assert_eq!(balance(), before + 120);
    let r = staff.post(
        &format!("/desk/ordini/{second}/rifiuta"),
        &[("csrf", &csrf), ("reason", "Pagamento non ricevuto")],
    );
    assert_eq!(location(&r), format!("/desk/ordini?fatto={second}"));
    assert_eq!(balance(), before + 120);
    // Decided already: said, not decided twice.
    let r = staff.post(
        &format!("/desk/ordini/{first}/conferma"),
        &[("csrf", &csrf)],
    );
    assert_eq!(r.status(), 409);
    assert_eq!(balance(), before + 120);
    let all = staff.get("/desk/ordini?vista=tutti").text().unwrap();
    assert!(
        all.contains("Pagamento non ricevuto") && all.contains("Confermato"),
        "{all}"
    );
    let customer = Browser::new(&p);
    customer.sign_in("C0001", PW);
    assert_eq!(customer.get("/desk/ordini").status(), 404);
}

/// "Tecnici": a staff administrator adds a technician (every empty field said at once), who
/// chooses a password from the mailed invitation and works the queue; disabling them ends
/// their open pages at once; nobody disables themself; customers find no such page.
#[test]
fn the_desk_adds_technicians_and_a_disabled_one_is_signed_out_at_once() {
    let smtp = SmtpSink::start();
    let p = Portal::dev_with(&["--smtp", &smtp.url(), "--mail-interval", "1s"]);
    let staff = Browser::new(&p);
    staff.sign_in("staff", PW);
    let page = staff.get("/desk/tecnici").text().unwrap();
    assert!(
        page.contains("staff (tu)") && page.contains("Aggiungi un tecnico"),
        "{page}"
    );
    let csrf = csrf_of(&page);
    let r = staff.post(
        "/desk/tecnici",
        &[
            ("csrf", &csrf),
            ("account", ""),
            ("name", ""),
            ("surname", ""),
            ("email", "luca@"),
        ],
    );
    assert_eq!(r.status(), 422);
    let html = r.text().unwrap();
    for field in ["account", "name", "surname", "email"] {
        assert!(
            html.contains(&format!(r##"<a href="#{field}">"##)),
            "{field}: {html}"
        );
    }
    assert!(html.contains(r#"value="luca@""#), "typed values kept");
    let r = staff.post(
        "/desk/tecnici",
        &[
            ("csrf", &csrf),
            ("account", "bianchi.luca"),
            ("name", "Luca"),
            ("surname", "Bianchi"),
            ("email", "luca@desk.example"),
        ],
    );
    assert_eq!(location(&r), "/desk/tecnici?aggiunto=bianchi.luca");
    let list = staff.get(location(&r)).text().unwrap();
    assert!(
        list.contains("Tecnico bianchi.luca aggiunto") && list.contains("Invito in attesa"),
        "{list}"
    );
    p.api()
        .accept_code(&smtp.invitation_code("bianchi.luca"), PW);
    let luca = Browser::new(&p);
    luca.sign_in("bianchi.luca", PW);
    assert_eq!(luca.get("/desk").status(), 200);
    let theirs = luca.get("/desk/tecnici").text().unwrap();
    assert!(
        theirs.contains("Solo gli amministratori") && !theirs.contains("/disattiva"),
        "{theirs}"
    );
    // Nobody disables themself (said at the top, nothing changed).
    let r = staff.post("/desk/tecnici/staff/disattiva", &[("csrf", &csrf)]);
    assert_eq!(r.status(), 409);
    assert!(
        r.text()
            .unwrap()
            .contains("Non puoi disattivare il tuo account")
    );
    // Disabled: their pages lock at once.
    let r = staff.post("/desk/tecnici/bianchi.luca/disattiva", &[("csrf", &csrf)]);
    assert_eq!(location(&r), "/desk/tecnici?salvato=bianchi.luca");
    let r = luca.get("/desk");
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/accedi?scaduta");
    assert!(
        staff
            .get("/desk/tecnici")
            .text()
            .unwrap()
            .contains("<strong>Disattivato</strong>")
    );
    // Made an administrator, enabled again.
    staff.post(
        "/desk/tecnici/bianchi.luca/amministratore",
        &[("csrf", &csrf)],
    );
    staff.post("/desk/tecnici/bianchi.luca/riattiva", &[("csrf", &csrf)]);
    let m = p.session("staff").get("/staff/bianchi.luca").ok();
    assert_eq!(
        (m["active"].as_bool(), m["staff_admin"].as_bool()),
        (Some(true), Some(true))
    );
    let admin = Browser::new(&p);
    admin.sign_in("C0001", PW);
    assert_eq!(admin.get("/desk/tecnici").status(), 404);
    let r = admin.post(
        "/desk/tecnici/bianchi.luca/disattiva",
        &[("csrf", &csrf_of(&admin.get("/").text().unwrap()))],
    );
    assert_eq!(r.status(), 404);
}

/// "Catalogo": every node with its notice; a staff administrator sets and clears a notice
/// (customers see it) and adds a section (every empty field said at once); `lhs desk section`
/// does the same; customers find no such page.
#[test]
fn the_desk_keeps_the_catalog_and_its_notices() {
    let p = Portal::dev();
    let staff = Browser::new(&p);
    staff.sign_in("staff", PW);
    let page = staff.get("/desk/catalogo").text().unwrap();
    for name in [
        "<h2>Software Gestionale</h2>",
        "<h3>Contabilità</h3>",
        "<h4>Registri IVA</h4>",
    ] {
        assert!(page.contains(name), "{name}: {page}");
    }
    let csrf = csrf_of(&page);
    let r = staff.post(
        "/desk/catalogo/avviso",
        &[
            ("csrf", &csrf),
            ("macro_area", "Fatturazione Elettronica"),
            ("area", "Invio SDI"),
            ("section", "Scarti"),
            ("notice", "Allegate la ricevuta di scarto <b>XML</b>"),
        ],
    );
    assert_eq!(location(&r), "/desk/catalogo?avviso");
    let page = staff.get("/desk/catalogo?avviso").text().unwrap();
    assert!(
        page.contains("Avviso salvato.")
            && page.contains("Allegate la ricevuta di scarto &#60;b&#62;XML&#60;/b&#62;"),
        "{page}"
    );
    let rossi = p.session("rossi.mario");
    let sdi = || {
        let tree = rossi.get("/catalog").ok();
        tree.as_array()
            .unwrap()
            .iter()
            .find(|m| m["name"] == "Fatturazione Elettronica")
            .unwrap()["areas"][0]
            .clone()
    };
    assert_eq!(
        sdi()["section_notices"]["Scarti"],
        "Allegate la ricevuta di scarto <b>XML</b>"
    );
    // Empty clears it; an unknown node is said, nothing changed.
    staff.post(
        "/desk/catalogo/avviso",
        &[
            ("csrf", &csrf),
            ("macro_area", "Fatturazione Elettronica"),
            ("area", "Invio SDI"),
            ("section", "Scarti"),
            ("notice", " "),
        ],
    );
    assert!(sdi().get("section_notices").is_none());
    let r = staff.post(
        "/desk/catalogo/avviso",
        &[("csrf", &csrf), ("macro_area", "Nessuna"), ("notice", "x")],
    );
    assert_eq!(r.status(), 409);
    // A notice the service refuses (one line only) comes back beside its field, as typed,
    // that node's form open; nothing is written.
    let r = staff.post(
        "/desk/catalogo/avviso",
        &[
            ("csrf", &csrf),
            ("macro_area", "Fatturazione Elettronica"),
            ("area", "Invio SDI"),
            ("section", "Scarti"),
            ("notice", "Prima riga\nseconda <riga>"),
        ],
    );
    assert_eq!(r.status(), 422);
    let html = r.text().unwrap();
    assert!(html.contains("<title>Errore: "), "{html}");
    assert!(html.contains(r##"<a href="#notice-edit">"##), "{html}");
    assert!(html.contains(r#"<p class="field-error" id="notice-edit-error">"#));
    assert!(
        html.contains("Prima riga\nseconda &#60;riga&#62;</textarea>"),
        "{html}"
    );
    assert_eq!(html.matches("<details open>").count(), 1);
    assert!(sdi().get("section_notices").is_none());
    // A new section: the empty fields named; then added, with a new area.
    let r = staff.post(
        "/desk/catalogo/sezione",
        &[
            ("csrf", &csrf),
            ("macro_area", "Software Gestionale"),
            ("area", ""),
            ("section", ""),
        ],
    );
    assert_eq!(r.status(), 422);
    let html = r.text().unwrap();
    assert!(html.contains(r##"<a href="#area">"##) && html.contains(r##"<a href="#section">"##));
    assert!(html.contains(r#"value="Software Gestionale""#));
    let r = staff.post(
        "/desk/catalogo/sezione",
        &[
            ("csrf", &csrf),
            ("macro_area", "Software Gestionale"),
            ("area", "Cespiti"),
            ("section", "Ammortamenti"),
        ],
    );
    assert_eq!(location(&r), "/desk/catalogo?sezione");
    let all = p.session("staff").get("/catalog").ok().to_string();
    assert!(
        all.contains("Ammortamenti") && all.contains("Cespiti"),
        "{all}"
    );
    // From the command line.
    let desk = crate::cli_env::Shell::new(&p);
    desk.login("staff");
    desk.run(&[
        "desk",
        "section",
        "Software Gestionale",
        "Cespiti",
        "Dismissioni",
    ])
    .ok()
    .err_has("Software Gestionale › Cespiti › Dismissioni");
    desk.run(&["desk", "section", "Software Gestionale", "", "x"])
        .fails(6);
    desk.run(&["catalog"]).ok().out_has("Dismissioni");
    // Customers: no such page.
    let admin = Browser::new(&p);
    admin.sign_in("C0001", PW);
    assert_eq!(admin.get("/desk/catalogo").status(), 404);
}

/// "Statistiche", `GET /reports` and `lhs desk report` give the same figures: tickets
/// opened and closed this week, the SMART minutes spent, the queue's age; charts drawn on
/// the server with their tables; customers are refused everywhere.
#[test]
fn the_desk_statistics_count_tickets_minutes_and_the_queue_the_same_everywhere() {
    let p = Portal::dev();
    let staff = p.session("staff");
    let rossi = p.session("rossi.mario");
    let report = || staff.get("/reports?weeks=4").ok();
    let before = report();
    let this_week = |r: &serde_json::Value, key: &str| r["weeks"][3][key].as_i64().unwrap();
    let waiting = |r: &serde_json::Value, key: &str| r["queue_age"][0][key].as_i64().unwrap();
    let spent = |r: &serde_json::Value| -> i64 {
        r["minutes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["customer_code"] == "C0001")
            .map(|m| m["minutes"].as_i64().unwrap())
            .sum()
    };
    let a = rossi.new_ticket("Statistiche uno", "d");
    let b = rossi.new_ticket("Statistiche due", "d");
    rossi.new_ticket("Statistiche tre", "d");
    for (n, minutes) in [(a, 15), (b, 30)] {
        staff
            .post(&format!("/tickets/{n}/take"), serde_json::json!({}))
            .ok();
        staff
            .post(
                &format!("/tickets/{n}/reply"),
                serde_json::json!({"body": "Fatto", "minutes": minutes, "allow_overdraft": true}),
            )
            .ok();
    }
    rossi
        .post(&format!("/tickets/{a}/close"), serde_json::json!({}))
        .ok();
    let after = report();
    assert_eq!(after["weeks"].as_array().unwrap().len(), 4);
    assert_eq!(
        this_week(&after, "opened"),
        this_week(&before, "opened") + 3
    );
    assert_eq!(
        this_week(&after, "closed"),
        this_week(&before, "closed") + 1
    );
    // Answered and closed within seconds: medians of 0 minutes when nothing older counts.
    if before["weeks"][3]["median_first_answer_minutes"].is_null() {
        assert_eq!(
            after["weeks"][3]["median_first_answer_minutes"], 0,
            "{after}"
        );
    }
    if before["weeks"][3]["median_close_minutes"].is_null() {
        assert_eq!(after["weeks"][3]["median_close_minutes"], 0, "{after}");
    }
    assert!(after["median_close_minutes"].is_i64(), "{after}");
    assert_eq!(spent(&after), spent(&before) + 45);
    // The third waits, nobody took it; the answered ones wait for the customer, not the desk.
    assert_eq!(
        waiting(&after, "inserito"),
        waiting(&before, "inserito") + 1
    );
    assert_eq!(waiting(&after, "in_carico"), waiting(&before, "in_carico"));
    staff
        .get("/reports?weeks=0")
        .expect(422, "validation_failed");
    staff
        .get("/reports?weeks=105")
        .expect(422, "validation_failed");
    rossi.get("/reports").expect(403, "staff_only");

    // The command line: the same figures, as CSV and JSON.
    let desk = crate::cli_env::Shell::new(&p);
    desk.login("staff");
    let csv = desk.run(&["desk", "report", "--weeks", "4", "--format", "csv"]);
    csv.ok();
    let last = csv.stdout.lines().last().unwrap().to_owned();
    assert!(
        last.starts_with(&format!(
            "{},{},{},{}",
            after["weeks"][3]["week"].as_str().unwrap(),
            after["weeks"][3]["starts"].as_str().unwrap(),
            this_week(&after, "opened"),
            this_week(&after, "closed")
        )),
        "{}",
        csv.stdout
    );
    let minutes = desk
        .run(&["desk", "report", "minutes", "--weeks", "4", "--json"])
        .json();
    assert_eq!(minutes, after["minutes"]);
    desk.run(&["desk", "report", "queue", "--weeks", "4"])
        .ok()
        .out_has("under_1h");
    desk.run(&["desk", "report", "--weeks", "0"]).fails(2);

    // The page: the charts and their tables.
    let b = Browser::new(&p);
    b.sign_in("staff", PW);
    let html = b.get("/desk/statistiche?settimane=4").text().unwrap();
    assert!(
        html.contains(r#"<svg class="chart""#) && html.contains(r#"role="img""#),
        "{html}"
    );
    assert!(html.contains(r#"<option value="4" selected>"#), "{html}");
    assert!(
        html.contains(&format!(
            r#"<td data-label="Aperti">{}</td>"#,
            this_week(&after, "opened")
        )),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="/desk/clienti/C0001">C0001</a>"#),
        "{html}"
    );
    let admin = Browser::new(&p);
    admin.sign_in("C0001", PW);
    assert_eq!(admin.get("/desk/statistiche").status(), 404);
}

/// The Store's packages at the desk: put on sale (every field's refusal at once), changed,
/// withdrawn — customers' Store follows; customers find no such page.
#[test]
fn the_desk_puts_packages_on_sale_changes_and_withdraws_them() {
    let p = Portal::dev();
    let staff = Browser::new(&p);
    staff.sign_in("staff", PW);
    let page = staff.get("/desk/pacchetti").text().unwrap();
    assert!(page.contains(r#"id="pacchetto-SMART-120""#), "{page}");
    let csrf = csrf_of(&page);
    let r = staff.post(
        "/desk/pacchetti",
        &[
            ("csrf", &csrf),
            ("code", "x"),
            ("name", ""),
            ("minutes", "zero"),
            ("price", "9,999"),
        ],
    );
    assert_eq!(r.status(), 422);
    let html = r.text().unwrap();
    for field in ["code", "name", "minutes", "price"] {
        assert!(
            html.contains(&format!(r##"<a href="#{field}">"##)),
            "{field}: {html}"
        );
    }
    let r = staff.post(
        "/desk/pacchetti",
        &[
            ("csrf", &csrf),
            ("code", "smart-900"),
            ("name", "SMART 900 minuti"),
            ("minutes", "900"),
            ("price", "590,50"),
        ],
    );
    assert_eq!(location(&r), "/desk/pacchetti?aggiunto=SMART-900");
    let on_sale = || p.session("C0001").get("/store/packages").ok().to_string();
    assert!(
        on_sale().contains("SMART-900") && on_sale().contains("59050"),
        "{}",
        on_sale()
    );
    // The same code again: said beside the field.
    let r = staff.post(
        "/desk/pacchetti",
        &[
            ("csrf", &csrf),
            ("code", "SMART-900"),
            ("name", "x"),
            ("minutes", "1"),
            ("price", "1"),
        ],
    );
    assert_eq!(r.status(), 422);
    // Changed, then withdrawn: customers no longer see it.
    let r = staff.post(
        "/desk/pacchetti/SMART-900",
        &[
            ("csrf", &csrf),
            ("name", "SMART 900"),
            ("minutes", "900"),
            ("price", "540"),
            ("active", "1"),
        ],
    );
    assert_eq!(location(&r), "/desk/pacchetti?salvato=SMART-900");
    assert!(on_sale().contains("54000"), "{}", on_sale());
    let r = staff.post(
        "/desk/pacchetti/SMART-900",
        &[
            ("csrf", &csrf),
            ("name", "SMART 900"),
            ("minutes", "900"),
            ("price", "tanto"),
        ],
    );
    // The package's own form comes back with the message beside the price, as typed.
    assert_eq!(r.status(), 422);
    let html = r.text().unwrap();
    assert!(
        html.contains(r##"<a href="#edit-price">Inserisci il prezzo in euro"##),
        "{html}"
    );
    assert!(html.contains(r#"<p class="field-error" id="edit-price-error">"#));
    assert!(
        html.contains(
            r#"id="edit-price" name="price" type="text" inputmode="decimal" value="tanto""#
        )
    );
    assert_eq!(html.matches("<details open>").count(), 1);
    assert!(
        on_sale().contains("54000"),
        "nothing written: {}",
        on_sale()
    );
    staff.post(
        "/desk/pacchetti/SMART-900",
        &[
            ("csrf", &csrf),
            ("name", "SMART 900"),
            ("minutes", "900"),
            ("price", "540"),
        ],
    );
    assert!(!on_sale().contains("SMART-900"), "{}", on_sale());
    assert!(
        staff
            .get("/desk/pacchetti")
            .text()
            .unwrap()
            .contains("<strong>Ritirato dalla vendita</strong>")
    );
    let admin = Browser::new(&p);
    admin.sign_in("C0001", PW);
    assert_eq!(admin.get("/desk/pacchetti").status(), 404);
}

/// "Contenuti": an item published for some customers with a file (every field's refusal
/// at once, an unknown customer beside its field), edited for everyone, withdrawn — what
/// customers see follows; customers find no such page.
#[test]
fn the_desk_publishes_edits_and_withdraws_contents_for_their_audience() {
    use reqwest::blocking::multipart::{Form, Part};
    let p = Portal::dev();
    let staff = Browser::new(&p);
    staff.sign_in("staff", PW);
    let list = staff.get("/desk/contenuti").text().unwrap();
    assert!(
        list.contains(r#"<a href="/desk/contenuti?tipo=documents" aria-current="page">"#),
        "{list}"
    );
    let form = staff
        .get("/desk/contenuti/nuovo?tipo=videos")
        .text()
        .unwrap();
    assert!(form.contains(r#"id="video_url""#), "{form}");
    let csrf = csrf_of(&form);
    let send = |form: Form| {
        staff
            .client
            .post(format!("{}/desk/contenuti/nuovo", p.url))
            .multipart(form)
            .send()
            .unwrap()
    };
    let base = |title: &str, body: &str, audience: &str, customers: &str| {
        Form::new()
            .text("csrf", csrf.clone())
            .text("tipo", "documents")
            .text("title", title.to_owned())
            .text("summary", "")
            .text("body", body.to_owned())
            .text("audience", audience.to_owned())
            .text("customers", customers.to_owned())
            .text("macro_area", "")
            .text("area", "")
    };
    let r = send(base("", "", "customers", ""));
    assert_eq!(r.status(), 422);
    let html = r.text().unwrap();
    for field in ["title", "body", "customers"] {
        assert!(
            html.contains(&format!(r##"<a href="#{field}">"##)),
            "{field}: {html}"
        );
    }
    let r = send(base(
        "Chiusura annuale",
        "Il registro zebrato",
        "customers",
        "C9999",
    ));
    assert_eq!(r.status(), 422);
    assert!(r.text().unwrap().contains("C9999"));
    let r = send(
        base(
            "Chiusura annuale",
            "Il registro zebrato",
            "customers",
            "c0001",
        )
        .part(
            "file",
            Part::bytes(b"%PDF-1.4 guida".to_vec())
                .file_name("guida.pdf")
                .mime_str("application/pdf")
                .unwrap(),
        ),
    );
    assert_eq!(
        location(&r),
        "/desk/contenuti?tipo=documents&pubblicato=Chiusura+annuale"
    );
    let rossi = p.session("rossi.mario");
    let mine = || rossi.get("/contents/documents?q=zebrato").ok()["items"].clone();
    let id = mine()[0]["id"].as_i64().unwrap();
    assert_eq!(mine()[0]["file_count"], 1);
    // Edited: a new title, every customer; the file stays.
    let page = staff
        .get(&format!("/desk/contenuti/documents/{id}"))
        .text()
        .unwrap();
    assert!(
        page.contains(r#"value="Chiusura annuale""#) && page.contains("guida.pdf"),
        "{page}"
    );
    let r = staff.post(
        &format!("/desk/contenuti/documents/{id}"),
        &[
            ("csrf", &csrf),
            ("title", "Chiusura dell'anno"),
            ("summary", "In breve"),
            ("body", "Il registro zebrato e l'anno contabile"),
            ("audience", "all"),
            ("customers", ""),
            ("macro_area", ""),
            ("area", ""),
        ],
    );
    assert_eq!(
        location(&r),
        format!("/desk/contenuti/documents/{id}?salvato")
    );
    let item = rossi.get(&format!("/contents/documents/{id}")).ok();
    assert_eq!(item["title"], "Chiusura dell'anno");
    assert_eq!(item["files"].as_array().unwrap().len(), 1);
    let audience = p
        .session("staff")
        .get(&format!("/contents/documents/{id}"))
        .ok()["audience"]
        .clone();
    assert_eq!(audience["kind"], "all");
    // A macro area the catalog lacks is said beside its field.
    let r = staff.post(
        &format!("/desk/contenuti/documents/{id}"),
        &[
            ("csrf", &csrf),
            ("title", "x"),
            ("body", "y"),
            ("audience", "contract"),
            ("macro_area", "Nessuna"),
        ],
    );
    assert_eq!(r.status(), 422);
    assert!(r.text().unwrap().contains(r##"<a href="#macro_area">"##));
    // Withdrawn: customers no longer find it; the desk still lists it.
    let r = staff.post(
        &format!("/desk/contenuti/documents/{id}/ritira"),
        &[("csrf", &csrf)],
    );
    assert_eq!(location(&r), "/desk/contenuti?tipo=documents&ritirato");
    assert!(mine().as_array().unwrap().is_empty());
    assert!(
        staff
            .get("/desk/contenuti?tipo=documents")
            .text()
            .unwrap()
            .contains("<strong>Ritirato</strong>")
    );
    let admin = Browser::new(&p);
    admin.sign_in("C0001", PW);
    assert_eq!(admin.get("/desk/contenuti").status(), 404);
    assert_eq!(
        admin
            .get(&format!("/desk/contenuti/documents/{id}"))
            .status(),
        404
    );
}

/// "Aggiornamenti" at the desk: a version published with its files streamed in (SHA-256 as
/// customers see it), a version that exists or a form without files refused beside the
/// field (nothing kept), withdrawn; customers find no such page.
#[test]
fn the_desk_publishes_software_updates_with_streamed_files_and_withdraws_them() {
    use reqwest::blocking::multipart::{Form, Part};
    use sha2::{Digest, Sha256};
    let p = Portal::dev();
    let staff = Browser::new(&p);
    staff.sign_in("staff", PW);
    let page = staff.get("/desk/aggiornamenti").text().unwrap();
    assert!(
        page.contains(r#"data-progress="upload-progress""#),
        "{page}"
    );
    let csrf = csrf_of(&page);
    let send = |form: Form| {
        staff
            .client
            .post(format!("{}/desk/aggiornamenti", p.url))
            .multipart(form)
            .send()
            .unwrap()
    };
    let fields = |version: &str, notes: &str| {
        Form::new()
            .text("csrf", csrf.clone())
            .text("product", "Software Gestionale")
            .text("version", version.to_owned())
            .text("notes", notes.to_owned())
    };
    let big: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
    let sha = hex::encode(Sha256::digest(&big));
    let r = send(
        fields("2026.9", "Nuova liquidazione IVA")
            .part(
                "file",
                Part::bytes(big.clone()).file_name("setup-2026.9.exe"),
            )
            .part(
                "file",
                Part::bytes(b"leggimi".to_vec()).file_name("LEGGIMI.txt"),
            ),
    );
    assert_eq!(
        location(&r),
        "/desk/aggiornamenti?pubblicato=Software+Gestionale+2026.9"
    );
    let rossi = p.session("rossi.mario");
    let found = rossi
        .get("/updates?product=Software%20Gestionale&version=2026.9")
        .ok();
    let u = &found["items"][0];
    assert_eq!(u["files"][0]["sha256"], sha.as_str(), "{u}");
    assert_eq!(u["files"][0]["size"], 3_000_000);
    let id = u["id"].as_i64().unwrap();
    // The same version again, or no file, or no version: said beside the field.
    let r = send(
        fields("2026.9", "ancora").part("file", Part::bytes(b"x".to_vec()).file_name("x.bin")),
    );
    assert_eq!(r.status(), 422);
    let html = r.text().unwrap();
    assert!(
        html.contains(r##"<a href="#version">"##) && html.contains(r#"value="2026.9""#),
        "{html}"
    );
    let r = send(fields("2026.10", "senza file"));
    assert_eq!(r.status(), 422);
    assert!(r.text().unwrap().contains(r##"<a href="#file">"##));
    let r = send(fields("", "").part("file", Part::bytes(b"x".to_vec()).file_name("x.bin")));
    assert_eq!(r.status(), 422);
    assert!(r.text().unwrap().contains(r##"<a href="#version">"##));
    let none = rossi
        .get("/updates?product=Software%20Gestionale&version=2026.10")
        .ok();
    assert!(none["items"].as_array().unwrap().is_empty());
    // Withdrawn.
    let r = staff.post(
        &format!("/desk/aggiornamenti/{id}/ritira"),
        &[("csrf", &csrf)],
    );
    assert_eq!(location(&r), "/desk/aggiornamenti?ritirato");
    let gone = rossi
        .get("/updates?product=Software%20Gestionale&version=2026.9")
        .ok();
    assert!(gone["items"].as_array().unwrap().is_empty(), "{gone}");
    let admin = Browser::new(&p);
    admin.sign_in("C0001", PW);
    assert_eq!(admin.get("/desk/aggiornamenti").status(), 404);
    let theirs = csrf_of(&admin.get("/").text().unwrap());
    let r = admin
        .client
        .post(format!("{}/desk/aggiornamenti", p.url))
        .multipart(
            Form::new()
                .text("csrf", theirs)
                .text("product", "Software Gestionale")
                .text("version", "6.6.6")
                .text("notes", "x")
                .part("file", Part::bytes(b"x".to_vec()).file_name("x.bin")),
        )
        .send()
        .unwrap();
    assert_eq!(r.status(), 404);
}

/// "Corsi" at the desk: a course added (every field's refusal at once, a start in the past
/// refused), customers see it on their calendar, who enrolled is listed; customers find no
/// such page.
#[test]
fn the_desk_adds_courses_and_sees_who_enrolled() {
    let p = Portal::dev();
    let staff = Browser::new(&p);
    staff.sign_in("staff", PW);
    let page = staff.get("/desk/corsi").text().unwrap();
    assert!(page.contains("esercizio"), "{page}");
    let csrf = csrf_of(&page);
    let r = staff.post(
        "/desk/corsi",
        &[
            ("csrf", &csrf),
            ("title", ""),
            ("day", ""),
            ("time", ""),
            ("seats", "tanti"),
        ],
    );
    assert_eq!(r.status(), 422);
    let html = r.text().unwrap();
    for field in ["title", "day", "seats"] {
        assert!(
            html.contains(&format!(r##"<a href="#{field}">"##)),
            "{field}: {html}"
        );
    }
    let r = staff.post(
        "/desk/corsi",
        &[
            ("csrf", &csrf),
            ("title", "Bilancio"),
            ("day", "2020-01-15"),
            ("time", "09:30"),
            ("seats", "2"),
        ],
    );
    assert_eq!(r.status(), 422);
    assert!(r.text().unwrap().contains(r##"<a href="#day">"##));
    let day = (chrono::Local::now() + chrono::Duration::days(30))
        .format("%Y-%m-%d")
        .to_string();
    let r = staff.post(
        "/desk/corsi",
        &[
            ("csrf", &csrf),
            ("title", "Bilancio 2027"),
            ("description", "Dalla prima nota al bilancio"),
            ("day", &day),
            ("time", "09:30"),
            ("seats", "2"),
        ],
    );
    assert_eq!(location(&r), "/desk/corsi?aggiunto=Bilancio+2027");
    let rossi = p.session("rossi.mario");
    let calendar = rossi.get("/courses").ok();
    let course = calendar["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["title"] == "Bilancio 2027")
        .unwrap()
        .clone();
    assert_eq!(course["seats"], 2);
    let starts = chrono::DateTime::parse_from_rfc3339(course["starts_at"].as_str().unwrap())
        .unwrap()
        .with_timezone(&chrono::Local);
    assert_eq!(
        starts.format("%Y-%m-%d %H:%M").to_string(),
        format!("{day} 09:30")
    );
    let id = course["id"].as_i64().unwrap();
    rossi
        .post(&format!("/courses/{id}/enrolments"), serde_json::json!({}))
        .ok();
    let enrolled = staff.get(&format!("/desk/corsi/{id}")).text().unwrap();
    assert!(
        enrolled.contains("rossi.mario") && enrolled.contains(r#"<a href="/desk/clienti/C0001">"#),
        "{enrolled}"
    );
    let admin = Browser::new(&p);
    admin.sign_in("C0001", PW);
    assert_eq!(admin.get("/desk/corsi").status(), 404);
    assert_eq!(admin.get(&format!("/desk/corsi/{id}")).status(), 404);
}

/// A customer's page: a correction takes minutes away only with its reason (said beside the
/// field otherwise), `lhs desk package correct` does the same; the courses subscription is
/// switched off and on (its users' enrolment follows).
#[test]
fn the_desk_corrects_a_package_with_a_reason_and_switches_the_courses_subscription() {
    let p = Portal::dev();
    let staff = Browser::new(&p);
    staff.sign_in("staff", PW);
    let page = staff.get("/desk/clienti/C0001").text().unwrap();
    assert!(page.contains("Abbonamento ai corsi"), "{page}");
    let csrf = csrf_of(&page);
    let rossi = p.session("rossi.mario");
    let balance = || {
        rossi.get("/package").body["balance_minutes"]
            .as_i64()
            .unwrap()
    };
    let before = balance();
    let r = staff.post(
        "/desk/clienti/C0001/minuti",
        &[("csrf", &csrf), ("minutes", "-30"), ("note", "")],
    );
    assert_eq!(r.status(), 422);
    let html = r.text().unwrap();
    assert!(
        html.contains(r##"<a href="#note">"##) && html.contains("correzione"),
        "{html}"
    );
    assert_eq!(balance(), before);
    let r = staff.post(
        "/desk/clienti/C0001/minuti",
        &[("csrf", &csrf), ("minutes", "0"), ("note", "x")],
    );
    assert_eq!(r.status(), 422);
    let r = staff.post(
        "/desk/clienti/C0001/minuti",
        &[
            ("csrf", &csrf),
            ("minutes", "-30"),
            ("note", "Ticket 1042 addebitato due volte"),
        ],
    );
    assert_eq!(location(&r), "/desk/clienti/C0001?fatto");
    assert_eq!(balance(), before - 30);
    let desk = crate::cli_env::Shell::new(&p);
    desk.login("staff");
    desk.run(&[
        "desk",
        "package",
        "correct",
        "C0001",
        "--minutes",
        "-5",
        "--reason",
        "Arrotondamento",
    ])
    .ok()
    .err_has("corrected by -5 minutes");
    desk.run(&[
        "desk",
        "package",
        "correct",
        "C0001",
        "--minutes",
        "0",
        "--reason",
        "x",
    ])
    .fails(2);
    assert_eq!(balance(), before - 35);
    p.session("staff")
        .post(
            "/customers/C0001/package/grants",
            serde_json::json!({"minutes": -1}),
        )
        .expect(422, "validation_failed");
    // The courses subscription: off, and the users cannot enrol; on again.
    let r = staff.post(
        "/desk/clienti/C0001/corsi",
        &[("csrf", &csrf), ("courses", "off")],
    );
    assert_eq!(location(&r), "/desk/clienti/C0001?fatto");
    let customer = p.session("staff").get("/customers/C0001").ok();
    assert_eq!(customer["courses_subscription"], false);
    let course = rossi.get("/courses").ok()["items"][0]["id"]
        .as_i64()
        .unwrap();
    rossi
        .post(
            &format!("/courses/{course}/enrolments"),
            serde_json::json!({}),
        )
        .expect(403, "no_courses_subscription");
    staff.post(
        "/desk/clienti/C0001/corsi",
        &[("csrf", &csrf), ("courses", "on")],
    );
    rossi
        .post(
            &format!("/courses/{course}/enrolments"),
            serde_json::json!({}),
        )
        .ok();
}

/// The desk adds files to a ticket from its page (the manual's limits said beside the
/// field); the customer downloads them byte for byte.
#[test]
fn the_desk_attaches_files_to_a_ticket_from_its_page() {
    use reqwest::blocking::multipart::{Form, Part};
    let p = Portal::dev();
    let rossi = p.session("rossi.mario");
    let n = rossi.new_ticket("Serve la guida", "d");
    let staff = Browser::new(&p);
    staff.sign_in("staff", PW);
    let page = staff.get(&format!("/desk/ticket/{n}")).text().unwrap();
    assert!(
        page.contains(&format!(r#"action="/desk/ticket/{n}/allegati""#)),
        "{page}"
    );
    // Where the customer's side is mailed.
    assert!(
        page.contains("<dt>Notifiche al cliente</dt><dd>mario.rossi@demo.example</dd>"),
        "{page}"
    );
    let csrf = csrf_of(&page);
    let send = |part: Option<Part>| {
        let mut form = Form::new().text("csrf", csrf.clone());
        if let Some(p) = part {
            form = form.part("file", p);
        }
        staff
            .client
            .post(format!("{}/desk/ticket/{n}/allegati", p.url))
            .multipart(form)
            .send()
            .unwrap()
    };
    let r = send(None);
    assert!(r.text().unwrap().contains(r##"<a href="#file">"##));
    let r = send(Some(Part::bytes(b"MZ".to_vec()).file_name("setup.exe")));
    assert!(r.text().unwrap().contains("setup.exe"));
    let r = send(Some(
        Part::bytes(b"%PDF-1.4\nguida".to_vec())
            .file_name("guida.pdf")
            .mime_str("application/pdf")
            .unwrap(),
    ));
    assert_eq!(
        location(&r),
        format!("/desk/ticket/{n}?fatto=allegati#attachments")
    );
    let files = rossi.get(&format!("/tickets/{n}/attachments")).ok();
    assert_eq!(files.as_array().unwrap().len(), 1, "{files}");
    let id = files[0]["id"].as_i64().unwrap();
    let bytes = rossi
        .request("GET", &format!("/tickets/{n}/attachments/{id}"))
        .send()
        .unwrap()
        .bytes()
        .unwrap();
    assert_eq!(&bytes[..], b"%PDF-1.4\nguida");
    let admin = Browser::new(&p);
    admin.sign_in("C0001", PW);
    assert_eq!(admin.get(&format!("/desk/ticket/{n}")).status(), 404);
}

/// A customer whose package never had minutes reads the manual's "Non ci sono pacchetti SMART
/// disponibili" on its home page; once granted, its balance.
#[test]
fn the_home_page_says_when_there_is_no_smart_package() {
    let smtp = SmtpSink::start();
    let p = Portal::dev_with(&["--smtp", &smtp.url(), "--mail-interval", "1s"]);
    p.customer(&smtp, "C0042");
    let admin = Browser::new(&p);
    assert_eq!(admin.sign_in("C0042", PW).status(), 303);
    let html = admin.get("/").text().unwrap();
    assert!(
        html.contains("Non ci sono pacchetti SMART disponibili"),
        "{html}"
    );
    p.session("staff")
        .post(
            "/customers/C0042/package/grants",
            serde_json::json!({"minutes": 90}),
        )
        .ok();
    let html = admin.get("/").text().unwrap();
    assert!(
        html.contains("Il tuo residuo pacchetto SMART") && html.contains("<strong>90</strong>"),
        "{html}"
    );
}
