//! Calendar files: RFC 5545 form, stable UIDs and sequences, who is invited, and importing files from other programs.

use chrono::{TimeZone, Utc};
use natverk_core::calendar::{self, import::ImportAction};
use natverk_core::store::clock::utc_text;
use natverk_core::{meetings, settings, Database};

use crate::support::{snapshot, TempDatabase};

const OUTLOOK: &[u8] = include_bytes!("../../../../tests/ics/fixtures/outlook-meeting.ics");
const GOOGLE: &[u8] = include_bytes!("../../../../tests/ics/fixtures/google-calendar.ics");

fn with_organizer(db: &mut Database) {
    let current = settings::load(db.conn()).unwrap();
    db.write(|tx| {
        settings::save(tx, &settings::NetworkSettings { organizer_email: "natverk@fss.se".into(), ..current })
    })
    .unwrap();
}

fn first_meeting(db: &Database) -> meetings::Meeting {
    meetings::list(db.conn()).unwrap().remove(0)
}

#[test]
fn files_use_crlf_and_no_line_is_longer_than_75_octets() {
    let mut db = Database::open_in_memory().unwrap();
    with_organizer(&mut db);
    db.conn()
        .execute(
            "UPDATE meetings SET agenda = ?1",
            [&"Åsa Öberg berättar om öppna mottagningar i Älvdalen; ".repeat(40)],
        )
        .unwrap();
    let file = calendar::invitation_for_meeting(db.conn(), &first_meeting(&db).id, Utc::now()).unwrap();
    assert!(file.content.ends_with("\r\n"));
    assert!(!file.content.replace("\r\n", "").contains('\n'), "no bare line feeds");
    for line in file.content.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        assert!(line.chars().all(|c| !c.is_control() || c == '\t'), "control character in {line:?}");
    }
}

#[test]
fn the_same_data_gives_the_same_file_except_for_dtstamp() {
    let mut db = Database::open_in_memory().unwrap();
    with_organizer(&mut db);
    let id = first_meeting(&db).id;
    let without_dtstamp = |at| {
        let file = calendar::invitation_for_meeting(db.conn(), &id, at).unwrap();
        file.content.split("\r\n").filter(|l| !l.starts_with("DTSTAMP")).collect::<Vec<_>>().join("\r\n")
    };
    let a = without_dtstamp(Utc.with_ymd_and_hms(2024, 1, 1, 8, 0, 0).unwrap());
    let b = without_dtstamp(Utc.with_ymd_and_hms(2024, 1, 2, 9, 30, 0).unwrap());
    assert_eq!(a, b);
}

#[test]
fn the_uid_is_stable_and_the_sequence_follows_the_meeting() {
    let mut db = Database::open_in_memory().unwrap();
    with_organizer(&mut db);
    let meeting = first_meeting(&db);
    let before = calendar::invitation_for_meeting(db.conn(), &meeting.id, Utc::now()).unwrap();
    db.conn().execute("UPDATE meetings SET start_time = '14:00', start_utc = '2024-01-24T13:00:00Z', sequence = sequence + 1 WHERE id = ?1", [&meeting.id]).unwrap();
    let after = calendar::invitation_for_meeting(db.conn(), &meeting.id, Utc::now()).unwrap();
    let uid_line = format!("UID:{}", meeting.ical_uid);
    assert!(before.content.contains(&uid_line) && after.content.contains(&uid_line));
    assert!(before.content.contains("SEQUENCE:0\r\n") && after.content.contains("SEQUENCE:1\r\n"));
    assert!(after.content.contains("DTSTART:20240124T130000Z\r\n"));
}

#[test]
fn an_invitation_needs_the_organizers_e_mail() {
    let db = Database::open_in_memory().unwrap();
    let error = calendar::invitation_for_meeting(db.conn(), &first_meeting(&db).id, Utc::now()).unwrap_err();
    assert_eq!(error.field(), Some("organizer_email"));
    assert!(error.to_string().contains("Inställningar"), "{error}");
}

