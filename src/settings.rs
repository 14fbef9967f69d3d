//! Settings, resolved once before any command runs: a flag, else the environment, else the
//! configuration file, else the default. [`Env::capture`] is the only place the command-line
//! tool reads its environment; output, pager, prompts, credentials and commands receive what
//! was resolved here. (`lhs serve` takes its own settings from its flags and their variables.)
//!
//! `lhs help environment` lists every variable; keep it in step with [`Env`].

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use crate::cli::GlobalArgs;
use crate::config::{self, Backend, Config};
use crate::error::{CliError, CliResult};

/// The variables the tool reads, as they were at start-up. Empty values count as unset.
#[derive(Debug, Clone, Default)]
pub struct Env {
    pub host: Option<String>,
    pub profile: Option<String>,
    pub timeout: Option<String>,
    pub token: Option<String>,
    pub backend: Option<String>,
    pub config_dir: Option<PathBuf>,
    pub keyring_timeout: Option<String>,
    pub lhs_pager: Option<String>,
    pub pager: Option<String>,
    /// `LESS` is set: the pager's child keeps it rather than getting `FRX`.
    pub less: bool,
    pub path: Option<OsString>,
    pub no_color: bool,
    pub clicolor_force: bool,
    pub columns: Option<usize>,
    /// `CI` is set (to anything but empty or `false`).
    pub ci: bool,
}

impl Env {
    /// The process environment, read once.
    pub fn capture() -> Env {
        Self::from_fn(|k| std::env::var_os(k))
    }

    /// The variables as `get` gives them (tests pass their own).
    pub fn from_fn(get: impl Fn(&str) -> Option<OsString>) -> Env {
        let text = |k: &str| {
            get(k)
                .map(|v| v.to_string_lossy().trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let set = |k: &str| text(k).is_some_and(|v| v != "0");
        Env {
            host: text("LHS_HOST"),
            profile: text("LHS_PROFILE"),
            timeout: text("LHS_TIMEOUT"),
            token: text("LHS_TOKEN"),
            backend: text("LHS_BACKEND"),
            config_dir: get("LHS_CONFIG_DIR")
                .filter(|d| !d.is_empty())
                .map(PathBuf::from),
            keyring_timeout: text("LHS_KEYRING_TIMEOUT"),
            lhs_pager: text("LHS_PAGER"),
            pager: text("PAGER"),
            less: get("LESS").is_some(),
            path: get("PATH"),
            no_color: text("NO_COLOR").is_some(),
            clicolor_force: set("CLICOLOR_FORCE"),
            columns: text("COLUMNS")
                .and_then(|c| c.parse::<usize>().ok())
                .filter(|w| *w >= 20),
            ci: text("CI").is_some_and(|v| v != "false"),
        }
    }

    /// Colour on a stream: `CLICOLOR_FORCE` turns it on anywhere, `NO_COLOR` off; else on a
    /// terminal.
    pub fn color(&self, terminal: bool) -> bool {
        if self.clicolor_force {
            return true;
        }
        !self.no_color && terminal
    }

    /// The configuration directory: `LHS_CONFIG_DIR`, else the platform's (`~/.config/lhs`).
    pub fn config_dir(&self) -> CliResult<PathBuf> {
        if let Some(d) = &self.config_dir {
            return Ok(d.clone());
        }
        config::default_dir()
    }
}

/// Everything a command may depend on besides its own flags.
#[derive(Debug, Clone)]
pub struct Settings {
    pub env: Env,
    pub config_dir: PathBuf,
    pub config: Config,
    /// `--host`, else `LHS_HOST` (the profile's host is the fallback, in the context).
    pub host: Option<String>,
    /// `--profile`, `LHS_PROFILE`, the configured default, `default`.
    pub profile: String,
    /// `--timeout`, `LHS_TIMEOUT`, 30 s.
    pub timeout: Duration,
    /// `LHS_TOKEN`: used instead of the profile's session.
    pub token: Option<String>,
    /// `LHS_BACKEND`, for a host that no profile knows.
    pub backend: Option<Backend>,
    /// `LHS_KEYRING_TIMEOUT`, 10 s.
    pub keyring_timeout: Duration,
}

impl Settings {
    /// Resolves the settings from the global flags, the environment and the configuration.
    pub fn resolve(global: &GlobalArgs, env: Env) -> CliResult<Settings> {
        let config_dir = env.config_dir()?;
        let config = Config::load(&config_dir)?;
        let profile = config.profile_name(global.profile.as_deref().or(env.profile.as_deref()));
        let timeout = match (global.timeout, &env.timeout) {
            (Some(t), _) => t,
            (None, Some(s)) => crate::cli::parse_timeout(s)
                .map_err(|m| CliError::usage(format!("LHS_TIMEOUT={s}: {m}")))?,
            (None, None) => crate::api::DEFAULT_TIMEOUT,
        };
        let keyring_timeout = env
            .keyring_timeout
            .as_deref()
            .and_then(|s| crate::domain::duration::parse(s).ok())
            .unwrap_or(Duration::from_secs(10));
        let backend = match env.backend.as_deref() {
            None => None,
            Some("lhs") => Some(Backend::Lhs),
            Some("vtenext") => Some(Backend::Vtenext),
            Some(other) => {
                return Err(CliError::usage(format!(
                    "LHS_BACKEND={other}: use lhs or vtenext"
                )));
            }
        };
        Ok(Settings {
            host: global
                .host
                .clone()
                .filter(|h| !h.trim().is_empty())
                .or_else(|| env.host.clone()),
            token: env.token.clone(),
            env,
            config_dir,
            config,
            profile,
            timeout,
            backend,
            keyring_timeout,
        })
    }

    /// The pager for a terminal: `LHS_PAGER`, the configuration's, `PAGER`, `less -FRX` when
    /// installed; empty: none. Asked only when output goes to a terminal (it may look for
    /// `less` on the PATH).
    pub fn pager(&self) -> String {
        self.env
            .lhs_pager
            .clone()
            .or_else(|| self.config.pager.clone().filter(|p| !p.is_empty()))
            .or_else(|| self.env.pager.clone())
            .unwrap_or_else(|| {
                // The default only when `less` is there: a missing pager must not eat output.
                let found =
                    self.env.path.as_ref().is_some_and(|p| {
                        std::env::split_paths(p).any(|d| d.join("less").is_file())
                    });
                if found {
                    "less -FRX".into()
                } else {
                    String::new()
                }
            })
    }

    /// Prompts turned off by the configuration (`prompts = off`).
    pub fn prompts_off(&self) -> bool {
        self.config.prompts == Some(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> Env {
        let vars: Vec<(String, OsString)> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), OsString::from(v)))
            .collect();
        Env::from_fn(|k| vars.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()))
    }

