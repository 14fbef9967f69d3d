//! The one integration test binary: real `lhs serve` processes, real HTTP, real SMTP.

// Tickets named a, b, c… and helper `use`s next to their one use read better in tests.
#![allow(clippy::many_single_char_names, clippy::items_after_statements)]

mod common;
mod server_auth;
mod server_misc;
mod server_tickets;
mod server_users;
