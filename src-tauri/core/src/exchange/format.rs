//! The bundle file format (`.natverk`): a versioned JSON envelope around a checksummed payload, optionally gzip-compressed.
//!
//! ```text
//! {"format":"natverket-bundle","format_version":2,
//!  "checksum":"sha256:<hex of the payload's exact bytes>",
//!  "signer":{"public_key":"<ed25519 public key, hex>","signature":"<ed25519 signature of the payload's bytes, hex>"},
//!  "payload":{"provenance":{...},"records":{"members":[...],...},"tombstones":[...]}}
//! ```
//!
//! The checksum and the signature cover the payload's bytes exactly as written (read back with
//! `RawValue`), so a truncated, edited or forged file is refused before anything is merged. Version
//! 1 files (unsigned) are refused: whether to trust the signer is decided in `merge`. Files may be gzip-compressed
//! (recognised by the magic bytes 1f 8b); the uncompressed size is capped at [`MAX_BUNDLE_BYTES`].
//! A reader refuses a `format_version` newer than [`FORMAT_VERSION`]: it cannot know what a newer
//! writer meant. See README, "Utbyte: filformatet", for the meaning of every field.

use std::collections::BTreeMap;
use std::io::{Read, Write};

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::store::keys::{self, InstallationKey};

/// The value of the `format` field: tells our files apart from any other JSON.
pub const FORMAT_NAME: &str = "natverket-bundle";
/// The format version this build writes and the newest it reads.
pub const FORMAT_VERSION: u32 = 2;
/// The largest uncompressed bundle we accept (200 MB): far above a network's real size, small
/// enough that a wrong or hostile file cannot exhaust memory.
pub const MAX_BUNDLE_BYTES: u64 = 200 * 1024 * 1024;
/// The file extension of bundles.
pub const FILE_EXTENSION: &str = "natverk";

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// One record: its columns (and embedded children) by name. A `BTreeMap` keeps the keys sorted,
/// which makes the serialisation canonical.
pub type Record = BTreeMap<String, Value>;

/// Where a bundle comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
pub struct Tombstone {
    pub entity: String,
    pub id: String,
    pub deleted_at: String,
}

/// What a bundle carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Payload {
    pub provenance: Provenance,
    /// Records by entity name, each list sorted by key.
    pub records: BTreeMap<String, Vec<Record>>,
    pub tombstones: Vec<Tombstone>,
}

/// Who signed a bundle: the public key and the signature of the payload's bytes (hex).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signer {
    pub public_key: String,
    pub signature: String,
}

#[derive(Serialize)]
struct EnvelopeOut<'a> {
    format: &'a str,
    format_version: u32,
    checksum: String,
    signer: Signer,
    payload: &'a RawValue,
}

#[derive(Deserialize)]
struct EnvelopeHeader {
    format: Option<String>,
    format_version: Option<u32>,
}

#[derive(Deserialize)]
struct EnvelopeIn<'a> {
    checksum: String,
    signer: Option<Signer>,
    #[serde(borrow)]
    payload: &'a RawValue,
}

fn checksum_of(bytes: &[u8]) -> String {
    format!("sha256:{}", keys::hex(&Sha256::digest(bytes)))
}

/// Serialises `payload` into a bundle file's bytes, signed with `key`, gzip-compressed when `compress` is set.
pub fn encode(payload: &Payload, compress: bool, key: &InstallationKey) -> Result<Vec<u8>> {
    let payload_json = serde_json::to_string(payload).map_err(|e| bundle_error(format!("kunde inte skrivas ({e})")))?;
    encode_json(payload_json, compress, key)
}

/// Like [`encode`], for a payload already written as JSON.
pub fn encode_json(payload_json: String, compress: bool, key: &InstallationKey) -> Result<Vec<u8>> {
    let raw = RawValue::from_string(payload_json).map_err(|e| bundle_error(format!("kunde inte skrivas ({e})")))?;
    let envelope = EnvelopeOut {
        format: FORMAT_NAME,
        format_version: FORMAT_VERSION,
        checksum: checksum_of(raw.get().as_bytes()),
        signer: Signer { public_key: key.public_key(), signature: key.sign(raw.get().as_bytes()) },
        payload: &raw,
    };
    let json = serde_json::to_vec(&envelope).map_err(|e| bundle_error(format!("kunde inte skrivas ({e})")))?;
    if !compress {
        return Ok(json);
    }
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder
        .write_all(&json)
        .and_then(|()| encoder.finish())
        .map_err(|e| bundle_error(format!("kunde inte komprimeras ({e})")))
}

