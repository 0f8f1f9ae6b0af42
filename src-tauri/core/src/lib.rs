//! Nätverket's core: everything the app knows and does, without any GUI.
//!
//! The desktop shell (`src-tauri`) and the `natverk` command line are thin layers over this crate.
//! It is organised by domain, each a folder whose `mod.rs` says what lives there; domains depend on
//! each other in one direction only (`tests/it/architecture.rs` checks it):
//!
//! - [`store`]: opening, migrations and seed, the transaction rule, backups, clock, ids, collation.
//! - [`sweden`]: time zones, holidays, municipalities and regions, personnummer, shared validation.
//! - [`settings`]: the network's settings. [`sharing`]: the sharing level of what members write.
//! - [`members`] → [`meetings`] → [`examples`]: the network's records and their SQL.
//! - [`medskick`]: needs and questions carried upward. [`proposals`]: bevakning of proposals.
//! - [`calendar`]: .ics invitations, feed and import. [`privacy`]: GDPR extract and erasure.
//! - [`reports`]: read models across domains. [`exchange`]: `.natverk` bundles between installations.
//! - [`networks`]: the networks this user belongs to, each its own database file.
//! - [`labels`], [`demo`]: the UI's enumeration labels, generated scale data.
//!
//! Reads take a `&rusqlite::Connection`; writes take the `&rusqlite::Transaction` that only
//! [`Database::write`] hands out. Every failure is an [`Error`] with a Swedish message.

pub mod calendar;
pub mod demo;
pub mod error;
pub mod examples;
pub mod exchange;
pub mod labels;
pub mod medskick;
pub mod meetings;
pub mod members;
pub mod networks;
pub mod privacy;
pub mod proposals;
pub mod reports;
pub mod settings;
pub mod sharing;
pub mod store;
pub mod sweden;
pub mod text_enum;

pub use error::{Error, Result};
/// The connection reads take and the transaction writes take, so callers need not depend on rusqlite.
pub use rusqlite::{Connection, Transaction};
pub use store::Database;
