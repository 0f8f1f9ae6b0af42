//! The bundle file format (version 3): a signed stream of JSON lines, one record per line, so that
//! files are written and read one record at a time (see `stream`).
//!
//! ```text
//! {"format":"natverket-bundle","format_version":3,"public_key":"<ed25519 public key, hex>","provenance":{...}}
//! {"tombstone":{"entity":"examples","id":"…","deleted_at":"…"}}
//! {"record":{"entity":"themes","fields":{...}}}
//! …
//! {"end":{"records":N,"tombstones":M,"checksum":"sha256:<hex of every byte before this line>","signature":"<ed25519 signature of the checksum text, hex>"}}
//! ```
//!
//! Records and deletions stand in the order they are applied (the entities of `tables::ENTITIES`,
//! referenced tables first). The checksum covers every byte before the last line, header included,
//! and the signature covers the checksum, so a truncated, edited or forged file is refused; a reader
//! merges inside a transaction that is rolled back unless the last line verifies. Files may be
//! gzip-compressed as a whole (recognised by the magic bytes 1f 8b); the uncompressed size is capped
//! at [`MAX_BUNDLE_BYTES`]. A reader refuses a `format_version` other than [`FORMAT_VERSION`]. See
//! README, "Utbyte: filformatet", for the meaning of every field.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::error::Error;
use crate::store::keys;

/// The value of the `format` field: tells our files apart from any other JSON.
pub const FORMAT_NAME: &str = "natverket-bundle";
/// The format version this build writes and the newest it reads.
pub const FORMAT_VERSION: u32 = 3;
/// The largest uncompressed bundle we accept (200 MB): far above a network's real size, small
/// enough that a wrong or hostile file cannot exhaust memory.
pub const MAX_BUNDLE_BYTES: u64 = 200 * 1024 * 1024;
/// The file extension of bundles.
pub const FILE_EXTENSION: &str = "natverk";

/// The first bytes of a gzip stream.
pub(crate) const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];
/// The longest line (one record) a reader accepts: an example with the longest texts and a
/// thousand links stays far below it.
pub(crate) const MAX_LINE_BYTES: usize = 8 * 1024 * 1024;

/// One record: its columns (and embedded children) by name. A `BTreeMap` keeps the keys sorted,
/// which makes the serialisation canonical.
pub type Record = BTreeMap<String, Value>;

/// Where a bundle comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// The exporting installation's id (table `installation`).
    pub installation_id: String,
    /// Its municipality's SCB code, if set.
    pub municipality_code: Option<String>,
    /// Its municipality's name, for people reading the preview.
    pub municipality_name: Option<String>,
    /// The person who uses that installation, if set.
    pub author_name: String,
    /// When the bundle was written (UTC, RFC 3339).
    pub exported_at: String,
    /// The network's id and name at the exporter.
    pub network_id: String,
    pub network_name: String,
    /// `mine` or `network`.
    pub scope: String,
    /// Whether members' e-mail, phone and notes are included.
    pub contacts_included: bool,
    /// In a shared folder: how far the sender has read each other installation's files there (by
    /// installation id, the number of the latest file read), so that files all have read can go.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub read_up_to: BTreeMap<String, u64>,
}

impl Provenance {
    /// Who sent the bundle, for people: "Anna Andersson, Falun", the name or the municipality alone,
    /// or the installation's id when it names neither.
    pub fn sender_name(&self) -> String {
        match (self.author_name.as_str(), &self.municipality_name) {
            ("", Some(municipality)) => municipality.clone(),
            ("", None) => format!("installation {}", self.installation_id),
            (author, Some(municipality)) => format!("{author}, {municipality}"),
            (author, None) => author.to_string(),
        }
    }
}

/// A deletion that travels: `entity` is the record type (e.g. `examples`), `id` its key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tombstone {
    pub entity: String,
    pub id: String,
    pub deleted_at: String,
}

/// What a bundle carries, all at once: for tests and tools that craft files ([`super::stream::encode`]
/// and [`super::stream::decode`]); the app itself reads and writes one record at a time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Payload {
    pub provenance: Provenance,
    /// Records by entity name, each list sorted by key.
    pub records: BTreeMap<String, Vec<Record>>,
    pub tombstones: Vec<Tombstone>,
}

/// Who signed a bundle: the public key and the signature of the checksum (hex).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signer {
    pub public_key: String,
    pub signature: String,
}

/// The first line of a bundle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Header {
    pub format: String,
    pub format_version: u32,
    /// The signer's ed25519 public key (hex); the last line carries the signature.
    pub public_key: String,
    pub provenance: Provenance,
}

/// Only the fields that say which file this is, read from any JSON (older versions included).
#[derive(Deserialize)]
pub(crate) struct HeaderVersion {
    pub format: Option<String>,
    pub format_version: Option<u32>,
}

/// One record in a bundle: its entity and its fields (columns and embedded children).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RecordLine {
    pub entity: String,
    pub fields: Record,
}

/// The last line: how much the file holds, its checksum and signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct End {
    pub records: u64,
    pub tombstones: u64,
    pub checksum: String,
    pub signature: String,
}

/// Any line after the header.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub(crate) enum Line {
    Record(RecordLine),
    Tombstone(Tombstone),
    End(End),
}

/// What a checksum's text starts with, before the hex digest.
const CHECKSUM_PREFIX: &str = "sha256:";

/// The text a checksum is written as: `sha256:` and the hex digest.
pub(crate) fn checksum_text(digest: &[u8]) -> String {
    let mut text = String::with_capacity(CHECKSUM_PREFIX.len() + 2 * digest.len());
    text.push_str(CHECKSUM_PREFIX);
    text.push_str(&keys::hex(digest));
    text
}

/// The SHA-256 digest a checksum text stands for (the reverse of [`checksum_text`]); `None` for
/// any other text.
pub(crate) fn checksum_digest(text: &str) -> Option<[u8; 32]> {
    let mut digest = [0; 32];
    hex::decode_to_slice(text.strip_prefix(CHECKSUM_PREFIX)?, &mut digest).ok()?;
    Some(digest)
}

pub(crate) fn checksum_of(bytes: &[u8]) -> String {
    checksum_text(&Sha256::digest(bytes))
}

/// An error about the bundle file, shown at the file input (`field` "file").
pub fn bundle_error(what_is_wrong: String) -> Error {
    Error::invalid("file", format!("Utbytesfilen {what_is_wrong}"))
}

/// The canonical JSON of a record: keys sorted, no spaces. Used for hashes and tie-breaks.
pub(crate) fn canonical_json(record: &Record) -> String {
    // A BTreeMap serialises in key order; values are scalars or arrays of scalars/arrays.
    serde_json::to_string(record).unwrap_or_default()
}

/// The SHA-256 of a record's canonical JSON.
pub(crate) fn record_hash(record: &Record) -> String {
    checksum_of(canonical_json(record).as_bytes())
}
