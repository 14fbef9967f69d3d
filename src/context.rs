//! What every command receives: the settings resolved before it runs ([`Settings`]: flags,
//! environment, configuration), the output, the prompter, the credentials, and factories for
//! API clients. Commands never read the environment, build HTTP clients, touch the keyring or
//! prompt on their own.

use std::path::PathBuf;

use crate::api::vtenext::{Session, VteClient};
use crate::api::{ApiClient, ClientOptions, http_client, normalize_host};
use crate::cli::GlobalArgs;
use crate::commands::portal::Portal;
use crate::config::{Backend, Config, DEFAULT_PROFILE, Profile};
use crate::credentials::{Credentials, Secret, TokenSource, entry_name};
use crate::error::{CliError, CliResult, Kind};
use crate::output::Output;
use crate::prompt::Prompter;
use crate::settings::Settings;

pub struct Context {
    pub global: GlobalArgs,
    pub out: Output,
    pub prompt: Prompter,
    pub config_dir: PathBuf,
    pub config: Config,
    /// The profile in effect (`--profile`, `LHS_PROFILE`, the configured default, `default`).
    pub profile: String,
    pub creds: Credentials,
    /// `--host`/`LHS_HOST`, not yet normalised.
    host: Option<String>,
    /// `LHS_TOKEN`.
    pub env_token: Option<String>,
    /// `LHS_BACKEND`.
    env_backend: Option<Backend>,
    opts: ClientOptions,
    /// The command's first word (`users`), for the refusals that name it.
    pub noun: &'static str,
}

impl Context {
    pub fn new(global: GlobalArgs, s: Settings) -> CliResult<Context> {
        let out = global.output(&s.env);
        let spinner = !global.quiet && out.stderr_is_terminal();
        let mut ctx = Context {
            out,
            prompt: Prompter::configured(
                global.no_input,
                s.prompts_off(),
                s.config.editor.clone(),
                s.env.ci,
            ),
            creds: Credentials::new(&s.config_dir, s.keyring_timeout),
            opts: ClientOptions {
                verbose: global.verbose,
                ca_cert: global.ca_cert.clone(),
                timeout: s.timeout,
                spinner,
                ..ClientOptions::default()
            },
            global,
            config_dir: s.config_dir,
            config: s.config,
            profile: s.profile,
            host: s.host,
            env_token: s.token,
            env_backend: s.backend,
            noun: "",
        };
        let host = ctx
            .host_flag()
            .ok()
            .flatten()
            .or_else(|| ctx.profile_entry().map(|p| p.host.clone()));
        ctx.opts.login_command = ctx.command_line("login", host.as_deref().unwrap_or("URL"));
        ctx.opts.profile_arg = ctx.profile_arg();
        Ok(ctx)
    }

    /// `lhs SUB` as the user should type it to act on the same portal and profile: with
    /// `--profile` when it is not the default one, and `--host`.
    pub fn command_line(&self, sub: &str, host: &str) -> String {
        format!(
            "{} --host {}",
            self.profiled(sub),
            crate::output::shell_quote(host)
        )
    }

    /// `lhs SUB`, with `--profile` when the profile in effect is not the default one.
    pub fn profiled(&self, sub: &str) -> String {
        format!("lhs {sub}{}", self.profile_arg())
    }

    fn profile_arg(&self) -> String {
        if self.profile == DEFAULT_PROFILE {
            String::new()
        } else {
            format!(" --profile {}", crate::output::shell_quote(&self.profile))
        }
    }

    pub fn profile_entry(&self) -> Option<&Profile> {
        self.config.profiles.get(&self.profile)
    }

    /// The `--host`/`LHS_HOST` value, normalised, if given.
    pub fn host_flag(&self) -> CliResult<Option<String>> {
        self.host
            .as_deref()
            .filter(|h| !h.trim().is_empty())
            .map(normalize_host)
            .transpose()
    }

    /// The portal to talk to: `--host`/`LHS_HOST`, else the profile's.
    pub fn host(&self) -> CliResult<String> {
        if let Some(h) = self.host_flag()? {
            return Ok(h);
        }
        self.profile_entry().map(|p| p.host.clone()).ok_or_else(|| {
            let what = if self.profile == DEFAULT_PROFILE {
                "no portal configured".to_owned()
            } else {
                format!("no portal configured for profile `{}`", self.profile)
            };
            CliError::new(Kind::Auth, what).hint(format!(
                "run `{}`, or set LHS_HOST",
                self.command_line("login", "URL")
            ))
        })
    }

    /// A client without credentials (login, password reset).
    pub fn anonymous(&self, host: &str) -> CliResult<ApiClient> {
        Ok(ApiClient::new(
            http_client(&self.opts)?,
            host,
            None,
            self.opts_for(host),
        ))
    }

    fn opts_for(&self, host: &str) -> ClientOptions {
        ClientOptions {
            login_command: self.command_line("login", host),
            ..self.opts.clone()
        }
    }

