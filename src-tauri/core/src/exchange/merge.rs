//! Merging an incoming bundle into the local database: last writer wins per record, tombstones, conflict detection.
//!
//! Every record key has a version: alive (its columns, `updated_at`) or deleted (a tombstone's
//! `deleted_at`). Versions are ordered by time; at equal times a deletion beats an edit, and two
//! different edits are ordered by their canonical JSON. The newer version wins on both sides, so
//! every installation ends with the same content whatever the order of exchanges, and the same
//! bundle imported twice changes nothing.
//!
//! A conflict is a key where both sides changed since it was last exchanged (per-record hashes in
//! `exchange_state`). It is still resolved by the rule above, but it is reported, and the losing
//! version is kept in `exchange_conflicts`, so that nothing is dropped silently.

use std::cmp::Ordering;

use chrono::{DateTime, Duration, SecondsFormat, Utc};

use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::Serialize;
use serde_json::Value;

use super::format::bundle_error;
use super::format::{canonical_json, record_hash, Provenance, Record};
use super::identity::local_identity;
use super::progress::{self, Progress};
use super::senders::{self, Acceptance, SenderCheck};
use super::stream::{self, BundleReader, Item};
use super::tables::{EntitySpec, ENTITIES};
use super::{scope, values};
use crate::error::Result;
use crate::store::clock::now_timestamp;
use crate::store::{ids, tombstones};

/// The hash stored for a deleted record.
const DELETED: &str = "deleted";

/// How far ahead of this installation's clock a sender's time may be before it counts as wrong
/// (clocks drift a little, and a file may be read the minute after it was made).
const CLOCK_MARGIN_MINUTES: i64 = 10;

/// A time from a bundle, checked against this installation's clock.
#[derive(Debug, PartialEq, Eq)]
enum CheckedTime {
    /// A valid RFC 3339 time, not in the future, written the way the database writes times.
    Trusted(String),
    /// A time later than now (plus the margin): the sender's clock is wrong, and the version must
    /// not be used, or it would win every later merge.
    Future,
    /// Not a time at all.
    Invalid,
}

fn checked_time(text: &str, now: DateTime<Utc>) -> CheckedTime {
    let Ok(parsed) = DateTime::parse_from_rfc3339(text.trim()) else { return CheckedTime::Invalid };
    let parsed = parsed.with_timezone(&Utc);
    let latest_trusted = now.checked_add_signed(Duration::minutes(CLOCK_MARGIN_MINUTES)).unwrap_or(now);
    if parsed > latest_trusted {
        return CheckedTime::Future;
    }
    let canonical = parsed.to_rfc3339_opts(SecondsFormat::Millis, true);
    // Keep the sender's text when it already is the canonical form, so record hashes stay as sent.
    CheckedTime::Trusted(if text == canonical { text.to_string() } else { canonical })
}

/// The time columns of a record that order versions or say when something happened.
const TIME_COLUMNS: [&str; 3] = ["updated_at", "created_at", "anonymised_at"];

/// What a sender with a wrong clock is told, record by record.
const FUTURE_TIME: &str = "Tidpunkten ligger i framtiden, så avsändarens klocka går troligen fel. Posten tas inte in \
     (den skulle annars vinna över alla senare ändringar); den kommer med när avsändarens tid stämmer.";

/// Checks every time in an incoming record, written the way the database writes times: a record
/// with an unreadable time or a time in the future is refused (the reason is returned).
fn trust_times(record: &mut Record, now: DateTime<Utc>) -> std::result::Result<(), String> {
    for column in TIME_COLUMNS {
        let Some(value) = record.get(column) else { continue };
        if value.is_null() && column == "anonymised_at" {
            continue;
        }
        let Some(text) = value.as_str() else {
            return Err(format!("Fältet {column} är ingen tidpunkt."));
        };
        match checked_time(text, now) {
            CheckedTime::Trusted(time) => {
                record.insert(column.to_string(), Value::String(time));
            }
            CheckedTime::Future => return Err(FUTURE_TIME.to_string()),
            CheckedTime::Invalid => return Err(format!("Fältet {column} är ingen giltig tidpunkt (”{text}”).")),
        }
    }
    if !record.contains_key("updated_at") {
        return Err("Posten saknar tidpunkt för senaste ändring (updated_at).".into());
    }
    Ok(())
}

