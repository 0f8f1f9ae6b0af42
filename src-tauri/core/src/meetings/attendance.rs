//! Attendance at meetings (närvarande, frånvarande, anmält förhinder) and attendance figures.
//!
//! The member look-ups attendance and hosting need (active members, whether a member exists) live
//! in [`crate::members`] with the rest of the SQL on `members`.

use std::collections::BTreeMap;

use rusqlite::{Connection, Transaction};
use serde::{Deserialize, Serialize};

use super::meeting::{self, MeetingStatus};
use crate::error::{Error, Result};
use crate::members;
use crate::store::clock::now_timestamp;
use crate::store::collation;
use crate::text_enum;

text_enum! {
    /// Whether a member took part in a meeting.
    pub enum AttendanceStatus ("närvaro") {
        Present => ("present", "närvarande"),
        Absent => ("absent", "frånvarande"),
        Excused => ("excused", "anmält förhinder"),
    }
}

/// One member's line in a meeting's attendance list; `status` is `None` while not recorded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttendanceRow {
    pub member_id: String,
    pub name: String,
    pub municipality_code: Option<String>,
    pub municipality_name: Option<String>,
    pub status: Option<AttendanceStatus>,
}

/// The attendance list of a meeting: every active member, plus anyone else with a recorded status.
pub(crate) fn for_meeting(conn: &Connection, meeting_id: &str) -> Result<Vec<AttendanceRow>> {
    let mut statement = conn.prepare(&format!(
        "SELECT m.id, m.name, m.municipality_code, mu.name, a.status FROM members m
         LEFT JOIN municipalities mu ON mu.code = m.municipality_code
         LEFT JOIN attendance a ON a.member_id = m.id AND a.meeting_id = ?1
         WHERE (m.status = 'active' AND m.anonymised_at IS NULL) OR a.status IS NOT NULL
         ORDER BY m.name COLLATE {}, m.id",
        collation::SQL_NAME
    ))?;
    let rows = statement.query_map([meeting_id], |row| {
        Ok(AttendanceRow {
            member_id: row.get(0)?,
            name: row.get(1)?,
            municipality_code: row.get(2)?,
            municipality_name: row.get(3)?,
            status: row.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One member's attendance as the host records it; `status` empty or `None` clears it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AttendanceEntry {
    pub member_id: String,
    pub status: Option<String>,
}

/// Records attendance for several members at once; one unknown member or status fails the
/// caller's transaction, so every row stays as it was.
pub fn record(tx: &Transaction, meeting_id: &str, entries: &[AttendanceEntry]) -> Result<Vec<AttendanceRow>> {
    let meeting = meeting::get(tx, meeting_id)?;
    if meeting.status == MeetingStatus::Cancelled {
        return Err(Error::invalid("attendance", "Träffen är inställd, så ingen närvaro kan registreras."));
    }
    let at = now_timestamp();
    for entry in entries {
        if !members::exists(tx, &entry.member_id)? {
            return Err(Error::invalid("attendance", "En av personerna finns inte bland medlemmarna."));
        }
        match entry.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => {
                tx.execute(
                    "DELETE FROM attendance WHERE meeting_id = ?1 AND member_id = ?2",
                    (meeting_id, &entry.member_id),
                )?;
            }
            Some(text) => {
                let status = AttendanceStatus::parse("attendance", text)?;
                tx.execute(
                    "INSERT INTO attendance (meeting_id, member_id, status, updated_at) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (meeting_id, member_id) DO UPDATE SET status = excluded.status,
                         updated_at = excluded.updated_at
                     WHERE attendance.status <> excluded.status",
                    rusqlite::params![meeting_id, entry.member_id, status, at],
                )?;
            }
        }
    }
    for_meeting(tx, meeting_id)
}

/// How many were present, absent and excused.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct AttendanceCounts {
    pub present: u32,
    pub absent: u32,
    pub excused: u32,
}

impl AttendanceCounts {
    /// Counts the recorded statuses of an attendance list.
    pub fn of(rows: &[AttendanceRow]) -> Self {
        let mut counts = AttendanceCounts::default();
        for row in rows {
            counts.add(row.status);
        }
        counts
    }

    fn add(&mut self, status: Option<AttendanceStatus>) {
        if let Some(status) = status {
            self.add_many(status, 1);
        }
    }

    fn add_many(&mut self, status: AttendanceStatus, count: u32) {
        match status {
            AttendanceStatus::Present => self.present += count,
            AttendanceStatus::Absent => self.absent += count,
            AttendanceStatus::Excused => self.excused += count,
        }
    }
}

/// Attendance at one meeting that went ahead.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeetingFigures {
    pub meeting_id: String,
    pub when_label: String,
    pub counts: AttendanceCounts,
}

/// Attendance of one municipality's members over all meetings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MunicipalityFigures {
    /// `None` for members without a municipality.
    pub municipality_code: Option<String>,
    pub municipality_name: String,
    /// Meetings at which at least one member from the municipality was present.
    pub meetings_attended: u32,
    pub counts: AttendanceCounts,
}