#[test]
fn only_active_fss_members_are_invited() {
    let mut db = Database::open_in_memory().unwrap();
    with_organizer(&mut db);
    db.conn()
        .execute_batch(
            "INSERT INTO members (id, name, municipality_code, email, fss_member, status, created_at, updated_at) VALUES
               ('a', 'Aktiv Medlem', '0180', 'aktiv@kommun.se', 1, 'active', 'x', 'x'),
               ('b', 'Har Lämnat', '0180', 'lamnat@kommun.se', 1, 'left', 'x', 'x'),
               ('c', 'Intresserad', '0180', 'intresserad@kommun.se', 0, 'interested', 'x', 'x');
             INSERT INTO members (id, name, municipality_code, email, fss_member, status, anonymised_at, created_at, updated_at) VALUES
               ('d', 'Anonymiserad', '0180', NULL, 1, 'left', 'x', 'x', 'x');",
        )
        .unwrap();
    let file = calendar::invitation_for_meeting(db.conn(), &first_meeting(&db).id, Utc::now()).unwrap();
    assert_eq!(file.attendee_emails, ["aktiv@kommun.se"]);
    assert_eq!(file.content.matches("ATTENDEE").count(), 1);
}

#[test]
fn the_mail_link_addresses_the_attendees_with_an_encoded_subject() {
    let mut db = Database::open_in_memory().unwrap();
    with_organizer(&mut db);
    db.conn()
        .execute("INSERT INTO members (id, name, municipality_code, email, fss_member, status, created_at, updated_at) VALUES ('a', 'Åsa', '0180', 'asa@kommun.se', 1, 'active', 'x', 'x')", [])
        .unwrap();
    let file = calendar::invitation_for_meeting(db.conn(), &first_meeting(&db).id, Utc::now()).unwrap();
    let link = calendar::mailto_link(
        &file,
        "natverk@fss.se",
        std::path::Path::new("/home/asa/Hämtningar/natverkstraff-2024-01-24.ics"),
    );
    assert!(link.starts_with("mailto:natverk@fss.se?bcc=asa@kommun.se&subject=Inbjudan"), "{link}");
    assert!(!link.contains(' ') && !link.contains('ä'), "everything outside ASCII is percent-encoded: {link}");
}

#[test]
fn an_outlook_invitation_imports_as_a_meeting_at_the_right_time_with_its_teams_link() {
    let mut db = Database::open_in_memory().unwrap();
    let preview = calendar::import::preview(db.conn(), OUTLOOK).unwrap();
    assert_eq!((preview.to_create, preview.rejected), (1, 0), "{preview:?}");
    db.write(|tx| calendar::import::apply(tx, OUTLOOK)).unwrap();
    let imported = meetings::list(db.conn())
        .unwrap()
        .into_iter()
        .find(|m| m.title == "Nätverksträff: öppna mottagningar")
        .unwrap();
    assert_eq!(utc_text(imported.start_utc), "2024-09-17T13:00:00Z");
    assert_eq!(imported.when_label, "tisdag 17 september 2024 kl. 15.00–15.45");
    assert!(
        imported.teams_url.starts_with("https://teams.microsoft.com/l/meetup-join/19%3ameeting_NzQ4%40thread.v2/0"),
        "{}",
        imported.teams_url
    );
    assert!(imported.agenda.contains("öppna mottagningar; ta gärna med ett exempel."), "{}", imported.agenda);
    assert!(imported.ical_uid.starts_with("040000008200E000"), "the event's own UID is kept");
}

