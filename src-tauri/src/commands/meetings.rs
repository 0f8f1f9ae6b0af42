//! Commands for meetings: overview, scheduling, cancellation, record, attendance, presentations and series.

use natverk_core::meetings::{self, Meeting};
use natverk_core::meetings::{attendance, presentations, series};
use tauri::State;

use crate::ipc_error::IpcError;
use crate::state::AppState;

#[tauri::command(async)]
pub fn list_meetings(state: State<'_, AppState>) -> Result<Vec<Meeting>, IpcError> {
    state.read(|db| meetings::list(db.conn()))
}

#[tauri::command(async)]
pub fn meeting_overview(state: State<'_, AppState>) -> Result<meetings::Overview, IpcError> {
    overview_of(&state)
}

/// Översikt's data as of now (also read ahead for the first view, first_view.rs).
pub fn overview_of(state: &AppState) -> Result<meetings::Overview, IpcError> {
    state.read(|db| meetings::overview(db.conn(), chrono::Utc::now()))
}

#[tauri::command(async)]
pub fn meeting_focus_so_far(state: State<'_, AppState>) -> Result<Vec<meetings::FocusEntry>, IpcError> {
    state.read(|db| meetings::focus_so_far(db.conn(), chrono::Utc::now()))
}

#[tauri::command(async)]
pub fn get_meeting(state: State<'_, AppState>, id: String) -> Result<meetings::MeetingDetail, IpcError> {
    state.read(|db| meetings::detail(db.conn(), &id))
}

/// Warnings for a meeting as typed so far, without saving (`id` when editing).
#[tauri::command(async)]
pub fn check_meeting(
    state: State<'_, AppState>,
    input: meetings::MeetingInput,
    id: Option<String>,
) -> Result<Vec<meetings::SchedulingWarning>, IpcError> {
    state.read(|db| meetings::check(db.conn(), &input, id.as_deref()))
}

#[tauri::command(async)]
pub fn schedule_meeting(
    state: State<'_, AppState>,
    input: meetings::MeetingInput,
    hosts: Vec<String>,
) -> Result<meetings::Scheduled, IpcError> {
    state.write(|tx| meetings::schedule(tx, &input, &hosts))
}

#[tauri::command(async)]
pub fn reschedule_meeting(
    state: State<'_, AppState>,
    id: String,
    input: meetings::MeetingInput,
    hosts: Option<Vec<String>>,
) -> Result<meetings::Scheduled, IpcError> {
    state.write(|tx| meetings::reschedule(tx, &id, &input, hosts.as_deref()))
}

#[tauri::command(async)]
pub fn cancel_meeting(state: State<'_, AppState>, id: String, reason: String) -> Result<Meeting, IpcError> {
    state.write(|tx| meetings::cancel(tx, &id, &reason))
}

#[tauri::command(async)]
pub fn reinstate_meeting(state: State<'_, AppState>, id: String) -> Result<Meeting, IpcError> {
    state.write(|tx| meetings::reinstate(tx, &id))
}

#[tauri::command(async)]
pub fn save_meeting_record(
    state: State<'_, AppState>,
    id: String,
    record: meetings::RecordInput,
) -> Result<Meeting, IpcError> {
    state.write(|tx| meetings::save_record(tx, &id, &record))
}

#[tauri::command(async)]
pub fn record_attendance(
    state: State<'_, AppState>,
    id: String,
    entries: Vec<attendance::AttendanceEntry>,
) -> Result<Vec<attendance::AttendanceRow>, IpcError> {
    state.write(|tx| attendance::record(tx, &id, &entries))
}

#[tauri::command(async)]
pub fn add_meeting_presentation(
    state: State<'_, AppState>,
    id: String,
    input: presentations::PresentationInput,
) -> Result<presentations::Presentation, IpcError> {
    state.write(|tx| presentations::add(tx, &id, &input))
}

#[tauri::command(async)]
pub fn remove_meeting_presentation(state: State<'_, AppState>, id: String) -> Result<(), IpcError> {
    state.write(|tx| presentations::remove(tx, &id))
}

#[tauri::command(async)]
pub fn preview_meeting_series(
    state: State<'_, AppState>,
    input: series::SeriesInput,
) -> Result<Vec<series::SeriesSession>, IpcError> {
    state.read(|db| series::preview(db.conn(), &input))
}

#[tauri::command(async)]
pub fn create_meeting_series(
    state: State<'_, AppState>,
    input: series::SeriesInput,
) -> Result<Vec<meetings::Scheduled>, IpcError> {
    state.write(|tx| series::create(tx, &input))
}
