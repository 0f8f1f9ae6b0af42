//! Integration tests of the core crate; modules mirror `src/`.

mod cli;
mod db;
mod meetings;
mod members;
mod members_csv;
mod municipalities;
mod settings;
mod support;
