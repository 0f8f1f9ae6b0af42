//! Members' answers back into the app: iTIP REPLY files (`.ics`, or `.eml` messages carrying one) matched to meetings and members.
//!
//! A reply is matched on its UID (and RECURRENCE-ID, which must be the meeting's own start) and the
//! ATTENDEE's e-mail address, never on ORGANIZER, which some services leave out. An answer from an
//! address that is no member, or to a UID that is no meeting, is listed and not stored. Of several
//! replies from one member to one meeting the newest counts: a higher SEQUENCE, then a later DTSTAMP.
//! Files are read capped and parsed tolerantly; nothing in them can make the import panic.

use std::collections::hash_map::{Entry, HashMap};
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
use crate::sweden::time::Zone;

/// Largest answer file read (a mail with attachments; a reply itself is a few kilobytes).
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;
/// Most files read in one import.
pub const MAX_FILES: usize = 500;
/// Most bytes read in one import, all files together (memory stays bounded however many are chosen).
pub const MAX_TOTAL_BYTES: u64 = 64 * 1024 * 1024;
/// Most answers (ATTENDEE lines with an answer) read from one import.
pub const MAX_ANSWERS: usize = 20_000;
/// Most different calendars read from one mail (a reply carries one, often twice: inline and attached).
pub const MAX_CALENDARS_PER_MAIL: usize = 20;

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

impl std::fmt::Debug for AnswerFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AnswerFile").field("name", &self.name).field("bytes", &self.bytes.len()).finish()
    }
}

/// Reads answer files (capped in size and number, each and together) for [`preview`] or [`apply`].
pub fn read_files(paths: &[impl AsRef<Path>]) -> Result<Vec<AnswerFile>> {
    if paths.len() > MAX_FILES {
        return Err(too_many_files());
    }
    let mut total: u64 = 0;
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        let file = read_file(path.as_ref())?;
        total = total.saturating_add(file.bytes.len() as u64);
        if total > MAX_TOTAL_BYTES {
            return Err(too_much_together());
        }
        files.push(file);
    }
    Ok(files)
}

/// Reads one answer file, within [`MAX_FILE_BYTES`].
pub fn read_file(path: &Path) -> Result<AnswerFile> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let bytes = crate::store::files::read_capped(path, MAX_FILE_BYTES).map_err(|error| match error {
        crate::store::files::CappedReadError::TooBig => Error::invalid(
            "files",
            format!("{name} är större än {} MB och lästes inte. Inga svar har lästs in.", MAX_FILE_BYTES / 1024 / 1024),
        ),
        crate::store::files::CappedReadError::Changed => {
            Error::invalid("files", format!("{name} ändrades medan den lästes. Försök igen."))
        }
        crate::store::files::CappedReadError::Io(source) => Error::Io { path: path.to_path_buf(), source },
    })?;
    Ok(AnswerFile { name, bytes })
}

/// The error for more than [`MAX_FILES`] files at once.
pub fn too_many_files() -> Error {
    Error::invalid("files", format!("Välj högst {MAX_FILES} svarsfiler åt gången."))
}

/// The error for files above [`MAX_TOTAL_BYTES`] together.
pub fn too_much_together() -> Error {
    Error::invalid(
        "files",
        format!("Svarsfilerna är tillsammans större än {} MB. Läs in dem i omgångar.", MAX_TOTAL_BYTES / 1024 / 1024),
    )
}

