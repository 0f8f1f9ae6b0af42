//! The registry of networks this user belongs to: a small JSON file in the app's data folder, with
//! each network's name and database file, and the one opened last.
//!
//! The file is the user's, but anything may have written it, so it is read as untrusted input: at
//! most [`MAX_REGISTRY_BYTES`] through the capped reader, at most [`MAX_NETWORKS`] entries, names and
//! paths of bounded length, only absolute paths; an entry that breaks a rule is left out, never a
//! panic. It is written atomically (a private temporary file renamed over it), so a crash leaves
//! the old list or the new one, never half of one.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::store::files::{self, CappedReadError};
use crate::store::APP_IDENTIFIER;

/// The registry's file name inside the app's data folder.
pub const REGISTRY_FILE_NAME: &str = "natverken.json";
/// The largest registry file read; a list of networks is far smaller.
pub const MAX_REGISTRY_BYTES: u64 = 256 * 1024;
/// The most networks remembered.
pub const MAX_NETWORKS: usize = 100;
/// The longest name kept (as the settings allow) and the longest path (bytes).
const NAME_MAX_CHARS: usize = crate::settings::NAME_MAX_CHARS;
const PATH_MAX_BYTES: usize = 4096;

/// `<data dir>/se.fss.natverket/natverken.json` (on Linux `~/.local/share/se.fss.natverket/`),
/// next to the FSS network's database.
pub fn default_registry_path() -> Option<PathBuf> {
    dirs::data_dir().map(|dir| dir.join(APP_IDENTIFIER).join(REGISTRY_FILE_NAME))
}

/// A network the user belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnownNetwork {
    /// The network's name as its settings said when it was last opened.
    pub name: String,
    /// Its database file (absolute).
    pub path: PathBuf,
}

/// The networks the user belongs to, in the order they were first opened, and the one opened last.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registry {
    pub networks: Vec<KnownNetwork>,
    /// The database opened last: the app opens it at the next start.
    pub current: Option<PathBuf>,
}

