//! The expected schema: what this build's migrations create for each version, compared object by object with a file's own.
//!
//! A file to be restored must contain exactly the tables, indexes, views and triggers that the
//! migrations create for its `user_version`, with the same SQL: an extra trigger or view, or an
//! altered table, would otherwise come along and run inside the app.

use std::collections::BTreeMap;
use std::sync::{LazyLock, Mutex};

use rusqlite::Connection;

use super::{connection, migrations};
use crate::error::Result;

/// One row of `sqlite_schema`, with its SQL normalised (runs of white space outside quotes become one space).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct SchemaObject {
    kind: String,
    name: String,
    table: String,
    sql: Option<String>,
}

/// How an object of a file differs from what the migrations create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Difference {
    Extra(String),
    Altered(String),
    Missing(String),
}

impl Difference {
    /// In Swedish, for the error message: `extra trigger "x"`.
    pub(super) fn describe(&self) -> String {
        match self {
            Difference::Extra(object) => format!("extra {object}"),
            Difference::Altered(object) => format!("ändrad {object}"),
            Difference::Missing(object) => format!("saknad {object}"),
        }
    }
}

impl SchemaObject {
    fn describe(&self) -> String {
        let kind = match self.kind.as_str() {
            "table" => "tabell",
            "index" => "index",
            "view" => "vy",
            "trigger" => "trigger",
            other => other,
        };
        format!("{kind} \"{}\"", self.name)
    }
}

/// The objects of the main database of `conn`, sorted.
pub(super) fn objects(conn: &Connection) -> rusqlite::Result<Vec<SchemaObject>> {
    let mut statement = conn.prepare("SELECT type, name, tbl_name, sql FROM main.sqlite_schema")?;
    let rows = statement.query_map([], |row| {
        Ok(SchemaObject {
            kind: row.get(0)?,
            name: row.get(1)?,
            table: row.get(2)?,
            sql: row.get::<_, Option<String>>(3)?.map(|sql| normalise(&sql)),
        })
    })?;
    let mut objects = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    objects.sort();
    Ok(objects)
}

static EXPECTED: LazyLock<Mutex<BTreeMap<i64, Vec<SchemaObject>>>> = LazyLock::new(Default::default);

/// What this build's migrations create at `version`: a fresh in-memory database migrated that far
/// (made once per version and kept).
pub(super) fn expected(version: i64) -> Result<Vec<SchemaObject>> {
    if let Some(known) = EXPECTED.lock().ok().and_then(|cache| cache.get(&version).cloned()) {
        return Ok(known);
    }
    let mut reference = Connection::open_in_memory()?;
    connection::configure_connection(&reference, false)?;
    migrations::to_version(&mut reference, version)?;
    let made = objects(&reference)?;
    if let Ok(mut cache) = EXPECTED.lock() {
        cache.insert(version, made.clone());
    }
    Ok(made)
}

/// Every object that is extra, altered or missing in `actual` compared with `expected`.
pub(super) fn differences(actual: &[SchemaObject], expected: &[SchemaObject]) -> Vec<Difference> {
    let key = |object: &SchemaObject| (object.kind.clone(), object.name.clone());
    let wanted: BTreeMap<_, _> = expected.iter().map(|object| (key(object), object)).collect();
    let found: BTreeMap<_, _> = actual.iter().map(|object| (key(object), object)).collect();
    let mut differences = Vec::new();
    for (name, object) in &found {
        match wanted.get(name) {
            None => differences.push(Difference::Extra(object.describe())),
            Some(expected) if expected != object => differences.push(Difference::Altered(object.describe())),
            Some(_) => {}
        }
    }
    for (name, object) in &wanted {
        if !found.contains_key(name) {
            differences.push(Difference::Missing(object.describe()));
        }
    }
    differences
}

/// Collapses white space outside quoted text and identifiers, so only layout may differ.
fn normalise(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quote: Option<char> = None;
    let mut pending_space = false;
    for c in sql.trim().chars() {
        match quote {
            Some(open) => {
                out.push(c);
                if c == open || (open == '[' && c == ']') {
                    quote = None;
                }
            }
            None if c.is_whitespace() => pending_space = true,
            None => {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                if matches!(c, '\'' | '"' | '`' | '[') {
                    quote = Some(c);
                }
                out.push(c);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_is_ignored_but_quoted_text_is_not() {
        assert_eq!(normalise("CREATE TABLE t (\n    a   TEXT\n)"), "CREATE TABLE t ( a TEXT )");
        assert_ne!(normalise("CREATE TABLE t (a DEFAULT 'x  y')"), normalise("CREATE TABLE t (a DEFAULT 'x y')"));
    }

    #[test]
    fn the_latest_schema_matches_a_newly_created_database_and_an_extra_trigger_does_not() {
        let latest = migrations::latest_schema_version();
        let mut conn = Connection::open_in_memory().unwrap();
        connection::configure_connection(&conn, false).unwrap();
        migrations::to_version(&mut conn, latest).unwrap();
        assert!(differences(&objects(&conn).unwrap(), &expected(latest).unwrap()).is_empty());
        conn.execute_batch("CREATE TRIGGER spion AFTER INSERT ON members BEGIN SELECT 1; END;").unwrap();
        let found = differences(&objects(&conn).unwrap(), &expected(latest).unwrap());
        assert_eq!(found, vec![Difference::Extra("trigger \"spion\"".into())]);
    }
}
