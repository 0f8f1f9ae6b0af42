//! Members' answers from their calendars (iTIP REPLY as .ics or .eml, shaped like Outlook, Google and Thunderbird), answers by hand and reminders.

use natverk_core::calendar::{self, replies};
use natverk_core::meetings::answers::{self, Answer};
use natverk_core::{meetings, settings, Database};

use crate::support::snapshot;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/mail/fixtures/replies");

/// The seeded network with an organizer and three active members whose addresses the fixtures answer from.
fn network() -> Database {
    let mut db = Database::open_in_memory().unwrap();
    let current = settings::load(db.conn()).unwrap();
    db.write(|tx| {
        settings::save(tx, &settings::NetworkSettings { organizer_email: "natverk@fss.se".into(), ..current })
    })
    .unwrap();
    db.conn()
        .execute_batch(
            "INSERT INTO members (id, name, municipality_code, email, fss_member, status, network_role, created_at, updated_at) VALUES
               ('m1', 'Åsa Öberg', '2321', 'Asa.Oberg@are.se', 1, 'active', 'member', 'x', 'x'),
               ('m2', 'Bo Ek', '0180', 'bo.ek@stockholm.se', 1, 'active', 'host', 'x', 'x'),
               ('m3', 'Cecilia Lund', '1280', 'cecilia.lund@malmo.se', 1, 'active', 'member', 'x', 'x'),
               ('m4', 'Dan Berg', '0184', 'dan.berg@solna.se', 1, 'active', 'member', 'x', 'x');",
        )
        .unwrap();
    db
}

fn fixtures(names: &[&str]) -> Vec<replies::AnswerFile> {
    let paths: Vec<String> = names.iter().map(|name| format!("{FIXTURES}/{name}")).collect();
    replies::read_files(&paths).unwrap()
}

fn first_meeting_id(db: &Database) -> String {
    meetings::list(db.conn()).unwrap().into_iter().find(|m| m.date.to_string() == "2024-01-24").unwrap().id
}

fn answer_of(db: &Database, meeting_id: &str, member_id: &str) -> Option<Answer> {
    answers::for_meeting(db.conn(), meeting_id)
        .unwrap()
        .rows
        .into_iter()
        .find(|r| r.member_id == member_id)
        .unwrap()
        .answer
}

#[test]
fn outlook_google_and_thunderbird_replies_update_the_right_members_and_a_later_answer_wins() {
    let mut db = network();
    let meeting_id = first_meeting_id(&db);
    // The changed answer comes first: order of files does not matter, the later DTSTAMP does.
    let files = fixtures(&[
        "outlook-changed-to-tentative.ics",
        "outlook-accepted.eml",
        "google-declined.ics",
        "thunderbird-tentative-no-organizer.ics",
    ]);
    let before = snapshot(&db);
    let preview = replies::preview(db.conn(), &files).unwrap();
    assert_eq!(snapshot(&db), before, "a preview writes nothing");
    assert_eq!((preview.stored, preview.older, preview.unmatched), (3, 1, 0), "{preview:#?}");

    let done = db.write(|tx| replies::apply(tx, &files)).unwrap();
    assert_eq!(done, preview, "the import does what its preview said");
    assert_eq!(answer_of(&db, &meeting_id, "m1"), Some(Answer::Maybe), "Åsa's later answer (kanske) wins");
    assert_eq!(answer_of(&db, &meeting_id, "m2"), Some(Answer::No), "Google's DECLINED");
    assert_eq!(answer_of(&db, &meeting_id, "m3"), Some(Answer::Maybe), "Thunderbird's reply without ORGANIZER");
    assert_eq!(answer_of(&db, &meeting_id, "m4"), None);
    let listed = answers::for_meeting(db.conn(), &meeting_id).unwrap();
    assert_eq!((listed.counts.yes, listed.counts.maybe, listed.counts.no, listed.counts.unanswered), (0, 2, 1, 1));
    let asa = listed.rows.iter().find(|r| r.member_id == "m1").unwrap();
    assert_eq!(asa.answered_at, "2024-01-13T08:00:00Z", "the time of the answer is the reply's DTSTAMP");

    // The older acceptance imported again afterwards changes nothing.
    let again = db.write(|tx| replies::apply(tx, &fixtures(&["outlook-accepted.eml"]))).unwrap();
    assert_eq!((again.stored, again.older), (0, 1));
    assert_eq!(answer_of(&db, &meeting_id, "m1"), Some(Answer::Maybe));
}

