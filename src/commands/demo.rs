//! `lhs demo`: starts a dev portal in-process on a free port and walks through the main flows,
//! running the real `lhs` binary for every step and showing each command with its output.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;

use crate::error::{CliError, CliResult, Kind};
use crate::server::store::SharedStore;
use crate::server::store::sqlite::SqliteStore;
use crate::server::{Settings, seed};

/// A guided tour on a throw-away portal.
///
/// Starts a dev portal on 127.0.0.1 (temporary database, mail kept in the outbox) and runs
/// the main flows with real lhs commands, printing each command and its output: the
/// Administrator adds a user with permissions, the user opens a ticket with an attachment,
/// the help desk takes and answers it, the user closes it, reads a document, downloads a
/// software update and buys a package of SMART minutes, which the help desk confirms. With --keep the portal stays up
/// and the `export` lines to continue by hand are printed.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Leave the portal running afterwards (Ctrl-C stops it)
    #[arg(long)]
    pub keep: bool,
}

struct Step {
    title: &'static str,
    args: Vec<String>,
    /// What is piped to the command (a password); shown as `$PASSWORD`, never in clear.
    stdin: Option<String>,
}

fn step(title: &'static str, args: &[&str], stdin: Option<&str>) -> Step {
    Step {
        title,
        args: args.iter().map(|s| (*s).to_owned()).collect(),
        stdin: stdin.map(str::to_owned),
    }
}

/// Runs a step whose output is only shown: on a terminal exactly as the person would see it
/// running the command there (tables, colour, progress), in a pipe as records.
async fn show_step(exe: &Path, env: &[(&str, String)], s: &Step) -> CliResult<()> {
    run_command(
        exe,
        env,
        s,
        std::io::IsTerminal::is_terminal(&std::io::stdout()),
    )
    .await?;
    Ok(())
}

/// Runs a step whose stdout (a ticket number, an order id) the tour needs next.
async fn run_step(exe: &Path, env: &[(&str, String)], s: &Step) -> CliResult<String> {
    run_command(exe, env, s, false).await
}

/// Runs one step: `on_terminal` hands the inner command the demo's own terminal; otherwise
/// its output is captured, shown and returned.
async fn run_command(
    exe: &Path,
    env: &[(&str, String)],
    s: &Step,
    on_terminal: bool,
) -> CliResult<String> {
    use tokio::io::AsyncWriteExt;
    println!("\n── {}", s.title);
    let shown: Vec<String> = s
        .args
        .iter()
        .map(|a| crate::output::shell_quote(a))
        .collect();
    match &s.stdin {
        Some(i) if i.contains('\n') => println!(
            "$ printf '%s\\n%s\\n' \"$INITIAL_PASSWORD\" \"$NEW_PASSWORD\" | lhs {}",
            shown.join(" ")
        ),
        Some(_) => println!("$ printf '%s\\n' \"$PASSWORD\" | lhs {}", shown.join(" ")),
        None => println!("$ lhs {}", shown.join(" ")),
    }
    let mut cmd = tokio::process::Command::new(exe);
    cmd.args(&s.args)
        .env_remove("LHS_TOKEN")
        .env_remove("LHS_PROFILE")
        .env_remove("LHS_HOST")
        .stdin(Stdio::piped());
    if on_terminal {
        // The tour pages nothing: one step's output must not stop it.
        cmd.arg("--no-pager").stdout(Stdio::inherit());
    } else {
        cmd.stdout(Stdio::piped());
    }
    // Messages go where the demo's own go, styled as they would be there.
    if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        cmd.stderr(Stdio::inherit());
    } else {
        cmd.stderr(Stdio::piped());
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd
        .spawn()
        .map_err(|e| CliError::other(format!("cannot run {}: {e}", exe.display())))?;
    let mut stdin = child.stdin.take().expect("piped");
    if let Some(input) = &s.stdin {
        let _ = stdin.write_all(format!("{input}\n").as_bytes()).await;
    }
    drop(stdin);
    let out = child
        .wait_with_output()
        .await
        .map_err(|e| CliError::other(e.to_string()))?;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    print!("{stdout}");
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
    if !out.status.success() {
        return Err(CliError::other(format!(
            "demo step failed: lhs {} ({})",
            shown.join(" "),
            out.status
        )));
    }
    Ok(stdout)
}