    #[test]
    fn empty_variables_are_unset_and_flags_win() {
        let e = env(&[("LHS_HOST", " "), ("CI", "false"), ("NO_COLOR", "")]);
        assert!(e.host.is_none() && !e.ci && !e.no_color);
        assert!(e.color(true));
        let e = env(&[("NO_COLOR", "1"), ("COLUMNS", "12")]);
        assert!(!e.color(true) && e.columns.is_none());
        let e = env(&[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")]);
        assert!(e.color(false));
        let e = env(&[("CLICOLOR_FORCE", "0")]);
        assert!(!e.color(false));
    }

    #[test]
    fn flags_then_environment_then_configuration() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("config.toml"),
            "default_profile = \"work\"\npager = \"more\"\n",
        )
        .unwrap();
        let d = dir.path().to_string_lossy().into_owned();
        let global = |args: &[&str]| {
            use clap::Parser;
            let mut v = vec!["lhs"];
            v.extend_from_slice(args);
            v.push("whoami");
            crate::cli::Cli::parse_from(v).global
        };
        let base = [("LHS_CONFIG_DIR", d.as_str()), ("PAGER", "most")];
        let s = Settings::resolve(&global(&[]), env(&base)).unwrap();
        assert_eq!(s.profile, "work");
        assert_eq!(s.pager(), "more");
        assert_eq!(s.timeout, crate::api::DEFAULT_TIMEOUT);
        let mut vars = base.to_vec();
        vars.extend([
            ("LHS_PROFILE", "ci"),
            ("LHS_PAGER", "cat"),
            ("LHS_TIMEOUT", "5s"),
            ("LHS_HOST", "portal.example.com"),
        ]);
        let s = Settings::resolve(&global(&[]), env(&vars)).unwrap();
        assert_eq!(
            (s.profile.as_str(), s.pager().as_str(), s.timeout),
            ("ci", "cat", Duration::from_secs(5))
        );
        assert_eq!(s.host.as_deref(), Some("portal.example.com"));
        let s = Settings::resolve(
            &global(&["--profile", "x", "--timeout", "7s", "--host", "h"]),
            env(&vars),
        )
        .unwrap();
        assert_eq!(
            (s.profile.as_str(), s.timeout, s.host.as_deref()),
            ("x", Duration::from_secs(7), Some("h"))
        );
        vars.push(("LHS_BACKEND", "sap"));
        let e = Settings::resolve(&global(&[]), env(&vars)).unwrap_err();
        assert!(e.message.contains("LHS_BACKEND=sap"), "{}", e.message);
        let e = Settings::resolve(
            &global(&[]),
            env(&[("LHS_CONFIG_DIR", d.as_str()), ("LHS_TIMEOUT", "0s")]),
        )
        .unwrap_err();
        assert!(e.message.starts_with("LHS_TIMEOUT=0s"), "{}", e.message);
    }
}
