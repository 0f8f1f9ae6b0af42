//! Calendar files for a meeting: invitation (METHOD:REQUEST), cancellation (METHOD:CANCEL) and the subscription feed (METHOD:PUBLISH).
//!
//! Times are written in UTC (`DTSTART:20240124T140000Z`): every calendar program converts them to
//! the reader's zone the same way, so no VTIMEZONE has to be trusted. The UID is the meeting's
//! stable calendar UID and SEQUENCE its invitation sequence, so updates replace the old entry.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::content::ContentWriter;
use crate::error::{Error, Result};
use crate::meetings::{Meeting, MeetingStatus};
use crate::settings::NetworkSettings;
use crate::sweden::time;

/// How every PRODID of ours begins, whatever the version: the import knows its own files by it.
pub(crate) const PRODUCT_ID_PREFIX: &str = "-//FSS//Nätverket ";

/// Identifies the program that wrote the file.
const PRODUCT_ID: &str = concat!("-//FSS//Nätverket ", env!("CARGO_PKG_VERSION"), "//SV");

/// A person invited to a meeting: a member as `members` finds them. Hosts get ROLE=CHAIR,
/// members ROLE=REQ-PARTICIPANT.
pub type Attendee = crate::members::Invitee;

/// A finished calendar file, ready to be saved and attached to an e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CalendarFile {
    /// REQUEST, CANCEL or PUBLISH.
    pub method: &'static str,
    /// A suggested file name, e.g. `natverkstraff-2024-04-23.ics`.
    pub file_name: String,
    /// The file's text (UTF-8, CRLF line endings).
    pub content: String,
    /// The e-mail addresses of the attendees, for addressing the mail that carries the file.
    pub attendee_emails: Vec<String>,
    /// A subject line for that mail.
    pub mail_subject: String,
    /// The mail's text in Swedish, for programs that show no calendar (empty for the feed).
    pub mail_body: String,
}

fn ical_utc(instant: DateTime<Utc>) -> String {
    instant.format("%Y%m%dT%H%M%SZ").to_string()
}

/// The invitation for a meeting, or its cancellation when the meeting is cancelled.
pub(crate) fn meeting_invitation(
    meeting: &Meeting,
    settings: &NetworkSettings,
    attendees: &[Attendee],
    dtstamp: DateTime<Utc>,
) -> Result<CalendarFile> {
    require_organizer_email(settings, "inbjudningar: kalenderprogrammen skickar svaren dit")?;
    let cancelled = meeting.status == MeetingStatus::Cancelled;
    let method = if cancelled { "CANCEL" } else { "REQUEST" };
    let mut file = ContentWriter::default();
    calendar_header(&mut file, method);
    write_event(&mut file, meeting, settings, dtstamp, Some(attendees), settings.reminder_minutes);
    file.end("VCALENDAR");

    let date = meeting.date.format("%Y-%m-%d");
    let (file_name, mail_subject) = if cancelled {
        (
            format!("avbokning-natverkstraff-{date}.ics"),
            format!("Inställd: {} {}", meeting.title, time::long_date(meeting.date)),
        )
    } else {
        (format!("natverkstraff-{date}.ics"), format!("Inbjudan: {} {}", meeting.title, meeting.when_label))
    };
    Ok(CalendarFile {
        method,
        file_name,
        content: file.finish(),
        attendee_emails: attendees.iter().map(|a| a.email.clone()).collect(),
        mail_subject,
        mail_body: mail_body(meeting, settings),
    })
}

/// How often a subscribed calendar should fetch the feed again (RFC 7986 REFRESH-INTERVAL and
/// Outlook's X-PUBLISHED-TTL): hourly, so a moved or cancelled meeting shows the same day.
const FEED_REFRESH: &str = "PT1H";

