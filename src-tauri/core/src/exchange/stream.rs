//! Writing and reading bundle files one record at a time: memory stays bounded whatever the file's size.
//!
//! The writer hashes every line as it goes out (through gzip, into a file or a buffer) and ends with
//! the checksum and its signature; asked to, it also hashes records' fields one by one on the
//! thread that compresses (the export's exchange state needs them). The reader decompresses as it
//! reads, with the size cap, checks each line's structure before parsing it, refuses unknown
//! fields, entities out of order and too many records, and verifies the checksum and signature when
//! it reaches the last line. Whoever acts on records before that (the merge) does so in a
//! transaction that is kept only when the reader says the file was whole and signed.

use std::cell::Cell;
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::ops::Range;
use std::rc::Rc;

use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use sha2::{Digest, Sha256};

use super::format::{
    bundle_error, canonical_json, checksum_text, End, Header, HeaderVersion, Line, Payload, Provenance, Record,
    RecordLine, Signer, Tombstone, FORMAT_NAME, FORMAT_VERSION, GZIP_MAGIC, MAX_BUNDLE_BYTES, MAX_LINE_BYTES,
};
use super::limits::LineCheck;
use super::tables::{self, EntitySpec, ENTITIES};
use crate::error::Result;
use crate::store::keys::{self, InstallationKey};

/// Records of one entity a file may hold, and deletions in all.
const MOST_RECORDS_PER_ENTITY: u64 = 500_000;
const MOST_TOMBSTONES: u64 = 500_000;

fn write_error(error: impl std::fmt::Display) -> crate::error::Error {
    bundle_error(format!("kunde inte skrivas ({error})"))
}

/// Where the lines go: hashed (all but the last line, which carries the checksum) and written.
enum Sink<W: Write> {
    Plain { out: W, hasher: Sha256, record_hashes: VecDeque<[u8; 32]> },
    Gzip(BackgroundGzip<W>),
}

impl<W: Write> Sink<W> {
    /// Hashes and writes a line; with `fields`, also the SHA-256 of those bytes of it alone (a
    /// record's fields), handed back in order by [`Sink::record_hashes`].
    fn write_hashed(&mut self, bytes: &[u8], fields: Option<Range<usize>>) -> std::io::Result<()> {
        match self {
            Sink::Plain { out, hasher, record_hashes } => {
                if let Some(fields) = fields {
                    record_hashes.push_back(Sha256::digest(bytes.get(fields).unwrap_or_default()).into());
                }
                hasher.update(bytes);
                out.write_all(bytes)
            }
            Sink::Gzip(gzip) => gzip.write_hashed(bytes, fields),
        }
    }

    /// The records' hashes made so far and not yet taken.
    fn record_hashes(&mut self) -> &mut VecDeque<[u8; 32]> {
        match self {
            Sink::Plain { record_hashes, .. } => record_hashes,
            Sink::Gzip(gzip) => &mut gzip.record_hashes,
        }
    }

    /// Waits until every record written so far has its hash in [`Sink::record_hashes`].
    fn hash_every_record(&mut self) -> std::io::Result<()> {
        match self {
            Sink::Plain { .. } => Ok(()),
            Sink::Gzip(gzip) => gzip.hash_every_record(),
        }
    }

    /// The SHA-256 of everything hashed so far.
    fn digest(&mut self) -> std::io::Result<[u8; 32]> {
        match self {
            Sink::Plain { hasher, .. } => Ok(hasher.finalize_reset().into()),
            Sink::Gzip(gzip) => gzip.digest(),
        }
    }

    /// Writes the last line, which is not hashed, and ends the stream.
    fn finish(self, last: &[u8]) -> std::io::Result<W> {
        match self {
            Sink::Plain { mut out, .. } => {
                out.write_all(last)?;
                Ok(out)
            }
            Sink::Gzip(gzip) => gzip.finish(last),
        }
    }
}

/// Uncompressed bytes handed to the compressing thread at a time.
const GZIP_CHUNK_BYTES: usize = 1024 * 1024;
/// Chunks on their way to or from the compressing thread at most: memory stays a few megabytes
/// (and the records of about ten chunks wait for their hashes, see `export.rs`).
const GZIP_CHUNKS_IN_FLIGHT: usize = 4;

