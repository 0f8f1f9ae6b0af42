//! Members' answers back into the app: iTIP REPLY files (`.ics`, or `.eml` messages carrying one) matched to meetings and members.
//!
//! A reply is matched on its UID (and RECURRENCE-ID, which must be the meeting's own start) and the
//! ATTENDEE's e-mail address, never on ORGANIZER, which some services leave out. An answer from an
//! address that is no member, or to a UID that is no meeting, is listed and not stored. Of several
//! replies from one member to one meeting the newest counts: a higher SEQUENCE, then a later DTSTAMP.
//! Files are read capped and parsed tolerantly; nothing in them can make the import panic.

use std::path::Path;

use chrono::{DateTime, NaiveDateTime, Utc};
use mail_parser::{MessageParser, MimeHeaders};
use rusqlite::{Connection, Transaction};
use serde::Serialize;

use super::content::{self, Component};
use super::import;
use crate::error::{Error, Result};
use crate::meetings::answers::{self, Answer};
use crate::meetings::meeting;
use crate::store::clock;

/// Largest answer file read (a mail with attachments; a reply itself is a few kilobytes).
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;
/// Most files read in one import.
pub const MAX_FILES: usize = 500;
/// Most answers (ATTENDEE lines with an answer) read from one import.
pub const MAX_ANSWERS: usize = 20_000;

/// One answer found in the files, and what happens (or happened) to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FoundAnswer {
    /// The file it came from (its name only).
    pub file: String,
    pub email: String,
    /// The member's name, when the address is a member's.
    pub member_name: String,
    pub meeting_id: String,
    /// The meeting's date and time in Swedish, when the UID is a meeting's.
    pub meeting_label: String,
    pub answer: Answer,
    pub answered_at: String,
    pub sequence: u32,
    pub status: FoundStatus,
    /// Why it is not stored, in Swedish (empty when it is).
    pub reason: String,
}

/// What becomes of one found answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FoundStatus {
    /// Stored (or, in a dry run, would be).
    Stored,
    /// A newer answer from the same member to the same meeting is already stored or in the files.
    Older,
    /// Not stored: the address is not a member's, or the UID not a meeting's.
    Unmatched,
}

/// The outcome of reading (and, unless a dry run, storing) answer files.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AnswersImport {
    pub answers: Vec<FoundAnswer>,
    pub stored: usize,
    pub older: usize,
    pub unmatched: usize,
    /// Files or parts that held no reply, and lines skipped, in Swedish.
    pub warnings: Vec<String>,
}

/// One answer file as read: its name and bytes.
pub struct AnswerFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Reads answer files (capped in size and number) for [`preview`] or [`apply`].
pub fn read_files(paths: &[impl AsRef<Path>]) -> Result<Vec<AnswerFile>> {
    if paths.len() > MAX_FILES {
        return Err(Error::invalid("files", format!("Välj högst {MAX_FILES} svarsfiler åt gången.")));
    }
    paths
        .iter()
        .map(|path| {
            let path = path.as_ref();
            let bytes = crate::store::files::read_capped(path, MAX_FILE_BYTES).map_err(|error| match error {
                crate::store::files::CappedReadError::TooBig => Error::invalid(
                    "files",
                    format!("{} är större än {} MB och lästes inte.", path.display(), MAX_FILE_BYTES / 1024 / 1024),
                ),
                crate::store::files::CappedReadError::Changed => {
                    Error::invalid("files", format!("{} ändrades medan den lästes. Försök igen.", path.display()))
                }
                crate::store::files::CappedReadError::Io(source) => Error::Io { path: path.to_path_buf(), source },
            })?;
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            Ok(AnswerFile { name, bytes })
        })
        .collect()
}

/// What the files hold, matched against the database; nothing is written.
pub fn preview(conn: &Connection, files: &[AnswerFile]) -> Result<AnswersImport> {
    let mut import = match_answers(conn, files)?;
    decide(conn, &mut import)?;
    Ok(import)
}

