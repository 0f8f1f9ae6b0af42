//! Sync through a shared folder, incrementally: each installation adds small numbered files of what
//! changed here, never rewrites one, and reads only the others' files it has not read before.
//!
//! File names say who wrote a file, its number, whether it holds everything or only changes, and
//! the start of its content's SHA-256: `natverket-<installation>-<number>-<full|andringar>-<hash>.natverk`.
//! A reader goes by the name alone: for each other installation it reads the change files after
//! the last one it read, in order; an installation it has never read (or whose files it can no
//! longer follow) it reads from its newest full file. Everything else is skipped unopened.
//!
//! A full file is written the first time an installation syncs into a folder, when another
//! installation there can no longer follow the change files (a new one, or one that was away while
//! old files were removed), or on request. Each file says how far its writer has read the others'
//! files (`read_up_to`); change files that every installation in the folder has read are removed,
//! and so are full files older than the newest. Nothing is written when nothing changed here, with
//! one exception: an installation that has read [`ACKNOWLEDGE_AFTER_FILES`] or more files since its
//! last file says so in a change file, empty if nothing changed here. Without it, an installation
//! that only reads would hold back the removal of every other installation's files for good.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::export::{export_into, ExportOptions, Scope, Selection};
use super::format::{bundle_error, FILE_EXTENSION};
use super::identity::local_identity;
use super::import::{apply_import_then, preview_import_with, read_bundle_file};
use super::merge::{self, ImportReport};
use super::progress::{cancelled, Progress, Silent};
use super::senders::Acceptance;
use crate::error::{Error, Result};
use crate::store::clock::now_timestamp;
use crate::store::files::tempfile_in;
use crate::store::keys;
use crate::store::Database;

const PREFIX: &str = "natverket-";
/// How many of the others' files an installation reads before it writes a file to say so, even
/// when nothing changed here (see the module's documentation).
pub const ACKNOWLEDGE_AFTER_FILES: u64 = 10;
/// How many hex digits of the content's SHA-256 a file name carries.
const HASH_DIGITS: usize = 12;

/// Whether a file holds everything or what changed since the writer's previous file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Full,
    Changes,
}

impl Kind {
    fn word(self) -> &'static str {
        match self {
            Kind::Full => "full",
            Kind::Changes => "andringar",
        }
    }
}

/// A file in the folder named by the rules above.
#[derive(Debug, Clone)]
struct Numbered {
    path: PathBuf,
    installation_id: String,
    seq: u64,
    kind: Kind,
    hash: String,
}

fn parse_name(path: &Path) -> Option<Numbered> {
    let name = path.file_name()?.to_str()?;
    let stem = name.strip_prefix(PREFIX)?.strip_suffix(&format!(".{FILE_EXTENSION}"))?;
    let mut parts = stem.rsplitn(4, '-');
    let hash = parts.next()?;
    let kind = match parts.next()? {
        "full" => Kind::Full,
        "andringar" => Kind::Changes,
        _ => return None,
    };
    let seq_text = parts.next()?;
    let installation_id = parts.next()?;
    let hex = |text: &str| text.len() == HASH_DIGITS && text.bytes().all(|b| b.is_ascii_hexdigit());
    if !hex(hash) || seq_text.is_empty() || !seq_text.bytes().all(|b| b.is_ascii_digit()) || installation_id.is_empty()
    {
        return None;
    }
    Some(Numbered {
        path: path.to_path_buf(),
        installation_id: installation_id.to_string(),
        seq: seq_text.parse().ok()?,
        kind,
        hash: hash.to_string(),
    })
}

fn file_name(installation_id: &str, seq: u64, kind: Kind, hash: &str) -> String {
    format!("{PREFIX}{installation_id}-{seq:08}-{}-{hash}.{FILE_EXTENSION}", kind.word())
}

