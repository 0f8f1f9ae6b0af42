//! Commands for the Medskick view: search, read, log, edit, move between statuses, compile and export.

use natverk_core::medskick::{self, compile, search};
use tauri::{AppHandle, State};

use crate::desktop::{pick_save_path, FileType};
use crate::ipc_error::IpcError;
use crate::state::AppState;

#[tauri::command(async)]
pub fn search_medskick(
    state: State<'_, AppState>,
    query: search::MedskickQuery,
) -> Result<search::MedskickResults, IpcError> {
    state.read(|db| search::search(db.conn(), &query))
}

#[tauri::command(async)]
pub fn get_medskick(state: State<'_, AppState>, id: String) -> Result<medskick::Medskick, IpcError> {
    state.read(|db| medskick::get(db.conn(), &id))
}

#[tauri::command(async)]
pub fn create_medskick(
    state: State<'_, AppState>,
    input: medskick::MedskickInput,
) -> Result<medskick::Medskick, IpcError> {
    state.write(|tx| medskick::create(tx, &input))
}

#[tauri::command(async)]
pub fn update_medskick(
    state: State<'_, AppState>,
    id: String,
    input: medskick::MedskickInput,
) -> Result<medskick::Medskick, IpcError> {
    state.write(|tx| medskick::update(tx, &id, &input))
}

#[tauri::command(async)]
pub fn delete_medskick(state: State<'_, AppState>, id: String) -> Result<(), IpcError> {
    state.write(|tx| medskick::delete(tx, &id))
}

#[tauri::command(async)]
pub fn change_medskick_status(
    state: State<'_, AppState>,
    id: String,
    change: medskick::StatusChange,
) -> Result<medskick::Medskick, IpcError> {
    state.write(|tx| medskick::change_status(tx, &id, &change))
}

/// The compilation grouped by addressee and theme, for the printable page.
#[tauri::command(async)]
pub fn medskick_compilation(
    state: State<'_, AppState>,
    selection: compile::CompileSelection,
) -> Result<compile::Compilation, IpcError> {
    state.read(|db| compile::compile(db.conn(), &selection))
}

/// Asks where to save, then writes the compilation as Markdown, HTML or CSV; `None` when the user cancels.
#[tauri::command(async)]
pub fn export_medskick_compilation(
    app: AppHandle,
    state: State<'_, AppState>,
    format: String,
    selection: compile::CompileSelection,
) -> Result<Option<String>, IpcError> {
    let format = compile::CompileFormat::parse("format", &format).map_err(IpcError::from)?;
    let (name, extension) = match format {
        compile::CompileFormat::Markdown => ("Markdown", "md"),
        compile::CompileFormat::Html => ("Webbsida (HTML)", "html"),
        compile::CompileFormat::Csv => ("CSV för Excel", "csv"),
    };
    let file_type = FileType { name, extensions: &[extension] };
    let suggested = format!("medskick.{extension}");
    let Some(path) = pick_save_path(&app, "Spara sammanställning av medskick", &suggested, file_type) else {
        return Ok(None);
    };
    let compilation = state.read(|db| compile::compile_to_file(db.conn(), &selection, format, &path))?;
    Ok(Some(format!("{} medskick sparades i {}.", compilation.count, path.display())))
}
