//! Running the real `lhs` binary: a cleared environment, a temporary home and config
//! directory, and optionally a private Secret Service (dbus-daemon + gnome-keyring-daemon,
//! unlocked, in temporary directories) so keyring tests never touch a real keyring.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use tempfile::TempDir;

use crate::common::{PW, Portal, lhs_bin};

/// The outcome of one `lhs` run.
#[derive(Debug)]
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    #[track_caller]
    pub fn ok(&self) -> &Out {
        assert_eq!(
            self.code, 0,
            "lhs failed:\nstdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        self
    }
    #[track_caller]
    pub fn fails(&self, code: i32) -> &Out {
        assert_eq!(
            self.code, code,
            "expected exit {code}:\nstdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        assert!(
            self.stderr.contains("error: "),
            "no error line: {}",
            self.stderr
        );
        self
    }
    #[track_caller]
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout))
    }
    #[track_caller]
    pub fn err_has(&self, needle: &str) -> &Out {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}: {}",
            self.stderr
        );
        self
    }
    #[track_caller]
    pub fn out_has(&self, needle: &str) -> &Out {
        assert!(
            self.stdout.contains(needle),
            "stdout lacks {needle:?}: {}",
            self.stdout
        );
        self
    }
}

/// A private, unlocked Secret Service.
pub struct Keyring {
    dir: TempDir,
    dbus: Child,
    daemon: Child,
    pub bus: String,
}

impl Keyring {
    pub fn start() -> Keyring {
        let dir = tempfile::tempdir().unwrap();
        for d in ["home", "data", "run"] {
            std::fs::create_dir_all(dir.path().join(d)).unwrap();
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(
                dir.path().join("run"),
                std::fs::Permissions::from_mode(0o700),
            )
            .unwrap();
        }
        let mut dbus = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--nopidfile", "--print-address=1"])
            .arg(format!(
                "--address=unix:path={}",
                dir.path().join("run/bus").display()
            ))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon (apt-get install dbus)");
        let mut line = String::new();
        BufReader::new(dbus.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let bus = line.trim().to_owned();
        assert!(bus.starts_with("unix:"), "dbus-daemon printed {line:?}");
        let mut daemon = Command::new("gnome-keyring-daemon")
            .args(["--unlock", "--components=secrets", "--foreground"])
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", dir.path().join("home"))
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .env("XDG_RUNTIME_DIR", dir.path().join("run"))
            .env("DBUS_SESSION_BUS_ADDRESS", &bus)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("gnome-keyring-daemon (apt-get install gnome-keyring)");
        daemon
            .stdin
            .take()
            .unwrap()
            .write_all(b"test-keyring-password")
            .unwrap();
        let k = Keyring {
            dir,
            dbus,
            daemon,
            bus,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while !k.service_up() {
            assert!(
                Instant::now() < deadline,
                "the Secret Service did not come up"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        k
    }

    fn service_up(&self) -> bool {
        let out = self
            .command("dbus-send")
            .args([
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner",
                "string:org.freedesktop.secrets",
            ])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).contains("boolean true")
    }

    /// A command that talks to this keyring's bus.
    pub fn command(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path().join("home"))
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("XDG_RUNTIME_DIR", self.dir.path().join("run"))
            .env("DBUS_SESSION_BUS_ADDRESS", &self.bus);
        c
    }

    /// The secrets stored under service `lhs`, as secret-tool prints them.
    pub fn lhs_entries(&self) -> String {
        let out = self
            .command("secret-tool")
            .args(["search", "--all", "--unlock", "service", "lhs"])
            .output()
            .unwrap();
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    }
}

impl Drop for Keyring {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
        let _ = self.dbus.kill();
        let _ = self.dbus.wait();
    }
}

/// One user's shell: its own home and config directory, pointed at a portal.
pub struct Shell {
    pub home: TempDir,
    pub host: String,
    pub keyring: Option<Keyring>,
    extra: Vec<(String, String)>,
}

impl Shell {
    /// No keyring: tests log in with --insecure-storage or use LHS_TOKEN.
    pub fn new(p: &Portal) -> Shell {
        Self::for_host(&p.url)
    }

    /// A shell pointed at any portal (a vtenext one, say).
    pub fn for_host(host: &str) -> Shell {
        Shell {
            home: tempfile::tempdir().unwrap(),
            host: host.to_owned(),
            keyring: None,
            extra: vec![],
        }
    }

    pub fn with_keyring(p: &Portal) -> Shell {
        Self::with_keyring_for(&p.url)
    }

