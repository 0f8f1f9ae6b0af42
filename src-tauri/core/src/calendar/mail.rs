//! Invitation mail (iMIP, RFC 6047): an invitation or cancellation as a message that mail programs show as a meeting request.
//!
//! Every message is `multipart/mixed` holding a `multipart/alternative` (Swedish `text/plain` and
//! `text/calendar; method=…; charset=UTF-8`) and the same calendar as an `.ics` attachment, for
//! programs that only show attachments. One VCALENDAR per message; From is the organizer, the host
//! whose address the calendars send answers to. The MIME is built by `lettre`, never by hand.

use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{Address, Message};

use super::export::CalendarFile;
use crate::error::{Error, Result};
use crate::members::Invitee;

/// Who one message is addressed to.
#[derive(Debug, Clone, Copy)]
pub enum Addressing<'a> {
    /// One member, in To: the message is theirs alone.
    One(&'a Invitee),
    /// Several members as hidden copies (Bcc), with the organizer in To, so nobody sees the others' addresses.
    Hidden(&'a [Invitee]),
}

/// What the message is for: sending now, or a draft for the user's mail program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Handed to an SMTP server: Bcc is left out of the text (the envelope carries the recipients).
    Send,
    /// An `.eml` with `X-Unsent: 1` that Outlook and others open as a new message ready to send;
    /// the Bcc header is kept so the mail program knows the recipients.
    Draft,
}

/// The person and address a message is from.
#[derive(Debug, Clone)]
pub struct Sender {
    /// The organizer (ORGANIZER in the calendar): From.
    pub organizer: Mailbox,
    /// The account that actually sends, when it is not the organizer's (Sender header and envelope).
    pub account: Option<Mailbox>,
}

impl Sender {
    /// The organizer from the network's settings, and the SMTP account's address when it differs.
    pub fn new(organizer_name: &str, organizer_email: &str, account_email: &str) -> Result<Sender> {
        let organizer = Mailbox::new(Some(organizer_name.to_string()), address("organizer_email", organizer_email)?);
        let account = match account_email.trim() {
            "" => None,
            email if email.eq_ignore_ascii_case(organizer_email.trim()) => None,
            email => Some(Mailbox::new(None, address("smtp_from", email)?)),
        };
        Ok(Sender { organizer, account })
    }

    /// The address the SMTP envelope is from.
    pub fn envelope_from(&self) -> &Address {
        &self.account.as_ref().unwrap_or(&self.organizer).email
    }
}

/// An e-mail address as `lettre` takes it, or a Swedish error naming the field.
pub(crate) fn address(field: &'static str, email: &str) -> Result<Address> {
    email.trim().parse().map_err(|_| Error::invalid(field, format!("”{}” är ingen giltig e-postadress.", email.trim())))
}

/// A member as a mailbox ("Åsa Öberg <asa@are.se>").
pub(crate) fn mailbox(invitee: &Invitee) -> Result<Mailbox> {
    Ok(Mailbox::new(Some(invitee.name.clone()), address("email", &invitee.email)?))
}

/// The invitation (or cancellation) in `file` as one iMIP message.
pub fn message(file: &CalendarFile, sender: &Sender, addressing: Addressing<'_>, purpose: Purpose) -> Result<Message> {
    let mut builder =
        Message::builder().from(sender.organizer.clone()).subject(file.mail_subject.clone()).message_id(None);
    if let Some(account) = &sender.account {
        builder = builder.sender(account.clone());
    }
    builder = match addressing {
        Addressing::One(invitee) => builder.to(mailbox(invitee)?),
        Addressing::Hidden(invitees) => {
            let mut with_copies = builder.to(sender.organizer.clone());
            for invitee in invitees {
                with_copies = with_copies.bcc(mailbox(invitee)?);
            }
            with_copies
        }
    };
    if purpose == Purpose::Draft {
        builder =
            builder.keep_bcc().raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("X-Unsent"), "1".into()));
    }
    // Outlook files a message with this class as a meeting request rather than as ordinary mail.
    builder = builder.raw_header(HeaderValue::new(
        HeaderName::new_from_ascii_str("Content-Class"),
        "urn:content-classes:calendarmessage".into(),
    ));
    let calendar_type = ContentType::parse(&format!("text/calendar; method={}; charset=UTF-8", file.method))
        .map_err(|_| Error::invalid("method", "Kalenderns METHOD kan inte stå i ett e-postmeddelande."))?;
    let attachment_type = ContentType::parse("application/ics")
        .map_err(|_| Error::invalid("method", "Kalenderfilens typ kan inte stå i ett e-postmeddelande."))?;
    let body = MultiPart::mixed()
        .multipart(
            MultiPart::alternative()
                .singlepart(SinglePart::plain(file.mail_body.clone()))
                .singlepart(SinglePart::builder().header(calendar_type).body(file.content.clone())),
        )
        .singlepart(Attachment::new(file.file_name.clone()).body(file.content.clone(), attachment_type));
    builder.multipart(body).map_err(|error| match error {
        lettre::error::Error::MissingTo => Error::invalid("recipients", "Inbjudan har inga mottagare."),
        _ => Error::invalid("recipients", "Meddelandet kunde inte byggas av inbjudans uppgifter."),
    })
}

