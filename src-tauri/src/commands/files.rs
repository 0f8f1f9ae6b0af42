//! The command that chooses a file to import in the native open dialog (dropped files arrive as an event instead).

use tauri::{AppHandle, State};

use crate::chosen_files::{ChosenFile, ChosenFiles, ImportKind};
use crate::desktop::pick_import_path;
use crate::ipc_error::IpcError;

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
