//! Exchange between installations: bundle files (`.natverk`) to export, preview, import and sync through a shared folder.
//!
//! Members send their own examples to the hosts ("mina exempel"); the hosts send the whole
//! network back ("hela nätverket"). Records keep their UUIDs everywhere, so an import merges
//! (see [`merge`]) instead of duplicating. Formats and rules are described in README, "Utbyte".
//!
//! The exchange sits above every domain: it reads and writes the replicated tables generically
//! through `tables` (the bundle format is a mapping of those tables), and no domain imports it.
//! Its parts import each other, never this facade.

pub mod format;
pub mod identity;
mod limits;
pub mod merge;
mod scope;
pub mod senders;
pub mod stream;
pub mod tables;
mod values;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, Transaction};
use serde::Serialize;

pub use format::{bundle_error, Payload, Provenance, Record, Tombstone, FILE_EXTENSION, FORMAT_VERSION};
use identity::local_identity;
pub use identity::{identity, save_identity, InstallationIdentity};
pub(crate) use merge::forget_record;
use merge::record_local_deletions;
pub use merge::{Change, Conflict, FieldDifference, ImportReport, Skipped};
pub use senders::{Acceptance, AcceptedSender, SenderCheck};

use crate::error::{Error, Result};
use crate::store::clock::now_timestamp;
use crate::store::files::{self, CappedReadError};
use crate::store::keys::InstallationKey;
use crate::store::Database;
use crate::text_enum;
use tables::ENTITIES;

text_enum! {
    /// What an exported bundle carries: this installation's own examples (with their themes and
    /// contact members), or everything (settings, members, meetings, examples, themes, attendance).
    pub enum Scope ("omfattning") {
        Mine => ("mine", "mina exempel"),
        Network => ("network", "hela nätverket"),
    }
}

/// Choices for an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportOptions {
    pub scope: Scope,
    /// Whether members' e-mail, phone and notes are included.
    pub include_contacts: bool,
    /// gzip-compress the file (importers read both).
    pub compress: bool,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions { scope: Scope::Network, include_contacts: false, compress: true }
    }
}

/// What an export wrote.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ExportSummary {
    pub path: Option<PathBuf>,
    pub scope: Scope,
    pub contacts_included: bool,
    /// Number of records per entity.
    pub counts: std::collections::BTreeMap<String, usize>,
    pub tombstones: usize,
    pub bytes: usize,
}

/// Writes a bundle into `out` from inside `tx`, one record at a time straight from the database,
/// and records what it sends (the exchange's bookkeeping, committed with `tx`).
fn export_into<W: std::io::Write>(
    tx: &Transaction,
    key: &InstallationKey,
    options: ExportOptions,
    out: W,
) -> Result<(W, ExportSummary)> {
    record_local_deletions(tx)?;
    let identity = local_identity(tx)?;
    let provenance = Provenance {
        installation_id: identity.installation_id.clone(),
        municipality_code: identity.municipality_code,
        municipality_name: identity.municipality_name,
        author_name: identity.author_name,
        exported_at: now_timestamp(),
        network_id: identity.network_id,
        network_name: identity.network_name,
        scope: options.scope.code().to_string(),
        contacts_included: options.include_contacts,
    };
    let mut writer = stream::BundleWriter::new(out, options.compress, key.public_key(), provenance)?;
    let mut counts = std::collections::BTreeMap::new();
    let mut tombstone_count = 0;
    let own_id = identity.installation_id.as_str();
    for spec in ENTITIES {
        let (condition, deletions_travel) = match options.scope {
            Scope::Network => (Some("1"), true),
            Scope::Mine => (scope::mine_export_condition(spec.name), scope::mine_exports_deletions_of(spec.name)),
        };
        if deletions_travel {
            let mut statement =
                tx.prepare_cached("SELECT id, deleted_at FROM tombstones WHERE entity = ?1 ORDER BY id")?;
            let mut rows = statement.query([spec.name])?;
            while let Some(row) = rows.next()? {
                let tombstone = Tombstone { entity: spec.name.to_string(), id: row.get(0)?, deleted_at: row.get(1)? };
                writer.tombstone(&tombstone)?;
                merge::set_synced_hash(tx, spec.name, &tombstone.id, merge::DELETED_HASH)?;
                tombstone_count += 1;
            }
        }
        let Some(condition) = condition else { continue };
        let params: &[&str] = if condition.contains("?1") { &[own_id] } else { &[] };
        let mut count = 0;
        spec.for_each_where(tx, condition, params, |mut record| {
            if spec.name == "members" && !options.include_contacts {
                for column in tables::CONTACT_COLUMNS {
                    record.remove(*column);
                }
            }
            let json = format::canonical_json(&record);
            writer.record_json(spec.name, &json)?;
            if let Some(record_key) = spec.key_of(&record) {
                merge::set_synced_hash(tx, spec.name, &record_key, &format::checksum_of(json.as_bytes()))?;
            }
            count += 1;
            Ok(())
        })?;
        counts.insert(spec.name.to_string(), count);
    }
    let (out, _) = writer.finish(key)?;
    let summary = ExportSummary {
        path: None,
        scope: options.scope,
        contacts_included: options.include_contacts,
        counts,
        tombstones: tombstone_count,
        bytes: 0,
    };
    Ok((out, summary))
}