/// A draft of the invitation to every attendee (as hidden copies), as the bytes of an `.eml` file.
pub fn draft(file: &CalendarFile, sender: &Sender, recipients: &[Invitee]) -> Result<Vec<u8>> {
    if recipients.is_empty() {
        return Err(Error::invalid(
            "recipients",
            "Det finns ingen att skicka inbjudan till: inga aktiva medlemmar med e-postadress.",
        ));
    }
    Ok(message(file, sender, Addressing::Hidden(recipients), Purpose::Draft)?.formatted())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> CalendarFile {
        CalendarFile {
            method: "REQUEST",
            file_name: "natverkstraff-2024-01-24.ics".into(),
            content: "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nSUMMARY:Nätverksträff\r\nEND:VCALENDAR\r\n".into(),
            attendee_emails: vec!["asa@are.se".into()],
            mail_subject: "Inbjudan: Nätverksträff".into(),
            mail_body: "Hej!\n\nVälkommen till träffen på onsdag.".into(),
        }
    }

    fn asa() -> Invitee {
        Invitee { name: "Åsa Öberg".into(), email: "asa@are.se".into(), is_host: false }
    }

    #[test]
    fn a_draft_is_unsent_keeps_its_hidden_recipients_and_names_the_method_in_the_calendar_part() {
        let sender = Sender::new("Örjan Värd", "natverk@fss.se", "").unwrap();
        let text = String::from_utf8(draft(&file(), &sender, &[asa()]).unwrap()).unwrap();
        assert!(text.contains("X-Unsent: 1\r\n"), "{text}");
        assert!(text.contains("Bcc: "), "{text}");
        assert!(text.contains("Content-Type: multipart/mixed"), "{text}");
        assert!(text.contains("Content-Type: multipart/alternative"), "{text}");
        // lettre writes the charset in lower case; MIME parameter values are case-insensitive (RFC 2045).
        assert!(text.contains("Content-Type: text/calendar; method=REQUEST; charset=utf-8"), "{text}");
        assert!(text.contains("Message-ID: <"), "{text}");
        assert!(text.contains("filename=\"natverkstraff-2024-01-24.ics\""), "{text}");
        assert!(!text.contains("Sender:"), "the organizer sends it themselves");
    }

    #[test]
    fn a_sent_message_leaves_out_bcc_and_names_a_different_sending_account() {
        let sender = Sender::new("Örjan Värd", "natverk@fss.se", "utskick@fss.se").unwrap();
        let text = String::from_utf8(
            message(&file(), &sender, Addressing::Hidden(&[asa()]), Purpose::Send).unwrap().formatted(),
        )
        .unwrap();
        assert!(!text.contains("Bcc:") && !text.contains("X-Unsent"), "{text}");
        assert!(text.contains("Sender: utskick@fss.se"), "{text}");
        assert_eq!(sender.envelope_from().to_string(), "utskick@fss.se");
    }

    #[test]
    fn no_recipients_or_a_broken_address_is_a_clear_error() {
        let sender = Sender::new("Örjan Värd", "natverk@fss.se", "").unwrap();
        assert!(draft(&file(), &sender, &[]).unwrap_err().to_string().contains("ingen att skicka"));
        let broken = Invitee { name: "Bo".into(), email: "bo@".into(), is_host: false };
        assert_eq!(draft(&file(), &sender, &[broken]).unwrap_err().field(), Some("email"));
        assert_eq!(Sender::new("X", "inte en adress", "").unwrap_err().field(), Some("organizer_email"));
    }
}