/// Reads a bundle file's bytes: decompresses, checks format, version, size, checksum and signature,
/// and returns the payload with its signer. Any failure is an error that says what is wrong;
/// nothing is imported.
pub fn decode(bytes: &[u8]) -> Result<(Payload, Signer)> {
    let json = decompressed(bytes)?;
    let not_a_bundle = || {
        bundle_error(
            "är inte en utbytesfil från Nätverket, eller så är den ofullständig (till exempel avbruten när den kopierades). \
             Be avsändaren skicka den igen."
                .to_string(),
        )
    };
    let header: EnvelopeHeader = serde_json::from_slice(&json).map_err(|_| not_a_bundle())?;
    if header.format.as_deref() != Some(FORMAT_NAME) {
        return Err(not_a_bundle());
    }
    let version = header.format_version.ok_or_else(not_a_bundle)?;
    if version > FORMAT_VERSION {
        return Err(bundle_error(format!(
            "har skapats av en nyare version av Nätverket (filformat {version}, den här versionen läser till och med {FORMAT_VERSION}). \
             Uppdatera appen och importera filen igen. Inget har importerats."
        )));
    }
    if version == 0 {
        return Err(not_a_bundle());
    }
    if version < FORMAT_VERSION {
        return Err(bundle_error(
            "är inte signerad (den kommer från en äldre version av Nätverket), så avsändaren kan inte kännas igen. \
             Be avsändaren uppdatera appen och skicka filen igen. Inget har importerats."
                .to_string(),
        ));
    }
    let envelope: EnvelopeIn = serde_json::from_slice(&json).map_err(|_| not_a_bundle())?;
    if checksum_of(envelope.payload.get().as_bytes()) != envelope.checksum {
        return Err(bundle_error(
            "har ändrats eller skadats efter att den skapades (kontrollsumman stämmer inte). Inget har importerats. \
             Be avsändaren skicka den igen."
                .to_string(),
        ));
    }
    let signer = envelope
        .signer
        .ok_or_else(|| bundle_error("saknar avsändarens signatur. Inget har importerats.".to_string()))?;
    if !keys::verify(&signer.public_key, envelope.payload.get().as_bytes(), &signer.signature) {
        return Err(bundle_error(
            "har en signatur som inte stämmer: filen har ändrats efter att den signerades, eller så är den förfalskad. \
             Inget har importerats."
                .to_string(),
        ));
    }
    super::limits::check(envelope.payload.get().as_bytes())
        .map_err(|what| bundle_error(format!("{what} Inget har importerats.")))?;
    let payload = serde_json::from_str(envelope.payload.get())
        .map_err(|e| bundle_error(format!("har ett innehåll som inte går att läsa ({e}). Inget har importerats.")))?;
    Ok((payload, signer))
}

/// The JSON text of a bundle, decompressed if it was gzip, refused above the size cap.
fn decompressed(bytes: &[u8]) -> Result<Vec<u8>> {
    let too_big = || {
        bundle_error(format!(
            "är för stor (mer än {} MB okomprimerad). Inget har importerats.",
            MAX_BUNDLE_BYTES / (1024 * 1024)
        ))
    };
    if !bytes.starts_with(&GZIP_MAGIC) {
        if bytes.len() as u64 > MAX_BUNDLE_BYTES {
            return Err(too_big());
        }
        return Ok(bytes.to_vec());
    }
    let mut json = Vec::new();
    flate2::read::GzDecoder::new(bytes).take(MAX_BUNDLE_BYTES + 1).read_to_end(&mut json).map_err(|_| {
        bundle_error(
            "är ofullständig eller skadad (den komprimerade filen tar slut för tidigt). Inget har importerats. \
                 Be avsändaren skicka den igen."
                .to_string(),
        )
    })?;
    if json.len() as u64 > MAX_BUNDLE_BYTES {
        return Err(too_big());
    }
    Ok(json)
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