/// Whether `bytes` hold an answer to an invitation: an .ics, or a mail with a calendar part, whose
/// calendar is `METHOD:REPLY`. Decided by the content alone (a dropped file may be named anything).
pub fn holds_reply(bytes: &[u8]) -> bool {
    let (calendars, _) = calendars_in(bytes);
    calendars.iter().any(|text| {
        content::parse(text).is_ok_and(|parsed| {
            parsed.components.iter().filter(|c| c.name == "VCALENDAR").any(|calendar| {
                calendar.property("METHOD").is_some_and(|m| m.value.trim().eq_ignore_ascii_case("REPLY"))
            })
        })
    })
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
/// Of one member's answers to one meeting the highest (SEQUENCE, DTSTAMP) wins, and of equals the later
/// file; the winner still loses to a newer stored answer. Linear in the answers (a map per meeting and address).
fn decide(conn: &Connection, import: &mut AnswersImport) -> Result<()> {
    let mut newest: HashMap<(String, String), usize> = HashMap::new();
    for (index, found) in import.answers.iter().enumerate() {
        if found.status == FoundStatus::Unmatched {
            continue;
        }
        match newest.entry((found.meeting_id.clone(), found.email.to_lowercase())) {
            Entry::Vacant(slot) => {
                slot.insert(index);
            }
            Entry::Occupied(mut slot) => {
                let best = &import.answers[*slot.get()];
                if (found.sequence, &found.answered_at) >= (best.sequence, &best.answered_at) {
                    slot.insert(index);
                }
            }
        }
    }
    let mut winners = vec![false; import.answers.len()];
    for ((meeting_id, email), index) in &newest {
        let found = &import.answers[*index];
        let newer_stored = match answers::member_by_email(conn, email)? {
            Some((member_id, _)) => answers::stored_rank(conn, meeting_id, &member_id)?
                .is_some_and(|stored| stored > (found.sequence, found.answered_at.clone())),
            None => false,
        };
        if let Some(winner) = winners.get_mut(*index) {
            *winner = !newer_stored;
        }
    }
    for (found, winner) in import.answers.iter_mut().zip(winners) {
        if found.status != FoundStatus::Unmatched && !winner {
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
    let network_zone = crate::sweden::time::parse_time_zone("time_zone", &crate::settings::load(conn)?.time_zone)?;
    let mut import = AnswersImport::default();
    let mut warnings = content::Warnings::default();
    for file in files {
        let (calendars, problems) = calendars_in(&file.bytes);
        if calendars.is_empty() && problems.is_empty() {
            warnings.push(format!(
                "{}: ingen kalenderdel hittades (varken .ics eller e-post med inbjudningssvar).",
                file.name
            ));
        }
        for problem in problems {
            warnings.push(format!("{}: {problem}", file.name));
        }
        if calendars.is_empty() {
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
                    for found in answers_in_event(conn, &file.name, event, &network_zone)? {
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

/// The start of a zip archive (a zipped .ics is no calendar until it is unpacked).
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

/// The calendar texts in a file (the file itself when it is an .ics, else the calendar parts of the
/// mail, at most [`MAX_CALENDARS_PER_MAIL`]) and, in Swedish, why a calendar in it could not be read.
fn calendars_in(bytes: &[u8]) -> (Vec<String>, Vec<String>) {
    if bytes.starts_with(ZIP_MAGIC) {
        return (Vec::new(), vec!["filen är ett zip-arkiv; packa upp det och läs in svaren i det.".into()]);
    }
    // Only the start tells an .ics from a mail: a mail may be larger than a calendar may be.
    let start = bytes.get(..1024).unwrap_or(bytes);
    let looks_like_calendar = import::decode(start)
        .is_ok_and(|(text, _)| text.trim_start().to_ascii_uppercase().starts_with("BEGIN:VCALENDAR"));
    if looks_like_calendar {
        return match import::decode(bytes) {
            Ok((text, _)) => (vec![text], Vec::new()),
            Err(error) => (Vec::new(), vec![error.to_string()]),
        };
    }
    let Some(message) = MessageParser::default().parse(bytes) else { return (Vec::new(), Vec::new()) };
    let mut calendars: Vec<String> = Vec::new();
    let mut problems: Vec<String> = Vec::new();
    for part in &message.parts {
        let is_calendar = part.content_type().is_some_and(|ct| {
            let subtype = ct.subtype().unwrap_or_default().to_ascii_lowercase();
            (ct.ctype().eq_ignore_ascii_case("text") && subtype == "calendar")
                || (ct.ctype().eq_ignore_ascii_case("application") && subtype == "ics")
        }) || part.attachment_name().is_some_and(|name| name.to_ascii_lowercase().ends_with(".ics"));
        if !is_calendar {
            continue;
        }
        match import::decode(part.contents()) {
            // The alternative part and the attachment usually carry the same calendar: read it once.
            Ok((text, _)) if calendars.contains(&text) => {}
            Ok(_) if calendars.len() >= MAX_CALENDARS_PER_MAIL => {
                problems
                    .push(format!("meddelandet har fler än {MAX_CALENDARS_PER_MAIL} kalenderdelar; de första lästes."));
                break;
            }
            Ok((text, _)) => calendars.push(text),
            Err(error) => {
                if problems.len() < MAX_CALENDARS_PER_MAIL {
                    problems.push(error.to_string());
                }
            }
        }
    }
    (calendars, problems)
}

/// Each ATTENDEE with an answer in one replied event.
/// A RECURRENCE-ID (UTC, with a TZID, or floating in `network_zone`) must be the meeting's own start.
fn answers_in_event(conn: &Connection, file: &str, event: &Component, network_zone: &Zone) -> Result<Vec<FoundAnswer>> {
    let uid = event.text("UID").map(|u| u.trim().to_string()).unwrap_or_default();
    let sequence: u32 = event.property("SEQUENCE").and_then(|s| s.value.trim().parse().ok()).unwrap_or(0);
    let answered_at = event
        .property("DTSTAMP")
        .and_then(|stamp| parse_utc(&stamp.value))
        .map(clock::utc_text)
        .unwrap_or_else(clock::now_timestamp);
    let meeting = if uid.is_empty() { None } else { meeting::find_by_ical_uid(conn, &uid)? };
    let occurrence_problem = match (&meeting, event.property("RECURRENCE-ID")) {
        (Some(meeting), Some(recurrence)) => import::instant(recurrence, network_zone)
            .ok()
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