/// What GDPR decides for a member, before last-writer-wins: an erasure here is final, and an
/// erasure elsewhere wins here whatever the times say.
#[derive(Debug, PartialEq, Eq)]
enum Erasure {
    /// Keep what is here; the reason says why the incoming version was not used.
    KeepLocal(&'static str),
    /// The incoming anonymisation or deletion wins.
    IncomingWins,
    /// No erasure is involved: last writer wins.
    NotInvolved,
}

/// An anonymised member's record as it must be stored: contact data empty even when the bundle
/// left those columns out (a bundle without contact data would otherwise keep the old values).
fn with_erasure_applied<'r>(spec: &EntitySpec, record: &'r Record) -> std::borrow::Cow<'r, Record> {
    if spec.name == "members" && is_anonymised(record) {
        let mut record = record.clone();
        record.insert("email".into(), Value::Null);
        record.insert("phone".into(), Value::String(String::new()));
        return std::borrow::Cow::Owned(record);
    }
    std::borrow::Cow::Borrowed(record)
}

fn is_anonymised(record: &Record) -> bool {
    record.get("anonymised_at").is_some_and(|value| !value.is_null())
}

fn erasure_rule(
    spec: &EntitySpec,
    local_record: Option<&Record>,
    local_tombstone: Option<&str>,
    incoming: &Version,
) -> Erasure {
    if spec.name != "members" {
        return Erasure::NotInvolved;
    }
    match incoming {
        Version::Alive(record) => {
            if local_tombstone.is_some() {
                return Erasure::KeepLocal("Medlemmen är borttagen här, och en borttagning gäller för gott.");
            }
            match local_record {
                Some(local) if is_anonymised(local) && !is_anonymised(record) => {
                    Erasure::KeepLocal("Medlemmen är anonymiserad här, och en anonymisering gäller för gott.")
                }
                Some(local) if is_anonymised(record) && !is_anonymised(local) => Erasure::IncomingWins,
                _ => Erasure::NotInvolved,
            }
        }
        Version::Deleted(_) => match local_record {
            Some(_) if local_tombstone.is_none() => Erasure::IncomingWins,
            _ => Erasure::NotInvolved,
        },
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Version {
    Alive(Record),
    Deleted(String),
}

impl Version {
    fn time(&self) -> &str {
        match self {
            Version::Alive(record) => record.get("updated_at").and_then(Value::as_str).unwrap_or(""),
            Version::Deleted(at) => at,
        }
    }

    fn hash(&self) -> String {
        match self {
            Version::Alive(record) => record_hash(record),
            Version::Deleted(_) => DELETED.to_string(),
        }
    }

    fn json(&self) -> String {
        match self {
            Version::Alive(record) => canonical_json(record),
            Version::Deleted(_) => DELETED.to_string(),
        }
    }

    /// Last writer wins: later time; at equal times deletion, then the larger canonical JSON.
    fn order(&self, other: &Version) -> Ordering {
        let rank = |version: &Version| matches!(version, Version::Deleted(_));
        self.time().cmp(other.time()).then(rank(self).cmp(&rank(other))).then_with(|| match (self, other) {
            (Version::Alive(a), Version::Alive(b)) => canonical_json(a).cmp(&canonical_json(b)),
            _ => Ordering::Equal,
        })
    }

    /// Whether this version differs from the last exchanged one (`base`). Without a base (the key
    /// was never exchanged, e.g. a seeded meeting both sides have), a record counts as changed once
    /// it was edited after it was created.
    fn changed_since(&self, base: Option<&str>) -> bool {
        match (base, self) {
            (Some(base), version) => version.hash() != base,
            (None, Version::Alive(record)) => match (record.get("created_at"), record.get("updated_at")) {
                (Some(created), Some(updated)) => created != updated,
                _ => false,
            },
            (None, Version::Deleted(_)) => true,
        }
    }
}

/// One record that an import adds, updates or deletes.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Change {
    /// Entity name (`examples`, `members`, ...).
    pub entity: String,
    /// Swedish name of the entity ("exempel").
    pub entity_label: String,
    pub key: String,
    /// What people call the record (title, name).
    pub label: String,
}

/// A field whose value differs between the local and the incoming version.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FieldDifference {
    pub field: String,
    pub local: Value,
    pub incoming: Value,
}

