//! `lhs`: the customer support portal server (`lhs serve`) and the command-line tool that
//! drives it. The library holds everything so integration tests and examples can reach it;
//! `main.rs` only parses, runs and maps errors to exit codes.

pub mod api;
pub mod cli;
pub mod commands;
pub mod config;
pub mod context;
pub mod credentials;
pub mod domain;
pub mod error;
pub mod output;
pub mod prompt;
pub mod server;
pub mod settings;
pub mod wire;
