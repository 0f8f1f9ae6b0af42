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
     end_utc, teams_url, agenda, focus, notes, notes_status, status, cancel_reason, sequence, created_at, updated_at,
     repeated_hour FROM meetings";

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
    write_schedule(conn, id, meeting)?;
    set_import_status(conn, id, cancelled, cancel_reason, sequence, at)
}

/// Writes a validated schedule (title, date, times, zone, UTC instants, link, agenda) onto a meeting;
/// the caller decides what happens to its sequence and `updated_at`.
fn write_schedule(conn: &Connection, id: &str, meeting: &ValidMeeting) -> Result<()> {
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
    Ok(())
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
text_enum! {
    /// Why a date or time may be a poor choice for a meeting.
    pub enum WarningKind ("varning") {
        PublicHoliday => ("public_holiday", "helgdag"),
        DayOff => ("day_off", "ledig dag"),
        SqueezeDay => ("squeeze_day", "klämdag"),
        Weekend => ("weekend", "helg"),
        Overlap => ("overlap", "krock"),
    }
}

/// Something the host should know about a date before sending invitations; it does not stop scheduling.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchedulingWarning {
    pub kind: WarningKind,
    /// A Swedish sentence: "Fredag 21 juni 2024 är midsommarafton, då de flesta är lediga."
    pub message: String,
}

/// A meeting just created or changed, with what the host should know about its date.
#[derive(Debug, Clone, Serialize)]
pub struct Scheduled {
    pub meeting: Meeting,
    pub warnings: Vec<SchedulingWarning>,
}

/// Holidays, days off, klämdagar, weekends and overlaps with other meetings that still go ahead.
/// `ignore_id` is the meeting being edited, which never overlaps itself.
pub fn warnings_for(
    conn: &Connection,
    meeting: &ValidMeeting,
    ignore_id: Option<&str>,
) -> Result<Vec<SchedulingWarning>> {
    use crate::swedish_calendar::DateConcern;
    let mut warnings: Vec<SchedulingWarning> = crate::swedish_calendar::date_concerns(meeting.date)
        .into_iter()
        .map(|(concern, message)| SchedulingWarning {
            kind: match concern {
                DateConcern::PublicHoliday => WarningKind::PublicHoliday,
                DateConcern::DayOff => WarningKind::DayOff,
                DateConcern::SqueezeDay => WarningKind::SqueezeDay,
                DateConcern::Weekend => WarningKind::Weekend,
            },
            message,
        })
        .collect();
    let mut statement = conn.prepare(&format!(
        "{SELECT_MEETING} WHERE status = 'scheduled' AND start_utc < ?1 AND end_utc > ?2 AND id <> ?3 ORDER BY start_utc"
    ))?;
    let overlapping = statement.query_map(
        (utc_text(meeting.end_utc), utc_text(meeting.start_utc), ignore_id.unwrap_or("")),
        meeting_from_row,
    )?;
    for other in overlapping {
        let other = other?;
        warnings.push(SchedulingWarning {
            kind: WarningKind::Overlap,
            message: format!("Tiden krockar med en annan träff: ”{}”, {}.", other.title, other.when_label),
        });
    }
    Ok(warnings)
}

/// Fills an empty start, end or zone from the network's settings, as a host expects.
fn with_network_defaults(input: &MeetingInput, network: &crate::settings::NetworkSettings) -> MeetingInput {
    let mut filled = input.clone();
    if filled.start.trim().is_empty() {
        filled.start = network.default_start.clone();
    }
    if filled.end.trim().is_empty() {
        filled.end = network.default_end.clone();
    }
    if filled.time_zone.trim().is_empty() {
        filled.time_zone = network.time_zone.clone();
    }
    filled
}

/// Checks a meeting as the host typed it and says what to know about its date, without saving.
pub fn check(conn: &Connection, input: &MeetingInput, ignore_id: Option<&str>) -> Result<Vec<SchedulingWarning>> {
    let network = crate::settings::load(conn)?;
    let valid = with_network_defaults(input, &network).validated(&network.time_zone)?;
    warnings_for(conn, &valid, ignore_id)
}

/// Schedules a new meeting (empty start, end and zone come from the settings) and sets its hosts.
/// Run inside [`crate::Database::write`] so that a bad host leaves nothing behind.
pub fn schedule(conn: &Connection, input: &MeetingInput, host_ids: &[String]) -> Result<Scheduled> {
    let network = crate::settings::load(conn)?;
    let valid = with_network_defaults(input, &network).validated(&network.time_zone)?;
    let warnings = warnings_for(conn, &valid, None)?;
    let id = insert(conn, &ids::new_id(), &valid, &crate::db::now_timestamp())?;
    set_hosts(conn, &id, host_ids)?;
    Ok(Scheduled { meeting: get(conn, &id)?, warnings })
}

