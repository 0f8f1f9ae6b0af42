//! Calendar files read by four parsers this project does not write: the same instants, people and Swedish text in each.
//!
//! Parsers: python `icalendar` and `vobject`, `ical.js` (Thunderbird's) and `node-ical`, installed
//! by `make ics-parsers` into target/ics-parsers/venv and tests/ics/node_modules.

mod parsers;

use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use natverk_core::{calendar, meetings, settings, Database};
use parsers::{read_with, PARSERS};

const TRICKY_NAME: &str = "Öberg, Åsa \"Åsa\"";

/// A network with an organizer, two active members (one host), one interested and one anonymised.
fn network() -> (tempfile::TempDir, Database) {
    let dir = tempfile::tempdir().unwrap();
    let mut db = Database::open(&dir.path().join("natverket.sqlite3")).unwrap();
    let current = settings::load(db.conn()).unwrap();
    db.write(|tx| {
        settings::save(
            tx,
            &settings::NetworkSettings {
                organizer_name: "Ängström, Örjan (värd)".into(),
                organizer_email: "natverk@fss.se".into(),
                teams_url: "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0".into(),
                ..current
            },
        )
    })
    .unwrap();
    db.conn()
        .execute_batch(&format!(
            "INSERT INTO members (id, name, municipality_code, email, fss_member, status, network_role, created_at, updated_at) VALUES
               ('m1', '{}', '2321', 'asa.oberg@are.se', 1, 'active', 'member', 'x', 'x'),
               ('m2', 'Bo Ek', '0180', 'bo.ek@stockholm.se', 1, 'active', 'host', 'x', 'x'),
               ('m3', 'Intresserad Person', '1480', 'intresserad@goteborg.se', 0, 'interested', 'member', 'x', 'x');
             INSERT INTO members (id, name, municipality_code, email, fss_member, status, network_role, anonymised_at, created_at, updated_at) VALUES
               ('m4', 'Anonymiserad medlem', '1280', NULL, 1, 'left', 'member', 'x', 'x', 'x');",
            TRICKY_NAME.replace('\'', "''")
        ))
        .unwrap();
    (dir, db)
}

fn long_swedish_agenda() -> String {
    let paragraph = "Första linjen: enklare ingångar, tidiga insatser; råd och stöd utan biståndsbeslut, \
                     samverkan med regionen och skolan \\ uppföljning av ”öppna mottagningen”.\n";
    let mut agenda = String::from(
        "Dagordning för träffen:\n1. Välkomna; presentationsrunda\n2. Exempel från Åre, Örebro, Älvdalen\n\n",
    );
    while agenda.chars().count() < 3000 {
        agenda.push_str(paragraph);
    }
    agenda.trim_end().to_string()
}

fn meeting_on(db: &Database, date: &str) -> meetings::Meeting {
    meetings::list(db.conn()).unwrap().into_iter().find(|m| m.date.to_string() == date).unwrap()
}

fn write(dir: &Path, file: &calendar::CalendarFile) -> PathBuf {
    let path = dir.join(&file.file_name);
    calendar::write_calendar_file(&path, file).unwrap();
    path
}

