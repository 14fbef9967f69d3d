//! The clap root: global flags and the command enum. Doc comments are the help text; every
//! command's own flags live next to its code in `commands/`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::commands;
use crate::output::Format;

const AFTER_HELP: &str = "\
Getting started:
  lhs demo                                  a guided tour on a throw-away portal
  lhs login --host https://portal.example   log in (the token goes to the keyring)
  lhs tickets list --state risposto         your answered tickets
  lhs tickets new                           open a ticket (asks for what it needs)

Exit codes: 0 ok, 1 error, 2 usage, 3 authentication, 4 permission, 5 not found,
6 invalid input, 7 conflict, 8 network/server (`lhs help exit-codes`).";

/// The help section of the options every command takes.
const GLOBAL: &str = "Global options";

/// lhs — the customer support portal and the tool that drives it.
///
/// Every portal action from a shell, a CI job or a CSV file: tickets, comments and
/// attachments, users and permissions, the SMART package, and the help desk's queue.
#[derive(Debug, Parser)]
#[command(
    name = "lhs",
    version,
    propagate_version = true,
    disable_help_subcommand = true,
    after_help = AFTER_HELP,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Portal URL (https:// is assumed when no scheme is given) [env: LHS_HOST]
    #[arg(long, global = true, value_name = "URL", help_heading = GLOBAL)]
    pub host: Option<String>,

    /// Configuration profile: several portals or accounts side by side [env: LHS_PROFILE]
    #[arg(long, global = true, value_name = "NAME", help_heading = GLOBAL)]
    pub profile: Option<String>,

    /// Output format of data on stdout
    #[arg(long, global = true, value_enum, value_name = "FORMAT", help_heading = GLOBAL)]
    pub format: Option<Format>,

    /// JSON output (--format json); --json FIELD,… keeps only those fields of each object
    #[arg(long, global = true, conflicts_with = "format", value_name = "FIELDS", num_args = 0..=1, require_equals = true, default_missing_value = "", help_heading = GLOBAL)]
    pub json: Option<String>,

    /// Filter the JSON output with a jq expression (implies --json); strings print raw
    #[arg(long, global = true, conflicts_with = "format", value_name = "EXPR", help_heading = GLOBAL)]
    pub jq: Option<String>,

    /// Never prompt; a missing value is an error (implied off a terminal and when CI is set)
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub no_input: bool,

    /// Never page long output (otherwise LHS_PAGER, the configured pager, PAGER or `less -FRX`
    /// on a terminal)
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub no_pager: bool,

    /// Print only data and errors
    #[arg(short, long, global = true, conflicts_with = "verbose", help_heading = GLOBAL)]
    pub quiet: bool,

    /// Show each HTTP request (method, URL, status, duration) on stderr; never secrets
    #[arg(short, long, global = true, help_heading = GLOBAL)]
    pub verbose: bool,

    /// Trust this PEM CA certificate (private CAs)
    #[arg(long, global = true, value_name = "FILE", help_heading = GLOBAL)]
    pub ca_cert: Option<PathBuf>,

    /// Deadline of each request (uploads and downloads: longest time without data), e.g.
    /// 30s, 2m; retries never take a request past twice this [env: LHS_TIMEOUT]
    #[arg(
        long,
        global = true,
        value_name = "DURATION",
        value_parser = parse_timeout,
        help_heading = GLOBAL
    )]
    pub timeout: Option<std::time::Duration>,
}

impl GlobalArgs {
    /// The fields `--json a,b` keeps (None: every field).
    pub fn json_fields(&self) -> Option<Vec<String>> {
        self.json
            .as_deref()
            .filter(|f| !f.trim().is_empty())
            .map(|f| {
                f.split(',')
                    .map(|x| x.trim().to_owned())
                    .filter(|x| !x.is_empty())
                    .collect()
            })
    }