/// Changes a meeting's schedule, keeping its id and calendar UID. The invitation sequence rises
/// when something invitees see changes (title, date, times, zone, Teams link, agenda).
/// `host_ids` replaces the hosts when given. Run inside [`crate::Database::write`].
pub fn reschedule(conn: &Connection, id: &str, input: &MeetingInput, host_ids: Option<&[String]>) -> Result<Scheduled> {
    let current = get(conn, id)?;
    let network = crate::settings::load(conn)?;
    let valid = with_network_defaults(input, &network).validated(&network.time_zone)?;
    let warnings = warnings_for(conn, &valid, Some(id))?;
    let invitees_see_a_change = current.title != valid.title
        || current.date != valid.date
        || current.start != valid.start
        || current.end != valid.end
        || current.time_zone != valid.time_zone
        || current.start_utc != valid.start_utc
        || current.repeated_hour != valid.repeated_hour
        || current.teams_url != valid.teams_url
        || current.agenda != valid.agenda;
    if invitees_see_a_change {
        write_schedule(conn, id, &valid)?;
        conn.execute(
            "UPDATE meetings SET sequence = sequence + 1, updated_at = ?2 WHERE id = ?1",
            (id, crate::db::now_timestamp()),
        )?;
    }
    if let Some(host_ids) = host_ids {
        set_hosts(conn, id, host_ids)?;
    }
    Ok(Scheduled { meeting: get(conn, id)?, warnings })
}

/// Cancels a meeting: it stays in the records with status inställd and the reason, and its
/// invitation sequence rises so calendars show the cancellation.
pub fn cancel(conn: &Connection, id: &str, reason: &str) -> Result<Meeting> {
    let current = get(conn, id)?;
    let reason = validate::required_text("reason", "Anledningen till att träffen ställs in", reason, 500)?;
    if current.status == MeetingStatus::Cancelled {
        return Err(Error::invalid("reason", "Träffen är redan inställd."));
    }
    mark_cancelled(conn, id, &reason, &crate::db::now_timestamp())?;
    get(conn, id)
}

/// Takes back a cancellation: the meeting goes ahead again, with a new invitation sequence.
pub fn reinstate(conn: &Connection, id: &str) -> Result<Meeting> {
    let current = get(conn, id)?;
    if current.status != MeetingStatus::Cancelled {
        return Err(Error::invalid("status", "Träffen är inte inställd."));
    }
    conn.execute(
        "UPDATE meetings SET status = 'scheduled', cancel_reason = '', sequence = sequence + 1, updated_at = ?2
         WHERE id = ?1",
        (id, crate::db::now_timestamp()),
    )?;
    get(conn, id)
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

/// Saves focus and minutes. Invitees see neither, so the invitation sequence stays.
pub fn save_record(conn: &Connection, id: &str, input: &RecordInput) -> Result<Meeting> {
    get(conn, id)?;
    let focus = validate::optional_text("focus", "Fokus", &input.focus, FOCUS_MAX_CHARS)?;
    let notes = validate::optional_text("notes", "Anteckningarna", &input.notes, 100_000)?;
    let notes_status = if input.notes_status.trim().is_empty() {
        NotesStatus::Draft
    } else {
        NotesStatus::parse("notes_status", &input.notes_status)?
    };
    if notes_status == NotesStatus::Final && notes.is_empty() {
        return Err(Error::invalid("notes", "Skriv anteckningarna innan de markeras som slutliga."));
    }
    conn.execute(
        "UPDATE meetings SET focus = ?2, notes = ?3, notes_status = ?4, updated_at = ?5 WHERE id = ?1",
        rusqlite::params![id, focus, notes, notes_status, crate::db::now_timestamp()],
    )?;
    get(conn, id)
}

/// A member who hosts a meeting.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Host {
    pub member_id: String,
    pub name: String,
    pub municipality_name: Option<String>,
}

/// Replaces a meeting's hosts; every id must be a member.
pub fn set_hosts(conn: &Connection, meeting_id: &str, member_ids: &[String]) -> Result<()> {
    for member_id in member_ids {
        if !crate::members::exists(conn, member_id)? {
            return Err(Error::invalid("hosts", "En vald värd finns inte bland medlemmarna. Välj värdar ur listan."));
        }
    }
    conn.execute("DELETE FROM meeting_hosts WHERE meeting_id = ?1", [meeting_id])?;
    let mut insert_host =
        conn.prepare("INSERT OR IGNORE INTO meeting_hosts (meeting_id, member_id) VALUES (?1, ?2)")?;
    for member_id in member_ids {
        insert_host.execute((meeting_id, member_id))?;
    }
    Ok(())
}