#[test]
fn importing_the_same_file_again_changes_nothing_and_a_changed_time_updates_the_same_meeting() {
    let mut db = Database::open_in_memory().unwrap();
    db.write(|tx| calendar::import::apply(tx, OUTLOOK)).unwrap();
    let before = snapshot(&db);
    let again = db.write(|tx| calendar::import::apply(tx, OUTLOOK)).unwrap();
    assert_eq!((again.to_create, again.to_update, again.unchanged), (0, 0, 1));
    assert_eq!(snapshot(&db), before);

    let moved = String::from_utf8(OUTLOOK.to_vec())
        .unwrap()
        .replace("20240917T150000", "20240917T140000")
        .replace("SEQUENCE:0", "SEQUENCE:1");
    let update = db.write(|tx| calendar::import::apply(tx, moved.as_bytes())).unwrap();
    assert_eq!(update.to_update, 1, "{update:?}");
    assert!(update.events[0].reason.contains("tid"), "{:?}", update.events[0].reason);
    let count = meetings::list(db.conn()).unwrap().len();
    assert_eq!(count, 6, "updated, not duplicated");
    let meeting =
        meetings::list(db.conn()).unwrap().into_iter().find(|m| m.title.contains("öppna mottagningar")).unwrap();
    assert_eq!(utc_text(meeting.start_utc), "2024-09-17T12:00:00Z");
    assert!(meeting.sequence >= 1);
}

#[test]
fn events_that_cannot_be_meetings_are_rejected_with_reasons_and_the_rest_imported() {
    let mut db = Database::open_in_memory().unwrap();
    let result = db.write(|tx| calendar::import::apply(tx, GOOGLE)).unwrap();
    let by_uid = |uid: &str| result.events.iter().find(|e| e.uid == uid).unwrap();
    assert_eq!(by_uid("3k1l9q7v1f0gm0o3g0c4qf2a5c@google.com").action, ImportAction::Create);
    assert_eq!(by_uid("3k1l9q7v1f0gm0o3g0c4qf2a5c@google.com").when_label, "tisdag 29 oktober 2024 kl. 15.00–15.45");
    assert_eq!(by_uid("allday-planeringsdag@google.com").action, ImportAction::Rejected);
    assert!(by_uid("allday-planeringsdag@google.com").reason.contains("Heldag"));
    assert_eq!(by_uid("series-xyz@google.com").action, ImportAction::Rejected);
    assert!(by_uid("series-xyz@google.com").reason.contains("Återkommande"));
    assert_eq!(meetings::list(db.conn()).unwrap().len(), 6);
}

#[test]
fn our_own_invitation_imports_into_another_installation_unchanged() {
    let mut source = Database::open_in_memory().unwrap();
    with_organizer(&mut source);
    let meeting = meetings::list(source.conn()).unwrap().remove(3);
    let file = calendar::invitation_for_meeting(source.conn(), &meeting.id, Utc::now()).unwrap();
    let mut other = Database::open_in_memory().unwrap();
    let result = other.write(|tx| calendar::import::apply(tx, file.content.as_bytes())).unwrap();
    assert_eq!(result.unchanged, 1, "the seeded meeting has the same UID everywhere: {result:?}");
}

#[test]
fn bad_files_are_refused_with_a_clear_reason_and_import_nothing() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let before = snapshot(&db);
    let truncated = &OUTLOOK[..OUTLOOK.len() / 2];
    let too_large = vec![b'A'; calendar::import::MAX_FILE_BYTES + 1];
    let cases: [(&[u8], &str); 5] = [
        (truncated, "avkortad"),
        (b"BEGIN:VCALENDAR\r\nSUMMARY:N\xe4tverk\r\nEND:VCALENDAR\r\n", "inga händelser"),
        (&too_large, "för stor"),
        (b"namn;e-post\r\nAsa;asa@kommun.se\r\n", "ingen kalenderfil"),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "inga händelser"),
    ];
    for (bytes, words) in cases {
        let error = db.write(|tx| calendar::import::apply(tx, bytes)).unwrap_err();
        assert_eq!(error.kind(), "invalid");
        assert!(error.to_string().contains(words), "expected {words:?} in: {error}");
        assert!(error.to_string().contains("Inget har importerats"), "{error}");
    }
    assert_eq!(snapshot(&db), before);
}

