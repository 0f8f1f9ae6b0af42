//! Meetings (träffar): their wall-clock times in a zone, the UTC instants derived from them, and their SQL.
//!
//! A meeting keeps its local date, start, end and IANA zone as the host typed them; `start_utc`
//! and `end_utc` are derived on every write and stored for sorting and calendar export.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rusqlite::{Connection, Row, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::store::clock::{self, now_timestamp};
use crate::store::ids;
use crate::store::sql::{self, NamedValue};
use crate::sweden::time::{self, parse_clock_time, parse_date, parse_time_zone, RepeatedHour};
use crate::sweden::validate;
use crate::text_enum;

text_enum! {
    /// Whether a meeting is going ahead.
    pub enum MeetingStatus ("status") {
        Scheduled => ("scheduled", "planerad"),
        Cancelled => ("cancelled", "inställd"),
    }
}

text_enum! {
    /// Whether the minutes are still being written.
    pub enum NotesStatus ("anteckningarnas status") {
        Draft => ("draft", "utkast"),
        Final => ("final", "slutlig"),
    }
}

/// A meeting as stored, with its derived UTC instants and a Swedish label for people.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Meeting {
    pub id: String,
    /// The calendar UID, the same in every invitation, update and cancellation of this meeting.
    pub ical_uid: String,
    pub title: String,
    /// Local date in `time_zone`.
    pub date: NaiveDate,
    #[serde(serialize_with = "serialize_clock")]
    pub start: NaiveTime,
    #[serde(serialize_with = "serialize_clock")]
    pub end: NaiveTime,
    pub time_zone: String,
    /// Which occurrence of a repeated autumn hour the times mean.
    pub repeated_hour: RepeatedHour,
    #[serde(serialize_with = "serialize_utc")]
    pub start_utc: DateTime<Utc>,
    #[serde(serialize_with = "serialize_utc")]
    pub end_utc: DateTime<Utc>,
    pub teams_url: String,
    pub agenda: String,
    pub focus: String,
    pub notes: String,
    pub notes_status: NotesStatus,
    pub status: MeetingStatus,
    pub cancel_reason: String,
    /// Raised by every change that matters to invitees, so calendars replace the old entry.
    pub sequence: u32,
    pub created_at: String,
    pub updated_at: String,
    /// "onsdag 24 januari 2024 kl. 15.00–15.45".
    pub when_label: String,
}

fn serialize_clock<S: serde::Serializer>(time: &NaiveTime, serializer: S) -> std::result::Result<S::Ok, S::Error> {
    serializer.serialize_str(&time.format("%H:%M").to_string())
}

fn serialize_utc<S: serde::Serializer>(instant: &DateTime<Utc>, serializer: S) -> std::result::Result<S::Ok, S::Error> {
    serializer.serialize_str(&clock::utc_text(*instant))
}

/// What a host types to schedule a meeting; every field is checked by [`MeetingInput::validated`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MeetingInput {
    pub title: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `HH:MM` or `HH.MM`.
    pub start: String,
    pub end: String,
    /// IANA zone; the network's zone when empty.
    pub time_zone: String,
    /// Which occurrence of a repeated autumn hour is meant.
    pub repeated_hour: RepeatedHour,
    pub teams_url: String,
    pub agenda: String,
}

/// A meeting's schedule after validation, with its UTC instants.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidMeeting {
    pub title: String,
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub time_zone: String,
    pub repeated_hour: RepeatedHour,
    pub start_utc: DateTime<Utc>,
    pub end_utc: DateTime<Utc>,
    pub teams_url: String,
    pub agenda: String,
}

impl MeetingInput {
    /// Checks the input; `default_zone` is used when no zone is given.
    pub fn validated(&self, default_zone: &str) -> Result<ValidMeeting> {
        let title = validate::required_text("title", "Titeln", &self.title, TITLE_MAX_CHARS)?;
        let date = parse_date("date", &self.date)?;
        let start = parse_clock_time("start", &self.start)?;
        let end = parse_clock_time("end", &self.end)?;
        let zone_text = if self.time_zone.trim().is_empty() { default_zone } else { &self.time_zone };
        let zone = parse_time_zone("time_zone", zone_text)?;
        let start_utc = time::to_utc("start", date, start, &zone, self.repeated_hour)?;
        let end_utc = time::to_utc("end", date, end, &zone, self.repeated_hour)?;
        if end_utc <= start_utc {
            return Err(Error::invalid(
                "end",
                format!("Sluttiden ({}) måste vara senare än starttiden ({}).", time::clock(end), time::clock(start)),
            ));
        }
        Ok(ValidMeeting {
            title,
            date,
            start,
            end,
            time_zone: zone.name().to_string(),
            repeated_hour: self.repeated_hour,
            start_utc,
            end_utc,
            teams_url: validate::optional_https_url("teams_url", "Teams-länken", &self.teams_url)?,
            agenda: validate::optional_text("agenda", "Dagordningen", &self.agenda, AGENDA_MAX_CHARS)?,
        })
    }
}

