//! One module per command noun; each exposes an args struct and `run`.

pub mod serve;
