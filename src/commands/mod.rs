//! One folder per noun, one file per verb; each exposes an `Args` struct (whose doc comments
//! are the help) and `run`. This module only dispatches.

pub mod api;
pub mod auth;
pub mod bench;
pub mod catalog;
pub mod company;
pub mod completions;
pub mod config;
pub mod contacts;
pub mod content;
pub mod courses;
pub mod crm;
pub mod db;
pub mod demo;
pub mod desk;
pub mod docs;
pub mod faq;
pub mod fiscal;
pub mod help;
pub mod invoices;
pub mod login;
pub mod logout;
pub mod me;
pub mod news;
pub mod package;
pub mod passwd;
pub mod password;
pub mod portal;
pub mod products;
pub mod profile;
pub mod projects;
pub mod quotes;
pub mod records;
pub mod serve;
pub mod services;
pub mod store;
pub mod tickets;
pub mod token;
pub mod updates;
pub mod users;
pub mod videos;
pub mod whoami;

use crate::cli::{Cli, Command};
use crate::context::Context;
use crate::error::{CliError, CliResult};
use crate::output::Format;
use crate::settings::{Env, Settings};

/// Whether a command prints a list, the only output with a CSV form.
fn has_csv_form(cmd: &Command) -> bool {
    match cmd {
        Command::Tickets(c) => matches!(c, tickets::Command::List(_)),
        Command::Users(c) => matches!(
            c,
            users::Command::List(_) | users::Command::Import(_) | users::Command::Export(_)
        ),
        Command::Token(c) => matches!(c, token::Command::List(_)),
        Command::Package(_) | Command::Db(_) => true,
        Command::Auth(c) => matches!(c, auth::Command::Status(_)),
        Command::Profile(c) => matches!(c, profile::Command::List(_)),
        Command::Docs(c) => matches!(c, docs::Command::List(_)),
        Command::News(c) => matches!(c, news::Command::List(_)),
        Command::Videos(c) => matches!(c, videos::Command::List(_)),
        Command::Fiscal(c) => matches!(c, fiscal::Command::List(_)),
        Command::Faq(c) => matches!(c, faq::Command::List(_)),
        Command::Quotes(c) => matches!(c, quotes::Command::List(_)),
        Command::Invoices(c) => matches!(c, invoices::Command::List(_)),
        Command::Products(c) => matches!(c, products::Command::List(_)),
        Command::Services(c) => matches!(c, services::Command::List(_)),
        Command::Projects(c) => matches!(c, projects::Command::List(_)),
        Command::Contacts(c) => matches!(c, contacts::Command::List(_)),
        // `lhs records` alone lists the modules.
        Command::Records(a) => !matches!(a.command, Some(records::Command::View(_))),
        Command::Updates(c) => matches!(c, updates::Command::List(_)),
        Command::Courses(c) => matches!(c, courses::Command::List(_) | courses::Command::Mine(_)),
        Command::Store(c) => matches!(c, store::Command::List(_) | store::Command::Orders(_)),
        Command::Desk(c) => match c {
            desk::Command::Queue(_) | desk::Command::Published(_) | desk::Command::Report(_) => {
                true
            }
            desk::Command::Staff(c) => matches!(c, desk::staff::Command::List),
            desk::Command::Outbox(a) => a.lists(),
            desk::Command::Customers(c) => matches!(c, desk::customers::Command::List),
            desk::Command::Package(c) => matches!(c, desk::package::Command::Show(_)),
            desk::Command::Courses(c) => matches!(c, desk::courses::Command::Enrolments(_)),
            desk::Command::Store(c) => matches!(c, desk::store::Command::Packages(_)),
            desk::Command::Orders(c) => matches!(c, desk::orders::Command::List(_)),
            _ => false,
        },
        _ => false,
    }
}

/// The command's first word, as typed (`users`, `store`): what a refusal names.
fn noun(cmd: &Command) -> &'static str {
    match cmd {
        Command::Login(_) => "login",
        Command::Logout(_) => "logout",
        Command::Whoami(_) => "whoami",
        Command::Me(_) => "me",
        Command::Passwd(_) => "passwd",
        Command::Password(_) => "password",
        Command::Token(_) => "token",
        Command::Users(_) => "users",
        Command::Tickets(_) => "tickets",
        Command::Catalog(_) => "catalog",
        Command::Docs(_) => "docs",
        Command::News(_) => "news",
        Command::Videos(_) => "videos",
        Command::Fiscal(_) => "fiscal",
        Command::Faq(_) => "faq",
        Command::Updates(_) => "updates",
        Command::Courses(_) => "courses",
        Command::Store(_) => "store",
        Command::Package(_) => "package",
        Command::Quotes(_) => "quotes",
        Command::Invoices(_) => "invoices",
        Command::Products(_) => "products",
        Command::Services(_) => "services",
        Command::Projects(_) => "projects",
        Command::Contacts(_) => "contacts",
        Command::Company(_) => "company",
        Command::Records(_) => "records",
        Command::Auth(_) => "auth",
        Command::Profile(_) => "profile",
        Command::Config(_) => "config",
        Command::Desk(_) => "desk",
        Command::Api(_) => "api",
        Command::Completions(_) => "completions",
        Command::Demo(_) => "demo",
        Command::Serve(_) => "serve",
        Command::Db(_) => "db",
        Command::Help(_) => "help",
        Command::Bench(_) => "bench",
        Command::GenerateDocs(_) => "generate-docs",
    }
}

