//! Attendance from a Teams report: the report's people matched to members, a preview, and the apply.
//!
//! Matching: by e-mail address first (any letter case; the report's e-mail column, then its UPN),
//! then by name — letter case, accents and extra spaces ignored — but only when exactly one member
//! has that name. A name two members share is listed as ambiguous and never guessed; people who match
//! no member are listed and not stored.
//!
//! The rule for what applying changes (the host's own entries are never silently overwritten):
//! - a matched member with no status, or *frånvarande*, becomes *närvarande*;
//! - a matched member already *närvarande* stays so;
//! - a matched member with *anmält förhinder* is listed for review and becomes *närvarande* only when
//!   the host chooses so for that member (a tick in the window, `--include-excused` on the CLI);
//! - members the report does not name keep whatever is recorded (those with a status are listed,
//!   so every entry made by hand stays in view).
//!
//! Applying writes in the caller's one transaction; a cancelled meeting, or one that does not exist,
//! is refused before anything is read from the report.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use rusqlite::{Connection, Transaction};
use serde::Serialize;

use super::attendance::{self, AttendanceEntry, AttendanceStatus};
use super::meeting::{self, Meeting, MeetingStatus};
use super::teams_report::{name_key, ReportParticipant, TeamsReport};
use crate::error::{Error, Result};
use crate::members;
use crate::store::collation;
use crate::text_enum;

text_enum! {
    /// How a person in the report was matched to a member.
    pub enum MatchedBy ("matchning") {
        Email => ("email", "e-post"),
        Name => ("name", "namn"),
    }
}

text_enum! {
    /// What applying the report does to a matched member's attendance.
    pub enum PlannedChange ("ändring") {
        SetPresent => ("set_present", "blir närvarande"),
        AlreadyPresent => ("already_present", "redan närvarande"),
        Review => ("review", "har anmält förhinder – ändras bara om du väljer det"),
    }
}

text_enum! {
    /// Why a person in the report was not matched to a member.
    pub enum UnmatchedReason ("skäl") {
        NoMember => ("no_member", "ingen medlem med den e-postadressen eller det namnet"),
        AmbiguousName => ("ambiguous_name", "flera medlemmar har det namnet"),
    }
}

/// A member found in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MatchedParticipant {
    pub member_id: String,
    pub member_name: String,
    pub matched_by: MatchedBy,
    /// The name the report gave, and the address that matched (or the report's e-mail for a name match).
    pub report_name: String,
    pub report_email: String,
    pub duration_seconds: Option<u32>,
    /// "1 tim 27 min"; empty when the report gives no time.
    pub duration_label: String,
    pub role: String,
    pub joins: u32,
    /// What is recorded for the member now.
    pub current_status: Option<AttendanceStatus>,
    pub change: PlannedChange,
}

/// A person in the report who is not stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnmatchedParticipant {
    pub name: String,
    pub email: String,
    pub duration_label: String,
    pub role: String,
    pub reason: UnmatchedReason,
}

/// A member with a recorded status whom the report does not name; applying leaves the status as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotInReport {
    pub member_id: String,
    pub name: String,
    pub status: AttendanceStatus,
}

/// What the file is, in a few words for the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportSummary {
    pub layout_label: &'static str,
    pub encoding: &'static str,
    pub separator: &'static str,
    pub meeting_title: String,
    pub meeting_start: String,
    /// People in the report after merging re-joins.
    pub participants: usize,
    pub rows_read: usize,
}

/// What applying a Teams report to a meeting would do (a preview), or did (`applied`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeamsAttendance {
    pub meeting_id: String,
    /// "onsdag 24 januari 2024 kl. 15.00–15.45".
    pub meeting_label: String,
    pub report: ReportSummary,
    /// Members found in the report, in name order.
    pub matched: Vec<MatchedParticipant>,
    /// People in the report who are not stored, in the report's order.
    pub unmatched: Vec<UnmatchedParticipant>,
    pub not_in_report: Vec<NotInReport>,
    pub to_set_present: usize,
    pub already_present: usize,
    pub for_review: usize,
    /// Things the host should look at before applying (a report from another day, say).
    pub warnings: Vec<String>,
    /// Identifies this exact plan; applying with it refuses if the plan would now be different.
    pub token: String,
    /// True once written.
    pub applied: bool,
    /// How many members' attendance the apply wrote.
    pub recorded: usize,
}

/// Which members with *anmält förhinder* the apply turns into *närvarande*.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExcusedChoice<'a> {
    /// None: they stay as the host recorded them.
    KeepAll,
    /// Every one of them (the CLI's `--include-excused`).
    ChangeAll,
    /// Those the host ticked, by member id.
    Change(&'a [String]),
}

