//! Courses (the manual's *Corsi on-line*): who may see the calendar and who may enrol.
//!
//! The permission table gives the area *Lettura* (`read`: the calendar, dates and seats) and
//! *Iscrizione (se abbonato)* (`enrol`: taking a seat, only when the company has a courses
//! subscription and seats are left). Administrators have both; the help desk sees the
//! calendar and the enrolments but enrols nobody.

use super::content::Access;
use super::permissions::{Area, Level, Permissions};
use crate::wire::Role;

/// [`Access::List`] is `read`, [`Access::Detail`] is `enrol`.
pub fn access(role: Role, perms: &Permissions) -> Access {
    if role != Role::User {
        return Access::Detail;
    }
    match perms.get(Area::Corsi) {
        Level::Off => Access::None,
        Level::Enrol => Access::Detail,
        _ => Access::List,
    }
}

pub fn needed(wanted: Access) -> &'static str {
    if wanted == Access::Detail {
        "corsi=enrol"
    } else {
        "corsi=read"
    }
}

/// Seats of one course.
pub const MAX_SEATS: i64 = 10_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_follow_the_manual() {
        let mut p = Permissions::default();
        assert_eq!(access(Role::User, &p), Access::Detail);
        p.set(Area::Corsi, Level::Read).unwrap();
        assert_eq!(access(Role::User, &p), Access::List);
        p.set(Area::Corsi, Level::Off).unwrap();
        assert_eq!(access(Role::User, &p), Access::None);
        assert_eq!(access(Role::Admin, &p), Access::Detail);
    }
}