#[test]
fn unknown_addresses_and_uids_are_listed_and_not_stored() {
    let mut db = network();
    let before = snapshot(&db);
    let files = fixtures(&["google-not-a-member.ics", "google-unknown-uid.ics"]);
    let done = db.write(|tx| replies::apply(tx, &files)).unwrap();
    assert_eq!((done.stored, done.unmatched), (0, 2), "{done:#?}");
    assert!(done.answers.iter().any(|a| a.email == "okand.person@example.se" && a.reason.contains("ingen medlem")));
    assert!(done.answers.iter().any(|a| a.reason.contains("Ingen träff har svarets UID")));
    assert_eq!(snapshot(&db), before, "nothing stored");
}

#[test]
fn files_without_a_reply_are_named_and_hostile_input_never_panics() {
    let db = network();
    let mut junk = vec![
        replies::AnswerFile { name: "tom.eml".into(), bytes: Vec::new() },
        replies::AnswerFile { name: "binär.ics".into(), bytes: (0..=255u8).cycle().take(100_000).collect() },
        replies::AnswerFile {
            name: "inbjudan.ics".into(),
            bytes: b"BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
                .to_vec(),
        },
    ];
    let deep = format!(
        "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n{}",
        "--b\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n".repeat(5_000)
    );
    junk.push(replies::AnswerFile { name: "djup.eml".into(), bytes: deep.into_bytes() });
    let preview = replies::preview(db.conn(), &junk).unwrap();
    assert!(preview.answers.is_empty());
    assert!(preview.warnings.iter().any(|w| w.starts_with("tom.eml")), "{:?}", preview.warnings);
    assert!(preview.warnings.iter().any(|w| w.contains("METHOD:REQUEST")), "{:?}", preview.warnings);
}

#[test]
fn the_host_sets_an_answer_by_hand_and_reminders_skip_everyone_who_answered() {
    let mut db = network();
    let meeting_id = first_meeting_id(&db);
    db.write(|tx| replies::apply(tx, &fixtures(&["google-declined.ics"]))).unwrap();
    let set = db.write(|tx| answers::set_by_hand(tx, &meeting_id, "m3", Some("ja"))).unwrap();
    assert_eq!(set.counts.yes, 1);
    let unknown = db.write(|tx| answers::set_by_hand(tx, &meeting_id, "m3", Some("kanhända"))).unwrap_err();
    assert_eq!(unknown.field(), Some("answer"));

    let reminded: Vec<String> =
        calendar::mail_recipients(db.conn(), &meeting_id, true).unwrap().into_iter().map(|i| i.email).collect();
    assert_eq!(
        reminded,
        ["dan.berg@solna.se", "Asa.Oberg@are.se"],
        "in Swedish name order; not Bo, who said no, nor Cecilia, who said yes"
    );
    let draft = calendar::invitation_draft(db.conn(), &meeting_id, true, chrono::Utc::now()).unwrap();
    assert_eq!(draft.recipients, 2);
    let text = String::from_utf8(draft.bytes).unwrap();
    assert!(text.contains("<dan.berg@solna.se>") && !text.contains("<bo.ek@stockholm.se>"), "Bo is not a recipient");

    db.write(|tx| answers::set_by_hand(tx, &meeting_id, "m3", None)).unwrap();
    assert_eq!(answer_of(&db, &meeting_id, "m3"), None, "cleared back to inget svar");
}

#[test]
fn a_newly_active_member_gets_the_invitation_to_every_upcoming_meeting_in_one_step() {
    let db = network();
    let march = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2024, 3, 1, 12, 0, 0).unwrap();
    let drafts = calendar::upcoming_drafts_for_member(db.conn(), "m4", march).unwrap();
    let names: Vec<&str> = drafts.iter().map(|d| d.file_name.as_str()).collect();
    assert_eq!(
        names,
        ["natverkstraff-2024-03-26.eml", "natverkstraff-2024-04-23.eml", "natverkstraff-2024-05-28.eml"],
        "the meetings after 1 March, not the cancelled 29 February nor those before"
    );
    assert_eq!(calendar::upcoming_invitation_count(db.conn(), "m4", march).unwrap(), 3);
    for draft in &drafts {
        let text = String::from_utf8(draft.bytes.clone()).unwrap();
        assert!(text.contains("To: \"Dan Berg\" <dan.berg@solna.se>") && text.contains("X-Unsent: 1"), "{text}");
        assert_eq!(text.matches("BEGIN:VCALENDAR").count(), 2, "one calendar, in the alternative and the attachment");
    }
    db.conn().execute("UPDATE members SET status = 'interested', fss_member = 0 WHERE id = 'm4'", []).unwrap();
    let refused = calendar::upcoming_drafts_for_member(db.conn(), "m4", march).unwrap_err();
    assert_eq!(refused.field(), Some("member"));
}
