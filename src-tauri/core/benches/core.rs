//! Criterion benchmarks of the core on the scale the app must handle: 100,000 examples, 2,000 active members, 500 meetings.
//!
//! The database is generated once per run into `target/bench/` with `natverk_core::demo` (seed 1), so
//! every run measures the same rows. Run with `make bench`; criterion's reports land in
//! `target/criterion/`, and the two measurements criterion cannot express (search latency
//! percentiles, bundle import against a raw insert in the same run) are printed and written to
//! `target/criterion/summary.txt`.

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use natverk_core::demo::{self, DemoSize};
use natverk_core::examples::search::{self, SearchQuery};
use natverk_core::examples::{self, themes};
use natverk_core::exchange::{self, ExportOptions};
use natverk_core::members::{self, csv as members_csv};
use natverk_core::reports::municipalities as municipality_overview;
use natverk_core::sweden::municipalities;
use natverk_core::{calendar, meetings, Database};
use rusqlite::types::Value;

/// `<workspace>/target`, or `$CARGO_TARGET_DIR`.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"))
}

/// Removes a database file with its WAL files and backup folder.
fn remove_database(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut file = path.as_os_str().to_owned();
        file.push(suffix);
        let _ = std::fs::remove_file(file);
    }
    let _ = std::fs::remove_dir_all(path.with_file_name("backups"));
}

