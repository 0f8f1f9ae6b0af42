//! Writing bundles: straight from the database into the file, one record at a time, with the
//! bookkeeping of what was sent committed only once the file is in place.

use std::collections::VecDeque;
use std::io::Write;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::Serialize;

use super::format::{self, Provenance, Tombstone};
use super::identity::local_identity;
use super::merge::{self, record_local_deletions};
use super::progress::{self, Progress, Silent};
use super::scope;
use super::stream;
use super::tables::{self, ENTITIES};
use crate::error::{Error, Result};
use crate::store::clock::now_timestamp;
use crate::store::files::write_atomically_with;
use crate::store::keys::InstallationKey;
use crate::store::Database;
use crate::text_enum;

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
    /// For a file of changes: since when (the previous file to the same recipient); `None`: everything.
    pub changes_since: Option<String>,
}

/// What goes into a file besides the options: everything, or only what changed here since a time.
#[derive(Debug, Clone, Default)]
pub(crate) struct Selection {
    /// Only records changed here since this time (and not in the state last exchanged); `None`: everything.
    pub changed_since: Option<String>,
    /// With `changed_since`: also what arrived here from others since then, whatever its state
    /// (a file for one recipient, who has not seen it), instead of leaving out the state last exchanged.
    pub with_arrivals: bool,
    /// How far this installation has read the others' files in a shared folder.
    pub read_up_to: std::collections::BTreeMap<String, u64>,
}

