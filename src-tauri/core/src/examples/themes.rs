//! Themes that examples are filed under: listing with counts, adding and renaming, and their SQL.
//!
//! Names are unique regardless of case, for every letter ("ÖKAD TILLIT" is "Ökad tillit"); SQLite's
//! NOCASE folds ASCII only, so the check is made here in Rust.

use rusqlite::{Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};

use super::index;
use crate::error::{Error, Result};
use crate::store::clock::now_timestamp;
use crate::store::{collation, ids};
use crate::sweden::validate;

/// A theme with how many examples are filed under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Theme {
    pub id: String,
    pub name: String,
    pub description: String,
    pub example_count: i64,
}

/// What a host types to add or rename a theme.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ThemeInput {
    pub name: String,
    pub description: String,
}

/// Longest theme name and description (characters).
pub const NAME_MAX_CHARS: usize = 80;
pub const DESCRIPTION_MAX_CHARS: usize = 500;

fn theme_from_row(row: &Row) -> rusqlite::Result<Theme> {
    Ok(Theme { id: row.get(0)?, name: row.get(1)?, description: row.get(2)?, example_count: row.get(3)? })
}

const SELECT_THEME: &str = "SELECT t.id, t.name, t.description,
     (SELECT count(*) FROM example_themes et WHERE et.theme_id = t.id)
     FROM themes t";

/// Every theme in Swedish alphabetical order, with its number of examples.
pub fn list(conn: &Connection) -> Result<Vec<Theme>> {
    let mut statement = conn.prepare(&format!("{SELECT_THEME} ORDER BY t.name COLLATE {}", collation::SQL_NAME))?;
    let rows = statement.query_map([], theme_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One theme by id.
pub fn get(conn: &Connection, id: &str) -> Result<Theme> {
    conn.query_row(&format!("{SELECT_THEME} WHERE t.id = ?1"), [id], theme_from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound { what: "Temat", id: id.to_string() })
}

/// Whether a theme with this id exists.
pub(crate) fn exists(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn.query_row("SELECT 1 FROM themes WHERE id = ?1", [id], |_| Ok(())).optional()?.is_some())
}

fn validated(conn: &Connection, input: &ThemeInput, except_id: Option<&str>) -> Result<(String, String)> {
    let name = validate::required_text("name", "Temats namn", &input.name, NAME_MAX_CHARS)?;
    let description =
        validate::optional_text("description", "Beskrivningen", &input.description, DESCRIPTION_MAX_CHARS)?;
    let wanted = name.to_lowercase();
    let mut statement = conn.prepare("SELECT id, name FROM themes")?;
    let existing = statement.query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))?;
    for row in existing {
        let (id, existing_name) = row?;
        if Some(id.as_str()) != except_id && existing_name.to_lowercase() == wanted {
            return Err(Error::invalid("name", format!("Det finns redan ett tema som heter ”{existing_name}”.")));
        }
    }
    Ok((name, description))
}

/// Adds a theme; the name must not already exist (in any case).
pub fn add(tx: &Transaction, input: &ThemeInput) -> Result<Theme> {
    let (name, description) = validated(tx, input, None)?;
    let id = ids::new_id();
    tx.execute(
        "INSERT INTO themes (id, name, description, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
        (&id, &name, &description, now_timestamp()),
    )?;

    get(tx, &id)
}

/// Renames a theme (and updates its description); the search index of its examples follows.
pub fn rename(tx: &Transaction, id: &str, input: &ThemeInput) -> Result<Theme> {
    if !exists(tx, id)? {
        return Err(Error::NotFound { what: "Temat", id: id.to_string() });
    }
    let (name, description) = validated(tx, input, Some(id))?;
    tx.execute(
        "UPDATE themes SET name = ?2, description = ?3, updated_at = ?4 WHERE id = ?1",
        (id, &name, &description, now_timestamp()),
    )?;
    index::reindex_examples_with_theme(tx, id)?;

    get(tx, id)
}

/// A theme by id or by name in any case, as typed on the command line.
pub fn find(conn: &Connection, id_or_name: &str) -> Result<Theme> {
    let wanted = id_or_name.trim().to_lowercase();
    list(conn)?
        .into_iter()
        .find(|theme| theme.id == id_or_name.trim() || theme.name.to_lowercase() == wanted)
        .ok_or_else(|| Error::invalid("theme_ids", format!("Det finns inget tema som heter ”{}”.", id_or_name.trim())))
}
