//! Commands for the network's settings (name, organiser, default times, Teams link).

use natverk_core::settings::{self, NetworkSettings};
use tauri::State;

use crate::ipc_error::IpcError;
use crate::state::AppState;

#[tauri::command(async)]
pub fn get_settings(state: State<'_, AppState>) -> Result<NetworkSettings, IpcError> {
    state.read(|db| settings::load(db.conn()))
}

#[tauri::command(async)]
pub fn save_settings(state: State<'_, AppState>, settings: NetworkSettings) -> Result<NetworkSettings, IpcError> {
    state.write(|tx| settings::save(tx, &settings))
}