/// What the writer asks of the compressing thread.
enum ToGzip {
    /// Bytes to hash and compress, and the places in them of records' fields to hash one by one.
    Hashed(Vec<u8>, Vec<Range<usize>>),
    /// The hash of all the bytes so far, please.
    Digest,
    /// An answer once everything asked before has been answered.
    Caught,
    /// The last bytes (not hashed); then the stream ends.
    Last(Vec<u8>),
}

/// What comes back from it, in order.
enum FromGzip {
    /// Compressed bytes, with the hashes of the records' fields in the chunk they came from.
    Compressed(Vec<u8>, Vec<[u8; 32]>),
    Digest([u8; 32]),
    Caught,
    Failed(std::io::Error),
}

/// Hashing and gzip on a second thread, so that both overlap reading the database: chunks of lines
/// go over, compressed bytes come back and are written to `out` here, in order.
struct BackgroundGzip<W: Write> {
    out: W,
    chunk: Vec<u8>,
    /// Where the records' fields to hash lie in `chunk`.
    chunk_fields: Vec<Range<usize>>,
    /// The records' hashes that came back and were not yet taken, in order.
    record_hashes: VecDeque<[u8; 32]>,
    to_gzip: std::sync::mpsc::SyncSender<ToGzip>,
    from_gzip: std::sync::mpsc::Receiver<FromGzip>,
    worker: Option<std::thread::JoinHandle<()>>,
}

impl<W: Write> BackgroundGzip<W> {
    fn new(out: W) -> std::io::Result<Self> {
        let (to_gzip, work) = std::sync::mpsc::sync_channel::<ToGzip>(GZIP_CHUNKS_IN_FLIGHT);
        let (done, from_gzip) = std::sync::mpsc::sync_channel(GZIP_CHUNKS_IN_FLIGHT);
        let worker = std::thread::Builder::new().name("natverk-gzip".to_string()).spawn(move || {
            // Level 1: the file is mostly text and shrinks about as much; higher levels cost seconds at scale.
            let mut encoder = GzEncoder::new(Vec::with_capacity(GZIP_CHUNK_BYTES), flate2::Compression::fast());
            let mut hasher = Sha256::new();
            for asked in work {
                let reply = match asked {
                    ToGzip::Hashed(chunk, fields) => {
                        hasher.update(&chunk);
                        let record_hashes = fields
                            .into_iter()
                            .map(|fields| Sha256::digest(chunk.get(fields).unwrap_or_default()).into())
                            .collect();
                        encoder
                            .write_all(&chunk)
                            .map(|()| FromGzip::Compressed(std::mem::take(encoder.get_mut()), record_hashes))
                    }
                    ToGzip::Digest => Ok(FromGzip::Digest(hasher.finalize_reset().into())),
                    ToGzip::Caught => Ok(FromGzip::Caught),
                    ToGzip::Last(bytes) => {
                        let rest = encoder
                            .write_all(&bytes)
                            .and_then(|()| encoder.try_finish())
                            .map(|()| std::mem::take(encoder.get_mut()));
                        let _ = done
                            .send(rest.map_or_else(FromGzip::Failed, |bytes| FromGzip::Compressed(bytes, Vec::new())));
                        return;
                    }
                };
                let failed = reply.is_err();
                if done.send(reply.unwrap_or_else(FromGzip::Failed)).is_err() || failed {
                    return;
                }
            }
        })?;
        Ok(BackgroundGzip {
            out,
            chunk: Vec::with_capacity(GZIP_CHUNK_BYTES),
            chunk_fields: Vec::new(),
            record_hashes: VecDeque::new(),
            to_gzip,
            from_gzip,
            worker: Some(worker),
        })
    }

    fn write_hashed(&mut self, bytes: &[u8], fields: Option<Range<usize>>) -> std::io::Result<()> {
        if let Some(fields) = fields {
            let at = self.chunk.len();
            self.chunk_fields.push(at + fields.start..at + fields.end);
        }
        self.chunk.extend_from_slice(bytes);
        if self.chunk.len() >= GZIP_CHUNK_BYTES {
            self.send_chunk()?;
        }
        Ok(())
    }

    fn send_chunk(&mut self) -> std::io::Result<()> {
        let chunk = std::mem::replace(&mut self.chunk, Vec::with_capacity(GZIP_CHUNK_BYTES));
        if chunk.is_empty() {
            return Ok(());
        }
        let fields = std::mem::take(&mut self.chunk_fields);
        self.send(ToGzip::Hashed(chunk, fields))
    }