/// Stores every matched answer that is the newest; returns what was done.
pub fn apply(tx: &Transaction, files: &[AnswerFile]) -> Result<AnswersImport> {
    let mut import = match_answers(tx, files)?;
    decide(tx, &mut import)?;
    for found in import.answers.iter().filter(|a| a.status == FoundStatus::Stored) {
        let Some((member_id, _)) = answers::member_by_email(tx, &found.email)? else { continue };
        answers::store_reply(tx, &found.meeting_id, &member_id, found.answer, found.sequence, &found.answered_at)?;
    }
    Ok(import)
}

/// Marks which matched answers are the newest (against the files and the stored answers) and counts.
fn decide(conn: &Connection, import: &mut AnswersImport) -> Result<()> {
    let count = import.answers.len();
    for index in 0..count {
        let (status, key, rank) = {
            let found = &import.answers[index];
            (
                found.status,
                (found.meeting_id.clone(), found.email.to_lowercase()),
                (found.sequence, found.answered_at.clone()),
            )
        };
        if status == FoundStatus::Unmatched {
            continue;
        }
        let newer_in_files = import.answers.iter().enumerate().any(|(other, a)| {
            other != index
                && a.status != FoundStatus::Unmatched
                && (a.meeting_id.clone(), a.email.to_lowercase()) == key
                && ((a.sequence, a.answered_at.clone()) > rank
                    || ((a.sequence, a.answered_at.clone()) == rank && other > index))
        });
        let newer_stored = match answers::member_by_email(conn, &key.1)? {
            Some((member_id, _)) => {
                answers::stored_rank(conn, &key.0, &member_id)?.is_some_and(|(sequence, at)| (sequence, at) > rank)
            }
            None => false,
        };
        if newer_in_files || newer_stored {
            let found = &mut import.answers[index];
            found.status = FoundStatus::Older;
            found.reason = "Ett nyare svar från samma person till samma träff finns redan.".into();
        }
    }
    import.stored = import.answers.iter().filter(|a| a.status == FoundStatus::Stored).count();
    import.older = import.answers.iter().filter(|a| a.status == FoundStatus::Older).count();
    import.unmatched = import.answers.iter().filter(|a| a.status == FoundStatus::Unmatched).count();
    Ok(())
}

/// Every answer in the files, matched to meetings and members (status Stored or Unmatched).
fn match_answers(conn: &Connection, files: &[AnswerFile]) -> Result<AnswersImport> {
    let mut import = AnswersImport::default();
    let mut warnings = content::Warnings::default();
    for file in files {
        let calendars = calendars_in(&file.bytes);
        if calendars.is_empty() {
            warnings.push(format!(
                "{}: ingen kalenderdel hittades (varken .ics eller e-post med inbjudningssvar).",
                file.name
            ));
            continue;
        }
        let mut replies_in_file = 0;
        for text in calendars {
            let parsed = match content::parse(&text) {
                Ok(parsed) => parsed,
                Err(error) => {
                    warnings.push(format!("{}: {error}", file.name));
                    continue;
                }
            };
            for calendar in parsed.components.iter().filter(|c| c.name == "VCALENDAR") {
                let method =
                    calendar.property("METHOD").map(|m| m.value.trim().to_ascii_uppercase()).unwrap_or_default();
                if method != "REPLY" {
                    warnings.push(format!(
                        "{}: kalendern är METHOD:{} och inget svar (METHOD:REPLY).",
                        file.name,
                        if method.is_empty() { "(saknas)" } else { &method }
                    ));
                    continue;
                }
                for event in calendar.components.iter().filter(|c| c.name == "VEVENT") {
                    replies_in_file += 1;
                    for found in answers_in_event(conn, &file.name, event)? {
                        if import.answers.len() >= MAX_ANSWERS {
                            return Err(Error::invalid(
                                "files",
                                format!("Filerna innehåller fler än {MAX_ANSWERS} svar. Importera dem i omgångar."),
                            ));
                        }
                        import.answers.push(found);
                    }
                }
            }
        }
        if replies_in_file == 0 {
            warnings.push(format!("{}: inget svar på en inbjudan hittades.", file.name));
        }
    }
    import.warnings = warnings.into_lines();
    Ok(import)
}

