//! `lhs whoami`: the account behind the token in use, its role, company and permissions, and
//! where the token came from.

use serde::Serialize;

use crate::context::Context;
use crate::error::CliResult;
use crate::output::when;
use crate::wire::{Me, PermissionMap};

/// Show who you are logged in as.
///
/// --json gives account, role (staff|admin|user), customer_code, permissions and token_source
/// (env|keyring|file), among others.
#[derive(Debug, clap::Args)]
pub struct Args {}

#[derive(Debug, Serialize)]
struct Whoami {
    account: String,
    role: &'static str,
    staff_admin: bool,
    name: String,
    surname: String,
    email: String,
    customer_code: Option<String>,
    company_name: Option<String>,
    permissions: Option<PermissionMap>,
    must_change_password: bool,
    token_source: &'static str,
    token_kind: String,
    token_expires_at: String,
    host: String,
    profile: String,
}

pub async fn run(ctx: &Context, _args: Args) -> CliResult<()> {
    let client = ctx.client()?;
    let me: Me = client.me().await?;
    let w = Whoami {
        account: me.account,
        role: me.role.as_str(),
        staff_admin: me.staff_admin,
        name: me.name,
        surname: me.surname,
        email: me.email,
        customer_code: me.customer_code,
        company_name: me.company_name,
        permissions: me.permissions,
        must_change_password: me.must_change_password,
        token_source: client.token_source().map_or("-", |s| s.as_str()),
        token_kind: me.token_kind,
        token_expires_at: me.token_expires_at,
        host: client.host().to_owned(),
        profile: ctx.profile.clone(),
    };
    let role = match (w.role, w.staff_admin) {
        ("staff", true) => "staff (administrator)".to_owned(),
        (r, _) => r.to_owned(),
    };
    let mut fields = vec![
        ("Account", w.account.clone()),
        ("Name", format!("{} {}", w.name, w.surname)),
        ("Role", role),
        ("E-mail", w.email.clone()),
    ];
    if let Some(c) = &w.customer_code {
        fields.push((
            "Customer",
            format!("{c} ({})", w.company_name.as_deref().unwrap_or("")),
        ));
    }
    if let Some(p) = &w.permissions {
        let text = p
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(" ");
        fields.push(("Permissions", text));
    }
    fields.push(("Portal", w.host.clone()));
    fields.push(("Profile", w.profile.clone()));
    fields.push((
        "Token",
        format!(
            "{} from {}, expires {}",
            w.token_kind,
            w.token_source,
            when(Some(&w.token_expires_at))
        ),
    ));
    if w.must_change_password {
        fields.push((
            "Attention",
            format!("password change required: run `{}`", ctx.profiled("passwd")),
        ));
    }
    ctx.out.object(&w, &fields)
}
