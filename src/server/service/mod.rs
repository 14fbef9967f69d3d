//! Rules shared by several entry points — routes of different nouns and the background
//! workers — so each lives in one place. Routes import services, never each other; workers
//! import services, never routes.

pub mod catalog;
pub mod codes;
pub mod contents;
pub mod customers;
pub mod idempotency;
pub mod throttle;
pub mod tickets;
pub mod updates;
pub mod users;
