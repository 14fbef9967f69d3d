//! Interactive flows through a real pseudo-terminal: login prompts, the forced password
//! change, and the `tickets new` cascade with `$EDITOR`.

use rexpect::session::{PtySession, spawn_command};

use crate::cli_env::Shell;
use crate::common::{PW, Portal, SmtpSink};

const DOWN: &str = "\x1b[B";

/// Sends keys once the prompt has switched the terminal to raw mode (it does so right after
/// drawing, and keys typed before that would be read as a line).
fn keys(s: &mut PtySession, k: &str) {
    std::thread::sleep(std::time::Duration::from_millis(500));
    s.send(k).unwrap();
    s.flush().unwrap();
}

pub fn spawn(sh: &Shell, args: &[&str]) -> PtySession {
    let mut cmd = sh.command();
    cmd.args(args).env("TERM", "xterm-256color");
    spawn_command(cmd, Some(20_000)).expect("spawn lhs in a pty")
}

#[track_caller]
pub fn finish(mut s: PtySession) -> String {
    let rest = s.exp_eof().expect("lhs to finish");
    let status = s.process.wait().unwrap();
    assert!(
        matches!(status, rexpect::process::wait::WaitStatus::Exited(_, 0)),
        "exit {status:?}; output: {rest}"
    );
    rest
}

#[test]
fn login_asks_for_account_and_password() {
    let p = Portal::dev();
    let sh = Shell::new(&p);
    let mut s = spawn(&sh, &["login", "--insecure-storage"]);
    s.exp_string("Account").unwrap();
    s.send_line("rossi.mario").unwrap();
    s.exp_string("Password").unwrap();
    s.send_line(PW).unwrap();
    s.exp_string("Logged in").unwrap();
    let rest = finish(s);
    assert!(!rest.contains(PW), "the password was echoed");
    assert_eq!(
        sh.run(&["whoami", "--json"]).json()["account"],
        "rossi.mario"
    );
}

#[test]
fn an_initial_password_is_changed_at_the_first_interactive_login() {
    let p = Portal::dev();
    let admin = Shell::new(&p);
    admin.login("C0001");
    let temp = "Iniziale2024";
    admin
        .add_user_with_password("bianchi.anna", "Anna", "Bianchi", temp)
        .ok();
    let sh = Shell::new(&p);
    let mut s = spawn(
        &sh,
        &["login", "--user", "bianchi.anna", "--insecure-storage"],
    );
    s.exp_string("Password").unwrap();
    s.send_line(temp).unwrap();
    s.exp_string("choose a new one").unwrap();
    s.exp_string("New password").unwrap();
    s.send_line("AnnaScelta2024").unwrap();
    s.exp_string("Repeat it").unwrap();
    s.send_line("AnnaScelta2024").unwrap();
    s.exp_string("Password changed").unwrap();
    finish(s);
    sh.run(&["tickets", "list"]).ok();
    p.api().login("bianchi.anna", "AnnaScelta2024");
}

#[test]
fn an_invitation_code_is_pasted_at_the_prompt_never_typed_in_argv() {
    let smtp = SmtpSink::start();
    let url = smtp.url();
    let p = Portal::dev_with(&["--smtp", &url, "--mail-interval", "1s"]);
    let admin = Shell::new(&p);
    admin.login("C0001");
    admin.add_user("verdi.ugo", "Ugo", "Verdi").ok();
    let code = smtp.invitation_code("verdi.ugo");
    let sh = Shell::new(&p);
    let mut s = spawn(&sh, &["password", "reset", "--host", &p.url]);
    s.exp_string("Code from the e-mail").unwrap();
    s.send_line(&code).unwrap();
    s.exp_string("New password").unwrap();
    s.send_line("UgoScelta2024").unwrap();
    s.exp_string("Repeat it").unwrap();
    s.send_line("UgoScelta2024").unwrap();
    s.exp_string("Password set").unwrap();
    finish(s);
    p.api().login("verdi.ugo", "UgoScelta2024");
}

#[test]
fn tickets_new_asks_with_cascading_selects_and_the_editor() {
    let p = Portal::dev();
    let sh = Shell::new(&p);
    sh.login("rossi.mario");
    let editor = sh.home.path().join("editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nprintf 'Descrizione scritta nell editor\\n# commento ignorato\\n' > \"$1\"\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    // The configured editor comes before VISUAL and EDITOR (which would fail here).
    sh.run(&["config", "set", "editor", editor.to_str().unwrap()])
        .ok();
    let mut cmd = sh.command();
    cmd.args(["tickets", "new"])
        .env("TERM", "xterm-256color")
        .env("EDITOR", "false")
        .env("VISUAL", "false");
    let mut s = spawn_command(cmd, Some(20_000)).unwrap();
    s.exp_string("Macro area").unwrap();
    s.exp_string("Software Gestionale").unwrap();
    keys(&mut s, DOWN);
    keys(&mut s, "\r");
    s.exp_string("Area of Software Gestionale").unwrap();
    s.exp_string("Magazzino").unwrap();
    keys(&mut s, "\r");
    s.exp_string("Section of Software Gestionale").unwrap();
    s.exp_string("Registri IVA").unwrap();
    keys(&mut s, DOWN);
    keys(&mut s, "\r");
    s.exp_string("Subject").unwrap();
    keys(&mut s, "Registri non quadrano\r");
    // Before it is sent: what the FAQ and documents already say (as the portal's page).
    s.exp_string("These may already answer it").unwrap();
    s.exp_string("Come si stampa il registro IVA?").unwrap();
    s.exp_string("lhs faq view").unwrap();
    s.exp_string("Open the ticket anyway?").unwrap();
    keys(&mut s, "\r");
    s.exp_string("1001").unwrap();
    finish(s);
    let t = sh.run(&["tickets", "view", "1001", "--json"]).json();
    assert_eq!(t["macro_area"], "Software Gestionale");
    assert_eq!(t["area"], "Contabilità");
    assert_eq!(t["section"], "Registri IVA");
    assert_eq!(t["subject"], "Registri non quadrano");
    assert_eq!(t["description"], "Descrizione scritta nell editor");
}

/// Everything the program wrote until it ended, as UTF-8 (rexpect hands pty bytes over as
/// Latin-1 characters).
pub fn finish_output(s: &mut rexpect::session::PtySession) -> String {
    let raw = s.exp_eof().expect("lhs to finish");
    let bytes: Vec<u8> = raw
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}
