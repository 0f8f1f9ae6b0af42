//! The full-text index over medskick (SQLite FTS5, `medskick_fts` from migration 0010) and keeping it in step.
//!
//! Each medskick's title, description and answer are copied into the index with a `facets` column
//! of one token per filter value (`s<status>`, `a<addressee>`, `d<sharing>`, `t<hex of theme id>`,
//! `k<municipality code>`, `m<hex of meeting id>`), so that filters are index terms as for the
//! examples. Every write to a medskick rewrites its entry through [`reindex`] in the same transaction.

use rusqlite::Transaction;

use crate::error::Result;
use crate::store::fts::{self, FtsTable};

/// The index row of the medskick `x`: text columns, then the facet tokens.
const INDEX_COLUMNS: &str = "x.id, x.title, x.description, x.answer,
     's' || x.status || ' a' || x.addressee || ' d' || x.sharing
         || coalesce(' k' || x.municipality_code, '')
         || coalesce(' m' || lower(hex(x.meeting_id)), '')
         || coalesce((SELECT group_concat(' t' || lower(hex(mt.theme_id)), '') FROM medskick_themes mt
                      WHERE mt.medskick_id = x.id), '')";

/// Rewrites the index entry of one medskick from its stored rows (call inside the writing transaction).
pub(crate) fn reindex(tx: &Transaction, medskick_id: &str) -> Result<()> {
    remove(tx, medskick_id)?;
    tx.execute(
        &format!(
            "INSERT INTO medskick_fts (medskick_id, title, description, answer, facets)
             SELECT {INDEX_COLUMNS} FROM medskick x WHERE x.id = ?1"
        ),
        [medskick_id],
    )?;
    Ok(())
}

/// Removes a medskick from the index.
pub(crate) fn remove(tx: &Transaction, medskick_id: &str) -> Result<()> {
    tx.execute("DELETE FROM medskick_fts WHERE medskick_id = ?1", [medskick_id])?;
    Ok(())
}

/// Rebuilds the whole index from the stored medskick (after rows were written directly, e.g. by an
/// exchange), leaving it as one segment (see `store::fts`).
pub fn rebuild_index(tx: &Transaction) -> Result<usize> {
    tx.execute("DELETE FROM medskick_fts", [])?;
    let indexed = tx.execute(
        &format!(
            "INSERT INTO medskick_fts (medskick_id, title, description, answer, facets)
             SELECT {INDEX_COLUMNS} FROM medskick x ORDER BY x.created_at, x.rowid"
        ),
        [],
    )?;
    fts::merge_into_one_segment(tx, FtsTable::Medskick)?;
    Ok(indexed)
}

/// The facet token of an id (a theme's `t…`, a meeting's `m…`): the kind letter and the id's hex.
pub(crate) fn id_facet(kind: char, id: &str) -> String {
    let hex: String = id.bytes().map(|byte| format!("{byte:02x}")).collect();
    format!("{kind}{hex}")
}

/// The facet token of a code (`k2080`, `snew`); anything but letters and digits is dropped, so a
/// filter value can never become FTS5 syntax.
pub(crate) fn code_facet(kind: char, code: &str) -> String {
    let code: String = code.chars().filter(|c| c.is_ascii_alphanumeric()).flat_map(char::to_lowercase).collect();
    format!("{kind}{code}")
}
