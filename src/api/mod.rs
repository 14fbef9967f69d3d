//! The typed HTTP client of the portal API — the only place that builds requests. Commands
//! call one method per endpoint (`client.ticket(n)`, `client.create_user(&req)`, grouped by
//! noun in this module's files); paths, query strings, multipart bodies and headers are
//! written here and nowhere else. `lhs api` alone sends a path the user typed ([`ApiClient::raw`]).
//!
//! It owns timeouts, retries with backoff (connection errors, 429 and 503, for safe requests and
//! for POSTs that carry an Idempotency-Key), the `-v` trace (method, URL, status, duration —
//! never a header or body), and the mapping of `{code, message}` errors to exit codes and hints.
//!
//! No request can hang: connecting is bounded (10 s at most), every attempt has a deadline
//! (`--timeout`/`LHS_TIMEOUT`, 30 s by default; for uploads and downloads it bounds the time
//! without any data, so big transfers may take longer), an attempt that timed out is not
//! repeated, and retries stop when they would take the request past twice its deadline. On a
//! terminal a spinner says what is awaited once a request takes over a second.

use std::path::Path;
use std::time::{Duration, Instant};

use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

mod auth;
mod contents;
mod courses;
mod customers;
mod outbox;
mod reports;
mod shop;
mod staff;
mod tickets;
mod tokens;
pub mod updates;
pub mod upload;
mod users;
pub mod vtenext;

pub use crate::wire::TicketQuery;
pub use crate::wire::UserQuery;
pub use tickets::TicketAction;

use crate::credentials::{Secret, TokenSource};
use crate::error::{CliError, CliResult, Kind};
use crate::wire::ErrorBody;

const ATTEMPTS: u32 = 4;

/// The default deadline of one request.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, Clone)]
pub struct ClientOptions {
    pub verbose: bool,
    pub ca_cert: Option<std::path::PathBuf>,
    /// Deadline of one attempt; for transfers, the longest time without data.
    pub timeout: Duration,
    /// Uploads and downloads: `timeout` bounds idle time rather than the whole request.
    pub transfer: bool,
    /// Show a spinner on stderr while waiting (a terminal, not `-q`).
    pub spinner: bool,
    /// The command that logs in again, with the user's `--profile` and `--host`, for hints.
    pub login_command: String,
    /// ` --profile NAME` when the profile in effect is not the default, for hints.
    pub profile_arg: String,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            verbose: false,
            ca_cert: None,
            timeout: DEFAULT_TIMEOUT,
            transfer: false,
            spinner: false,
            login_command: "lhs login".into(),
            profile_arg: String::new(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct ApiClient {
    http: reqwest::Client,
    host: String,
    token: Option<Secret>,
    token_source: Option<TokenSource>,
    opts: ClientOptions,
}

/// Normalises a portal URL: adds `https://` when no scheme is given, drops trailing slashes.
pub fn normalize_host(host: &str) -> CliResult<String> {
    let h = host.trim().trim_end_matches('/');
    if h.is_empty() {
        return Err(CliError::usage("empty --host"));
    }
    let with_scheme = if h.contains("://") {
        h.to_owned()
    } else {
        format!("https://{h}")
    };
    let url = reqwest::Url::parse(&with_scheme)
        .map_err(|e| CliError::usage(format!("invalid --host `{host}`: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(CliError::usage(format!(
            "invalid --host `{host}`: use http:// or https://"
        )));
    }
    Ok(with_scheme)
}

/// Builds the HTTP client: rustls, optional private CA, proxies from the environment, and the
/// deadlines described above.
pub fn http_client(opts: &ClientOptions) -> CliResult<reqwest::Client> {
    let mut b = reqwest::Client::builder()
        .use_rustls_tls()
        .connect_timeout(opts.timeout.min(Duration::from_secs(10)))
        .read_timeout(opts.timeout)
        .user_agent(concat!("lhs/", env!("CARGO_PKG_VERSION")));
    if !opts.transfer {
        b = b.timeout(opts.timeout);
    }
    if let Some(path) = &opts.ca_cert {
        b = b.add_root_certificate(read_ca(path)?);
    }
    b.build()
        .map_err(|e| CliError::other(format!("cannot build the HTTP client: {e}")))
}

fn read_ca(path: &Path) -> CliResult<reqwest::Certificate> {
    let pem = std::fs::read(path)
        .map_err(|e| CliError::usage(format!("--ca-cert {}: {e}", path.display())))?;
    reqwest::Certificate::from_pem(&pem).map_err(|e| {
        CliError::usage(format!(
            "--ca-cert {}: not a PEM certificate: {e}",
            path.display()
        ))
    })
}

/// Whether a request may be sent again after a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Retry {
    Safe,
    Never,
}

