//! Calendar invites: .ics invitations, cancellations and the feed for a network's meetings, and .ics import.
//!
//! `content` is the RFC 5545 text layer, `export` builds files from meetings, `import` reads files
//! from other calendar programs into meetings. This facade ties them to the database: calendar
//! builds on meetings, members and settings, and nothing below it imports `calendar`.

pub mod content;
pub mod export;
pub mod import;

use std::path::Path;

use chrono::{DateTime, Utc};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use rusqlite::Connection;

pub use export::{Attendee, CalendarFile};

use crate::error::Result;
use crate::{meetings, members, settings};

/// The invitation (or cancellation, when the meeting is cancelled) for one meeting, addressed to every active member.
pub fn invitation_for_meeting(conn: &Connection, meeting_id: &str, dtstamp: DateTime<Utc>) -> Result<CalendarFile> {
    let meeting = meetings::get(conn, meeting_id)?;
    let settings = settings::load(conn)?;
    export::meeting_invitation(&meeting, &settings, &members::active_for_invitation(conn)?, dtstamp)
}

/// The feed of all the network's meetings.
pub fn network_feed(conn: &Connection, dtstamp: DateTime<Utc>) -> Result<CalendarFile> {
    export::network_feed(&meetings::list(conn)?, &settings::load(conn)?, dtstamp)
}

/// Writes a calendar file where the user chose to save it.
pub fn write_calendar_file(path: &Path, file: &CalendarFile) -> Result<()> {
    crate::store::files::write_private(path, file.content.as_bytes())
}

/// Characters that must be percent-encoded in a mailto URI's parts (RFC 6068).
const MAILTO_RESERVED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~').remove(b'@');

/// A `mailto:` link that opens the mail program with the attendees addressed (as Bcc, so members'
/// addresses are not shown to each other), a subject and a body saying where the .ics was saved.
pub fn mailto_link(file: &CalendarFile, organizer_email: &str, saved_at: &Path) -> String {
    let encode = |text: &str| utf8_percent_encode(text, MAILTO_RESERVED).to_string();
    let recipients: Vec<String> = file.attendee_emails.iter().map(|email| encode(email)).collect();
    let body = format!(
        "Hej!\n\nBifogat finns kalenderfilen {}. Öppna den för att lägga in träffen i din kalender.\n\n(Filen sparades i {}.)",
        file.file_name,
        saved_at.display()
    );
    format!(
        "mailto:{}?bcc={}&subject={}&body={}",
        encode(organizer_email),
        recipients.join(","),
        encode(&file.mail_subject),
        encode(&body)
    )
}
