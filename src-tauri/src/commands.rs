//! The commands the UI may call. Each is a few lines: take the state, call one core function, map the error.

use chrono::Utc;
use natverk_core::calendar::{self, import::ImportPreview as CalendarImportPreview};
use natverk_core::examples::{self, export as examples_export, search, themes};
use natverk_core::exchange;
use natverk_core::meetings::{self, attendance, presentations, series, Meeting};
use natverk_core::members::csv::{self as members_csv, ImportPreview};
use natverk_core::members::{self, Member, MemberInput};
use natverk_core::privacy;
use natverk_core::reports::municipalities::{self as municipality_overview, MunicipalityOverview};
use natverk_core::settings::{self, NetworkSettings};
use natverk_core::sweden::municipalities::{self, Municipality};
use serde::Serialize;
use tauri::{AppHandle, State};

use natverk_core::store::backup::{self, BackupFile};

use crate::desktop::{pick_open_path, pick_save_path, FileType};
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
    let network_name = state.with_database(|db| Ok(settings::load(db.conn())?.network_name))?;
    Ok(AppInfo {
        network_name,
        database_path: state.database_path.display().to_string(),
        version: env!("CARGO_PKG_VERSION"),
    })
}

/// The Swedish labels of every enumeration the UI offers (stages, attendance, statuses, scopes).
#[tauri::command(async)]
pub fn list_labels() -> natverk_core::labels::Labels {
    natverk_core::labels::catalogue()
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
    state.with_database(|db| db.write(|tx| settings::save(tx, &settings)))
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

/// Where a calendar file was saved, and a mailto link that addresses its attendees.
#[derive(Serialize)]
pub struct SavedCalendarFile {
    path: String,
    method: &'static str,
    attendee_count: usize,
    mailto: String,
}

fn save_calendar_file(
    app: &AppHandle,
    state: &AppState,
    file: calendar::CalendarFile,
) -> Result<Option<SavedCalendarFile>, IpcError> {
    let calendar = FileType { name: "Kalenderfil", extensions: &["ics"] };
    let Some(path) = pick_save_path(app, "Spara kalenderfil", &file.file_name, calendar) else {
        return Ok(None);
    };
    calendar::write_calendar_file(&path, &file)?;
    let organizer = state.with_database(|db| Ok(settings::load(db.conn())?.organizer_email))?;
    Ok(Some(SavedCalendarFile {
        mailto: calendar::mailto_link(&file, &organizer, &path),
        path: path.display().to_string(),
        method: file.method,
        attendee_count: file.attendee_emails.len(),
    }))
}

/// Creates the invitation (or cancellation) for a meeting and saves it where the user chooses.
#[tauri::command(async)]
pub fn export_invitation(
    app: AppHandle,
    state: State<'_, AppState>,
    meeting_id: String,
) -> Result<Option<SavedCalendarFile>, IpcError> {
    let file = state.with_database(|db| calendar::invitation_for_meeting(db.conn(), &meeting_id, Utc::now()))?;
    save_calendar_file(&app, &state, file)
}

/// Creates the calendar feed of all meetings and saves it where the user chooses.
#[tauri::command(async)]
pub fn export_calendar_feed(app: AppHandle, state: State<'_, AppState>) -> Result<Option<SavedCalendarFile>, IpcError> {
    let file = state.with_database(|db| calendar::network_feed(db.conn(), Utc::now()))?;
    save_calendar_file(&app, &state, file)
}

/// What importing an .ics file (its bytes, read by the web view from a file the user picked) would do.
#[tauri::command(async)]
pub fn preview_ics_import(state: State<'_, AppState>, bytes: Vec<u8>) -> Result<CalendarImportPreview, IpcError> {
    state.with_database(|db| calendar::import::preview(db.conn(), &bytes))
}

/// Imports an .ics file atomically, exactly as the preview described.
#[tauri::command(async)]
pub fn apply_ics_import(state: State<'_, AppState>, bytes: Vec<u8>) -> Result<CalendarImportPreview, IpcError> {
    state.with_database(|db| db.write(|tx| calendar::import::apply(tx, &bytes)))
}

/// The backups in the backup folder, newest first.
#[tauri::command(async)]
pub fn list_backups(state: State<'_, AppState>) -> Result<Vec<BackupFile>, IpcError> {
    Ok(backup::list(&state.database_path)?)
}

/// Makes a backup now, into the backup folder.
#[tauri::command(async)]
pub fn create_backup(state: State<'_, AppState>) -> Result<String, IpcError> {
    let path = state
        .with_database(|db| backup::backup_now(db.conn(), &state.database_path, backup::Reason::Manual, Utc::now()))?;
    Ok(path.display().to_string())
}

/// Restores a backup from the backup folder, named as in `list_backups` (never a path from the web view).
#[tauri::command(async)]
pub fn restore_backup(state: State<'_, AppState>, file_name: String) -> Result<(), IpcError> {
    let chosen = backup::list(&state.database_path)?
        .into_iter()
        .find(|b| b.file_name == file_name)
        .ok_or_else(|| IpcError::from(natverk_core::Error::invalid("file", "Säkerhetskopian finns inte längre.")))?;
    state.with_database(|db| db.restore_from(&chosen.path, Utc::now()))
}

/// Restores a backup file the user picks in the native open dialog; `false` if they cancelled.
#[tauri::command(async)]
pub fn restore_backup_from_file(app: AppHandle, state: State<'_, AppState>) -> Result<bool, IpcError> {
    let backup_file = FileType { name: "Säkerhetskopia", extensions: &["sqlite3", "db", "sqlite"] };
    let Some(path) = pick_open_path(&app, "Välj säkerhetskopia att återställa", backup_file) else {
        return Ok(false);
    };
    state.with_database(|db| db.restore_from(&path, Utc::now()))?;
    Ok(true)
}

/// Every member who is not anonymised, in Swedish order.
#[tauri::command(async)]
pub fn list_members(state: State<'_, AppState>) -> Result<Vec<Member>, IpcError> {
    state.with_database(|db| members::list(db.conn()))
}

#[tauri::command(async)]
pub fn create_member(state: State<'_, AppState>, member: MemberInput) -> Result<Member, IpcError> {
    state.with_database(|db| db.write(|tx| members::create(tx, &member)))
}

#[tauri::command(async)]
pub fn update_member(state: State<'_, AppState>, id: String, member: MemberInput) -> Result<Member, IpcError> {
    state.with_database(|db| db.write(|tx| members::update(tx, &id, &member)))
}

#[tauri::command(async)]
pub fn delete_member(state: State<'_, AppState>, id: String) -> Result<(), IpcError> {
    state.with_database(|db| db.write(|tx| privacy::delete(tx, &id)))
}

#[tauri::command(async)]
pub fn anonymise_member(state: State<'_, AppState>, id: String) -> Result<Member, IpcError> {
    state.with_database(|db| db.write(|tx| privacy::anonymise(tx, &id)))
}

/// The GDPR register extract of one member, as text to show.
#[tauri::command(async)]
pub fn member_extract(state: State<'_, AppState>, id: String) -> Result<String, IpcError> {
    state.with_database(|db| privacy::extract(db.conn(), &id))
}

/// Asks where to save the register extract and writes it; `None` when the user cancels.
#[tauri::command(async)]
pub fn save_member_extract(app: AppHandle, state: State<'_, AppState>, id: String) -> Result<Option<String>, IpcError> {
    let file_type = FileType { name: "Textfil", extensions: &["txt"] };
    let Some(path) = pick_save_path(&app, "Spara registerutdrag", "registerutdrag.txt", file_type) else {
        return Ok(None);
    };
    state.with_database(|db| privacy::extract_to_file(db.conn(), &id, &path))?;
    Ok(Some(path.display().to_string()))
}

/// What importing the chosen CSV file would do, row by row; writes nothing.
#[tauri::command(async)]
pub fn preview_member_import(state: State<'_, AppState>, bytes: Vec<u8>) -> Result<ImportPreview, IpcError> {
    state.with_database(|db| members_csv::preview(db.conn(), &bytes))
}

/// Imports exactly what the preview with `token` showed, or nothing.
#[tauri::command(async)]
pub fn apply_member_import(
    state: State<'_, AppState>,
    bytes: Vec<u8>,
    token: String,
) -> Result<ImportPreview, IpcError> {
    state.with_database(|db| db.write(|tx| members_csv::apply(tx, &bytes, Some(&token))))
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
    let count = state.with_database(|db| members_csv::export_to_file(db.conn(), &path))?;
    Ok(Some(ExportResult { path: path.display().to_string(), count }))
}

/// All 290 municipalities with participants, examples and last presentation.
#[tauri::command(async)]
pub fn list_municipality_overview(state: State<'_, AppState>) -> Result<Vec<MunicipalityOverview>, IpcError> {
    state.with_database(|db| municipality_overview::list(db.conn()))
}

// Examples, themes, search and export (the Exempel view).

#[tauri::command(async)]
pub fn list_themes(state: State<'_, AppState>) -> Result<Vec<themes::Theme>, IpcError> {
    state.with_database(|db| themes::list(db.conn()))
}

#[tauri::command(async)]
pub fn add_theme(state: State<'_, AppState>, input: themes::ThemeInput) -> Result<themes::Theme, IpcError> {
    state.with_database(|db| db.write(|tx| themes::add(tx, &input)))
}

#[tauri::command(async)]
pub fn rename_theme(
    state: State<'_, AppState>,
    id: String,
    input: themes::ThemeInput,
) -> Result<themes::Theme, IpcError> {
    state.with_database(|db| db.write(|tx| themes::rename(tx, &id, &input)))
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
    state.with_database(|db| db.write(|tx| examples::create(tx, &input)))
}

#[tauri::command(async)]
pub fn update_example(
    state: State<'_, AppState>,
    id: String,
    input: examples::ExampleInput,
) -> Result<examples::Example, IpcError> {
    state.with_database(|db| db.write(|tx| examples::update(tx, &id, &input)))
}

#[tauri::command(async)]
pub fn delete_example(state: State<'_, AppState>, id: String) -> Result<(), IpcError> {
    state.with_database(|db| db.write(|tx| examples::delete(tx, &id)))
}

#[tauri::command(async)]
pub fn add_presentation(
    state: State<'_, AppState>,
    id: String,
    input: examples::PresentationInput,
) -> Result<examples::Example, IpcError> {
    state.with_database(|db| db.write(|tx| examples::add_presentation(tx, &id, &input)))
}

#[tauri::command(async)]
pub fn remove_presentation(
    state: State<'_, AppState>,
    id: String,
    presentation: String,
) -> Result<examples::Example, IpcError> {
    state.with_database(|db| db.write(|tx| examples::remove_presentation(tx, &id, &presentation)))
}

#[tauri::command(async)]
pub fn list_person_choices(state: State<'_, AppState>) -> Result<Vec<members::PersonChoice>, IpcError> {
    state.with_database(|db| members::person_choices(db.conn()))
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

// Meetings: overview, scheduling, cancellation, record, attendance, presentations, series.

#[tauri::command(async)]
pub fn meeting_overview(state: State<'_, AppState>) -> Result<meetings::Overview, IpcError> {
    state.with_database(|db| meetings::overview(db.conn(), chrono::Utc::now()))
}

#[tauri::command(async)]
pub fn meeting_focus_so_far(state: State<'_, AppState>) -> Result<Vec<meetings::FocusEntry>, IpcError> {
    state.with_database(|db| meetings::focus_so_far(db.conn(), chrono::Utc::now()))
}

#[tauri::command(async)]
pub fn get_meeting(state: State<'_, AppState>, id: String) -> Result<meetings::MeetingDetail, IpcError> {
    state.with_database(|db| meetings::detail(db.conn(), &id))
}

/// Warnings for a meeting as typed so far, without saving (`id` when editing).
#[tauri::command(async)]
pub fn check_meeting(
    state: State<'_, AppState>,
    input: meetings::MeetingInput,
    id: Option<String>,
) -> Result<Vec<meetings::SchedulingWarning>, IpcError> {
    state.with_database(|db| meetings::check(db.conn(), &input, id.as_deref()))
}

#[tauri::command(async)]
pub fn schedule_meeting(
    state: State<'_, AppState>,
    input: meetings::MeetingInput,
    hosts: Vec<String>,
) -> Result<meetings::Scheduled, IpcError> {
    state.with_database(|db| db.write(|tx| meetings::schedule(tx, &input, &hosts)))
}

#[tauri::command(async)]
pub fn reschedule_meeting(
    state: State<'_, AppState>,
    id: String,
    input: meetings::MeetingInput,
    hosts: Option<Vec<String>>,
) -> Result<meetings::Scheduled, IpcError> {
    state.with_database(|db| db.write(|tx| meetings::reschedule(tx, &id, &input, hosts.as_deref())))
}

#[tauri::command(async)]
pub fn cancel_meeting(state: State<'_, AppState>, id: String, reason: String) -> Result<Meeting, IpcError> {
    state.with_database(|db| db.write(|tx| meetings::cancel(tx, &id, &reason)))
}

#[tauri::command(async)]
pub fn reinstate_meeting(state: State<'_, AppState>, id: String) -> Result<Meeting, IpcError> {
    state.with_database(|db| db.write(|tx| meetings::reinstate(tx, &id)))
}

#[tauri::command(async)]
pub fn save_meeting_record(
    state: State<'_, AppState>,
    id: String,
    record: meetings::RecordInput,
) -> Result<Meeting, IpcError> {
    state.with_database(|db| db.write(|tx| meetings::save_record(tx, &id, &record)))
}

#[tauri::command(async)]
pub fn record_attendance(
    state: State<'_, AppState>,
    id: String,
    entries: Vec<attendance::AttendanceEntry>,
) -> Result<Vec<attendance::AttendanceRow>, IpcError> {
    state.with_database(|db| db.write(|tx| attendance::record(tx, &id, &entries)))
}

#[tauri::command(async)]
pub fn list_active_members(state: State<'_, AppState>) -> Result<Vec<members::MemberSummary>, IpcError> {
    state.with_database(|db| members::active_summaries(db.conn()))
}

#[tauri::command(async)]
pub fn add_meeting_presentation(
    state: State<'_, AppState>,
    id: String,
    input: presentations::PresentationInput,
) -> Result<presentations::Presentation, IpcError> {
    state.with_database(|db| db.write(|tx| presentations::add(tx, &id, &input)))
}

#[tauri::command(async)]
pub fn remove_meeting_presentation(state: State<'_, AppState>, id: String) -> Result<(), IpcError> {
    state.with_database(|db| db.write(|tx| presentations::remove(tx, &id)))
}

#[tauri::command(async)]
pub fn preview_meeting_series(
    state: State<'_, AppState>,
    input: series::SeriesInput,
) -> Result<Vec<series::SeriesSession>, IpcError> {
    state.with_database(|db| series::preview(db.conn(), &input))
}

#[tauri::command(async)]
pub fn create_meeting_series(
    state: State<'_, AppState>,
    input: series::SeriesInput,
) -> Result<Vec<meetings::Scheduled>, IpcError> {
    state.with_database(|db| db.write(|tx| series::create(tx, &input)))
}

/// Where an exchange bundle was saved and what it holds.
#[derive(Serialize)]
pub struct SavedBundle {
    path: String,
    summary: exchange::ExportSummary,
}

/// Exports "mina exempel" or the whole network into a `.natverk` file the user picks; `None` if cancelled.
#[tauri::command(async)]
pub fn export_bundle(
    app: AppHandle,
    state: State<'_, AppState>,
    scope: String,
    include_contacts: bool,
) -> Result<Option<SavedBundle>, IpcError> {
    let scope = exchange::Scope::parse("scope", &scope)?;
    let file_name = format!(
        "natverket-{}-{}.natverk",
        if scope == exchange::Scope::Mine { "mina-exempel" } else { "hela-natverket" },
        Utc::now().format("%Y-%m-%d")
    );
    let bundle_type = FileType { name: "Utbytesfil för Nätverket", extensions: &[exchange::FILE_EXTENSION] };
    let Some(path) = pick_save_path(&app, "Spara utbytesfil", &file_name, bundle_type) else {
        return Ok(None);
    };
    let options = exchange::ExportOptions { scope, include_contacts, compress: true };
    let summary = state.with_database(|db| exchange::export_bundle_to_file(db, &path, options))?;
    Ok(Some(SavedBundle { path: path.display().to_string(), summary }))
}

/// What importing a bundle (its bytes, read by the web view from a file the user picked) would do.
#[tauri::command(async)]
pub fn preview_bundle_import(state: State<'_, AppState>, bytes: Vec<u8>) -> Result<exchange::ImportReport, IpcError> {
    state.with_database(|db| exchange::preview_import(db, &bytes))
}

/// Imports a bundle atomically, exactly as the preview described.
#[tauri::command(async)]
pub fn apply_bundle_import(state: State<'_, AppState>, bytes: Vec<u8>) -> Result<exchange::ImportReport, IpcError> {
    state.with_database(|db| exchange::apply_import(db, &bytes))
}

/// This installation's identity in bundles, and the conflicts earlier imports kept.
#[derive(Serialize)]
pub struct ExchangeOverview {
    identity: exchange::InstallationIdentity,
    conflicts: Vec<exchange::StoredConflict>,
    conflict_count: usize,
}

#[tauri::command(async)]
pub fn exchange_overview(state: State<'_, AppState>) -> Result<ExchangeOverview, IpcError> {
    state.with_database(|db| {
        let mut conflicts = exchange::list_conflicts(db.conn())?;
        let conflict_count = conflicts.len();
        conflicts.truncate(20);
        Ok(ExchangeOverview { identity: exchange::identity(db.conn())?, conflicts, conflict_count })
    })
}

/// Sets the municipality and name this installation's bundles carry.
#[tauri::command(async)]
pub fn save_installation_identity(
    state: State<'_, AppState>,
    municipality_code: String,
    author_name: String,
) -> Result<exchange::InstallationIdentity, IpcError> {
    state.with_database(|db| db.write(|tx| exchange::save_identity(tx, &municipality_code, &author_name)))
}

/// Called by the UI once its first view has rendered with data; prints the startup time when
/// NATVERKET_REPORT_FIRST_RENDER=1 (for `bench/startup.sh`), does nothing otherwise.
/// `page_marks` are the UI's own milestones (ms since the page began loading), printed with it.
#[tauri::command]
pub fn report_first_render(page_marks: Option<std::collections::BTreeMap<String, f64>>) {
    crate::startup::report_first_render(&page_marks.unwrap_or_default());
}

/// Sync-folder mode: the user picks a folder their municipality already syncs (OneDrive, SharePoint,
/// Nextcloud); the others' bundles there are merged and this installation's own is written there.
#[tauri::command(async)]
pub fn sync_with_folder(
    app: AppHandle,
    state: State<'_, AppState>,
    include_contacts: bool,
) -> Result<Option<exchange::SyncReport>, IpcError> {
    let Some(folder) = crate::desktop::pick_folder(&app, "Välj synkmappen") else {
        return Ok(None);
    };
    let options = exchange::ExportOptions { scope: exchange::Scope::Network, include_contacts, compress: true };
    state.with_database(|db| exchange::sync_folder(db, &folder, options, false)).map(Some)
}