impl ApiClient {
    pub fn new(
        http: reqwest::Client,
        host: &str,
        token: Option<(Secret, TokenSource)>,
        opts: ClientOptions,
    ) -> ApiClient {
        let (token, token_source) = match token {
            Some((t, s)) => (Some(t), Some(s)),
            None => (None, None),
        };
        ApiClient {
            http,
            host: host.trim_end_matches('/').to_owned(),
            token,
            token_source,
            opts,
        }
    }

    pub fn host(&self) -> &str {
        &self.host
    }

    pub fn token_source(&self) -> Option<TokenSource> {
        self.token_source
    }

    /// `/tickets` → `<host>/api/v1/tickets`; `/api/…` and `/healthz` are taken as they are.
    fn url(&self, path: &str) -> String {
        let path = if path.starts_with('/') {
            path.to_owned()
        } else {
            format!("/{path}")
        };
        if path.starts_with("/api/") || path == "/healthz" {
            format!("{}{path}", self.host)
        } else {
            format!("{}/api/v1{path}", self.host)
        }
    }

    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let mut rb = self.http.request(method, self.url(path));
        if let Some(t) = &self.token {
            rb = rb.bearer_auth(t.expose());
        }
        rb
    }

    /// Sends the request built by `build` (called again for each retry) and returns the
    /// response whatever its status; only transport failures are errors.
    async fn send_raw(
        &self,
        method: &Method,
        path: &str,
        retry: Retry,
        build: &(dyn Fn() -> RequestBuilder + Send + Sync),
    ) -> CliResult<Response> {
        let url = self.url(path);
        let shown_path = url.strip_prefix(&self.host).unwrap_or(&url);
        let _spinner = crate::output::progress::Waiting::after(
            self.opts.spinner && !self.opts.transfer,
            Duration::from_secs(1),
            format!("Waiting for {} ({method} {shown_path})…", self.host),
        );
        // Retries never take a request past twice its deadline.
        let budget = self.opts.timeout.saturating_mul(2);
        let started = Instant::now();
        let mut attempt = 0;
        loop {
            attempt += 1;
            let start = Instant::now();
            if self.opts.verbose {
                eprintln!("> {method} {url}");
            }
            let result = build().send().await;
            let ms = start.elapsed().as_millis();
            let last = retry == Retry::Never || attempt >= ATTEMPTS;
            let fits = |wait: Duration| started.elapsed() + wait < budget;
            match result {
                Ok(mut resp) => {
                    resp.extensions_mut().insert(Attempt(attempt));
                    show_standing_banner(&resp);
                    let status = resp.status();
                    if self.opts.verbose {
                        eprintln!(
                            "< {} {} ({ms} ms)",
                            status.as_u16(),
                            status.canonical_reason().unwrap_or("")
                        );
                    }
                    let retryable = status == StatusCode::TOO_MANY_REQUESTS
                        || status == StatusCode::SERVICE_UNAVAILABLE;
                    if retryable && !last {
                        let wait = retry_after(&resp).unwrap_or_else(|| backoff(attempt));
                        if wait <= Duration::from_secs(30) && fits(wait) {
                            tokio::time::sleep(wait).await;
                            continue;
                        }
                    }
                    return Ok(resp);
                }
                Err(e) => {
                    if self.opts.verbose {
                        eprintln!("< transport error after {ms} ms: {}", transport_text(&e));
                    }
                    // A timed-out attempt is not repeated: the deadline was the user's.
                    let transient = (e.is_connect() || e.is_request()) && !e.is_timeout();
                    if !last && transient && fits(backoff(attempt)) {
                        tokio::time::sleep(backoff(attempt)).await;
                        continue;
                    }
                    return Err(self.network_error(&e));
                }
            }
        }
    }

    fn network_error(&self, e: &reqwest::Error) -> CliError {
        if e.is_timeout() {
            let secs = self.opts.timeout.as_secs_f64();
            let what = if self.opts.transfer {
                format!("no data from {} for {secs:.0} s", self.host)
            } else {
                format!("no answer from {} within {secs:.0} s", self.host)
            };
            return CliError::new(Kind::Network, what).hint(
                "the portal may be overloaded or unreachable; retry later, or allow more time with --timeout (LHS_TIMEOUT), e.g. --timeout 2m",
            );
        }
        let text = transport_text(e);
        let err = CliError::new(Kind::Network, format!("cannot reach {}: {text}", self.host));
        // rustls reading an HTTP answer where a TLS record should be.
        if let Some(rest) = self.host.strip_prefix("https://")
            && (text.contains("InvalidContentType") || text.contains("corrupt message"))
        {
            return err.hint(format!(
                "this server speaks plain HTTP, not HTTPS: use --host http://{rest}"
            ));
        }
        err.hint(
            "check --host / LHS_HOST and your network, or start a portal with `lhs serve --dev`",
        )
    }

    /// Sends and decodes a JSON answer, mapping error statuses to `CliError`s.
    async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        retry: Retry,
        build: &(dyn Fn() -> RequestBuilder + Send + Sync),
    ) -> CliResult<T> {
        Ok(self.send_replayable(method, path, retry, build).await?.0)
    }

    /// Like [`send`](Self::send), also telling whether the answer replays what an earlier
    /// run sent with the same Idempotency-Key (the server's `Idempotent-Replayed`, on this
    /// run's first attempt: a replay after a retry of ours is this run's own request).
    async fn send_replayable<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        retry: Retry,
        build: &(dyn Fn() -> RequestBuilder + Send + Sync),
    ) -> CliResult<(T, bool)> {
        let resp = self.send_raw(&method, path, retry, build).await?;
        let replayed = resp
            .headers()
            .get("idempotent-replayed")
            .is_some_and(|v| v == "true")
            && resp.extensions().get::<Attempt>().is_some_and(|a| a.0 == 1);
        let status = resp.status();
        let bytes = resp.bytes().await.map_err(|e| self.network_error(&e))?;
        if !status.is_success() {
            return Err(self.api_error(status, &bytes));
        }
        let body: &[u8] = if bytes.is_empty() { b"null" } else { &bytes };
        let value = serde_json::from_slice(body).map_err(|e| {
            CliError::new(
                Kind::Network,
                format!("unexpected answer from {} ({status}): {e}", self.host),
            )
            .hint("is --host the URL of an lhs portal?")
        })?;
        Ok((value, replayed))
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> CliResult<T> {
        self.send(Method::GET, path, Retry::Safe, &|| {
            self.request(Method::GET, path)
        })
        .await
    }

    async fn post<B: Serialize + Sync, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> CliResult<T> {
        self.send(Method::POST, path, Retry::Never, &|| {
            self.request(Method::POST, path).json(body)
        })
        .await
    }

    /// A POST that the server de-duplicates by `key`, so it is safe to retry.
    async fn post_idempotent<B: Serialize + Sync, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
        key: &str,
    ) -> CliResult<T> {
        self.send(Method::POST, path, Retry::Safe, &|| {
            self.request(Method::POST, path)
                .header("Idempotency-Key", key)
                .json(body)
        })
        .await
    }

    async fn patch<B: Serialize + Sync, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> CliResult<T> {
        self.send(Method::PATCH, path, Retry::Safe, &|| {
            self.request(Method::PATCH, path).json(body)
        })
        .await
    }

    /// PUT replaces a whole resource: repeating it is harmless.
    async fn put<B: Serialize + Sync, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> CliResult<T> {
        self.send(Method::PUT, path, Retry::Safe, &|| {
            self.request(Method::PUT, path).json(body)
        })
        .await
    }

    async fn delete(&self, path: &str) -> CliResult<()> {
        let _: serde_json::Value = self
            .send(Method::DELETE, path, Retry::Safe, &|| {
                self.request(Method::DELETE, path)
            })
            .await?;
        Ok(())
    }

    /// A POST without body or answer.
    async fn post_empty(&self, path: &str) -> CliResult<()> {
        let _: serde_json::Value = self.post(path, &serde_json::json!({})).await?;
        Ok(())
    }

    /// A request the user wrote (`lhs api`): any method on any path, with an optional JSON
    /// body; safe methods are retried. Returns the status and the body, whatever the status.
    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        body: Option<&serde_json::Value>,
    ) -> CliResult<(StatusCode, bytes::Bytes)> {
        let retry = if matches!(
            method,
            Method::GET | Method::HEAD | Method::PUT | Method::DELETE
        ) {
            Retry::Safe
        } else {
            Retry::Never
        };
        let resp = self
            .send_raw(&method, path, retry, &|| {
                let rb = self.request(method.clone(), path);
                match body {
                    Some(b) => rb.json(b),
                    None => rb,
                }
            })
            .await?;
        let status = resp.status();
        let bytes = resp
            .bytes()
            .await
            .map_err(|e| CliError::new(Kind::Network, e.to_string()))?;
        Ok((status, bytes))
    }

    /// Turns an error answer into a `CliError` with the right exit code and a hint.
    pub fn api_error(&self, status: StatusCode, body: &[u8]) -> CliError {
        let parsed: Option<ErrorBody> = serde_json::from_slice(body).ok();
        let (code, message) = match &parsed {
            Some(b) => (b.code.as_str(), b.message.clone()),
            None => ("", format!("{} answered {status}", self.host)),
        };
        let kind = match status.as_u16() {
            400 | 413 | 415 | 422 => Kind::Invalid,
            401 => Kind::Auth,
            403 if code == "password_change_required" => Kind::Auth,
            403 => Kind::Permission,
            404 => Kind::NotFound,
            409 => Kind::Conflict,
            _ => Kind::Network,
        };
        let mut err = CliError::new(kind, message);
        let env = self.token_source == Some(TokenSource::Env);
        let hint = match code {
            "unauthenticated" | "token_invalid" | "token_expired" | "token_revoked" if env => {
                Some("LHS_TOKEN is set but not accepted: unset it to use your login (where you are logged in, `lhs token create` makes a new one)".to_owned())
            }
            "unauthenticated" | "token_invalid" | "token_expired" | "token_revoked" => {
                Some(format!("run `{}`", self.opts.login_command))
            }
            "password_change_required" => Some(format!("run `lhs passwd{}` to choose your own password", self.opts.profile_arg)),
            "account_disabled" => Some("ask your company's Administrator to enable the account".to_owned()),
            "admin_cannot_manage_tickets" => Some("log in as an operative user: `lhs login --user cognome.nome` (create one with `lhs users add`)".to_owned()),
            "section_not_in_contract" => Some("list the sections of your contract with `lhs catalog`".to_owned()),
            "insufficient_balance" => Some(overdraft_hint(parsed.as_ref().map(|b| &b.details))),
            "too_many_requests" => Some("wait and try again".to_owned()),
            "reopen_window_passed" => Some("open a new ticket with `lhs tickets new` and mention this ticket's number in it".to_owned()),
            "invalid_transition" => Some(transition_hint(parsed.as_ref().map(|b| &b.details))),
            "idempotency_key_reused" => Some(match parsed.as_ref().and_then(|b| b.details["ticket"].as_i64()) {
                Some(n) => format!("see it with `lhs tickets view {n}`; to open another ticket, use another --idempotency-key"),
                None => "use another --idempotency-key for a different request".to_owned(),
            }),
            "course_full" => Some("`lhs courses list` shows the courses with seats left".to_owned()),
            "course_started" => Some("`lhs courses list` shows the courses still to come".to_owned()),
            "already_enrolled" | "not_enrolled" => Some("`lhs courses mine` lists your enrolments".to_owned()),
            "order_decided" => Some("`lhs desk orders list` shows every order and its state".to_owned()),
            "already_unpublished" => Some("`lhs desk published` lists what is still published".to_owned()),
            "staff_only" | "staff_admin_only" => Some("this needs a help-desk staff account".to_owned()),
            _ => None,
        };
        if let Some(h) = hint {
            err = err.hint(h);
        }
        if let Some(field) = parsed
            .as_ref()
            .and_then(|b| b.details.get("field"))
            .and_then(|f| f.as_str())
            && !err.message.contains(field)
        {
            err.message = format!("{} (field `{field}`)", err.message);
        }
        err
    }
}

