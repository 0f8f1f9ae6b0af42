//! Criterion benchmarks of the core on the scale the app must handle: 100,000 examples, 2,000 active members, 500 meetings.
//!
//! The database is generated once per run into `target/bench/` with `natverk_core::demo` (seed 1), so
//! every run measures the same rows. Run with `make bench`; results land in `target/criterion/`.
//!
//! Not measured yet, because the code lives on other branches (add a group here when it is merged):
//! full-text search over the examples (FTS5, `examples::search`), the first page of the members and
//! examples lists, importing an exchange bundle of 100,000 examples next to a raw SQLite bulk insert
//! of the same rows, and importing a CSV of 10,000 members.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

use chrono::{TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use natverk_core::demo::{self, DemoSize};
use natverk_core::{ics, meetings, municipalities, Database};

/// The bench database: `<workspace>/target/bench/natverk-bench.sqlite3`.
fn bench_database_path() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    target.join("bench").join("natverk-bench.sqlite3")
}

/// Generates the scale database afresh (once per benchmark run) and opens it.
fn scale_database() -> Database {
    let path = bench_database_path();
    for suffix in ["", "-wal", "-shm"] {
        let mut file = path.clone().into_os_string();
        file.push(suffix);
        let _ = std::fs::remove_file(file);
    }
    let _ = std::fs::remove_dir_all(path.with_file_name("backups"));
    let mut db = Database::open(&path).expect("the bench database opens");
    let size = DemoSize::default();
    let started = Instant::now();
    let summary = demo::generate(&mut db, &size).expect("the scale data is generated");
    eprintln!(
        "Bench database {}: {} examples, {} members ({} active), {} generated meetings, written in {:.1} s",
        path.display(),
        summary.examples,
        summary.members,
        summary.active_members,
        summary.meetings,
        started.elapsed().as_secs_f64()
    );
    assert_eq!(summary.active_members, 2_000, "the invitation goes to 2,000 active members");
    db
}

fn benches(c: &mut Criterion) {
    let db = scale_database();
    let conn = db.conn();
    let dtstamp = Utc.with_ymd_and_hms(2024, 6, 1, 12, 0, 0).unwrap();
    let all_meetings = meetings::list(conn).unwrap();
    let busiest = all_meetings.iter().find(|m| m.status == meetings::MeetingStatus::Scheduled).unwrap().id.clone();

    let mut lists = c.benchmark_group("list views");
    // The Träffar view loads every meeting (505: 500 generated + the five seeded 2024 meetings).
    lists.bench_function("meetings list (505 meetings)", |b| b.iter(|| black_box(meetings::list(conn).unwrap())));
    lists.bench_function("municipalities list (290)", |b| b.iter(|| black_box(municipalities::list(conn).unwrap())));
    lists.finish();

    let mut calendar = c.benchmark_group("calendar files");
    calendar.bench_function("invitation to 2,000 active members", |b| {
        b.iter(|| {
            let file = ics::invitation_for_meeting(conn, &busiest, dtstamp).unwrap();
            assert_eq!(file.attendee_emails.len(), 2_000);
            black_box(file)
        })
    });
    calendar
        .bench_function("feed of 505 meetings", |b| b.iter(|| black_box(ics::network_feed(conn, dtstamp).unwrap())));
    calendar.finish();
}

criterion_group!(core, benches);
criterion_main!(core);
