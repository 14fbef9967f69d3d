//! The portal in a real browser: Debian's Chromium, driven over WebDriver by chromedriver,
//! through the manuals' main journey — the Administrator creates a user with permissions, the
//! user accepts the invitation from the mail's link, opens a ticket with two attachments,
//! finds it in the list, comments, the desk answers from the CLI, the user sees Risposto and
//! closes it — in Italian at 1280 px with JavaScript, and in English at 320 px without; then
//! every screen of the portal, where axe-core (vendored, run inside the page) must report no
//! WCAG 2.x A/AA violation and the page must not scroll sideways.
//!
//! One chromedriver serves the whole run (`tests/run` starts it and says where in
//! `LHS_TEST_WEBDRIVER`; without it this test starts its own, or says it was skipped when
//! Chromium is not installed) and the test opens one Chromium. A failing step leaves a
//! screenshot and the page's HTML in `target/browser-failures/`.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::cli_env::Shell;
use crate::common::{PW, Portal, SmtpSink};

const AXE: &str = include_str!("vendor/axe.min.js");
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A chromedriver this test started (killed at the end), or the run's.
struct DriverProcess {
    url: String,
    child: Option<Child>,
}

impl Drop for DriverProcess {
    fn drop(&mut self) {
        if let Some(c) = &mut self.child {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// The browser's driver, when the browser tests run: on the SQLite pass only. The pages call
/// the same service layer on either database, and web.rs checks every page's rules over HTTP
/// on both; a second browser pass would cost CI minutes and prove nothing more.
fn chromedriver() -> Option<DriverProcess> {
    if crate::common::on_postgres() {
        eprintln!("skipped on the PostgreSQL pass: the browser tests run on the SQLite pass");
        return None;
    }
    if let Ok(url) = std::env::var("LHS_TEST_WEBDRIVER") {
        return Some(DriverProcess { url, child: None });
    }
    let bin = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        .into_iter()
        .find(|p| Path::new(p).exists())?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(bin)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    Some(DriverProcess {
        url,
        child: Some(child),
    })
}

/// One Chromium session.
struct Browser {
    http: reqwest::blocking::Client,
    /// `…/session/ID`.
    session: String,
    portal: String,
    _profile: tempfile::TempDir,
    /// Whether pages run their script (CDP's emulation switches it off).
    js: bool,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.http.delete(&self.session).send();
    }
}

#[derive(Clone)]
struct Element(String);

impl Browser {
    fn open(driver: &str, portal: &str) -> Browser {
        let http = reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap();
        let profile = tempfile::tempdir().unwrap();
        let binary = ["/usr/bin/chromium", "/usr/lib/chromium/chromium"]
            .into_iter()
            .find(|p| Path::new(p).exists())
            .unwrap_or("/usr/bin/chromium");
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": binary,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                    "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
                "prefs": {"intl.accept_languages": "it-IT,it"},
            },
        }}});
        let r: Value = http
            .post(format!("{driver}/session"))
            .json(&caps)
            .send()
            .unwrap()
            .json()
            .unwrap();
        let id = r["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no browser session: {r}"))
            .to_owned();
        Browser {
            http,
            session: format!("{driver}/session/{id}"),
            portal: portal.to_owned(),
            _profile: profile,
            js: true,
        }
    }

    fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut req = self.http.request(method, format!("{}{path}", self.session));
        if let Some(b) = body {
            req = req.json(&b);
        }
        let r: Value = req.send().unwrap().json().unwrap();
        if let Some(e) = r["value"].get("error") {
            panic!("WebDriver {path}: {e} {}", r["value"]["message"]);
        }
        r["value"].clone()
    }

    fn post(&self, path: &str, body: Value) -> Value {
        self.call(reqwest::Method::POST, path, Some(body))
    }

    fn cdp(&self, cmd: &str, params: Value) {
        self.post("/goog/cdp/execute", json!({"cmd": cmd, "params": params}));
    }

    /// Pages at `width` CSS px (a phone's screen at 320).
    fn width(&self, width: u32) {
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": width < 600}),
        );
    }

    fn scripts(&mut self, on: bool) {
        self.js = on;
        self.cdp(
            "Emulation.setScriptExecutionDisabled",
            json!({"value": !on}),
        );
    }

    fn goto(&self, path: &str) {
        let url = if path.starts_with("http") {
            path.to_owned()
        } else {
            format!("{}{path}", self.portal)
        };
        self.post("/url", json!({"url": url}));
    }

    /// The path (and query) of the page shown.
    fn path(&self) -> String {
        let url = self.call(reqwest::Method::GET, "/url", None);
        url.as_str()
            .unwrap()
            .trim_start_matches(&self.portal)
            .to_owned()
    }

    fn title(&self) -> String {
        self.call(reqwest::Method::GET, "/title", None)
            .as_str()
            .unwrap()
            .to_owned()
    }

    fn html(&self) -> String {
        self.call(reqwest::Method::GET, "/source", None)
            .as_str()
            .unwrap()
            .to_owned()
    }

    fn try_find(&self, css: &str) -> Option<Element> {
        let r: Value = self
            .http
            .post(format!("{}/element", self.session))
            .json(&json!({"using": "css selector", "value": css}))
            .send()
            .unwrap()
            .json()
            .unwrap();
        r["value"][ELEMENT]
            .as_str()
            .map(|id| Element(id.to_owned()))
    }

    /// The element, once the page shows it (a click may still be loading the next page).
    fn find(&self, css: &str) -> Element {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            if let Some(e) = self.try_find(css) {
                return e;
            }
            if Instant::now() > deadline {
                self.fail(&format!("no element {css} on {}", self.path()));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn click(&self, css: &str) {
        let e = self.find(css);
        self.post(&format!("/element/{}/click", e.0), json!({}));
    }

    /// Clicks what leads to another page (a link, a form's button) and waits for that page.
    fn go(&self, css: &str) {
        self.script("window.lhsLeaving = true;");
        self.click(css);
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let r: Value = self
                .http
                .post(format!("{}/execute/sync", self.session))
                .json(&json!({"script": "return window.lhsLeaving !== true && document.readyState === 'complete';", "args": []}))
                .send()
                .unwrap()
                .json()
                .unwrap();
            if r["value"] == true {
                return;
            }
            if Instant::now() > deadline {
                self.fail(&format!("{css} did not lead to another page"));
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    fn type_in(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.post(&format!("/element/{}/clear", e.0), json!({}));
        self.post(&format!("/element/{}/value", e.0), json!({"text": text}));
    }

    fn value(&self, css: &str) -> String {
        let e = self.find(css);
        self.call(
            reqwest::Method::GET,
            &format!("/element/{}/property/value", e.0),
            None,
        )
        .as_str()
        .unwrap_or_default()
        .to_owned()
    }

    fn script(&self, script: &str) -> Value {
        self.post("/execute/sync", json!({"script": script, "args": []}))
    }

    /// Saves what the browser shows and fails with `why`.
    fn fail(&self, why: &str) -> ! {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/browser-failures");
        let _ = std::fs::create_dir_all(&dir);
        let name = format!("{}", chrono::Local::now().format("%H%M%S%3f"));
        if let Ok(r) = self
            .http
            .get(format!("{}/screenshot", self.session))
            .send()
            .and_then(reqwest::blocking::Response::json::<Value>)
            && let Some(png) = r["value"].as_str()
        {
            use base64::Engine;
            if let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(png) {
                let _ = std::fs::write(dir.join(format!("{name}.png")), bytes);
            }
        }
        if let Ok(r) = self
            .http
            .get(format!("{}/source", self.session))
            .send()
            .and_then(reqwest::blocking::Response::json::<Value>)
        {
            let _ = std::fs::write(
                dir.join(format!("{name}.html")),
                r["value"].as_str().unwrap_or_default(),
            );
        }
        panic!("{why} (screenshot: {}/{name}.png)", dir.display());
    }

    fn expect(&self, ok: bool, why: impl FnOnce() -> String) {
        if !ok {
            self.fail(&why());
        }
    }

    /// The page's text contains `words` (waiting up to 5 s for a page still loading).
    fn sees(&self, words: &str) {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let r: Value = self
                .http
                .post(format!("{}/execute/sync", self.session))
                .json(&json!({"script": "return document.readyState === 'complete' && document.body ? document.body.innerText : '';", "args": []}))
                .send()
                .unwrap()
                .json()
                .unwrap();
            let body = r["value"].as_str().unwrap_or_default().to_owned();
            if body.contains(words) {
                return;
            }
            if Instant::now() > deadline {
                self.fail(&format!("{words:?} is not on {}: {body}", self.path()));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// axe-core's WCAG 2.x A/AA rules find nothing, and the page does not scroll sideways.
    fn check_page(&self) {
        let was_off = !self.js;
        if was_off {
            // Only for the check: the page was loaded and used without script.
            self.cdp(
                "Emulation.setScriptExecutionDisabled",
                json!({"value": false}),
            );
        }
        let sideways = self.script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
        );
        self.expect(sideways.as_i64() == Some(0), || {
            format!("{} scrolls sideways by {sideways} px", self.path())
        });
        if self.script("return typeof axe;").as_str() != Some("object") {
            self.script(&format!("{AXE}\n;return true;"));
        }
        let found = self.post(
            "/execute/async",
            json!({"script": r"
                var done = arguments[arguments.length - 1];
                axe.run(document, {runOnly: {type: 'tag',
                        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})
                  .then(function (r) {
                    done(r.violations.map(function (v) {
                      return v.id + ' (' + v.impact + '): ' + v.help + ' — ' +
                        v.nodes.map(function (n) { return n.target.join(' '); }).join(', ');
                    }));
                  }, function (e) { done(['axe failed: ' + e]); });",
                "args": []}),
        );
        if was_off {
            self.cdp(
                "Emulation.setScriptExecutionDisabled",
                json!({"value": true}),
            );
        }
        let found = found.as_array().cloned().unwrap_or_default();
        self.expect(found.is_empty(), || {
            format!("axe on {}: {found:#?}", self.path())
        });
    }

    fn sign_in(&self, account: &str, password: &str) {
        self.goto("/accedi");
        self.type_in("#account", account);
        self.type_in("#password", password);
        self.go("main form button[type=submit]");
    }

    fn sign_out(&self) {
        self.go("form.signout button");
    }
}

/// What the journey says in each language.
struct Words {
    welcome: &'static str,
    created: &'static str,
    password_set: &'static str,
    opened: &'static str,
    answered: &'static str,
    closed: &'static str,
    error_title: &'static str,
}

const IT: Words = Words {
    welcome: "Benvenuto",
    created: "creato",
    password_set: "La password è impostata",
    opened: "Ticket inserito",
    answered: "Risposto",
    closed: "Chiuso",
    error_title: "Errore: ",
};

const EN: Words = Words {
    welcome: "Welcome",
    created: "created",
    password_set: "Your password is set",
    opened: "Ticket opened",
    answered: "Answered",
    closed: "Closed",
    error_title: "Error: ",
};

/// Two files the portal accepts, by name and by content.
fn attachments(dir: &Path) -> String {
    let png = dir.join("schermata.png");
    let mut data = b"\x89PNG\r\n\x1a\n".to_vec();
    data.extend_from_slice(&[0u8; 64]);
    std::fs::write(&png, data).unwrap();
    let pdf = dir.join("fattura.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n%lhs\n").unwrap();
    format!("{}\n{}", png.display(), pdf.display())
}

/// The manuals' journey, from the Administrator's new user to the closed ticket.
fn journey(b: &mut Browser, p: &Portal, smtp: &SmtpSink, w: &Words, account: &str) {
    let english = std::ptr::eq(w, &EN);
    b.goto("/accedi");
    if english {
        // The language switch on the page, remembered for the next pages.
        b.click("#lang-choice option[value=en]");
        b.go("form.lang button");
        b.expect(b.html().contains(r#"<html lang="en">"#), || {
            "the page did not switch to English".into()
        });
    }
    b.check_page();
    b.sign_in("C0001", PW);
    b.sees(w.welcome);
    b.check_page();
    b.go(r#"nav.menu a[href="/utenti"]"#);
    b.check_page();
    b.go(r#"a[href="/utenti/nuovo"]"#);
    b.check_page();
    // Sent empty: the error summary, with the focus when script runs, the title says so.
    b.go("form.form button.primary");
    b.expect(b.title().starts_with(w.error_title), || {
        format!("title {:?}", b.title())
    });
    b.find("#error-summary a[href='#name']");
    if b.js {
        let focused = b.script("return document.activeElement.id;");
        b.expect(focused == "error-summary", || {
            format!("the focus is on {focused}")
        });
    }
    b.check_page();
    b.type_in("#name", "Giulia");
    b.type_in("#surname", "Bianchi");
    b.type_in("#email", &format!("{account}@c0001.example"));
    b.type_in("#account", account);
    b.click("input[name=assistenza_avanzate][value=all]");
    b.go("form.form button.primary");
    b.sees(w.created);
    b.sign_out();

    // The invitation's link: the code comes in the fragment; script puts it in the form.
    let mail = smtp.wait_for("invitation", |m| {
        m.to.iter().any(|t| t.contains(&format!("{account}@")))
            && m.body.contains("/password/nuova#codice=")
    });
    let link = mail
        .body
        .split_whitespace()
        .find(|w| w.contains("/password/nuova#codice="))
        .unwrap()
        .to_owned();
    b.goto(&link);
    if b.js {
        b.expect(b.value("#code").starts_with("lhs_i_"), || {
            "the code was not filled in".into()
        });
        b.expect(!b.path().contains("codice"), || {
            format!("the code stayed in the address: {}", b.path())
        });
    } else {
        let code = link.split("#codice=").nth(1).unwrap();
        b.type_in("#code", code);
    }
    b.check_page();
    b.type_in("#new_password", "Giulia-2026-pass");
    b.type_in("#confirm", "Giulia-2026-pass");
    b.go("main form button.primary");
    b.sees(w.password_set);
    b.sign_in(account, "Giulia-2026-pass");
    b.sees(w.welcome);

    // A ticket with two attachments.
    b.go(r#"nav.menu a[href="/ticket"]"#);
    b.check_page();
    b.go(r#"a[href="/ticket/nuovo"]"#);
    b.check_page();
    // "Prima di inviare": the FAQ that may answer it, as it is typed (or on request).
    b.type_in("#subject", "Fattura elettronica scartata");
    b.type_in(
        "#description",
        "Lo SDI ha scartato la fattura 12: codice 00305. Come stampo il registro IVA?",
    );
    if b.js {
        b.sees("Come si stampa il registro IVA?");
        // Macro area → Area → Sezione, each list filled by the one before.
        b.click("#cascade-macro option:nth-child(2)");
        b.click("#cascade-area option:nth-child(2)");
        if b.try_find("#cascade-section option:checked[value='']")
            .is_some()
        {
            b.click("#cascade-section option:nth-child(2)");
        }
        let chosen = b.script("return document.getElementById('section').value;");
        b.expect(
            chosen.as_str().is_some_and(|v| v.split('.').count() == 3),
            || format!("the cascade chose {chosen}"),
        );
    } else {
        b.go("button[name=azione]");
        b.sees("Come si stampa il registro IVA?");
        b.expect(
            b.value("#subject") == "Fattura elettronica scartata",
            || "the subject was not kept".into(),
        );
        b.click("#section option[value]:not([value=''])");
    }
    b.check_page();
    let files = tempfile::tempdir().unwrap();
    b.type_in("#file", &attachments(files.path()));
    b.go("main form button.primary");
    b.sees(w.opened);
    let path = b.path();
    let number: i64 = path
        .trim_start_matches("/ticket/")
        .split(['?', '#'])
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| b.fail(&format!("not a ticket page: {path}")));
    b.sees("schermata.png");
    b.sees("fattura.pdf");
    b.check_page();
    // In the list, with its subject.
    b.goto("/ticket");
    b.sees("Fattura elettronica scartata");
    b.check_page();
    if b.js {
        // Filters apply as they are typed, and the address keeps them.
        b.type_in("#q", "nessuna-corrispondenza");
        b.sees(if english {
            "No ticket matches"
        } else {
            "Nessun ticket corrisponde"
        });
        b.expect(b.path().contains("q=nessuna-corrispondenza"), || b.path());
        b.type_in("#q", "scartata");
        b.sees("Fattura elettronica scartata");
    }
    b.go(&format!(r#"a[href="/ticket/{number}"]"#));
    b.type_in("#body", "Allego anche la ricevuta di scarto.");
    b.go("form[action$='/commenta'] button.primary");
    b.sees("Allego anche la ricevuta di scarto.");

    // The help desk answers from the command line while the page stays open.
    b.script("window.lhsStayed = true;");
    let desk = Shell::new(p);
    desk.login("staff");
    let n = number.to_string();
    desk.run(&["desk", "take", &n]).ok();
    desk.run(&[
        "desk",
        "reply",
        &n,
        "--minutes",
        "15",
        "-m",
        "Reinviata con il codice corretto.",
    ])
    .ok();
    if b.js {
        // The open page follows the ticket: the answer appears without a reload.
        b.sees(w.answered);
        b.expect(
            b.script("return window.lhsStayed === true;") == true,
            || "the page was reloaded".into(),
        );
    } else {
        b.goto(&format!("/ticket/{number}"));
        b.sees(w.answered);
    }
    b.sees("Reinviata con il codice corretto.");
    b.check_page();
    b.go("form[action$='/chiudi'] button");
    b.expect(!b.html().contains("/chiudi"), || {
        "the ticket can still be closed".into()
    });
    b.sees(w.closed);
    b.sign_out();
}

/// Every other screen, as the people who may open it.
fn tour(b: &Browser, p: &Portal) {
    for path in [
        "/accedi",
        "/password/dimenticata",
        "/password/nuova",
        "/nessuna-pagina",
    ] {
        b.goto(path);
        b.check_page();
    }
    // A refused sign-in: the summary and the field's message.
    b.sign_in("C0001", "sbagliata-davvero");
    b.find("#error-summary");
    b.check_page();
    b.sign_in("C0001", PW);
    for path in [
        "/",
        "/utenti",
        "/utente/rossi.mario",
        "/utenti/importa",
        "/profilo",
        "/store",
        "/store/acquista/SMART-120",
        "/store/ordini",
        "/aggiornamenti",
        "/corsi",
        "/documenti",
        "/video",
        "/informative-fiscali",
        "/news-tecniche",
        "/news-commerciali",
        "/faq",
        "/password/cambia",
    ] {
        b.goto(path);
        b.check_page();
    }
    // An item of an area and an update, reached from their lists.
    for (list, item) in [
        ("/documenti", "/documenti/"),
        ("/aggiornamenti", "/aggiornamenti/"),
    ] {
        b.goto(list);
        b.go(&format!(r#"main a[href^="{item}"]"#));
        b.check_page();
    }
    b.sign_out();
    b.sign_in("rossi.mario", PW);
    for path in ["/ticket", "/ticket/nuovo", "/corsi?miei=1"] {
        b.goto(path);
        b.check_page();
    }
    b.sign_out();
    // The help desk's queue and a ticket there (the journey's tickets are in it).
    b.sign_in("staff", PW);
    b.goto("/desk?f=1");
    b.check_page();
    if b.js {
        // The queue refreshes itself: a ticket opened meanwhile shows without a reload.
        b.script("window.lhsStayed = true;");
        p.session("rossi.mario")
            .new_ticket("Arrivato mentre la coda era aperta", "d");
        b.sees("Arrivato mentre la coda era aperta");
        b.expect(
            b.script("return window.lhsStayed === true;") == true,
            || "the queue was reloaded".into(),
        );
    }
    b.go(r#"main td a[href^="/desk/ticket/"]"#);
    b.check_page();
    for path in [
        "/desk/posta",
        "/desk/clienti",
        "/desk/clienti/C0001",
        "/desk/ordini?vista=tutti",
        "/desk/tecnici",
        "/desk/catalogo",
        "/desk/statistiche",
        "/desk/pacchetti",
        "/desk/contenuti?tipo=faq",
        "/desk/contenuti/nuovo?tipo=videos",
        "/desk/corsi",
    ] {
        b.goto(path);
        b.check_page();
    }
    // A course's enrolments, reached from the calendar.
    b.go(r#"main td a[href^="/desk/corsi/"]"#);
    b.check_page();
    // A software update published from the form (with script the upload reports its
    // progress and the answer replaces the page).
    b.goto("/desk/aggiornamenti");
    let dir = tempfile::tempdir().unwrap();
    let setup = dir.path().join("setup.exe");
    std::fs::write(&setup, vec![7u8; 2_000_000]).unwrap();
    let version = if b.js { "2030.1" } else { "2030.2" };
    b.type_in("#version", version);
    b.type_in("#notes", "Note di rilascio");
    b.type_in("#file", &setup.display().to_string());
    b.go("form[data-progress] button.primary");
    b.sees(&format!("{version} "));
    b.check_page();
    // An item's form, reached from its area's list.
    b.goto("/desk/contenuti");
    b.go(r#"main li h2 a[href^="/desk/contenuti/documents/"]"#);
    b.check_page();
    b.sign_out();
}

#[test]
fn the_portal_works_in_a_real_browser_with_and_without_javascript() {
    let Some(driver) = chromedriver() else {
        eprintln!("skipped: no browser here (tests/run installs Chromium and chromedriver)");
        return;
    };
    let smtp = SmtpSink::start();
    let p = Portal::dev_with(&["--smtp", &smtp.url(), "--mail-interval", "1s"]);
    let mut b = Browser::open(&driver.url, &p.url);

    // Italian, 1280 px, with script.
    b.width(1280);
    journey(&mut b, &p, &smtp, &IT, "bianchi.giulia");
    tour(&b, &p);

    // English (switched on the page), 320 px, without script.
    b.call(reqwest::Method::DELETE, "/cookie", None);
    b.width(320);
    b.scripts(false);
    journey(&mut b, &p, &smtp, &EN, "bianchi.giulia2");
    tour(&b, &p);
}

/// The issue's journey across two browsers: a technician (320 px, no script, English)
/// takes a ticket in the desk's queue and answers it with minutes; the customer's open page
/// (Italian, script) shows Risposto without a reload and closes the ticket; then the
/// technician suspends the customer and the customer's open page locks at once.
#[test]
fn a_technician_answers_in_the_browser_and_the_customer_sees_it_live() {
    let Some(driver) = chromedriver() else {
        eprintln!("skipped: no browser here (tests/run installs Chromium and chromedriver)");
        return;
    };
    let p = Portal::dev();
    let rossi = p.session("rossi.mario");
    let before = rossi.get("/package").ok()["balance_minutes"]
        .as_i64()
        .unwrap();
    let n = rossi.new_ticket(
        "Il registro IVA non quadra",
        "Mancano due fatture di novembre.",
    );

    let customer = Browser::open(&driver.url, &p.url);
    customer.width(1280);
    customer.sign_in("rossi.mario", PW);
    customer.goto(&format!("/ticket/{n}"));
    customer.sees("Inserito");
    customer.script("window.lhsStayed = true;");

    let mut desk = Browser::open(&driver.url, &p.url);
    desk.width(320);
    desk.scripts(false);
    desk.goto("/accedi");
    desk.click("#lang-choice option[value=en]");
    desk.go("form.lang button");
    desk.sign_in("staff", PW);
    desk.goto("/desk");
    desk.sees("Il registro IVA non quadra");
    desk.go(&format!(r#"main td a[href="/desk/ticket/{n}"]"#));
    desk.go("form[action$='/prendi'] button");
    desk.sees("you are its technician");
    desk.type_in("#body", "Le due fatture sono state registrate.");
    desk.type_in("#minutes", "15");
    desk.go("form[action$='/rispondi'] button");
    desk.sees("Answer sent");
    desk.check_page();

    // The customer's page follows: Risposto and the answer, no reload.
    customer.sees("Risposto");
    customer.sees("Le due fatture sono state registrate.");
    customer.expect(
        customer.script("return window.lhsStayed === true;") == true,
        || "the page was reloaded".into(),
    );
    customer.go("form[action$='/chiudi'] button");
    customer.sees("Chiuso");
    let package = rossi.get("/package").ok();
    assert_eq!(package["balance_minutes"].as_i64().unwrap(), before - 15);
    assert!(
        package.to_string().contains(&format!("\"ticket\":{n}")),
        "{package}"
    );

    // Suspended by the desk: the customer's open page locks at once.
    customer.goto(&format!("/ticket/{n}"));
    desk.goto("/desk/clienti/C0001");
    desk.click("input[name=standing][value=suspended]");
    desk.go("form[action$='/posizione'] button");
    desk.sees("Suspended");
    customer.sees("La sessione è terminata");
    customer.expect(customer.path().starts_with("/accedi"), || customer.path());
}
