//! Files chosen for an import (in the open dialog or dropped on the window), kept by the shell under an id.
//!
//! The web view only ever sees `{id, name}`: it cannot name a path. The preview reads the file once,
//! with the import's size cap, and keeps the bytes; the apply uses exactly those bytes, so what is
//! imported is what the preview showed even if the file changes on disk in between.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use tauri::Manager;

use natverk_core::store::files::{self, CappedReadError};

use crate::desktop::FileType;
use crate::dropped_answers::{self, DroppedAnswers, SortedDrop};
use crate::ipc_error::IpcError;
use crate::window_drops::{Dropped, WindowDrops};

/// How many chosen files are kept at once (the oldest goes first); each import needs one.
const KEPT_FILES: usize = 4;

/// Which import a file is for: decides the dialog's file type and the size cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImportKind {
    /// A member list from Excel (CSV).
    Members,
    /// An .ics calendar file.
    Calendar,
    /// A `.natverk` exchange bundle.
    Bundle,
    /// A meeting's attendance report from Teams (.csv, UTF-16 or UTF-8).
    Teams,
}

impl ImportKind {
    /// The title of the open dialog.
    pub fn dialog_title(self) -> &'static str {
        match self {
            ImportKind::Members => "Välj en medlemslista (CSV)",
            ImportKind::Calendar => "Välj en kalenderfil (.ics)",
            ImportKind::Bundle => "Välj en utbytesfil (.natverk)",
            ImportKind::Teams => "Välj närvarorapporten från Teams (.csv)",
        }
    }

    /// The file type the open dialog offers.
    pub fn file_type(self) -> FileType<'static> {
        match self {
            ImportKind::Members => FileType { name: "Medlemslista (CSV)", extensions: &["csv", "txt"] },
            ImportKind::Calendar => FileType { name: "Kalenderfil", extensions: &["ics"] },
            ImportKind::Bundle => {
                FileType { name: "Utbytesfil för Nätverket", extensions: &[natverk_core::exchange::FILE_EXTENSION] }
            }
            ImportKind::Teams => FileType { name: "Närvarorapport från Teams", extensions: &["csv", "tsv", "txt"] },
        }
    }

    /// The largest file this import reads; the core checks the content again.
    fn max_bytes(self) -> u64 {
        match self {
            ImportKind::Members => natverk_core::members::csv::MAX_FILE_BYTES as u64,
            ImportKind::Calendar => natverk_core::calendar::import::MAX_FILE_BYTES as u64,
            ImportKind::Bundle => natverk_core::exchange::format::MAX_BUNDLE_BYTES,
            ImportKind::Teams => natverk_core::meetings::teams_report::MAX_FILE_BYTES as u64,
        }
    }

    fn too_big(self) -> String {
        let megabytes = self.max_bytes() / (1024 * 1024);
        match self {
            ImportKind::Members => {
                format!("Filen är större än {megabytes} MB. Välj en medlemslista sparad som CSV från Excel.")
            }
            ImportKind::Calendar => format!("Kalenderfilen är större än {megabytes} MB. Inget har importerats."),
            ImportKind::Bundle => format!("Utbytesfilen är större än {megabytes} MB. Inget har importerats."),
            ImportKind::Teams => {
                format!("Filen är större än {megabytes} MB. Välj närvarorapporten som du laddade ner från Teams.")
            }
        }
    }
}

/// A chosen file as the web view sees it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ChosenFile {
    pub id: String,
    pub name: String,
}

struct Entry {
    file: ChosenFile,
    path: PathBuf,
    /// The bytes the latest preview read, and as what.
    previewed: Option<(ImportKind, Arc<Vec<u8>>)>,
}

/// The chosen files, newest last (managed state of the app).
#[derive(Default)]
pub struct ChosenFiles {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    counter: u64,
    entries: VecDeque<Entry>,
}

fn invalid_file(message: String) -> IpcError {
    IpcError { kind: "invalid", message, field: Some("file") }
}

fn gone() -> IpcError {
    invalid_file("Filen är inte vald längre. Välj den igen.".into())
}

/// Reads `path` once, within the import's cap, through the core's capped reader.
fn read_capped(path: &Path, name: &str, kind: ImportKind) -> Result<Vec<u8>, IpcError> {
    files::read_capped(path, kind.max_bytes()).map_err(|error| match error {
        CappedReadError::TooBig => invalid_file(kind.too_big()),
        CappedReadError::Changed => invalid_file(format!(
            "Filen {name} ändrades medan den lästes. Vänta tills den är färdigsparad och välj den igen."
        )),
        CappedReadError::Io(_) => {
            invalid_file(format!("Filen {name} kunde inte läsas. Finns den kvar, och får du öppna den?"))
        }
    })
}

