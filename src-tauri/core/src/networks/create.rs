//! A new network's database: one the user creates (its own name and settings, no FSS meetings or
//! themes), or one received from its hosts (a database file, or a `.natverk` bundle of the whole network).
//!
//! Nothing is left behind when it fails: a bad setting is refused before any file exists, and a
//! received file that cannot be opened or imported takes the half-made database with it.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::exchange::{self, Acceptance, Scope};
use crate::settings::{self, NetworkSettings};
use crate::store::backup::OtherInstallation;
use crate::store::{ids, Database, DATABASE_FILE_NAME};

/// The folder, inside `networks_folder`, for a new network named `name`: a readable name made of
/// the network's (`skr-s-natverk`), numbered if that folder is taken. Each network has a folder of
/// its own, so its backups and signing key (kept next to the database) stay apart from the others'.
pub fn folder_for_new_network(networks_folder: &Path, name: &str) -> PathBuf {
    let mut slug = String::new();
    for c in name.trim().to_lowercase().chars() {
        let plain = match c {
            'å' | 'ä' | 'á' | 'à' => 'a',
            'ö' | 'ø' | 'ó' => 'o',
            'é' | 'è' | 'ë' => 'e',
            'ü' => 'u',
            c if c.is_ascii_alphanumeric() => c,
            _ => '-',
        };
        if !(plain == '-' && (slug.is_empty() || slug.ends_with('-'))) && slug.len() < 40 {
            slug.push(plain);
        }
    }
    let slug = match slug.trim_end_matches('-') {
        "" => "natverk".to_string(),
        trimmed => trimmed.to_string(),
    };
    let mut candidate = networks_folder.join(&slug);
    let mut number = 2_u32;
    while candidate.exists() && number < 10_000 {
        candidate = networks_folder.join(format!("{slug}-{number}"));
        number += 1;
    }
    candidate
}

/// Removes what an unfinished new network left: its folder if this attempt made it, else its files.
fn remove_unfinished(path: &Path, made_folder: Option<&Path>) {
    match made_folder {
        Some(folder) => {
            let _ = std::fs::remove_dir_all(folder);
        }
        None => {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
        }
    }
}

/// Runs `fill` on a new database at `path` made by `create`; on any failure removes what was made.
fn new_database<T>(
    path: &Path,
    create: impl FnOnce(&Path) -> Result<Database>,
    fill: impl FnOnce(&mut Database) -> Result<T>,
) -> Result<(Database, T)> {
    if path.exists() {
        return Err(Error::CannotOpen {
            path: path.to_path_buf(),
            reason: "det finns redan en fil med det namnet".into(),
        });
    }
    let made_folder = path.parent().filter(|folder| !folder.as_os_str().is_empty() && !folder.exists());
    let made_folder = made_folder.map(Path::to_path_buf);
    let outcome = create(path).and_then(|mut db| fill(&mut db).map(|value| (db, value)));
    if outcome.is_err() {
        remove_unfinished(path, made_folder.as_deref());
    }
    outcome
}

/// Creates a network's database at `path` (which must not exist) with `settings`: its own name,
/// organizer, meeting times and time zone, the regions and municipalities, and no meetings or
/// themes. Settings are checked before anything is written.
pub fn create_network(path: &Path, settings: &NetworkSettings) -> Result<Database> {
    let valid = settings.validated()?;
    let (db, _) = new_database(
        path,
        |path| Database::create_for_other_network(path, &ids::new_id(), &valid.network_name),
        |db| db.write(|tx| settings::save(tx, &valid)),
    )?;
    Ok(db)
}

/// What was opened from a file received from the hosts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReceivedNetwork {
    /// The network's name.
    pub name: String,
    /// One Swedish sentence on what was opened (and, for a bundle, whom it came from).
    pub summary: String,
}

/// The longest network id accepted from a bundle (ids are UUIDs or short seed ids).
const NETWORK_ID_MAX_CHARS: usize = 100;

/// Opens a network received from its hosts into a new database at `path` (which must not exist):
/// a `.natverk` bundle of the whole network is imported into a database made for that network
/// (its sender accepted as a host, as the user asked by opening it); any other file must be
/// Nätverket's database, checked and copied in as a restore does (this installation keeps its own
/// identity).
pub fn open_received_network(received: &Path, path: &Path) -> Result<(Database, ReceivedNetwork)> {
    if is_bundle(received) {
        open_received_bundle(received, path)
    } else {
        new_database(
            path,
            |path| Database::create_for_other_network(path, &ids::new_id(), "Mottaget nätverk"),
            |db| {
                db.restore_from(received, chrono::Utc::now(), OtherInstallation::Allow)?;
                let name = settings::load(db.conn())?.network_name;
                Ok(ReceivedNetwork {
                    summary: format!("Nätverket ”{name}” öppnades från databasfilen {}.", received.display()),
                    name,
                })
            },
        )
    }
}

