//! Integration tests of the core crate; modules mirror `src/`.

mod attendance;
mod backup;
mod cli;
mod crash_safety;
mod db;
mod demo;
mod examples;
mod exchange;
mod ics;
mod meeting_series;
mod meetings;
mod members;
mod members_csv;
mod municipalities;
mod robustness;
mod settings;
mod support;