/// Every calendar file names the organizer (RFC 5546 §3.2.1 requires ORGANIZER in PUBLISH, REQUEST
/// and CANCEL alike), so without the organizer's address no file is made.
fn require_organizer_email(settings: &NetworkSettings, what: &str) -> Result<()> {
    if settings.organizer_email.trim().is_empty() {
        return Err(Error::invalid(
            "organizer_email",
            format!("Ange arrangörens e-postadress under Inställningar innan du skapar {what}."),
        ));
    }
    Ok(())
}

/// Every meeting as a calendar to subscribe to or import: no attendees, the organizer on each
/// event, the network's name as the calendar name and an hourly refresh hint.
pub fn network_feed(meetings: &[Meeting], settings: &NetworkSettings, dtstamp: DateTime<Utc>) -> Result<CalendarFile> {
    require_organizer_email(settings, "kalenderflödet: varje händelse i det ska ange arrangören")?;
    let mut file = ContentWriter::default();
    calendar_header(&mut file, "PUBLISH");
    file.text("X-WR-CALNAME", &[], &settings.network_name);
    file.text("NAME", &[], &settings.network_name);
    file.raw("X-WR-TIMEZONE", &[], &settings.time_zone);
    file.raw("REFRESH-INTERVAL", &[("VALUE", "DURATION")], FEED_REFRESH);
    file.raw("X-PUBLISHED-TTL", &[], FEED_REFRESH);
    for meeting in meetings {
        write_event(&mut file, meeting, settings, dtstamp, None, 0);
    }
    file.end("VCALENDAR");
    Ok(CalendarFile {
        method: "PUBLISH",
        file_name: "natverket-kalender.ics".into(),
        content: file.finish(),
        attendee_emails: Vec::new(),
        mail_subject: format!("Kalender: {}", settings.network_name),
        mail_body: String::new(),
    })
}

fn calendar_header(file: &mut ContentWriter, method: &str) {
    file.begin("VCALENDAR");
    file.raw("PRODID", &[], PRODUCT_ID);
    file.raw("VERSION", &[], "2.0");
    file.raw("CALSCALE", &[], "GREGORIAN");
    file.raw("METHOD", &[], method);
}

/// One VEVENT; `attendees` is `None` in a feed (ORGANIZER but no ATTENDEE: nothing to answer).
fn write_event(
    file: &mut ContentWriter,
    meeting: &Meeting,
    settings: &NetworkSettings,
    dtstamp: DateTime<Utc>,
    attendees: Option<&[Attendee]>,
    reminder_minutes: u32,
) {
    let cancelled = meeting.status == MeetingStatus::Cancelled;
    file.begin("VEVENT");
    file.raw("UID", &[], &meeting.ical_uid);
    file.raw("DTSTAMP", &[], &ical_utc(dtstamp));
    file.raw("SEQUENCE", &[], &meeting.sequence.to_string());
    file.raw("DTSTART", &[], &ical_utc(meeting.start_utc));
    file.raw("DTEND", &[], &ical_utc(meeting.end_utc));
    let summary = if cancelled { format!("Inställd: {}", meeting.title) } else { meeting.title.clone() };
    file.text("SUMMARY", &[], &summary);
    let teams_url = join_link(meeting, settings);
    file.text("DESCRIPTION", &[], &description(meeting, settings, teams_url));
    // The agenda on its own, so that importing our file elsewhere restores it exactly; a meeting
    // without one gets no line at all (an empty property is read as "" by some and refused by others).
    if !meeting.agenda.is_empty() {
        file.text("X-NATVERKET-AGENDA", &[], &meeting.agenda);
    }
    if teams_url.is_empty() {
        file.text("LOCATION", &[], "Microsoft Teams");
    } else {
        file.text("LOCATION", &[], teams_url);
        file.raw("URL", &[], teams_url);
    }
    file.raw("STATUS", &[], if cancelled { "CANCELLED" } else { "CONFIRMED" });
    file.raw("TRANSP", &[], if cancelled { "TRANSPARENT" } else { "OPAQUE" });
    file.raw("ORGANIZER", &[("CN", &settings.organizer_name)], &format!("mailto:{}", settings.organizer_email));
    if let Some(attendees) = attendees {
        for attendee in attendees {
            let role = if attendee.is_host { "CHAIR" } else { "REQ-PARTICIPANT" };
            file.raw(
                "ATTENDEE",
                &[
                    ("CN", &attendee.name),
                    ("CUTYPE", "INDIVIDUAL"),
                    ("ROLE", role),
                    ("PARTSTAT", "NEEDS-ACTION"),
                    ("RSVP", "TRUE"),
                ],
                &format!("mailto:{}", attendee.email),
            );
        }
    }
    if !cancelled && reminder_minutes > 0 {
        file.begin("VALARM");
        file.raw("ACTION", &[], "DISPLAY");
        file.text("DESCRIPTION", &[], &format!("Påminnelse: {}", meeting.title));
        file.raw("TRIGGER", &[], &format!("-PT{reminder_minutes}M"));
        file.end("VALARM");
    }
    file.end("VEVENT");
}

