//! The one integration test binary: real `lhs serve` processes, the real `lhs` binary, real
//! HTTP, real SMTP, a real Secret Service, real pseudo-terminals.

// Tickets named a, b, c… and helper `use`s next to their one use read better in tests.
#![allow(clippy::many_single_char_names, clippy::items_after_statements)]

mod browser;
mod cli_auth;
mod cli_basics;
mod cli_conventions;
mod cli_db;
mod cli_desk;
mod cli_env;
mod cli_interactive;
mod cli_tickets;
mod cli_users;
mod common;
mod contents;
mod courses;
mod defects;
mod examples;
mod hardening;
mod instances;
mod notices;
mod server_auth;
mod server_misc;
mod server_tickets;
mod server_users;
mod snapshots;
mod store;
mod updates;
mod vtenext;
mod vtenext_modules;
mod web;
