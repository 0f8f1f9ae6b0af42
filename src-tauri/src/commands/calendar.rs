//! Commands for calendar files and mail: invitations and the feed as .ics, invitation mail as a draft
//! or over SMTP, members' answers, and importing .ics files.

use std::sync::{Arc, Mutex};

use chrono::Utc;
use natverk_core::calendar::{
    self,
    import::ImportPreview,
    replies::{AnswerFile, AnswersImport},
    PasswordState, SendReport,
};
use natverk_core::settings::{self, SmtpSettings};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, State};

use crate::chosen_files::{ChosenFiles, ImportKind};
use crate::desktop::{open_saved_file, pick_import_paths, pick_save_path, FileType, IssuedMailtoLinks};
use crate::dropped_answers::DroppedAnswers;
use crate::ipc_error::IpcError;
use crate::state::AppState;

/// Where a calendar file was saved, and a mailto link that addresses its attendees.
#[derive(Serialize)]
pub struct SavedCalendarFile {
    path: String,
    method: &'static str,
    attendee_count: usize,
    mailto: String,
}

/// Asks where to save `file` and writes it; `None` when the user cancels.
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
    let organizer = state.read(|db| Ok(settings::load(db.conn())?.organizer_email))?;
    let mailto = calendar::mailto_link(&file, &organizer, &path);
    app.state::<IssuedMailtoLinks>().remember(&mailto);
    Ok(Some(SavedCalendarFile {
        mailto,
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
    let file = state.read(|db| calendar::invitation_for_meeting(db.conn(), &meeting_id, Utc::now()))?;
    save_calendar_file(&app, &state, file)
}

/// Creates the calendar feed of all meetings and saves it where the user chooses.
#[tauri::command(async)]
pub fn export_calendar_feed(app: AppHandle, state: State<'_, AppState>) -> Result<Option<SavedCalendarFile>, IpcError> {
    let file = state.read(|db| calendar::network_feed(db.conn(), Utc::now()))?;
    save_calendar_file(&app, &state, file)
}

/// What importing the chosen .ics file (`file_id` from `choose_import_file` or a drop) would do.
#[tauri::command(async)]
pub fn preview_ics_import(
    state: State<'_, AppState>,
    files: State<'_, ChosenFiles>,
    file_id: String,
) -> Result<ImportPreview, IpcError> {
    let bytes = files.read_for_preview(&file_id, ImportKind::Calendar)?;
    state.read(|db| calendar::import::preview(db.conn(), &bytes))
}

/// Imports the previewed .ics file (the bytes the preview read) atomically, exactly as the preview described.
#[tauri::command(async)]
pub fn apply_ics_import(
    state: State<'_, AppState>,
    files: State<'_, ChosenFiles>,
    file_id: String,
) -> Result<ImportPreview, IpcError> {
    let bytes = files.previewed(&file_id, ImportKind::Calendar)?;
    let done = state.write(|tx| calendar::import::apply(tx, &bytes))?;
    files.forget(&file_id);
    Ok(done)
}

/// What the mail commands keep between calls, in memory only: the SMTP password typed in this
/// session (where there is no keyring, or it was not to be remembered) and the answer files previewed
/// last (their bytes: the apply stores what the preview showed, even if a file changes meanwhile).
#[derive(Default)]
pub struct MailMemory {
    password: Mutex<Option<String>>,
    answer_files: Mutex<Option<Arc<Vec<AnswerFile>>>>,
}

/// Previews answer files and keeps them for [`apply_answer_files`].
fn preview_answers(
    state: &AppState,
    memory: &MailMemory,
    files: Arc<Vec<AnswerFile>>,
) -> Result<AnswersImport, IpcError> {
    let preview = state.read(|db| calendar::replies::preview(db.conn(), &files))?;
    if let Ok(mut previewed) = memory.answer_files.lock() {
        *previewed = Some(files);
    }
    Ok(preview)
}

/// Where an invitation draft was saved.
#[derive(Serialize)]
pub struct SavedDraft {
    path: String,
    method: &'static str,
    recipients: usize,
}

/// Saves the meeting's invitation (or cancellation) as an .eml draft where the user chooses, and
/// opens it in the mail program; `None` when the user cancels.
#[tauri::command(async)]
pub fn save_invitation_draft(
    app: AppHandle,
    state: State<'_, AppState>,
    meeting_id: String,
    unanswered_only: bool,
) -> Result<Option<SavedDraft>, IpcError> {
    let draft = state.read(|db| calendar::invitation_draft(db.conn(), &meeting_id, unanswered_only, Utc::now()))?;
    let mail = FileType { name: "E-postmeddelande", extensions: &["eml"] };
    let Some(path) = pick_save_path(&app, "Spara inbjudan som e-postutkast", &draft.file_name, mail) else {
        return Ok(None);
    };
    calendar::write_mail_draft(&path, &draft)?;
    open_saved_file(&app, &path)?;
    Ok(Some(SavedDraft { path: path.display().to_string(), method: draft.method, recipients: draft.recipients }))
}

/// The SMTP settings and whether a password is at hand (never the password itself).
#[derive(Serialize)]
pub struct SmtpStatus {
    settings: SmtpSettings,
    password: PasswordState,
    /// A password typed in this session is kept in memory.
    password_in_memory: bool,
}

fn smtp_status_of(settings: SmtpSettings, memory: &MailMemory) -> SmtpStatus {
    let password_in_memory = memory.password.lock().map(|p| p.is_some()).unwrap_or(false);
    SmtpStatus { password: calendar::smtp::password_state(&settings), settings, password_in_memory }
}

#[tauri::command(async)]
pub fn get_smtp_settings(state: State<'_, AppState>, memory: State<'_, MailMemory>) -> Result<SmtpStatus, IpcError> {
    let settings = state.read(|db| settings::load_smtp(db.conn()))?;
    Ok(smtp_status_of(settings, &memory))
}

/// Saves the SMTP settings; a password given is stored in the keyring, or kept in memory where
/// there is none (the error then says so, and the settings are saved all the same).
#[tauri::command(async)]
pub fn save_smtp_settings(
    state: State<'_, AppState>,
    memory: State<'_, MailMemory>,
    settings: SmtpSettings,
    password: Option<String>,
) -> Result<SmtpStatus, IpcError> {
    save_smtp(&state, &memory, settings, password)
}

fn save_smtp(
    state: &AppState,
    memory: &MailMemory,
    settings: SmtpSettings,
    password: Option<String>,
) -> Result<SmtpStatus, IpcError> {
    let saved = state.write(|tx| settings::save_smtp(tx, &settings))?;
    if let Some(password) = password.filter(|p| !p.is_empty()) {
        let remembered = calendar::smtp::remember_password(&saved, &password);
        if let Ok(mut kept) = memory.password.lock() {
            *kept = Some(password);
        }
        remembered?;
    }
    Ok(smtp_status_of(saved, memory))
}

/// Removes the SMTP password from the keyring and from memory.
#[tauri::command(async)]
pub fn forget_smtp_password(state: State<'_, AppState>, memory: State<'_, MailMemory>) -> Result<SmtpStatus, IpcError> {
    forget_smtp(&state, &memory)
}

fn forget_smtp(state: &AppState, memory: &MailMemory) -> Result<SmtpStatus, IpcError> {
    let settings = state.read(|db| settings::load_smtp(db.conn()))?;
    if let Ok(mut kept) = memory.password.lock() {
        *kept = None;
    }
    calendar::smtp::forget_password(&settings)?;
    Ok(smtp_status_of(settings, memory))
}

/// The password to send with: the one typed for this send (kept in memory for the rest of the
/// session), else one typed earlier in the session; `None` leaves it to the environment or keyring.
fn password_for_sending(memory: &MailMemory, typed: Option<String>) -> Option<String> {
    match typed.filter(|p| !p.is_empty()) {
        Some(given) => {
            if let Ok(mut kept) = memory.password.lock() {
                *kept = Some(given.clone());
            }
            Some(given)
        }
        None => memory.password.lock().ok().and_then(|kept| kept.clone()),
    }
}

/// How far a send has come, as the `natverket:utskick` event tells the window.
#[derive(Clone, Serialize)]
struct SendProgress {
    done: usize,
    total: usize,
}

/// Sends the meeting's invitation (or cancellation, or a reminder to those who have not answered)
/// over SMTP; `password`, when given, is kept in memory for the rest of the session.
#[tauri::command(async)]
pub fn send_invitations(
    app: AppHandle,
    state: State<'_, AppState>,
    memory: State<'_, MailMemory>,
    meeting_id: String,
    unanswered_only: bool,
    password: Option<String>,
) -> Result<SendReport, IpcError> {
    let password = password_for_sending(&memory, password);
    let mut progress = |done: usize, total: usize| {
        let _ = app.emit("natverket:utskick", SendProgress { done, total });
    };
    state.read(|db| {
        calendar::send_invitations(db.conn(), &meeting_id, unanswered_only, password.as_deref(), &mut progress)
    })
}

/// Each member's answer to a meeting's invitation, with counts.
#[tauri::command(async)]
pub fn meeting_answers(
    state: State<'_, AppState>,
    meeting_id: String,
) -> Result<natverk_core::meetings::answers::MeetingAnswers, IpcError> {
    state.read(|db| natverk_core::meetings::answers::for_meeting(db.conn(), &meeting_id))
}

/// The host sets (or clears, with an empty answer) one member's answer by hand.
#[tauri::command(async)]
pub fn set_meeting_answer(
    state: State<'_, AppState>,
    meeting_id: String,
    member_id: String,
    answer: Option<String>,
) -> Result<natverk_core::meetings::answers::MeetingAnswers, IpcError> {
    state.write(|tx| natverk_core::meetings::answers::set_by_hand(tx, &meeting_id, &member_id, answer.as_deref()))
}

/// Asks for answer files (.ics or .eml, several at once) and previews what importing them would do;
/// `None` when the user cancels.
#[tauri::command(async)]
pub fn choose_answer_files(
    app: AppHandle,
    state: State<'_, AppState>,
    memory: State<'_, MailMemory>,
) -> Result<Option<AnswersImport>, IpcError> {
    let answers = FileType { name: "Svar på inbjudan (.ics, .eml)", extensions: &["ics", "eml"] };
    let paths = pick_import_paths(&app, "Välj svar på inbjudningar (.ics eller .eml)", answers);
    if paths.is_empty() {
        return Ok(None);
    }
    let files = Arc::new(calendar::replies::read_files(&paths)?);
    preview_answers(&state, &memory, files).map(Some)
}

/// What importing the answer files dropped on the window (`drop_id` from the drop event) would do.
#[tauri::command(async)]
pub fn preview_dropped_answers(
    state: State<'_, AppState>,
    memory: State<'_, MailMemory>,
    dropped: State<'_, DroppedAnswers>,
    drop_id: String,
) -> Result<AnswersImport, IpcError> {
    preview_answers(&state, &memory, dropped.files(&drop_id)?)
}

/// Stores the answers in the files previewed last (chosen or dropped), as the preview described.
#[tauri::command(async)]
pub fn apply_answer_files(
    state: State<'_, AppState>,
    memory: State<'_, MailMemory>,
) -> Result<AnswersImport, IpcError> {
    let files = memory.answer_files.lock().ok().and_then(|previewed| previewed.clone());
    let Some(files) = files else {
        return Err(IpcError::from(natverk_core::Error::invalid("files", "Välj svarsfilerna igen.")));
    };
    let done = state.write(|tx| calendar::replies::apply(tx, &files))?;
    if let Ok(mut previewed) = memory.answer_files.lock() {
        *previewed = None;
    }
    Ok(done)
}

/// How many upcoming meetings a member would be invited to (0 when none, or the member cannot be invited).
#[tauri::command(async)]
pub fn upcoming_invitation_count(state: State<'_, AppState>, member_id: String) -> Result<usize, IpcError> {
    state.read(|db| Ok(calendar::upcoming_invitation_count(db.conn(), &member_id, Utc::now()).unwrap_or(0)))
}

/// Invites a newly active member to every upcoming meeting in one step: over SMTP when a server is
/// set, else as one .eml draft per meeting in a folder the user chooses (`None` when cancelled).
#[tauri::command(async)]
pub fn invite_member_to_upcoming(
    app: AppHandle,
    state: State<'_, AppState>,
    memory: State<'_, MailMemory>,
    member_id: String,
) -> Result<Option<NewMemberInvitations>, IpcError> {
    let has_server = state.read(|db| Ok(!settings::load_smtp(db.conn())?.host.is_empty()))?;
    if has_server {
        let password = memory.password.lock().ok().and_then(|kept| kept.clone());
        let mut progress = |done: usize, total: usize| {
            let _ = app.emit("natverket:utskick", SendProgress { done, total });
        };
        let report = state
            .read(|db| calendar::send_upcoming_to_member(db.conn(), &member_id, password.as_deref(), &mut progress))?;
        return Ok(Some(NewMemberInvitations { report: Some(report), drafts_folder: None, drafts: 0 }));
    }
    let drafts = state.read(|db| calendar::upcoming_drafts_for_member(db.conn(), &member_id, Utc::now()))?;
    let Some(folder) = crate::desktop::pick_folder(&app, "Välj mapp för inbjudningarna (en .eml per träff)") else {
        return Ok(None);
    };
    for draft in &drafts {
        calendar::write_mail_draft(&folder.join(&draft.file_name), draft)?;
    }
    Ok(Some(NewMemberInvitations {
        report: None,
        drafts_folder: Some(folder.display().to_string()),
        drafts: drafts.len(),
    }))
}

/// What inviting a new member did: a send report, or where the drafts were saved.
#[derive(Serialize)]
pub struct NewMemberInvitations {
    report: Option<SendReport>,
    drafts_folder: Option<String>,
    drafts: usize,
}

#[cfg(test)]
#[path = "smtp_password_tests.rs"]
mod smtp_password_tests;
