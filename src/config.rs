//! The CLI's configuration file: profiles (host, account, where the token is kept), in TOML at
//! `$LHS_CONFIG_DIR/config.toml` or `$XDG_CONFIG_HOME/lhs/config.toml`. It never holds a
//! secret: tokens live in the OS keyring (or, by explicit choice, in a separate 0600 file).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{CliError, CliResult};

pub const DEFAULT_PROFILE: &str = "default";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Storage {
    /// The OS keyring (Secret Service on Linux).
    #[default]
    Keyring,
    /// `credentials.toml` (mode 0600) next to the config, chosen with `--insecure-storage`.
    File,
}

/// What kind of portal a profile talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Backend {
    /// An lhs portal (`lhs serve`): its HTTP JSON API.
    #[default]
    Lhs,
    /// A vtenext CRM's customer portal: its SOAP service.
    Vtenext,
}

impl Backend {
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Lhs => "lhs",
            Backend::Vtenext => "vtenext",
        }
    }

    pub fn is_lhs(&self) -> bool {
        *self == Backend::Lhs
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Profile {
    pub host: String,
    pub account: String,
    #[serde(default)]
    pub storage: Storage,
    /// Written only for vtenext profiles, so earlier configurations read the same.
    #[serde(default, skip_serializing_if = "Backend::is_lhs")]
    pub backend: Backend,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Config {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_profile: Option<String>,
    /// The editor for texts left out on the command line (it comes before `VISUAL`/`EDITOR`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub editor: Option<String>,
    /// The pager (after `LHS_PAGER`, before `PAGER`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pager: Option<String>,
    /// false: never prompt, as with --no-input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompts: Option<bool>,
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

/// The settings `lhs config` reads and writes.
pub const KEYS: &[(&str, &str)] = &[
    (
        "default_profile",
        "the profile used without --profile (also `lhs profile use`)",
    ),
    (
        "editor",
        "the editor for texts left out on the command line (before VISUAL/EDITOR)",
    ),
    (
        "pager",
        "the pager for long output (after LHS_PAGER, before PAGER); cat: none",
    ),
    ("prompts", "on or off: off never prompts, as --no-input"),
];

/// The platform's configuration directory for lhs (`$XDG_CONFIG_HOME/lhs`, `~/.config/lhs`);
/// `LHS_CONFIG_DIR` comes first ([`crate::settings::Env::config_dir`]).
pub fn default_dir() -> CliResult<PathBuf> {
    dirs::config_dir().map(|d| d.join("lhs")).ok_or_else(|| {
        CliError::other("cannot find a configuration directory").hint("set LHS_CONFIG_DIR")
    })
}

impl Config {
    pub fn path(dir: &Path) -> PathBuf {
        dir.join("config.toml")
    }

    pub fn load(dir: &Path) -> CliResult<Config> {
        let path = Self::path(dir);
        match std::fs::read_to_string(&path) {
            Ok(text) => toml::from_str(&text).map_err(|e| {
                CliError::other(format!(
                    "invalid configuration file {}: {e}",
                    path.display()
                ))
                .hint("fix or delete the file, then run `lhs login` again")
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(CliError::other(format!(
                "cannot read {}: {e}",
                path.display()
            ))),
        }
    }

    /// Writes atomically (temporary file + rename).
    pub fn save(&self, dir: &Path) -> CliResult<()> {
        let text = toml::to_string_pretty(self).map_err(|e| CliError::other(e.to_string()))?;
        write_atomic(&Self::path(dir), text.as_bytes(), false)
    }

    /// The profile name in effect: the flag/env value, else the configured default.
    pub fn profile_name(&self, flag: Option<&str>) -> String {
        flag.map(str::to_owned)
            .or_else(|| self.default_profile.clone())
            .unwrap_or_else(|| DEFAULT_PROFILE.to_owned())
    }
}

/// Writes `data` to `path` through a temporary file in the same directory; `secret` files are
/// created with mode 0600 from the start.
pub fn write_atomic(path: &Path, data: &[u8], secret: bool) -> CliResult<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)
        .map_err(|e| CliError::other(format!("cannot create {}: {e}", dir.display())))?;
    let tmp = dir.join(format!(
        ".{}.tmp{}",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("file"),
        std::process::id()
    ));
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(if secret { 0o600 } else { 0o644 });
    }
    let write = || -> std::io::Result<()> {
        let mut f = opts.open(&tmp)?;
        f.write_all(data)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    };
    write().map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        CliError::other(format!("cannot write {}: {e}", path.display()))
    })
}
