//! The settings every SQLite connection gets, in one place: the app's own connection and the read-only ones backups use.
//!
//! Every connection is defensive: `trusted_schema = OFF` (a trigger or view in a file cannot call
//! functions with side effects) and SQLite's defensive mode (no writes to `sqlite_schema` or to
//! the search index's shadow tables, however the SQL is phrased).

use std::path::Path;
use std::time::Duration;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags};

use super::collation;
use crate::error::Result;

/// Pragmas every connection of the app needs, set in one place.
pub(super) fn configure_connection(conn: &Connection, on_disk: bool) -> Result<()> {
    harden(conn)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // Deleted content is overwritten with zeros, so erased personal data leaves the file's pages.
    conn.pragma_update(None, "secure_delete", true)?;
    if on_disk {
        // WAL lets the CLI read while the app writes; FULL sync keeps committed work across power cuts.
        conn.pragma_update_and_check(None, "journal_mode", "wal", |row| row.get::<_, String>(0))?;
        conn.pragma_update(None, "synchronous", "FULL")?;
    }
    collation::register(conn)?;
    Ok(())
}

/// Opens `path` read-only with the same defences (for backups and for files to be restored).
/// `busy` is how long to wait for the app's own writes.
pub(super) fn open_read_only(path: &Path, busy: Duration) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    harden(&conn)?;
    conn.busy_timeout(busy)?;
    collation::register(&conn)?;
    Ok(conn)
}

/// What a database file may make SQLite do: no untrusted functions in its schema, no writes to internals.
pub(super) fn harden(conn: &Connection) -> rusqlite::Result<()> {
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
    conn.pragma_update(None, "trusted_schema", false)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_connection_is_defensive_and_distrusts_the_schema() {
        let conn = Connection::open_in_memory().unwrap();
        configure_connection(&conn, false).unwrap();
        assert!(!conn.db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA).unwrap());
        assert!(conn.db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE).unwrap());
        let trusted: bool = conn.pragma_query_value(None, "trusted_schema", |row| row.get(0)).unwrap();
        assert!(!trusted);
        conn.execute_batch("PRAGMA writable_schema = ON").unwrap();
        let edit = conn.execute("UPDATE sqlite_schema SET sql = sql WHERE 0", []);
        assert!(edit.is_err(), "defensive mode refuses writes to sqlite_schema");
    }
}
