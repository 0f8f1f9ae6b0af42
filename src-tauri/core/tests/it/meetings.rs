//! Meetings: the seeded 2024 series, UTC derived from Stockholm wall-clock time, validation.

use natverk_core::meetings::{self, MeetingInput, MeetingStatus};
use natverk_core::Database;

use crate::support::snapshot;

#[test]
fn the_five_2024_meetings_are_seeded_at_15_in_stockholm() {
    let db = Database::open_in_memory().unwrap();
    let list = meetings::list(db.conn()).unwrap();
    let summary: Vec<(String, String, String, &str)> = list
        .iter()
        .map(|m| (m.date.to_string(), meetings::utc_text(m.start_utc), meetings::utc_text(m.end_utc), m.status.code()))
        .collect();
    assert_eq!(
        summary,
        [
            ("2024-01-24".into(), "2024-01-24T14:00:00Z".into(), "2024-01-24T14:45:00Z".into(), "scheduled"),
            ("2024-02-29".into(), "2024-02-29T14:00:00Z".into(), "2024-02-29T14:45:00Z".into(), "cancelled"),
            ("2024-03-26".into(), "2024-03-26T14:00:00Z".into(), "2024-03-26T14:45:00Z".into(), "scheduled"),
            ("2024-04-23".into(), "2024-04-23T13:00:00Z".into(), "2024-04-23T13:45:00Z".into(), "scheduled"),
            ("2024-05-28".into(), "2024-05-28T13:00:00Z".into(), "2024-05-28T13:45:00Z".into(), "scheduled"),
        ]
    );
    assert!(list.iter().all(|m| m.time_zone == "Europe/Stockholm"));
    assert_eq!(list[0].when_label, "onsdag 24 januari 2024 kl. 15.00–15.45");
    assert_eq!(list[3].when_label, "tisdag 23 april 2024 kl. 15.00–15.45");
    let cancelled = &list[1];
    assert_eq!(cancelled.status, MeetingStatus::Cancelled);
    assert_eq!(cancelled.cancel_reason, "pga förhinder");
    assert_eq!(cancelled.sequence, 1, "a cancellation raises the invitation sequence");
}

#[test]
fn meeting_json_carries_rfc3339_utc_instants_and_local_fields() {
    let db = Database::open_in_memory().unwrap();
    let list = meetings::list(db.conn()).unwrap();
    let json = serde_json::to_value(&list[0]).unwrap();
    assert_eq!(json["start_utc"], "2024-01-24T14:00:00Z");
    assert_eq!(json["end_utc"], "2024-01-24T14:45:00Z");
    assert_eq!(json["date"], "2024-01-24");
    assert_eq!(json["start"], "15:00");
    assert_eq!(json["end"], "15:45");
    assert_eq!(json["time_zone"], "Europe/Stockholm");
    assert_eq!(json["status"], "scheduled");
}

fn input(date: &str, start: &str, end: &str) -> MeetingInput {
    MeetingInput {
        title: "Träff om uppsökande arbete".into(),
        date: date.into(),
        start: start.into(),
        end: end.into(),
        ..MeetingInput::default()
    }
}

#[test]
fn a_new_meeting_gets_its_utc_times_from_the_zone_database() {
    let db = Database::open_in_memory().unwrap();
    let meeting = meetings::create(db.conn(), &input("2024-10-29", "15.00", "15.45"), "Europe/Stockholm").unwrap();
    assert_eq!(meetings::utc_text(meeting.start_utc), "2024-10-29T14:00:00Z", "after the autumn change, UTC+1");
    assert_eq!(meeting.sequence, 0);
    assert!(meeting.ical_uid.starts_with(&meeting.id));
}

#[test]
fn invalid_meetings_are_refused_with_the_field_named_and_nothing_is_written() {
    let db = Database::open_in_memory().unwrap();
    let before = snapshot(&db);
    let cases = [
        (input("2024-03-31", "02:30", "03:30"), "start", "finns inte"),
        (input("2024-09-03", "15:45", "15:00"), "end", "senare än starttiden"),
        (input("2024-02-30", "15:00", "15:45"), "date", "inget giltigt datum"),
        (MeetingInput { title: "  ".into(), ..input("2024-09-03", "15:00", "15:45") }, "title", "måste fyllas i"),
        (
            MeetingInput { teams_url: "http://teams.microsoft.com/x".into(), ..input("2024-09-03", "15:00", "15:45") },
            "teams_url",
            "https://",
        ),
    ];
    for (meeting, field, words) in cases {
        let error = meetings::create(db.conn(), &meeting, "Europe/Stockholm").unwrap_err();
        assert_eq!(error.field(), Some(field), "{error}");
        assert!(error.to_string().contains(words), "{error}");
    }
    assert_eq!(snapshot(&db), before);
}
