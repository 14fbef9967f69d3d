//! Where session tokens live: the OS keyring (service `lhs`, one entry per profile, host and
//! account), or — only with `--insecure-storage` — a 0600 `credentials.toml` beside the config.
//! `LHS_TOKEN` overrides both. Keyring calls run on a helper thread with a timeout, so a
//! keyring that never answers cannot hang a CI job.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use crate::config::{Storage, write_atomic};
use crate::error::{CliError, CliResult, Kind};

pub const SERVICE: &str = "lhs";

/// A secret whose `Debug` never shows it (for `-v` and error paths).
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Secret {
        Secret(s.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(redacted)")
    }
}

/// Where the token in use came from; `lhs whoami` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenSource {
    Env,
    Keyring,
    File,
}

impl From<Storage> for TokenSource {
    fn from(s: Storage) -> TokenSource {
        match s {
            Storage::Keyring => TokenSource::Keyring,
            Storage::File => TokenSource::File,
        }
    }
}

impl TokenSource {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenSource::Env => "env",
            TokenSource::Keyring => "keyring",
            TokenSource::File => "file",
        }
    }
}

/// The keyring entry name: profile, account and host.
pub fn entry_name(profile: &str, host: &str, account: &str) -> String {
    format!("{profile}:{account}@{host}")
}

const NO_KEYRING: &str = "no usable OS keyring to keep the session token";

/// Why the keyring cannot be used, in one line a person understands (the platform's own
/// errors are D-Bus jargon several lines long).
pub fn keyring_reason(detail: &str) -> String {
    let d = detail.to_lowercase();
    if d.contains("autolaunch")
        || d.contains("dbus_session_bus_address")
        || d.contains("failed to connect to socket")
        || d.contains("no such file or directory")
    {
        "there is no D-Bus session here (as over SSH or in a container), so no keyring can be reached".into()
    } else if d.contains("serviceunknown")
        || d.contains("org.freedesktop.secrets")
        || d.contains("no result found")
        || d.contains("not provided by any .service")
    {
        "no Secret Service (such as GNOME Keyring or KWallet) is running in this session".into()
    } else if d.contains("locked") || d.contains("dismissed") || d.contains("prompt") {
        "the keyring is locked and could not be unlocked without a desktop prompt".into()
    } else if d.contains("in time") {
        "the keyring did not answer in time".into()
    } else {
        // Unknown: its first line, without the layers of "platform failure" wording.
        let first = detail.lines().next().unwrap_or(detail);
        let last = first.rsplit(": ").next().unwrap_or(first);
        format!("the keyring failed ({})", last.trim())
    }
}

/// The keyring failed. The hint names what works without one; `lhs login` repeats its own
/// flags in it ([`login_hint`]), callers on an lhs portal add LHS_TOKEN ([`with_token_hint`]),
/// which a vtenext portal has no use for.
fn no_keyring(detail: &str) -> CliError {
    CliError::new(
        Kind::Other,
        format!("{NO_KEYRING}: {}", keyring_reason(detail)),
    )
    .hint("run `lhs login --insecure-storage` to keep the session token in a 0600 file instead")
}

/// Whether `e` says the keyring cannot be used.
pub fn is_no_keyring(e: &CliError) -> bool {
    e.message.starts_with(NO_KEYRING)
}

/// The keyring hint with the login command as it was typed: `login` is `lhs login --host H
/// --user U [--profile P]`.
pub fn login_hint(e: CliError, login: &str) -> CliError {
    if !is_no_keyring(&e) {
        return e;
    }
    e.hint(format!(
        "run `{login} --insecure-storage` to keep the session token in a 0600 file instead"
    ))
}

/// On an lhs portal a keyring failure can also be avoided with a personal token: this adds
/// that to the hint (a token is made with `lhs token create` by someone logged in, e.g. on
/// another machine, so it is offered as an alternative, never as the only way).
pub fn with_token_hint(e: CliError) -> CliError {
    if !is_no_keyring(&e) {
        return e;
    }
    let h = e.hint.clone().unwrap_or_default();
    e.hint(format!(
        "{h}; or set LHS_TOKEN to a personal token (`lhs token create`, run where you are logged in)"
    ))
}