/// Inserts a validated meeting with the given id and timestamps; returns its id.
pub(crate) fn insert(tx: &Transaction, id: &str, meeting: &ValidMeeting, at: &str) -> Result<String> {
    insert_with_uid(tx, id, &ids::meeting_ical_uid(id), meeting, at)
}

fn insert_with_uid(tx: &Transaction, id: &str, ical_uid: &str, meeting: &ValidMeeting, at: &str) -> Result<String> {
    let statement = format!(
        "INSERT INTO meetings (id, ical_uid, created_at, updated_at, {SCHEDULE_COLUMNS})
         VALUES (:id, :ical_uid, :at, :at, {})",
        sql::named_values(SCHEDULE_COLUMNS)
    );
    let mut params = schedule_params(meeting);
    params.extend([(":id", sql::text(id)), (":ical_uid", sql::text(ical_uid)), (":at", sql::text(at))]);
    tx.execute(&statement, sql::bind(&params).as_slice())?;
    Ok(id.to_string())
}

/// The columns of a meeting's schedule, written alike by insert and update; each is bound as `:column`.
const SCHEDULE_COLUMNS: &str =
    "title, local_date, start_time, end_time, time_zone, repeated_hour, start_utc, end_utc, teams_url, agenda";

/// The values of [`SCHEDULE_COLUMNS`] for a validated meeting.
fn schedule_params(meeting: &ValidMeeting) -> Vec<NamedValue> {
    vec![
        (":title", sql::text(&meeting.title)),
        (":local_date", sql::text(&meeting.date.format("%Y-%m-%d").to_string())),
        (":start_time", sql::text(&meeting.start.format("%H:%M").to_string())),
        (":end_time", sql::text(&meeting.end.format("%H:%M").to_string())),
        (":time_zone", sql::text(&meeting.time_zone)),
        (":repeated_hour", sql::text(repeated_hour_code(meeting.repeated_hour))),
        (":start_utc", sql::text(&clock::utc_text(meeting.start_utc))),
        (":end_utc", sql::text(&clock::utc_text(meeting.end_utc))),
        (":teams_url", sql::text(&meeting.teams_url)),
        (":agenda", sql::text(&meeting.agenda)),
    ]
}

/// Marks a meeting cancelled with a reason and raises its invitation sequence.
pub(crate) fn mark_cancelled(tx: &Transaction, id: &str, reason: &str, at: &str) -> Result<()> {
    let changed = tx.execute(
        "UPDATE meetings SET status = 'cancelled', cancel_reason = ?2, sequence = sequence + 1, updated_at = ?3
         WHERE id = ?1",
        (id, reason, at),
    )?;
    if changed == 0 {
        return Err(not_found(id));
    }
    Ok(())
}

fn repeated_hour_code(repeated: RepeatedHour) -> &'static str {
    match repeated {
        RepeatedHour::Earlier => "earlier",
        RepeatedHour::Later => "later",
    }
}

pub(crate) fn not_found(id: &str) -> Error {
    Error::NotFound { what: "Träffen", id: id.to_string() }
}

pub(crate) const SELECT_MEETING: &str =
    "SELECT id, ical_uid, title, local_date, start_time, end_time, time_zone, start_utc,
     end_utc, teams_url, agenda, focus, notes, notes_status, status, cancel_reason, sequence, created_at, updated_at,
     repeated_hour FROM meetings";

