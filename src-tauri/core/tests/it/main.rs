//! Integration tests of the core crate; modules mirror `src/`.

mod architecture;
mod attendance;
mod backup;
mod calendar;
mod calendar_replies;
mod calendar_robustness;
mod cli;
mod crash_safety;
mod db;
mod demo;
mod examples;
mod exchange;
mod exchange_trust;
mod meetings;
mod meetings_series;
mod members;
mod members_csv;
mod municipalities;
mod permissions;
mod robustness;
mod settings;
mod support;
