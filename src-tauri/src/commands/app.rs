//! Commands about the app itself: its header information, the enumeration labels, outside links and the first view's arrival.

use serde::Serialize;
use tauri::{AppHandle, Manager, State};

use crate::desktop::IssuedMailtoLinks;
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
    crate::startup::mark("first-command");
    app_info_of(&state)
}

/// The header's information of the open network (also read ahead for the first view, first_view.rs).
pub fn app_info_of(state: &AppState) -> Result<AppInfo, IpcError> {
    let network_name = state.read(|db| Ok(natverk_core::settings::load(db.conn())?.network_name))?;
    Ok(AppInfo {
        network_name,
        database_path: state.database_path().display().to_string(),
        version: env!("CARGO_PKG_VERSION"),
    })
}

/// The Swedish labels of every enumeration the UI offers (stages, attendance, statuses, scopes).
#[tauri::command(async)]
pub fn list_labels() -> natverk_core::labels::Labels {
    natverk_core::labels::catalogue()
}

/// Opens an https link (a Teams meeting) in the browser, or a mailto link in the mail program.
#[tauri::command(async)]
pub fn open_link(app: AppHandle, links: State<'_, IssuedMailtoLinks>, url: String) -> Result<(), IpcError> {
    crate::desktop::open_external(&app, &links, &url)
}

/// Called by the UI once its first view has rendered with data: prints the startup time when
/// NATVERKET_REPORT_FIRST_RENDER=1 (for `bench/startup.sh`; `page_marks` are the UI's own
/// milestones, ms since the page began loading), then gives back the memory startup used, on a
/// background thread (memory.rs).
#[tauri::command]
pub fn first_view_shown(app: AppHandle, page_marks: Option<std::collections::BTreeMap<String, f64>>) {
    crate::startup::report_first_render(&page_marks.unwrap_or_default());
    tauri::async_runtime::spawn_blocking(move || crate::memory::release_after_first_view(&app.state::<AppState>()));
}