/// Generates the scale database afresh (once per benchmark run) and opens it.
fn scale_database() -> Database {
    let path = target_dir().join("bench").join("natverk-bench.sqlite3");
    remove_database(&path);
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

/// A new, seeded database in its own temporary folder (file-backed, like the app's).
fn fresh_database() -> (tempfile::TempDir, Database) {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let db = Database::open(&folder.path().join("natverk.sqlite3")).expect("a new database opens");
    (folder, db)
}

/// What people type into the Exempel search box: common and rare words, prefixes while typing,
/// two-word queries, words with å/ä/ö, and one that finds nothing.
const SEARCH_TEXTS: [&str; 16] = [
    "samverkan",
    "föräldrastöd",
    "unga vuxna",
    "uppsökande",
    "mottagning",
    "skolan",
    "våldsutsatta",
    "digital drop-in",
    "för",
    "sam",
    "budget skuld",
    "hemlöshet",
    "tolkar arabiska",
    "brukarenkät",
    "elevhälsa vårdcentralen",
    "kryptovaluta",
];

/// What Översikt, Exempel and Kommuner read for their first page, cold: the first query on a newly
/// opened connection (SQLite's page cache empty; the operating system's file cache warm), the median
/// of 20 openings each, and warm: the median of 200 calls on one connection.
fn first_pages_cold_and_warm(path: &Path, summary: &mut String) {
    let now = Utc.with_ymd_and_hms(2024, 6, 1, 12, 0, 0).unwrap();
    type FirstPage = fn(&rusqlite::Connection, chrono::DateTime<Utc>);
    let views: [(&str, FirstPage); 3] = [
        ("Översikt", |conn, now| {
            black_box(meetings::overview(conn, now).unwrap());
        }),
        ("Exempel", |conn, _| {
            black_box(examples::overview(conn).unwrap());
            black_box(search::search(conn, &SearchQuery::default()).unwrap());
        }),
        ("Kommuner", |conn, _| {
            black_box(municipality_overview::list(conn).unwrap());
        }),
    ];
    let _ = writeln!(summary, "First page data, 100,000 examples: cold (first query after opening) / warm");
    for (view, read) in views {
        let cold = median(
            (0..20)
                .map(|_| {
                    let db = Database::open(path).expect("the bench database opens");
                    let started = Instant::now();
                    read(db.conn(), now);
                    started.elapsed()
                })
                .collect(),
        );
        let db = Database::open(path).expect("the bench database opens");
        let warm = median(
            (0..200)
                .map(|_| {
                    let started = Instant::now();
                    read(db.conn(), now);
                    started.elapsed()
                })
                .collect(),
        );
        let line = format!(
            "  {view:<10} cold {:>6.2} ms   warm {:>6.2} ms",
            cold.as_secs_f64() * 1e3,
            warm.as_secs_f64() * 1e3
        );
        eprintln!("{line}");
        let _ = writeln!(summary, "{line}");
    }
}

/// p50 and p95 of one search per text and filter, repeated: the latency a person typing sees.
fn search_percentiles(db: &Database, summary: &mut String) {
    let conn = db.conn();
    let theme_ids: Vec<String> = themes::list(conn).unwrap().into_iter().map(|t| t.id).collect();
    let mut queries: Vec<SearchQuery> = Vec::new();
    for text in SEARCH_TEXTS {
        queries.push(SearchQuery { text: text.into(), ..SearchQuery::default() });
        queries.push(SearchQuery { text: text.into(), theme_id: theme_ids[0].clone(), ..SearchQuery::default() });
        queries.push(SearchQuery { text: text.into(), region_code: "01".into(), ..SearchQuery::default() });
    }
    // The second page of a common word, and the unfiltered list (newest first) the view opens with.
    queries.push(SearchQuery { text: "samverkan".into(), offset: 20, ..SearchQuery::default() });
    queries.push(SearchQuery::default());
    report_percentiles(conn, "search over 100,000 examples", &queries, summary);

    // The Delning filter: a quarter of the scale data is open, the rest inside the network, so one
    // level's token is in 25,000 index rows and the other's in 75,000.
    let mut shared: Vec<SearchQuery> = Vec::new();
    for sharing in ["öppen", "nätverket"] {
        for text in SEARCH_TEXTS {
            shared.push(SearchQuery { text: text.into(), sharing: sharing.into(), ..SearchQuery::default() });
        }
        shared.push(SearchQuery { sharing: sharing.into(), ..SearchQuery::default() });
        shared.push(SearchQuery { region_code: "01".into(), sharing: sharing.into(), ..SearchQuery::default() });
    }
    report_percentiles(conn, "search with the Delning filter", &shared, summary);
}

/// Runs each query once to warm the page cache, then 20 times, and prints p50, p95 and max.
fn report_percentiles(conn: &rusqlite::Connection, what: &str, queries: &[SearchQuery], summary: &mut String) {
    for query in queries {
        black_box(search::search(conn, query).unwrap()); // warm the page cache
    }
    let mut samples: Vec<Duration> = Vec::new();
    for _round in 0..20 {
        for query in queries {
            let started = Instant::now();
            let results = search::search(conn, query).unwrap();
            samples.push(started.elapsed());
            black_box(results);
        }
    }
    samples.sort();
    let percentile = |p: f64| samples[((samples.len() as f64 - 1.0) * p).round() as usize];
    let line = format!(
        "{what} ({} queries × 20): p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms (target p95 ≤ 10 ms)",
        queries.len(),
        percentile(0.50).as_secs_f64() * 1e3,
        percentile(0.95).as_secs_f64() * 1e3,
        percentile(1.0).as_secs_f64() * 1e3,
    );
    eprintln!("{line}");
    let _ = writeln!(summary, "{line}");
}

/// The tables a bundle of the whole network fills, parents first.
const BUNDLE_TABLES: [&str; 9] = [
    "members",
    "meetings",
    "meeting_hosts",
    "examples",
    "example_municipalities",
    "example_themes",
    "example_links",
    "presentations",
    "attendance",
];

/// Every row of the bundle's tables, read into memory before the raw insert is timed.
fn rows_of(conn: &rusqlite::Connection) -> Vec<(&'static str, Vec<Vec<Value>>)> {
    BUNDLE_TABLES
        .iter()
        .map(|table| {
            let mut statement = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
            let width = statement.column_count();
            let rows = statement
                .query_map([], |row| (0..width).map(|i| row.get::<_, Value>(i)).collect::<rusqlite::Result<Vec<_>>>())
                .unwrap()
                .collect::<rusqlite::Result<Vec<_>>>()
                .unwrap();
            (*table, rows)
        })
        .collect()
}

/// The baseline: the same rows written with one prepared INSERT per table in one transaction, and
/// (with `index`) the search index filled with the same statement the import uses.
fn raw_insert(db: &mut Database, rows: &[(&'static str, Vec<Vec<Value>>)], index: bool) {
    let tx = db.conn().unchecked_transaction().unwrap();
    for (table, table_rows) in rows {
        let Some(width) = table_rows.first().map(Vec::len) else { continue };
        let placeholders = vec!["?"; width].join(", ");
        // The five seeded 2024 meetings (and their hosts) exist in both databases.
        let mut insert = tx.prepare(&format!("INSERT OR REPLACE INTO {table} VALUES ({placeholders})")).unwrap();
        for row in table_rows {
            insert.execute(rusqlite::params_from_iter(row)).unwrap();
        }
    }
    if index {
        examples::index::rebuild_index(&tx).unwrap();
    }
    tx.commit().unwrap();
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// Imports the network's bundle (100,000 examples) into a new database, next to a raw insert of
/// the same rows, alternating, and prints the medians and their ratio.
fn bundle_import_against_raw_insert(db: &mut Database, summary: &mut String) {
    let options = ExportOptions::default();
    let (bundle, exported) = exchange::export_bundle(db, options).unwrap();
    let rows = rows_of(db.conn());
    let row_count: usize = rows.iter().map(|(_, rows)| rows.len()).sum();
    let mut import_times = Vec::new();
    let mut raw_times = Vec::new();
    let mut raw_rows_only_times = Vec::new();
    for _round in 0..3 {
        let (_folder, mut target) = fresh_database();
        let started = Instant::now();
        let report = exchange::apply_import(&mut target, &bundle, exchange::Acceptance::host()).unwrap();
        import_times.push(started.elapsed());
        assert_eq!(report.added.iter().filter(|change| change.entity == "examples").count(), 100_000);

        let (_folder, mut target) = fresh_database();
        let started = Instant::now();
        raw_insert(&mut target, &rows, true);
        raw_times.push(started.elapsed());
        let examples: i64 = target.conn().query_row("SELECT count(*) FROM examples", [], |row| row.get(0)).unwrap();
        assert_eq!(examples, 100_000);

        let (_folder, mut target) = fresh_database();
        let started = Instant::now();
        raw_insert(&mut target, &rows, false);
        raw_rows_only_times.push(started.elapsed());
    }
    let (import, raw, raw_rows_only) = (median(import_times), median(raw_times), median(raw_rows_only_times));
    let lines = [
        format!(
            "bundle of the network ({} examples, {:.1} MB gzip): import {:.2} s, {:.0} rows/s",
            exported.counts.get("examples").copied().unwrap_or_default(),
            exported.bytes as f64 / 1e6,
            import.as_secs_f64(),
            row_count as f64 / import.as_secs_f64()
        ),
        format!(
            "raw SQLite insert of the same {row_count} rows + search index: {:.2} s, {:.0} rows/s",
            raw.as_secs_f64(),
            row_count as f64 / raw.as_secs_f64()
        ),
        format!(
            "raw SQLite insert of the same rows without the search index: {:.2} s, {:.0} rows/s",
            raw_rows_only.as_secs_f64(),
            row_count as f64 / raw_rows_only.as_secs_f64()
        ),
        format!(
            "bundle import speed / raw insert speed: {:.2} with the index built in both, {:.2} against rows only (target ≥ 0.5; medians of 3 alternating runs)",
            raw.as_secs_f64() / import.as_secs_f64(),
            raw_rows_only.as_secs_f64() / import.as_secs_f64()
        ),
    ];
    for line in lines {
        eprintln!("{line}");
        let _ = writeln!(summary, "{line}");
    }
}

fn benches(c: &mut Criterion) {
    let mut db = scale_database();
    // `cargo bench --bench core -- Kommuner` runs only the matching criterion benches, without the
    // (slow) percentile and import measurements; `-- "first page"` also prints the first pages cold
    // and warm; `make bench` runs everything.
    let filters: Vec<String> = std::env::args().skip(1).filter(|arg| !arg.starts_with('-')).collect();
    let only_some = !filters.is_empty();
    if filters.iter().any(|filter| "first page of each view".contains(filter.as_str())) {
        let mut summary = String::new();
        first_pages_cold_and_warm(&target_dir().join("bench").join("natverk-bench.sqlite3"), &mut summary);
    }
    if !only_some {
        let mut summary = String::new();
        first_pages_cold_and_warm(&target_dir().join("bench").join("natverk-bench.sqlite3"), &mut summary);
        search_percentiles(&db, &mut summary);
        bundle_import_against_raw_insert(&mut db, &mut summary);
        let summary_path = target_dir().join("criterion").join("summary.txt");
        let _ = std::fs::create_dir_all(summary_path.parent().unwrap_or(Path::new(".")));
        let _ = std::fs::write(&summary_path, &summary);
    }

    let conn = db.conn();
    let now = Utc.with_ymd_and_hms(2024, 6, 1, 12, 0, 0).unwrap();
    let all_meetings = meetings::list(conn).unwrap();
    let busiest = all_meetings.iter().find(|m| m.status == meetings::MeetingStatus::Scheduled).unwrap().id.clone();

    let mut searching = c.benchmark_group("search");
    for text in ["samverkan", "unga vuxna", "sam", "kryptovaluta"] {
        let query = SearchQuery { text: text.into(), ..SearchQuery::default() };
        searching
            .bench_function(format!("\"{text}\""), |b| b.iter(|| black_box(search::search(conn, &query).unwrap())));
    }
    searching.finish();

    // What each view loads before it can show its first page.
    let mut lists = c.benchmark_group("first page of each view");
    lists.bench_function("Översikt (meeting overview)", |b| {
        b.iter(|| black_box(meetings::overview(conn, now).unwrap()))
    });
    lists.bench_function("Träffar (505 meetings)", |b| b.iter(|| black_box(meetings::list(conn).unwrap())));
    lists.bench_function("Medlemmar (2,353 members)", |b| b.iter(|| black_box(members::list(conn).unwrap())));
    lists.bench_function("Exempel (overview and newest 20)", |b| {
        b.iter(|| {
            black_box(examples::overview(conn).unwrap());
            black_box(search::search(conn, &SearchQuery::default()).unwrap())
        })
    });
    lists.bench_function("Kommuner (290 with figures)", |b| {
        b.iter(|| black_box(municipality_overview::list(conn).unwrap()))
    });
    lists.bench_function("municipalities list (290)", |b| b.iter(|| black_box(municipalities::list(conn).unwrap())));
    lists.finish();

    let mut calendar = c.benchmark_group("calendar files");
    calendar.bench_function("invitation to 2,000 active members", |b| {
        b.iter(|| {
            let file = calendar::invitation_for_meeting(conn, &busiest, now).unwrap();
            assert_eq!(file.attendee_emails.len(), 2_000);
            black_box(file)
        })
    });
    calendar
        .bench_function("feed of 505 meetings", |b| b.iter(|| black_box(calendar::network_feed(conn, now).unwrap())));
    calendar.finish();

    let (_folder, csv_source) = fresh_database();
    let csv = demo::members_csv(csv_source.conn(), 10_000, 7).unwrap();
    let mut imports = c.benchmark_group("imports");
    imports.sample_size(10);
    imports.bench_function("CSV of 10,000 members into a new database", |b| {
        b.iter_batched(
            fresh_database,
            |(folder, mut target)| {
                let applied = target.write(|tx| members_csv::apply(tx, &csv, None)).unwrap();
                assert_eq!((applied.added, applied.rejected), (10_000, 0));
                (folder, target)
            },
            BatchSize::PerIteration,
        )
    });
    imports.finish();
}

criterion_group!(core, benches);
criterion_main!(core);
