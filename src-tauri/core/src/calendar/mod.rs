//! Calendar invites: .ics invitations, cancellations and the feed for a network's meetings, .ics import,
//! and the same invitations as e-mail (iMIP drafts and SMTP sending).
//!
//! `content` is the RFC 5545 text layer, `export` builds files from meetings, `import` reads files
//! from other calendar programs into meetings, `mail` wraps an invitation in an iMIP message and
//! `smtp` sends such messages, `replies` reads members' answers back. This facade ties them to the database: calendar
//! builds on meetings, members and settings, and nothing below it imports `calendar`.

pub mod content;
pub mod export;
pub mod import;
pub mod mail;
pub mod replies;
pub mod smtp;

use std::path::Path;

use chrono::{DateTime, Utc};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use rusqlite::Connection;

pub use export::{Attendee, CalendarFile};
pub use smtp::{PasswordState, RecipientResult, SendReport};

use crate::error::{Error, Result};
use crate::{meetings, members, settings};

/// The invitation (or cancellation, when the meeting is cancelled) for one meeting, addressed to every active member.
pub fn invitation_for_meeting(conn: &Connection, meeting_id: &str, dtstamp: DateTime<Utc>) -> Result<CalendarFile> {
    let meeting = meetings::get(conn, meeting_id)?;
    let settings = settings::load(conn)?;
    export::meeting_invitation(&meeting, &settings, &members::active_for_invitation(conn)?, dtstamp)
}

/// Who an invitation mail goes to: every active member, or only those who have not answered yet
/// (a reminder; never those who said no).
pub fn mail_recipients(conn: &Connection, meeting_id: &str, unanswered_only: bool) -> Result<Vec<Attendee>> {
    let everyone = members::active_for_invitation(conn)?;
    if unanswered_only {
        meetings::answers::unanswered(conn, meeting_id, everyone)
    } else {
        Ok(everyone)
    }
}

/// An invitation (or cancellation) as an `.eml` draft for the user's mail program.
#[derive(Debug, Clone)]
pub struct MailDraft {
    /// A suggested file name, e.g. `inbjudan-natverkstraff-2024-01-24.eml`.
    pub file_name: String,
    pub bytes: Vec<u8>,
    /// REQUEST or CANCEL.
    pub method: &'static str,
    pub recipients: usize,
}

/// The invitation for a meeting as a draft addressed (as hidden copies) to its recipients.
pub fn invitation_draft(
    conn: &Connection,
    meeting_id: &str,
    unanswered_only: bool,
    dtstamp: DateTime<Utc>,
) -> Result<MailDraft> {
    let file = invitation_for_meeting(conn, meeting_id, dtstamp)?;
    let network = settings::load(conn)?;
    let smtp = settings::load_smtp(conn)?;
    let sender = mail::Sender::new(&network.organizer_name, &network.organizer_email, &smtp.from_address)?;
    let recipients = mail_recipients(conn, meeting_id, unanswered_only)?;
    let bytes = mail::draft(&file, &sender, &recipients)?;
    Ok(MailDraft {
        file_name: file.file_name.replace(".ics", ".eml"),
        bytes,
        method: file.method,
        recipients: recipients.len(),
    })
}

/// Writes a mail draft where the user chose to save it.
pub fn write_mail_draft(path: &Path, draft: &MailDraft) -> Result<()> {
    crate::store::files::write_private(path, &draft.bytes)
}

/// The invitation mails for a meeting, ready for [`smtp::send`]: one per recipient, personal or
/// all alike with hidden addresses as the SMTP settings choose.
pub fn invitation_mails(
    conn: &Connection,
    meeting_id: &str,
    unanswered_only: bool,
    dtstamp: DateTime<Utc>,
) -> Result<(CalendarFile, Vec<smtp::Outgoing>)> {
    let file = invitation_for_meeting(conn, meeting_id, dtstamp)?;
    let network = settings::load(conn)?;
    let smtp_settings = settings::load_smtp(conn)?;
    let sender = mail::Sender::new(&network.organizer_name, &network.organizer_email, &smtp_settings.from_address)?;
    let recipients = mail_recipients(conn, meeting_id, unanswered_only)?;
    if recipients.is_empty() {
        return Err(Error::invalid(
            "recipients",
            if unanswered_only {
                "Alla har redan svarat, så det finns ingen att påminna."
            } else {
                "Det finns ingen att skicka inbjudan till: inga aktiva medlemmar med e-postadress."
            },
        ));
    }
    let mut outgoing = Vec::with_capacity(recipients.len());
    // With hidden copies every recipient gets the very same message (the envelope names each one).
    let shared = match smtp_settings.delivery {
        settings::SmtpDelivery::Bcc => {
            Some(mail::message(&file, &sender, mail::Addressing::Hidden(&[]), mail::Purpose::Send)?)
        }
        settings::SmtpDelivery::Each => None,
    };
    for recipient in &recipients {
        let message = match &shared {
            Some(message) => message.clone(),
            None => mail::message(&file, &sender, mail::Addressing::One(recipient), mail::Purpose::Send)?,
        };
        outgoing.push(smtp::Outgoing { name: recipient.name.clone(), email: recipient.email.clone(), message });
    }
    Ok((file, outgoing))
}

