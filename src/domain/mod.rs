//! The portal's domain rules, free of HTTP, SQL and terminals: permissions, ticket states and
//! transitions, validation of typed values, durations. Both halves of `lhs` use them.

pub mod attachment;
pub mod content;
pub mod course;
pub mod duration;
pub mod permissions;
pub mod search;
pub mod sheet;
pub mod shop;
pub mod standing;
pub mod ticket;
pub mod update;
pub mod validate;