/// Exports a bundle as bytes together with what it holds; the export is recorded as sent.
pub fn export_bundle(db: &mut Database, options: ExportOptions) -> Result<(Vec<u8>, ExportSummary)> {
    let key = db.key().clone();
    db.write(|tx| {
        let (bytes, mut summary) = export_into(tx, &key, options, Vec::new())?;
        summary.bytes = bytes.len();
        Ok((bytes, summary))
    })
}

/// Exports a bundle into `path`, atomically (a temporary file next to it, written as the rows are
/// read, then renamed). What the export records as sent is committed only once the file is in
/// place: a failed write records nothing.
pub fn export_bundle_to_file(db: &mut Database, path: &Path, options: ExportOptions) -> Result<ExportSummary> {
    let key = db.key().clone();
    db.write(|tx| {
        let mut summary = write_atomically_with(path, |file| {
            let (_, summary) = export_into(tx, &key, options, std::io::BufWriter::with_capacity(256 * 1024, file))?;
            Ok(summary)
        })?;
        summary.bytes = std::fs::metadata(path).map(|m| m.len() as usize).unwrap_or_default();
        summary.path = Some(path.to_path_buf());
        Ok(summary)
    })
}

/// Writes a file at `path` so that readers (and folder sync clients) never see half a file:
/// `write` fills a temporary file next to it, which is then renamed. The file is private (0600
/// on Unix), as it may hold contact details. On any error the temporary file is removed and
/// `path` is left as it was.
fn write_atomically_with<T>(path: &Path, write: impl FnOnce(&std::fs::File) -> Result<T>) -> Result<T> {
    let io_error = |source| Error::Io { path: path.to_path_buf(), source };
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let (temporary_path, file) = tempfile_in(folder).map_err(io_error)?;
    let written = write(&file).and_then(|value| file.sync_all().map_err(io_error).map(|()| value));
    drop(file);
    let value = match written {
        Ok(value) => value,
        Err(error) => {
            let _ = std::fs::remove_file(&temporary_path);
            return Err(error);
        }
    };
    std::fs::rename(&temporary_path, path).map_err(|source| {
        let _ = std::fs::remove_file(&temporary_path);
        io_error(source)
    })?;
    Ok(value)
}

/// A new hidden file in `folder` (not `*.natverk`, so a sync run never reads it half-written).
fn tempfile_in(folder: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    for attempt in 0..100 {
        let candidate = folder.join(format!(".natverk-{}-{attempt}.tmp", std::process::id()));
        match crate::store::files::create_new_private(&candidate) {
            Ok(file) => return Ok((candidate, file)),
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(error),
        }
    }
    Err(std::io::Error::new(std::io::ErrorKind::AlreadyExists, "ingen ledig tillfällig fil"))
}

/// What importing `bytes` would do. Runs the real merge in a transaction that is rolled back, so
/// the preview is exactly what [`apply_import`] will do.
pub fn preview_import(db: &Database, bytes: &[u8]) -> Result<ImportReport> {
    db.write_then_roll_back(|tx| merge::merge(tx, bytes, false, Acceptance::default()))
}

