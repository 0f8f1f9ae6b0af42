//! Importing .ics files from other calendar programs (Outlook, Teams, Google...): a preview first, then an atomic apply.
//!
//! An event becomes a meeting in the network's time zone. The event's UID is kept as the meeting's
//! calendar UID, so importing the same file again updates instead of duplicating. Anything the app
//! cannot represent faithfully (all-day events, recurring series, events over midnight) is listed
//! as rejected with the reason, never half-imported.

use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, Transaction};
use serde::Serialize;

use super::content::{self, Component, ContentLine};
use crate::error::{Error, Result};
use crate::meetings::meeting::{self, Meeting, MeetingInput, MeetingStatus, ValidMeeting};
use crate::settings;
use crate::store::clock;
use crate::sweden::time::{self, RepeatedHour};
use crate::text_enum;

/// The largest .ics file accepted: far above any real meeting export, far below what could hurt.
pub const MAX_FILE_BYTES: usize = 2 * 1024 * 1024;

text_enum! {
    /// What importing an event will do.
    pub enum ImportAction ("importåtgärd") {
        Create => ("create", "ny träff"),
        Update => ("update", "uppdateras"),
        Unchanged => ("unchanged", "oförändrad"),
        Rejected => ("rejected", "importeras inte"),
    }
}

/// One event of the file and what happens to it.
#[derive(Debug, Clone, Serialize)]
pub struct EventPreview {
    /// Line in the file where the event starts.
    pub line: usize,
    pub uid: String,
    pub action: ImportAction,
    pub title: String,
    /// Swedish date and time in the network's zone, when they could be read.
    pub when_label: String,
    pub cancelled: bool,
    /// Why the event is rejected, or what changes on update.
    pub reason: String,
    #[serde(skip)]
    plan: Option<Plan>,
}

/// Everything the preview found, with counts per action.
#[derive(Debug, Clone, Serialize)]
pub struct ImportPreview {
    pub events: Vec<EventPreview>,
    pub to_create: usize,
    pub to_update: usize,
    pub unchanged: usize,
    pub rejected: usize,
}

#[derive(Debug, Clone)]
struct Plan {
    existing_id: Option<String>,
    meeting: ValidMeeting,
    cancelled: bool,
    cancel_reason: String,
    sequence: u32,
}

/// Checks size and encoding and returns the file's text.
pub fn decode(bytes: &[u8]) -> Result<String> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Error::invalid(
            "file",
            format!(
                "Filen är för stor ({:.1} MB). En kalenderfil får vara högst {} MB. Inget har importerats.",
                bytes.len() as f64 / 1_048_576.0,
                MAX_FILE_BYTES / 1_048_576
            ),
        ));
    }
    let without_bom = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    String::from_utf8(without_bom.to_vec()).map_err(|_| {
        Error::invalid("file", "Filen är inte en kalenderfil i UTF-8 (tecknen kan inte läsas). Inget har importerats.")
    })
}

/// What importing `bytes` would do, without writing anything.
pub fn preview(conn: &Connection, bytes: &[u8]) -> Result<ImportPreview> {
    let text = decode(bytes)?;
    let calendars: Vec<Component> = content::parse(&text)?.into_iter().filter(|c| c.name == "VCALENDAR").collect();
    if calendars.is_empty() {
        return Err(Error::invalid(
            "file",
            "Filen är ingen kalenderfil (BEGIN:VCALENDAR saknas). Inget har importerats.",
        ));
    }
    let network_zone = time::parse_time_zone("time_zone", &settings::load(conn)?.time_zone)?;
    let mut events = Vec::new();
    for calendar in &calendars {
        let method_cancels = calendar.property("METHOD").is_some_and(|m| m.value.trim().eq_ignore_ascii_case("CANCEL"));
        for event in calendar.components.iter().filter(|c| c.name == "VEVENT") {
            events.push(preview_event(conn, event, network_zone, method_cancels)?);
        }
    }
    if events.is_empty() {
        return Err(Error::invalid("file", "Kalenderfilen innehåller inga händelser (VEVENT). Inget har importerats."));
    }
    let count = |action| events.iter().filter(|e| e.action == action).count();
    Ok(ImportPreview {
        to_create: count(ImportAction::Create),
        to_update: count(ImportAction::Update),
        unchanged: count(ImportAction::Unchanged),
        rejected: count(ImportAction::Rejected),
        events,
    })
}

