//! Commands for backups: the list in the backup folder (with what each holds and whose it is), a backup now, and restoring one.

use chrono::Utc;
use natverk_core::privacy;
use natverk_core::store::backup::{self, BackupFile, BackupInfo, OtherInstallation};
use natverk_core::store::progress::{CancelFlag, Progress, Step};
use serde::Serialize;
use tauri::{AppHandle, Emitter, State};
use tauri_plugin_dialog::{DialogExt, MessageDialogButtons, MessageDialogKind};

use crate::desktop::{pick_open_path, FileType};
use crate::ipc_error::IpcError;
use crate::state::AppState;

/// The stop button of the backup or restore under way.
#[derive(Default)]
pub struct BackupCancel(CancelFlag);

/// A backup's or a restore's progress, sent to the window as `natverket:sakerhetskopia-framsteg`
/// events (`{what, done, total}`, pages); "Avbryt" stops it at its next step while that is safe.
struct WindowProgress<'a> {
    app: &'a AppHandle,
    cancel: &'a CancelFlag,
}

impl<'a> WindowProgress<'a> {
    /// Progress for new work: an earlier "Avbryt" does not stop it.
    fn start(app: &'a AppHandle, cancel: &'a BackupCancel) -> Self {
        cancel.0.reset();
        WindowProgress { app, cancel: &cancel.0 }
    }
}

impl Progress for WindowProgress<'_> {
    fn report(&self, step: Step) {
        // The window shows progress only; a lost event changes nothing.
        let _ = self.app.emit("natverket:sakerhetskopia-framsteg", step);
    }

    fn keep_going(&self) -> bool {
        !self.cancel.is_cancelled()
    }
}

/// Stops the backup or restore under way at its next step, if it is still safe to; nothing of it is kept.
#[tauri::command]
pub fn cancel_backup(cancel: State<'_, BackupCancel>) {
    cancel.0.cancel();
}

/// A backup in the list and, when it could be read, what it holds and whether this installation made it.
#[derive(Serialize)]
pub struct ListedBackup {
    #[serde(flatten)]
    file: BackupFile,
    info: Option<BackupInfo>,
}

/// The backups in the backup folder, newest first.
#[tauri::command(async)]
pub fn list_backups(state: State<'_, AppState>) -> Result<Vec<ListedBackup>, IpcError> {
    // The path is the open database's own, so a network switch cannot mix two networks' backups.
    state.read(|db| {
        let files = backup::list(&database_path_of(db)?)?;
        Ok(files.into_iter().map(|file| ListedBackup { info: db.inspect_backup(&file.path).ok(), file }).collect())
    })
}

/// Makes a backup now, into the backup folder.
#[tauri::command(async)]
pub fn create_backup(
    app: AppHandle,
    state: State<'_, AppState>,
    cancel: State<'_, BackupCancel>,
) -> Result<String, IpcError> {
    let progress = WindowProgress::start(&app, &cancel);
    let path = state.read(|db| {
        backup::backup_now_with(db.conn(), &database_path_of(db)?, backup::Reason::Manual, Utc::now(), &progress)
    })?;
    Ok(path.display().to_string())
}

/// Restores a backup from the backup folder, named as in `list_backups` (never a path from the web
/// view). The UI's confirmation has shown what `list_backups` said about it, another installation included.
#[tauri::command(async)]
pub fn restore_backup(
    app: AppHandle,
    state: State<'_, AppState>,
    cancel: State<'_, BackupCancel>,
    file_name: String,
) -> Result<(), IpcError> {
    let progress = WindowProgress::start(&app, &cancel);
    state.with_database(|db| {
        let chosen = backup::list(&database_path_of(db)?)?
            .into_iter()
            .find(|b| b.file_name == file_name)
            .ok_or_else(|| natverk_core::Error::invalid("file", "Säkerhetskopian finns inte längre."))?;
        privacy::restore_backup_with(db, &chosen.path, Utc::now(), OtherInstallation::Allow, &progress)
    })
}

/// Restores a backup file the user picks in the native open dialog, after a native confirmation
/// that says what it holds and whether another installation made it; `false` if they cancelled.
#[tauri::command(async)]
pub fn restore_backup_from_file(
    app: AppHandle,
    state: State<'_, AppState>,
    cancel: State<'_, BackupCancel>,
) -> Result<bool, IpcError> {
    let backup_file = FileType { name: "Säkerhetskopia", extensions: &["sqlite3", "db", "sqlite"] };
    let Some(path) = pick_open_path(&app, "Välj säkerhetskopia att återställa", backup_file) else {
        return Ok(false);
    };
    let info = state.read(|db| db.inspect_backup(&path))?;
    let mut text = format!(
        "Databasen ersätts med {}: {} Det nuvarande innehållet sparas först som en egen säkerhetskopia, så att du kan ångra.",
        info.file_name, info.summary
    );
    if let Some(warning) = &info.warning {
        text = format!("{warning}\n\n{text}");
    }
    let confirmed = app
        .dialog()
        .message(text)
        .title("Återställa säkerhetskopian?")
        .kind(if info.warning.is_some() { MessageDialogKind::Warning } else { MessageDialogKind::Info })
        .buttons(MessageDialogButtons::OkCancelCustom("Återställ".into(), "Avbryt".into()))
        .blocking_show();
    if !confirmed {
        return Ok(false);
    }
    let progress = WindowProgress::start(&app, &cancel);
    state
        .with_database(|db| privacy::restore_backup_with(db, &path, Utc::now(), OtherInstallation::Allow, &progress))?;
    Ok(true)
}

/// Where the open network's database file is (the app never runs on an in-memory database).
fn database_path_of(db: &natverk_core::Database) -> natverk_core::Result<std::path::PathBuf> {
    db.path()
        .map(std::path::Path::to_path_buf)
        .ok_or_else(|| natverk_core::Error::invalid("file", "Databasen har ingen fil att säkerhetskopiera."))
}
