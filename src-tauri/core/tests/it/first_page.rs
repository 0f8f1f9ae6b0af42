//! What the first pages read stays true: the example counts kept by triggers always equal the counted rows, and Översikt's short lists match the whole list.

use chrono::{DateTime, Utc};
use natverk_core::examples::{self, counts, ExampleInput};
use natverk_core::exchange::{self, ExportOptions, Scope};
use natverk_core::reports::municipalities as municipality_overview;
use natverk_core::{meetings, Database};

use crate::support::TempDatabase;

fn assert_counts_hold(db: &Database, after: &str) {
    assert_eq!(
        counts::kept_nonzero(db.conn()).unwrap(),
        counts::counted_from_rows(db.conn()).unwrap(),
        "the kept counts equal the rows after {after}"
    );
}

fn example(title: &str, municipalities: &[&str], themes: &[String]) -> ExampleInput {
    ExampleInput {
        title: title.into(),
        municipality_codes: municipalities.iter().map(|code| code.to_string()).collect(),
        theme_ids: themes.to_vec(),
        ..Default::default()
    }
}

fn region_count(db: &Database, region: &str) -> i64 {
    examples::overview(db.conn()).unwrap().per_region.iter().find(|c| c.key == region).map_or(0, |c| c.count)
}

fn municipality_count(db: &Database, code: &str) -> u32 {
    municipality_overview::list(db.conn()).unwrap().into_iter().find(|m| m.code == code).unwrap().examples
}

#[test]
fn the_example_counts_follow_every_way_examples_change() {
    let mut db = Database::open_in_memory().unwrap();
    assert_counts_hold(&db, "seeding");
    let themes: Vec<String> = examples::themes::list(db.conn()).unwrap().into_iter().map(|t| t.id).collect();
    // Falun and Borlänge are both in Dalarna (20): an example from both counts once for the region.
    let both =
        db.write(|tx| examples::create(tx, &example("Gemensam mottagning", &["2080", "2081"], &themes[..2]))).unwrap();
    let are = db.write(|tx| examples::create(tx, &example("Väg in i Åre", &["2321"], &themes[1..2]))).unwrap();
    assert_counts_hold(&db, "adding examples");
    assert_eq!(region_count(&db, "20"), 1, "one example in Dalarna, from two of its municipalities");
    assert_eq!((municipality_count(&db, "2080"), municipality_count(&db, "2081")), (1, 1));
    let overview = examples::overview(db.conn()).unwrap();
    assert_eq!(overview.total, 2);
    assert_eq!(overview.per_theme.iter().find(|c| c.key == themes[1]).map(|c| c.count), Some(2));

    // Moving one municipality out of the region keeps the region's count; moving both drops it.
    db.write(|tx| examples::update(tx, &both.id, &example("Gemensam mottagning", &["2080", "2321"], &themes[..1])))
        .unwrap();
    assert_counts_hold(&db, "an edit that changes municipalities and themes");
    assert_eq!(region_count(&db, "20"), 1);
    db.write(|tx| examples::update(tx, &both.id, &example("Gemensam mottagning", &["2321"], &themes[..1]))).unwrap();
    assert_counts_hold(&db, "an edit that leaves the region");
    assert_eq!(region_count(&db, "20"), 0);
    assert_eq!(municipality_count(&db, "2321"), 2);

    db.write(|tx| examples::delete(tx, &are.id)).unwrap();
    assert_counts_hold(&db, "a deletion (the links go by cascade)");
    assert_eq!(examples::overview(db.conn()).unwrap().total, 1);

    // The exchange writes rows itself; the counts follow it on the receiving installation.
    let bundle =
        exchange::export_bundle(&mut db, ExportOptions { scope: Scope::Network, ..Default::default() }).unwrap().0;
    let mut other = Database::open_in_memory().unwrap();
    exchange::apply_import(&mut other, &bundle, exchange::Acceptance::host()).unwrap();
    assert_counts_hold(&other, "a network import");
    assert_eq!(examples::overview(other.conn()).unwrap().total, 1);
}

#[test]
fn the_counts_of_generated_scale_data_are_right_too() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let size = natverk_core::demo::DemoSize { examples: 400, members: 60, meetings: 12, active_percent: 85, seed: 5 };
    natverk_core::demo::generate(&mut db, &size).unwrap();
    assert_counts_hold(&db, "generating scale data");
    drop(db);
    // And after reopening: what was kept was committed.
    assert_counts_hold(&fixture.open(), "reopening");
}

#[test]
fn the_start_page_lists_match_the_whole_list_at_any_moment() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let size = natverk_core::demo::DemoSize { examples: 5, members: 40, meetings: 40, active_percent: 85, seed: 9 };
    natverk_core::demo::generate(&mut db, &size).unwrap();
    let all = meetings::list(db.conn()).unwrap();
    let mut moments: Vec<DateTime<Utc>> =
        vec!["1990-01-01T00:00:00Z".parse().unwrap(), "2100-01-01T00:00:00Z".parse().unwrap()];
    // Just before, during and at the end of every tenth meeting.
    for meeting in all.iter().step_by(10) {
        moments.extend([meeting.start_utc - chrono::Duration::seconds(1), meeting.start_utc, meeting.end_utc]);
    }
    for now in moments {
        let overview = meetings::overview(db.conn(), now).unwrap();
        let (past, upcoming): (Vec<_>, Vec<_>) = all.iter().partition(|m| m.end_utc < now);
        let ids = |list: &[meetings::Meeting]| list.iter().map(|m| m.id.clone()).collect::<Vec<_>>();
        let expected_upcoming: Vec<String> = upcoming.iter().take(5).map(|m| m.id.clone()).collect();
        let expected_past: Vec<String> = past.iter().rev().take(5).map(|m| m.id.clone()).collect();
        assert_eq!(ids(&overview.upcoming), expected_upcoming, "upcoming at {now}");
        assert_eq!(ids(&overview.past), expected_past, "past at {now}");
        assert_eq!((overview.upcoming_count, overview.past_count), (upcoming.len(), past.len()), "counts at {now}");
        let next = upcoming.iter().find(|m| m.status == meetings::MeetingStatus::Scheduled).map(|m| m.id.clone());
        assert_eq!(overview.next.map(|m| m.id), next, "next meeting at {now}");
    }
}