/// Imports `bytes` in one transaction, exactly as [`preview`] describes; returns that preview.
pub fn apply(tx: &Transaction, bytes: &[u8]) -> Result<ImportPreview> {
    let preview = preview(tx, bytes)?;
    let at = clock::now_timestamp();
    for event in &preview.events {
        let Some(plan) = &event.plan else { continue };
        match (&plan.existing_id, event.action) {
            (None, ImportAction::Create) => {
                meeting::insert_imported(
                    tx,
                    &event.uid,
                    &plan.meeting,
                    plan.cancelled,
                    &plan.cancel_reason,
                    plan.sequence,
                    &at,
                )?;
            }
            (Some(id), ImportAction::Update) => {
                meeting::update_imported(
                    tx,
                    id,
                    &plan.meeting,
                    plan.cancelled,
                    &plan.cancel_reason,
                    plan.sequence,
                    &at,
                )?;
            }
            _ => {}
        }
    }
    Ok(preview)
}

fn rejected(line: usize, uid: String, title: String, reason: impl Into<String>) -> EventPreview {
    EventPreview {
        line,
        uid,
        action: ImportAction::Rejected,
        title,
        when_label: String::new(),
        cancelled: false,
        reason: reason.into(),
        plan: None,
    }
}

fn preview_event(conn: &Connection, event: &Component, network_zone: Tz, method_cancels: bool) -> Result<EventPreview> {
    let line = event.properties.first().map_or(0, |p| p.line_number.saturating_sub(1));
    let uid = event.text("UID").map(|u| u.trim().to_string()).unwrap_or_default();
    let title = event.text("SUMMARY").map(|s| s.trim().to_string()).unwrap_or_default();
    if uid.is_empty() || uid.len() > 255 {
        return Ok(rejected(line, uid, title, "Händelsen saknar giltigt UID."));
    }
    if event.property("RRULE").is_some() || event.property("RECURRENCE-ID").is_some() {
        return Ok(rejected(
            line,
            uid,
            title,
            "Återkommande möten importeras inte. Exportera de enskilda träffarna i stället.",
        ));
    }
    let (start, end) = match event_instants(event, network_zone) {
        Ok(instants) => instants,
        Err(reason) => return Ok(rejected(line, uid, title, reason)),
    };
    let local_start = start.with_timezone(&network_zone);
    let local_end = end.with_timezone(&network_zone);
    if local_start.date_naive() != local_end.date_naive() {
        return Ok(rejected(
            line,
            uid,
            title,
            "Händelsen sträcker sig över midnatt; en träff måste börja och sluta samma dag.",
        ));
    }
    let repeated_hour = if time::is_repeated_hour(local_start.date_naive(), local_start.time(), network_zone)
        && network_zone.from_local_datetime(&local_start.naive_local()).earliest() != Some(local_start)
    {
        RepeatedHour::Later
    } else {
        RepeatedHour::Earlier
    };
    // Our own files carry the agenda apart from the generated description.
    let agenda = event.text("X-NATVERKET-AGENDA").or_else(|| event.text("DESCRIPTION")).unwrap_or_default();
    let input = MeetingInput {
        title: title.clone(),
        date: local_start.date_naive().format("%Y-%m-%d").to_string(),
        start: local_start.format("%H:%M").to_string(),
        end: local_end.format("%H:%M").to_string(),
        time_zone: network_zone.name().to_string(),
        repeated_hour,
        teams_url: teams_link(event).unwrap_or_default(),
        agenda: agenda.trim().to_string(),
    };
    let meeting = match input.validated(network_zone.name()) {
        Ok(meeting) => meeting,
        Err(error) => return Ok(rejected(line, uid, title, error.to_string())),
    };
    let cancelled =
        method_cancels || event.property("STATUS").is_some_and(|s| s.value.trim().eq_ignore_ascii_case("CANCELLED"));
    let imported_sequence: u32 = event.property("SEQUENCE").and_then(|s| s.value.trim().parse().ok()).unwrap_or(0);
    let existing = meeting::find_by_ical_uid(conn, &uid)?;
    let when_label = time::long_date_and_time(meeting.date, meeting.start, meeting.end);
    let (action, reason, sequence) = match &existing {
        None => (ImportAction::Create, String::new(), imported_sequence),
        Some(current) => match differences(current, &meeting, cancelled) {
            changes if changes.is_empty() => (ImportAction::Unchanged, String::new(), current.sequence),
            changes => (
                ImportAction::Update,
                format!("Ändras: {}.", changes.join(", ")),
                imported_sequence.max(current.sequence + 1),
            ),
        },
    };
    let cancel_reason = if cancelled {
        existing
            .as_ref()
            .map(|m| m.cancel_reason.clone())
            .filter(|r| !r.is_empty())
            .unwrap_or_else(|| "inställd enligt importerad kalenderfil".into())
    } else {
        String::new()
    };
    Ok(EventPreview {
        line,
        uid,
        action,
        title: meeting.title.clone(),
        when_label,
        cancelled,
        reason,
        plan: Some(Plan { existing_id: existing.map(|m| m.id), meeting, cancelled, cancel_reason, sequence }),
    })
}

