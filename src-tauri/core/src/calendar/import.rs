//! Importing .ics files from other calendar programs (Outlook, Teams, Google...): a preview first, then an atomic apply.
//!
//! An event becomes a meeting in the network's time zone. The event's UID is kept as the meeting's
//! calendar UID, so importing the same file again updates instead of duplicating. Anything the app
//! cannot represent faithfully (all-day events, recurring series, events over midnight) is listed
//! as rejected with the reason, never half-imported. Reading is tolerant: Windows-1252 files, a bare
//! VEVENT without VCALENDAR, odd lines and unknown components are read or skipped with a warning in
//! the preview, and every date computation is checked, so no file can make the import panic.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc};
use rusqlite::{Connection, Transaction};
use serde::Serialize;

use super::content::{self, Component, ContentLine, Warnings};
use crate::error::{Error, Result};
use crate::meetings::meeting::{self, Meeting, MeetingInput, MeetingStatus, ValidMeeting};
use crate::settings;
use crate::store::clock;
use crate::store::files::{self, CappedReadError};
use crate::sweden::time::{self, RepeatedHour, Zone};
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
    /// What was read leniently or skipped (odd lines, unknown parts, the file's encoding), in Swedish.
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone)]
struct Plan {
    existing_id: Option<String>,
    meeting: ValidMeeting,
    cancelled: bool,
    cancel_reason: String,
    sequence: u32,
}

/// Longest time zone name looked up; real ones (with vendor prefixes) are under 100 characters.
const MAX_TZID_CHARS: usize = 200;

/// Components a calendar file may hold besides events; they are skipped without a warning.
const KNOWN_COMPONENTS: [&str; 14] = [
    "VCALENDAR",
    "VEVENT",
    "VTIMEZONE",
    "STANDARD",
    "DAYLIGHT",
    "VALARM",
    "VTODO",
    "VJOURNAL",
    "VFREEBUSY",
    "VAVAILABILITY",
    "AVAILABLE",
    "VLOCATION",
    "VRESOURCE",
    "PARTICIPANT",
];

/// Reads a calendar file once, within [`MAX_FILE_BYTES`]; [`decode`] and [`preview`] take its bytes.
pub fn read_file(path: &std::path::Path) -> Result<Vec<u8>> {
    files::read_capped(path, MAX_FILE_BYTES as u64).map_err(|error| match error {
        CappedReadError::TooBig => Error::invalid(
            "file",
            format!(
                "Filen är för stor. En kalenderfil får vara högst {} MB. Inget har importerats.",
                MAX_FILE_BYTES / 1_048_576
            ),
        ),
        CappedReadError::Changed => {
            Error::invalid("file", "Filen ändrades medan den lästes. Spara den färdigt och försök igen.")
        }
        CappedReadError::Io(source) => Error::Io { path: path.to_path_buf(), source },
    })
}

/// Checks the size and returns the file's text: UTF-8 (with or without BOM), UTF-16 with BOM, or
/// else Windows-1252 (a superset of Latin-1, what older Outlook and Windows programs write), with a warning.
pub fn decode(bytes: &[u8]) -> Result<(String, Option<String>)> {
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
    if let Some((encoding, bom_length)) = encoding_rs::Encoding::for_bom(bytes) {
        let body = bytes.get(bom_length..).unwrap_or_default();
        let (text, had_errors) = encoding.decode_without_bom_handling(body);
        let warning = had_errors.then(|| {
            format!("Filen är märkt som {} men har tecken som inte kan läsas; de visas som �.", encoding.name())
        });
        return Ok((text.into_owned(), warning));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((text.to_string(), None)),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            Ok((
                text.into_owned(),
                Some("Filen är inte i UTF-8; den lästes som Windows-1252 (Latin-1). Kontrollera å, ä och ö.".into()),
            ))
        }
    }
}

