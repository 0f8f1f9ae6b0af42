//! Commands for the Bevakning view: proposals by next deadline, read, register, edit, delete, and the compiled overview.

use natverk_core::proposals::{self, overview};
use tauri::{AppHandle, State};

use crate::desktop::{pick_save_path, FileType};
use crate::ipc_error::IpcError;
use crate::state::AppState;

#[tauri::command(async)]
pub fn list_proposals(state: State<'_, AppState>) -> Result<Vec<proposals::Proposal>, IpcError> {
    state.read(|db| proposals::list(db.conn(), overview::today()))
}

#[tauri::command(async)]
pub fn get_proposal(state: State<'_, AppState>, id: String) -> Result<proposals::Proposal, IpcError> {
    state.read(|db| proposals::get(db.conn(), &id))
}

#[tauri::command(async)]
pub fn create_proposal(
    state: State<'_, AppState>,
    input: proposals::ProposalInput,
) -> Result<proposals::Proposal, IpcError> {
    state.write(|tx| proposals::create(tx, &input))
}

#[tauri::command(async)]
pub fn update_proposal(
    state: State<'_, AppState>,
    id: String,
    input: proposals::ProposalInput,
) -> Result<proposals::Proposal, IpcError> {
    state.write(|tx| proposals::update(tx, &id, &input))
}

#[tauri::command(async)]
pub fn delete_proposal(state: State<'_, AppState>, id: String) -> Result<(), IpcError> {
    state.write(|tx| proposals::delete(tx, &id))
}

/// The compiled overview, for the printable page.
#[tauri::command(async)]
pub fn proposal_overview(
    state: State<'_, AppState>,
    selection: overview::OverviewSelection,
) -> Result<overview::Overview, IpcError> {
    state.read(|db| overview::overview(db.conn(), &selection, overview::today()))
}

/// Asks where to save, then writes the overview as Markdown or HTML; `None` when the user cancels.
#[tauri::command(async)]
pub fn export_proposal_overview(
    app: AppHandle,
    state: State<'_, AppState>,
    format: String,
    selection: overview::OverviewSelection,
) -> Result<Option<String>, IpcError> {
    let format = overview::OverviewFormat::parse("format", &format).map_err(IpcError::from)?;
    let (name, extension) = match format {
        overview::OverviewFormat::Markdown => ("Markdown", "md"),
        overview::OverviewFormat::Html => ("Webbsida (HTML)", "html"),
    };
    let file_type = FileType { name, extensions: &[extension] };
    let suggested = format!("bevakning.{extension}");
    let Some(path) = pick_save_path(&app, "Spara översikten över bevakade förslag", &suggested, file_type) else {
        return Ok(None);
    };
    let written =
        state.read(|db| overview::overview_to_file(db.conn(), &selection, format, overview::today(), &path))?;
    Ok(Some(format!("{} förslag sparades i {}.", written.count, path.display())))
}
