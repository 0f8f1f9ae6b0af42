//! What the meeting pages read: one meeting with everything about it, the start page's overview,
//! and the series page's "what the meetings have been about".

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection};
use serde::Serialize;

use super::hosts::{hosts, Host};
use super::meeting::{get, list, list_where, stored_schedule, Meeting, MeetingStatus};
use super::schedule::{warnings_for, SchedulingWarning};
use super::{attendance, presentations};
use crate::error::Result;

/// Everything the meeting page shows about one meeting.
#[derive(Debug, Clone, Serialize)]
pub struct MeetingDetail {
    pub meeting: Meeting,
    pub hosts: Vec<Host>,
    pub attendance: Vec<attendance::AttendanceRow>,
    pub attendance_summary: attendance::AttendanceCounts,
    pub presentations: Vec<presentations::Presentation>,
    /// What the host should know about the date as it stands (holidays, overlaps).
    pub warnings: Vec<SchedulingWarning>,
}

/// One meeting with its hosts, attendance, presentations and date warnings.
pub fn detail(conn: &Connection, id: &str) -> Result<MeetingDetail> {
    let meeting = get(conn, id)?;
    let valid = stored_schedule(conn, id)?;
    let warnings = warnings_for(conn, &valid, Some(id))?;
    let attendance = attendance::for_meeting(conn, id)?;
    Ok(MeetingDetail {
        attendance_summary: attendance::AttendanceCounts::of(&attendance),
        hosts: hosts(conn, id)?,
        attendance,
        presentations: presentations::for_meeting(conn, id)?,
        warnings,
        meeting,
    })
}

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
    /// Attendance of the latest meetings with recorded attendance (latest first), and per municipality over the same meetings.
    pub figures: attendance::AttendanceFigures,
}

/// The overview as of `now`. Each part reads only what it shows, walking the meetings by start or
/// end time from `now`, so the start page costs the same with five meetings or five hundred.
pub fn overview(conn: &Connection, now: DateTime<Utc>) -> Result<Overview> {
    let length = i64::try_from(OVERVIEW_LIST_LENGTH).unwrap_or(i64::MAX);
    let upcoming = list_where(conn, "WHERE end_utc >= ?1 ORDER BY start_utc, id LIMIT ?2", params![now, length])?;
    let past = list_where(conn, "WHERE end_utc < ?1 ORDER BY start_utc DESC, id DESC LIMIT ?2", params![now, length])?;
    let next = match upcoming.iter().find(|m| m.status == MeetingStatus::Scheduled) {
        Some(next) => Some(next.clone()),
        None => list_where(
            conn,
            "WHERE end_utc >= ?1 AND status = ?2 ORDER BY start_utc, id LIMIT 1",
            params![now, MeetingStatus::Scheduled.code()],
        )?
        .into_iter()
        .next(),
    };
    let (upcoming_count, past_count): (i64, i64) = conn.query_row(
        "SELECT count(*) FILTER (WHERE end_utc >= ?1), count(*) FILTER (WHERE end_utc < ?1) FROM meetings",
        [now],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    Ok(Overview {
        next,
        upcoming,
        upcoming_count: usize::try_from(upcoming_count).unwrap_or(0),
        past,
        past_count: usize::try_from(past_count).unwrap_or(0),
        figures: attendance::figures(conn, OVERVIEW_FIGURES_MEETINGS)?,
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