    pub fn with_keyring_for(host: &str) -> Shell {
        Shell {
            keyring: Some(Keyring::start()),
            ..Shell::for_host(host)
        }
    }

    pub fn config_dir(&self) -> PathBuf {
        self.home.path().join("config")
    }

    pub fn set_env(&mut self, k: &str, v: &str) {
        self.extra.push((k.to_owned(), v.to_owned()));
    }

    pub fn command(&self) -> Command {
        let mut c = if let Some(k) = &self.keyring {
            k.command(lhs_bin())
        } else {
            let mut c = Command::new(lhs_bin());
            c.env_clear()
                .env("PATH", std::env::var_os("PATH").unwrap_or_default())
                .env("HOME", self.home.path());
            c
        };
        c.env("LHS_CONFIG_DIR", self.config_dir())
            .env("LHS_HOST", &self.host)
            .env("LHS_KEYRING_TIMEOUT", "10s")
            .env("NO_COLOR", "1")
            .env("LHS_PAGER", "cat")
            .current_dir(self.home.path());
        for (k, v) in &self.extra {
            c.env(k, v);
        }
        c
    }

    pub fn run(&self, args: &[&str]) -> Out {
        self.run_stdin(args, "")
    }

    pub fn run_stdin(&self, args: &[&str], stdin: &str) -> Out {
        Self::run_cmd(self.command().args(args), stdin)
    }

    pub fn run_cmd(cmd: &mut Command, stdin: &str) -> Out {
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut sin = child.stdin.take().unwrap();
        let input = stdin.to_owned();
        let writer = std::thread::spawn(move || {
            let _ = sin.write_all(input.as_bytes());
        });
        let out = child.wait_with_output().unwrap();
        let _ = writer.join();
        Out {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Logs in as a dev account, keeping the token in a file (no keyring).
    #[track_caller]
    pub fn login(&self, account: &str) -> &Shell {
        self.run_stdin(
            &[
                "login",
                "--user",
                account,
                "--password-stdin",
                "--insecure-storage",
            ],
            &format!("{PW}\n"),
        )
        .ok();
        self
    }

    /// As a customer Administrator: `lhs users add` without a password, so the portal mails an
    /// invitation code (e-mail `ACCOUNT@demo.example`).
    pub fn add_user(&self, account: &str, name: &str, surname: &str) -> Out {
        let email = format!("{account}@demo.example");
        self.run(&[
            "users",
            "add",
            "--name",
            name,
            "--surname",
            surname,
            "--email",
            &email,
            "--account",
            account,
        ])
    }

    /// `users add` with an initial password (which the user must change at first login).
    pub fn add_user_with_password(
        &self,
        account: &str,
        name: &str,
        surname: &str,
        password: &str,
    ) -> Out {
        let email = format!("{account}@demo.example");
        self.run_stdin(
            &[
                "users",
                "add",
                "--name",
                name,
                "--surname",
                surname,
                "--email",
                &email,
                "--account",
                account,
                "--password-stdin",
            ],
            &format!("{password}\n"),
        )
    }

    /// Every file under the home (config included) whose text contains `needle`.
    pub fn files_containing(&self, needle: &str) -> Vec<PathBuf> {
        fn walk(dir: &Path, needle: &str, out: &mut Vec<PathBuf>) {
            for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, needle, out);
                } else if std::fs::read(&p)
                    .is_ok_and(|b| String::from_utf8_lossy(&b).contains(needle))
                {
                    out.push(p);
                }
            }
        }
        let mut out = vec![];
        walk(self.home.path(), needle, &mut out);
        out
    }

    /// Opens a ticket in the dev catalog and returns its number.
    #[track_caller]
    pub fn new_ticket(&self, subject: &str) -> String {
        let out = self.run(&Self::new_ticket_args(subject, "details"));
        out.ok();
        out.stdout.trim().to_owned()
    }

    /// `tickets new … --description -` with the description piped on standard input.
    pub fn new_ticket_stdin(&self, subject: &str, description: &str) -> Out {
        self.run_stdin(&Self::new_ticket_args(subject, "-"), description)
    }

    pub fn new_ticket_args<'a>(subject: &'a str, description: &'a str) -> [&'a str; 12] {
        [
            "tickets",
            "new",
            "--macro-area",
            "Software Gestionale",
            "--area",
            "Contabilità",
            "--section",
            "Prima nota",
            "--subject",
            subject,
            "--description",
            description,
        ]
    }
}
