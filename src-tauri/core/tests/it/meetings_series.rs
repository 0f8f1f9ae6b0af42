//! Meeting series: preview with warnings, then every session created as its own meeting, atomically.

use natverk_core::meetings::series::{self, SeriesInput, SeriesRule};
use natverk_core::meetings::{self, WarningKind};
use natverk_core::store::clock::utc_text;
use natverk_core::Database;

use crate::support::snapshot;

fn every_fourth_tuesday(start: &str, count: u32) -> SeriesInput {
    SeriesInput {
        rule: SeriesRule::EveryNWeeks { start: start.into(), interval_weeks: 4, count },
        title: "Nätverksträff".into(),
        start: String::new(),
        end: String::new(),
        time_zone: String::new(),
        teams_url: String::new(),
        agenda: String::new(),
    }
}

#[test]
fn every_fourth_tuesday_from_3_september_2024_gives_five_meetings_and_warns_about_christmas_eve() {
    let mut db = Database::open_in_memory().unwrap();
    let input = every_fourth_tuesday("2024-09-03", 5);
    let before = snapshot(&db);
    let preview = series::preview(db.conn(), &input).unwrap();
    assert_eq!(snapshot(&db), before, "a preview saves nothing");
    let dates: Vec<String> = preview.iter().map(|s| s.date.to_string()).collect();
    assert_eq!(dates, ["2024-09-03", "2024-10-01", "2024-10-29", "2024-11-26", "2024-12-24"]);
    assert_eq!(preview[4].warnings.iter().map(|w| w.kind).collect::<Vec<_>>(), vec![WarningKind::DayOff]);
    assert!(preview[4].warnings[0].message.contains("julafton"));
    assert_eq!(preview[0].when_label, "tisdag 3 september 2024 kl. 15.00–15.45");

    let created = db.write(|tx| series::create(tx, &input)).unwrap();
    assert_eq!(created.len(), 5);
    let ids: std::collections::HashSet<&str> = created.iter().map(|s| s.meeting.id.as_str()).collect();
    assert_eq!(ids.len(), 5, "each session is its own meeting");
    assert_eq!(utc_text(created[0].meeting.start_utc), "2024-09-03T13:00:00Z");
    assert_eq!(utc_text(created[4].meeting.start_utc), "2024-12-24T14:00:00Z", "winter time in December");
    assert_eq!(meetings::list(db.conn()).unwrap().len(), 10);
}

#[test]
fn a_series_with_one_impossible_session_creates_nothing() {
    let mut db = Database::open_in_memory().unwrap();
    let input = SeriesInput {
        rule: SeriesRule::Dates { dates: vec!["2024-03-24".into(), "2024-03-31".into()] },
        start: "02.30".into(),
        end: "03.30".into(),
        ..every_fourth_tuesday("2024-09-03", 1)
    };
    let before = snapshot(&db);
    let error = db.write(|tx| series::create(tx, &input)).unwrap_err();
    assert_eq!(error.field(), Some("start"));
    assert!(error.to_string().contains("31 mars 2024"), "{error}");
    assert_eq!(snapshot(&db), before);
}
