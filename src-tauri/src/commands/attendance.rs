//! Commands for attendance from a Teams attendance report: preview what the chosen report would record, then record it.

use natverk_core::meetings::teams_attendance::{self, ExcusedChoice, TeamsAttendance};
use natverk_core::meetings::teams_report;
use tauri::State;

use crate::chosen_files::{ChosenFiles, ImportKind};
use crate::ipc_error::IpcError;
use crate::state::AppState;

/// What the Teams report chosen as `file_id` would record for meeting `meeting_id`; writes nothing.
#[tauri::command(async)]
pub fn preview_teams_attendance(
    state: State<'_, AppState>,
    files: State<'_, ChosenFiles>,
    meeting_id: String,
    file_id: String,
) -> Result<TeamsAttendance, IpcError> {
    let bytes = files.read_for_preview(&file_id, ImportKind::Teams)?;
    let report = teams_report::read(&bytes)?;
    state.read(|db| teams_attendance::preview(db.conn(), &meeting_id, &report))
}

/// Records the previewed report (the bytes the preview read) in one transaction; members with
/// *anmält förhinder* become present only when listed in `excused_member_ids`. Refused when the plan
/// is no longer the one `token` identifies.
#[tauri::command(async)]
pub fn apply_teams_attendance(
    state: State<'_, AppState>,
    files: State<'_, ChosenFiles>,
    meeting_id: String,
    file_id: String,
    token: String,
    excused_member_ids: Vec<String>,
) -> Result<TeamsAttendance, IpcError> {
    let bytes = files.previewed(&file_id, ImportKind::Teams)?;
    let report = teams_report::read(&bytes)?;
    let excused = ExcusedChoice::Change(&excused_member_ids);
    let done = state.write(|tx| teams_attendance::apply(tx, &meeting_id, &report, excused, Some(&token)))?;
    files.forget(&file_id);
    Ok(done)
}
