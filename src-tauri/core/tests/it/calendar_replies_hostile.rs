//! Hostile and odd answer files (huge, deep, many parts, many attendees, broken encodings, archives): each is read within the caps or refused with a clear Swedish message, never a panic; and the matching rules of issue #17 (UID, RECURRENCE-ID, the attendee's address, never ORGANIZER; SEQUENCE before DTSTAMP).

use natverk_core::calendar::replies::{self, AnswerFile, AnswersImport, FoundStatus};
use natverk_core::meetings::answers::{self, Answer};
use natverk_core::{meetings, Database};

/// The seeded network (its 2024 meetings) and two active members.
fn network() -> Database {
    let db = Database::open_in_memory().unwrap();
    db.conn()
        .execute_batch(
            "INSERT INTO members (id, name, municipality_code, email, fss_member, status, created_at, updated_at) VALUES
               ('m1', 'Åsa Öberg', '2321', 'asa.oberg@are.se', 1, 'active', 'x', 'x'),
               ('m2', 'Bo Ek', '0180', 'bo.ek@stockholm.se', 1, 'active', 'x', 'x');",
        )
        .unwrap();
    db
}

/// The January meeting: (id, calendar UID).
fn january(db: &Database) -> (String, String) {
    let meeting = meetings::list(db.conn()).unwrap().into_iter().find(|m| m.date.to_string() == "2024-01-24").unwrap();
    let uid = meetings::get(db.conn(), &meeting.id).unwrap().ical_uid;
    (meeting.id, uid)
}

/// A REPLY to `uid` with `event_lines` (CRLF-separated content lines inside the VEVENT).
fn reply(uid: &str, event_lines: &str) -> String {
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REPLY\r\nPRODID:-//Test//EN\r\nBEGIN:VEVENT\r\nUID:{uid}\r\n{event_lines}END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
}

fn accepted_by(email: &str) -> String {
    format!("DTSTAMP:20240112T101500Z\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:{email}\r\n")
}

/// A mail (multipart/mixed, boundary `b`) with `parts` before a text/calendar part holding `calendar`.
fn mail_with(parts: &str, calendar: &str) -> Vec<u8> {
    format!(
        "From: asa.oberg@are.se\r\nSubject: Accepterat\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n\
         {parts}--b\r\nContent-Type: text/calendar; method=REPLY; charset=utf-8\r\n\r\n{calendar}\r\n--b--\r\n"
    )
    .into_bytes()
}

fn preview(db: &Database, name: &str, bytes: Vec<u8>) -> AnswersImport {
    let files = [AnswerFile { name: name.into(), bytes }];
    replies::preview(db.conn(), &files).unwrap()
}

fn assert_warned(preview: &AnswersImport, expected: &str) {
    assert!(
        preview.warnings.iter().any(|w| w.contains(expected)),
        "no warning with {expected:?}: {:?}",
        preview.warnings
    );
}

#[test]
fn a_mail_with_ten_thousand_parts_is_read_and_its_reply_found() {
    let db = network();
    let (_, uid) = january(&db);
    let parts = "--b\r\nContent-Type: text/plain\r\n\r\nHej!\r\n".repeat(10_000);
    let bytes = mail_with(&parts, &reply(&uid, &accepted_by("asa.oberg@are.se")));
    assert!(replies::holds_reply(&bytes));
    let found = preview(&db, "många-delar.eml", bytes);
    assert_eq!((found.stored, found.answers.len()), (1, 1), "{:?}", found.warnings);
}

#[test]
fn a_mail_with_ten_thousand_different_calendars_reads_the_first_twenty_and_says_so() {
    let db = network();
    let (_, uid) = january(&db);
    let parts: String = (0..10_000)
        .map(|n| {
            format!(
                "--b\r\nContent-Type: text/calendar\r\n\r\n{}\r\n",
                reply(&uid, &format!("DTSTAMP:20240112T1015{:02}Z\r\nATTENDEE;PARTSTAT=DECLINED:mailto:bo.ek@stockholm.se\r\nCOMMENT:{n}\r\n", n % 60))
            )
        })
        .collect();
    let found = preview(&db, "kalendrar.eml", mail_with(&parts, &reply(&uid, &accepted_by("asa.oberg@are.se"))));
    assert_eq!(found.answers.len(), replies::MAX_CALENDARS_PER_MAIL);
    assert_warned(&found, &format!("fler än {} kalenderdelar", replies::MAX_CALENDARS_PER_MAIL));
    assert_eq!(found.stored, 1, "Bo's newest answer of the twenty");
}

