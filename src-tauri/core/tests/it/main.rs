//! Integration tests of the core crate; modules mirror `src/`.

mod cli;
mod db;
mod examples;
mod meetings;
mod municipalities;
mod settings;
mod support;
