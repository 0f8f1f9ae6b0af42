//! Exchange between installations: bundle files (`.natverk`) to export, preview, import and sync through a shared folder.
//!
//! Members send their own examples to the hosts ("mina exempel"); the hosts send the whole
//! network back ("hela nätverket"). Records keep their UUIDs everywhere, so an import merges
//! (see [`merge`]) instead of duplicating. Formats and rules are described in README, "Utbyte".
//!
//! The exchange sits above every domain: it reads and writes the replicated tables generically
//! through `tables` (the bundle format is a mapping of those tables), and no domain imports it.
//! Its parts import each other, never this facade.

mod export;
pub mod folder;
pub mod format;
pub mod identity;
mod import;
mod limits;
pub mod merge;
pub mod progress;
mod scope;
pub mod senders;
pub mod stream;
pub mod tables;
mod values;

use rusqlite::Connection;
use serde::Serialize;

pub use export::{
    export_bundle, export_bundle_to_file, export_bundle_to_file_with, export_for_recipient, recipients, ExportOptions,
    ExportSummary, Scope,
};
pub use folder::{sync, sync_folder, sync_with, SyncReport, SyncRun, SyncedFile};
pub use format::{bundle_error, Payload, Provenance, Record, Tombstone, FILE_EXTENSION, FORMAT_VERSION};
pub use identity::{identity, save_identity, InstallationIdentity};
pub use import::{apply_import, apply_import_with, preview_import, preview_import_with, read_bundle_file};
pub(crate) use merge::forget_record;
pub use merge::{Change, Conflict, FieldDifference, ImportReport, Skipped};
pub use progress::{CancelFlag, Progress, Silent, Step};
pub use senders::{Acceptance, AcceptedSender, SenderCheck};

use crate::error::Result;

/// A conflict kept from an earlier import, for people to look at.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StoredConflict {
    pub id: String,
    pub entity: String,
    pub record_key: String,
    pub label: String,
    pub winner: String,
    pub kept_version: String,
    pub lost_version: String,
    pub from_installation_id: String,
    pub detected_at: String,
}

/// Conflicts found by imports, newest first.
pub fn list_conflicts(conn: &Connection) -> Result<Vec<StoredConflict>> {
    let mut statement = conn.prepare(
        "SELECT id, entity, record_key, label, winner, kept_version, lost_version, from_installation_id, detected_at
         FROM exchange_conflicts ORDER BY detected_at DESC, id",
    )?;
    let rows = statement.query_map([], |row| {
        Ok(StoredConflict {
            id: row.get(0)?,
            entity: row.get(1)?,
            record_key: row.get(2)?,
            label: row.get(3)?,
            winner: row.get(4)?,
            kept_version: row.get(5)?,
            lost_version: row.get(6)?,
            from_installation_id: row.get(7)?,
            detected_at: row.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
