//! Commands for the 290 municipalities: the plain list and the overview of the Kommuner view.

use natverk_core::reports::municipalities::{self as municipality_overview, MunicipalityOverview};
use natverk_core::sweden::municipalities::{self, Municipality};
use tauri::State;

use crate::ipc_error::IpcError;
use crate::state::AppState;

#[tauri::command(async)]
pub fn list_municipalities(state: State<'_, AppState>) -> Result<Vec<Municipality>, IpcError> {
    state.read(|db| municipalities::list(db.conn()))
}

/// All 290 municipalities with participants, examples and last presentation.
#[tauri::command(async)]
pub fn list_municipality_overview(state: State<'_, AppState>) -> Result<Vec<MunicipalityOverview>, IpcError> {
    state.read(|db| municipality_overview::list(db.conn()))
}