/// Imports `bytes` in one transaction: everything lands, or (on any error) nothing does. A sender
/// not accepted before is accepted by `acceptance` (as the user chose after seeing the preview).
pub fn apply_import(db: &mut Database, bytes: &[u8], acceptance: Acceptance) -> Result<ImportReport> {
    db.write(|tx| {
        let report = merge::merge(tx, bytes, true, acceptance)?;
        // Rows written by the merge bypass the examples module, so the search index is rebuilt here.
        if report.changes_anything() {
            crate::examples::index::rebuild_index(tx)?;
        }
        Ok(report)
    })
}

/// Reads a bundle file once, through a reader capped at the size limit. A symbolic link, a file
/// that is not a plain file, and a file that grows or shrinks while it is read (a sync service
/// still writing it) are refused; nothing is imported from them.
pub fn read_bundle_file(path: &Path) -> Result<Vec<u8>> {
    let io_error = |source| Error::Io { path: path.to_path_buf(), source };
    let link_or_not = std::fs::symlink_metadata(path).map_err(io_error)?;
    if link_or_not.file_type().is_symlink() {
        return Err(bundle_error("är en genväg (symbolisk länk) och läses inte. Inget har importerats.".into()));
    }
    if !link_or_not.is_file() {
        return Err(bundle_error("är ingen vanlig fil. Inget har importerats.".into()));
    }
    files::read_capped(path, format::MAX_BUNDLE_BYTES).map_err(|error| match error {
        CappedReadError::TooBig => bundle_error(format!(
            "är för stor (mer än {} MB). Inget har importerats.",
            format::MAX_BUNDLE_BYTES / (1024 * 1024)
        )),
        CappedReadError::Changed => bundle_error(
            "ändrades medan den lästes (den kopieras kanske fortfarande hit). Försök igen om en stund. \
             Inget har importerats."
                .into(),
        ),
        CappedReadError::Io(source) => io_error(source),
    })
}

/// The file name of an installation's own bundle in a sync folder.
pub fn sync_file_name(installation_id: &str) -> String {
    format!("natverket-{installation_id}.{FILE_EXTENSION}")
}

/// One other installation's file in a sync folder, and what it did (or why it could not be read).
#[derive(Debug, Clone, Serialize)]
pub struct SyncedFile {
    pub file: PathBuf,
    pub report: Option<ImportReport>,
    /// Why the file was not imported (a damaged or newer file); the others are still imported.
    pub error: Option<String>,
}

/// What a sync run did.
#[derive(Debug, Clone, Serialize)]
pub struct SyncReport {
    /// Our own bundle, written after merging the others (None in a dry run).
    pub written: Option<PathBuf>,
    pub files: Vec<SyncedFile>,
}

/// Sync-folder mode: imports every other installation's `*.natverk` file in `dir` (each in its own
/// transaction, so one damaged file does not stop the others), then writes this installation's own
/// network bundle there. Merging first means our file already carries what we learned.
/// With `dry_run`, only previews and writes nothing.
pub fn sync_folder(
    db: &mut Database,
    dir: &Path,
    options: ExportOptions,
    dry_run: bool,
    acceptance: Acceptance,
) -> Result<SyncReport> {
    let io_error = |source| Error::Io { path: dir.to_path_buf(), source };
    let own_name = sync_file_name(&local_identity(db.conn())?.installation_id);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io_error)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == FILE_EXTENSION))
        .filter(|path| path.file_name().is_some_and(|name| name != own_name.as_str()))
        .collect();
    paths.sort();
    let mut files = Vec::new();
    for path in paths {
        let result = read_bundle_file(&path).and_then(|bytes| {
            if dry_run {
                preview_import(db, &bytes)
            } else {
                apply_import(db, &bytes, acceptance)
            }
        });
        files.push(match result {
            Ok(report) => SyncedFile { file: path, report: Some(report), error: None },
            Err(error) => SyncedFile { file: path, report: None, error: Some(error.to_string()) },
        });
    }
    let written = if dry_run {
        None
    } else {
        let path = dir.join(&own_name);
        export_bundle_to_file(db, &path, options)?;
        let read_from: Vec<String> = files
            .iter()
            .filter_map(|file| file.report.as_ref().map(|report| report.source.installation_id.clone()))
            .collect();
        db.write(|tx| merge::mark_peers_exported(tx, &read_from))?;
        Some(path)
    };
    Ok(SyncReport { written, files })
}

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