impl ChosenFiles {
    fn lock(&self) -> Result<std::sync::MutexGuard<'_, Inner>, IpcError> {
        self.inner.lock().map_err(|_| IpcError::internal("Den valda filen kunde inte hämtas. Starta om appen."))
    }

    /// Keeps `path` under a new id and returns what the web view may know of it.
    pub fn add(&self, path: PathBuf) -> Result<ChosenFile, IpcError> {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "filen".into());
        let mut inner = self.lock()?;
        inner.counter += 1;
        let file = ChosenFile { id: format!("fil-{}", inner.counter), name };
        inner.entries.push_back(Entry { file: file.clone(), path, previewed: None });
        while inner.entries.len() > KEPT_FILES {
            inner.entries.pop_front();
        }
        Ok(file)
    }

    /// Reads the file `id` for a preview as `kind` (within its size cap) and keeps the bytes for the apply.
    pub fn read_for_preview(&self, id: &str, kind: ImportKind) -> Result<Arc<Vec<u8>>, IpcError> {
        let (path, name) = {
            let inner = self.lock()?;
            let entry = inner.entries.iter().find(|e| e.file.id == id).ok_or_else(gone)?;
            (entry.path.clone(), entry.file.name.clone())
        };
        let bytes = Arc::new(read_capped(&path, &name, kind)?);
        let mut inner = self.lock()?;
        let entry = inner.entries.iter_mut().find(|e| e.file.id == id).ok_or_else(gone)?;
        entry.previewed = Some((kind, Arc::clone(&bytes)));
        Ok(bytes)
    }

    /// The bytes the preview of `id` as `kind` read; refused when there was no such preview.
    pub fn previewed(&self, id: &str, kind: ImportKind) -> Result<Arc<Vec<u8>>, IpcError> {
        let inner = self.lock()?;
        let entry = inner.entries.iter().find(|e| e.file.id == id).ok_or_else(gone)?;
        match &entry.previewed {
            Some((previewed_as, bytes)) if *previewed_as == kind => Ok(Arc::clone(bytes)),
            _ => Err(invalid_file("Förhandsgranska filen innan den importeras.".into())),
        }
    }

    /// Lets go of `id` (after a successful import).
    pub fn forget(&self, id: &str) {
        if let Ok(mut inner) = self.lock() {
            inner.entries.retain(|e| e.file.id != id);
        }
    }
}

/// Files dropped on the window. Answers to invitations (told by their content) go to the answers
/// preview ([`crate::dropped_answers`]); otherwise the first dropped file is kept like a chosen one
/// and the import on screen previews it. Either way the page gets the drop from
/// [`crate::window_drops`]. The files are read off the window's thread.
pub fn dropped(app: &tauri::AppHandle, paths: Vec<PathBuf>) {
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let dropped = match dropped_answers::sort_drop(&paths) {
            SortedDrop::Answers { names, files } => Dropped::Answers(app.state::<DroppedAnswers>().keep(names, files)),
            SortedDrop::Other(path) => match app.state::<ChosenFiles>().add(path) {
                Ok(file) => Dropped::File(file),
                Err(error) => {
                    log::warn!("den släppta filen kunde inte tas emot: {}", error.kind);
                    return;
                }
            },
            SortedDrop::Nothing => return,
        };
        app.state::<WindowDrops>().post(dropped);
    });
}

/// Environment variable for the end-to-end tests, in debug builds only: a folder whose files the
/// window's `natverket:test-slapp` event drops on the window as if dragged there (WebDriver cannot
/// drag files from outside the page). The event carries no path: the web view still names none.
#[cfg(debug_assertions)]
pub const DROP_FROM_ENV: &str = "NATVERKET_DROP_FROM";

/// In debug builds with [`DROP_FROM_ENV`] set, drops that folder's files (sorted by name) when the
/// window emits `natverket:test-slapp`.
#[cfg(debug_assertions)]
pub fn listen_for_test_drops(app: &tauri::AppHandle) {
    use tauri::Listener;
    let Some(folder) = std::env::var_os(DROP_FROM_ENV).filter(|v| !v.is_empty()).map(PathBuf::from) else {
        return;
    };
    let handle = app.clone();
    app.listen_any("natverket:test-slapp", move |_| {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&folder)
            .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        paths.sort();
        dropped(&handle, paths);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_with(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    #[test]
    fn the_apply_gets_the_bytes_the_preview_read_even_if_the_file_changes() {
        let dir = tempfile::tempdir().unwrap();
        let path = file_with(dir.path(), "lista.csv", b"Namn;E-post\n");
        let files = ChosenFiles::default();
        let chosen = files.add(path.clone()).unwrap();
        assert_eq!(chosen.name, "lista.csv");
        assert_eq!(files.previewed(&chosen.id, ImportKind::Members).unwrap_err().field, Some("file"));
        assert_eq!(*files.read_for_preview(&chosen.id, ImportKind::Members).unwrap(), b"Namn;E-post\n");
        std::fs::write(&path, b"changed").unwrap();
        assert_eq!(*files.previewed(&chosen.id, ImportKind::Members).unwrap(), b"Namn;E-post\n");
        assert!(files.previewed(&chosen.id, ImportKind::Bundle).is_err(), "previewed as another import");
        files.forget(&chosen.id);
        assert!(files.previewed(&chosen.id, ImportKind::Members).is_err());
    }

    #[test]
    fn a_file_above_the_cap_is_refused_in_swedish() {
        let dir = tempfile::tempdir().unwrap();
        let big = vec![b'x'; natverk_core::members::csv::MAX_FILE_BYTES + 1];
        let files = ChosenFiles::default();
        let chosen = files.add(file_with(dir.path(), "stor.csv", &big)).unwrap();
        let error = files.read_for_preview(&chosen.id, ImportKind::Members).unwrap_err();
        assert!(error.message.contains("större än 5 MB"), "{}", error.message);
        let missing = files.add(dir.path().join("borta.ics")).unwrap();
        let error = files.read_for_preview(&missing.id, ImportKind::Calendar).unwrap_err();
        assert!(error.message.contains("borta.ics kunde inte läsas"), "{}", error.message);
    }

    #[test]
    fn only_the_newest_files_are_kept_and_ids_are_never_reused() {
        let files = ChosenFiles::default();
        let ids: Vec<String> = (0..KEPT_FILES + 1).map(|n| files.add(format!("{n}.ics").into()).unwrap().id).collect();
        assert_eq!(ids.iter().collect::<std::collections::BTreeSet<_>>().len(), ids.len());
        assert_eq!(files.read_for_preview(&ids[0], ImportKind::Calendar).unwrap_err().message, gone().message);
    }
}
