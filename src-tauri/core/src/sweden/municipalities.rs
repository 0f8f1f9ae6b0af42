//! Sweden's 290 municipalities in 21 regions, and the SQL on `municipalities` and `regions`.
//!
//! The reference data in `data/` is written to the database once, by the first migration (see
//! `store::seed`). A municipality is always picked from this list, never typed as free text.

use rusqlite::{Connection, Row};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::store::collation;

/// A kommun with its SCB code and region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Municipality {
    /// Four digits, e.g. "0180".
    pub code: String,
    /// The official short name, e.g. "Stockholm".
    pub name: String,
    /// The name the organisation uses, e.g. "Stockholms stad", "Falu kommun", "Region Gotland".
    pub display_name: String,
    pub region_code: String,
    pub region_name: String,
}

const SELECT_MUNICIPALITY: &str = "SELECT m.code, m.name, m.official_name, m.region_code, r.name
     FROM municipalities m JOIN regions r ON r.code = m.region_code";

fn municipality_from_row(row: &Row) -> rusqlite::Result<Municipality> {
    Ok(Municipality {
        code: row.get(0)?,
        name: row.get(1)?,
        display_name: row.get(2)?,
        region_code: row.get(3)?,
        region_name: row.get(4)?,
    })
}

/// Every municipality, by region code and then in Swedish alphabetical order of name.
pub fn list(conn: &Connection) -> Result<Vec<Municipality>> {
    let sql = format!("{SELECT_MUNICIPALITY} ORDER BY m.region_code, m.name COLLATE {}", collation::SQL_NAME);
    let mut statement = conn.prepare(&sql)?;
    let rows = statement.query_map([], municipality_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One municipality by its four-digit code.
pub fn get(conn: &Connection, code: &str) -> Result<Municipality> {
    let sql = format!("{SELECT_MUNICIPALITY} WHERE m.code = ?1");
    conn.query_row(&sql, [code], municipality_from_row).map_err(|e| match e {
        rusqlite::Error::QueryReturnedNoRows => Error::NotFound { what: "Kommunen", id: code.to_string() },
        other => other.into(),
    })
}

/// Whether `code` is one of the 290 municipality codes.
pub fn exists(conn: &Connection, code: &str) -> Result<bool> {
    Ok(conn.query_row("SELECT EXISTS (SELECT 1 FROM municipalities WHERE code = ?1)", [code], |row| row.get(0))?)
}