#[test]
fn deeply_nested_multiparts_never_overflow_the_stack() {
    let db = network();
    let (_, uid) = january(&db);
    let depth = 20_000;
    let mut bytes = String::from("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=n0\r\n\r\n");
    for level in 0..depth {
        bytes.push_str(&format!("--n{level}\r\nContent-Type: multipart/mixed; boundary=n{}\r\n\r\n", level + 1));
    }
    bytes.push_str(&format!(
        "--n{depth}\r\nContent-Type: text/calendar\r\n\r\n{}\r\n",
        reply(&uid, &accepted_by("asa.oberg@are.se"))
    ));
    for level in (0..=depth).rev() {
        bytes.push_str(&format!("--n{level}--\r\n"));
    }
    // Read or not, but answered: either the reply is found, or the file is named as holding none.
    let found = preview(&db, "djup.eml", bytes.into_bytes());
    assert!(found.stored == 1 || found.warnings.iter().any(|w| w.starts_with("djup.eml")), "{found:?}");
}

#[test]
fn a_mail_with_a_fifty_megabyte_attachment_is_refused_in_swedish_before_it_is_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (_, uid) = january(&network());
    let line = format!("{}\r\n", "QUFB".repeat(19));
    let attachment = line.repeat(50 * 1024 * 1024 / line.len());
    let parts =
        format!("--b\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n{attachment}");
    let path = dir.path().join("med-bilaga.eml");
    std::fs::write(&path, mail_with(&parts, &reply(&uid, &accepted_by("asa.oberg@are.se")))).unwrap();
    let error = replies::read_files(&[&path]).unwrap_err();
    assert_eq!(error.field(), Some("files"));
    assert!(error.to_string().contains("med-bilaga.eml är större än 10 MB"), "{error}");
}

#[test]
fn a_mail_with_an_attachment_larger_than_a_calendar_may_be_is_still_read() {
    let db = network();
    let (_, uid) = january(&db);
    // 6 MB of base64 (bytes 7, 7, 7 are "BwcH") in lines of 76.
    let attachment = format!("{}\r\n", "BwcH".repeat(19)).repeat(6 * 1024 * 1024 / 78);
    let parts =
        format!("--b\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n{attachment}\r\n");
    let found = preview(&db, "protokoll.eml", mail_with(&parts, &reply(&uid, &accepted_by("asa.oberg@are.se"))));
    assert_eq!(found.stored, 1, "{:?}", found.warnings);
}

#[test]
fn a_reply_with_a_hundred_thousand_attendees_is_refused_with_a_clear_message() {
    let db = network();
    let (_, uid) = january(&db);
    let attendees: String = (0..100_000).map(|n| format!("ATTENDEE;PARTSTAT=ACCEPTED:mailto:p{n}@x.se\r\n")).collect();
    let found = preview(&db, "alla.ics", reply(&uid, &attendees).into_bytes());
    assert!(found.answers.is_empty());
    assert_warned(&found, "En kalenderfil får vara högst 2 MB");

    // Within the size cap, more answers than one import takes: refused, nothing half-read.
    let attendees: String =
        (0..=replies::MAX_ANSWERS).map(|n| format!("ATTENDEE;PARTSTAT=ACCEPTED:mailto:{n}\r\n")).collect();
    let files = [AnswerFile { name: "många.ics".into(), bytes: reply(&uid, &attendees).into_bytes() }];
    let error = replies::preview(db.conn(), &files).unwrap_err();
    assert!(error.to_string().contains(&format!("fler än {} svar", replies::MAX_ANSWERS)), "{error}");
}

