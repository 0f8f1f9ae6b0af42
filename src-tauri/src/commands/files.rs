//! The commands that choose a file to import in the native open dialog and hand the page what is dropped on the window.

use tauri::{AppHandle, State};

use crate::chosen_files::{ChosenFile, ChosenFiles, ImportKind};
use crate::desktop::pick_import_path;
use crate::ipc_error::IpcError;
use crate::window_drops::{WindowDrop, WindowDrops};

/// Asks which file to import as `kind` and keeps it; `None` when the user cancels. The web view gets
/// the file's id and name, never its path; the import's preview and apply commands take the id.
#[tauri::command(async)]
pub fn choose_import_file(
    app: AppHandle,
    files: State<'_, ChosenFiles>,
    kind: ImportKind,
) -> Result<Option<ChosenFile>, IpcError> {
    let Some(path) = pick_import_path(&app, kind.dialog_title(), kind.file_type()) else {
        return Ok(None);
    };
    files.add(path).map(Some)
}

/// Waits for the next drop on the window numbered after `after` (the last one the page got; none
/// for the first call) and answers with it ([`crate::window_drops`]).
#[tauri::command]
pub async fn next_window_drop(drops: State<'_, WindowDrops>, after: Option<u64>) -> Result<WindowDrop, IpcError> {
    drops.next_after(after).await
}