pub async fn run(args: Args) -> CliResult<()> {
    let dir = tempfile::Builder::new()
        .prefix("lhs-demo-")
        .tempdir()
        .map_err(|e| CliError::other(format!("cannot create a temporary directory: {e}")))?;
    let store = SqliteStore::open(&dir.path().join("portal.db"))
        .map_err(|e| CliError::other(format!("{e:#}")))?;
    let store: SharedStore = Arc::new(store);
    let password = crate::server::auth::random_password();
    seed::dev(&*store, &password).map_err(|e| CliError::other(e.to_string()))?;
    let settings = Settings {
        listen: std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
        ..Settings::default()
    };
    let server = crate::server::start(settings, store)
        .await
        .map_err(|e| CliError::new(Kind::Network, format!("{e:#}")))?;
    let host = format!("http://{}", server.addr);
    let config: PathBuf = dir.path().join("config");
    let exe = std::env::current_exe()
        .map_err(|e| CliError::other(format!("cannot find the lhs binary: {e}")))?;
    let env = [
        ("LHS_HOST", host.clone()),
        ("LHS_CONFIG_DIR", config.display().to_string()),
    ];
    let xml = dir.path().join("esito-sdi.xml");
    std::fs::write(
        &xml,
        "<?xml version=\"1.0\"?>\n<EsitoSDI><Codice>00305</Codice><Descrizione>IdCodice non valido</Descrizione></EsitoSDI>\n",
    )?;
    println!("lhs demo: a throw-away portal is running at {host} (in a browser too)");
    println!("Every step below is a real lhs command against it; the output is real too.");
    // The Administrator gives Anna an initial password; she chooses her own at first login.
    let anna_initial = "Anna2024demo";
    let anna_login = format!("{anna_initial}\nAnnaScelta2024");
    let before = [
        step(
            "The customer's Administrator logs in with the customer code",
            &[
                "--profile",
                "admin",
                "login",
                "--user",
                "C0001",
                "--password-stdin",
                "--insecure-storage",
            ],
            Some(&password),
        ),
        step(
            "…and adds a colleague who may manage every ticket of the company, download software updates and buy SMART minutes",
            &[
                "--profile",
                "admin",
                "users",
                "add",
                "--name",
                "Anna",
                "--surname",
                "Bianchi",
                "--email",
                "anna.bianchi@demo.example",
                "--account",
                "bianchi.anna",
                "--perm",
                "assistenza=all",
                "--perm",
                "aggiornamenti=download",
                "--perm",
                "acquisti=on",
                "--password-stdin",
            ],
            Some(anna_initial),
        ),
        step(
            "The company's users",
            &["--profile", "admin", "users", "list"],
            None,
        ),
        step(
            "Anna logs in and replaces the initial password with her own",
            &[
                "--profile",
                "anna",
                "login",
                "--user",
                "bianchi.anna",
                "--password-stdin",
                "--insecure-storage",
            ],
            Some(&anna_login),
        ),
        step(
            "…looks at what her contract covers",
            &["--profile", "anna", "catalog"],
            None,
        ),
    ];
    for s in &before {
        show_step(&exe, &env, s).await?;
    }
    let xml_arg = xml.display().to_string();
    let number = run_step(
        &exe,
        &env,
        &step(
            "…and opens a ticket with the SDI receipt attached (the number is printed on stdout)",
            &[
                "--profile",
                "anna",
                "tickets",
                "new",
                "--macro-area",
                "Fatturazione Elettronica",
                "--area",
                "Invio SDI",
                "--section",
                "Scarti",
                "--subject",
                "Fattura 2024/118 scartata",
                "--description",
                "Lo SDI ha scartato la fattura 2024/118 con codice 00305.",
                "--attach",
                &xml_arg,
                "--priority",
                "bloccante",
            ],
            None,
        ),
    )
    .await?
    .trim()
    .to_owned();
    let after = [
        step(
            "The help desk logs in…",
            &[
                "--profile",
                "desk",
                "login",
                "--user",
                "staff",
                "--password-stdin",
                "--insecure-storage",
            ],
            Some(&password),
        ),
        step(
            "…and looks at its queue across customers",
            &["--profile", "desk", "desk", "queue"],
            None,
        ),
        step(
            "A technician takes the ticket in charge…",
            &["--profile", "desk", "desk", "take", &number],
            None,
        ),
        step(
            "…and answers it, spending 20 minutes of the SMART package",
            &[
                "--profile",
                "desk",
                "desk",
                "reply",
                &number,
                "--minutes",
                "20",
                "--message",
                "Il codice destinatario era errato: corretto in anagrafica, reinviare la fattura.",
            ],
            None,
        ),
        step(
            "Anna reads the answer",
            &["--profile", "anna", "tickets", "view", &number],
            None,
        ),
        step(
            "…and closes the ticket: ok, risolto",
            &["--profile", "anna", "tickets", "close", &number],
            None,
        ),
        step(
            "Her answered and closed tickets, as JSON for scripts",
            &[
                "--profile",
                "anna",
                "tickets",
                "list",
                "--state",
                "risposto,chiuso",
                "--json",
            ],
            None,
        ),
    ];
    for s in &after {
        show_step(&exe, &env, s).await?;
    }
    let downloads = dir.path().join("downloads").display().to_string();
    let areas = [
        step(
            "Anna reads the technical documents the help desk published",
            &["--profile", "anna", "docs", "list"],
            None,
        ),
        step(
            "…opens one",
            &["--profile", "anna", "docs", "view", "1"],
            None,
        ),
        step(
            "…and downloads the latest update of her software, checked against its SHA-256",
            &[
                "--profile",
                "anna",
                "updates",
                "download",
                "--latest",
                "--product",
                "Software Gestionale",
                "--dir",
                &downloads,
            ],
            None,
        ),
        step(
            "She looks at the Store's packages of SMART minutes",
            &["--profile", "anna", "store", "list"],
            None,
        ),
    ];
    for s in &areas {
        show_step(&exe, &env, s).await?;
    }
    let order = run_step(
        &exe,
        &env,
        &step(
            "…and buys one (--yes: no question asked; the order's id is printed on stdout)",
            &["--profile", "anna", "store", "buy", "SMART-600", "--yes"],
            None,
        ),
    )
    .await?
    .trim()
    .to_owned();
    let last = [
        step(
            "The help desk confirms the order: the minutes go to the SMART package",
            &["--profile", "desk", "desk", "orders", "confirm", &order],
            None,
        ),
        step(
            "What the ticket cost, and what the order added",
            &["--profile", "anna", "package"],
            None,
        ),
        step(
            "Every step was notified by e-mail (no SMTP in the demo: the mails wait in the outbox)",
            &["--profile", "desk", "desk", "outbox"],
            None,
        ),
    ];
    for s in &last {
        show_step(&exe, &env, s).await?;
    }
    if args.keep {
        println!("\nThe portal keeps running. In another shell:\n");
        println!("    export LHS_HOST={host}");
        println!("    export LHS_CONFIG_DIR={}", config.display());
        println!("    lhs --profile anna tickets list");
        println!(
            "\nProfiles: admin (C0001), anna (bianchi.anna), desk (staff). Accounts staff, C0001 and rossi.mario have the password {password}."
        );
        println!("Press Ctrl-C to stop the portal (its data is deleted).");
        let _ = tokio::signal::ctrl_c().await;
    } else {
        println!("\nDone. `lhs demo --keep` leaves the portal running to continue by hand.");
    }
    server
        .shutdown()
        .await
        .map_err(|e| CliError::other(format!("{e:#}")))?;
    drop(dir);
    Ok(())
}
