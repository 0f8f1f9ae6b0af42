//! Desktop integration used by commands: native open/save dialogs and opening links outside the app.
//!
//! Dialogs run from Rust, so the web view itself gets no file-system permission; links open only
//! when they are https or mailto, so a stored `javascript:` or `file:` link can never be launched.

use std::path::PathBuf;

use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

use crate::ipc_error::IpcError;

/// A file type offered in a dialog: a Swedish name and its extensions without dots.
pub struct FileType<'a> {
    pub name: &'a str,
    pub extensions: &'a [&'a str],
}

/// Environment variable for the end-to-end tests: save into this folder under the suggested name
/// instead of showing the native dialog, which WebDriver cannot operate.
pub const SAVE_WITHOUT_DIALOG_ENV: &str = "NATVERKET_SAVE_WITHOUT_DIALOG_TO";

/// Asks where to save a file; `None` when the user cancels.
pub fn pick_save_path(app: &AppHandle, title: &str, suggested_name: &str, file_type: FileType<'_>) -> Option<PathBuf> {
    if let Some(folder) = std::env::var_os(SAVE_WITHOUT_DIALOG_ENV).filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(folder).join(suggested_name));
    }
    app.dialog()
        .file()
        .set_title(title)
        .set_file_name(suggested_name)
        .add_filter(file_type.name, file_type.extensions)
        .blocking_save_file()
        .and_then(|path| path.into_path().ok())
}

/// Asks for a folder (the sync folder); `None` when the user cancels. Under the end-to-end tests
/// the folder in [`SAVE_WITHOUT_DIALOG_ENV`] is the answer.
pub fn pick_folder(app: &AppHandle, title: &str) -> Option<PathBuf> {
    if let Some(folder) = std::env::var_os(SAVE_WITHOUT_DIALOG_ENV).filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(folder));
    }
    app.dialog().file().set_title(title).blocking_pick_folder().and_then(|path| path.into_path().ok())
}

/// Asks which file to open; `None` when the user cancels.
pub fn pick_open_path(app: &AppHandle, title: &str, file_type: FileType<'_>) -> Option<PathBuf> {
    app.dialog()
        .file()
        .set_title(title)
        .add_filter(file_type.name, file_type.extensions)
        .blocking_pick_file()
        .and_then(|path| path.into_path().ok())
}

/// Opens an https or mailto link in the user's browser or mail program.
pub fn open_external(app: &AppHandle, url: &str) -> Result<(), IpcError> {
    let allowed = url.starts_with("https://") || url.starts_with("mailto:");
    if !allowed {
        return Err(IpcError {
            kind: "invalid",
            message: "Bara webbadresser som börjar med https:// och e-postlänkar kan öppnas.".into(),
            field: None,
        });
    }
    app.opener()
        .open_url(url, None::<&str>)
        .map_err(|error| IpcError::internal(&format!("Länken kunde inte öppnas: {error}")))
}

/// Environment variable for the end-to-end tests, in debug builds only: the open dialog of the
/// imports answers with this file, or with the one file in this folder, instead of showing itself
/// (WebDriver cannot operate it).
#[cfg(debug_assertions)]
pub const OPEN_WITHOUT_DIALOG_ENV: &str = "NATVERKET_OPEN_WITHOUT_DIALOG_FROM";

/// Asks which file to import; `None` when the user cancels. In debug builds the path in
/// [`OPEN_WITHOUT_DIALOG_ENV`], when set, answers instead of the dialog.
pub fn pick_import_path(app: &AppHandle, title: &str, file_type: FileType<'_>) -> Option<PathBuf> {
    #[cfg(debug_assertions)]
    if let Some(path) = std::env::var_os(OPEN_WITHOUT_DIALOG_ENV).filter(|v| !v.is_empty()) {
        return file_offered_at(PathBuf::from(path));
    }
    pick_open_path(app, title, file_type)
}

/// The test hook's answer: `path` itself, or the only file in the folder `path` (none: cancelled).
#[cfg(debug_assertions)]
fn file_offered_at(path: PathBuf) -> Option<PathBuf> {
    if !path.is_dir() {
        return Some(path);
    }
    let mut files = std::fs::read_dir(&path).ok()?.filter_map(|entry| entry.ok().map(|entry| entry.path()));
    let only = files.by_ref().find(|file| file.is_file())?;
    files.all(|other| !other.is_file()).then_some(only)
}