/// The name of the single file older versions wrote for an installation (removed when seen).
fn old_file_name(installation_id: &str) -> String {
    format!("{PREFIX}{installation_id}.{FILE_EXTENSION}")
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
#[derive(Debug, Clone, Default, Serialize)]
pub struct SyncReport {
    /// This installation's new file (None when nothing changed here, and in a dry run).
    pub written: Option<PathBuf>,
    /// Whether it holds everything (a full file), not only changes.
    pub full: bool,
    /// Whether it holds nothing but how far this installation has read the others' files (nothing
    /// changed here, but it had read [`ACKNOWLEDGE_AFTER_FILES`] or more since its last file).
    pub read_positions_only: bool,
    pub files: Vec<SyncedFile>,
    /// Files left unopened: read before, or not needed (older than a full file read instead).
    pub unopened: usize,
    /// This installation's own older files removed, as every other installation has read them.
    pub removed: usize,
}

/// What to do in a sync run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncRun {
    /// Only preview what the others' files would change; write nothing.
    pub dry_run: bool,
    /// Write a full file even if no other installation needs one.
    pub full: bool,
}

/// Sync-folder mode with the usual choices: see [`sync`].
pub fn sync_folder(
    db: &mut Database,
    dir: &Path,
    options: ExportOptions,
    dry_run: bool,
    acceptance: Acceptance,
) -> Result<SyncReport> {
    sync(db, dir, options, SyncRun { dry_run, full: false }, acceptance)
}

/// Imports the other installations' files in `dir` that this one has not read (each in its own
/// transaction, so one damaged file does not stop the others), then adds this installation's
/// changes since its previous file (a full file when one is needed), and removes its own files
/// that everyone has read. Merging first means our file already knows what we learned.
pub fn sync(
    db: &mut Database,
    dir: &Path,
    options: ExportOptions,
    run: SyncRun,
    acceptance: Acceptance,
) -> Result<SyncReport> {
    sync_with(db, dir, options, run, acceptance, &Silent)
}