#[test]
fn invitations_are_read_alike_by_four_independent_parsers() {
    let (dir, db) = network();
    let agenda = long_swedish_agenda();
    db.conn().execute("UPDATE meetings SET agenda = ?1 WHERE local_date = '2024-04-23'", [&agenda]).unwrap();
    let dtstamp = Utc.with_ymd_and_hms(2024, 1, 10, 9, 0, 0).unwrap();
    for (date, start_utc, end_utc) in [
        ("2024-01-24", "2024-01-24T14:00:00Z", "2024-01-24T14:45:00Z"),
        ("2024-04-23", "2024-04-23T13:00:00Z", "2024-04-23T13:45:00Z"),
    ] {
        let meeting = meeting_on(&db, date);
        let file = write(dir.path(), &calendar::invitation_for_meeting(db.conn(), &meeting.id, dtstamp).unwrap());
        for parser in PARSERS {
            let read = read_with(parser, &file);
            let context = format!("{parser} reading the invitation for {date}");
            assert_eq!(read["method"], "REQUEST", "{context}");
            let events = read["events"].as_array().unwrap();
            assert_eq!(events.len(), 1, "{context}");
            let event = &events[0];
            assert_eq!(event["uid"], meeting.ical_uid.as_str(), "{context}");
            assert_eq!(event["sequence"], 0, "{context}");
            assert_eq!(event["status"], "CONFIRMED", "{context}");
            assert_eq!(
                (event["start_utc"].as_str(), event["end_utc"].as_str()),
                (Some(start_utc), Some(end_utc)),
                "{context}"
            );
            assert_eq!(event["summary"], "Nätverksträff – första linjens socialtjänst", "{context}");
            assert_eq!(event["organizer"]["email"], "natverk@fss.se", "{context}");
            assert_eq!(event["organizer"]["cn"], "Ängström, Örjan (värd)", "{context}");
            assert_eq!(
                event["url"], "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0",
                "{context}"
            );
            let description = event["description"].as_str().unwrap();
            assert!(
                description.contains("https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0"),
                "{context}"
            );
            if date == "2024-04-23" {
                assert!(
                    description.contains(&agenda),
                    "{context}: the 3,000-character agenda must survive byte for byte"
                );
            }
            let mut attendees: Vec<(String, String, String)> = event["attendees"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| {
                    (
                        a["email"].as_str().unwrap().to_string(),
                        a["cn"].as_str().unwrap().to_string(),
                        a["role"].as_str().unwrap().to_string(),
                    )
                })
                .collect();
            attendees.sort();
            // A `"` in a parameter can only be carried by RFC 6868 (^'). python icalendar and ical.js
            // (Thunderbird) decode it; vobject and node-ical do not and show the encoding as is.
            let decodes_rfc_6868 = matches!(parser, "icalendar" | "ical.js");
            let tricky_as_read = if decodes_rfc_6868 { TRICKY_NAME } else { "Öberg, Åsa ^'Åsa^'" };
            assert_eq!(
                attendees,
                [
                    ("asa.oberg@are.se".to_string(), tricky_as_read.to_string(), "REQ-PARTICIPANT".to_string()),
                    ("bo.ek@stockholm.se".to_string(), "Bo Ek".to_string(), "CHAIR".to_string()),
                ],
                "{context}: every active member and nobody else"
            );
            assert!(
                event["attendees"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|a| a["partstat"] == "NEEDS-ACTION" && a["rsvp"] == "TRUE"),
                "{context}"
            );
            if parser != "node-ical" {
                assert_eq!(event["alarms"], serde_json::json!(["-PT15M"]), "{context}");
            }
        }
    }
}

#[test]
fn a_cancellation_has_the_same_uid_a_higher_sequence_and_is_read_as_cancelled() {
    let (dir, db) = network();
    let cancelled = meeting_on(&db, "2024-02-29");
    let file = write(dir.path(), &calendar::invitation_for_meeting(db.conn(), &cancelled.id, Utc::now()).unwrap());
    for parser in PARSERS {
        let read = read_with(parser, &file);
        assert_eq!(read["method"], "CANCEL", "{parser}");
        let event = &read["events"][0];
        assert_eq!(event["uid"], cancelled.ical_uid.as_str(), "{parser}");
        assert_eq!(event["sequence"], 1, "{parser}: cancelling raised the sequence");
        assert_eq!(event["status"], "CANCELLED", "{parser}");
        assert_eq!(event["start_utc"], "2024-02-29T14:00:00Z", "{parser}");
        assert_eq!(event["attendees"].as_array().unwrap().len(), 2, "{parser}: the cancellation goes to the attendees");
    }
}

#[test]
fn the_feed_publishes_every_meeting_with_its_organizer_and_without_attendees() {
    let (dir, db) = network();
    let file = write(dir.path(), &calendar::network_feed(db.conn(), Utc::now()).unwrap());
    for parser in PARSERS {
        let read = read_with(parser, &file);
        assert_eq!(read["method"], "PUBLISH", "{parser}");
        let events = read["events"].as_array().unwrap();
        assert_eq!(events.len(), 5, "{parser}");
        assert!(
            events.iter().all(|e| e["attendees"].as_array().unwrap().is_empty()
                && e["organizer"]["email"] == "natverk@fss.se"
                && e["organizer"]["cn"] == "Ängström, Örjan (värd)"),
            "{parser}"
        );
        let starts: Vec<&str> = events.iter().map(|e| e["start_utc"].as_str().unwrap()).collect();
        assert!(
            starts.contains(&"2024-01-24T14:00:00Z") && starts.contains(&"2024-05-28T13:00:00Z"),
            "{parser}: {starts:?}"
        );
        if parser != "node-ical" {
            assert_eq!(read["calname"], "Första linjens socialtjänst", "{parser}");
        }
    }
}