/// Attendance figures of the latest meetings with recorded attendance: per meeting and per municipality.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AttendanceFigures {
    pub per_meeting: Vec<MeetingFigures>,
    pub per_municipality: Vec<MunicipalityFigures>,
}

/// The figures of the `latest_meetings` latest meetings with recorded attendance: per meeting
/// (latest first) and per municipality over those meetings. The meetings are found walking back from
/// the latest by start, so the figures cost the same however many meetings the network has held
/// (the yearly report has the figures for any period).
pub fn figures(conn: &Connection, latest_meetings: usize) -> Result<AttendanceFigures> {
    let latest = meeting::list_where(
        conn,
        "WHERE EXISTS (SELECT 1 FROM attendance a WHERE a.meeting_id = meetings.id)
         ORDER BY start_utc DESC, id DESC LIMIT ?1",
        [i64::try_from(latest_meetings).unwrap_or(i64::MAX)],
    )?;
    let mut count_statuses =
        conn.prepare_cached("SELECT status, count(*) FROM attendance WHERE meeting_id = ?1 GROUP BY status")?;
    let mut per_meeting = Vec::with_capacity(latest.len());
    for meeting in latest {
        let mut counts = AttendanceCounts::default();
        let rows = count_statuses
            .query_map([&meeting.id], |row| Ok((row.get::<_, AttendanceStatus>(0)?, row.get::<_, u32>(1)?)))?;
        for row in rows {
            let (status, count) = row?;
            counts.add_many(status, count);
        }
        per_meeting.push(MeetingFigures { meeting_id: meeting.id, when_label: meeting.when_label, counts });
    }

    let mut per_municipality: BTreeMap<Option<String>, MunicipalityFigures> = BTreeMap::new();
    let meeting_ids: Vec<&str> = per_meeting.iter().map(|figures| figures.meeting_id.as_str()).collect();
    let mut statement = conn.prepare(&format!(
        "SELECT m.municipality_code, mu.name, a.status, count(*),
             count(DISTINCT CASE WHEN a.status = 'present' THEN a.meeting_id END)
         FROM attendance a
         JOIN members m ON m.id = a.member_id
         LEFT JOIN municipalities mu ON mu.code = m.municipality_code
         WHERE a.meeting_id IN ({})
         GROUP BY m.municipality_code, a.status",
        vec!["?"; meeting_ids.len()].join(", ")
    ))?;
    let rows = statement.query_map(rusqlite::params_from_iter(meeting_ids), |row| {
        Ok((
            row.get::<_, Option<String>>(0)?,
            row.get::<_, Option<String>>(1)?,
            row.get::<_, AttendanceStatus>(2)?,
            row.get::<_, u32>(3)?,
            row.get::<_, u32>(4)?,
        ))
    })?;
    for row in rows {
        let (code, name, status, count, meetings_present) = row?;
        let entry = per_municipality.entry(code.clone()).or_insert_with(|| MunicipalityFigures {
            municipality_code: code,
            municipality_name: name.unwrap_or_else(|| "Utan kommun".into()),
            meetings_attended: 0,
            counts: AttendanceCounts::default(),
        });
        entry.counts.add_many(status, count);
        if status == AttendanceStatus::Present {
            entry.meetings_attended = meetings_present;
        }
    }
    let mut per_municipality: Vec<MunicipalityFigures> = per_municipality.into_values().collect();
    per_municipality.sort_by(|a, b| collation::compare(&a.municipality_name, &b.municipality_name));
    Ok(AttendanceFigures { per_meeting, per_municipality })
}