/// [`sync`], reporting to `progress`. Stopped, the file being read or written is left as if never
/// started (its transaction rolls back); files read before in the same run stay read.
pub fn sync_with(
    db: &mut Database,
    dir: &Path,
    options: ExportOptions,
    run: SyncRun,
    acceptance: Acceptance,
    progress: &dyn Progress,
) -> Result<SyncReport> {
    let io_error = |source| Error::Io { path: dir.to_path_buf(), source };
    let folder = std::fs::canonicalize(dir).map_err(io_error)?.to_string_lossy().into_owned();
    let own_id = local_identity(db.conn())?.installation_id;
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io_error)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == FILE_EXTENSION))
        .collect();
    paths.sort();

    let mut own_files = Vec::new();
    let mut peers: BTreeMap<String, Vec<Numbered>> = BTreeMap::new();
    let mut loose = Vec::new();
    let mut old_own_file = None;
    for path in paths {
        match parse_name(&path) {
            Some(file) if file.installation_id == own_id => own_files.push(file),
            Some(file) => peers.entry(file.installation_id.clone()).or_default().push(file),
            None if path.file_name().is_some_and(|name| *name == *old_file_name(&own_id)) => old_own_file = Some(path),
            None => loose.push(path),
        }
    }

    let mut report = SyncReport::default();
    let mut read_from = Vec::new();
    for (peer, files) in &peers {
        let position = read_position(db.conn(), &folder, peer)?;
        let chosen = files_to_read(files, position);
        report.unopened += files.len() - chosen.len();
        for file in chosen {
            let result = read_numbered(db, &folder, file, &own_id, run.dry_run, acceptance, progress);
            if !progress.keep_going() {
                return Err(cancelled());
            }
            let failed = result.is_err();
            report.files.push(synced(file.path.clone(), result));
            if failed {
                // Later files of the same installation build on this one: they wait for the next run.
                break;
            }
            read_from.push(peer.clone());
        }
    }
    for path in loose {
        let result = read_loose(db, &folder, &path, run.dry_run, acceptance, progress);
        if !progress.keep_going() {
            return Err(cancelled());
        }
        match result {
            Ok(None) => report.unopened += 1,
            Ok(Some(import)) => report.files.push(synced(path, Ok(import))),
            Err(error) => report.files.push(synced(path, Err(error))),
        }
    }
    if run.dry_run {
        return Ok(report);
    }

    let options = ExportOptions { scope: Scope::Network, ..options };
    let own_state: Option<(u64, String)> = db
        .conn()
        .query_row("SELECT last_seq, written_at FROM exchange_folder_own WHERE folder = ?1", [&folder], |row| {
            Ok((seq_at(row, 0)?, row.get(1)?))
        })
        .optional()?;
    let read_up_to = read_positions(db.conn(), &folder)?;
    // Numbers go on after every own file in the folder, also those this database does not know of
    // (the folder reached under another path, or the database restored from an older backup): a
    // file with a number the others have read already would never be opened by them.
    let highest_own_file = own_files.iter().map(|f| f.seq).max();
    let mut seq = match (&own_state, highest_own_file) {
        (Some((last, _)), highest) => (*last).max(highest.unwrap_or(0)),
        (None, Some(highest)) => {
            highest.checked_add(1).ok_or_else(|| Error::invalid("folder", "Filnumren i mappen tog slut."))?
        }
        (None, None) => 0,
    };
    let mut changes: BTreeSet<u64> = own_files.iter().filter(|f| f.kind == Kind::Changes).map(|f| f.seq).collect();
    if let Some((_, written_at)) = &own_state {
        let selection =
            Selection { changed_since: Some(written_at.clone()), with_arrivals: false, read_up_to: read_up_to.clone() };
        let written = if unpublished_reads(db.conn(), &folder)? >= ACKNOWLEDGE_AFTER_FILES {
            Written::Always
        } else {
            Written::IfSomethingChanged
        };
        if let Some(own) =
            write_own(db, dir, &folder, &own_id, (seq + 1, Kind::Changes, written), options, &selection, progress)?
        {
            seq += 1;
            changes.insert(seq);
            report.written = Some(own.path);
            report.read_positions_only = own.empty;
        }
    }
    let acks = acknowledged(db.conn(), &folder)?;
    let newest_full = own_files.iter().filter(|f| f.kind == Kind::Full).map(|f| f.seq).max();
    let followable_from = |start: u64| (start + 1..=seq).all(|n| changes.contains(&n));
    let full_is_enough = newest_full.is_some_and(followable_from);
    let someone_is_lost = peers.keys().any(|peer| !acks.get(peer).is_some_and(|ack| followable_from(*ack)));
    if own_state.is_none() || run.full || newest_full.is_none() || (!full_is_enough && someone_is_lost) {
        let selection = Selection { changed_since: None, with_arrivals: false, read_up_to };
        let own =
            write_own(db, dir, &folder, &own_id, (seq, Kind::Full, Written::Always), options, &selection, progress)?;
        report.written = own.map(|own| own.path);
        report.full = true;
        report.read_positions_only = false;
    }

    // Remove what everyone has read: change files up to the lowest acknowledgement, older full files.
    let everyone_read =
        if peers.is_empty() { None } else { peers.keys().map(|p| acks.get(p).copied()).min().flatten() };
    let keep_full = if report.full { Some(seq) } else { newest_full };
    for file in &own_files {
        let read_by_all = file.kind == Kind::Changes && everyone_read.is_some_and(|ack| file.seq <= ack);
        let superseded = file.kind == Kind::Full && keep_full.is_some_and(|keep| file.seq < keep);
        if (read_by_all || superseded) && std::fs::remove_file(&file.path).is_ok() {
            report.removed += 1;
        }
    }
    if let Some(path) = old_own_file {
        if std::fs::remove_file(path).is_ok() {
            report.removed += 1;
        }
    }
    db.write(|tx| merge::mark_peers_exported(tx, &read_from))?;
    Ok(report)
}

fn synced(file: PathBuf, result: Result<ImportReport>) -> SyncedFile {
    match result {
        Ok(report) => SyncedFile { file, report: Some(report), error: None },
        Err(error) => SyncedFile { file, report: None, error: Some(error.to_string()) },
    }
}

/// The number of the last file read from `peer` in `folder`, if any.
fn read_position(conn: &Connection, folder: &str, peer: &str) -> Result<Option<u64>> {
    Ok(conn
        .query_row(
            "SELECT read_seq FROM exchange_folder_peers WHERE folder = ?1 AND installation_id = ?2 AND read_seq >= 0",
            (folder, peer),
            |row| seq_at(row, 0),
        )
        .optional()?)
}