/// The file as stored: a version, so a later format can be told apart.
#[derive(Serialize, Deserialize)]
struct StoredRegistry {
    version: u32,
    #[serde(default)]
    networks: Vec<StoredNetwork>,
    #[serde(default)]
    current: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct StoredNetwork {
    name: String,
    path: String,
}

const FORMAT_VERSION: u32 = 1;

fn usable_path(text: &str) -> Option<PathBuf> {
    let path = PathBuf::from(text);
    (text.len() <= PATH_MAX_BYTES && path.is_absolute() && !text.contains('\0')).then_some(path)
}

fn usable_name(text: &str) -> Option<String> {
    let name = text.trim();
    let fits = !name.is_empty() && name.chars().count() <= NAME_MAX_CHARS && !name.chars().any(char::is_control);
    fits.then(|| name.to_string())
}

impl Registry {
    /// Reads the registry at `path`; no file yet is an empty registry.
    pub fn load(path: &Path) -> Result<Registry> {
        let unreadable = |why: &str| {
            Error::invalid(
                "registry",
                format!(
                    "Listan över dina nätverk ({}) {why}. Den skrivs om när du öppnar ett nätverk.",
                    path.display()
                ),
            )
        };
        let bytes = match files::read_capped(path, MAX_REGISTRY_BYTES) {
            Ok(bytes) => bytes,
            Err(CappedReadError::Io(error)) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Registry::default())
            }
            Err(CappedReadError::TooBig) => return Err(unreadable("är för stor")),
            Err(CappedReadError::Changed) => return Err(unreadable("ändrades medan den lästes")),
            Err(CappedReadError::Io(source)) => return Err(Error::Io { path: path.to_path_buf(), source }),
        };
        Registry::from_json(&bytes).map_err(unreadable)
    }

    /// The registry in a file's bytes, or (in Swedish, to follow "Listan över dina nätverk") why
    /// they are none. The bytes-level half of [`Registry::load`], for the fuzz target.
    #[doc(hidden)]
    pub fn from_json(bytes: &[u8]) -> std::result::Result<Registry, &'static str> {
        let stored: StoredRegistry = serde_json::from_slice(bytes).map_err(|_| "går inte att läsa")?;
        if stored.version != FORMAT_VERSION {
            return Err("kommer från en nyare version av appen");
        }
        Ok(Registry::from_stored(stored))
    }

    fn from_stored(stored: StoredRegistry) -> Registry {
        let mut registry = Registry::default();
        for entry in stored.networks {
            if registry.networks.len() >= MAX_NETWORKS {
                break;
            }
            if let (Some(name), Some(path)) = (usable_name(&entry.name), usable_path(&entry.path)) {
                if !registry.networks.iter().any(|known| known.path == path) {
                    registry.networks.push(KnownNetwork { name, path });
                }
            }
        }
        registry.current = stored
            .current
            .as_deref()
            .and_then(usable_path)
            .filter(|current| registry.networks.iter().any(|known| &known.path == current));
        registry
    }

    /// Writes the registry to `path` atomically, readable by its owner only.
    pub fn save(&self, path: &Path) -> Result<()> {
        let json = self.to_json()?;
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty() && !p.exists()) {
            files::create_private_folder(folder).map_err(|source| Error::Io { path: folder.to_path_buf(), source })?;
        }
        crate::store::files::write_atomically(path, &json)
    }

    /// The registry as the file holds it; [`Registry::from_json`] reads it back unchanged.
    #[doc(hidden)]
    pub fn to_json(&self) -> Result<Vec<u8>> {
        let stored = StoredRegistry {
            version: FORMAT_VERSION,
            networks: self
                .networks
                .iter()
                .map(|known| StoredNetwork { name: known.name.clone(), path: known.path.display().to_string() })
                .collect(),
            current: self.current.as_ref().map(|path| path.display().to_string()),
        };
        serde_json::to_vec_pretty(&stored)
            .map_err(|e| Error::invalid("registry", format!("Listan över nätverk kunde inte skrivas: {e}")))
    }

    /// Notes that the network `name` lives in `database` (added at the end, or its name updated)
    /// and that it is the one open now. Refuses a name or path the registry could not read back.
    pub fn remember(&mut self, name: &str, database: &Path) -> Result<()> {
        let name = usable_name(name)
            .ok_or_else(|| Error::invalid("name", format!("Nätverkets namn ska ha 1–{NAME_MAX_CHARS} tecken.")))?;
        let path = usable_path(&database.display().to_string()).ok_or_else(|| {
            Error::invalid("path", format!("{} är ingen fullständig sökväg till en databasfil.", database.display()))
        })?;
        let full = self.networks.len() >= MAX_NETWORKS;
        match self.networks.iter_mut().find(|known| known.path == path) {
            Some(known) => known.name = name,
            None if full => {
                return Err(Error::invalid("path", format!("Appen kan komma ihåg högst {MAX_NETWORKS} nätverk.")));
            }
            None => self.networks.push(KnownNetwork { name, path: path.clone() }),
        }
        self.current = Some(path);
        Ok(())
    }

    /// The known network whose database is `database`, if any.
    pub fn find(&self, database: &Path) -> Option<&KnownNetwork> {
        self.networks.iter().find(|known| known.path == database)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(json: &str) -> Registry {
        Registry::from_stored(serde_json::from_str(json).expect("test JSON"))
    }

    #[test]
    fn entries_that_break_a_rule_are_left_out_and_the_rest_kept() {
        let long_name = "x".repeat(NAME_MAX_CHARS + 1);
        let registry = stored(&format!(
            r#"{{"version":1,"current":"/n/b.sqlite3","networks":[
                {{"name":"A","path":"/n/a.sqlite3"}},
                {{"name":"{long_name}","path":"/n/long.sqlite3"}},
                {{"name":"Relativ","path":"relativ.sqlite3"}},
                {{"name":"  ","path":"/n/blank.sqlite3"}},
                {{"name":"A igen","path":"/n/a.sqlite3"}},
                {{"name":"B","path":"/n/b.sqlite3"}}]}}"#
        ));
        let names: Vec<&str> = registry.networks.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["A", "B"]);
        assert_eq!(registry.current.as_deref(), Some(Path::new("/n/b.sqlite3")));
    }

    #[test]
    fn a_current_network_that_is_not_in_the_list_is_forgotten() {
        let registry =
            stored(r#"{"version":1,"current":"/n/x.sqlite3","networks":[{"name":"A","path":"/n/a.sqlite3"}]}"#);
        assert_eq!(registry.current, None);
    }

    #[test]
    fn remembering_updates_a_name_in_place_and_marks_the_current_network() {
        let mut registry = Registry::default();
        registry.remember("Första linjen", Path::new("/n/a.sqlite3")).unwrap();
        registry.remember("SKR:s nätverk", Path::new("/n/b.sqlite3")).unwrap();
        registry.remember("Första linjens socialtjänst", Path::new("/n/a.sqlite3")).unwrap();
        let names: Vec<&str> = registry.networks.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["Första linjens socialtjänst", "SKR:s nätverk"]);
        assert_eq!(registry.current.as_deref(), Some(Path::new("/n/a.sqlite3")));
        assert!(registry.remember("", Path::new("/n/c.sqlite3")).is_err());
        assert!(registry.remember("C", Path::new("c.sqlite3")).is_err(), "a relative path is refused");
    }
}
