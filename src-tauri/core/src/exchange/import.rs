//! Reading bundles: a file read once through a capped reader, previewed or imported one record at a time.

use std::path::Path;

use rusqlite::Transaction;

use super::format::{self, bundle_error};
use super::merge::{self, ImportReport};
use super::progress::{Progress, Silent};
use super::senders::Acceptance;
use crate::error::{Error, Result};
use crate::store::files::{self, CappedReadError};
use crate::store::Database;

/// The page cache during an import, in KiB (SQLite's negative `cache_size`).
const IMPORT_CACHE_KIB: i64 = -32 * 1024;

/// What importing `bytes` would do. Runs the real merge in a transaction that is rolled back, so
/// the preview is exactly what [`apply_import`] will do.
pub fn preview_import(db: &Database, bytes: &[u8]) -> Result<ImportReport> {
    preview_import_with(db, bytes, &Silent)
}

/// [`preview_import`], reporting to `progress` (which may stop it).
pub fn preview_import_with(db: &Database, bytes: &[u8], progress: &dyn Progress) -> Result<ImportReport> {
    db.write_then_roll_back(|tx| merge::merge(tx, bytes, false, Acceptance::default(), progress))
}

/// Imports `bytes` in one transaction: everything lands, or (on any error) nothing does. A sender
/// not accepted before is accepted by `acceptance` (as the user chose after seeing the preview).
pub fn apply_import(db: &mut Database, bytes: &[u8], acceptance: Acceptance) -> Result<ImportReport> {
    apply_import_then(db, bytes, acceptance, &Silent, |_, _| Ok(()))
}

/// [`apply_import`], reporting to `progress`; stopped, it keeps nothing (the transaction rolls back).
pub fn apply_import_with(
    db: &mut Database,
    bytes: &[u8],
    acceptance: Acceptance,
    progress: &dyn Progress,
) -> Result<ImportReport> {
    apply_import_then(db, bytes, acceptance, progress, |_, _| Ok(()))
}

/// Like [`apply_import`], with `then` run in the same transaction once the file merged (a sync run
/// notes there which file it read, so that the note and the import land together or not at all).
pub(crate) fn apply_import_then(
    db: &mut Database,
    bytes: &[u8],
    acceptance: Acceptance,
    progress: &dyn Progress,
    then: impl FnOnce(&Transaction, &ImportReport) -> Result<()>,
) -> Result<ImportReport> {
    db.write(|tx| {
        // A large import touches many pages: a bigger page cache keeps them out of the WAL until commit.
        let cache_pages: i64 = tx.pragma_query_value(None, "cache_size", |row| row.get(0))?;
        tx.pragma_update(None, "cache_size", IMPORT_CACHE_KIB)?;
        let merged = merge::merge(tx, bytes, true, acceptance, progress);
        tx.pragma_update(None, "cache_size", cache_pages)?;
        let report = merged?;
        then(tx, &report)?;
        update_search_index(tx, &report, progress)?;
        update_medskick_index(tx, &report)?;
        Ok(report)
    })
}

/// Up to this many changed examples, an import updates their search index entries one by one;
/// beyond it, rebuilding the whole index is faster.
const INDEX_ONE_BY_ONE_UP_TO: usize = 5_000;

/// Rows written by the merge bypass the examples module, so the search index is brought up to date
/// here: example by example for a small import, rebuilt whole for a large one or when themes changed
/// (a theme's name is indexed with each of its examples).
fn update_search_index(tx: &Transaction, report: &ImportReport, progress: &dyn Progress) -> Result<()> {
    use crate::examples::index;
    let changes = || report.added.iter().chain(&report.updated).chain(&report.deleted);
    if changes().next().is_none() {
        return Ok(());
    }
    let themes_changed = changes().any(|change| change.entity == "themes");
    if themes_changed || changes().filter(|change| change.entity == "examples").count() > INDEX_ONE_BY_ONE_UP_TO {
        super::progress::step(progress, "Bygger om sökindexet", 0, 0)?;
        index::rebuild_index(tx)?;
        return Ok(());
    }
    for change in report.deleted.iter().filter(|change| change.entity == "examples") {
        index::remove_example(tx, &change.key)?;
    }
    for change in report.added.iter().chain(&report.updated).filter(|change| change.entity == "examples") {
        index::reindex_example(tx, &change.key)?;
    }
    Ok(())
}

/// The medskick search index, brought up to date the same way (theme names are not indexed with
/// medskick, only theme ids, so only changed medskick count).
fn update_medskick_index(tx: &Transaction, report: &ImportReport) -> Result<()> {
    use crate::medskick::index;
    let changed = |list: &[merge::Change]| -> Vec<String> {
        list.iter().filter(|change| change.entity == "medskick").map(|change| change.key.clone()).collect()
    };
    let (written, deleted) = ([changed(&report.added), changed(&report.updated)].concat(), changed(&report.deleted));
    if written.len() + deleted.len() > INDEX_ONE_BY_ONE_UP_TO {
        index::rebuild_index(tx)?;
        return Ok(());
    }
    for key in &deleted {
        index::remove(tx, key)?;
    }
    for key in &written {
        index::reindex(tx, key)?;
    }
    Ok(())
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
