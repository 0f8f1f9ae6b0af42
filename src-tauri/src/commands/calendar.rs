//! Commands for calendar files: invitations and the meeting feed as .ics, and importing .ics files.

use chrono::Utc;
use natverk_core::calendar::{self, import::ImportPreview};
use natverk_core::settings;
use serde::Serialize;
use tauri::{AppHandle, Manager, State};

use crate::chosen_files::{ChosenFiles, ImportKind};
use crate::desktop::{pick_save_path, FileType, IssuedMailtoLinks};
use crate::ipc_error::IpcError;
use crate::state::AppState;

/// Where a calendar file was saved, and a mailto link that addresses its attendees.
#[derive(Serialize)]
pub struct SavedCalendarFile {
    path: String,
    method: &'static str,
    attendee_count: usize,
    mailto: String,
}

/// Asks where to save `file` and writes it; `None` when the user cancels.
fn save_calendar_file(
    app: &AppHandle,
    state: &AppState,
    file: calendar::CalendarFile,
) -> Result<Option<SavedCalendarFile>, IpcError> {
    let calendar = FileType { name: "Kalenderfil", extensions: &["ics"] };
    let Some(path) = pick_save_path(app, "Spara kalenderfil", &file.file_name, calendar) else {
        return Ok(None);
    };
    calendar::write_calendar_file(&path, &file)?;
    let organizer = state.read(|db| Ok(settings::load(db.conn())?.organizer_email))?;
    let mailto = calendar::mailto_link(&file, &organizer, &path);
    app.state::<IssuedMailtoLinks>().remember(&mailto);
    Ok(Some(SavedCalendarFile {
        mailto,
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
    let file = state.read(|db| calendar::invitation_for_meeting(db.conn(), &meeting_id, Utc::now()))?;
    save_calendar_file(&app, &state, file)
}

/// Creates the calendar feed of all meetings and saves it where the user chooses.
#[tauri::command(async)]
pub fn export_calendar_feed(app: AppHandle, state: State<'_, AppState>) -> Result<Option<SavedCalendarFile>, IpcError> {
    let file = state.read(|db| calendar::network_feed(db.conn(), Utc::now()))?;
    save_calendar_file(&app, &state, file)
}

/// What importing the chosen .ics file (`file_id` from `choose_import_file` or a drop) would do.
#[tauri::command(async)]
pub fn preview_ics_import(
    state: State<'_, AppState>,
    files: State<'_, ChosenFiles>,
    file_id: String,
) -> Result<ImportPreview, IpcError> {
    let bytes = files.read_for_preview(&file_id, ImportKind::Calendar)?;
    state.read(|db| calendar::import::preview(db.conn(), &bytes))
}

/// Imports the previewed .ics file (the bytes the preview read) atomically, exactly as the preview described.
#[tauri::command(async)]
pub fn apply_ics_import(
    state: State<'_, AppState>,
    files: State<'_, ChosenFiles>,
    file_id: String,
) -> Result<ImportPreview, IpcError> {
    let bytes = files.previewed(&file_id, ImportKind::Calendar)?;
    let done = state.write(|tx| calendar::import::apply(tx, &bytes))?;
    files.forget(&file_id);
    Ok(done)
}