    /// Hands work over, writing out what came back meanwhile; waits for the thread when it is
    /// behind, so that no more than a few chunks are ever held.
    fn send(&mut self, mut asked: ToGzip) -> std::io::Result<()> {
        loop {
            while let Ok(reply) = self.from_gzip.try_recv() {
                self.take(reply)?;
            }
            match self.to_gzip.try_send(asked) {
                Ok(()) => return Ok(()),
                Err(std::sync::mpsc::TrySendError::Full(back)) => {
                    // The thread is behind: wait for one reply, take it, try again.
                    asked = back;
                    let reply = self.from_gzip.recv().map_err(|_| gzip_stopped())?;
                    self.take(reply)?;
                }
                Err(std::sync::mpsc::TrySendError::Disconnected(_)) => return Err(self.stopped()),
            }
        }
    }

    /// Writes compressed bytes out; a failure on the thread becomes this side's error.
    fn take(&mut self, reply: FromGzip) -> std::io::Result<()> {
        match reply {
            FromGzip::Compressed(bytes, record_hashes) => {
                self.record_hashes.extend(record_hashes);
                self.out.write_all(&bytes)
            }
            FromGzip::Failed(error) => Err(error),
            FromGzip::Digest(_) | FromGzip::Caught => Err(std::io::Error::other("oväntat svar från komprimeringen")),
        }
    }

    fn digest(&mut self) -> std::io::Result<[u8; 32]> {
        self.send_chunk()?;
        self.send(ToGzip::Digest)?;
        loop {
            match self.from_gzip.recv().map_err(|_| gzip_stopped())? {
                FromGzip::Digest(digest) => return Ok(digest),
                reply => self.take(reply)?,
            }
        }
    }

    fn hash_every_record(&mut self) -> std::io::Result<()> {
        self.send_chunk()?;
        self.send(ToGzip::Caught)?;
        loop {
            match self.from_gzip.recv().map_err(|_| gzip_stopped())? {
                FromGzip::Caught => return Ok(()),
                reply => self.take(reply)?,
            }
        }
    }

    fn finish(mut self, last: &[u8]) -> std::io::Result<W> {
        self.send_chunk()?;
        self.send(ToGzip::Last(last.to_vec()))?;
        // The thread sends the rest with the trailer, then stops.
        while let Ok(reply) = self.from_gzip.recv() {
            self.take(reply)?;
        }
        if let Some(worker) = self.worker.take() {
            worker.join().map_err(|_| gzip_stopped())?;
        }
        Ok(self.out)
    }

    /// The thread's own error when it stopped on one, else that it stopped.
    fn stopped(&mut self) -> std::io::Error {
        match self.from_gzip.try_recv() {
            Ok(FromGzip::Failed(error)) => error,
            _ => gzip_stopped(),
        }
    }
}

fn gzip_stopped() -> std::io::Error {
    std::io::Error::other("komprimeringen avbröts")
}

/// Writes a bundle line by line into `W`.
pub(crate) struct BundleWriter<W: Write> {
    sink: Sink<W>,
    line: Vec<u8>,
    records: u64,
    tombstones: u64,
    written: u64,
}

impl<W: Write> BundleWriter<W> {
    /// Starts a bundle from `provenance`, to be signed by `key`'s owner.
    pub(crate) fn new(out: W, compress: bool, public_key: String, provenance: Provenance) -> Result<Self> {
        let sink = if compress {
            Sink::Gzip(BackgroundGzip::new(out).map_err(write_error)?)
        } else {
            Sink::Plain { out, hasher: Sha256::new(), record_hashes: VecDeque::new() }
        };
        let mut writer = BundleWriter { sink, line: Vec::new(), records: 0, tombstones: 0, written: 0 };
        let header = Header { format: FORMAT_NAME.to_string(), format_version: FORMAT_VERSION, public_key, provenance };
        serde_json::to_writer(&mut writer.line, &header).map_err(write_error)?;
        writer.emit()?;
        Ok(writer)
    }

    /// Sends the line in the buffer: hashed, counted, written.
    fn emit(&mut self) -> Result<()> {
        self.emit_with(None)
    }