/// What to do about a refused transition, with the ticket's number: a reply to a ticket nobody
/// took names `lhs desk take N`; anything else, `lhs tickets view N`.
fn transition_hint(details: Option<&serde_json::Value>) -> String {
    let d = details.unwrap_or(&serde_json::Value::Null);
    let n = d["number"]
        .as_i64()
        .map_or_else(|| "N".to_owned(), |n| n.to_string());
    match (d["state"].as_str(), d["action"].as_str()) {
        (Some("inserito"), Some("reply")) => {
            format!("take it in charge first with `lhs desk take {n}`, then reply again")
        }
        _ => format!("`lhs tickets view {n}` shows the ticket's state and what you can do now"),
    }
}

/// The overdraft's way out with the real customer code and the minutes missing.
fn overdraft_hint(details: Option<&serde_json::Value>) -> String {
    let d = details.unwrap_or(&serde_json::Value::Null);
    let code = d["customer"].as_str().unwrap_or("CODE");
    let missing = match (
        d["requested_minutes"].as_i64(),
        d["balance_minutes"].as_i64(),
    ) {
        (Some(r), Some(b)) if r > b => (r - b).to_string(),
        _ => "M".to_owned(),
    };
    format!(
        "grant the missing minutes with `lhs desk package grant {code} --minutes {missing}`, or repeat with --allow-overdraft"
    )
}

