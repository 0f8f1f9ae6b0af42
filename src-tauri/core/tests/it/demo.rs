//! The scale data generator: reproducible, realistic, consistent with the schema's rules, and never mixed into real data.

use natverk_core::demo::{self, DemoSize};
use natverk_core::{meetings, Database};

use crate::support::{natverk, snapshot, TempDatabase};

fn small(seed: u64) -> DemoSize {
    DemoSize { examples: 1_200, members: 120, meetings: 30, active_percent: 85, seed }
}

fn count(db: &Database, sql: &str) -> i64 {
    db.conn().query_row(sql, [], |row| row.get(0)).unwrap()
}

#[test]
fn the_same_seed_gives_exactly_the_same_rows() {
    let (first, second) = (TempDatabase::new(), TempDatabase::new());
    let (mut a, mut b) = (first.open(), second.open());
    demo::generate(&mut a, &small(7)).unwrap();
    demo::generate(&mut b, &small(7)).unwrap();
    // Each database has its own installation id and seeding time by design; compare what the generator wrote.
    let generated = [
        "members:",
        "meetings:",
        "examples:",
        "example_municipalities:",
        "example_themes:",
        "presentations:",
        "attendance:",
    ];
    // Examples carry their database's own installation id by design; check it, then compare the rest.
    let normalise = |db: &Database| -> Vec<String> {
        let foreign: i64 = db
            .conn()
            .query_row(
                "SELECT count(*) FROM examples WHERE origin_installation_id <> (SELECT id FROM installation)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(foreign, 0, "generated examples come from this installation");
        db.conn().execute("UPDATE examples SET origin_installation_id = NULL", []).unwrap();
        snapshot(db).into_iter().filter(|row| generated.iter().any(|table| row.starts_with(table))).collect()
    };
    let (rows_a, rows_b) = (normalise(&a), normalise(&b));
    assert_eq!(rows_a.len(), rows_b.len(), "a seed must reproduce the same number of rows");
    let first_difference = rows_a.iter().zip(&rows_b).position(|(x, y)| x != y);
    assert_eq!(first_difference, None, "a seed must reproduce the same members, meetings and examples");
}

#[test]
fn another_seed_gives_other_data() {
    let (first, second) = (TempDatabase::new(), TempDatabase::new());
    let (mut a, mut b) = (first.open(), second.open());
    demo::generate(&mut a, &small(1)).unwrap();
    demo::generate(&mut b, &small(2)).unwrap();
    let titles = |db: &Database| -> Vec<String> {
        let mut statement = db.conn().prepare("SELECT title FROM examples ORDER BY rowid LIMIT 20").unwrap();
        statement.query_map([], |row| row.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
    };
    assert_ne!(titles(&a), titles(&b), "different seeds must not give the same examples");
}

#[test]
fn the_requested_amounts_are_written_and_linked() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let size = small(3);
    let summary = demo::generate(&mut db, &size).unwrap();
    assert_eq!(summary.examples, 1_200);
    assert_eq!(count(&db, "SELECT count(*) FROM examples"), 1_200);
    assert_eq!(count(&db, "SELECT count(*) FROM members"), 120);
    assert_eq!(count(&db, "SELECT count(*) FROM meetings"), 30 + 5, "the five seeded 2024 meetings stay");
    assert_eq!(summary.active_members, size.active_members());
    assert_eq!(
        count(&db, "SELECT count(*) FROM members WHERE status = 'active'"),
        102,
        "85 % of 120 members are active"
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM examples WHERE id NOT IN (SELECT example_id FROM example_municipalities)"),
        0,
        "every example belongs to at least one municipality"
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM examples WHERE id NOT IN (SELECT example_id FROM example_themes)"),
        0,
        "every example has at least one theme"
    );
    assert_eq!(count(&db, "SELECT count(*) FROM examples WHERE sharing = 'open'"), 300, "every fourth example is open");
    let open_only = natverk_core::examples::search::SearchQuery { sharing: "öppen".into(), ..Default::default() };
    let found = natverk_core::examples::search::search(db.conn(), &open_only).unwrap();
    assert_eq!(found.total, 300, "and the index knows which");
    assert_eq!(count(&db, "SELECT count(*) FROM attendance"), summary.attendance as i64);
    assert!(summary.attendance > 0 && summary.presentations > 0, "held meetings have attendance and presentations");
    assert_eq!(count(&db, "SELECT count(*) FROM pragma_foreign_key_check"), 0, "no dangling references");
    let network = natverk_core::settings::load(db.conn()).unwrap();
    assert!(!network.organizer_email.is_empty(), "a demo network has an organizer, so invitations work at once");
}

#[test]
fn generated_data_reads_like_the_network_s_own() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    demo::generate(&mut db, &small(4)).unwrap();
    let all_meetings = meetings::list(db.conn()).unwrap();
    let generated: Vec<_> = all_meetings.iter().filter(|m| m.title.starts_with("Nätverksträff: ")).collect();
    assert_eq!(generated.len(), 30);
    for meeting in &generated {
        assert!(meeting.when_label.ends_with("kl. 15.00–15.45"), "Swedish time label: {}", meeting.when_label);
        assert_eq!(meeting.time_zone, "Europe/Stockholm");
    }
    let municipality_in_title: i64 = count(
        &db,
        "SELECT count(*) FROM examples e JOIN example_municipalities em ON em.example_id = e.id
         JOIN municipalities m ON m.code = em.municipality_code WHERE e.title LIKE '% i ' || m.name",
    );
    assert!(municipality_in_title >= 1_200, "each title names one of the example's municipalities");
    let swedish_letters =
        count(&db, "SELECT count(*) FROM members WHERE name LIKE '%ö%' OR name LIKE '%å%' OR name LIKE '%ä%'");
    assert!(swedish_letters > 0, "names use å, ä and ö");
    let ascii_mail = count(&db, "SELECT count(*) FROM members WHERE email GLOB '*[^a-z0-9.@-]*'");
    assert_eq!(ascii_mail, 0, "e-mail addresses are plain ASCII");
}

