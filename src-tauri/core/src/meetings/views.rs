//! What the meeting pages read: one meeting with everything about it, the start page's overview,
//! and the series page's "what the meetings have been about".

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;
use serde::Serialize;

use super::hosts::{hosts, Host};
use super::meeting::{get, list, stored_schedule, Meeting, MeetingStatus};
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
    /// Attendance of the latest meetings with recorded attendance (latest first), and per municipality over all meetings.
    pub figures: attendance::AttendanceFigures,
}

/// The overview as of `now`.
pub fn overview(conn: &Connection, now: DateTime<Utc>) -> Result<Overview> {
    let all = list(conn)?;
    let mut figures = attendance::figures_for(conn, &all)?;
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
