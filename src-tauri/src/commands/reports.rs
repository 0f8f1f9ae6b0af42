//! Commands for the Verksamhetsberättelse view: the yearly report for a period, and saving it as Markdown, HTML or CSV.

use natverk_core::reports::yearly::{self, ReportFormat, ReportPeriod, YearlyReport};
use natverk_core::sweden::time::today_in_sweden;
use tauri::{AppHandle, State};

use crate::desktop::{pick_save_path, FileType};
use crate::ipc_error::IpcError;
use crate::state::AppState;

#[tauri::command(async)]
pub fn yearly_report(state: State<'_, AppState>, period: ReportPeriod) -> Result<YearlyReport, IpcError> {
    state.read(|db| yearly::report(db.conn(), &period, today_in_sweden()))
}

/// Asks where to save, then writes the report as Markdown, HTML or CSV; `None` when the user cancels.
#[tauri::command(async)]
pub fn export_yearly_report(
    app: AppHandle,
    state: State<'_, AppState>,
    format: String,
    period: ReportPeriod,
) -> Result<Option<String>, IpcError> {
    let format = ReportFormat::parse("format", &format).map_err(IpcError::from)?;
    // Check the period before the dialog opens, so a mistake is shown at once.
    state.read(|db| yearly::report(db.conn(), &period, today_in_sweden()))?;
    let (name, extension) = match format {
        ReportFormat::Markdown => ("Markdown", "md"),
        ReportFormat::Html => ("Webbsida (HTML)", "html"),
        ReportFormat::Csv => ("CSV för Excel", "csv"),
    };
    let file_type = FileType { name, extensions: &[extension] };
    let suggested = format!("verksamhetsberattelse.{extension}");
    let Some(path) = pick_save_path(&app, "Spara verksamhetsberättelsen", &suggested, file_type) else {
        return Ok(None);
    };
    let report = state.read(|db| yearly::report_to_file(db.conn(), &period, format, today_in_sweden(), &path))?;
    Ok(Some(format!("Verksamhetsberättelsen för {} sparades i {}.", report.period_label, path.display())))
}