/// Sends a meeting's invitation (or cancellation) over SMTP; the result names every recipient.
pub fn send_invitations(
    conn: &Connection,
    meeting_id: &str,
    unanswered_only: bool,
    password: Option<&str>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<SendReport> {
    let (file, outgoing) = invitation_mails(conn, meeting_id, unanswered_only, Utc::now())?;
    smtp::send(&settings::load_smtp(conn)?, password, file.method, &outgoing, progress)
}

/// The invitations a newly active member should get: one per meeting still to come (not cancelled),
/// each the meeting's current invitation addressed to that member alone.
fn new_member_invitations(
    conn: &Connection,
    member_id: &str,
    now: DateTime<Utc>,
) -> Result<(Attendee, Vec<(meetings::Meeting, CalendarFile)>)> {
    let member = members::get(conn, member_id)?;
    let invitee = members::active_for_invitation(conn)?
        .into_iter()
        .find(|invitee| member.email.as_deref().is_some_and(|email| email.eq_ignore_ascii_case(&invitee.email)))
        .ok_or_else(|| {
            Error::invalid(
                "member",
                "Bara aktiva FSS-medlemmar med e-postadress får inbjudningar. Ändra medlemmens status eller lägg till e-post.",
            )
        })?;
    let mut files = Vec::new();
    for meeting in meetings::list(conn)? {
        if meeting.status == meetings::MeetingStatus::Cancelled || meeting.start_utc <= now {
            continue;
        }
        let file = invitation_for_meeting(conn, &meeting.id, now)?;
        files.push((meeting, file));
    }
    Ok((invitee, files))
}

/// How many upcoming meetings a member would be invited to in one step.
pub fn upcoming_invitation_count(conn: &Connection, member_id: &str, now: DateTime<Utc>) -> Result<usize> {
    Ok(new_member_invitations(conn, member_id, now)?.1.len())
}

/// Sends a newly active member the invitation to every upcoming meeting over SMTP, one message per
/// meeting; the result lists each meeting (as the recipient's line) delivered or not.
pub fn send_upcoming_to_member(
    conn: &Connection,
    member_id: &str,
    password: Option<&str>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<SendReport> {
    let now = Utc::now();
    let (invitee, files) = new_member_invitations(conn, member_id, now)?;
    if files.is_empty() {
        return Err(Error::invalid("member", "Det finns inga kommande träffar att bjuda in till."));
    }
    let network = settings::load(conn)?;
    let smtp_settings = settings::load_smtp(conn)?;
    let sender = mail::Sender::new(&network.organizer_name, &network.organizer_email, &smtp_settings.from_address)?;
    let mut outgoing = Vec::with_capacity(files.len());
    for (meeting, file) in &files {
        let message = mail::message(file, &sender, mail::Addressing::One(&invitee), mail::Purpose::Send)?;
        outgoing.push(smtp::Outgoing { name: meeting.when_label.clone(), email: invitee.email.clone(), message });
    }
    smtp::send(&smtp_settings, password, "REQUEST", &outgoing, progress)
}

/// The same invitations as `.eml` drafts (one per meeting), for a network without an SMTP server.
pub fn upcoming_drafts_for_member(conn: &Connection, member_id: &str, now: DateTime<Utc>) -> Result<Vec<MailDraft>> {
    let (invitee, files) = new_member_invitations(conn, member_id, now)?;
    let network = settings::load(conn)?;
    let smtp_settings = settings::load_smtp(conn)?;
    let sender = mail::Sender::new(&network.organizer_name, &network.organizer_email, &smtp_settings.from_address)?;
    files
        .into_iter()
        .map(|(_, file)| {
            Ok(MailDraft {
                file_name: file.file_name.replace(".ics", ".eml"),
                bytes: mail::message(&file, &sender, mail::Addressing::One(&invitee), mail::Purpose::Draft)?
                    .formatted(),
                method: file.method,
                recipients: 1,
            })
        })
        .collect()
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