/// Which attempt of [`ApiClient::send_raw`] an answer came from (1: the first).
#[derive(Debug, Clone, Copy)]
struct Attempt(u32);

/// `base?customer=CODE` when a customer is named (the help desk's view of one company).
/// `base` with the query `q` (one of the query types of `wire`), written by serde as the
/// server reads it.
fn with_query(base: &str, q: &impl serde::Serialize) -> String {
    match serde_urlencoded::to_string(q).unwrap_or_default() {
        qs if qs.is_empty() => base.to_owned(),
        qs => format!("{base}?{qs}"),
    }
}

/// A path segment with reserved characters escaped.
fn segment(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

fn backoff(attempt: u32) -> Duration {
    Duration::from_millis(250 * 2u64.pow(attempt.min(6)))
}

fn retry_after(resp: &Response) -> Option<Duration> {
    resp.headers()
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

fn transport_text(e: &reqwest::Error) -> String {
    let mut cur: Option<&dyn std::error::Error> = Some(e);
    let mut last = e.to_string();
    while let Some(c) = cur {
        last = c.to_string();
        cur = c.source();
    }
    last
}

/// Which kind of portal answers at the client's host: our OpenAPI document, or vtenext's
/// customer-portal WSDL.
pub async fn detect_backend(client: &ApiClient) -> CliResult<crate::config::Backend> {
    use crate::config::Backend;
    let probe = |path: String| async move {
        match client.http.get(&path).send().await {
            Ok(r) if r.status().is_success() => Ok(Some(r.text().await.unwrap_or_default())),
            Ok(_) => Ok(None),
            Err(e) => Err(client.network_error(&e)),
        }
    };
    if let Some(body) = probe(client.url("/openapi.json")).await?
        && body.contains("\"openapi\"")
    {
        return Ok(Backend::Lhs);
    }
    let wsdl = format!("{}&wsdl", vtenext::service_url(&client.host));
    if let Some(body) = probe(wsdl).await?
        && body.contains("customerportal")
    {
        return Ok(Backend::Vtenext);
    }
    Err(CliError::new(
        Kind::NotFound,
        format!(
            "no portal lhs knows answers at {}: neither an lhs API nor a vtenext customer-portal service",
            client.host
        ),
    )
    .hint("check --host, or say which kind it is with --backend lhs|vtenext"))
}

/// A random Idempotency-Key for one command invocation.
/// The banner of a company in temporary standing (the `Lhs-Standing` headers), on stderr,
/// once per command.
fn show_standing_banner(resp: &Response) {
    static SHOWN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if resp
        .headers()
        .get("lhs-standing")
        .is_none_or(|v| v != "temporary")
    {
        return;
    }
    if SHOWN.swap(true, std::sync::atomic::Ordering::Relaxed) {
        return;
    }
    let msg = resp
        .headers()
        .get("lhs-standing-message")
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            form_urlencoded::parse(format!("m={v}").as_bytes())
                .next()
                .map(|(_, m)| m.into_owned())
                .unwrap_or_default()
        })
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| crate::domain::standing::DEFAULT_BANNER.to_owned());
    eprintln!("notice: {msg}");
}

