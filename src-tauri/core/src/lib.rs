//! Nätverket's core: everything the app knows and does, without any GUI.
//!
//! The desktop shell (`src-tauri`) and the `natverk` command line are thin layers over this crate.
//! Each entity keeps its SQL in its own module; [`db::Database`] opens and migrates the file;
//! every failure is an [`Error`] with a Swedish message.

pub mod attendance;
pub mod backup;
pub mod cli;
pub mod collation;
pub mod db;
pub mod demo;
pub mod error;
pub mod examples;
pub mod examples_export;
pub mod exchange;
pub mod ics;
pub mod ids;
pub mod labels;
pub mod meeting_series;
pub mod meetings;
pub mod members;
pub mod members_csv;
pub mod municipalities;
pub mod municipality_overview;
pub mod personnummer;
pub mod presentations;
pub mod search;
mod seed;
pub mod settings;
pub mod swedish_calendar;
pub mod swedish_time;
pub mod text_enum;
pub mod themes;
pub mod validate;

pub use db::Database;
pub use error::{Error, Result};