    /// The token to use: `LHS_TOKEN`, else the profile's stored session.
    pub fn token(&self, host: &str) -> CliResult<(Secret, TokenSource)> {
        if let Some(t) = &self.env_token {
            return Ok((Secret::new(t.as_str()), TokenSource::Env));
        }
        let not_logged_in = || {
            CliError::new(Kind::Auth, format!("not logged in to {host}")).hint(format!(
                "run `{}` (or set LHS_TOKEN)",
                self.command_line("login", host)
            ))
        };
        let p = self.profile_entry().ok_or_else(not_logged_in)?;
        if p.host != host {
            return Err(not_logged_in());
        }
        let token = self
            .creds
            .load(p.storage, &entry_name(&self.profile, &p.host, &p.account))
            .map_err(crate::credentials::with_token_hint)?
            .ok_or_else(not_logged_in)?;
        Ok((token, p.storage.into()))
    }

    /// The kind of portal in effect: the profile's when its host is the one in effect, else
    /// `LHS_BACKEND`, else lhs.
    pub fn backend(&self) -> CliResult<Backend> {
        let host = self.host()?;
        if let Some(p) = self.profile_entry().filter(|p| p.host == host) {
            return Ok(p.backend);
        }
        Ok(self.env_backend.unwrap_or(Backend::Lhs))
    }

    /// What the commands that work on both kinds of portal talk to.
    pub fn portal(&self) -> CliResult<Box<dyn Portal>> {
        self.portal_with(false)
    }

    /// [`Context::portal`] for uploads and downloads (see [`Context::client_for_transfers`]).
    pub fn portal_for_transfers(&self) -> CliResult<Box<dyn Portal>> {
        self.portal_with(true)
    }

    fn portal_with(&self, transfer: bool) -> CliResult<Box<dyn Portal>> {
        if self.backend()? == Backend::Lhs {
            return Ok(Box::new(if transfer {
                self.client_for_transfers()?
            } else {
                self.client()?
            }));
        }
        let host = self.host()?;
        let (secret, _) = self.token(&host)?;
        let user = self
            .profile_entry()
            .filter(|p| p.host == host)
            .map(|p| p.account.clone())
            .unwrap_or_default();
        let session = Session::from_secret(secret.expose(), &user).ok_or_else(|| {
            CliError::new(
                Kind::Auth,
                format!("the stored session for {host} is not a vtenext session"),
            )
            .hint(format!("run `{}`", self.command_line("login", &host)))
        })?;
        Ok(Box::new(self.vtenext(&host, Some(session), transfer)?))
    }

    /// A vtenext client for `host`, with `session` if logged in.
    pub fn vtenext(
        &self,
        host: &str,
        session: Option<Session>,
        transfer: bool,
    ) -> CliResult<VteClient> {
        let opts = ClientOptions {
            transfer,
            ..self.opts_for(host)
        };
        Ok(VteClient::new(
            http_client(&opts)?,
            host,
            self.opts.verbose,
            session,
            &opts.login_command,
        ))
    }

    /// Refuses a command lhs portals alone offer when the portal in effect is a vtenext one,
    /// naming the nearest command a vtenext portal has.
    fn lhs_only(&self) -> CliResult<()> {
        if self.backend()? == Backend::Vtenext {
            let nearest = match self.noun {
                "users" => "your company's contacts: `lhs contacts list`",
                "store" | "package" => {
                    "your company's quotes, invoices and products: `lhs quotes list`, `lhs invoices list`, `lhs products list`"
                }
                "news" | "videos" | "fiscal" | "updates" => {
                    "the documents shared with you: `lhs docs list`"
                }
                "catalog" => "a new ticket needs no catalog there: `lhs tickets new`",
                "token" | "auth" => "a vtenext portal has sessions only: `lhs login`",
                _ => {
                    "on vtenext: lhs tickets, docs, faq, quotes, invoices, products, services, projects, contacts, company, records, me, whoami, passwd"
                }
            };
            let command = if self.noun.is_empty() {
                "this command".to_owned()
            } else {
                format!("`lhs {}`", self.noun)
            };
            return Err(CliError::usage(format!(
                "{command} is not on a vtenext portal: {} is a vtenext customer portal",
                self.host()?
            ))
            .hint(nearest));
        }
        Ok(())
    }

    /// An authenticated client for the portal in effect.
    pub fn client(&self) -> CliResult<ApiClient> {
        self.lhs_only()?;
        let host = self.host()?;
        let token = self.token(&host)?;
        Ok(ApiClient::new(
            http_client(&self.opts)?,
            &host,
            Some(token),
            self.opts_for(&host),
        ))
    }

    /// A client using `token` for `host` (right after login, before the profile is re-read).
    pub fn client_with(
        &self,
        host: &str,
        token: Secret,
        source: TokenSource,
    ) -> CliResult<ApiClient> {
        Ok(ApiClient::new(
            http_client(&self.opts)?,
            host,
            Some((token, source)),
            self.opts_for(host),
        ))
    }

    /// An authenticated client for uploads and downloads: the deadline bounds the time without
    /// data, not the whole transfer.
    pub fn client_for_transfers(&self) -> CliResult<ApiClient> {
        self.lhs_only()?;
        let host = self.host()?;
        let token = self.token(&host)?;
        let opts = ClientOptions {
            transfer: true,
            ..self.opts_for(&host)
        };
        Ok(ApiClient::new(
            http_client(&opts)?,
            &host,
            Some(token),
            opts,
        ))
    }
}
