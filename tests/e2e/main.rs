//! End-to-end tests: the real app window driven through WebDriver (tauri-driver + WebKitWebDriver under Xvfb).
//!
//! Run with `make e2e` (or `make test`), which installs Xvfb, WebKitWebDriver and tauri-driver.

mod accessibility;
mod backups;
mod calendar;
mod examples;
mod exchange;
mod harness;
mod mail;
mod medskick;
mod meetings;
mod members;
mod networks;
mod proposals;
mod report;
mod scale;
mod security;
mod settings;
mod single_instance;
mod startup;
mod teams_attendance;
