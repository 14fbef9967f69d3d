//! `lhs desk customers add|list`.

use crate::context::Context;
use crate::error::{CliError, CliResult};
use crate::output::{Tabular, when};
use crate::prompt::StdinLines;
use crate::wire::{CreateCustomerRequest, Customer};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    Add(AddArgs),
    /// List customers with their SMART balance
    List,
}

/// Create a customer
///
/// Without --admin-password-stdin a temporary password is e-mailed to the Administrator,
/// who must change it at the first login.
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
    /// Read the Administrator's password from standard input
    #[arg(long)]
    pub admin_password_stdin: bool,
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
            let list: Vec<Customer> = client.get("/customers").await?;
            ctx.out.list(&list)
        }
        Command::Add(a) => {
            crate::domain::validate::customer_code(&a.code).map_err(CliError::usage)?;
            crate::domain::validate::email(&a.admin_email).map_err(CliError::usage)?;
            let admin_password = if a.admin_password_stdin {
                Some(StdinLines::new().new_password("--admin-password-stdin")?)
            } else {
                None
            };
            let c: Customer = client
                .post(
                    "/customers",
                    &CreateCustomerRequest {
                        code: a.code,
                        name: a.name,
                        admin_email: a.admin_email,
                        admin_password: admin_password.clone(),
                    },
                )
                .await?;
            if ctx.out.is_json() {
                ctx.out.json(&c)?;
            }
            ctx.out
                .success(&format!("Customer {} ({}) created", c.code, c.name));
            if admin_password.is_none() {
                ctx.out.note(&format!(
                    "The Administrator logs in as {} with the temporary password e-mailed to {}.",
                    c.code, c.admin_email
                ));
            }
            Ok(())
        }
    }
}