/// What importing `bytes` would do, without writing anything.
pub fn preview(conn: &Connection, bytes: &[u8]) -> Result<ImportPreview> {
    let (text, encoding_warning) = decode(bytes)?;
    let parsed = content::parse(&text)?;
    let mut warnings = Warnings::default();
    if let Some(warning) = encoding_warning {
        warnings.push(warning);
    }
    if parsed.components.is_empty() {
        return Err(Error::invalid(
            "file",
            "Filen är ingen kalenderfil (BEGIN:VCALENDAR eller BEGIN:VEVENT saknas). Inget har importerats.",
        ));
    }
    if parsed.components.iter().any(|c| c.name != "VCALENDAR") {
        warnings.push("Filen saknar BEGIN:VCALENDAR runt allt; händelserna i den lästes ändå.");
    }
    let mut found = Vec::new();
    let mut unknown: BTreeMap<String, usize> = BTreeMap::new();
    for component in &parsed.components {
        collect_events(component, EventOrigin::default(), &mut found, &mut unknown);
    }
    for (name, count) in unknown {
        warnings.push(format!(
            "{count} okänd{} del{} BEGIN:{} hoppades över.",
            if count == 1 { "" } else { "a" },
            if count == 1 { "" } else { "ar" },
            content::shortened(&name)
        ));
    }
    let settings = settings::load(conn)?;
    let network_zone = time::parse_time_zone("time_zone", &settings.time_zone)?;
    let context = EventContext { network_zone, default_length: default_length(&settings) };
    let mut events: Vec<EventPreview> = Vec::new();
    let mut first_line_of_uid: HashMap<String, usize> = HashMap::new();
    for (event, origin) in found {
        let mut preview = preview_event(conn, event, &context, origin)?;
        if preview.action != ImportAction::Rejected {
            if let Some(first) = first_line_of_uid.get(&preview.uid) {
                preview = rejected(
                    preview.line,
                    preview.uid,
                    preview.title,
                    format!("Samma UID som händelsen på rad {first}; bara den första importeras."),
                );
            } else {
                first_line_of_uid.insert(preview.uid.clone(), preview.line);
            }
        }
        events.push(preview);
    }
    let mut lines = warnings.into_lines();
    lines.extend(parsed.warnings.into_lines());
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
        warnings: lines,
    })
}

/// What an event's calendar says about all its events.
#[derive(Debug, Clone, Copy, Default)]
struct EventOrigin {
    /// The calendar says METHOD:CANCEL.
    method_cancels: bool,
    /// Written by Nätverket (our PRODID): its agenda is X-NATVERKET-AGENDA alone, absent when empty.
    ours: bool,
}

/// Every VEVENT at any depth (as other readers find them), with what its calendar says;
/// counts components of unknown kinds. The tree is at most [`content::MAX_DEPTH`] deep.
fn collect_events<'a>(
    component: &'a Component,
    origin: EventOrigin,
    found: &mut Vec<(&'a Component, EventOrigin)>,
    unknown: &mut BTreeMap<String, usize>,
) {
    let is_calendar = component.name == "VCALENDAR";
    let origin = EventOrigin {
        method_cancels: origin.method_cancels
            || (is_calendar
                && component.property("METHOD").is_some_and(|m| m.value.trim().eq_ignore_ascii_case("CANCEL"))),
        ours: origin.ours
            || (is_calendar
                && component.property("PRODID").is_some_and(|p| p.value.starts_with(super::export::PRODUCT_ID_PREFIX))),
    };
    if component.name == "VEVENT" {
        found.push((component, origin));
    } else if !KNOWN_COMPONENTS.contains(&component.name.as_str()) {
        let count = unknown.entry(component.name.clone()).or_default();
        *count = count.saturating_add(1);
    }
    for child in &component.components {
        collect_events(child, origin, found, unknown);
    }
}

/// What every event of one file is read against.
struct EventContext {
    network_zone: Zone,
    /// Given to an event with a start time but neither DTEND nor DURATION.
    default_length: Duration,
}