fn with_keyring<T: Send + 'static>(
    timeout: Duration,
    f: impl FnOnce() -> keyring::Result<T> + Send + 'static,
) -> CliResult<Option<T>> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(timeout) {
        Ok(Ok(v)) => Ok(Some(v)),
        Ok(Err(keyring::Error::NoEntry)) => Ok(None),
        Ok(Err(e)) => Err(no_keyring(&e.to_string())),
        Err(_) => Err(no_keyring("the keyring did not answer in time")),
    }
}

fn entry(name: &str) -> keyring::Result<keyring::Entry> {
    keyring::Entry::new(SERVICE, name)
}

/// The token store of one configuration directory.
pub struct Credentials {
    file: PathBuf,
    /// How long the keyring may take to answer (`LHS_KEYRING_TIMEOUT`).
    timeout: Duration,
}

impl Credentials {
    pub fn new(config_dir: &Path, keyring_timeout: Duration) -> Credentials {
        Credentials {
            file: config_dir.join("credentials.toml"),
            timeout: keyring_timeout,
        }
    }

    pub fn file_path(&self) -> &Path {
        &self.file
    }

    fn read_file(&self) -> CliResult<BTreeMap<String, String>> {
        match std::fs::read_to_string(&self.file) {
            Ok(t) => toml::from_str(&t).map_err(|e| {
                CliError::other(format!(
                    "invalid credentials file {}: {e}",
                    self.file.display()
                ))
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
            Err(e) => Err(CliError::other(format!(
                "cannot read {}: {e}",
                self.file.display()
            ))),
        }
    }

    fn write_file(&self, map: &BTreeMap<String, String>) -> CliResult<()> {
        if map.is_empty() {
            let _ = std::fs::remove_file(&self.file);
            return Ok(());
        }
        let text = toml::to_string(map).map_err(|e| CliError::other(e.to_string()))?;
        write_atomic(&self.file, text.as_bytes(), true)
    }

    /// Checks that `storage` can be used, before anyone types a password for nothing: the
    /// keyring must answer (an entry that does not exist is a good answer).
    pub fn probe(&self, storage: Storage) -> CliResult<()> {
        match storage {
            Storage::Keyring => {
                with_keyring(self.timeout, || entry("lhs:probe")?.get_password())?;
                Ok(())
            }
            Storage::File => Ok(()),
        }
    }

    pub fn store(&self, storage: Storage, name: &str, token: &Secret) -> CliResult<()> {
        match storage {
            Storage::Keyring => {
                let (n, t) = (name.to_owned(), token.expose().to_owned());
                with_keyring(self.timeout, move || entry(&n)?.set_password(&t))?;
                Ok(())
            }
            Storage::File => {
                let mut map = self.read_file()?;
                map.insert(name.to_owned(), token.expose().to_owned());
                self.write_file(&map)
            }
        }
    }

    pub fn load(&self, storage: Storage, name: &str) -> CliResult<Option<Secret>> {
        match storage {
            Storage::Keyring => {
                let n = name.to_owned();
                Ok(with_keyring(self.timeout, move || entry(&n)?.get_password())?.map(Secret))
            }
            Storage::File => Ok(self.read_file()?.remove(name).map(Secret)),
        }
    }

    /// Removes the token; true if there was one.
    pub fn delete(&self, storage: Storage, name: &str) -> CliResult<bool> {
        match storage {
            Storage::Keyring => {
                let n = name.to_owned();
                Ok(with_keyring(self.timeout, move || entry(&n)?.delete_credential())?.is_some())
            }
            Storage::File => {
                let mut map = self.read_file()?;
                let had = map.remove(name).is_some();
                self.write_file(&map)?;
                Ok(had)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_do_not_debug_print() {
        let s = Secret::new("lhs_s_abc");
        assert_eq!(format!("{s:?}"), "(redacted)");
        assert_eq!(s.expose(), "lhs_s_abc");
    }

    #[test]
    fn file_storage_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let c = Credentials::new(dir.path(), Duration::from_secs(1));
        c.store(Storage::File, "p:a@h", &Secret::new("t1")).unwrap();
        assert_eq!(
            c.load(Storage::File, "p:a@h").unwrap().unwrap().expose(),
            "t1"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(c.file_path())
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(c.delete(Storage::File, "p:a@h").unwrap());
        assert!(!c.file_path().exists());
    }
}
