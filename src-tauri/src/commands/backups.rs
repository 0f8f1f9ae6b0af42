//! Commands for backups: the list in the backup folder, a backup now, and restoring one.

use chrono::Utc;
use natverk_core::store::backup::{self, BackupFile};
use tauri::{AppHandle, State};

use crate::desktop::{pick_open_path, FileType};
use crate::ipc_error::IpcError;
use crate::state::AppState;

/// The backups in the backup folder, newest first.
#[tauri::command(async)]
pub fn list_backups(state: State<'_, AppState>) -> Result<Vec<BackupFile>, IpcError> {
    Ok(backup::list(&state.database_path)?)
}

/// Makes a backup now, into the backup folder.
#[tauri::command(async)]
pub fn create_backup(state: State<'_, AppState>) -> Result<String, IpcError> {
    let path =
        state.read(|db| backup::backup_now(db.conn(), &state.database_path, backup::Reason::Manual, Utc::now()))?;
    Ok(path.display().to_string())
}

/// Restores a backup from the backup folder, named as in `list_backups` (never a path from the web view).
#[tauri::command(async)]
pub fn restore_backup(state: State<'_, AppState>, file_name: String) -> Result<(), IpcError> {
    let chosen = backup::list(&state.database_path)?
        .into_iter()
        .find(|b| b.file_name == file_name)
        .ok_or_else(|| IpcError::from(natverk_core::Error::invalid("file", "Säkerhetskopian finns inte längre.")))?;
    state.with_database(|db| db.restore_from(&chosen.path, Utc::now()))
}

/// Restores a backup file the user picks in the native open dialog; `false` if they cancelled.
#[tauri::command(async)]
pub fn restore_backup_from_file(app: AppHandle, state: State<'_, AppState>) -> Result<bool, IpcError> {
    let backup_file = FileType { name: "Säkerhetskopia", extensions: &["sqlite3", "db", "sqlite"] };
    let Some(path) = pick_open_path(&app, "Välj säkerhetskopia att återställa", backup_file) else {
        return Ok(false);
    };
    state.with_database(|db| db.restore_from(&path, Utc::now()))?;
    Ok(true)
}
