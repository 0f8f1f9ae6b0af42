//! The commands the UI may call. Each is a few lines: take the state, call one core function, map the error.

use natverk_core::meetings::{self, Meeting};
use natverk_core::municipalities::{self, Municipality};
use natverk_core::settings::{self, NetworkSettings};
use natverk_core::{examples, examples_export, search, themes};
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

// Examples, themes, search and export (the Exempel view).

#[tauri::command(async)]
pub fn list_themes(state: State<'_, AppState>) -> Result<Vec<themes::Theme>, IpcError> {
    state.with_database(|db| themes::list(db.conn()))
}

#[tauri::command(async)]
pub fn add_theme(state: State<'_, AppState>, input: themes::ThemeInput) -> Result<themes::Theme, IpcError> {
    state.with_database(|db| themes::add(db, &input))
}

#[tauri::command(async)]
pub fn rename_theme(
    state: State<'_, AppState>,
    id: String,
    input: themes::ThemeInput,
) -> Result<themes::Theme, IpcError> {
    state.with_database(|db| themes::rename(db, &id, &input))
}

#[tauri::command(async)]
pub fn search_examples(
    state: State<'_, AppState>,
    query: search::SearchQuery,
) -> Result<search::SearchResults, IpcError> {
    state.with_database(|db| search::search(db.conn(), &query))
}

#[tauri::command(async)]
pub fn examples_overview(state: State<'_, AppState>) -> Result<examples::ExamplesOverview, IpcError> {
    state.with_database(|db| examples::overview(db.conn()))
}

#[tauri::command(async)]
pub fn get_example(state: State<'_, AppState>, id: String) -> Result<examples::Example, IpcError> {
    state.with_database(|db| examples::get(db.conn(), &id))
}

#[tauri::command(async)]
pub fn create_example(
    state: State<'_, AppState>,
    input: examples::ExampleInput,
) -> Result<examples::Example, IpcError> {
    state.with_database(|db| examples::create(db, &input))
}

#[tauri::command(async)]
pub fn update_example(
    state: State<'_, AppState>,
    id: String,
    input: examples::ExampleInput,
) -> Result<examples::Example, IpcError> {
    state.with_database(|db| examples::update(db, &id, &input))
}

#[tauri::command(async)]
pub fn delete_example(state: State<'_, AppState>, id: String) -> Result<(), IpcError> {
    state.with_database(|db| examples::delete(db, &id))
}

#[tauri::command(async)]
pub fn add_presentation(
    state: State<'_, AppState>,
    id: String,
    input: examples::PresentationInput,
) -> Result<examples::Example, IpcError> {
    state.with_database(|db| examples::add_presentation(db, &id, &input))
}

#[tauri::command(async)]
pub fn remove_presentation(
    state: State<'_, AppState>,
    id: String,
    presentation: String,
) -> Result<examples::Example, IpcError> {
    state.with_database(|db| examples::remove_presentation(db, &id, &presentation))
}

#[tauri::command(async)]
pub fn list_person_choices(state: State<'_, AppState>) -> Result<Vec<examples::PersonChoice>, IpcError> {
    state.with_database(|db| examples::person_choices(db.conn()))
}

/// Asks where to save, then writes the selected examples as Markdown or HTML; `None` when the user cancels.
#[tauri::command(async)]
pub fn export_examples(
    app: AppHandle,
    state: State<'_, AppState>,
    format: String,
    selection: examples_export::ExportSelection,
) -> Result<Option<String>, IpcError> {
    let format = examples_export::ExportFormat::parse("format", &format).map_err(IpcError::from)?;
    let (name, extension) = match format {
        examples_export::ExportFormat::Markdown => ("Markdown", "md"),
        examples_export::ExportFormat::Html => ("Webbsida (HTML)", "html"),
    };
    let file_type = crate::desktop::FileType { name, extensions: &[extension] };
    let Some(path) =
        crate::desktop::pick_save_path(&app, "Exportera exempel", &format!("exempel.{extension}"), file_type)
    else {
        return Ok(None);
    };
    let count = state.with_database(|db| examples_export::export_to_file(db.conn(), &selection, format, &path))?;
    Ok(Some(format!("{count} exempel sparades i {}.", path.display())))
}

/// The selected examples grouped by theme, for the printable collection.
#[tauri::command(async)]
pub fn example_collection(
    state: State<'_, AppState>,
    selection: examples_export::ExportSelection,
) -> Result<Vec<examples_export::Group>, IpcError> {
    state.with_database(|db| examples_export::grouped(db.conn(), &selection))
}
