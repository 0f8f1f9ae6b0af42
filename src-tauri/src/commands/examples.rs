//! Commands for the Exempel view: examples, their presentations, themes, search and export.

use natverk_core::examples::{self, export as examples_export, search, themes};
use tauri::{AppHandle, State};

use crate::desktop::{pick_save_path, FileType};
use crate::ipc_error::IpcError;
use crate::state::AppState;

#[tauri::command(async)]
pub fn list_themes(state: State<'_, AppState>) -> Result<Vec<themes::Theme>, IpcError> {
    state.read(|db| themes::list(db.conn()))
}

#[tauri::command(async)]
pub fn add_theme(state: State<'_, AppState>, input: themes::ThemeInput) -> Result<themes::Theme, IpcError> {
    state.write(|tx| themes::add(tx, &input))
}

#[tauri::command(async)]
pub fn rename_theme(
    state: State<'_, AppState>,
    id: String,
    input: themes::ThemeInput,
) -> Result<themes::Theme, IpcError> {
    state.write(|tx| themes::rename(tx, &id, &input))
}

#[tauri::command(async)]
pub fn search_examples(
    state: State<'_, AppState>,
    query: search::SearchQuery,
) -> Result<search::SearchResults, IpcError> {
    state.read(|db| search::search(db.conn(), &query))
}

#[tauri::command(async)]
pub fn examples_overview(state: State<'_, AppState>) -> Result<examples::ExamplesOverview, IpcError> {
    state.read(|db| examples::overview(db.conn()))
}

#[tauri::command(async)]
pub fn get_example(state: State<'_, AppState>, id: String) -> Result<examples::Example, IpcError> {
    state.read(|db| examples::get(db.conn(), &id))
}

#[tauri::command(async)]
pub fn create_example(
    state: State<'_, AppState>,
    input: examples::ExampleInput,
) -> Result<examples::Example, IpcError> {
    state.write(|tx| examples::create(tx, &input))
}

#[tauri::command(async)]
pub fn update_example(
    state: State<'_, AppState>,
    id: String,
    input: examples::ExampleInput,
) -> Result<examples::Example, IpcError> {
    state.write(|tx| examples::update(tx, &id, &input))
}

#[tauri::command(async)]
pub fn delete_example(state: State<'_, AppState>, id: String) -> Result<(), IpcError> {
    state.write(|tx| examples::delete(tx, &id))
}

#[tauri::command(async)]
pub fn add_presentation(
    state: State<'_, AppState>,
    id: String,
    input: examples::PresentationInput,
) -> Result<examples::Example, IpcError> {
    state.write(|tx| examples::add_presentation(tx, &id, &input))
}

#[tauri::command(async)]
pub fn remove_presentation(
    state: State<'_, AppState>,
    id: String,
    presentation: String,
) -> Result<examples::Example, IpcError> {
    state.write(|tx| examples::remove_presentation(tx, &id, &presentation))
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
    let file_type = FileType { name, extensions: &[extension] };
    let Some(path) = pick_save_path(&app, "Exportera exempel", &format!("exempel.{extension}"), file_type) else {
        return Ok(None);
    };
    let written = state.read(|db| examples_export::export_to_file(db.conn(), &selection, format, &path))?;
    Ok(Some(format!("{} exempel sparades i {}. {}", written.example_count, path.display(), written.scope_note)))
}

/// The selected examples grouped by theme, for the printable collection, saying which it includes.
#[tauri::command(async)]
pub fn example_collection(
    state: State<'_, AppState>,
    selection: examples_export::ExportSelection,
) -> Result<examples_export::Collection, IpcError> {
    state.read(|db| examples_export::collection(db.conn(), &selection))
}