    /// [`BundleWriter::emit`], with the SHA-256 of `fields` of the line made on the way (see [`BundleWriter::record_json_hashed`]).
    fn emit_with(&mut self, fields: Option<Range<usize>>) -> Result<()> {
        self.line.push(b'\n');
        self.written = self.written.saturating_add(self.line.len() as u64);
        if self.written > MAX_BUNDLE_BYTES {
            return Err(bundle_error(format!(
                "blir större än en utbytesfil får vara ({} MB). Inget har skrivits.",
                MAX_BUNDLE_BYTES / (1024 * 1024)
            )));
        }
        self.sink.write_hashed(&self.line, fields).map_err(write_error)?;
        self.line.clear();
        Ok(())
    }

    /// Writes a record whose fields are already canonical JSON (see [`canonical_json`]).
    pub(crate) fn record_json(&mut self, entity: &str, fields_json: &[u8]) -> Result<()> {
        self.record_line(entity, fields_json, false)
    }

    /// Like [`BundleWriter::record_json`], and makes the SHA-256 of the fields on the thread that
    /// compresses the file (where there is one), beside the work of this one: the hashes come back
    /// in the order of the records, from [`BundleWriter::record_hashes`].
    pub(crate) fn record_json_hashed(&mut self, entity: &str, fields_json: &[u8]) -> Result<()> {
        self.record_line(entity, fields_json, true)
    }

    /// Writes a record's line; with `hash_fields`, its fields' SHA-256 is made on the way.
    fn record_line(&mut self, entity: &str, fields_json: &[u8], hash_fields: bool) -> Result<()> {
        self.line.extend_from_slice(br#"{"record":{"entity":"#);
        serde_json::to_writer(&mut self.line, entity).map_err(write_error)?;
        self.line.extend_from_slice(br#","fields":"#);
        let at = self.line.len();
        self.line.extend_from_slice(fields_json);
        let fields = at..self.line.len();
        self.line.extend_from_slice(b"}}");
        self.records += 1;
        self.emit_with(hash_fields.then_some(fields))
    }

    /// The hashes of the records written with [`BundleWriter::record_json_hashed`] that are ready
    /// and were not taken before, in the order of the records.
    pub(crate) fn record_hashes(&mut self) -> std::collections::vec_deque::Drain<'_, [u8; 32]> {
        self.sink.record_hashes().drain(..)
    }

    /// Waits until every record written so far has its hash ready for [`BundleWriter::record_hashes`].
    pub(crate) fn hash_every_record(&mut self) -> Result<()> {
        self.sink.hash_every_record().map_err(write_error)
    }

    /// Writes a deletion.
    pub(crate) fn tombstone(&mut self, tombstone: &Tombstone) -> Result<()> {
        self.line.extend_from_slice(br#"{"tombstone":"#);
        serde_json::to_writer(&mut self.line, tombstone).map_err(write_error)?;
        self.line.push(b'}');
        self.tombstones += 1;
        self.emit()
    }

    /// Ends the bundle with its checksum and signature; returns the output and the uncompressed size.
    pub(crate) fn finish(mut self, key: &InstallationKey) -> Result<(W, u64)> {
        let checksum = checksum_text(&self.sink.digest().map_err(write_error)?);
        let end = End {
            records: self.records,
            tombstones: self.tombstones,
            signature: key.sign(checksum.as_bytes()),
            checksum,
        };
        self.line.extend_from_slice(br#"{"end":"#);
        serde_json::to_writer(&mut self.line, &end).map_err(write_error)?;
        self.line.extend_from_slice(b"}\n");
        let size = self.written + self.line.len() as u64;
        let out = self.sink.finish(&self.line).map_err(|e| bundle_error(format!("kunde inte komprimeras ({e})")))?;
        Ok((out, size))
    }
}

/// One thing a bundle carries, as the reader hands it on.
#[derive(Debug)]
pub(crate) enum Item {
    Record(&'static EntitySpec, Record),
    Tombstone(&'static EntitySpec, Tombstone),
}

fn not_a_bundle() -> crate::error::Error {
    bundle_error(
        "är inte en utbytesfil från Nätverket, eller så är den ofullständig (till exempel avbruten när den kopierades). \
         Be avsändaren skicka den igen."
            .to_string(),
    )
}

fn damaged() -> crate::error::Error {
    bundle_error(
        "är ofullständig eller skadad (den komprimerade filen tar slut för tidigt). Inget har importerats. \
         Be avsändaren skicka den igen."
            .to_string(),
    )
}

fn too_big() -> crate::error::Error {
    bundle_error(format!(
        "är för stor (mer än {} MB okomprimerad). Inget har importerats.",
        MAX_BUNDLE_BYTES / (1024 * 1024)
    ))
}

fn unreadable(error: impl std::fmt::Display) -> crate::error::Error {
    bundle_error(format!("har ett innehåll som inte går att läsa ({error}). Inget har importerats."))
}

/// The file's bytes, counting how many have been consumed (for progress).
struct Counted<'a> {
    rest: &'a [u8],
    consumed: Rc<Cell<u64>>,
}

impl Counted<'_> {
    fn advance(&mut self, count: usize) {
        let count = count.min(self.rest.len());
        self.rest = &self.rest[count..];
        self.consumed.set(self.consumed.get().saturating_add(count as u64));
    }
}

impl Read for Counted<'_> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let count = buffer.len().min(self.rest.len());
        buffer[..count].copy_from_slice(&self.rest[..count]);
        self.advance(count);
        Ok(count)
    }
}

impl BufRead for Counted<'_> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        Ok(self.rest)
    }

    fn consume(&mut self, count: usize) {
        self.advance(count);
    }
}

