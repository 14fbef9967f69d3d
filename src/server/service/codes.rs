//! Mailed single-use password codes: a reset code, or an invitation for an account that has
//! never chosen a password.

use crate::server::Settings;
use crate::server::auth::new_secret;
use crate::server::clock;
use crate::server::mail;
use crate::server::store::StoreResult;
use crate::server::store::{CodeKind, Repo, UserRow};

/// Issues a new single-use code for `u` and queues its mail: a reset code, or — for an account
/// that has never chosen a password — an invitation code. Shared by forgot-password and by
/// `POST /users/{account}/password-reset`.
pub fn send_password_code(
    r: &dyn Repo,
    u: &UserRow,
    settings: &Settings,
    url: &str,
) -> StoreResult<()> {
    let now = clock::now();
    if u.password_hash.is_empty() {
        let (code, hash) = new_secret("lhs_i_");
        let ttl = settings.invite_ttl;
        r.insert_code(u.id, CodeKind::Invite, &hash, &now, &clock::in_future(ttl))?;
        mail::invitation(r, u, &code, ttl, url, &now)
    } else {
        let (code, hash) = new_secret("lhs_r_");
        let ttl = settings.reset_ttl;
        r.insert_code(u.id, CodeKind::Reset, &hash, &now, &clock::in_future(ttl))?;
        mail::password_reset(r, u, &code, ttl, url, &now)
    }
}