    /// Whether long output may be paged: stdout is a terminal and paging is not turned off.
    pub fn may_page(&self) -> bool {
        use std::io::IsTerminal;
        !self.no_pager && std::io::stdout().is_terminal()
    }

    /// Starts paging long output with the settings' pager, when it may.
    pub fn setup_pager(&self, settings: &crate::settings::Settings) {
        if self.may_page() {
            crate::output::pager::enable(&settings.pager(), !settings.env.less);
        }
    }

    /// The output as the global flags ask for it.
    pub fn output(&self, env: &crate::settings::Env) -> crate::output::Output {
        crate::output::Output::new(self.output_format(), self.quiet, env)
            .with_json(self.json_fields(), self.jq.clone())
    }

    /// The output format in effect (`--json` is `--format json`; a table by default).
    pub fn output_format(&self) -> crate::output::Format {
        if self.json.is_some() || self.jq.is_some() {
            crate::output::Format::Json
        } else {
            self.format.unwrap_or(crate::output::Format::Table)
        }
    }
}

pub fn parse_timeout(s: &str) -> Result<std::time::Duration, String> {
    let d = crate::domain::duration::parse(s)?;
    if d.is_zero() || d > std::time::Duration::from_secs(24 * 3600) {
        return Err("the timeout must be between 1s and 24h".into());
    }
    Ok(d)
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Login(commands::login::Args),
    Logout(commands::logout::Args),
    Whoami(commands::whoami::Args),
    Me(commands::me::Args),
    Passwd(commands::passwd::Args),
    /// Forgotten password: a code by e-mail, then a new password
    #[command(subcommand)]
    Password(commands::password::Command),
    /// Personal API tokens for CI jobs
    #[command(subcommand)]
    Token(commands::token::Command),
    /// Operative users of your company (customer Administrator)
    #[command(subcommand)]
    Users(commands::users::Command),
    /// Tickets: list, view, new, comment, attach, close, reopen, wait…
    #[command(subcommand)]
    Tickets(commands::tickets::Command),
    Catalog(commands::catalog::Args),
    /// Documenti tecnici: list, view, download
    #[command(subcommand)]
    Docs(commands::docs::Command),
    /// News tecniche and commerciali: list, view, download
    #[command(subcommand)]
    News(commands::news::Command),
    /// Video: list, view
    #[command(subcommand)]
    Videos(commands::videos::Command),
    /// Informative fiscali: list, view, download
    #[command(subcommand)]
    Fiscal(commands::fiscal::Command),
    /// FAQ: list, view; comment on vtenext
    #[command(subcommand)]
    Faq(commands::faq::Command),
    /// Aggiornamenti software: list, view, download (resumable)
    #[command(subcommand)]
    Updates(commands::updates::Command),
    /// Corsi on-line: the calendar, enrol or withdraw, your courses
    #[command(subcommand)]
    Courses(commands::courses::Command),
    /// The Store: packages of SMART minutes, buy, your orders
    #[command(subcommand)]
    Store(commands::store::Command),
    Package(commands::package::Args),
    /// Preventivi: your company's quotes (vtenext)
    #[command(subcommand)]
    Quotes(commands::quotes::Command),
    /// Fatture: your company's invoices (vtenext)
    #[command(subcommand)]
    Invoices(commands::invoices::Command),
    /// Prodotti: the products your company has (vtenext)
    #[command(subcommand)]
    Products(commands::products::Command),
    /// Servizi: the services your company has (vtenext)
    #[command(subcommand)]
    Services(commands::services::Command),
    /// Progetti: projects, their tasks, milestones and tickets (vtenext)
    #[command(subcommand)]
    Projects(commands::projects::Command),
    /// Contatti: your colleagues (vtenext)
    #[command(subcommand)]
    Contacts(commands::contacts::Command),
    Company(commands::company::Args),
    Records(commands::records::Args),
    /// Logins at a glance (status); the token for scripts (token)
    #[command(subcommand)]
    Auth(commands::auth::Command),
    /// Configured profiles: list, use (make one the default)
    #[command(subcommand)]
    Profile(commands::profile::Command),
    /// Settings: get, set, list (default_profile, editor, pager…)
    #[command(subcommand)]
    Config(commands::config::Command),
    /// The help desk: queue, take, reply, customers, packages, outbox…
    #[command(subcommand)]
    Desk(commands::desk::Command),
    Api(commands::api::Args),
    Completions(commands::completions::Args),
    Demo(commands::demo::Args),
    Serve(commands::serve::ServeArgs),
    /// The portal's database: copy a whole portal to another database
    #[command(subcommand)]
    Db(commands::db::Command),
    Help(commands::help::Args),
    /// Benchmarks against real servers (for developers; see README)
    #[command(subcommand, hide = true)]
    Bench(commands::bench::BenchCommand),
    /// Regenerate completions/ and man/ (for developers)
    #[command(hide = true)]
    GenerateDocs(commands::completions::GenerateArgs),
}

