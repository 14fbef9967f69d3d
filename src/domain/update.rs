//! Software updates (the manual's *Aggiornamenti software*): who may list them and who may
//! download their files, and the rules of what the help desk publishes. Knows nothing of
//! HTTP or storage.
//!
//! The manual's permission table gives the area two levels past `off`: *Lettura* (`read`: the
//! list, versions and release notes) and *Download* (`download`: the files). Administrators
//! and the help desk have both.

use super::content::Access;
use super::permissions::{Area, Level, Permissions};
use crate::wire::Role;

/// What `role` with `perms` may do with software updates: [`Access::List`] is `read`,
/// [`Access::Detail`] is `download`.
pub fn access(role: Role, perms: &Permissions) -> Access {
    if role != Role::User {
        return Access::Detail;
    }
    match perms.get(Area::Aggiornamenti) {
        Level::Off => Access::None,
        Level::Download => Access::Detail,
        _ => Access::List,
    }
}

/// The permission that grants `wanted`.
pub fn needed(wanted: Access) -> &'static str {
    if wanted == Access::Detail {
        "aggiornamenti=download"
    } else {
        "aggiornamenti=read"
    }
}

/// Files per update…
pub const MAX_FILES: usize = 10;
/// …of at most 4 GiB each (installers and images; any file type).
pub const MAX_FILE_SIZE: u64 = 4 << 30;

/// A version: 1 to 50 letters, digits, `.`, `-`, `_` or `+`, starting with a letter or digit
/// (`2025.1`, `v3.2.0-rc1`).
pub fn version(s: &str) -> Result<(), crate::domain::validate::Invalid> {
    let ok = (1..=50).contains(&s.len())
        && s.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'+'));
    if ok {
        Ok(())
    } else {
        Err(crate::domain::validate::Invalid::Version(s.to_owned()))
    }
}

/// The pattern of [`version`] for the OpenAPI document.
pub const VERSION_PATTERN: &str = r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,49}$";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_follow_the_manual() {
        let mut p = Permissions::default();
        assert_eq!(access(Role::User, &p), Access::List);
        p.set(Area::Aggiornamenti, Level::Download).unwrap();
        assert_eq!(access(Role::User, &p), Access::Detail);
        p.set(Area::Aggiornamenti, Level::Off).unwrap();
        assert_eq!(access(Role::User, &p), Access::None);
        assert_eq!(access(Role::Admin, &p), Access::Detail);
        assert_eq!(access(Role::Staff, &p), Access::Detail);
    }

    #[test]
    fn versions() {
        for ok in ["2025.1", "v3.2.0-rc1", "1", "1.0+build_7"] {
            assert!(version(ok).is_ok(), "{ok}");
        }
        for bad in ["", ".1", "1 0", "1/2", &"9".repeat(51)] {
            assert!(version(bad).is_err(), "{bad}");
        }
    }
}
