//! Login, sessions, tokens and passwords through the CLI; the keyring for real.

use crate::cli_env::Shell;
use crate::common::{PW, Portal, SmtpSink};

#[test]
fn login_with_the_os_keyring_whoami_logout() {
    let p = Portal::dev();
    let sh = Shell::with_keyring(&p);
    let out = sh.run_stdin(
        &["login", "--user", "rossi.mario", "--password-stdin"],
        &format!("{PW}\n"),
    );
    out.ok().err_has("Logged in");
    let keyring = sh.keyring.as_ref().unwrap();
    let entries = keyring.lhs_entries();
    assert!(
        entries.contains("rossi.mario"),
        "no keyring entry: {entries}"
    );
    let token = entries
        .lines()
        .find_map(|l| l.strip_prefix("secret = "))
        .expect("secret in the keyring")
        .trim()
        .to_owned();
    assert!(token.starts_with("lhs_s_"));
    assert!(
        sh.files_containing(&token).is_empty(),
        "token written to a file"
    );
    let who = sh.run(&["whoami", "--json"]).json();
    assert_eq!(who["account"], "rossi.mario");
    assert_eq!(who["role"], "user");
    assert_eq!(who["customer_code"], "C0001");
    assert_eq!(who["permissions"]["assistenza"], "own");
    assert_eq!(who["token_source"], "keyring");
    let config = std::fs::read_to_string(sh.config_dir().join("config.toml")).unwrap();
    assert!(config.contains("rossi.mario") && !config.contains("lhs_s_"));
    sh.run(&["logout"]).ok().err_has("Logged out");
    assert!(
        !keyring.lhs_entries().contains("rossi.mario"),
        "{}",
        keyring.lhs_entries()
    );
    p.api()
        .call("GET", "/me", Some(&token), None)
        .expect(401, "token_revoked");
    sh.run(&["whoami"]).fails(3);
    sh.run(&["logout"]).fails(3);
}