/// What a file received from the hosts would open, shown before anything is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReceivedPreview {
    pub network_name: String,
    /// One Swedish sentence on what it holds.
    pub summary: String,
    /// For a bundle: who signed it, and their key's fingerprint to compare with the host before
    /// accepting them as a host of the new network.
    pub sender_name: Option<String>,
    pub fingerprint: Option<String>,
}

fn is_bundle(received: &Path) -> bool {
    received.extension().is_some_and(|ext| ext.eq_ignore_ascii_case(exchange::FILE_EXTENSION))
}

/// What opening `received` would give, without writing anything: a bundle is imported into a
/// throwaway in-memory database of its network, a database file is checked as a backup is.
pub fn preview_received_network(received: &Path) -> Result<ReceivedPreview> {
    if is_bundle(received) {
        let bundle = NetworkBundle::read(received)?;
        let db = Database::open_in_memory_for_other_network(&bundle.network_id, &bundle.name)?;
        let report = exchange::preview_import(&db, &bundle.bytes)?;
        Ok(ReceivedPreview {
            network_name: bundle.name,
            summary: format!("Utbytesfil med hela nätverket: {}.", what_the_bundle_holds(&report)),
            sender_name: Some(report.source.sender_name()),
            fingerprint: Some(report.sender.fingerprint),
        })
    } else {
        let info = Database::open_in_memory()?.inspect_backup(received)?;
        Ok(ReceivedPreview {
            network_name: info.network_name.unwrap_or_else(|| "Mottaget nätverk".into()),
            summary: format!("Databasfil: {}", info.summary),
            sender_name: None,
            fingerprint: None,
        })
    }
}

/// What a network's bundle brings into a new, empty database, as people count it: "2 medlemmar, 5
/// träffar, 1 exempel och 3 teman" (the import's own counts of new and unchanged records say little
/// when everything is new), and the records that cannot be taken in, if any.
fn what_the_bundle_holds(report: &exchange::ImportReport) -> String {
    const COUNTED: [(&str, &str, &str); 4] = [
        ("members", "medlem", "medlemmar"),
        ("meetings", "träff", "träffar"),
        ("examples", "exempel", "exempel"),
        ("themes", "tema", "teman"),
    ];
    let parts: Vec<String> = COUNTED
        .iter()
        .map(|(entity, one, many)| {
            let count = report.added.iter().chain(&report.updated).filter(|change| change.entity == *entity).count();
            format!("{count} {}", if count == 1 { one } else { many })
        })
        .collect();
    let mut holds = match parts.split_last() {
        Some((last, rest)) => format!("{} och {last}", rest.join(", ")),
        None => String::new(),
    };
    if !report.skipped.is_empty() {
        holds.push_str(&format!("; {} poster kan inte tas med", report.skipped.len()));
    }
    holds
}

/// A bundle of a whole network, read and checked enough to make a database for it.
struct NetworkBundle {
    bytes: Vec<u8>,
    network_id: String,
    name: String,
}

impl NetworkBundle {
    fn read(received: &Path) -> Result<NetworkBundle> {
        let bytes = exchange::read_bundle_file(received)?;
        let source = exchange::stream::provenance_of(&bytes)?;
        if source.scope != Scope::Network.code() {
            return Err(exchange::bundle_error(
                "innehåller bara en medlems egna exempel (”mina exempel”), inte hela nätverket. Be värdarna om en \
                 fil med hela nätverket."
                    .into(),
            ));
        }
        let network_id = source.network_id.trim();
        if network_id.is_empty() || network_id.chars().count() > NETWORK_ID_MAX_CHARS {
            return Err(exchange::bundle_error("saknar ett giltigt id för nätverket. Inget har öppnats.".into()));
        }
        let name = source.network_name.trim();
        let usable = !name.is_empty() && name.chars().count() <= settings::NAME_MAX_CHARS;
        Ok(NetworkBundle {
            network_id: network_id.to_string(),
            name: if usable { name.to_string() } else { "Mottaget nätverk".to_string() },
            bytes,
        })
    }
}

fn open_received_bundle(received: &Path, path: &Path) -> Result<(Database, ReceivedNetwork)> {
    let bundle = NetworkBundle::read(received)?;
    new_database(
        path,
        |path| Database::create_for_other_network(path, &bundle.network_id, &bundle.name),
        |db| {
            let report = exchange::apply_import(db, &bundle.bytes, Acceptance::host())?;
            let name = settings::load(db.conn())?.network_name;
            Ok(ReceivedNetwork {
                summary: format!(
                    "Nätverket ”{name}” öppnades från {}. Avsändaren {} (fingeravtryck {}) är godkänd som värd. {}.",
                    received.display(),
                    report.source.sender_name(),
                    report.sender.fingerprint,
                    report.summary()
                ),
                name,
            })
        },
    )
}

/// The database file of a network in `folder`.
pub fn database_in(folder: &Path) -> PathBuf {
    folder.join(DATABASE_FILE_NAME)
}