/// Pages the output of a command that needs no context, with the pager the settings would
/// choose (none when they cannot be resolved).
fn page_without_context(global: &crate::cli::GlobalArgs, env: &Env) {
    if global.may_page()
        && let Ok(s) = Settings::resolve(global, env.clone())
    {
        global.setup_pager(&s);
    }
}

/// Runs the command with the settings resolved from its flags, `env` and the configuration.
pub async fn run(cli: Cli, env: Env) -> CliResult<()> {
    let global = cli.global;
    if global.format == Some(Format::Csv) && !has_csv_form(&cli.command) {
        return Err(CliError::usage(
            "--format csv: this command has no CSV output; only lists have one (tickets list, desk queue, users list|import|export, token list, package, desk package show, desk customers list, desk outbox, db copy, docs|news|videos|fiscal|faq|updates|courses list|mine, quotes|invoices|products|services|projects|contacts list, records [MODULE list], store list|orders, desk courses enrolments, desk store packages, desk orders list, desk staff list, desk report)",
        )
        .hint("use --json (or the default table) for this command"));
    }
    match cli.command {
        // Commands that serve or drive others never page.
        Command::Serve(a) => serve::run(a).await,
        Command::Demo(a) => demo::run(a).await,
        Command::Bench(c) => bench::run(&global.output(&env), c).await,
        Command::GenerateDocs(a) => completions::generate(a),
        // These work even with a broken configuration file (then without its pager).
        Command::Completions(a) => {
            page_without_context(&global, &env);
            completions::run(a)
        }
        Command::Help(a) => {
            // Styled as `lhs --help` is: only on a terminal, never with NO_COLOR.
            let color = env.color(std::io::IsTerminal::is_terminal(&std::io::stdout()));
            page_without_context(&global, &env);
            help::run(a, color)
        }
        Command::Db(c) => {
            page_without_context(&global, &env);
            db::run(&global.output(&env), c).await
        }
        other => {
            let settings = Settings::resolve(&global, env)?;
            global.setup_pager(&settings);
            let mut ctx = Context::new(global, settings)?;
            ctx.noun = noun(&other);
            match other {
                Command::Login(a) => login::run(&ctx, a).await,
                Command::Logout(a) => logout::run(&ctx, a).await,
                Command::Whoami(a) => whoami::run(&ctx, a).await,
                Command::Passwd(a) => passwd::run(&ctx, a).await,
                Command::Password(c) => password::run(&ctx, c).await,
                Command::Token(c) => token::run(&ctx, c).await,
                Command::Users(c) => users::run(&ctx, c).await,
                Command::Tickets(c) => tickets::run(&ctx, c).await,
                Command::Catalog(a) => catalog::run(&ctx, a).await,
                Command::Package(a) => package::run(&ctx, a).await,
                Command::Desk(c) => desk::run(&ctx, c).await,
                Command::Docs(c) => docs::run(&ctx, c).await,
                Command::News(c) => news::run(&ctx, c).await,
                Command::Videos(c) => videos::run(&ctx, c).await,
                Command::Fiscal(c) => fiscal::run(&ctx, c).await,
                Command::Faq(c) => faq::run(&ctx, c).await,
                Command::Quotes(c) => quotes::run(&ctx, c).await,
                Command::Invoices(c) => invoices::run(&ctx, c).await,
                Command::Products(c) => products::run(&ctx, c).await,
                Command::Services(c) => services::run(&ctx, c).await,
                Command::Projects(c) => projects::run(&ctx, c).await,
                Command::Contacts(c) => contacts::run(&ctx, c).await,
                Command::Company(a) => company::run(&ctx, a).await,
                Command::Me(a) => me::run(&ctx, a).await,
                Command::Records(a) => records::run(&ctx, a).await,
                Command::Updates(c) => updates::run(&ctx, c).await,
                Command::Courses(c) => courses::run(&ctx, c).await,
                Command::Store(c) => store::run(&ctx, c).await,
                Command::Api(a) => api::run(&ctx, a).await,
                Command::Auth(c) => auth::run(&ctx, c).await,
                Command::Profile(c) => profile::run(&mut ctx, c),
                Command::Config(c) => config::run(&mut ctx, c),
                Command::Serve(_)
                | Command::Completions(_)
                | Command::GenerateDocs(_)
                | Command::Help(_)
                | Command::Demo(_)
                | Command::Db(_)
                | Command::Bench(_) => unreachable!("handled above"),
            }
        }
    }
}