/// The meeting's own Teams link, or the network's default link when the meeting has none.
pub(crate) fn join_link<'a>(meeting: &'a Meeting, settings: &'a NetworkSettings) -> &'a str {
    if meeting.teams_url.is_empty() {
        &settings.teams_url
    } else {
        &meeting.teams_url
    }
}

/// The text part of an invitation or cancellation mail: what, when, how to join and how to answer.
fn mail_body(meeting: &Meeting, settings: &NetworkSettings) -> String {
    let mut parts = vec!["Hej!".to_string()];
    if meeting.status == MeetingStatus::Cancelled {
        let reason =
            if meeting.cancel_reason.is_empty() { String::new() } else { format!(" ({})", meeting.cancel_reason) };
        parts.push(format!("{} {} är inställd{reason}.", meeting.title, meeting.when_label));
        parts.push("Ditt kalenderprogram tar bort träffen ur kalendern när du öppnar det här meddelandet.".into());
    } else {
        parts.push(format!("Välkommen till {}, {} (svensk tid).", meeting.title, meeting.when_label));
        let teams_url = join_link(meeting, settings);
        if !teams_url.is_empty() {
            parts.push(format!("Anslut till Teams-mötet:\n{teams_url}"));
        }
        if !meeting.agenda.is_empty() {
            parts.push(format!("Dagordning:\n{}", meeting.agenda));
        }
        parts.push(
            "Svara Ja, Kanske eller Nej i ditt kalenderprogram, så ser arrangören vem som kommer. \
             Inbjudan finns också som bifogad kalenderfil (.ics)."
                .into(),
        );
    }
    parts.push(format!("Hälsningar\n{}\n{}", settings.organizer_name, settings.network_name));
    parts.join("\n\n")
}

/// The event's description: time in Swedish, the Teams link, the agenda, and why it was cancelled.
fn description(meeting: &Meeting, settings: &NetworkSettings, teams_url: &str) -> String {
    let mut parts = Vec::new();
    if meeting.status == MeetingStatus::Cancelled {
        let reason =
            if meeting.cancel_reason.is_empty() { String::new() } else { format!(" ({})", meeting.cancel_reason) };
        parts.push(format!("Träffen är inställd{reason}."));
    }
    parts.push(format!("{} (svensk tid, {}).", meeting.when_label, meeting.time_zone));
    if !teams_url.is_empty() && meeting.status != MeetingStatus::Cancelled {
        parts.push(format!("Anslut till Teams-mötet:\n{teams_url}"));
    }
    if !meeting.agenda.is_empty() {
        parts.push(format!("Dagordning:\n{}", meeting.agenda));
    }
    parts.push(format!("{} – {}", settings.network_name, settings.organizer_name));
    parts.join("\n\n")
}