/// Writes a bundle into `out` from inside `tx`, one record at a time straight from the database,
/// and records what it sends (the exchange's bookkeeping, committed with `tx`).
pub(crate) fn export_into<W: std::io::Write>(
    tx: &Transaction,
    key: &InstallationKey,
    options: ExportOptions,
    selection: &Selection,
    progress: &dyn Progress,
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
        read_up_to: selection.read_up_to.clone(),
    };
    let mut writer = stream::BundleWriter::new(out, options.compress, key.public_key(), provenance)?;
    let mut counts = std::collections::BTreeMap::new();
    let mut tombstone_count = 0;
    let own_id = identity.installation_id.as_str();
    // For progress: every row of the tables a full network file holds (other files: unknown, 0).
    let total: u64 = if options.scope == Scope::Network && selection.changed_since.is_none() {
        let mut rows: i64 = 0;
        for spec in ENTITIES {
            rows += tx.query_row(&format!("SELECT count(*) FROM {}", spec.name), [], |row| row.get::<_, i64>(0))?;
        }
        u64::try_from(rows).unwrap_or(0)
    } else {
        0
    };
    let mut written: u64 = 0;
    // Records of whole tables whose hashes are being made (see below), in order.
    let mut awaiting_hashes = VecDeque::new();
    for spec in ENTITIES {
        let (condition, deletions_travel) = match options.scope {
            Scope::Network => (Some("1"), true),
            Scope::Mine => (scope::mine_export_condition(spec.name), scope::mine_exports_deletions_of(spec.name)),
        };
        if deletions_travel {
            // With only changes asked for: deletions made here since then and not yet exchanged, or
            // (for one recipient) also those that arrived here since then.
            let since = selection.changed_since.as_deref().unwrap_or("");
            let mut statement = tx.prepare_cached(
                "SELECT id, deleted_at FROM tombstones t WHERE entity = ?1
                   AND (?3 = 0
                        OR ?4 = 1 AND (deleted_at >= ?2 OR EXISTS (SELECT 1 FROM exchange_state s
                             WHERE s.entity = t.entity AND s.record_key = t.id AND s.arrived_at >= ?2))
                        OR ?4 = 0 AND deleted_at >= ?2 AND NOT EXISTS (SELECT 1 FROM exchange_state s
                             WHERE s.entity = t.entity AND s.record_key = t.id AND s.synced_hash = 'deleted'))
                 ORDER BY id",
            )?;
            let mut rows =
                statement.query((spec.name, since, selection.changed_since.is_some(), selection.with_arrivals))?;
            while let Some(row) = rows.next()? {
                let tombstone = Tombstone { entity: spec.name.to_string(), id: row.get(0)?, deleted_at: row.get(1)? };
                writer.tombstone(&tombstone)?;
                merge::set_synced_hash(tx, spec.name, &tombstone.id, merge::DELETED_HASH)?;
                tombstone_count += 1;
            }
        }
        let Some(condition) = condition else { continue };
        let mut params: Vec<&str> = if condition.contains("?1") { vec![own_id] } else { Vec::new() };
        let condition = match &selection.changed_since {
            Some(since) if selection.with_arrivals => {
                params.push(since);
                let at = params.len();
                format!(
                    "({condition}) AND (updated_at >= ?{at} OR EXISTS (SELECT 1 FROM exchange_state s
                       WHERE s.entity = '{}' AND s.arrived_at >= ?{at} AND {}))",
                    spec.name,
                    spec.key_matches_sql("s.record_key")
                )
            }
            Some(since) => {
                params.push(since);
                format!("({condition}) AND updated_at >= ?{}", params.len())
            }
            None => condition.to_string(),
        };
        let mut count = 0;
        let few = selection.changed_since.is_some() && !selection.with_arrivals;
        let leave_out: &[&str] =
            if spec.name == "members" && !options.include_contacts { tables::CONTACT_COLUMNS } else { &[] };
        // The state each record was last exchanged in: read alongside a walk of the whole table,
        // looked up for the few records of a file of changes.
        let mut synced_statement = SyncedHashes::statement(tx)?;
        let mut synced = SyncedHashes::new(&mut synced_statement, spec.name, !few)?;
        spec.for_each_json_where(tx, (&condition, few), &params, leave_out, |record_key, json| {
            if few {
                // A record in the state last exchanged (received from another installation, or
                // sent) is not sent again as a change: the others have it, or get it from where it
                // came from.
                let hash = format::checksum_of(json);
                if synced.hash_of(tx, record_key)? == Some(hash.as_str()) {
                    return Ok(());
                }
                writer.record_json(spec.name, json)?;
                merge::set_synced_hash(tx, spec.name, record_key, &hash)?;
            } else {
                // Every record is sent: its hash, which the exchange state needs, is made on the
                // thread that compresses the file, and the state written as the hashes come back.
                let last_exchanged = synced.hash_of(tx, record_key)?.and_then(format::checksum_digest);
                writer.record_json_hashed(spec.name, json)?;
                awaiting_hashes.push_back(AwaitingHash {
                    entity: spec.name,
                    key: record_key.to_owned(),
                    last_exchanged,
                });
                note_hashes_sent(tx, &mut writer, &mut awaiting_hashes)?;
            }
            count += 1;
            written += 1;
            if written % progress::EVERY == 0 {
                progress::step(progress, "Skriver utbytesfilen", written, total)?;
            }
            Ok(())
        })?;
        counts.insert(spec.name.to_string(), count);
    }
    if !awaiting_hashes.is_empty() {
        writer.hash_every_record()?;
        note_hashes_sent(tx, &mut writer, &mut awaiting_hashes)?;
    }
    if !awaiting_hashes.is_empty() {
        return Err(format::bundle_error("kunde inte skrivas (en post saknar kontrollsumma)".to_string()));
    }
    let (out, _) = writer.finish(key)?;
    let summary = ExportSummary {
        path: None,
        scope: options.scope,
        contacts_included: options.include_contacts,
        counts,
        tombstones: tombstone_count,
        bytes: 0,
        changes_since: selection.changed_since.clone(),
    };
    Ok((out, summary))
}

