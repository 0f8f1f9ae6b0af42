//! The full-text index over examples (SQLite FTS5): what it holds and keeping it in step.
//!
//! `examples_fts` (migrations 0002, 0004 and 0011) holds a copy of each example's title, summary,
//! body, theme names and evaluation, plus a `facets` column with one token per filter value
//! (`t<hex of theme id>`, `k<municipality code>`, `l<region code>`, `s<stage>`, `d<sharing>`). Every write to an
//! example rewrites its entry through [`reindex_example`] in the same transaction. Index rows are
//! numbered in creation order (`example_search_rows` keeps each example's number), so a newest-first
//! page can read backwards and stop. Queries live in `search`.

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::error::Result;
use crate::store::fts::{self, FtsTable};
use crate::store::Database;

/// The index row of the examples `e` (after `example_id`): text columns, then the facet tokens.
const INDEX_COLUMNS: &str = "e.id, e.title, e.summary, e.body,
     coalesce((SELECT group_concat(t.name, ', ') FROM example_themes et JOIN themes t ON t.id = et.theme_id
               WHERE et.example_id = e.id), ''),
     e.evaluation,
     's' || e.stage || ' d' || e.sharing
         || coalesce((SELECT group_concat(' t' || lower(hex(et.theme_id)), '') FROM example_themes et WHERE et.example_id = e.id), '')
         || coalesce((SELECT group_concat(' k' || em.municipality_code || ' l' || m.region_code, '')
                      FROM example_municipalities em JOIN municipalities m ON m.code = em.municipality_code
                      WHERE em.example_id = e.id), '')";

/// Rewrites the index entry of one example from its stored rows (call inside the writing transaction).
/// An example keeps its place in the creation order; a new one goes last (newest).
pub(crate) fn reindex_example(tx: &Transaction, example_id: &str) -> Result<()> {
    let rowid = match index_row_of(tx, example_id)? {
        Some(rowid) => {
            tx.execute("DELETE FROM examples_fts WHERE rowid = ?1", [rowid])?;
            rowid
        }
        None => {
            let next: i64 =
                tx.query_row("SELECT coalesce(max(fts_rowid), 0) + 1 FROM example_search_rows", [], |row| row.get(0))?;
            tx.execute(
                "INSERT INTO example_search_rows (example_id, fts_rowid) VALUES (?1, ?2)",
                params![example_id, next],
            )?;
            next
        }
    };
    tx.execute(
        &format!(
            "INSERT INTO examples_fts (rowid, example_id, title, summary, body, themes, evaluation, facets)
             SELECT ?2, {INDEX_COLUMNS} FROM examples e WHERE e.id = ?1"
        ),
        params![example_id, rowid],
    )?;
    Ok(())
}

fn index_row_of(conn: &Connection, example_id: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row("SELECT fts_rowid FROM example_search_rows WHERE example_id = ?1", [example_id], |row| row.get(0))
        .optional()?)
}

/// Rebuilds the whole index from the stored examples, in one transaction: after bulk writes that
/// bypass [`reindex_example`] (generated scale data, an exchange that wrote rows directly).
pub fn reindex_all(db: &mut Database) -> Result<usize> {
    db.write(rebuild_index)
}

/// Rebuilds the index inside the caller's transaction (the exchange does this after a merge),
/// numbering the rows in creation order, and leaves it as one segment (see `store::fts`).
pub fn rebuild_index(tx: &Transaction) -> Result<usize> {
    tx.execute("DELETE FROM examples_fts", [])?;
    tx.execute("DELETE FROM example_search_rows", [])?;
    let indexed = tx.execute(
        &format!(
            "INSERT INTO examples_fts (rowid, example_id, title, summary, body, themes, evaluation, facets)
             SELECT row_number() OVER (ORDER BY e.created_at, e.rowid), {INDEX_COLUMNS} FROM examples e"
        ),
        [],
    )?;
    tx.execute(
        "INSERT INTO example_search_rows (example_id, fts_rowid) SELECT example_id, rowid FROM examples_fts",
        [],
    )?;
    fts::merge_into_one_segment(tx, FtsTable::Examples)?;
    Ok(indexed)
}

/// Removes an example from the index.
pub(crate) fn remove_example(tx: &Transaction, example_id: &str) -> Result<()> {
    if let Some(rowid) = index_row_of(tx, example_id)? {
        tx.execute("DELETE FROM examples_fts WHERE rowid = ?1", [rowid])?;
        tx.execute("DELETE FROM example_search_rows WHERE example_id = ?1", [example_id])?;
    }
    Ok(())
}

/// Re-indexes every example filed under a theme (after the theme was renamed).
pub(crate) fn reindex_examples_with_theme(tx: &Transaction, theme_id: &str) -> Result<()> {
    let ids: Vec<String> = tx
        .prepare("SELECT example_id FROM example_themes WHERE theme_id = ?1")?
        .query_map([theme_id], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in ids {
        reindex_example(tx, &id)?;
    }
    Ok(())
}

/// The facet token of a theme: `t` and the hex of its id (any id becomes one index term).
pub fn theme_facet(theme_id: &str) -> String {
    let hex: String = theme_id.bytes().map(|byte| format!("{byte:02x}")).collect();
    format!("t{hex}")
}

/// The facet token of a municipality (`k2080`) or a region (`l20`); anything but letters and
/// digits is dropped, so a filter value can never become FTS5 syntax.
pub(crate) fn code_facet(kind: char, code: &str) -> String {
    let code: String = code.chars().filter(|c| c.is_ascii_alphanumeric()).flat_map(char::to_lowercase).collect();
    format!("{kind}{code}")
}

/// An upper bound for the index terms that begin with `prefix`: they sort from `prefix` up to here.
pub(crate) fn beyond_words_beginning(prefix: &str) -> String {
    format!("{prefix}{}", char::MAX)
}

/// Whether the index has an entry for an example (for tests and diagnostics).
pub fn is_indexed(conn: &Connection, example_id: &str) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM example_search_rows r JOIN examples_fts f ON f.rowid = r.fts_rowid WHERE r.example_id = ?1",
            [example_id],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}
