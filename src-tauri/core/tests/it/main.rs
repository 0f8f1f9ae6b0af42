//! Integration tests of the core crate; modules mirror `src/`.

mod attendance;
mod cli;
mod db;
mod meeting_series;
mod meetings;
mod municipalities;
mod settings;
mod support;