/// Reads a bundle from its bytes one record at a time. [`BundleReader::next_item`] returns `None`
/// only after the last line verified: until then nothing read may be kept.
pub(crate) struct BundleReader<'a> {
    input: Box<dyn BufRead + 'a>,
    /// How many of the file's bytes (compressed, if it is) have been read, of `size`.
    consumed: Rc<Cell<u64>>,
    size: u64,
    header: Header,
    hasher: Sha256,
    read: u64,
    line: Vec<u8>,
    check: LineCheck,
    entity_index: usize,
    records_of_entity: u64,
    records: u64,
    tombstones: u64,
    finished: bool,
    /// The signature of the last line, once verified.
    signature: String,
}

impl<'a> BundleReader<'a> {
    /// Opens a bundle: decompresses as it goes, reads and checks the first line (format, version, signer).
    pub(crate) fn open(bytes: &'a [u8]) -> Result<Self> {
        let consumed = Rc::new(Cell::new(0));
        let counted = Counted { rest: bytes, consumed: Rc::clone(&consumed) };
        let input: Box<dyn BufRead + 'a> = if bytes.starts_with(&GZIP_MAGIC) {
            Box::new(BufReader::with_capacity(64 * 1024, GzDecoder::new(counted)))
        } else {
            Box::new(counted)
        };
        let placeholder = Header {
            format: String::new(),
            format_version: 0,
            public_key: String::new(),
            provenance: Provenance {
                installation_id: String::new(),
                municipality_code: None,
                municipality_name: None,
                author_name: String::new(),
                exported_at: String::new(),
                network_id: String::new(),
                network_name: String::new(),
                scope: String::new(),
                contacts_included: false,
                read_up_to: Default::default(),
            },
        };
        let mut reader = BundleReader {
            input,
            consumed,
            size: bytes.len() as u64,
            header: placeholder,
            hasher: Sha256::new(),
            read: 0,
            line: Vec::new(),
            check: LineCheck::default(),
            entity_index: 0,
            records_of_entity: 0,
            records: 0,
            tombstones: 0,
            finished: false,
            signature: String::new(),
        };
        if !reader.next_line()? {
            return Err(not_a_bundle());
        }
        let version: HeaderVersion = serde_json::from_slice(&reader.line).map_err(|_| not_a_bundle())?;
        if version.format.as_deref() != Some(FORMAT_NAME) {
            return Err(not_a_bundle());
        }
        match version.format_version.ok_or_else(not_a_bundle)? {
            0 => return Err(not_a_bundle()),
            1 => {
                return Err(bundle_error(
                    "är inte signerad (den kommer från en äldre version av Nätverket), så avsändaren kan inte kännas igen. \
                     Be avsändaren uppdatera appen och skicka filen igen. Inget har importerats."
                        .to_string(),
                ))
            }
            newer if newer > FORMAT_VERSION => {
                return Err(bundle_error(format!(
                    "har skapats av en nyare version av Nätverket (filformat {newer}, den här versionen läser till och med \
                     {FORMAT_VERSION}). Uppdatera appen och importera filen igen. Inget har importerats."
                )))
            }
            older if older < FORMAT_VERSION => {
                return Err(bundle_error(format!(
                    "har skapats av en äldre version av Nätverket (filformat {older}). Be avsändaren uppdatera appen och \
                     skicka filen igen. Inget har importerats."
                )))
            }
            _ => {}
        }
        reader.header = serde_json::from_slice(&reader.line).map_err(unreadable)?;
        reader.hasher.update(&reader.line);
        Ok(reader)
    }

    /// Where the bundle says it comes from (trusted only once the last line verified).
    pub(crate) fn provenance(&self) -> &Provenance {
        &self.header.provenance
    }

    /// How far the file has been read: bytes of it (compressed, if it is) read so far, and its size.
    pub(crate) fn position(&self) -> (u64, u64) {
        (self.consumed.get(), self.size)
    }

    /// The public key the bundle says it is signed with.
    pub(crate) fn public_key(&self) -> &str {
        &self.header.public_key
    }

    /// Reads the next line into `self.line` (with its newline), checking its structure and the caps
    /// as the bytes arrive. `false` at the end of the input.
    fn next_line(&mut self) -> Result<bool> {
        self.line.clear();
        self.check.reset();
        loop {
            let available = self.input.fill_buf().map_err(|_| damaged())?;
            if available.is_empty() {
                return Ok(!self.line.is_empty());
            }
            let (piece, line_ends) = match available.iter().position(|byte| *byte == b'\n') {
                Some(at) => (&available[..=at], true),
                None => (available, false),
            };
            let taken = piece.len();
            self.read = self.read.saturating_add(taken as u64);
            if self.read > MAX_BUNDLE_BYTES {
                return Err(too_big());
            }
            self.check.feed(piece).map_err(|what| bundle_error(format!("{what} Inget har importerats.")))?;
            if self.line.len() + taken > MAX_LINE_BYTES {
                return Err(bundle_error(format!(
                    "har en post som är för stor (mer än {} MB). Inget har importerats.",
                    MAX_LINE_BYTES / (1024 * 1024)
                )));
            }
            self.line.extend_from_slice(piece);
            self.input.consume(taken);
            if line_ends {
                return Ok(true);
            }
        }
    }

    /// The next record or deletion; `None` once the last line has verified (checksum, signature,
    /// counts). Any problem is an error that says what is wrong.
    pub(crate) fn next_item(&mut self) -> Result<Option<Item>> {
        if self.finished {
            return Ok(None);
        }
        // Every line the writer writes ends with a newline: a line without one was cut off.
        if !self.next_line()? || self.line.last() != Some(&b'\n') {
            return Err(not_a_bundle());
        }
        let line: Line = serde_json::from_slice(&self.line).map_err(unreadable)?;
        let (entity, item) = match line {
            Line::End(end) => {
                self.verify_end(&end)?;
                self.finished = true;
                return Ok(None);
            }
            Line::Record(RecordLine { entity, fields }) => {
                let spec = self.entity_in_order(&entity)?;
                spec.check_record(&fields)?;
                self.records_of_entity += 1;
                self.records += 1;
                (spec, Item::Record(spec, fields))
            }
            Line::Tombstone(tombstone) => {
                let spec = self.entity_in_order(&tombstone.entity)?;
                self.tombstones += 1;
                if self.tombstones > MOST_TOMBSTONES {
                    return Err(bundle_error(format!(
                        "har fler än {MOST_TOMBSTONES} borttagningar. Inget har importerats."
                    )));
                }
                (spec, Item::Tombstone(spec, tombstone))
            }
        };
        if self.records_of_entity > MOST_RECORDS_PER_ENTITY {
            return Err(bundle_error(format!(
                "har fler än {MOST_RECORDS_PER_ENTITY} poster av typen {}. Inget har importerats.",
                entity.label
            )));
        }
        self.hasher.update(&self.line);
        Ok(Some(item))
    }

    /// The entity named `name`, which must not come before the one of the previous line.
    fn entity_in_order(&mut self, name: &str) -> Result<&'static EntitySpec> {
        let Some(index) = ENTITIES.iter().position(|spec| spec.name == name) else {
            return Err(bundle_error(format!("innehåller en okänd sorts post ({name}). Inget har importerats.")));
        };
        if index < self.entity_index {
            return Err(bundle_error(format!(
                "har posterna i fel ordning ({name} efter {}). Inget har importerats.",
                ENTITIES[self.entity_index].name
            )));
        }
        if index > self.entity_index {
            self.entity_index = index;
            self.records_of_entity = 0;
        }
        Ok(ENTITIES[index])
    }

    fn verify_end(&mut self, end: &End) -> Result<()> {
        let checksum = checksum_text(&self.hasher.finalize_reset());
        if checksum != end.checksum || end.records != self.records || end.tombstones != self.tombstones {
            return Err(bundle_error(
                "har ändrats eller skadats efter att den skapades (kontrollsumman stämmer inte). Inget har importerats. \
                 Be avsändaren skicka den igen."
                    .to_string(),
            ));
        }
        if !keys::verify(&self.header.public_key, end.checksum.as_bytes(), &end.signature) {
            return Err(bundle_error(
                "har en signatur som inte stämmer: filen har ändrats efter att den signerades, eller så är den förfalskad. \
                 Inget har importerats."
                    .to_string(),
            ));
        }
        if self.input.fill_buf().map_err(|_| damaged())?.iter().any(|byte| !byte.is_ascii_whitespace()) {
            return Err(bundle_error("har innehåll efter sitt slut. Inget har importerats.".to_string()));
        }
        self.signature = end.signature.clone();
        Ok(())
    }
}