/// The calendar texts in a file: the file itself when it is an .ics, else every calendar part of the mail.
fn calendars_in(bytes: &[u8]) -> Vec<String> {
    let Ok((text, _)) = import::decode(bytes) else { return Vec::new() };
    if text.trim_start().to_ascii_uppercase().starts_with("BEGIN:VCALENDAR") {
        return vec![text];
    }
    let Some(message) = MessageParser::default().parse(bytes) else { return Vec::new() };
    let mut calendars: Vec<String> = Vec::new();
    for part in &message.parts {
        let is_calendar = part.content_type().is_some_and(|ct| {
            let subtype = ct.subtype().unwrap_or_default().to_ascii_lowercase();
            (ct.ctype().eq_ignore_ascii_case("text") && subtype == "calendar")
                || (ct.ctype().eq_ignore_ascii_case("application") && subtype == "ics")
        }) || part.attachment_name().is_some_and(|name| name.to_ascii_lowercase().ends_with(".ics"));
        if !is_calendar {
            continue;
        }
        if let Ok((text, _)) = import::decode(part.contents()) {
            // The alternative part and the attachment usually carry the same calendar: read it once.
            if !calendars.contains(&text) {
                calendars.push(text);
            }
        }
    }
    calendars
}

/// Each ATTENDEE with an answer in one replied event.
fn answers_in_event(conn: &Connection, file: &str, event: &Component) -> Result<Vec<FoundAnswer>> {
    let uid = event.text("UID").map(|u| u.trim().to_string()).unwrap_or_default();
    let sequence: u32 = event.property("SEQUENCE").and_then(|s| s.value.trim().parse().ok()).unwrap_or(0);
    let answered_at = event
        .property("DTSTAMP")
        .and_then(|stamp| parse_utc(&stamp.value))
        .map(clock::utc_text)
        .unwrap_or_else(clock::now_timestamp);
    let meeting = if uid.is_empty() { None } else { meeting::find_by_ical_uid(conn, &uid)? };
    let occurrence_problem = match (&meeting, event.property("RECURRENCE-ID")) {
        (Some(meeting), Some(recurrence)) => parse_utc(&recurrence.value)
            .filter(|at| *at == meeting.start_utc)
            .is_none()
            .then_some("Svaret gäller en annan förekomst (RECURRENCE-ID) än träffens tid, så det sparas inte."),
        _ => None,
    };
    let mut found = Vec::new();
    for attendee in event.properties.iter().filter(|p| p.name == "ATTENDEE") {
        let Some(answer) = attendee.param("PARTSTAT").and_then(Answer::from_partstat) else { continue };
        let email = attendee.value.trim();
        let email = email.get(..7).filter(|s| s.eq_ignore_ascii_case("mailto:")).map_or(email, |_| &email[7..]);
        let email: String = email.trim().chars().take(254).collect();
        let member = answers::member_by_email(conn, &email)?;
        let (status, reason) = match (&meeting, &member, occurrence_problem) {
            (None, _, _) => (FoundStatus::Unmatched, "Ingen träff har svarets UID; svaret sparas inte.".to_string()),
            (_, None, _) => (
                FoundStatus::Unmatched,
                "Adressen tillhör ingen medlem; svaret sparas inte. Lägg till adressen hos medlemmen och importera igen."
                    .to_string(),
            ),
            (_, _, Some(problem)) => (FoundStatus::Unmatched, problem.to_string()),
            _ => (FoundStatus::Stored, String::new()),
        };
        found.push(FoundAnswer {
            file: file.to_string(),
            email,
            member_name: member.map(|(_, name)| name).unwrap_or_default(),
            meeting_id: meeting.as_ref().map(|m| m.id.clone()).unwrap_or_default(),
            meeting_label: meeting.as_ref().map(|m| m.when_label.clone()).unwrap_or_else(|| content::shortened(&uid)),
            answer,
            answered_at: answered_at.clone(),
            sequence,
            status,
            reason,
        });
    }
    Ok(found)
}

/// A UTC DATE-TIME (`20240110T090000Z`); local or floating times are read as UTC, which is close
/// enough to order two replies of one person.
fn parse_utc(value: &str) -> Option<DateTime<Utc>> {
    let value = value.trim().trim_end_matches(['Z', 'z']);
    NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").ok().map(|naive| naive.and_utc())
}