/// What the report would do to `meeting_id`'s attendance, without writing anything.
pub fn preview(conn: &Connection, meeting_id: &str, report: &TeamsReport) -> Result<TeamsAttendance> {
    let meeting = meeting_open_for_attendance(conn, meeting_id)?;
    plan(conn, &meeting, report)
}

/// Records the report's attendance in `tx`, as [`preview`] describes; members with *anmält förhinder*
/// change only as `excused` says. With `expected_token` from a preview, refuses when the plan changed.
pub fn apply(
    tx: &Transaction,
    meeting_id: &str,
    report: &TeamsReport,
    excused: ExcusedChoice<'_>,
    expected_token: Option<&str>,
) -> Result<TeamsAttendance> {
    let meeting = meeting_open_for_attendance(tx, meeting_id)?;
    let mut planned = plan(tx, &meeting, report)?;
    if let Some(expected) = expected_token.filter(|token| !token.is_empty()) {
        if expected != planned.token {
            return Err(Error::invalid(
                "file",
                "Närvaron eller medlemsregistret har ändrats sedan förhandsgranskningen. Förhandsgranska rapporten igen.",
            ));
        }
    }
    let chosen = |member_id: &str| match excused {
        ExcusedChoice::KeepAll => false,
        ExcusedChoice::ChangeAll => true,
        ExcusedChoice::Change(ids) => ids.iter().any(|id| id == member_id),
    };
    let entries: Vec<AttendanceEntry> = planned
        .matched
        .iter()
        .filter(|m| match m.change {
            PlannedChange::SetPresent => true,
            PlannedChange::AlreadyPresent => false,
            PlannedChange::Review => chosen(&m.member_id),
        })
        .map(|m| AttendanceEntry {
            member_id: m.member_id.clone(),
            status: Some(AttendanceStatus::Present.code().to_string()),
        })
        .collect();
    attendance::record(tx, meeting_id, &entries)?;
    planned.applied = true;
    planned.recorded = entries.len();
    Ok(planned)
}

fn meeting_open_for_attendance(conn: &Connection, meeting_id: &str) -> Result<Meeting> {
    let meeting = meeting::get(conn, meeting_id)?;
    if meeting.status == MeetingStatus::Cancelled {
        return Err(Error::invalid(
            "meeting",
            "Träffen är inställd, så ingen närvaro kan föras in från Teams. Välj träffen som hölls.",
        ));
    }
    Ok(meeting)
}

/// The members as the matching sees them: by lower-case e-mail and by name key.
struct MemberIndex {
    members: Vec<(String, String)>,
    by_email: HashMap<String, usize>,
    by_name: HashMap<String, Vec<usize>>,
}

impl MemberIndex {
    fn load(conn: &Connection) -> Result<Self> {
        let list = members::list(conn)?;
        let mut index =
            MemberIndex { members: Vec::with_capacity(list.len()), by_email: HashMap::new(), by_name: HashMap::new() };
        for member in list {
            let position = index.members.len();
            if let Some(email) = member.email.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
                index.by_email.entry(email.to_lowercase()).or_insert(position);
            }
            index.by_name.entry(name_key(&member.name)).or_default().push(position);
            index.members.push((member.id, member.name));
        }
        Ok(index)
    }

    /// The member a person is, and how; or why none.
    fn find<'a>(
        &self,
        person: &'a ReportParticipant,
    ) -> std::result::Result<(usize, MatchedBy, &'a str), UnmatchedReason> {
        for address in [&person.email, &person.upn] {
            if let Some(&position) = self.by_email.get(&address.to_lowercase()).filter(|_| !address.is_empty()) {
                return Ok((position, MatchedBy::Email, address));
            }
        }
        match self.by_name.get(&name_key(&person.name)).map(Vec::as_slice) {
            Some([only]) if !person.name.is_empty() => Ok((*only, MatchedBy::Name, &person.email)),
            Some(several) if several.len() > 1 => Err(UnmatchedReason::AmbiguousName),
            _ => Err(UnmatchedReason::NoMember),
        }
    }
}

