//! Storage: opening the SQLite file, migrations and seeding, the transaction rule, backups, and the
//! small services every domain needs (the clock, record ids, Swedish collation).
//!
//! What lives here knows nothing of members, meetings or examples: no module of `store` imports a
//! domain module. The seed of a new database is frozen SQL of schema 1, part of the first migration.
//!
//! The transaction rule: reads take a `&Connection` ([`Database::conn`]); writes take a
//! `&Transaction`, which only [`Database::write`] hands out, so everything a write does lands
//! together or not at all.

pub mod backup;
pub mod clock;
pub mod collation;
mod connection;
mod database;
pub mod files;
pub mod fts;
pub(crate) mod ids;
pub(crate) mod installation;
pub mod keys;
mod migrations;
pub mod progress;
mod schema;
mod seed;
pub(crate) mod sql;
pub(crate) mod tombstones;

pub use database::{default_database_path, Database, APP_IDENTIFIER, DATABASE_FILE_NAME};
pub use migrations::{latest_schema_version, APPLICATION_ID};

/// Test support: creates a new database file at `path` at schema `version` exactly, through the
/// real migration list (seeded as the FSS network's, as a file of that version was), so an upgrade
/// test starts from what an older build left and never lists the tables that came later.
#[doc(hidden)]
pub fn create_database_file_at_schema_version(path: &std::path::Path, version: i64) -> crate::error::Result<()> {
    let mut conn = rusqlite::Connection::open(path)?;
    connection::configure_connection(&conn, true)?;
    migrations::to_version(&mut conn, version)
}
