//! The schema's history: append-only migrations counted in `PRAGMA user_version`, the first of
//! which also seeds a new database.
//!
//! Never edit or remove an entry once released; a change to the schema is a new entry at the end.

use std::sync::LazyLock;

use rusqlite::{Connection, Transaction};
use rusqlite_migration::{HookError, Migrations, M};

use super::seed;
use crate::error::{Error, Result};

/// `PRAGMA application_id` of Nätverket's databases ('NATV').
pub const APPLICATION_ID: i64 = 0x4E41_5456;

/// The migrations, in order. Append only: never edit or remove an entry once released.
fn migration_list() -> Vec<M<'static>> {
    vec![
        M::up_with_hook(include_str!("../../migrations/0001_schema.sql"), seed_hook),
        M::up(include_str!("../../migrations/0002_examples.sql")),
        M::up(include_str!("../../migrations/0003_exchange.sql")),
        M::up(include_str!("../../migrations/0004_search_facets.sql")),
        M::up(include_str!("../../migrations/0005_deletions_travel.sql")),
        M::up(include_str!("../../migrations/0006_erasures.sql")),
        M::up(include_str!("../../migrations/0007_senders.sql")),
        M::up(include_str!("../../migrations/0008_mail.sql")),
    ]
}

static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| Migrations::new(migration_list()));

fn seed_hook(tx: &Transaction) -> std::result::Result<(), HookError> {
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    seed::seed_new_database(tx).map_err(|error| match error {
        Error::Database(inner) => HookError::RusqliteError(inner),
        other => HookError::Hook(other.to_string()),
    })
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