/// What an import would change on an existing meeting, in Swedish words.
fn differences(current: &Meeting, imported: &ValidMeeting, cancelled: bool) -> Vec<&'static str> {
    let mut changes = Vec::new();
    if current.title != imported.title {
        changes.push("rubrik");
    }
    if current.date != imported.date
        || current.start != imported.start
        || current.end != imported.end
        || current.start_utc != imported.start_utc
    {
        changes.push("tid");
    }
    if current.teams_url != imported.teams_url {
        changes.push("Teams-länk");
    }
    if current.agenda != imported.agenda {
        changes.push("beskrivning");
    }
    if (current.status == MeetingStatus::Cancelled) != cancelled {
        changes.push(if cancelled { "ställs in" } else { "återupptas" });
    }
    changes
}

/// The Teams (or other https) link: URL, else LOCATION, else the first https link in DESCRIPTION.
fn teams_link(event: &Component) -> Option<String> {
    let candidates = [event.text("URL"), event.text("LOCATION"), event.text("DESCRIPTION")];
    candidates.into_iter().flatten().find_map(|text| {
        text.split(|c: char| c.is_whitespace() || c == '<' || c == '>' || c == '"')
            .find(|word| word.starts_with("https://"))
            .map(|link| link.trim_end_matches(['.', ',', ')', ';']).to_string())
    })
}

/// DTSTART and DTEND (or DURATION) as UTC instants, or why they cannot be read.
fn event_instants(event: &Component, network_zone: Tz) -> std::result::Result<(DateTime<Utc>, DateTime<Utc>), String> {
    let start_line = event.property("DTSTART").ok_or("Starttid (DTSTART) saknas.")?;
    let start = instant(start_line, network_zone)?;
    let end = match (event.property("DTEND"), event.property("DURATION")) {
        (Some(end_line), _) => instant(end_line, network_zone)?,
        (None, Some(duration)) => {
            start + parse_duration(&duration.value).ok_or("Längden (DURATION) kan inte läsas.")?
        }
        (None, None) => return Err("Sluttid (DTEND) saknas.".into()),
    };
    if end <= start {
        return Err("Sluttiden ligger före starttiden.".into());
    }
    Ok((start, end))
}

