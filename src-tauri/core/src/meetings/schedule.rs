//! Scheduling a meeting: the network's defaults, what a host should know about a date (holidays,
//! klämdagar, weekends, overlaps), and creating or rescheduling with hosts.

use rusqlite::{Connection, Transaction};
use serde::Serialize;

use super::hosts::set_hosts;
use super::meeting::{self, get, meeting_from_row, Meeting, MeetingInput, ValidMeeting, SELECT_MEETING};
use crate::error::Result;
use crate::settings::{self, NetworkSettings};
use crate::store::clock::{self, now_timestamp};
use crate::store::ids;
use crate::text_enum;

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
    use crate::sweden::holidays::{self, DateConcern};
    let mut warnings: Vec<SchedulingWarning> = holidays::date_concerns(meeting.date)
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
        (clock::utc_text(meeting.end_utc), clock::utc_text(meeting.start_utc), ignore_id.unwrap_or("")),
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
fn with_network_defaults(input: &MeetingInput, network: &NetworkSettings) -> MeetingInput {
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
    let network = settings::load(conn)?;
    let valid = with_network_defaults(input, &network).validated(&network.time_zone)?;
    warnings_for(conn, &valid, ignore_id)
}

/// Schedules a new meeting (empty start, end and zone come from the settings) and sets its hosts.
/// Run inside [`crate::store::Database::write`] so that a bad host leaves nothing behind.
pub fn schedule(tx: &Transaction, input: &MeetingInput, host_ids: &[String]) -> Result<Scheduled> {
    let network = settings::load(tx)?;
    let valid = with_network_defaults(input, &network).validated(&network.time_zone)?;
    let warnings = warnings_for(tx, &valid, None)?;
    let id = meeting::insert(tx, &ids::new_id(), &valid, &now_timestamp())?;
    set_hosts(tx, &id, host_ids)?;
    Ok(Scheduled { meeting: get(tx, &id)?, warnings })
}

/// Changes a meeting's schedule, keeping its id and calendar UID. The invitation sequence rises
/// when something invitees see changes (title, date, times, zone, Teams link, agenda).
/// `host_ids` replaces the hosts when given. Run inside [`crate::store::Database::write`].
pub fn reschedule(tx: &Transaction, id: &str, input: &MeetingInput, host_ids: Option<&[String]>) -> Result<Scheduled> {
    let current = get(tx, id)?;
    let network = settings::load(tx)?;
    let valid = with_network_defaults(input, &network).validated(&network.time_zone)?;
    let warnings = warnings_for(tx, &valid, Some(id))?;
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
        meeting::write_schedule(tx, id, &valid)?;
        tx.execute(
            "UPDATE meetings SET sequence = sequence + 1, updated_at = ?2 WHERE id = ?1",
            (id, now_timestamp()),
        )?;
    }
    if let Some(host_ids) = host_ids {
        set_hosts(tx, id, host_ids)?;
    }
    Ok(Scheduled { meeting: get(tx, id)?, warnings })
}