/// A record both sides changed since their last exchange.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Conflict {
    #[serde(flatten)]
    pub record: Change,
    /// `local` or `incoming`: whose version is kept (last writer wins).
    pub winner: String,
    pub local_updated_at: String,
    pub incoming_updated_at: String,
    pub local_deleted: bool,
    pub incoming_deleted: bool,
    /// The fields that differ (empty when one side deleted the record).
    pub differences: Vec<FieldDifference>,
}

/// An incoming record that cannot be stored here, and why.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Skipped {
    #[serde(flatten)]
    pub record: Change,
    pub reason: String,
}

/// What an import does (preview) or did (apply).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ImportReport {
    /// Where the bundle comes from.
    pub source: Provenance,
    /// Who signed it, and whether this installation has accepted them.
    pub sender: SenderCheck,
    pub added: Vec<Change>,
    pub updated: Vec<Change>,
    pub deleted: Vec<Change>,
    pub conflicts: Vec<Conflict>,
    pub skipped: Vec<Skipped>,
    /// Records already identical here, or older than the local version.
    pub unchanged: usize,
    /// Deletions recorded for records this installation never had (so they travel on).
    pub tombstones_recorded: usize,
    /// Things to tell the user that are not changes (e.g. a different network name).
    pub notices: Vec<String>,
    /// Whether the changes were written (false for a preview).
    pub applied: bool,
}

impl ImportReport {
    /// Whether the import changes any record.
    pub fn changes_anything(&self) -> bool {
        !(self.added.is_empty() && self.updated.is_empty() && self.deleted.is_empty())
    }

    /// One Swedish line summing the import up.
    pub fn summary(&self) -> String {
        format!(
            "{} nya, {} uppdaterade, {} borttagna, {} konflikter, {} hoppades över, {} oförändrade",
            self.added.len(),
            self.updated.len(),
            self.deleted.len(),
            self.conflicts.len(),
            self.skipped.len(),
            self.unchanged
        )
    }
}

/// A reason for a skipped item, as the report lists it.
fn skipped_item(entity: &EntitySpec, key: String, label: String, reason: String) -> Skipped {
    Skipped {
        record: Change { entity: entity.name.to_string(), entity_label: entity.label.to_string(), key, label },
        reason,
    }
}

