//! Upkeep of the SQLite FTS5 search indexes (examples, medskick): one segment after a rebuild, and reading how many there are.
//!
//! FTS5 keeps an index as segments (b-trees) and merges them as writes add new ones. A rebuild of
//! 100,000 examples leaves several large segments on the lowest level; the first small writes
//! after it then pile up beside them until FTS5 must merge the whole level at once ("crisis
//! merge"), which rewrote the whole index (some 115 MB) inside an ordinary save or sync round and
//! took 2–2.5 s. Merging the rebuilt index into one segment at the end of the rebuild moves that
//! work into the rebuild, which already runs behind a progress bar, and later writes merge only
//! their own small segments.

use rusqlite::{Connection, OptionalExtension, Transaction};

use crate::error::Result;

/// The full-text tables this module looks after (the names are SQL identifiers, never user text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FtsTable {
    Examples,
    Medskick,
}

impl FtsTable {
    fn name(self) -> &'static str {
        match self {
            FtsTable::Examples => "examples_fts",
            FtsTable::Medskick => "medskick_fts",
        }
    }
}

/// Merges every segment of the index into one (FTS5's `optimize`); called at the end of a rebuild.
pub(crate) fn merge_into_one_segment(tx: &Transaction, table: FtsTable) -> Result<()> {
    let name = table.name();
    tx.execute(&format!("INSERT INTO {name} ({name}) VALUES ('optimize')"), [])?;
    Ok(())
}

/// The first bytes of FTS5's version-2 structure record (written only by contentless-delete tables).
const STRUCTURE_V2_MARK: [u8; 4] = [0xff, 0x00, 0x00, 0x01];

/// How many segments the index has now (FTS5's structure record, row 10 of its `_data` table): for
/// tests and diagnostics. An empty index that never had a write has none; `None` when the record
/// is not in the form this reads.
pub fn segment_count(conn: &Connection, table: FtsTable) -> Result<Option<u32>> {
    let name = table.name();
    let record: Option<Vec<u8>> =
        conn.query_row(&format!("SELECT block FROM {name}_data WHERE id = 10"), [], |row| row.get(0)).optional()?;
    let Some(record) = record else { return Ok(Some(0)) };
    Ok(segments_in_structure(&record))
}

/// The segment count of a structure record: a 4-byte cookie, the version-2 mark if any, the number
/// of levels, the number of segments.
fn segments_in_structure(record: &[u8]) -> Option<u32> {
    let mut rest = record.get(4..)?;
    if rest.starts_with(&STRUCTURE_V2_MARK) {
        rest = rest.get(STRUCTURE_V2_MARK.len()..)?;
    }
    let (_levels, rest) = read_varint(rest)?;
    let (segments, _) = read_varint(rest)?;
    u32::try_from(segments).ok()
}

/// One SQLite varint (big-endian, seven bits a byte, the ninth byte whole) and the bytes after it.
fn read_varint(bytes: &[u8]) -> Option<(u64, &[u8])> {
    let mut value: u64 = 0;
    for (index, &byte) in bytes.iter().enumerate().take(9) {
        if index == 8 {
            return Some(((value << 8) | u64::from(byte), &bytes[9..]));
        }
        value = (value << 7) | u64::from(byte & 0x7f);
        if byte & 0x80 == 0 {
            return Some((value, &bytes[index + 1..]));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::read_varint;

    #[test]
    fn varints_are_read_as_sqlite_writes_them() {
        assert_eq!(read_varint(&[0x07, 0xaa]), Some((7, &[0xaa][..])));
        assert_eq!(read_varint(&[0x81, 0x00]), Some((128, &[][..])));
        assert_eq!(read_varint(&[0xff; 9]), Some((u64::MAX, &[][..])));
        assert_eq!(read_varint(&[0x80]), None, "a varint cut short is no number");
    }
}
