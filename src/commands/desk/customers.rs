//! `lhs desk customers add|list`.

use crate::context::Context;
use crate::error::{CliError, CliResult};
use crate::output::{Tabular, when};
use crate::wire::{CreateCustomerRequest, Customer};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    Add(AddArgs),
    /// List customers with their SMART balance
    List,
}

/// Create a customer
///
/// The Administrator (who logs in with the customer code) is e-mailed a single-use invitation
/// code to choose a password: staff never set someone else's password.
///
/// Example:
///   lhs desk customers add C0042 --name "Rossi Trasporti S.r.l." --admin-email it@rossi.example
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