/// Merges the bundle in `bytes` into the database (inside the caller's transaction), one record at
/// a time, as the reader verifies it: the caller's transaction is kept only if the file's last line
/// verifies (checksum, signature), so a damaged or forged file changes nothing. A "mina exempel"
/// file is read twice: first whole (which themes and contacts its own examples name, and that it is
/// sound), then to merge. Memory stays bounded by one record, whatever the file's size.
pub(super) fn merge(
    tx: &Transaction,
    bytes: &[u8],
    applied: bool,
    acceptance: Acceptance,
    progress: &dyn Progress,
) -> Result<ImportReport> {
    let mut reader = BundleReader::open(bytes)?;
    let source = reader.provenance().clone();
    let mut mine: Option<scope::MineScope> = None;
    if source.scope == scope::MINE {
        let mut learning = scope::MineScope::new(&source.installation_id);
        stream::verify(bytes, |item| learning.learn(tx, &item))?;
        mine = Some(learning);
    }
    let identity = local_identity(tx)?;
    if source.installation_id == identity.installation_id {
        return Err(bundle_error(
            "kommer från den här installationen. Importera filer från andra medlemmar eller från värdarna.".into(),
        ));
    }
    if source.network_id != identity.network_id {
        return Err(bundle_error(format!(
            "hör till ett annat nätverk ({}). Inget har importerats.",
            source.network_name
        )));
    }
    if source.scope != scope::MINE && source.scope != scope::NETWORK {
        return Err(bundle_error(format!("har en okänd omfattning (”{}”). Inget har importerats.", source.scope)));
    }
    let sender = senders::check(tx, &source, reader.public_key(), source.scope == scope::NETWORK, applied, acceptance)?;
    let mut report = ImportReport {
        source: source.clone(),
        sender,
        added: Vec::new(),
        updated: Vec::new(),
        deleted: Vec::new(),
        conflicts: Vec::new(),
        skipped: Vec::new(),
        unchanged: 0,
        tombstones_recorded: 0,
        notices: Vec::new(),
        applied,
    };
    if source.network_name != identity.network_name {
        report.notices.push(format!(
            "Avsändaren kallar nätverket \"{}\". Namnet här är fortfarande \"{}\" – en import byter aldrig namn på nätverket.",
            source.network_name, identity.network_name
        ));
    }
    if !source.contacts_included {
        report.notices.push(
            "Filen har inga kontaktuppgifter (e-post, telefon, anteckningar). Medlemmarnas kontaktuppgifter här behålls."
                .into(),
        );
    }

    record_local_deletions(tx)?;
    let clock = Utc::now();
    let now = now_timestamp();
    // The reader verifies the file as it goes; an error at its end rolls the transaction back.
    let mut items: u64 = 0;
    while let Some(item) = reader.next_item()? {
        items += 1;
        if items % progress::EVERY == 0 {
            let (done, total) = reader.position();
            progress::step(progress, "Läser in utbytesfilen", done, total)?;
        }
        if let Some(mine) = &mine {
            match mine.admit(tx, &item)? {
                scope::Admission::Merge => {}
                scope::Admission::Ignore => continue,
                scope::Admission::Skip(out) => {
                    let spec = match &item {
                        Item::Record(spec, _) | Item::Tombstone(spec, _) => *spec,
                    };
                    report.skipped.push(skipped_item(spec, out.key, out.label, out.reason.to_string()));
                    continue;
                }
            }
        }
        let (spec, key, version) = match item {
            Item::Tombstone(spec, tombstone) => {
                let refused = |reason: String| skipped_item(spec, tombstone.id.clone(), tombstone.id.clone(), reason);
                if let Some(reason) = values::invalid_key(&tombstone.id, spec.key_columns.len()) {
                    report.skipped.push(refused(reason));
                    continue;
                }
                let deleted_at = match checked_time(&tombstone.deleted_at, clock) {
                    CheckedTime::Trusted(at) => at,
                    CheckedTime::Future => {
                        report.skipped.push(refused(FUTURE_TIME.to_string()));
                        continue;
                    }
                    CheckedTime::Invalid => {
                        report.skipped.push(refused(format!(
                            "Borttagningen har ingen giltig tidpunkt (”{}”).",
                            tombstone.deleted_at
                        )));
                        continue;
                    }
                };
                (spec, tombstone.id, Version::Deleted(deleted_at))
            }
            Item::Record(spec, mut record) => {
                let Some(key) = spec.key_of(&record) else { continue };
                let refusal =
                    trust_times(&mut record, clock).err().or_else(|| values::invalid_value(spec.name, &record));
                if let Some(reason) = refusal {
                    report.skipped.push(skipped_item(spec, key, spec.label_of(&record), reason));
                    continue;
                }
                (spec, key, Version::Alive(record))
            }
        };
        merge_one(tx, spec, &key, version, &source, &now, &mut report)?;
    }
    upsert_peer(tx, &source, &now)?;
    Ok(report)
}