/// A meeting's hosts, by name in Swedish order.
pub fn hosts(conn: &Connection, meeting_id: &str) -> Result<Vec<Host>> {
    let mut statement = conn.prepare(&format!(
        "SELECT m.id, m.name, mu.name FROM meeting_hosts h
         JOIN members m ON m.id = h.member_id
         LEFT JOIN municipalities mu ON mu.code = m.municipality_code
         WHERE h.meeting_id = ?1 ORDER BY m.name COLLATE {}, m.id",
        crate::collation::SQL_NAME
    ))?;
    let rows = statement.query_map([meeting_id], |row| {
        Ok(Host { member_id: row.get(0)?, name: row.get(1)?, municipality_name: row.get(2)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Everything the meeting page shows about one meeting.
#[derive(Debug, Clone, Serialize)]
pub struct MeetingDetail {
    pub meeting: Meeting,
    pub hosts: Vec<Host>,
    pub attendance: Vec<crate::attendance::AttendanceRow>,
    pub attendance_summary: crate::attendance::AttendanceCounts,
    pub presentations: Vec<crate::presentations::Presentation>,
    /// What the host should know about the date as it stands (holidays, overlaps).
    pub warnings: Vec<SchedulingWarning>,
}

/// One meeting with its hosts, attendance, presentations and date warnings.
pub fn detail(conn: &Connection, id: &str) -> Result<MeetingDetail> {
    let meeting = get(conn, id)?;
    let valid = stored_schedule(conn, id)?;
    let warnings = warnings_for(conn, &valid, Some(id))?;
    let attendance = crate::attendance::for_meeting(conn, id)?;
    Ok(MeetingDetail {
        attendance_summary: crate::attendance::AttendanceCounts::of(&attendance),
        hosts: hosts(conn, id)?,
        attendance,
        presentations: crate::presentations::for_meeting(conn, id)?,
        warnings,
        meeting,
    })
}

/// The stored schedule of a meeting as a [`ValidMeeting`], for warnings and edits.
fn stored_schedule(conn: &Connection, id: &str) -> Result<ValidMeeting> {
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

/// What the overview shows: the next meeting, the ones after it, and the ones that have been.
/// How many upcoming and past meetings, and how many meetings' attendance figures, the overview carries.
pub const OVERVIEW_LIST_LENGTH: usize = 5;
pub const OVERVIEW_FIGURES_MEETINGS: usize = 12;

/// The start page: the next meeting, the nearest upcoming and latest past meetings with their
/// totals, and attendance figures. Short lists only, so that it stays quick with years of meetings
/// (the Träffar view has them all).
#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    /// The next meeting that goes ahead (not cancelled) and has not ended.
    pub next: Option<Meeting>,
    /// The first meetings that have not ended, earliest first (cancelled ones included, marked).
    pub upcoming: Vec<Meeting>,
    /// How many meetings have not ended.
    pub upcoming_count: usize,
    /// The latest meetings that have ended, latest first.
    pub past: Vec<Meeting>,
    /// How many meetings have ended.
    pub past_count: usize,
    /// Attendance of the latest meetings with recorded attendance (latest first), and per municipality over all meetings.
    pub figures: crate::attendance::AttendanceFigures,
}

/// The overview as of `now`.
pub fn overview(conn: &Connection, now: DateTime<Utc>) -> Result<Overview> {
    let all = list(conn)?;
    let mut figures = crate::attendance::figures_for(conn, &all)?;
    figures.per_meeting.reverse();
    figures.per_meeting.truncate(OVERVIEW_FIGURES_MEETINGS);
    let (past, upcoming): (Vec<&Meeting>, Vec<&Meeting>) = all.iter().partition(|m| m.end_utc < now);
    Ok(Overview {
        next: upcoming.iter().find(|m| m.status == MeetingStatus::Scheduled).map(|m| (*m).clone()),
        upcoming: upcoming.iter().take(OVERVIEW_LIST_LENGTH).map(|m| (*m).clone()).collect(),
        upcoming_count: upcoming.len(),
        past: past.iter().rev().take(OVERVIEW_LIST_LENGTH).map(|m| (*m).clone()).collect(),
        past_count: past.len(),
        figures,
    })
}

/// One line of the series page: what a meeting so far was about.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FocusEntry {
    pub meeting_id: String,
    pub date: NaiveDate,
    pub when_label: String,
    pub title: String,
    pub status: MeetingStatus,
    pub cancel_reason: String,
    pub focus: String,
}

/// "Vad nätverksträffarna hittills har handlat om": every meeting that has started by `now`, earliest first.
pub fn focus_so_far(conn: &Connection, now: DateTime<Utc>) -> Result<Vec<FocusEntry>> {
    Ok(list(conn)?
        .into_iter()
        .filter(|m| m.start_utc <= now)
        .map(|m| FocusEntry {
            meeting_id: m.id,
            date: m.date,
            when_label: m.when_label,
            title: m.title,
            status: m.status,
            cancel_reason: m.cancel_reason,
            focus: m.focus,
        })
        .collect())
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
