//! Commands for the member register: editing, GDPR extract and anonymisation, CSV import and export.

use natverk_core::members::csv::{self as members_csv, ImportPreview};
use natverk_core::members::{self, Member, MemberInput, PersonChoice};
use natverk_core::privacy;
use serde::Serialize;
use tauri::{AppHandle, State};

use crate::chosen_files::{ChosenFiles, ImportKind};
use crate::desktop::{pick_save_path, FileType};
use crate::ipc_error::IpcError;
use crate::state::AppState;

/// Every member who is not anonymised, in Swedish order.
#[tauri::command(async)]
pub fn list_members(state: State<'_, AppState>) -> Result<Vec<Member>, IpcError> {
    state.read(|db| members::list(db.conn()))
}

/// The members who can attend or host a meeting, for the meeting forms.
#[tauri::command(async)]
pub fn list_active_members(state: State<'_, AppState>) -> Result<Vec<members::MemberSummary>, IpcError> {
    state.read(|db| members::active_summaries(db.conn()))
}

#[tauri::command(async)]
pub fn create_member(state: State<'_, AppState>, member: MemberInput) -> Result<Member, IpcError> {
    state.write(|tx| members::create(tx, &member))
}

#[tauri::command(async)]
pub fn update_member(state: State<'_, AppState>, id: String, member: MemberInput) -> Result<Member, IpcError> {
    state.write(|tx| members::update(tx, &id, &member))
}

#[tauri::command(async)]
pub fn delete_member(state: State<'_, AppState>, id: String) -> Result<(), IpcError> {
    state.write(|tx| privacy::delete(tx, &id))
}

#[tauri::command(async)]
pub fn anonymise_member(state: State<'_, AppState>, id: String) -> Result<Member, IpcError> {
    state.write(|tx| privacy::anonymise(tx, &id))
}

/// The GDPR register extract of one member, as text to show.
#[tauri::command(async)]
pub fn member_extract(state: State<'_, AppState>, id: String) -> Result<String, IpcError> {
    state.read(|db| privacy::extract(db.conn(), &id))
}

/// Asks where to save the register extract and writes it; `None` when the user cancels.
#[tauri::command(async)]
pub fn save_member_extract(app: AppHandle, state: State<'_, AppState>, id: String) -> Result<Option<String>, IpcError> {
    let file_type = FileType { name: "Textfil", extensions: &["txt"] };
    let Some(path) = pick_save_path(&app, "Spara registerutdrag", "registerutdrag.txt", file_type) else {
        return Ok(None);
    };
    state.read(|db| privacy::extract_to_file(db.conn(), &id, &path))?;
    Ok(Some(path.display().to_string()))
}

/// What importing the chosen CSV file (`file_id` from `choose_import_file` or a drop) would do, row by row; writes nothing.
#[tauri::command(async)]
pub fn preview_member_import(
    state: State<'_, AppState>,
    files: State<'_, ChosenFiles>,
    file_id: String,
) -> Result<ImportPreview, IpcError> {
    let bytes = files.read_for_preview(&file_id, ImportKind::Members)?;
    state.read(|db| members_csv::preview(db.conn(), &bytes))
}

/// Imports exactly what the preview with `token` showed (the same bytes of the same file), or nothing.
#[tauri::command(async)]
pub fn apply_member_import(
    state: State<'_, AppState>,
    files: State<'_, ChosenFiles>,
    file_id: String,
    token: String,
) -> Result<ImportPreview, IpcError> {
    let bytes = files.previewed(&file_id, ImportKind::Members)?;
    let done = state.write(|tx| members_csv::apply(tx, &bytes, Some(&token)))?;
    files.forget(&file_id);
    Ok(done)
}

/// Where the export was saved and how many members it holds.
#[derive(Serialize)]
pub struct ExportResult {
    path: String,
    count: usize,
}

/// Asks where to save and writes the member list for Excel; `None` when the user cancels.
#[tauri::command(async)]
pub fn export_members(app: AppHandle, state: State<'_, AppState>) -> Result<Option<ExportResult>, IpcError> {
    let file_type = FileType { name: "CSV för Excel", extensions: &["csv"] };
    let Some(path) = pick_save_path(&app, "Exportera medlemmar", "medlemmar.csv", file_type) else {
        return Ok(None);
    };
    let count = state.read(|db| members_csv::export_to_file(db.conn(), &path))?;
    Ok(Some(ExportResult { path: path.display().to_string(), count }))
}

/// Members to name as an example's contact person or a presentation's presenter (not anonymised).
#[tauri::command(async)]
pub fn list_person_choices(state: State<'_, AppState>) -> Result<Vec<PersonChoice>, IpcError> {
    state.read(|db| members::person_choices(db.conn()))
}