fn merge_one(
    tx: &Transaction,
    spec: &EntitySpec,
    key: &str,
    incoming: Version,
    source: &Provenance,
    now: &str,
    report: &mut ImportReport,
) -> Result<()> {
    let local_record = spec.read_one(tx, key)?;
    let local_tombstone = tombstone_at(tx, spec.name, key)?;
    let change_for = |record: Option<&Record>| Change {
        entity: spec.name.to_string(),
        entity_label: spec.label.to_string(),
        key: key.to_string(),
        label: record.map(|r| spec.label_of(r)).unwrap_or_else(|| key.to_string()),
    };

    // What would be stored here: references to missing rows emptied; unstorable records skipped.
    let incoming = match incoming {
        Version::Alive(record) => match spec.localised(tx, record)? {
            Ok(stored) => {
                if let Some((column, other)) = spec.unique_clash(tx, &stored)? {
                    report.skipped.push(Skipped {
                        record: change_for(Some(&stored)),
                        reason: format!(
                            "En annan post ({other}) har redan samma värde i fältet {column}. Ändra den ena och importera igen."
                        ),
                    });
                    return Ok(());
                }
                Version::Alive(stored)
            }
            Err((column, record)) => {
                if local_record.is_none() && local_tombstone.is_none() {
                    report.skipped.push(Skipped {
                        record: change_for(Some(&record)),
                        reason: format!("Posten som fältet {column} pekar på finns inte här (den kan ha tagits bort)."),
                    });
                } else {
                    report.unchanged += 1;
                }
                return Ok(());
            }
        },
        deleted => deleted,
    };
    if spec.singleton && matches!(incoming, Version::Deleted(_)) {
        return Ok(());
    }

    // The local version, seen through the incoming record's columns (a bundle without contact data
    // neither compares nor overwrites them).
    let local = match (&local_record, &local_tombstone) {
        (Some(record), Some(deleted_at)) if deleted_at.as_str() >= record_time(record) => {
            Some(Version::Deleted(deleted_at.clone()))
        }
        (Some(record), _) => Some(Version::Alive(projected(record, &incoming))),
        (None, Some(deleted_at)) => Some(Version::Deleted(deleted_at.clone())),
        (None, None) => None,
    };
    let erasure = erasure_rule(spec, local_record.as_ref(), local_tombstone.as_deref(), &incoming);
    if let Erasure::KeepLocal(reason) = erasure {
        let label_record = local_record.as_ref().or(match &incoming {
            Version::Alive(record) => Some(record),
            Version::Deleted(_) => None,
        });
        report.skipped.push(Skipped { record: change_for(label_record), reason: reason.to_string() });
        return Ok(());
    }
    let incoming_hash = incoming.hash();

    let Some(local) = local else {
        match &incoming {
            Version::Alive(record) => {
                report.added.push(change_for(Some(record)));
                // Neither the row nor its children exist here (children go with their parent).
                spec.insert_new(tx, &with_erasure_applied(spec, record))?;
            }
            Version::Deleted(at) => {
                report.tombstones_recorded += 1;
                tombstones::record(tx, spec.name, key, at)?;
            }
        }
        note_arrival(tx, spec.name, key, &incoming_hash, now)?;
        return Ok(());
    };
    // Needed only where there is a local version to weigh against the incoming one.
    let base = synced_hash(tx, spec.name, key)?;

    if local == incoming || local.hash() == incoming_hash && local.time() == incoming.time() {
        report.unchanged += 1;
        set_synced_hash(tx, spec.name, key, &incoming_hash)?;
        return Ok(());
    }

    let erasure_wins = erasure == Erasure::IncomingWins;
    let incoming_wins = erasure_wins || incoming.order(&local) == Ordering::Greater;
    let both_deleted = matches!((&local, &incoming), (Version::Deleted(_), Version::Deleted(_)));
    let is_conflict = !erasure_wins
        && !both_deleted
        && local.changed_since(base.as_deref())
        && incoming.changed_since(base.as_deref());
    if is_conflict {
        let label_record = match (&incoming, &local) {
            (Version::Alive(record), _) | (_, Version::Alive(record)) => Some(record),
            _ => None,
        };
        let conflict = Conflict {
            record: change_for(label_record),
            winner: if incoming_wins { "incoming" } else { "local" }.to_string(),
            local_updated_at: local.time().to_string(),
            incoming_updated_at: incoming.time().to_string(),
            local_deleted: matches!(local, Version::Deleted(_)),
            incoming_deleted: matches!(incoming, Version::Deleted(_)),
            differences: differences(&local, &incoming),
        };
        let (kept, lost) = if incoming_wins { (&incoming, &local) } else { (&local, &incoming) };
        tx.execute(
            "INSERT INTO exchange_conflicts (id, entity, record_key, label, winner, kept_version, lost_version,
                                             from_installation_id, detected_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            (
                ids::new_id(),
                spec.name,
                key,
                &conflict.record.label,
                &conflict.winner,
                kept.json(),
                lost.json(),
                &source.installation_id,
                now,
            ),
        )?;
        report.conflicts.push(conflict);
    }

    if incoming_wins {
        match &incoming {
            Version::Alive(record) => {
                match local {
                    Version::Alive(_) => report.updated.push(change_for(Some(record))),
                    Version::Deleted(_) => report.added.push(change_for(Some(record))),
                }
                tx.execute("DELETE FROM tombstones WHERE entity = ?1 AND id = ?2", (spec.name, key))?;
                spec.upsert(tx, &with_erasure_applied(spec, record))?;
            }
            Version::Deleted(at) => {
                match &local_record {
                    Some(record) if matches!(local, Version::Alive(_)) => {
                        report.deleted.push(change_for(Some(record)));
                        spec.delete(tx, key)?;
                    }
                    _ => report.unchanged += 1,
                }
                tombstones::record(tx, spec.name, key, at)?;
            }
        }
    } else if !is_conflict {
        report.unchanged += 1;
    }
    if incoming_wins {
        note_arrival(tx, spec.name, key, &incoming_hash, now)?;
    } else {
        set_synced_hash(tx, spec.name, key, &incoming_hash)?;
    }
    Ok(())
}