/// A value parser that parses with `parse` and offers `values` to shell completion and help
/// (the values a person usually types; `parse` may accept more, such as comma lists).
#[derive(Clone)]
pub struct Listed<T: Clone + Send + Sync + 'static> {
    parse: fn(&str) -> Result<T, String>,
    values: fn() -> Vec<String>,
}

impl<T: Clone + Send + Sync + 'static> Listed<T> {
    pub fn new(parse: fn(&str) -> Result<T, String>, values: fn() -> Vec<String>) -> Self {
        Listed { parse, values }
    }
}

impl<T: Clone + Send + Sync + 'static> clap::builder::TypedValueParser for Listed<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<T, clap::Error> {
        let text = value.to_string_lossy();
        (self.parse)(&text).map_err(|e| {
            let name = flag_name(arg);
            clap::Error::raw(
                clap::error::ErrorKind::ValueValidation,
                format!("invalid value '{text}' for {name}: {e}\n"),
            )
            .with_cmd(cmd)
        })
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            (self.values)()
                .into_iter()
                .map(clap::builder::PossibleValue::new),
        ))
    }
}

/// The flag's name as people type it (`--limit`), for messages.
fn flag_name(arg: Option<&clap::Arg>) -> String {
    arg.map_or_else(
        || "the value".to_owned(),
        |a| {
            a.get_long()
                .map_or_else(|| a.get_id().to_string(), |l| format!("--{l}"))
        },
    )
}

/// A whole number within `min..=max`, refused in words ("--limit must be at least 1") rather
/// than clap's "0 is not in 1..=4294967295".
#[derive(Clone, Copy)]
pub struct Bounded<T> {
    min: i64,
    max: i64,
    _t: std::marker::PhantomData<fn() -> T>,
}

/// `Bounded` from `min` to the type's largest value.
pub fn at_least<T: TryFrom<i64>>(min: i64) -> Bounded<T> {
    between(min, i64::MAX)
}

/// `Bounded` from `min` to `max`.
pub fn between<T: TryFrom<i64>>(min: i64, max: i64) -> Bounded<T> {
    Bounded {
        min,
        max,
        _t: std::marker::PhantomData,
    }
}

impl<T: TryFrom<i64> + Clone + Send + Sync + 'static> clap::builder::TypedValueParser
    for Bounded<T>
{
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<T, clap::Error> {
        let text = value.to_string_lossy();
        let name = flag_name(arg);
        let range = if self.max == i64::MAX {
            format!("at least {}", self.min)
        } else {
            format!("from {} to {}", self.min, self.max)
        };
        let fail = |what: String| {
            clap::Error::raw(clap::error::ErrorKind::ValueValidation, format!("{what}\n"))
                .with_cmd(cmd)
        };
        let n: i64 = text.trim().parse().map_err(|_| {
            fail(format!(
                "{name} takes a whole number {range}; `{text}` is not one"
            ))
        })?;
        if n < self.min || n > self.max {
            return Err(fail(format!("{name} must be {range}; it was {n}")));
        }
        T::try_from(n).map_err(|_| fail(format!("{name}: {n} is too large")))
    }
}

