//! `lhs me edit`.

use crate::context::Context;
use crate::error::CliResult;

/// Change your own details
///
/// On a vtenext portal ("I miei dati"): the fields its own profile page lets a contact change
/// — first and last name, e-mail, mobile, street, city and postal code. Each change is read
/// back from the CRM before it is confirmed. A new e-mail is the address you log in with from
/// then on (the profile follows it). On an lhs portal: the language of your mails and portal
/// pages (your company's Administrator changes the rest).
///
/// Examples:
///   lhs me edit --mobile "+39 333 1234567" --city Milano
///   lhs me edit --lang en
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// vtenext: your first name
    #[arg(long, value_name = "NAME")]
    pub first_name: Option<String>,
    /// vtenext: your last name (it cannot be empty)
    #[arg(long, value_name = "SURNAME")]
    pub last_name: Option<String>,
    /// vtenext: your e-mail address (also your portal login)
    #[arg(long, value_name = "EMAIL")]
    pub email: Option<String>,
    /// vtenext: your mobile number
    #[arg(long, value_name = "PHONE")]
    pub mobile: Option<String>,
    /// vtenext: the street of your mailing address
    #[arg(long, value_name = "TEXT")]
    pub street: Option<String>,
    /// vtenext: the city of your mailing address
    #[arg(long, value_name = "CITY")]
    pub city: Option<String>,
    /// vtenext: the postal code of your mailing address
    #[arg(long, value_name = "CODE")]
    pub zip: Option<String>,
    /// lhs: the language of your mails and portal pages: it or en
    #[arg(long, value_name = "it|en", value_parser = crate::commands::users::parse_language)]
    pub lang: Option<crate::wire::Language>,
}

impl Args {
    /// The contact fields given, as vtenext names them, with the flag each came from.
    pub fn vtenext_fields(&self) -> Vec<(&'static str, &'static str, &str)> {
        [
            ("firstname", "--first-name", &self.first_name),
            ("lastname", "--last-name", &self.last_name),
            ("email", "--email", &self.email),
            ("mobile", "--mobile", &self.mobile),
            ("mailingstreet", "--street", &self.street),
            ("mailingcity", "--city", &self.city),
            ("mailingzip", "--zip", &self.zip),
        ]
        .into_iter()
        .filter_map(|(name, flag, v)| v.as_deref().map(|v| (name, flag, v)))
        .collect()
    }

    /// The first flag given that only a vtenext portal takes.
    pub fn vtenext_flag(&self) -> Option<&'static str> {
        self.vtenext_fields().first().map(|(_, flag, _)| *flag)
    }
}

pub async fn run(ctx: &Context, args: Args) -> CliResult<()> {
    ctx.portal()?.edit_me(ctx, &args).await
}