fn instant(line: &ContentLine, network_zone: Tz) -> std::result::Result<DateTime<Utc>, String> {
    let value = line.value.trim();
    if line.param("VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE")) || value.len() == 8 {
        return Err("Heldagshändelser kan inte bli träffar (tid saknas).".into());
    }
    let (local_text, is_utc) = match value.strip_suffix('Z') {
        Some(text) => (text, true),
        None => (value, false),
    };
    let local = NaiveDateTime::parse_from_str(local_text, "%Y%m%dT%H%M%S")
        .map_err(|_| format!("Tiden ”{value}” på rad {} kan inte läsas.", line.line_number))?
        .with_second(0)
        .ok_or("Ogiltig tid.")?;
    if is_utc {
        return Ok(Utc.from_utc_datetime(&local));
    }
    let zone = match line.param("TZID") {
        Some(tzid) => resolve_zone(tzid).ok_or_else(|| format!("Tidszonen ”{tzid}” är okänd."))?,
        // A floating time: read it in the network's own zone, as the people who wrote it would.
        None => network_zone,
    };
    zone.from_local_datetime(&local).earliest().map(|t| t.with_timezone(&Utc)).ok_or_else(|| {
        format!("Tiden {} finns inte i tidszonen {} (sommartid börjar).", local.format("%Y-%m-%d %H:%M"), zone.name())
    })
}

/// IANA names, Outlook's Windows zone names for Europe, and vendor prefixes like `/mozilla.org/.../Europe/Stockholm`.
fn resolve_zone(tzid: &str) -> Option<Tz> {
    const WINDOWS_ZONES: [(&str, &str); 9] = [
        ("W. Europe Standard Time", "Europe/Stockholm"),
        ("Central Europe Standard Time", "Europe/Budapest"),
        ("Central European Standard Time", "Europe/Warsaw"),
        ("Romance Standard Time", "Europe/Paris"),
        ("GMT Standard Time", "Europe/London"),
        ("Greenwich Standard Time", "Atlantic/Reykjavik"),
        ("FLE Standard Time", "Europe/Helsinki"),
        ("E. Europe Standard Time", "Europe/Chisinau"),
        ("UTC", "UTC"),
    ];
    let name = tzid.trim().trim_matches('"');
    if let Some((_, iana)) = WINDOWS_ZONES.iter().find(|(windows, _)| windows.eq_ignore_ascii_case(name)) {
        return iana.parse().ok();
    }
    let parts: Vec<&str> = name.split('/').collect();
    (0..parts.len()).find_map(|skip| parts[skip..].join("/").parse::<Tz>().ok())
}

/// An RFC 5545 duration such as `PT45M`, `PT1H30M` or `P0DT1H`.
fn parse_duration(text: &str) -> Option<Duration> {
    let body = text.trim().strip_prefix('P')?;
    let mut total = Duration::zero();
    let mut number = String::new();
    let mut in_time = false;
    for character in body.chars() {
        match character {
            'T' => in_time = true,
            digit if digit.is_ascii_digit() => number.push(digit),
            unit => {
                let value: i64 = number.parse().ok()?;
                number.clear();
                total += match (unit, in_time) {
                    ('W', false) => Duration::weeks(value),
                    ('D', false) => Duration::days(value),
                    ('H', true) => Duration::hours(value),
                    ('M', true) => Duration::minutes(value),
                    ('S', true) => Duration::seconds(value),
                    _ => return None,
                };
            }
        }
    }
    (number.is_empty() && total > Duration::zero()).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlook_zone_names_and_vendor_prefixes_resolve() {
        assert_eq!(resolve_zone("W. Europe Standard Time").map(|z| z.name()), Some("Europe/Stockholm"));
        assert_eq!(
            resolve_zone("/mozilla.org/20050126_1/Europe/Stockholm").map(|z| z.name()),
            Some("Europe/Stockholm")
        );
        assert_eq!(resolve_zone("Europe/Stockholm").map(|z| z.name()), Some("Europe/Stockholm"));
        assert!(resolve_zone("Mars/Olympus_Mons").is_none());
    }

    #[test]
    fn durations_are_read() {
        assert_eq!(parse_duration("PT45M"), Some(Duration::minutes(45)));
        assert_eq!(parse_duration("PT1H30M"), Some(Duration::minutes(90)));
        assert_eq!(parse_duration("P0DT1H"), Some(Duration::hours(1)));
        assert_eq!(parse_duration("P1W"), Some(Duration::weeks(1)));
        assert_eq!(parse_duration("45M"), None);
        assert_eq!(parse_duration("PT"), None);
    }
}