/// Ticket states as people type them (and `open` where lists are filtered).
pub fn state_values() -> Vec<String> {
    ["inserito", "in-carico", "risposto", "chiuso", "open"]
        .map(str::to_owned)
        .to_vec()
}

/// Every AREA=LEVEL the permission matrix accepts.
pub fn perm_values() -> Vec<String> {
    crate::domain::permissions::Area::ALL
        .into_iter()
        .flat_map(|a| {
            a.levels()
                .iter()
                .map(move |l| format!("{}={}", a.key(), l.as_str()))
        })
        .collect()
}

/// How each kind of value completes in a shell, by its value name. A value with no
/// possible values and no hint would complete file names, which is wrong for a subject, a
/// duration or an account: every value name is listed here, and a test fails on a new one.
const COMPLETE_AS: &[(&str, clap::ValueHint)] = &[
    ("PATH", clap::ValueHint::AnyPath),
    ("PATH|URL", clap::ValueHint::AnyPath),
    ("JSON|@FILE", clap::ValueHint::AnyPath),
    ("URL", clap::ValueHint::Url),
    ("EMAIL", clap::ValueHint::EmailAddress),
    ("ADDR", clap::ValueHint::Other),
    ("-", clap::ValueHint::Other),
    ("ACCOUNT", clap::ValueHint::Other),
    ("all|CODE,…", clap::ValueHint::Other),
    ("AREA", clap::ValueHint::Other),
    ("BURST", clap::ValueHint::Other),
    ("CATEGORY", clap::ValueHint::Other),
    ("CIDR", clap::ValueHint::Other),
    ("CITY", clap::ValueHint::Other),
    ("CODE", clap::ValueHint::Other),
    ("CUSTOMERS", clap::ValueHint::Other),
    ("DATE", clap::ValueHint::Other),
    ("DATETIME", clap::ValueHint::Other),
    ("DURATION", clap::ValueHint::Other),
    ("EURO", clap::ValueHint::Other),
    ("EXPR", clap::ValueHint::Other),
    ("FIELDS", clap::ValueHint::Other),
    ("ID", clap::ValueHint::Other),
    ("ID|NUMBER", clap::ValueHint::Other),
    ("it|en", clap::ValueHint::Other),
    ("KEY", clap::ValueHint::Other),
    ("M", clap::ValueHint::Other),
    ("MACRO_AREA", clap::ValueHint::Other),
    ("METHOD", clap::ValueHint::Other),
    ("MODULE", clap::ValueHint::Other),
    ("N", clap::ValueHint::Other),
    ("NAME", clap::ValueHint::Other),
    ("NOTE", clap::ValueHint::Other),
    ("NUMBER", clap::ValueHint::Other),
    ("on|off", clap::ValueHint::Other),
    ("PHONE", clap::ValueHint::Other),
    ("PRIORITY", clap::ValueHint::Other),
    ("PRODUCT", clap::ValueHint::Other),
    ("PW", clap::ValueHint::Other),
    ("SAMPLES", clap::ValueHint::Other),
    ("SECONDS", clap::ValueHint::Other),
    ("SECTION", clap::ValueHint::Other),
    ("SEVERITY", clap::ValueHint::Other),
    ("STALE", clap::ValueHint::Other),
    ("SURNAME", clap::ValueHint::Other),
    ("TEXT", clap::ValueHint::Other),
    ("TICKETS", clap::ValueHint::Other),
    ("USERS", clap::ValueHint::Other),
    ("VALUE", clap::ValueHint::Other),
    ("VERSION", clap::ValueHint::Other),
];