#[test]
fn a_utf8_byte_order_mark_is_accepted() {
    let db = Database::open_in_memory().unwrap();
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), OUTLOOK].concat();
    assert_eq!(calendar::import::preview(db.conn(), &with_bom).unwrap().to_create, 1);
}

/// Every content line of a calendar file as (name with parameters, value), unfolded.
fn content_lines(text: &str) -> Vec<(String, String)> {
    let unfolded = text.replace("\r\n ", "");
    unfolded
        .split("\r\n")
        .filter(|line| !line.is_empty())
        .map(|line| {
            let (head, value) = line.split_once(':').unwrap_or_else(|| panic!("a line without a colon: {line:?}"));
            (head.to_string(), value.to_string())
        })
        .collect()
}

#[test]
fn the_feed_is_strict_rfc_5545_and_5546_publish_with_an_organizer_and_an_hourly_refresh() {
    let mut db = Database::open_in_memory().unwrap();
    assert_eq!(
        calendar::network_feed(db.conn(), Utc::now()).unwrap_err().field(),
        Some("organizer_email"),
        "no feed without the organizer that every PUBLISH event must name"
    );
    with_organizer(&mut db);
    let meeting_count = meetings::list(db.conn()).unwrap().len();
    let file = calendar::network_feed(db.conn(), Utc::now()).unwrap();
    for physical in file.content.split("\r\n") {
        assert!(physical.len() <= 75, "{} octets: {physical:?}", physical.len());
    }
    let lines = content_lines(&file.content);
    for (head, value) in &lines {
        assert!(!value.trim().is_empty(), "an empty property: {head}:");
    }
    let calendar_properties: Vec<&(String, String)> =
        lines.iter().take_while(|(head, value)| !(head == "BEGIN" && value == "VEVENT")).collect();
    let has = |head: &str, value: &str| calendar_properties.iter().any(|(h, v)| h == head && v == value);
    assert!(has("METHOD", "PUBLISH") && has("VERSION", "2.0"), "{calendar_properties:?}");
    assert!(has("REFRESH-INTERVAL;VALUE=DURATION", "PT1H"), "{calendar_properties:?}");
    assert!(has("X-PUBLISHED-TTL", "PT1H"), "{calendar_properties:?}");
    assert!(calendar_properties.iter().any(|(h, _)| h == "PRODID"));

    let mut events = Vec::new();
    let mut current: Option<Vec<(String, String)>> = None;
    let mut depth = 0;
    for (head, value) in &lines {
        match (head.as_str(), value.as_str()) {
            ("BEGIN", "VEVENT") => current = Some(Vec::new()),
            ("END", "VEVENT") => events.push(current.take().expect("END:VEVENT after BEGIN")),
            ("BEGIN", _) => depth += 1,
            ("END", _) => depth -= 1,
            _ => {
                if let Some(event) = current.as_mut() {
                    event.push((head.clone(), value.clone()));
                }
            }
        }
    }
    assert_eq!(depth, 0, "every component closed");
    assert_eq!(events.len(), meeting_count, "every meeting is in the feed");
    for event in &events {
        let count = |name: &str| event.iter().filter(|(head, _)| head.split(';').next() == Some(name)).count();
        for required_once in ["UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "SEQUENCE", "ORGANIZER", "STATUS"] {
            assert_eq!(count(required_once), 1, "{required_once} exactly once in {event:?}");
        }
        assert_eq!(count("ATTENDEE"), 0, "a published feed invites nobody");
        let organizer = event.iter().find(|(head, _)| head.starts_with("ORGANIZER")).unwrap();
        assert_eq!(organizer.1, "mailto:natverk@fss.se");
        assert!(organizer.0.contains("CN="), "{organizer:?}");
        assert_eq!(count("X-NATVERKET-AGENDA"), 0, "the seeded meetings have no agenda, so no empty agenda line");
    }
}