pub fn new_idempotency_key() -> String {
    use rand::RngCore;
    let mut b = [0u8; 16];
    rand::rng().fill_bytes(&mut b);
    format!("lhs-{}", hex::encode(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_normalised() {
        assert_eq!(
            normalize_host("portal.example.com/").unwrap(),
            "https://portal.example.com"
        );
        assert_eq!(
            normalize_host("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080"
        );
        assert!(normalize_host("ftp://x").is_err());
        assert!(normalize_host("").is_err());
    }

    #[test]
    fn errors_map_to_exit_codes_and_hints() {
        let c = ApiClient::new(
            reqwest::Client::new(),
            "http://h",
            None,
            ClientOptions::default(),
        );
        let e = c.api_error(
            StatusCode::FORBIDDEN,
            br#"{"code":"password_change_required","message":"m"}"#,
        );
        assert_eq!(e.kind, Kind::Auth);
        assert!(e.hint.unwrap().contains("lhs passwd"));
        let e = c.api_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            br#"{"code":"validation_failed","message":"bad","details":{"field":"email"}}"#,
        );
        assert_eq!(e.kind, Kind::Invalid);
        assert!(e.message.contains("email"));
        assert_eq!(
            c.api_error(StatusCode::CONFLICT, b"{}").kind,
            Kind::Conflict
        );
        assert_eq!(
            c.api_error(StatusCode::BAD_GATEWAY, b"<html>").kind,
            Kind::Network
        );
        assert_eq!(c.api_error(StatusCode::NOT_FOUND, b"").kind, Kind::NotFound);
    }
}
