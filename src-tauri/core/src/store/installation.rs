//! This installation's own row (`installation`): its id, made once when the database was created,
//! and the municipality and person it names in the bundles it sends.

use rusqlite::{Connection, OptionalExtension, Transaction};

use crate::error::Result;

/// The installation as stored; `municipality_code` is checked by the caller before saving.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Installation {
    pub id: String,
    pub municipality_code: Option<String>,
    pub author_name: String,
}

/// This installation's id (`None` only in a database that was never seeded).
pub(crate) fn id(conn: &Connection) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT id FROM installation WHERE singleton = 1", [], |row| row.get(0)).optional()?)
}

/// The installation's row.
pub(crate) fn get(conn: &Connection) -> Result<Installation> {
    Ok(conn.query_row(
        "SELECT id, municipality_code, author_name FROM installation WHERE singleton = 1",
        [],
        |row| Ok(Installation { id: row.get(0)?, municipality_code: row.get(1)?, author_name: row.get(2)? }),
    )?)
}

/// Sets the municipality and the person named in this installation's bundles; the id never changes.
pub(crate) fn set_sender(tx: &Transaction, municipality_code: Option<&str>, author_name: &str) -> Result<()> {
    tx.execute("UPDATE installation SET municipality_code = ?1, author_name = ?2", (municipality_code, author_name))?;
    Ok(())
}

/// Writes the installation row of `from` (id, sender and when it was created) into `into`,
/// replacing the row there: a restored file keeps this installation's identity.
pub(super) fn carry_over(from: &Connection, into: &Transaction) -> Result<()> {
    let row: Option<(String, Option<String>, String, String)> = from
        .query_row(
            "SELECT id, municipality_code, author_name, created_at FROM installation WHERE singleton = 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
        )
        .optional()?;
    let Some((id, municipality_code, author_name, created_at)) = row else {
        return Ok(());
    };
    into.execute("DELETE FROM installation", [])?;
    into.execute(
        "INSERT INTO installation (singleton, id, municipality_code, author_name, created_at) VALUES (1, ?1, ?2, ?3, ?4)",
        (id, municipality_code, author_name, created_at),
    )?;
    Ok(())
}
