//! Desktop integration used by commands: native open/save dialogs and opening links outside the app.
//!
//! Dialogs run from Rust, so the web view itself gets no file-system permission. Links open only
//! when they are https URLs by the same rule the core stores links with, or a mailto link this app
//! built itself (so a stored `javascript:`, `file:` or crafted `mailto:…?attach=` link is never launched).

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Mutex;

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
/// instead of showing the native dialog, which WebDriver cannot operate. Debug builds only: a
/// release build has no such hook.
#[cfg(debug_assertions)]
pub const SAVE_WITHOUT_DIALOG_ENV: &str = "NATVERKET_SAVE_WITHOUT_DIALOG_TO";

/// The folder the end-to-end tests chose instead of a dialog (debug builds only).
fn folder_chosen_by_tests() -> Option<PathBuf> {
    #[cfg(debug_assertions)]
    {
        std::env::var_os(SAVE_WITHOUT_DIALOG_ENV).filter(|v| !v.is_empty()).map(PathBuf::from)
    }
    #[cfg(not(debug_assertions))]
    {
        None
    }
}

/// Asks where to save a file; `None` when the user cancels.
pub fn pick_save_path(app: &AppHandle, title: &str, suggested_name: &str, file_type: FileType<'_>) -> Option<PathBuf> {
    if let Some(folder) = folder_chosen_by_tests() {
        return Some(folder.join(suggested_name));
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
/// the folder they chose is the answer.
pub fn pick_folder(app: &AppHandle, title: &str) -> Option<PathBuf> {
    if let Some(folder) = folder_chosen_by_tests() {
        return Some(folder);
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

/// The mailto links this app built itself (the invitation mails of saved calendar files): the only
/// mailto links [`open_external`] opens.
#[derive(Default)]
pub struct IssuedMailtoLinks(Mutex<HashSet<String>>);

impl IssuedMailtoLinks {
    /// Remembers a mailto link the core built, so the UI may ask to open it.
    pub fn remember(&self, link: &str) {
        if let Ok(mut links) = self.0.lock() {
            links.insert(link.to_string());
        }
    }

    fn contains(&self, link: &str) -> bool {
        self.0.lock().map(|links| links.contains(link)).unwrap_or(false)
    }
}

/// The link to open for `url`, if it may be opened: an https URL by the core's rule for stored
/// links (as that rule writes it), or a mailto link in `issued`.
pub fn link_to_open(url: &str, issued: &IssuedMailtoLinks) -> Option<String> {
    if url.trim() != url {
        return None;
    }
    natverk_core::sweden::validate::https_url("url", "Länken", url)
        .ok()
        .or_else(|| issued.contains(url).then(|| url.to_string()))
}

/// Opens an https link in the browser, or a mailto link this app built in the mail program.
pub fn open_external(app: &AppHandle, issued: &IssuedMailtoLinks, url: &str) -> Result<(), IpcError> {
    let Some(link) = link_to_open(url, issued) else {
        return Err(IpcError {
            kind: "invalid",
            message:
                "Länken kan inte öppnas: bara webbadresser som börjar med https:// och appens egna e-postlänkar öppnas."
                    .into(),
            field: None,
        });
    };
    app.opener()
        .open_url(link, None::<&str>)
        .map_err(|error| IpcError::internal(&format!("Länken kunde inte öppnas: {error}")))
}

/// Opens a file the app just saved (an .eml draft) in the program the system uses for it. Under
/// the end-to-end tests' save hook nothing is launched: the tests read the file instead.
pub fn open_saved_file(app: &AppHandle, path: &std::path::Path) -> Result<(), IpcError> {
    if folder_chosen_by_tests().is_some() {
        return Ok(());
    }
    app.opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|error| IpcError::internal(&format!("Filen kunde inte öppnas: {error}")))
}

/// Asks which files to import (several at once); empty when the user cancels. In debug builds the
/// path in [`OPEN_WITHOUT_DIALOG_ENV`] answers instead: that file, or every file in that folder.
pub fn pick_import_paths(app: &AppHandle, title: &str, file_type: FileType<'_>) -> Vec<PathBuf> {
    #[cfg(debug_assertions)]
    if let Some(path) = std::env::var_os(OPEN_WITHOUT_DIALOG_ENV).filter(|v| !v.is_empty()) {
        let path = PathBuf::from(path);
        if !path.is_dir() {
            return vec![path];
        }
        let mut files: Vec<PathBuf> = std::fs::read_dir(&path)
            .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_file()).collect())
            .unwrap_or_default();
        files.sort();
        return files;
    }
    app.dialog()
        .file()
        .set_title(title)
        .add_filter(file_type.name, file_type.extensions)
        .blocking_pick_files()
        .map(|paths| paths.into_iter().filter_map(|path| path.into_path().ok()).collect())
        .unwrap_or_default()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_links_and_mailto_links_the_app_built_may_be_opened() {
        let issued = IssuedMailtoLinks::default();
        let built = "mailto:natverk%40fss.se?bcc=anna%40are.se&subject=Inbjudan";
        issued.remember(built);
        assert!(link_to_open("https://teams.microsoft.com/l/meetup-join/abc", &issued).is_some());
        assert_eq!(link_to_open(built, &issued).as_deref(), Some(built));
        for refused in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "http://example.se",
            "mailto:someone@example.se?attach=/home/user/.ssh/id_ed25519",
            "https://",
            " https://example.se",
        ] {
            assert!(link_to_open(refused, &issued).is_none(), "{refused}");
        }
    }
}
