//! The one integration test binary: real `lhs serve` processes, real HTTP, real SMTP.

mod common;
mod server_auth;
mod server_misc;
mod server_tickets;
mod server_users;