pub(crate) fn meeting_from_row(row: &Row) -> rusqlite::Result<Meeting> {
    let date: NaiveDate = row.get(3)?;
    let start: NaiveTime = row.get(4)?;
    let end: NaiveTime = row.get(5)?;
    Ok(Meeting {
        id: row.get(0)?,
        ical_uid: row.get(1)?,
        title: row.get(2)?,
        date,
        start,
        end,
        time_zone: row.get(6)?,
        repeated_hour: if row.get::<_, String>(19)? == "later" { RepeatedHour::Later } else { RepeatedHour::Earlier },
        start_utc: row.get(7)?,
        end_utc: row.get(8)?,
        teams_url: row.get(9)?,
        agenda: row.get(10)?,
        focus: row.get(11)?,
        notes: row.get(12)?,
        notes_status: row.get(13)?,
        status: row.get(14)?,
        cancel_reason: row.get(15)?,
        sequence: row.get(16)?,
        created_at: row.get(17)?,
        updated_at: row.get(18)?,
        when_label: time::long_date_and_time(date, start, end),
    })
}

/// Every meeting, earliest first.
pub fn list(conn: &Connection) -> Result<Vec<Meeting>> {
    let mut statement = conn.prepare(&format!("{SELECT_MEETING} ORDER BY start_utc, id"))?;
    let rows = statement.query_map([], meeting_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The meetings a clause picks, e.g. `WHERE end_utc >= ?1 ORDER BY start_utc LIMIT ?2` (the clause
/// may name the table as `meetings`).
pub(crate) fn list_where(conn: &Connection, clause: &str, params: impl rusqlite::Params) -> Result<Vec<Meeting>> {
    let mut statement = conn.prepare_cached(&format!("{SELECT_MEETING} {clause}"))?;
    let rows = statement.query_map(params, meeting_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One meeting by id.
pub fn get(conn: &Connection, id: &str) -> Result<Meeting> {
    conn.query_row(&format!("{SELECT_MEETING} WHERE id = ?1"), [id], meeting_from_row).map_err(|e| match e {
        rusqlite::Error::QueryReturnedNoRows => not_found(id),
        other => other.into(),
    })
}

// Calendar import (see ics::import): meetings identified by the UID of the event they came from.

/// The meeting whose calendar UID is `uid`, if any.
pub(crate) fn find_by_ical_uid(conn: &Connection, uid: &str) -> Result<Option<Meeting>> {
    use rusqlite::OptionalExtension;
    Ok(conn.query_row(&format!("{SELECT_MEETING} WHERE ical_uid = ?1"), [uid], meeting_from_row).optional()?)
}

/// Creates a meeting from an imported event, keeping the event's UID so a re-import updates it.
pub(crate) fn insert_imported(
    tx: &Transaction,
    uid: &str,
    meeting: &ValidMeeting,
    cancelled: bool,
    cancel_reason: &str,
    sequence: u32,
    at: &str,
) -> Result<String> {
    let id = insert_with_uid(tx, &ids::new_id(), uid, meeting, at)?;
    set_import_status(tx, &id, cancelled, cancel_reason, sequence, at)?;
    Ok(id)
}

/// Replaces an existing meeting's schedule and status with an imported event's.
pub(crate) fn update_imported(
    tx: &Transaction,
    id: &str,
    meeting: &ValidMeeting,
    cancelled: bool,
    cancel_reason: &str,
    sequence: u32,
    at: &str,
) -> Result<()> {
    write_schedule(tx, id, meeting)?;
    set_import_status(tx, id, cancelled, cancel_reason, sequence, at)
}

/// Writes a validated schedule (title, date, times, zone, UTC instants, link, agenda) onto a meeting;
/// the caller decides what happens to its sequence and `updated_at`.
pub(crate) fn write_schedule(tx: &Transaction, id: &str, meeting: &ValidMeeting) -> Result<()> {
    let statement = format!("UPDATE meetings SET {} WHERE id = :id", sql::named_assignments(SCHEDULE_COLUMNS));
    let mut params = schedule_params(meeting);
    params.push((":id", sql::text(id)));
    tx.execute(&statement, sql::bind(&params).as_slice())?;
    Ok(())
}

fn set_import_status(
    tx: &Transaction,
    id: &str,
    cancelled: bool,
    cancel_reason: &str,
    sequence: u32,
    at: &str,
) -> Result<()> {
    let status = if cancelled { MeetingStatus::Cancelled } else { MeetingStatus::Scheduled };
    tx.execute(
        "UPDATE meetings SET status = ?2, cancel_reason = ?3, sequence = ?4, updated_at = ?5 WHERE id = ?1",
        rusqlite::params![id, status, cancel_reason, sequence, at],
    )?;
    Ok(())
}
/// Cancels a meeting: it stays in the records with status inställd and the reason, and its
/// invitation sequence rises so calendars show the cancellation.
pub fn cancel(tx: &Transaction, id: &str, reason: &str) -> Result<Meeting> {
    let current = get(tx, id)?;
    let reason =
        validate::required_text("reason", "Anledningen till att träffen ställs in", reason, CANCEL_REASON_MAX_CHARS)?;
    if current.status == MeetingStatus::Cancelled {
        return Err(Error::invalid("reason", "Träffen är redan inställd."));
    }
    mark_cancelled(tx, id, &reason, &now_timestamp())?;
    get(tx, id)
}

/// Takes back a cancellation: the meeting goes ahead again, with a new invitation sequence.
pub fn reinstate(tx: &Transaction, id: &str) -> Result<Meeting> {
    let current = get(tx, id)?;
    if current.status != MeetingStatus::Cancelled {
        return Err(Error::invalid("status", "Träffen är inte inställd."));
    }
    tx.execute(
        "UPDATE meetings SET status = 'scheduled', cancel_reason = '', sequence = sequence + 1, updated_at = ?2
         WHERE id = ?1",
        (id, now_timestamp()),
    )?;
    get(tx, id)
}

/// What a host records after (or before) a meeting: a short public focus and the minutes.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RecordInput {
    /// One or two sentences on what the meeting was about, shown on the series page.
    pub focus: String,
    pub notes: String,
    /// `draft` or `final`; draft when empty.
    pub notes_status: String,
}

/// Longest focus text: it is a summary, the minutes are for the rest.
pub const FOCUS_MAX_CHARS: usize = 600;
/// Longest title, agenda, cancellation reason and minutes (characters), for the form and for
/// meetings that arrive in a bundle alike.
pub const TITLE_MAX_CHARS: usize = 200;
pub const AGENDA_MAX_CHARS: usize = 20_000;
pub const CANCEL_REASON_MAX_CHARS: usize = 500;
pub const NOTES_MAX_CHARS: usize = 100_000;

/// Saves focus and minutes. Invitees see neither, so the invitation sequence stays.
pub fn save_record(tx: &Transaction, id: &str, input: &RecordInput) -> Result<Meeting> {
    get(tx, id)?;
    let focus = validate::optional_text("focus", "Fokus", &input.focus, FOCUS_MAX_CHARS)?;
    let notes = validate::optional_text("notes", "Anteckningarna", &input.notes, NOTES_MAX_CHARS)?;
    let notes_status = if input.notes_status.trim().is_empty() {
        NotesStatus::Draft
    } else {
        NotesStatus::parse("notes_status", &input.notes_status)?
    };
    if notes_status == NotesStatus::Final && notes.is_empty() {
        return Err(Error::invalid("notes", "Skriv anteckningarna innan de markeras som slutliga."));
    }
    tx.execute(
        "UPDATE meetings SET focus = ?2, notes = ?3, notes_status = ?4, updated_at = ?5 WHERE id = ?1",
        rusqlite::params![id, focus, notes, notes_status, now_timestamp()],
    )?;
    get(tx, id)
}

/// The stored schedule of a meeting as a [`ValidMeeting`], for warnings and edits.
pub(crate) fn stored_schedule(conn: &Connection, id: &str) -> Result<ValidMeeting> {
    let meeting = get(conn, id)?;
    Ok(ValidMeeting {
        title: meeting.title,
        date: meeting.date,
        start: meeting.start,
        end: meeting.end,
        time_zone: meeting.time_zone,
        repeated_hour: meeting.repeated_hour,
        start_utc: meeting.start_utc,
        end_utc: meeting.end_utc,
        teams_url: meeting.teams_url,
        agenda: meeting.agenda,
    })
}

/// The stored meeting as input, so that an edit can change some fields and keep the rest.
pub fn input_of(conn: &Connection, meeting: &Meeting) -> Result<MeetingInput> {
    let valid = stored_schedule(conn, &meeting.id)?;
    Ok(MeetingInput {
        title: valid.title,
        date: valid.date.format("%Y-%m-%d").to_string(),
        start: valid.start.format("%H:%M").to_string(),
        end: valid.end.format("%H:%M").to_string(),
        time_zone: valid.time_zone,
        repeated_hour: valid.repeated_hour,
        teams_url: valid.teams_url,
        agenda: valid.agenda,
    })
}
