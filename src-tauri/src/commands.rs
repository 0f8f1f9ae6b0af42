//! The commands the UI may call. Each is a few lines: take the state, call one core function, map the error.

use natverk_core::meetings::{self, Meeting};
use natverk_core::municipalities::{self, Municipality};
use natverk_core::settings::{self, NetworkSettings};
use serde::Serialize;
use tauri::{AppHandle, State};

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
