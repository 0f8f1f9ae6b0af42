//! The commands the UI may call. Each is a few lines: take the state, call one core function, map the error.

use chrono::Utc;
use natverk_core::ics::{self, import::ImportPreview};
use natverk_core::meetings::{self, Meeting};
use natverk_core::municipalities::{self, Municipality};
use natverk_core::settings::{self, NetworkSettings};
use serde::Serialize;
use tauri::{AppHandle, State};

use crate::desktop::{pick_open_path, pick_save_path, FileType};
use natverk_core::backup::{self, BackupFile};

use crate::ipc_error::IpcError;
use crate::state::AppState;

/// What the UI shows in its header and about box.
#[derive(Serialize)]
pub struct AppInfo {
    network_name: String,
    database_path: String,
    version: &'static str,
}

#[tauri::command(async)]
pub fn app_info(state: State<'_, AppState>) -> Result<AppInfo, IpcError> {
    let network_name = state.with_database(|db| Ok(settings::load(db.conn())?.network_name))?;
    Ok(AppInfo {
        network_name,
        database_path: state.database_path.display().to_string(),
        version: env!("CARGO_PKG_VERSION"),
    })
}

#[tauri::command(async)]
pub fn list_meetings(state: State<'_, AppState>) -> Result<Vec<Meeting>, IpcError> {
    state.with_database(|db| meetings::list(db.conn()))
}

#[tauri::command(async)]
pub fn get_settings(state: State<'_, AppState>) -> Result<NetworkSettings, IpcError> {
    state.with_database(|db| settings::load(db.conn()))
}

#[tauri::command(async)]
pub fn save_settings(state: State<'_, AppState>, settings: NetworkSettings) -> Result<NetworkSettings, IpcError> {
    state.with_database(|db| settings::save(db.conn(), &settings))
}

#[tauri::command(async)]
pub fn list_municipalities(state: State<'_, AppState>) -> Result<Vec<Municipality>, IpcError> {
    state.with_database(|db| municipalities::list(db.conn()))
}

/// Opens an https link (a Teams meeting) in the browser, or a mailto link in the mail program.
#[tauri::command(async)]
pub fn open_link(app: AppHandle, url: String) -> Result<(), IpcError> {
    crate::desktop::open_external(&app, &url)
}

/// Where a calendar file was saved, and a mailto link that addresses its attendees.
#[derive(Serialize)]
pub struct SavedCalendarFile {
    path: String,
    method: &'static str,
    attendee_count: usize,
    mailto: String,
}

fn save_calendar_file(
    app: &AppHandle,
    state: &AppState,
    file: ics::CalendarFile,
) -> Result<Option<SavedCalendarFile>, IpcError> {
    let calendar = FileType { name: "Kalenderfil", extensions: &["ics"] };
    let Some(path) = pick_save_path(app, "Spara kalenderfil", &file.file_name, calendar) else {
        return Ok(None);
    };
    ics::write_calendar_file(&path, &file)?;
    let organizer = state.with_database(|db| Ok(settings::load(db.conn())?.organizer_email))?;
    Ok(Some(SavedCalendarFile {
        mailto: ics::mailto_link(&file, &organizer, &path),
        path: path.display().to_string(),
        method: file.method,
        attendee_count: file.attendee_emails.len(),
    }))
}

/// Creates the invitation (or cancellation) for a meeting and saves it where the user chooses.
#[tauri::command(async)]
pub fn export_invitation(
    app: AppHandle,
    state: State<'_, AppState>,
    meeting_id: String,
) -> Result<Option<SavedCalendarFile>, IpcError> {
    let file = state.with_database(|db| ics::invitation_for_meeting(db.conn(), &meeting_id, Utc::now()))?;
    save_calendar_file(&app, &state, file)
}

/// Creates the calendar feed of all meetings and saves it where the user chooses.
#[tauri::command(async)]
pub fn export_calendar_feed(app: AppHandle, state: State<'_, AppState>) -> Result<Option<SavedCalendarFile>, IpcError> {
    let file = state.with_database(|db| ics::network_feed(db.conn(), Utc::now()))?;
    save_calendar_file(&app, &state, file)
}

/// What importing an .ics file (its bytes, read by the web view from a file the user picked) would do.
#[tauri::command(async)]
pub fn preview_ics_import(state: State<'_, AppState>, bytes: Vec<u8>) -> Result<ImportPreview, IpcError> {
    state.with_database(|db| ics::import::preview(db.conn(), &bytes))
}

/// Imports an .ics file atomically, exactly as the preview described.
#[tauri::command(async)]
pub fn apply_ics_import(state: State<'_, AppState>, bytes: Vec<u8>) -> Result<ImportPreview, IpcError> {
    state.with_database(|db| ics::import::apply(db, &bytes))
}

/// The backups in the backup folder, newest first.
#[tauri::command(async)]
pub fn list_backups(state: State<'_, AppState>) -> Result<Vec<BackupFile>, IpcError> {
    Ok(backup::list(&state.database_path)?)
}

/// Makes a backup now, into the backup folder.
#[tauri::command(async)]
pub fn create_backup(state: State<'_, AppState>) -> Result<String, IpcError> {
    let path = state
        .with_database(|db| backup::backup_now(db.conn(), &state.database_path, backup::Reason::Manual, Utc::now()))?;
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

/// Called by the UI once its first view has rendered with data; prints the startup time when
/// NATVERKET_REPORT_FIRST_RENDER=1 (for `bench/startup.sh`), does nothing otherwise.
#[tauri::command]
pub fn report_first_render() {
    crate::startup::report_first_render();
}