#[test]
fn many_answers_from_one_person_are_decided_once_each_newest_wins() {
    let db = network();
    let (meeting_id, uid) = january(&db);
    // 15,000 answers from Åsa, one per DTSTAMP second; the last one (a no) is the newest.
    let files: Vec<AnswerFile> = (0..15_000)
        .map(|n| {
            let (hour, minute, second) = (n / 3600, n / 60 % 60, n % 60);
            let partstat = if n == 14_999 { "DECLINED" } else { "ACCEPTED" };
            let lines = format!(
                "DTSTAMP:20240112T{hour:02}{minute:02}{second:02}Z\r\nATTENDEE;PARTSTAT={partstat}:mailto:asa.oberg@are.se\r\n"
            );
            AnswerFile { name: format!("{n}.ics"), bytes: reply(&uid, &lines).into_bytes() }
        })
        .collect();
    let found = replies::preview(db.conn(), &files).unwrap();
    assert_eq!((found.stored, found.older), (1, 14_999));
    let newest = found.answers.iter().find(|a| a.status == FoundStatus::Stored).unwrap();
    assert_eq!((newest.answer, newest.meeting_id.as_str()), (Answer::No, meeting_id.as_str()));
}

#[test]
fn a_folded_line_of_five_megabytes_is_refused_and_one_within_the_cap_is_read() {
    let db = network();
    let (_, uid) = january(&db);
    let folded = |bytes: usize| {
        let line = format!("COMMENT:{}", "x".repeat(bytes));
        let pieces: Vec<&str> = line.as_bytes().chunks(74).map(|piece| std::str::from_utf8(piece).unwrap()).collect();
        format!("{}\r\n", pieces.join("\r\n "))
    };
    let huge = reply(&uid, &format!("{}{}", folded(5 * 1024 * 1024), accepted_by("asa.oberg@are.se")));
    let found = preview(&db, "lång.ics", huge.into_bytes());
    assert!(found.answers.is_empty());
    assert_warned(&found, "lång.ics: Filen är för stor");

    let within = reply(&uid, &format!("{}{}", folded(1024 * 1024), accepted_by("asa.oberg@are.se")));
    assert_eq!(preview(&db, "lagom.ics", within.into_bytes()).stored, 1);
}

#[test]
fn invalid_utf8_is_read_as_windows_1252_and_the_answer_found() {
    let db = network();
    let (_, uid) = january(&db);
    let mut bytes =
        reply(&uid, "DTSTAMP:20240112T101500Z\r\nATTENDEE;CN=\"\u{1}\";PARTSTAT=TENTATIVE:mailto:asa.oberg@are.se\r\n")
            .into_bytes();
    let at = bytes.windows(3).position(|w| w == b"CN=").unwrap() + 4;
    bytes[at] = 0xC5; // Å in Windows-1252, a broken sequence in UTF-8
    bytes.extend_from_slice(&[0xFF, 0xFE, 0x80]);
    let found = preview(&db, "latin1.ics", bytes.clone());
    assert_eq!(found.stored, 1, "{:?}", found.warnings);
    assert_eq!(found.answers[0].answer, Answer::Maybe);
    assert!(replies::holds_reply(&bytes));
}

#[test]
fn an_ics_that_is_a_zip_archive_is_named_as_one() {
    let db = network();
    let mut zip = b"PK\x03\x04\x14\x00\x00\x00\x08\x00".to_vec();
    zip.extend((0..=255u8).cycle().take(4096));
    assert!(!replies::holds_reply(&zip));
    let found = preview(&db, "svar.ics", zip);
    assert!(found.answers.is_empty());
    assert_warned(&found, "svar.ics: filen är ett zip-arkiv; packa upp det");
}

#[test]
fn the_files_together_are_capped() {
    let dir = tempfile::tempdir().unwrap();
    let chunk = vec![b'a'; 9 * 1024 * 1024];
    let paths: Vec<_> = (0..8)
        .map(|n| {
            let path = dir.path().join(format!("{n}.eml"));
            std::fs::write(&path, &chunk).unwrap();
            path
        })
        .collect();
    let error = replies::read_files(&paths).unwrap_err();
    assert!(error.to_string().contains("tillsammans större än 64 MB"), "{error}");
    assert!(replies::read_files(&paths[..7]).is_ok(), "63 MB together is read");
}