/// Reads a whole bundle and checks it (format, caps, checksum, signature) without keeping its
/// records; `visit` sees every item.
pub(crate) fn verify(bytes: &[u8], mut visit: impl FnMut(Item) -> Result<()>) -> Result<()> {
    let mut reader = BundleReader::open(bytes)?;
    while let Some(item) = reader.next_item()? {
        visit(item)?;
    }
    Ok(())
}

/// Serialises `payload` into a bundle file's bytes, signed with `key`, gzip-compressed when
/// `compress` is set. Records are written in the order they are applied; for tests and tools.
pub fn encode(payload: &Payload, compress: bool, key: &InstallationKey) -> Result<Vec<u8>> {
    let mut writer = BundleWriter::new(Vec::new(), compress, key.public_key(), payload.provenance.clone())?;
    let mut written_entities = Vec::new();
    for spec in ENTITIES {
        for tombstone in payload.tombstones.iter().filter(|t| t.entity == spec.name) {
            writer.tombstone(tombstone)?;
        }
        for record in payload.records.get(spec.name).into_iter().flatten() {
            writer.record_json(spec.name, canonical_json(record).as_bytes())?;
        }
        written_entities.push(spec.name);
    }
    // Entities this build does not know go last, as a crafted file would carry them.
    for tombstone in payload.tombstones.iter().filter(|t| tables::entity(&t.entity).is_none()) {
        writer.tombstone(tombstone)?;
    }
    for (entity, records) in payload.records.iter().filter(|(entity, _)| !written_entities.contains(&entity.as_str())) {
        for record in records {
            writer.record_json(entity, canonical_json(record).as_bytes())?;
        }
    }
    Ok(writer.finish(key)?.0)
}