/// Help prose as clap should wrap it: the lines of each paragraph of a doc comment joined, so
/// clap wraps them once at the terminal's width (written pre-wrapped, they were wrapped a
/// second time: ragged at 80 columns). Indented lines — examples, aligned lists — and list
/// items stay as they are written; examples are kept short enough to fit 80 columns (a test
/// checks), so they are never broken and can be copied.
pub fn reflow(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut joinable = false;
    for line in text.lines() {
        let blank = line.trim().is_empty();
        let indented = line.starts_with([' ', '\t']);
        let item = line.starts_with("- ") || line.starts_with("* ");
        if !blank && !indented && !item && joinable {
            let last = out.last_mut().expect("joinable follows a line");
            last.push(' ');
            last.push_str(line.trim());
            continue;
        }
        out.push(line.trim_end().to_owned());
        joinable = !blank && !indented;
    }
    out.join("\n")
}

fn with_reflowed_help(cmd: clap::Command) -> clap::Command {
    let long = cmd.get_long_about().map(|a| reflow(&a.to_string()));
    let cmd = match long {
        Some(l) => cmd.long_about(l),
        None => cmd,
    };
    cmd.mut_subcommands(with_reflowed_help)
}

fn with_completion_hints(cmd: clap::Command) -> clap::Command {
    cmd.mut_args(|a| {
        if a.get_value_hint() != clap::ValueHint::Unknown || !a.get_possible_values().is_empty() {
            return a;
        }
        let name = a
            .get_value_names()
            .and_then(|v| v.first())
            .map(ToString::to_string)
            .unwrap_or_default();
        match COMPLETE_AS.iter().find(|(n, _)| *n == name) {
            Some((_, hint)) => a.value_hint(*hint),
            None => a,
        }
    })
    .mut_subcommands(with_completion_hints)
}

/// `lhs --help` lists the commands in groups, as gh does, rather than one flat list.
pub const COMMAND_GROUPS: &[(&str, &[&str])] = &[
    (
        "Tickets and everyday commands",
        &[
            "tickets", "catalog", "package", "login", "logout", "whoami", "me", "passwd",
            "password",
        ],
    ),
    (
        "The portal's areas",
        &[
            "users", "docs", "news", "videos", "fiscal", "faq", "updates", "courses", "store",
        ],
    ),
    (
        "A vtenext portal's other modules",
        &[
            "quotes", "invoices", "products", "services", "projects", "contacts", "company",
            "records",
        ],
    ),
    ("The help desk", &["desk"]),
    (
        "Server, setup and scripting",
        &[
            "serve",
            "db",
            "demo",
            "api",
            "auth",
            "token",
            "profile",
            "config",
            "completions",
            "help",
        ],
    ),
];

/// The root's help template: the groups of [`COMMAND_GROUPS`] with each command's summary,
/// then the options.
fn grouped_help(root: &clap::Command) -> String {
    let width = COMMAND_GROUPS
        .iter()
        .flat_map(|(_, names)| names.iter())
        .map(|n| n.len())
        .max()
        .unwrap_or(0);
    let mut groups = String::new();
    for (title, names) in COMMAND_GROUPS {
        groups.push_str(&format!("{title}:\n"));
        for name in *names {
            let about = root
                .find_subcommand(name)
                .and_then(clap::Command::get_about)
                .map(ToString::to_string)
                .unwrap_or_default();
            groups.push_str(&format!("  {name:width$}  {about}\n"));
        }
        groups.push('\n');
    }
    // Braces in summaries would read as template placeholders.
    let groups = groups.replace('{', "{{").replace('}', "}}");
    format!(
        "{{about-with-newline}}\n{{usage-heading}} {{usage}}\n\n{groups}Options:\n{{options}}{{after-help}}"
    )
}

/// The whole command tree as it parses, completes and renders its help and man pages:
/// every value says how a shell completes it ([`COMPLETE_AS`]); prose is wrapped by clap
/// once ([`reflow`]).
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    let cmd = with_reflowed_help(with_completion_hints(Cli::command()));
    let template = grouped_help(&cmd);
    cmd.help_template(template)
}

