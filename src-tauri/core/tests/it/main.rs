//! Integration tests of the core crate; modules mirror `src/`.

mod backup;
mod cli;
mod crash_safety;
mod db;
mod demo;
mod ics;
mod meetings;
mod municipalities;
mod settings;
mod support;