fn plan(conn: &Connection, meeting: &Meeting, report: &TeamsReport) -> Result<TeamsAttendance> {
    let index = MemberIndex::load(conn)?;
    let recorded: HashMap<String, AttendanceStatus> = attendance::for_meeting(conn, &meeting.id)?
        .into_iter()
        .filter_map(|row| Some((row.member_id, row.status?)))
        .collect();
    let mut matched: Vec<MatchedParticipant> = Vec::new();
    let mut matched_at: HashMap<usize, usize> = HashMap::new();
    let mut unmatched = Vec::new();
    for person in &report.participants {
        match index.find(person) {
            Ok((position, how, address)) => {
                if let Some(&at) = matched_at.get(&position) {
                    // Two entries in the report for one member (two devices, two accounts): one line.
                    if let Some(line) = matched.get_mut(at) {
                        line.duration_seconds = match (line.duration_seconds, person.duration_seconds) {
                            (Some(a), Some(b)) => Some(a.saturating_add(b)),
                            (a, b) => a.or(b),
                        };
                        line.duration_label = duration_label(line.duration_seconds);
                        line.joins = line.joins.saturating_add(person.joins);
                        if how == MatchedBy::Email {
                            line.matched_by = MatchedBy::Email;
                        }
                    }
                    continue;
                }
                let Some((member_id, member_name)) = index.members.get(position) else { continue };
                let current_status = recorded.get(member_id).copied();
                let change = match current_status {
                    Some(AttendanceStatus::Present) => PlannedChange::AlreadyPresent,
                    Some(AttendanceStatus::Excused) => PlannedChange::Review,
                    Some(AttendanceStatus::Absent) | None => PlannedChange::SetPresent,
                };
                matched_at.insert(position, matched.len());
                matched.push(MatchedParticipant {
                    member_id: member_id.clone(),
                    member_name: member_name.clone(),
                    matched_by: how,
                    report_name: person.name.clone(),
                    report_email: address.to_string(),
                    duration_seconds: person.duration_seconds,
                    duration_label: duration_label(person.duration_seconds),
                    role: person.role.clone(),
                    joins: person.joins,
                    current_status,
                    change,
                });
            }
            Err(reason) => unmatched.push(UnmatchedParticipant {
                name: person.name.clone(),
                email: person.email.clone(),
                duration_label: duration_label(person.duration_seconds),
                role: person.role.clone(),
                reason,
            }),
        }
    }
    matched
        .sort_by(|a, b| collation::compare(&a.member_name, &b.member_name).then_with(|| a.member_id.cmp(&b.member_id)));

    let matched_ids: std::collections::HashSet<&str> = matched.iter().map(|m| m.member_id.as_str()).collect();
    let mut not_in_report: Vec<NotInReport> = index
        .members
        .iter()
        .filter(|(id, _)| !matched_ids.contains(id.as_str()))
        .filter_map(|(id, name)| {
            recorded.get(id).map(|&status| NotInReport { member_id: id.clone(), name: name.clone(), status })
        })
        .collect();
    not_in_report.sort_by(|a, b| collation::compare(&a.name, &b.name));

    let mut warnings = Vec::new();
    if let Some(date) = report.meeting_date.filter(|date| *date != meeting.date) {
        warnings.push(format!(
            "Rapporten gäller ett möte {}, men träffen är {}. Kontrollera att du valt rätt fil.",
            date.format("%Y-%m-%d"),
            meeting.date.format("%Y-%m-%d")
        ));
    }
    if matched.is_empty() {
        warnings.push("Ingen i rapporten kunde matchas mot en medlem, så ingen närvaro förs in.".to_string());
    }

    let count = |change: PlannedChange| matched.iter().filter(|m| m.change == change).count();
    let mut hasher = DefaultHasher::new();
    for line in &matched {
        (&line.member_id, line.change.code()).hash(&mut hasher);
    }
    (unmatched.len(), report.participants.len()).hash(&mut hasher);
    Ok(TeamsAttendance {
        meeting_id: meeting.id.clone(),
        meeting_label: meeting.when_label.clone(),
        report: ReportSummary {
            layout_label: report.layout_label,
            encoding: report.encoding,
            separator: report.separator,
            meeting_title: report.meeting_title.clone(),
            meeting_start: report.meeting_start.clone(),
            participants: report.participants.len(),
            rows_read: report.rows_read,
        },
        to_set_present: count(PlannedChange::SetPresent),
        already_present: count(PlannedChange::AlreadyPresent),
        for_review: count(PlannedChange::Review),
        matched,
        unmatched,
        not_in_report,
        warnings,
        token: format!("{:016x}", hasher.finish()),
        applied: false,
        recorded: 0,
    })
}

/// "1 tim 27 min", "45 min", "30 s"; empty when unknown.
pub fn duration_label(seconds: Option<u32>) -> String {
    match seconds {
        None => String::new(),
        Some(seconds) if seconds < 60 => format!("{seconds} s"),
        Some(seconds) => {
            let (hours, minutes) = (seconds / 3600, (seconds % 3600) / 60);
            if hours > 0 {
                format!("{hours} tim {minutes} min")
            } else {
                format!("{minutes} min")
            }
        }
    }
}