/// Remembers the state in which a record or deletion arrived here from another installation, and
/// when, so that a file of the changes since the last file to a recipient carries it too (its own
/// time may be older). One write: a whole network arriving in a new database is 100,000 of them.
fn note_arrival(tx: &Transaction, entity: &str, key: &str, hash: &str, now: &str) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO exchange_state (entity, record_key, synced_hash, arrived_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (entity, record_key) DO UPDATE SET synced_hash = excluded.synced_hash, arrived_at = excluded.arrived_at",
    )?
    .execute((entity, key, hash, now))?;
    Ok(())
}

fn record_time(record: &Record) -> &str {
    record.get("updated_at").and_then(Value::as_str).unwrap_or("")
}

/// The local record limited to the columns the incoming version carries.
fn projected(local: &Record, incoming: &Version) -> Record {
    match incoming {
        Version::Alive(incoming) => {
            local.iter().filter(|(k, _)| incoming.contains_key(*k)).map(|(k, v)| (k.clone(), v.clone())).collect()
        }
        Version::Deleted(_) => local.clone(),
    }
}

fn differences(local: &Version, incoming: &Version) -> Vec<FieldDifference> {
    let (Version::Alive(local), Version::Alive(incoming)) = (local, incoming) else { return Vec::new() };
    incoming
        .iter()
        .filter(|(field, value)| local.get(*field) != Some(*value))
        .map(|(field, value)| FieldDifference {
            field: field.clone(),
            local: local.get(field).cloned().unwrap_or(Value::Null),
            incoming: value.clone(),
        })
        .collect()
}

fn tombstone_at(conn: &Connection, entity: &str, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT deleted_at FROM tombstones WHERE entity = ?1 AND id = ?2")?
        .query_row((entity, key), |row| row.get(0))
        .optional()?)
}