/// The hashes one entity's records were last exchanged in (`exchange_state`), for the export's
/// walk over the entity's records in key order: read alongside the walk for a whole table (one pass
/// instead of one lookup per record), or looked up one by one for the few records of a file of
/// changes, where the answer decides whether a record is sent at all.
///
/// The walk only ever answers a key equal to the one asked; any other answer is `None`, which is
/// always safe: the record's state is then written, and writing a state equal to the stored one
/// changes nothing. That is also why the export may write `exchange_state` while the walk over it
/// is open on the same connection (whether an open SELECT sees such writes is undefined in SQLite):
/// it writes only keys at or behind the walk's place, or of other entities, so nothing the walk
/// has yet to read is changed by the export.
struct SyncedHashes<'s> {
    entity: &'s str,
    /// Every stored hash of the entity in key order; `None`: look each record up instead.
    walk: Option<rusqlite::Rows<'s>>,
    /// The stored row the walk has read up to: its key and hash (`None`: none yet, or the walk ended).
    ahead: Option<(String, String)>,
    /// Whether the walk has read every stored row.
    walked_to_end: bool,
    /// The key asked for last: the walk answers only keys asked for in ascending byte order.
    last_asked: String,
    /// The hash found by the last lookup.
    looked_up: Option<String>,
}