#[test]
fn without_a_keyring_login_names_the_alternatives() {
    let p = Portal::dev();
    let sh = Shell::new(&p);
    let out = sh.run_stdin(
        &["login", "--user", "rossi.mario", "--password-stdin"],
        &format!("{PW}\n"),
    );
    out.fails(1)
        .err_has("LHS_TOKEN")
        .err_has("--insecure-storage");
    assert!(
        !sh.config_dir().join("config.toml").exists(),
        "half-written profile"
    );
    // The keyring is checked before the password is read: with nothing on stdin the error
    // is still the keyring's, and nobody at a terminal would have typed a password for nothing.
    sh.run_stdin(&["login", "--user", "rossi.mario", "--password-stdin"], "")
        .fails(1)
        .err_has("no usable OS keyring");
    // A vtenext portal has no personal tokens: the hint does not offer one.
    let out = sh.run_stdin(
        &[
            "login",
            "--host",
            "http://127.0.0.1:9",
            "--backend",
            "vtenext",
            "--user",
            "mario.rossi@example.com",
            "--password-stdin",
        ],
        "",
    );
    out.fails(1).err_has("--insecure-storage");
    assert!(!out.stderr.contains("LHS_TOKEN"), "{}", out.stderr);
    // The file alternative works and says so; the file is private.
    let out = sh.run_stdin(
        &[
            "login",
            "--user",
            "rossi.mario",
            "--password-stdin",
            "--insecure-storage",
        ],
        &format!("{PW}\n"),
    );
    out.ok().err_has("0600");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(sh.config_dir().join("credentials.toml"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    assert_eq!(sh.run(&["whoami", "--json"]).json()["token_source"], "file");
    sh.run(&["logout"]).ok();
    assert!(!sh.config_dir().join("credentials.toml").exists());
}

#[test]
fn login_failures_and_missing_values() {
    let p = Portal::dev();
    let sh = Shell::new(&p);
    sh.run_stdin(
        &[
            "login",
            "--user",
            "rossi.mario",
            "--password-stdin",
            "--insecure-storage",
        ],
        "wrong-pass1\n",
    )
    .fails(3)
    .err_has("wrong account or password");
    sh.run(&["login", "--user", "rossi.mario", "--insecure-storage"])
        .fails(2)
        .err_has("--password-stdin");
    sh.run(&["login", "--insecure-storage"])
        .fails(2)
        .err_has("--user");
    sh.run_stdin(
        &[
            "login",
            "--user",
            "x",
            "--password-stdin",
            "--insecure-storage",
        ],
        "",
    )
    .fails(2);
}

#[test]
fn profiles_keep_several_accounts_side_by_side() {
    let p = Portal::dev();
    let sh = Shell::new(&p);
    sh.login("rossi.mario");
    sh.run_stdin(
        &[
            "--profile",
            "desk",
            "login",
            "--user",
            "staff",
            "--password-stdin",
            "--insecure-storage",
        ],
        &format!("{PW}\n"),
    )
    .ok();
    assert_eq!(
        sh.run(&["whoami", "--json"]).json()["account"],
        "rossi.mario"
    );
    let who = sh.run(&["--profile", "desk", "whoami", "--json"]).json();
    assert_eq!(
        (who["account"].as_str(), who["profile"].as_str()),
        (Some("staff"), Some("desk"))
    );
    let mut env = Shell::new(&p);
    env.home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(env.config_dir()).unwrap();
    std::fs::copy(
        sh.config_dir().join("config.toml"),
        env.config_dir().join("config.toml"),
    )
    .unwrap();
    std::fs::copy(
        sh.config_dir().join("credentials.toml"),
        env.config_dir().join("credentials.toml"),
    )
    .unwrap();
    env.set_env("LHS_PROFILE", "desk");
    assert_eq!(env.run(&["whoami", "--json"]).json()["account"], "staff");
}

#[test]
fn lhs_token_overrides_and_personal_tokens() {
    let p = Portal::dev();
    let sh = Shell::new(&p);
    sh.login("rossi.mario");
    let created = sh.run(&["token", "create", "--name", "ci", "--expires", "7d"]);
    created.ok().err_has("shown only now");
    let secret = created.stdout.trim().to_owned();
    assert!(secret.starts_with("lhs_p_") && !secret.contains('\n'));
    let list = sh.run(&["token", "list", "--json"]).json();
    assert_eq!(list[0]["name"], "ci");
    assert!(!list.to_string().contains(&secret));
    let mut ci = Shell::new(&p);
    ci.set_env("LHS_TOKEN", &secret);
    let who = ci.run(&["whoami", "--json"]).json();
    assert_eq!(who["token_source"], "env");
    assert_eq!(who["account"], "rossi.mario");
    let id = list[0]["id"].to_string();
    sh.run(&["token", "revoke", &id]).ok();
    ci.run(&["whoami"]).fails(3).err_has("LHS_TOKEN");
    sh.run(&["token", "revoke", "999"]).fails(5);
    sh.run(&["token", "create", "--name", "x", "--expires", "400d"])
        .fails(2);
    sh.run(&["token", "create", "--name", "x", "--expires", "soon"])
        .fails(2);
}

#[test]
fn forced_password_change_without_a_terminal() {
    let smtp = SmtpSink::start();
    let url = smtp.url();
    let p = Portal::dev_with(&["--smtp", &url, "--mail-interval", "1s"]);
    let admin = Shell::new(&p);
    admin.login("C0001");
    // The Administrator gives an initial password: the user must change it.
    let temp = "Iniziale2024";
    admin
        .add_user_with_password("bianchi.anna", "Anna", "Bianchi", temp)
        .ok()
        .err_has("must change the initial password");
    // One line only: logged in, but told to change the password (exit 3).
    let anna = Shell::new(&p);
    anna.run_stdin(
        &[
            "login",
            "--user",
            "bianchi.anna",
            "--password-stdin",
            "--insecure-storage",
        ],
        &format!("{temp}\n"),
    )
    .fails(3)
    .err_has("lhs passwd");
    anna.run(&["tickets", "list"])
        .fails(3)
        .err_has("lhs passwd");
    anna.run_stdin(&["passwd", "--password-stdin"], &format!("{temp}\nshort\n"))
        .fails(6);
    anna.run_stdin(
        &["passwd", "--password-stdin"],
        &format!("{temp}\nAnnaNew2024\n"),
    )
    .ok();
    anna.run(&["tickets", "list"]).ok();
    // Two lines at login: the change happens in the same command.
    admin
        .add_user_with_password("neri.luca", "Luca", "Neri", temp)
        .ok();
    let luca = Shell::new(&p);
    luca.run_stdin(
        &[
            "login",
            "--user",
            "neri.luca",
            "--password-stdin",
            "--insecure-storage",
        ],
        &format!("{temp}\nLucaNew2024\n"),
    )
    .ok()
    .err_has("Password changed");
    luca.run(&["tickets", "list"]).ok();
}

#[test]
fn forgotten_password_reset_from_the_cli() {
    let smtp = SmtpSink::start();
    let url = smtp.url();
    let p = Portal::dev_with(&["--smtp", &url, "--mail-interval", "1s"]);
    let sh = Shell::new(&p);
    sh.run(&["password", "forgot", "--user", "rossi.mario"])
        .ok()
        .err_has("reset code");
    let mail = smtp.wait_for("reset", |m| m.subject == "Reimpostazione della password");
    // The mail teaches the safe way: paste the code, never put it on the command line.
    assert!(
        mail.body.contains("lhs password reset --host") && !mail.body.contains("--token lhs_"),
        "{}",
        mail.body
    );
    let code = crate::common::code_in(&mail.body, "lhs_r_");
    // A code on the command line is refused before anything is sent: it stays valid.
    sh.run_stdin(
        &["password", "reset", "--token", &code, "--password-stdin"],
        "AnotherOne99\n",
    )
    .fails(2)
    .err_has("refusing a code given on the command line")
    .err_has("--token -");
    sh.run_stdin(
        &["password", "reset", "--token", "-", "--password-stdin"],
        &format!("{code}\nResetViaCli9\n"),
    )
    .ok();
    // Used once: a second use is refused.
    sh.run_stdin(
        &["password", "reset", "--token", "-", "--password-stdin"],
        &format!("{code}\nAnotherOne99\n"),
    )
    .fails(6)
    .err_has("invalid, expired or already used");
    p.api().login("rossi.mario", "ResetViaCli9");
}

#[test]
fn an_invited_user_chooses_the_first_password_with_the_mailed_code() {
    let smtp = SmtpSink::start();
    let url = smtp.url();
    let p = Portal::dev_with(&["--smtp", &url, "--mail-interval", "1s"]);
    let admin = Shell::new(&p);
    admin.login("C0001");
    admin
        .add_user("verdi.ugo", "Ugo", "Verdi")
        .ok()
        .err_has("invitation code");
    let code = smtp.invitation_code("verdi.ugo");
    assert!(code.starts_with("lhs_i_"));
    // No password was chosen yet: nothing logs in.
    p.api()
        .try_login("verdi.ugo", "")
        .expect(401, "invalid_credentials");
    let ugo = Shell::new(&p);
    ugo.run_stdin(
        &["password", "reset", "--token", "-", "--password-stdin"],
        &format!("{code}\nUgoScelta2024\n"),
    )
    .ok()
    .err_has("lhs login");
    ugo.run_stdin(
        &[
            "login",
            "--user",
            "verdi.ugo",
            "--password-stdin",
            "--insecure-storage",
        ],
        "UgoScelta2024\n",
    )
    .ok();
    ugo.run(&["tickets", "list"]).ok();
}