#[cfg(test)]
mod completion_tests {
    /// Every value-taking flag and argument of `cmd` that would complete file names only
    /// because nobody said otherwise.
    fn unhinted(cmd: &clap::Command, path: &str, out: &mut Vec<String>) {
        for a in cmd.get_arguments() {
            let takes_value = a.get_num_args().is_none_or(|n| n.takes_values())
                && matches!(
                    a.get_action(),
                    clap::ArgAction::Set | clap::ArgAction::Append
                );
            if takes_value
                && a.get_value_hint() == clap::ValueHint::Unknown
                && a.get_possible_values().is_empty()
            {
                out.push(format!("{path} {}", a.get_id()));
            }
        }
        for s in cmd.get_subcommands() {
            unhinted(s, &format!("{path} {}", s.get_name()), out);
        }
    }

    /// Every indented line of `cmd`'s long help (examples, aligned lists) that does not stay
    /// whole when the help is drawn at 80 columns.
    fn broken_examples(cmd: &clap::Command, path: &str, out: &mut Vec<String>) {
        if let Some(about) = cmd.get_long_about() {
            let rendered = cmd
                .clone()
                .term_width(80)
                .max_term_width(80)
                .render_long_help()
                .to_string();
            let lines: Vec<&str> = rendered.lines().map(str::trim_end).collect();
            for line in about.to_string().lines() {
                if line.starts_with(' ') && !lines.contains(&line.trim_end()) {
                    out.push(format!("{path}: {line}"));
                }
            }
            for l in lines.iter().filter(|l| !l.starts_with("Usage:")) {
                if unicode_width::UnicodeWidthStr::width(*l) > 80 {
                    out.push(format!("{path}: wider than 80 columns: {l}"));
                }
            }
        }
        for s in cmd.get_subcommands() {
            broken_examples(s, &format!("{path} {}", s.get_name()), out);
        }
    }

    #[test]
    fn examples_stay_whole_at_80_columns() {
        let mut cmd = super::command();
        cmd.build();
        let mut out = Vec::new();
        broken_examples(&cmd, "lhs", &mut out);
        assert!(
            out.is_empty(),
            "these lines break at 80 columns (split them with a trailing \\):\n{}",
            out.join("\n")
        );
    }

    #[test]
    fn every_command_is_in_one_group_and_its_summary_fits_80_columns() {
        let cmd = super::command();
        let listed: Vec<&str> = super::COMMAND_GROUPS
            .iter()
            .flat_map(|(_, n)| n.iter().copied())
            .collect();
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            let n = listed.iter().filter(|l| **l == sub.get_name()).count();
            assert_eq!(
                n,
                1,
                "`lhs {}` is in {n} groups of COMMAND_GROUPS",
                sub.get_name()
            );
        }
        for name in &listed {
            let sub = cmd.find_subcommand(name).expect("a listed command exists");
            let about = sub.get_about().map(ToString::to_string).unwrap_or_default();
            // Two spaces, the longest name (11), two spaces, the summary.
            assert!(
                about.chars().count() <= 80 - 15,
                "`lhs {name}`: its summary is too long for the grouped list at 80 columns: {about}"
            );
        }
        let help = cmd.clone().term_width(80).render_help().to_string();
        assert!(help.contains("The help desk:\n  desk "), "{help}");
    }

    #[test]
    fn prose_is_joined_and_examples_kept() {
        assert_eq!(
            super::reflow("One two\nthree.\n\nExamples:\n  lhs a\n  lhs b\n- item\n- item two"),
            "One two three.\n\nExamples:\n  lhs a\n  lhs b\n- item\n- item two"
        );
    }

    #[test]
    fn every_value_taking_flag_says_how_it_completes() {
        let mut cmd = super::command();
        cmd.build();
        let mut out = Vec::new();
        unhinted(&cmd, "lhs", &mut out);
        assert!(
            out.is_empty(),
            "these would complete file names: give them possible values, or list their value name in COMPLETE_AS:\n{}",
            out.join("\n")
        );
    }
}
