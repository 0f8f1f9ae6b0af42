//! Meetings (träffar): their wall-clock times in a zone, the UTC instants derived from them, and their SQL.
//!
//! A meeting keeps its local date, start, end and IANA zone as the host typed them; `start_utc`
//! and `end_utc` are derived on every write and stored for sorting and calendar export.

use chrono::{DateTime, NaiveDate, NaiveTime, SecondsFormat, Utc};
use rusqlite::{Connection, Row};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::swedish_time::{self, parse_clock_time, parse_date, parse_time_zone, RepeatedHour};
use crate::{ids, text_enum, validate};

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
    serializer.serialize_str(&utc_text(*instant))
}

/// How UTC instants are written in the database and in JSON: `2024-01-24T14:00:00Z`.
pub fn utc_text(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(SecondsFormat::Secs, true)
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
        let title = validate::required_text("title", "Titeln", &self.title, 200)?;
        let date = parse_date("date", &self.date)?;
        let start = parse_clock_time("start", &self.start)?;
        let end = parse_clock_time("end", &self.end)?;
        let zone_text = if self.time_zone.trim().is_empty() { default_zone } else { &self.time_zone };
        let zone = parse_time_zone("time_zone", zone_text)?;
        let start_utc = swedish_time::to_utc("start", date, start, zone, self.repeated_hour)?;
        let end_utc = swedish_time::to_utc("end", date, end, zone, self.repeated_hour)?;
        if end_utc <= start_utc {
            return Err(Error::invalid(
                "end",
                format!(
                    "Sluttiden ({}) måste vara senare än starttiden ({}).",
                    swedish_time::clock(end),
                    swedish_time::clock(start)
                ),
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
            agenda: validate::optional_text("agenda", "Dagordningen", &self.agenda, 20_000)?,
        })
    }
}

/// Inserts a validated meeting with the given id and timestamps; returns its id.
pub(crate) fn insert(conn: &Connection, id: &str, meeting: &ValidMeeting, at: &str) -> Result<String> {
    insert_with_uid(conn, id, &ical_uid_for(id), meeting, at)
}

fn insert_with_uid(conn: &Connection, id: &str, ical_uid: &str, meeting: &ValidMeeting, at: &str) -> Result<String> {
    conn.execute(
        "INSERT INTO meetings (id, ical_uid, title, local_date, start_time, end_time, time_zone, repeated_hour,
             start_utc, end_utc, teams_url, agenda, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
        rusqlite::params![
            id,
            ical_uid,
            meeting.title,
            meeting.date.format("%Y-%m-%d").to_string(),
            meeting.start.format("%H:%M").to_string(),
            meeting.end.format("%H:%M").to_string(),
            meeting.time_zone,
            repeated_hour_code(meeting.repeated_hour),
            utc_text(meeting.start_utc),
            utc_text(meeting.end_utc),
            meeting.teams_url,
            meeting.agenda,
            at
        ],
    )?;
    Ok(id.to_string())
}

/// Schedules a new meeting from user input; returns it as stored.
pub fn create(conn: &Connection, input: &MeetingInput, default_zone: &str) -> Result<Meeting> {
    let valid = input.validated(default_zone)?;
    let id = insert(conn, &ids::new_id(), &valid, &crate::db::now_timestamp())?;
    get(conn, &id)
}

/// Marks a meeting cancelled with a reason and raises its invitation sequence.
pub(crate) fn mark_cancelled(conn: &Connection, id: &str, reason: &str, at: &str) -> Result<()> {
    let changed = conn.execute(
        "UPDATE meetings SET status = 'cancelled', cancel_reason = ?2, sequence = sequence + 1, updated_at = ?3
         WHERE id = ?1",
        (id, reason, at),
    )?;
    if changed == 0 {
        return Err(not_found(id));
    }
    Ok(())
}

/// The calendar UID of a meeting: stable for its whole life, unique across installations.
pub fn ical_uid_for(id: &str) -> String {
    format!("{id}@natverket.fss.se")
}

fn repeated_hour_code(repeated: RepeatedHour) -> &'static str {
    match repeated {
        RepeatedHour::Earlier => "earlier",
        RepeatedHour::Later => "later",
    }
}

fn not_found(id: &str) -> Error {
    Error::NotFound { what: "Träffen", id: id.to_string() }
}

const SELECT_MEETING: &str = "SELECT id, ical_uid, title, local_date, start_time, end_time, time_zone, start_utc,
     end_utc, teams_url, agenda, focus, notes, notes_status, status, cancel_reason, sequence, created_at, updated_at
     FROM meetings";

fn meeting_from_row(row: &Row) -> rusqlite::Result<Meeting> {
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
        when_label: swedish_time::long_date_and_time(date, start, end),
    })
}

/// Every meeting, earliest first.
pub fn list(conn: &Connection) -> Result<Vec<Meeting>> {
    let mut statement = conn.prepare(&format!("{SELECT_MEETING} ORDER BY start_utc, id"))?;
    let rows = statement.query_map([], meeting_from_row)?;
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
    conn: &Connection,
    uid: &str,
    meeting: &ValidMeeting,
    cancelled: bool,
    cancel_reason: &str,
    sequence: u32,
    at: &str,
) -> Result<String> {
    let id = insert_with_uid(conn, &ids::new_id(), uid, meeting, at)?;
    set_import_status(conn, &id, cancelled, cancel_reason, sequence, at)?;
    Ok(id)
}

/// Replaces an existing meeting's schedule and status with an imported event's.
pub(crate) fn update_imported(
    conn: &Connection,
    id: &str,
    meeting: &ValidMeeting,
    cancelled: bool,
    cancel_reason: &str,
    sequence: u32,
    at: &str,
) -> Result<()> {
    conn.execute(
        "UPDATE meetings SET title = ?2, local_date = ?3, start_time = ?4, end_time = ?5, time_zone = ?6,
             repeated_hour = ?7, start_utc = ?8, end_utc = ?9, teams_url = ?10, agenda = ?11
         WHERE id = ?1",
        rusqlite::params![
            id,
            meeting.title,
            meeting.date.format("%Y-%m-%d").to_string(),
            meeting.start.format("%H:%M").to_string(),
            meeting.end.format("%H:%M").to_string(),
            meeting.time_zone,
            repeated_hour_code(meeting.repeated_hour),
            utc_text(meeting.start_utc),
            utc_text(meeting.end_utc),
            meeting.teams_url,
            meeting.agenda,
        ],
    )?;
    set_import_status(conn, id, cancelled, cancel_reason, sequence, at)
}

fn set_import_status(
    conn: &Connection,
    id: &str,
    cancelled: bool,
    cancel_reason: &str,
    sequence: u32,
    at: &str,
) -> Result<()> {
    let status = if cancelled { MeetingStatus::Cancelled } else { MeetingStatus::Scheduled };
    conn.execute(
        "UPDATE meetings SET status = ?2, cancel_reason = ?3, sequence = ?4, updated_at = ?5 WHERE id = ?1",
        rusqlite::params![id, status, cancel_reason, sequence, at],
    )?;
    Ok(())
}
