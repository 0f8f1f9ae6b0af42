//! The schema's history: append-only migrations counted in `PRAGMA user_version`, the first of
//! which also seeds a new database: with the FSS network's data, or (for a network the user
//! creates) with reference data and that network's name only.
//!
//! Never edit or remove an entry once released; a change to the schema is a new entry at the end.

use std::sync::LazyLock;

use rusqlite::{Connection, Transaction};
use rusqlite_migration::{HookError, Migrations, M};

use super::seed;
use crate::error::{Error, Result};

/// `PRAGMA application_id` of Nätverket's databases ('NATV').
pub const APPLICATION_ID: i64 = 0x4E41_5456;

/// The migrations, in order, the first one seeding with `first_hook`. Append only: never edit or
/// remove an entry once released.
fn migrations_seeded_by(first_hook: impl rusqlite_migration::MigrationHook + 'static) -> Vec<M<'static>> {
    vec![
        M::up_with_hook(include_str!("../../migrations/0001_schema.sql"), first_hook),
        M::up(include_str!("../../migrations/0002_examples.sql")),
        M::up(include_str!("../../migrations/0003_exchange.sql")),
        M::up(include_str!("../../migrations/0004_search_facets.sql")),
        M::up(include_str!("../../migrations/0005_deletions_travel.sql")),
        M::up(include_str!("../../migrations/0006_erasures.sql")),
        M::up(include_str!("../../migrations/0007_senders.sql")),
        M::up(include_str!("../../migrations/0008_first_page_counts.sql")),
        M::up(include_str!("../../migrations/0009_example_sharing.sql")),
        M::up(include_str!("../../migrations/0010_medskick_proposals.sql")),
        M::up(include_str!("../../migrations/0011_search_sharing.sql")),
        M::up(include_str!("../../migrations/0012_sync_folder_files.sql")),
        M::up(include_str!("../../migrations/0013_mail.sql")),
        M::up(include_str!("../../migrations/0014_sync_folder_acknowledgements.sql")),
        M::up(include_str!("../../migrations/0015_exchange_deleted_rows.sql")),
    ]
}

/// The migrations of the FSS network's database (the app's own), seeded with its 2024 meetings.
fn migration_list() -> Vec<M<'static>> {
    migrations_seeded_by(seed_hook)
}

static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| Migrations::new(migration_list()));

fn hook_error(error: Error) -> HookError {
    match error {
        Error::Database(inner) => HookError::RusqliteError(inner),
        other => HookError::Hook(other.to_string()),
    }
}

fn seed_hook(tx: &Transaction) -> std::result::Result<(), HookError> {
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    seed::seed_new_database(tx).map_err(hook_error)
}

/// Brings a new, empty database to the latest schema seeded for a network of the user's own (see
/// [`seed::seed_other_network`]): no FSS meetings, themes or settings.
pub(super) fn to_latest_for_other_network(conn: &mut Connection, network_id: &str, network_name: &str) -> Result<()> {
    let (id, name) = (network_id.to_string(), network_name.to_string());
    let hook = move |tx: &Transaction| -> std::result::Result<(), HookError> {
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        seed::seed_other_network(tx, &id, &name).map_err(hook_error)
    };
    Migrations::new(migrations_seeded_by(hook)).to_latest(conn)?;
    Ok(())
}

/// The schema version this build creates and understands.
pub fn latest_schema_version() -> i64 {
    migration_list().len() as i64
}

/// Brings the database to the latest schema in one transaction (seeding it if it is new).
pub(super) fn to_latest(conn: &mut Connection) -> Result<()> {
    MIGRATIONS.to_latest(conn)?;
    Ok(())
}

/// Brings a new database to schema `version` exactly (the reference a restored file is compared with).
pub(super) fn to_version(conn: &mut Connection, version: i64) -> Result<()> {
    let target = usize::try_from(version)
        .map_err(|_| Error::SchemaTooNew { found: version, supported: latest_schema_version() })?;
    MIGRATIONS.to_version(conn, target)?;
    Ok(())
}

/// The schema version of an open database.
pub(super) fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_migration_list_is_valid() {
        MIGRATIONS.validate().expect("migrations must apply to an empty database");
    }
}