/// The length of a new meeting by the network's settings (default start to default end), else 45 minutes.
fn default_length(settings: &settings::NetworkSettings) -> Duration {
    let time = |text: &str| NaiveTime::parse_from_str(text, "%H:%M").ok();
    match (time(&settings.default_start), time(&settings.default_end)) {
        (Some(start), Some(end)) if end > start => end.signed_duration_since(start),
        _ => Duration::minutes(45),
    }
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

fn preview_event(
    conn: &Connection,
    event: &Component,
    context: &EventContext,
    origin: EventOrigin,
) -> Result<EventPreview> {
    let method_cancels = origin.method_cancels;
    let network_zone = &context.network_zone;
    let line = event.line_number;
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
    let (start, end, length_note) = match event_instants(event, context) {
        Ok(instants) => instants,
        Err(reason) => return Ok(rejected(line, uid, title, reason)),
    };
    let (Some(local_start), Some(local_end)) = (network_zone.local(start), network_zone.local(end)) else {
        return Ok(rejected(line, uid, title, "Tiden ligger utanför åren 1–9999."));
    };
    if local_start.date() != local_end.date() {
        return Ok(rejected(
            line,
            uid,
            title,
            "Händelsen sträcker sig över midnatt; en träff måste börja och sluta samma dag.",
        ));
    }
    let repeated_hour = if time::is_repeated_hour(local_start.date(), local_start.time(), network_zone)
        && network_zone.instants(local_start).earliest() != Some(start)
    {
        RepeatedHour::Later
    } else {
        RepeatedHour::Earlier
    };
    // Our own files carry the agenda apart from the generated description.
    let agenda = match event.text("X-NATVERKET-AGENDA") {
        Some(agenda) => agenda,
        None if origin.ours => String::new(),
        None => event.text("DESCRIPTION").unwrap_or_default(),
    };
    let input = MeetingInput {
        title: title.clone(),
        date: local_start.date().format("%Y-%m-%d").to_string(),
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
        None => (ImportAction::Create, length_note, imported_sequence),
        Some(current) => match differences(current, &meeting, cancelled) {
            changes if changes.is_empty() => (ImportAction::Unchanged, String::new(), current.sequence),
            changes => (
                ImportAction::Update,
                format!("Ändras: {}.{}", changes.join(", "), if length_note.is_empty() { "" } else { " " })
                    + &length_note,
                imported_sequence.max(current.sequence.saturating_add(1)),
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

/// The longest DURATION read: a meeting lasts hours, and anything beyond a week is a mistake or an attack.
const MAX_DURATION_DAYS: i64 = 7;

type Instants = (DateTime<Utc>, DateTime<Utc>, String);

/// DTSTART and DTEND (or DURATION, or the network's default length) as UTC instants, with a note
/// when the default length was used; or why they cannot be read.
fn event_instants(event: &Component, context: &EventContext) -> std::result::Result<Instants, String> {
    let network_zone = &context.network_zone;
    let start_line = event.property("DTSTART").ok_or("Starttid (DTSTART) saknas.")?;
    let start = instant(start_line, network_zone)?;
    let too_far = || "Sluttiden ligger utanför de datum som kan läsas.".to_string();
    let (end, note) = match (event.property("DTEND"), event.property("DURATION")) {
        (Some(end_line), _) => (instant(end_line, network_zone)?, String::new()),
        (None, Some(duration)) => {
            let length = parse_duration(&duration.value).ok_or_else(|| {
                format!(
                    "Längden ”{}” (DURATION) kan inte läsas eller är längre än {MAX_DURATION_DAYS} dagar.",
                    content::shortened(duration.value.trim())
                )
            })?;
            (start.checked_add_signed(length).ok_or_else(too_far)?, String::new())
        }
        (None, None) => {
            let end = start.checked_add_signed(context.default_length).ok_or_else(too_far)?;
            let note = format!(
                "Sluttid saknas; träffen får nätverkets vanliga längd ({} min).",
                context.default_length.num_minutes()
            );
            (end, note)
        }
    };
    if end <= start {
        return Err("Sluttiden ligger före starttiden.".into());
    }
    Ok((start, end, note))
}

/// The instant of a DATE-TIME line: UTC, in its TZID's zone, or (floating) in the network's zone.
pub(super) fn instant(line: &ContentLine, network_zone: &Zone) -> std::result::Result<DateTime<Utc>, String> {
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
        Some(tzid) => {
            resolve_zone(tzid).ok_or_else(|| format!("Tidszonen ”{}” är okänd.", content::shortened(tzid)))?
        }
        // A floating time: read it in the network's own zone, as the people who wrote it would.
        None => network_zone.clone(),
    };
    zone.instants(local).earliest().ok_or_else(|| {
        format!("Tiden {} finns inte i tidszonen {} (sommartid börjar).", local.format("%Y-%m-%d %H:%M"), zone.name())
    })
}

/// IANA names, Outlook's Windows zone names for Europe, and vendor prefixes like `/mozilla.org/.../Europe/Stockholm`.
fn resolve_zone(tzid: &str) -> Option<Zone> {
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
    if name.len() > MAX_TZID_CHARS {
        return None;
    }
    if let Some((_, iana)) = WINDOWS_ZONES.iter().find(|(windows, _)| windows.eq_ignore_ascii_case(name)) {
        return Zone::named(iana);
    }
    // The name itself, then what follows each slash: one lookup per slash, no strings built.
    std::iter::once(name).chain(name.match_indices('/').filter_map(|(at, _)| name.get(at + 1..))).find_map(Zone::named)
}

/// An RFC 5545 duration such as `PT45M`, `PT1H30M`, `+P0DT1H` or `P1W`, at most [`MAX_DURATION_DAYS`]
/// long; `None` for anything else (negative, empty, absurd). Every step is checked arithmetic.
fn parse_duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    let body = text.strip_prefix('+').unwrap_or(text).strip_prefix('P')?;
    let limit = Duration::try_days(MAX_DURATION_DAYS)?;
    let mut total = Duration::zero();
    let mut number: Option<i64> = None;
    let mut in_time = false;
    for character in body.chars() {
        match character {
            'T' if number.is_none() => in_time = true,
            digit if digit.is_ascii_digit() => {
                let value = i64::from(digit.to_digit(10)?);
                number = Some(number.unwrap_or(0).checked_mul(10)?.checked_add(value)?);
            }
            unit => {
                let value = number.take()?;
                let part = match (unit, in_time) {
                    ('W', false) => Duration::try_weeks(value),
                    ('D', false) => Duration::try_days(value),
                    ('H', true) => Duration::try_hours(value),
                    ('M', true) => Duration::try_minutes(value),
                    ('S', true) => Duration::try_seconds(value),
                    _ => None,
                }?;
                total = total.checked_add(&part)?;
                if total > limit {
                    return None;
                }
            }
        }
    }
    (number.is_none() && total > Duration::zero()).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlook_zone_names_and_vendor_prefixes_resolve() {
        assert_eq!(resolve_zone("W. Europe Standard Time").as_ref().map(Zone::name), Some("Europe/Stockholm"));
        assert_eq!(
            resolve_zone("/mozilla.org/20050126_1/Europe/Stockholm").as_ref().map(Zone::name),
            Some("Europe/Stockholm")
        );
        assert_eq!(resolve_zone("Europe/Stockholm").as_ref().map(Zone::name), Some("Europe/Stockholm"));
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
        assert_eq!(parse_duration("-PT45M"), None, "negative");
        assert_eq!(parse_duration("P8D"), None, "longer than a week");
    }

    #[test]
    fn absurd_durations_are_refused_without_overflow() {
        for absurd in
            ["P99999999999W", "P99999999D", "PT99999999999999999999H", "P9223372036854775807W", "P1W1W1W1W1W1W1W1W"]
        {
            assert_eq!(parse_duration(absurd), None, "{absurd}");
        }
    }

    #[test]
    fn a_huge_tzid_of_slashes_is_refused_at_once() {
        let started = std::time::Instant::now();
        assert!(resolve_zone(&"/".repeat(2_000_000)).is_none());
        assert!(resolve_zone(&format!("{}Europe/Stockholm", "x/".repeat(90))).is_some());
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }
}
