//! The record of deletions (`tombstones`), kept so that a deletion travels to other installations.
//!
//! Every delete path writes its tombstone through [`record`], in the same transaction as the delete.

use rusqlite::Transaction;

use crate::error::Result;

/// Notes that `entity` record `id` was deleted at `at`; of two deletions of the same record, the
/// later time is kept. `entity` is the record's table name (`members`, `examples` …), the name
/// the exchange sends deletions under.
pub fn record(tx: &Transaction, entity: &str, id: &str, at: &str) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO tombstones (entity, id, deleted_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (entity, id) DO UPDATE SET deleted_at = max(deleted_at, excluded.deleted_at)",
    )?
    .execute((entity, id, at))?;
    Ok(())
}