/// The state in which a record was last exchanged: its hash, or `deleted`.
pub(super) fn synced_hash(conn: &Connection, entity: &str, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT synced_hash FROM exchange_state WHERE entity = ?1 AND record_key = ?2")?
        .query_row((entity, key), |row| row.get(0))
        .optional()?)
}

/// The hash stored for a record or deletion as it was exported.
pub(super) const DELETED_HASH: &str = DELETED;

/// Remembers the state in which a record was last exchanged.
pub(super) fn set_synced_hash(tx: &Transaction, entity: &str, key: &str, hash: &str) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO exchange_state (entity, record_key, synced_hash) VALUES (?1, ?2, ?3)
         ON CONFLICT (entity, record_key) DO UPDATE SET synced_hash = excluded.synced_hash
         WHERE synced_hash <> excluded.synced_hash",
    )?
    .execute((entity, key, hash))?;
    Ok(())
}

fn upsert_peer(tx: &Transaction, source: &Provenance, now: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO exchange_peers (installation_id, municipality_code, author_name, last_bundle_exported_at, last_imported_at)
         VALUES (?1, (SELECT code FROM municipalities WHERE code = ?2), ?3, ?4, ?5)
         ON CONFLICT (installation_id) DO UPDATE SET
             municipality_code = excluded.municipality_code, author_name = excluded.author_name,
             last_bundle_exported_at = max(coalesce(last_bundle_exported_at, ''), excluded.last_bundle_exported_at),
             last_imported_at = excluded.last_imported_at",
        (&source.installation_id, &source.municipality_code, &source.author_name, &source.exported_at, now),
    )?;
    Ok(())
}

/// Notes that this installation's file now lies in the sync folder for the peers whose files were
/// read from that folder in the same run (peers that use other folders are left as they were).
pub(super) fn mark_peers_exported(tx: &Transaction, installation_ids: &[String]) -> Result<()> {
    let at = now_timestamp();
    let mut mark = tx.prepare_cached("UPDATE exchange_peers SET last_exported_at = ?1 WHERE installation_id = ?2")?;
    for installation_id in installation_ids {
        mark.execute((&at, installation_id))?;
    }
    Ok(())
}

/// Gives a tombstone to every record that was exchanged before and has since been deleted here
/// without one, so that its deletion travels like any other. Only rows deleted since the last call
/// are looked at: triggers note each deleted row that was exchanged (migration 0015), so the cost
/// follows what was deleted, not the size of the network.
pub(crate) fn record_local_deletions(tx: &Transaction) -> Result<()> {
    let now = now_timestamp();
    for spec in ENTITIES.iter().filter(|spec| !spec.singleton) {
        let sql = format!(
            "SELECT d.record_key FROM exchange_deleted_rows d
             JOIN exchange_state s ON s.entity = d.entity AND s.record_key = d.record_key
             WHERE d.entity = ?1 AND s.synced_hash <> 'deleted'
               AND NOT EXISTS (SELECT 1 FROM {table} WHERE {key_matches})
               AND NOT EXISTS (SELECT 1 FROM tombstones t WHERE t.entity = d.entity AND t.id = d.record_key)",
            table = spec.name,
            key_matches = spec.key_matches_sql("d.record_key")
        );
        let keys: Vec<String> =
            tx.prepare(&sql)?.query_map([spec.name], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?;
        for key in keys {
            tombstones::record(tx, spec.name, &key, &now)?;
        }
    }
    tx.execute("DELETE FROM exchange_deleted_rows", [])?;
    Ok(())
}

/// Forgets what the exchange kept about one record: its kept conflict versions and its sync hash.
/// Erasing a person (GDPR) calls this, so their data leaves the exchange's bookkeeping too.
pub(crate) fn forget_record(tx: &Transaction, entity: &str, key: &str) -> Result<()> {
    tx.execute("DELETE FROM exchange_conflicts WHERE entity = ?1 AND record_key = ?2", (entity, key))?;
    tx.execute("DELETE FROM exchange_state WHERE entity = ?1 AND record_key = ?2", (entity, key))?;
    Ok(())
}