/// A bundle around lines written by hand (each a JSON text), with a correct header from
/// `provenance`, checksum and signature: how a crafted or fuzzed file reaches the merge's checks.
pub fn encode_lines(provenance: &Provenance, lines: &str, compress: bool, key: &InstallationKey) -> Result<Vec<u8>> {
    let mut writer = BundleWriter::new(Vec::new(), compress, key.public_key(), provenance.clone())?;
    for line in lines.lines() {
        writer.line.extend_from_slice(line.as_bytes());
        writer.emit()?;
    }
    // The counts as the reader will count them (lines it cannot parse are refused before the end anyway).
    writer.records = lines.lines().filter(|line| line.trim_start().starts_with(r#"{"record""#)).count() as u64;
    writer.tombstones = lines.lines().filter(|line| line.trim_start().starts_with(r#"{"tombstone""#)).count() as u64;
    Ok(writer.finish(key)?.0)
}

/// Who sent a bundle and what it holds, from its first line only (the signature is checked when the
/// bundle is previewed or imported).
pub fn provenance_of(bytes: &[u8]) -> Result<Provenance> {
    Ok(BundleReader::open(bytes)?.header.provenance)
}

/// Reads a whole bundle into memory, checked like an import reads it; for tests and tools (the app
/// reads one record at a time).
pub fn decode(bytes: &[u8]) -> Result<(Payload, Signer)> {
    let mut reader = BundleReader::open(bytes)?;
    let mut records: std::collections::BTreeMap<String, Vec<Record>> = Default::default();
    let mut tombstones = Vec::new();
    loop {
        match reader.next_item()? {
            Some(Item::Record(spec, record)) => records.entry(spec.name.to_string()).or_default().push(record),
            Some(Item::Tombstone(_, tombstone)) => tombstones.push(tombstone),
            None => break,
        }
    }
    let signer = Signer { public_key: reader.header.public_key.clone(), signature: reader.signature.clone() };
    Ok((Payload { provenance: reader.header.provenance, records, tombstones }, signer))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Many chunks, more than may be in flight at once, come out as one gzip stream of the same bytes,
    /// hashed on the way.
    #[test]
    fn compressing_on_the_second_thread_keeps_every_byte_in_order() {
        let mut gzip = BackgroundGzip::new(Vec::new()).unwrap();
        let mut expected = Vec::new();
        for line in 0..200_000u32 {
            let text = format!("{{\"rad\":{line},\"text\":\"{}\"}}\n", line.wrapping_mul(2_654_435_761));
            gzip.write_hashed(text.as_bytes(), None).unwrap();
            expected.extend_from_slice(text.as_bytes());
        }
        assert!(expected.len() > GZIP_CHUNK_BYTES * (GZIP_CHUNKS_IN_FLIGHT + 2));
        assert_eq!(gzip.digest().unwrap(), <[u8; 32]>::from(Sha256::digest(&expected)), "the hash of every byte");
        let compressed = gzip.finish(b"sista raden\n").unwrap();
        expected.extend_from_slice(b"sista raden\n");
        let mut decoded = Vec::new();
        GzDecoder::new(compressed.as_slice()).read_to_end(&mut decoded).unwrap();
        assert_eq!(decoded, expected);
    }

    /// Records' own hashes, made on the compressing thread over many chunks (more than may be in
    /// flight), come back one per record and in the records' order, lines without one between them.
    #[test]
    fn records_hashes_come_back_in_order_across_chunks() {
        let mut gzip = BackgroundGzip::new(Vec::new()).unwrap();
        let (mut expected, mut received, mut written) = (Vec::new(), Vec::new(), 0);
        for line in 0..150_000u32 {
            let fields = format!("{{\"id\":\"{line}\",\"text\":\"{}\"}}", line.wrapping_mul(2_654_435_761));
            let text = format!("{{\"record\":{{\"entity\":\"examples\",\"fields\":{fields}}}}}\n");
            let at = text.find(&fields).unwrap();
            if line % 7 == 0 {
                gzip.write_hashed(b"{\"tombstone\":{}}\n", None).unwrap();
            }
            gzip.write_hashed(text.as_bytes(), Some(at..at + fields.len())).unwrap();
            written += text.len();
            expected.push(<[u8; 32]>::from(Sha256::digest(fields.as_bytes())));
            received.extend(gzip.record_hashes.drain(..));
        }
        assert!(written > GZIP_CHUNK_BYTES * (GZIP_CHUNKS_IN_FLIGHT + 2));
        assert!(!received.is_empty() && received.len() < expected.len(), "some came back while writing");
        gzip.hash_every_record().unwrap();
        received.extend(gzip.record_hashes.drain(..));
        assert_eq!(received.len(), expected.len());
        assert!(received == expected, "every record's hash, in order");
        gzip.finish(b"").unwrap();
    }

    /// A disk that fails while the file is written: the error comes back, nothing hangs.
    #[test]
    fn a_failing_output_is_reported_not_waited_on() {
        struct FullDisk;
        impl Write for FullDisk {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("disken är full"))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut gzip = BackgroundGzip::new(FullDisk).unwrap();
        let mut result = Ok(());
        for _ in 0..64 {
            result = gzip.write_hashed(&[b'x'; 256 * 1024], None);
            if result.is_err() {
                break;
            }
        }
        let error = result.and_then(|()| gzip.finish(b"").map(|_| ())).unwrap_err();
        assert!(error.to_string().contains("disken är full"), "{error}");
    }
}
