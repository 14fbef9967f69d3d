//! `lhs whoami`: the account behind the token in use, its role, company and permissions, and
//! where the token came from.

use serde::Serialize;

use crate::api::ApiClient;
use crate::api::vtenext::{Session, VteClient};
use crate::context::Context;
use crate::error::CliResult;
use crate::output::when;
use crate::wire::{Me, PermissionMap};

/// Show who you are logged in as.
///
/// --json gives account, backend (lhs|vtenext), role (staff|admin|user), customer_code,
/// permissions and token_source (env|keyring|file), among others. On a vtenext portal:
/// account (the contact's e-mail), contact_id, host; the session is checked first.
#[derive(Debug, clap::Args)]
pub struct Args {}

#[derive(Debug, Serialize)]
struct Whoami {
    account: String,
    backend: &'static str,
    role: &'static str,
    staff_admin: bool,
    name: String,
    surname: String,
    email: String,
    customer_code: Option<String>,
    company_name: Option<String>,
    permissions: Option<PermissionMap>,
    must_change_password: bool,
    /// `ok` or `temporary` for a company's users; absent for staff.
    #[serde(skip_serializing_if = "Option::is_none")]
    standing: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    standing_message: Option<String>,
    token_source: &'static str,
    token_kind: String,
    token_expires_at: String,
    host: String,
    profile: String,
}

/// A vtenext contact: what its portal tells.
#[derive(Debug, Serialize)]
struct VteWhoami {
    account: String,
    backend: &'static str,
    contact_id: String,
    token_source: &'static str,
    host: String,
    profile: String,
}

pub async fn run(ctx: &Context, _args: Args) -> CliResult<()> {
    ctx.portal()?.whoami(ctx).await
}

/// `whoami` on an lhs portal: its `/me`.
pub async fn on_lhs(ctx: &Context, client: &ApiClient) -> CliResult<()> {
    let me: Me = client.me().await?;
    let w = Whoami {
        account: me.account,
        backend: "lhs",
        role: me.role.as_str(),
        staff_admin: me.staff_admin,
        name: me.name,
        surname: me.surname,
        email: me.email,
        customer_code: me.customer_code,
        company_name: me.company_name,
        permissions: me.permissions,
        must_change_password: me.must_change_password,
        standing: me.standing.map(crate::domain::standing::Standing::as_str),
        standing_message: me.standing_message,
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
    if w.standing == Some("temporary") {
        fields.push((
            "Standing",
            format!(
                "temporary access: {}",
                w.standing_message.as_deref().unwrap_or_default()
            ),
        ));
    }
    fields.push(("Portal", format!("{} (lhs)", w.host)));
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

/// `whoami` on a vtenext portal: its session, checked first.
pub async fn on_vtenext(ctx: &Context, v: &VteClient) -> CliResult<()> {
    // The session is checked: an expired one would otherwise look like a contact without
    // tickets.
    if !v.session_is_valid().await? {
        return Err(v.expired());
    }
    let s = v.session().cloned().unwrap_or_else(|| Session {
        contact_id: String::new(),
        session_id: String::new(),
        user_name: String::new(),
    });
    let source = if ctx.env_token.is_some() {
        "env"
    } else {
        ctx.profile_entry().map_or("-", |p| {
            crate::credentials::TokenSource::from(p.storage).as_str()
        })
    };
    let w = VteWhoami {
        account: s.user_name.clone(),
        backend: "vtenext",
        contact_id: s.contact_id.clone(),
        token_source: source,
        host: v.host().to_owned(),
        profile: ctx.profile.clone(),
    };
    let fields = vec![
        ("Account", w.account.clone()),
        ("Contact", w.contact_id.clone()),
        ("Portal", format!("{} (vtenext customer portal)", w.host)),
        ("Profile", w.profile.clone()),
        ("Session", format!("valid, from {}", w.token_source)),
    ];
    ctx.out.object(&w, &fields)
}