#[test]
fn the_organizer_is_never_taken_for_the_one_who_answered() {
    let db = network();
    let (_, uid) = january(&db);
    // Bo (a member) organised it; the answer is from someone who is not a member.
    let lines = "DTSTAMP:20240112T101500Z\r\nORGANIZER:mailto:bo.ek@stockholm.se\r\n\
                 ATTENDEE;PARTSTAT=ACCEPTED:mailto:okand@example.se\r\n";
    let found = preview(&db, "svar.ics", reply(&uid, lines).into_bytes());
    assert_eq!((found.stored, found.unmatched), (0, 1));
    assert_eq!(found.answers[0].email, "okand@example.se");
    assert!(found.answers[0].reason.contains("ingen medlem"));
}

#[test]
fn a_higher_sequence_wins_over_a_later_dtstamp_and_a_stored_newer_answer_stays() {
    let mut db = network();
    let (meeting_id, uid) = january(&db);
    let newer_sequence = AnswerFile {
        name: "omplanerad.ics".into(),
        bytes: reply(
            &uid,
            "SEQUENCE:2\r\nDTSTAMP:20240110T080000Z\r\nATTENDEE;PARTSTAT=DECLINED:mailto:asa.oberg@are.se\r\n",
        )
        .into_bytes(),
    };
    let later_stamp = AnswerFile {
        name: "senare.ics".into(),
        bytes: reply(
            &uid,
            "SEQUENCE:1\r\nDTSTAMP:20240120T080000Z\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:asa.oberg@are.se\r\n",
        )
        .into_bytes(),
    };
    let done = db.write(|tx| replies::apply(tx, &[later_stamp, newer_sequence])).unwrap();
    assert_eq!((done.stored, done.older), (1, 1));
    let rows = answers::for_meeting(db.conn(), &meeting_id).unwrap().rows;
    assert_eq!(rows.iter().find(|r| r.member_id == "m1").unwrap().answer, Some(Answer::No));

    let older = AnswerFile {
        name: "gammal.ics".into(),
        bytes: reply(
            &uid,
            "SEQUENCE:1\r\nDTSTAMP:20240125T080000Z\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:ASA.OBERG@ARE.SE\r\n",
        )
        .into_bytes(),
    };
    let again = db.write(|tx| replies::apply(tx, &[older])).unwrap();
    assert_eq!((again.stored, again.older), (0, 1), "the stored answer has the higher SEQUENCE");
}

#[test]
fn a_reply_to_another_occurrence_is_listed_and_not_stored() {
    let db = network();
    let (_, uid) = january(&db);
    let other = "RECURRENCE-ID:20240221T140000Z\r\nDTSTAMP:20240112T101500Z\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:asa.oberg@are.se\r\n";
    let found = preview(&db, "annan.ics", reply(&uid, other).into_bytes());
    assert_eq!((found.stored, found.unmatched), (0, 1));
    assert!(found.answers[0].reason.contains("RECURRENCE-ID"));
    let same = "RECURRENCE-ID:20240124T140000Z\r\nDTSTAMP:20240112T101500Z\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:asa.oberg@are.se\r\n";
    assert_eq!(preview(&db, "samma.ics", reply(&uid, same).into_bytes()).stored, 1, "the meeting's own start (UTC)");
    // The same start as Stockholm time (15.00 in January), by IANA and by Outlook's Windows name.
    for tzid in ["Europe/Stockholm", "\"W. Europe Standard Time\""] {
        let local = format!(
            "RECURRENCE-ID;TZID={tzid}:20240124T150000\r\nDTSTAMP:20240112T101500Z\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:asa.oberg@are.se\r\n"
        );
        let found = preview(&db, "lokal.ics", reply(&uid, &local).into_bytes());
        assert_eq!(found.stored, 1, "{tzid}: {:?}", found.answers);
    }
}
