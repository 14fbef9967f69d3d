//! `lhs desk customers add|list|standing|subscription`.

use crate::context::Context;
use crate::domain::standing::Standing;
use crate::error::{CliError, CliResult};
use crate::output::{Tabular, when};
use crate::wire::{CreateCustomerRequest, Customer, StandingRequest, Subscription};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    #[command(visible_aliases = ["create", "new"])]
    Add(AddArgs),
    /// List customers with their SMART balance, standing and subscriptions
    #[command(visible_alias = "ls")]
    List,
    Standing(StandingArgs),
    Subscription(SubscriptionArgs),
}

/// Set a customer's standing: ok, temporary (a banner for its users) or suspended
///
/// `temporary` keeps access but shows every user of the company a banner on each command
/// (the manual's "Accesso abilitato temporaneamente. Vi invitiamo a regolare la vostra
/// posizione.", or --message); `suspended` refuses their logins and tokens (exit 3) until the
/// standing is `ok` again. Help-desk accounts are never affected.
///
/// Examples:
///   lhs desk customers standing C0001 temporary
///   lhs desk customers standing C0001 suspended \
///       --message "Fatture 2025 non saldate"
///   lhs desk customers standing C0001 ok
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct StandingArgs {
    /// Customer code
    pub code: String,
    /// ok, temporary or suspended
    #[arg(value_enum)]
    pub standing: StandingArg,
    /// The text the company's users see instead of the manual's banner
    #[arg(long, short = 'm', value_name = "TEXT")]
    pub message: Option<String>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum StandingArg {
    Ok,
    Temporary,
    Suspended,
}

/// Turn a customer's courses subscription on or off
///
/// With the subscription, the company's users with `corsi=enrol` may enrol in courses
/// ("Iscrizione (se abbonato)").
///
/// Example:
///   lhs desk customers subscription C0001 --courses on
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct SubscriptionArgs {
    /// Customer code
    pub code: String,
    /// on or off
    #[arg(long, value_name = "on|off", value_parser = on_off, action = clap::ArgAction::Set)]
    pub courses: bool,
}

pub fn on_off(s: &str) -> Result<bool, String> {
    match s.to_ascii_lowercase().as_str() {
        "on" | "yes" | "true" => Ok(true),
        "off" | "no" | "false" => Ok(false),
        _ => Err(format!("`{s}`: use on or off")),
    }
}

/// Create a customer
///
/// The Administrator (who logs in with the customer code) is e-mailed a single-use invitation
/// code to choose a password: staff never set someone else's password.
///
/// Example:
///   lhs desk customers add C0042 --name "Rossi Trasporti S.r.l." \
///       --admin-email it@rossi.example
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct AddArgs {
    /// Customer code (letters and digits), also the Administrator's account
    pub code: String,
    /// Company name
    #[arg(long)]
    pub name: String,
    /// The Administrator's e-mail address
    #[arg(long, value_name = "EMAIL")]
    pub admin_email: String,
}

impl Tabular for Customer {
    fn headers() -> &'static [&'static str] {
        &[
            "CODE",
            "NAME",
            "ADMIN E-MAIL",
            "USERS",
            "BALANCE (MIN)",
            "STANDING",
            "COURSES",
            "SINCE",
        ]
    }
    fn cells(&self) -> Vec<String> {
        vec![
            self.code.clone(),
            self.name.clone(),
            self.admin_email.clone(),
            self.users.to_string(),
            self.balance_minutes.to_string(),
            self.standing.as_str().to_owned(),
            if self.courses_subscription {
                "on"
            } else {
                "off"
            }
            .to_owned(),
            when(Some(&self.created_at)),
        ]
    }
}

pub async fn run(ctx: &Context, cmd: Command) -> CliResult<()> {
    let client = ctx.client()?;
    match cmd {
        Command::List => {
            let list: Vec<Customer> = client.customers().await?;
            ctx.out.list(&list)
        }
        Command::Standing(a) => {
            let standing = match a.standing {
                StandingArg::Ok => Standing::Ok,
                StandingArg::Temporary => Standing::Temporary,
                StandingArg::Suspended => Standing::Suspended,
            };
            if let Some(m) = &a.message {
                crate::domain::validate::text("message", m, 500).map_err(|e| {
                    CliError::invalid(e.to_string().replace("`message`", "--message"))
                })?;
            }
            let c = client
                .set_standing(
                    &a.code,
                    &StandingRequest {
                        standing,
                        message: a.message,
                    },
                )
                .await?;
            if ctx.out.is_json() {
                ctx.out.json(&c)?;
            }
            ctx.out.success(&match standing {
                Standing::Ok => format!("{}: standing ok, normal access", c.code),
                Standing::Temporary => format!(
                    "{}: temporary access; its users see \"{}\"",
                    c.code,
                    c.standing_message
                        .as_deref()
                        .unwrap_or(crate::domain::standing::DEFAULT_BANNER)
                ),
                Standing::Suspended => format!(
                    "{}: suspended; its users cannot log in or use their tokens",
                    c.code
                ),
            });
            Ok(())
        }
        Command::Subscription(a) => {
            let c = client
                .set_subscription(&a.code, &Subscription { courses: a.courses })
                .await?;
            if ctx.out.is_json() {
                ctx.out.json(&c)?;
            }
            ctx.out.success(&format!(
                "{}: courses subscription {}",
                c.code,
                if c.courses_subscription { "on" } else { "off" }
            ));
            Ok(())
        }
        Command::Add(a) => {
            crate::domain::validate::customer_code(&a.code).map_err(CliError::usage)?;
            crate::domain::validate::email(&a.admin_email).map_err(CliError::usage)?;
            let c: Customer = client
                .create_customer(&CreateCustomerRequest {
                    code: a.code,
                    name: a.name,
                    admin_email: a.admin_email,
                })
                .await?;
            if ctx.out.is_json() {
                ctx.out.json(&c)?;
            }
            ctx.out
                .success(&format!("Customer {} ({}) created", c.code, c.name));
            ctx.out.note(&format!(
                "The Administrator logs in as {} after choosing a password with the invitation code e-mailed to {}.",
                c.code, c.admin_email
            ));
            Ok(())
        }
    }
}