#[test]
fn a_database_with_members_or_examples_is_refused_and_left_untouched() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    demo::generate(&mut db, &small(5)).unwrap();
    let before = snapshot(&db);
    let error = demo::generate(&mut db, &small(6)).unwrap_err();
    assert_eq!(error.kind(), "invalid");
    assert!(error.to_string().contains("ny databas"), "the message says to use a new file: {error}");
    assert_eq!(snapshot(&db), before, "nothing may be written into a database that is already in use");
}

#[test]
fn cli_demo_fills_a_new_database_and_reports_in_json() {
    let fixture = TempDatabase::new();
    let output = natverk(
        &fixture,
        &["demo", "--examples", "300", "--members", "40", "--meetings", "12", "--seed", "9", "--json"],
    );
    assert!(output.status.success(), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["examples"], 300);
    assert_eq!(json["members"], 40);
    assert_eq!(json["meetings"], 12);
    assert_eq!(json["active_members"], 34);

    let again = natverk(&fixture, &["demo", "--examples", "10"]);
    assert_eq!(again.status.code(), Some(1), "a second run into the same file fails");
    assert!(String::from_utf8_lossy(&again.stderr).contains("ny databas"), "and says why in Swedish");
}

#[test]
fn generated_examples_are_searchable() {
    let fixture = TempDatabase::new();
    let output = natverk(&fixture, &["demo", "--examples", "200", "--members", "40", "--meetings", "10", "--json"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let db = fixture.open();
    let indexed: i64 = db.conn().query_row("SELECT count(*) FROM examples_fts", [], |r| r.get(0)).unwrap();
    assert_eq!(indexed, 200, "every generated example is in the search index");
}

#[test]
fn a_generated_member_list_imports_cleanly_and_is_reproducible() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let csv = demo::members_csv(db.conn(), 300, 7).unwrap();
    assert_eq!(csv, demo::members_csv(db.conn(), 300, 7).unwrap(), "the same seed gives the same file");
    assert_ne!(csv, demo::members_csv(db.conn(), 300, 8).unwrap(), "another seed gives another file");
    let text = String::from_utf8(csv.clone()).unwrap();
    assert!(text.starts_with("Förnamn;Efternamn;Titel;Kommun;E-post;"), "Swedish headers, semicolons: {text:.80}");

    let applied = db.write(|tx| natverk_core::members::csv::apply(tx, &csv, None)).unwrap();
    assert_eq!((applied.added, applied.updated, applied.rejected), (300, 0, 0));
    assert_eq!(count(&db, "SELECT count(*) FROM members WHERE fss_member = 1 AND municipality_code IS NOT NULL"), 300);
}