/// A file number stored in the database (never negative where it is read).
fn seq_at(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<u64> {
    Ok(u64::try_from(row.get::<_, i64>(index)?).unwrap_or(0))
}

/// How far this installation has read each other installation's files in `folder`.
fn read_positions(conn: &Connection, folder: &str) -> Result<BTreeMap<String, u64>> {
    let mut statement = conn
        .prepare("SELECT installation_id, read_seq FROM exchange_folder_peers WHERE folder = ?1 AND read_seq >= 0")?;
    let rows = statement.query_map([folder], |row| Ok((row.get(0)?, seq_at(row, 1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many of the others' files this installation has read in `folder` since its own files last
/// said how far it had read.
fn unpublished_reads(conn: &Connection, folder: &str) -> Result<u64> {
    let unpublished: i64 = conn.query_row(
        "SELECT coalesce(sum(read_seq - published_seq), 0) FROM exchange_folder_peers
         WHERE folder = ?1 AND read_seq > published_seq",
        [folder],
        |row| row.get(0),
    )?;
    Ok(u64::try_from(unpublished).unwrap_or(0))
}

/// How far each other installation says it has read this one's files in `folder`.
fn acknowledged(conn: &Connection, folder: &str) -> Result<BTreeMap<String, u64>> {
    let mut statement = conn
        .prepare("SELECT installation_id, acked_seq FROM exchange_folder_peers WHERE folder = ?1 AND acked_seq >= 0")?;
    let rows = statement.query_map([folder], |row| Ok((row.get(0)?, seq_at(row, 1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Which of one installation's files to read, in order, after having read up to `position`: the
/// change files that follow; when they cannot be followed, the newest full file and the changes after it.
fn files_to_read(files: &[Numbered], position: Option<u64>) -> Vec<&Numbered> {
    let changes: BTreeMap<u64, &Numbered> =
        files.iter().filter(|f| f.kind == Kind::Changes).map(|f| (f.seq, f)).collect();
    let newest_full = files.iter().filter(|f| f.kind == Kind::Full).max_by_key(|f| f.seq);
    let mut chosen = Vec::new();
    let mut at = match (position, newest_full) {
        (Some(read), _) if changes.contains_key(&(read + 1)) => read,
        (Some(read), Some(full)) if full.seq > read => {
            chosen.push(full);
            full.seq
        }
        (Some(read), _) => read,
        (None, Some(full)) => {
            chosen.push(full);
            full.seq
        }
        (None, None) => 0,
    };
    while let Some(next) = changes.get(&(at + 1)) {
        chosen.push(next);
        at += 1;
    }
    chosen
}

/// Reads one numbered file: its content must match the hash in its name and come from the
/// installation the name says; once imported, the position and the writer's acknowledgement are
/// noted in the same transaction.
fn read_numbered(
    db: &mut Database,
    folder: &str,
    file: &Numbered,
    own_id: &str,
    dry_run: bool,
    acceptance: Acceptance,
    progress: &dyn Progress,
) -> Result<ImportReport> {
    let bytes = read_bundle_file(&file.path)?;
    if !keys::hex(&Sha256::digest(&bytes)).starts_with(&file.hash) {
        return Err(bundle_error(
            "har ett innehåll som inte stämmer med filnamnet (den har ändrats efter att den skrevs). Inget har importerats."
                .into(),
        ));
    }
    let wrong_sender = |report: &ImportReport| {
        (report.source.installation_id != file.installation_id).then(|| {
            bundle_error("kommer från en annan installation än filnamnet säger. Inget har importerats.".into())
        })
    };
    if dry_run {
        let report = preview_import_with(db, &bytes, progress)?;
        return match wrong_sender(&report) {
            Some(error) => Err(error),
            None => Ok(report),
        };
    }
    apply_import_then(db, &bytes, acceptance, progress, |tx, report| {
        if let Some(error) = wrong_sender(report) {
            return Err(error);
        }
        let ack = report.source.read_up_to.get(own_id).copied();
        note_read(tx, folder, &file.installation_id, file.seq, ack)
    })
}

fn note_read(tx: &Transaction, folder: &str, peer: &str, seq: u64, ack: Option<u64>) -> Result<()> {
    // -1: not acknowledged (the peer has read none of ours yet).
    let ack = ack.and_then(|a| i64::try_from(a).ok()).unwrap_or(-1);
    let seq = i64::try_from(seq).unwrap_or(i64::MAX);
    tx.execute(
        "INSERT INTO exchange_folder_peers (folder, installation_id, read_seq, acked_seq) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (folder, installation_id) DO UPDATE SET read_seq = excluded.read_seq,
             acked_seq = max(acked_seq, excluded.acked_seq)",
        (folder, peer, seq, ack),
    )?;
    Ok(())
}

/// Reads a file with another name (copied in by hand): skipped if a file of that name and content
/// was read before (`Ok(None)`).
fn read_loose(
    db: &mut Database,
    folder: &str,
    path: &Path,
    dry_run: bool,
    acceptance: Acceptance,
    progress: &dyn Progress,
) -> Result<Option<ImportReport>> {
    let bytes = read_bundle_file(path)?;
    let hash = keys::hex(&Sha256::digest(&bytes));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let seen: Option<String> = db
        .conn()
        .query_row(
            "SELECT content_hash FROM exchange_folder_files WHERE folder = ?1 AND file_name = ?2",
            (folder, &name),
            |row| row.get(0),
        )
        .optional()?;
    if seen.as_deref() == Some(hash.as_str()) {
        return Ok(None);
    }
    if dry_run {
        return preview_import_with(db, &bytes, progress).map(Some);
    }
    apply_import_then(db, &bytes, acceptance, progress, |tx, _| {
        tx.execute(
            "INSERT INTO exchange_folder_files (folder, file_name, content_hash) VALUES (?1, ?2, ?3)
             ON CONFLICT (folder, file_name) DO UPDATE SET content_hash = excluded.content_hash",
            (folder, &name, &hash),
        )?;
        Ok(())
    })
    .map(Some)
}

/// Counts what goes through it and hashes it: the content hash for the file name.
struct Hashing<W: Write> {
    inner: W,
    hasher: Sha256,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let written = self.inner.write(bytes)?;
        self.hasher.update(&bytes[..written]);
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Whether an own file is written when it would hold nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Written {
    /// A full file, or a change file that says how far this installation has read.
    Always,
    /// A change file: only when something changed here.
    IfSomethingChanged,
}

/// A file this installation wrote into the folder.
struct OwnFile {
    path: PathBuf,
    /// It holds no records and no deletions, only how far this installation has read.
    empty: bool,
}

/// Writes this installation's file number `seq` into `dir`: a temporary file renamed once complete,
/// with what it sent, the folder's position and how far the file says this installation has read,
/// committed together. A change file with nothing in it is written only when `written` says so
/// (otherwise `Ok(None)`).
#[allow(clippy::too_many_arguments)]
fn write_own(
    db: &mut Database,
    dir: &Path,
    folder: &str,
    own_id: &str,
    (seq, kind, written): (u64, Kind, Written),
    options: ExportOptions,
    selection: &Selection,
    progress: &dyn Progress,
) -> Result<Option<OwnFile>> {
    let io_error = |source| Error::Io { path: dir.to_path_buf(), source };
    let key = db.key().clone();
    let (temporary, file) = tempfile_in(dir).map_err(io_error)?;
    // Changes made from now on go into the next file.
    let started_at = now_timestamp();
    let result = db.write(|tx| {
        let out = Hashing { inner: std::io::BufWriter::with_capacity(256 * 1024, &file), hasher: Sha256::new() };
        let (mut out, summary) = export_into(tx, &key, options, selection, progress, out)?;
        let empty = summary.tombstones == 0 && summary.counts.values().all(|count| *count == 0);
        if written == Written::IfSomethingChanged && empty {
            return Ok(None);
        }
        out.flush().map_err(io_error)?;
        let hash = keys::hex(&out.hasher.finalize_reset());
        drop(out);
        file.sync_all().map_err(io_error)?;
        let path = dir.join(file_name(own_id, seq, kind, hash.get(..HASH_DIGITS).unwrap_or(&hash)));
        std::fs::rename(&temporary, &path).map_err(io_error)?;
        tx.execute(
            "INSERT INTO exchange_folder_own (folder, last_seq, written_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (folder) DO UPDATE SET last_seq = excluded.last_seq, written_at = excluded.written_at",
            (folder, i64::try_from(seq).unwrap_or(i64::MAX), &started_at),
        )?;
        for (peer, read) in &selection.read_up_to {
            tx.execute(
                "UPDATE exchange_folder_peers SET published_seq = ?3 WHERE folder = ?1 AND installation_id = ?2",
                (folder, peer, i64::try_from(*read).unwrap_or(i64::MAX)),
            )?;
        }
        Ok(Some(OwnFile { path, empty }))
    });
    drop(file);
    if !matches!(result, Ok(Some(_))) {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}