impl<'s> SyncedHashes<'s> {
    /// The statement a walk reads from. It is prepared apart from [`SyncedHashes::new`] because the
    /// walk's rows borrow it: the caller keeps it alive for as long as the walk.
    fn statement(conn: &'s Connection) -> Result<rusqlite::CachedStatement<'s>> {
        Ok(conn.prepare_cached(
            "SELECT record_key, synced_hash FROM exchange_state WHERE entity = ?1 ORDER BY record_key",
        )?)
    }

    /// Reads alongside a walk of the whole table (`walk`), or looks records up one by one.
    fn new(statement: &'s mut rusqlite::CachedStatement<'_>, entity: &'s str, walk: bool) -> Result<Self> {
        let walk = if walk { Some(statement.query([entity])?) } else { None };
        Ok(SyncedHashes { entity, walk, ahead: None, walked_to_end: false, last_asked: String::new(), looked_up: None })
    }

    /// The hash `key` was last exchanged in. The walk answers keys asked for in ascending byte
    /// order, as a table's walk hands them; for a key out of that order (a key of two columns that
    /// sorts otherwise as joined text) it says `None` (see the type's comment).
    fn hash_of(&mut self, conn: &Connection, key: &str) -> Result<Option<&str>> {
        let Some(rows) = self.walk.as_mut() else {
            self.looked_up = merge::synced_hash(conn, self.entity, key)?;
            return Ok(self.looked_up.as_deref());
        };
        if key < self.last_asked.as_str() {
            return Ok(None);
        }
        self.last_asked.clear();
        self.last_asked.push_str(key);
        while !self.walked_to_end && self.ahead.as_ref().is_none_or(|(stored_key, _)| stored_key.as_str() < key) {
            match rows.next()? {
                Some(row) => {
                    // Both columns are STRICT text; a row that is not valid UTF-8 is passed over
                    // (its record then gets its hash written anew, which is always right).
                    let text = |index| row.get_ref(index).map(|value| value.as_str().ok());
                    let (Some(stored_key), Some(stored_hash)) = (text(0)?, text(1)?) else { continue };
                    let (ahead_key, ahead_hash) = self.ahead.get_or_insert_with(Default::default);
                    ahead_key.clear();
                    ahead_key.push_str(stored_key);
                    ahead_hash.clear();
                    ahead_hash.push_str(stored_hash);
                }
                None => {
                    self.walked_to_end = true;
                    self.ahead = None;
                }
            }
        }
        Ok(self.ahead.as_ref().filter(|(stored_key, _)| stored_key == key).map(|(_, hash)| hash.as_str()))
    }
}

/// A record written whose hash is still being made: what its exchange state needs then.
struct AwaitingHash {
    entity: &'static str,
    key: String,
    /// The SHA-256 it was last exchanged in; `None` if never, or if the stored state is no hash
    /// (the deletion mark, or a damaged row), which then gets the record's hash.
    last_exchanged: Option<[u8; 32]>,
}

/// Records in the exchange state the hashes of the records written that are ready (in the order
/// they were written), where they differ from the state last exchanged.
fn note_hashes_sent<W: std::io::Write>(
    tx: &Transaction,
    writer: &mut stream::BundleWriter<W>,
    awaiting: &mut VecDeque<AwaitingHash>,
) -> Result<()> {
    for digest in writer.record_hashes() {
        let Some(record) = awaiting.pop_front() else {
            return Err(format::bundle_error("kunde inte skrivas (en kontrollsumma utan post)".to_string()));
        };
        if record.last_exchanged != Some(digest) {
            merge::set_synced_hash(tx, record.entity, &record.key, &format::checksum_text(&digest))?;
        }
    }
    Ok(())
}

/// Exports a bundle as bytes together with what it holds; the export is recorded as sent.
pub fn export_bundle(db: &mut Database, options: ExportOptions) -> Result<(Vec<u8>, ExportSummary)> {
    let key = db.key().clone();
    db.write(|tx| {
        let (bytes, mut summary) = export_into(tx, &key, options, &Selection::default(), &Silent, Vec::new())?;
        summary.bytes = bytes.len();
        Ok((bytes, summary))
    })
}

/// Exports a bundle into `path`, atomically (a temporary file next to it, written as the rows are
/// read, then renamed). What the export records as sent is committed only once the file is in
/// place: a failed write records nothing.
pub fn export_bundle_to_file(db: &mut Database, path: &Path, options: ExportOptions) -> Result<ExportSummary> {
    export_bundle_to_file_with(db, path, options, &Silent)
}

/// [`export_bundle_to_file`], reporting to `progress`; stopped, it leaves no file and records nothing.
pub fn export_bundle_to_file_with(
    db: &mut Database,
    path: &Path,
    options: ExportOptions,
    progress: &dyn Progress,
) -> Result<ExportSummary> {
    let key = db.key().clone();
    db.write(|tx| {
        let mut summary = write_atomically_with(path, |file| {
            let out = std::io::BufWriter::with_capacity(256 * 1024, file);
            let (mut out, summary) = export_into(tx, &key, options, &Selection::default(), progress, out)?;
            out.flush().map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
            Ok(summary)
        })?;
        summary.bytes = std::fs::metadata(path).map(|m| m.len() as usize).unwrap_or_default();
        summary.path = Some(path.to_path_buf());
        Ok(summary)
    })
}

/// Exports into `path` a file for one recipient of files sent by hand (e-mail): everything the first
/// time, afterwards only what changed here or arrived here from others since the last file to that
/// recipient (`recipient` names them, e.g. their e-mail address; case and spaces around do not
/// matter). The time of this file is noted for the recipient together with what it sent, once the
/// file is in place.
pub fn export_for_recipient(
    db: &mut Database,
    path: &Path,
    options: ExportOptions,
    recipient: &str,
) -> Result<ExportSummary> {
    let recipient = recipient.trim().to_lowercase();
    if recipient.is_empty() || recipient.chars().count() > 200 {
        return Err(Error::invalid("recipient", "Ange vem filen ska till (högst 200 tecken)."));
    }
    let key = db.key().clone();
    let last_sent: Option<String> = db
        .conn()
        .query_row("SELECT last_sent_at FROM exchange_recipients WHERE recipient = ?1", [&recipient], |row| row.get(0))
        .optional()?;
    let selection = Selection { changed_since: last_sent, with_arrivals: true, read_up_to: Default::default() };
    let started_at = now_timestamp();
    db.write(|tx| {
        let mut summary = write_atomically_with(path, |file| {
            let out = std::io::BufWriter::with_capacity(256 * 1024, file);
            let (mut out, summary) = export_into(tx, &key, options, &selection, &Silent, out)?;
            out.flush().map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
            Ok(summary)
        })?;
        tx.execute(
            "INSERT INTO exchange_recipients (recipient, last_sent_at) VALUES (?1, ?2)
             ON CONFLICT (recipient) DO UPDATE SET last_sent_at = excluded.last_sent_at",
            (&recipient, &started_at),
        )?;
        summary.bytes = std::fs::metadata(path).map(|m| m.len() as usize).unwrap_or_default();
        summary.path = Some(path.to_path_buf());
        Ok(summary)
    })
}

/// The recipients files were made for, with the time of the last file to each (newest first).
pub fn recipients(conn: &rusqlite::Connection) -> Result<Vec<(String, String)>> {
    let mut statement =
        conn.prepare("SELECT recipient, last_sent_at FROM exchange_recipients ORDER BY last_sent_at DESC, recipient")?;
    let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
