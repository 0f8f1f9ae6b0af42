//! Backups and restore: copies that can be restored, refusals of files that are not backups, daily and pre-upgrade copies.

use chrono::{TimeZone, Utc};
use natverk_core::store::backup::{self, OtherInstallation, Reason};
use natverk_core::{settings, Database};

use crate::support::{snapshot, TempDatabase};

fn rename_network(db: &mut Database, name: &str) {
    let current = settings::load(db.conn()).unwrap();
    db.write(|tx| settings::save(tx, &settings::NetworkSettings { network_name: name.into(), ..current })).unwrap();
}

#[test]
fn deleting_the_database_and_restoring_the_latest_backup_brings_everything_back() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    rename_network(&mut db, "Första linjen – Norrland");
    db.conn().execute("DELETE FROM meetings WHERE local_date = '2024-03-26'", []).unwrap();
    let before = snapshot(&db);
    backup::backup_now(db.conn(), &fixture.path, Reason::Manual, Utc::now()).unwrap();
    drop(db);

    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", fixture.path.display()));
    }
    let latest = backup::list(&fixture.path).unwrap().remove(0);
    let mut fresh = fixture.open();
    assert_ne!(snapshot(&fresh), before, "a new database is seeded from scratch");
    let new_identity: Vec<String> =
        snapshot(&fresh).into_iter().filter(|row| row.starts_with("installation")).collect();
    // The new database is a new installation: its identity stays, everything else comes back.
    fresh.restore_from(&latest.path, Utc::now(), OtherInstallation::Allow).unwrap();
    let (identity, restored): (Vec<String>, Vec<String>) =
        snapshot(&fresh).into_iter().partition(|row| row.starts_with("installation"));
    let expected: Vec<String> = before.into_iter().filter(|row| !row.starts_with("installation")).collect();
    assert_eq!(restored, expected);
    assert_eq!(identity, new_identity);
    assert_eq!(settings::load(fresh.conn()).unwrap().network_name, "Första linjen – Norrland");
}

#[test]
fn a_restore_first_saves_the_current_state_so_it_can_be_undone() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let copy = fixture.dir.path().join("kopia.sqlite3");
    backup::write_backup(db.conn(), &copy).unwrap();
    rename_network(&mut db, "Ändrat efter kopian");
    db.restore_from(&copy, Utc::now(), OtherInstallation::Refuse).unwrap();
    let saved = backup::list(&fixture.path).unwrap();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].reason, "Före återställning");
    let undo = Database::open(&saved[0].path).unwrap();
    assert_eq!(settings::load(undo.conn()).unwrap().network_name, "Ändrat efter kopian");
}

#[test]
fn files_that_are_not_intact_backups_are_refused_and_nothing_changes() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let before = snapshot(&db);
    let text_file = fixture.dir.path().join("anteckningar.txt");
    std::fs::write(&text_file, "inte en databas\n".repeat(500)).unwrap();
    let other_program = fixture.dir.path().join("annan.sqlite3");
    rusqlite::Connection::open(&other_program)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let truncated = fixture.dir.path().join("avkortad.sqlite3");
    let good = fixture.dir.path().join("hel.sqlite3");
    backup::write_backup(db.conn(), &good).unwrap();
    let bytes = std::fs::read(&good).unwrap();
    std::fs::write(&truncated, &bytes[..bytes.len() / 3]).unwrap();
    for (file, words) in [
        (text_file, "ingen säkerhetskopia"),
        (other_program, "ingen säkerhetskopia"),
        (truncated, "skadad"),
        (fixture.dir.path().join("saknas.sqlite3"), "finns inte"),
    ] {
        let error = db.restore_from(&file, Utc::now(), OtherInstallation::Allow).unwrap_err();
        assert!(error.to_string().contains(words), "{}: {error}", file.display());
    }
    assert_eq!(snapshot(&db), before);
    assert!(backup::list(&fixture.path).unwrap().is_empty(), "no pre-restore copy is made for a refused file");
}

#[test]
fn the_automatic_backup_is_made_at_most_once_a_day_and_only_the_newest_are_kept() {
    let fixture = TempDatabase::new();
    let db = fixture.open();
    let day = |d: u32, h: u32| Utc.with_ymd_and_hms(2024, 5, d, h, 0, 0).unwrap();
    assert!(backup::daily_backup_of_file(&fixture.path, day(1, 8)).unwrap().is_some());
    assert!(backup::daily_backup_of_file(&fixture.path, day(1, 17)).unwrap().is_none(), "one a day");
    for d in 2..=14 {
        backup::daily_backup_of_file(&fixture.path, day(d, 8)).unwrap();
    }
    backup::backup_now(db.conn(), &fixture.path, Reason::Manual, day(3, 12)).unwrap();
    let all = backup::list(&fixture.path).unwrap();
    let daily: Vec<_> = all.iter().filter(|b| b.reason.starts_with("Automatisk")).collect();
    assert_eq!(daily.len(), backup::KEEP_AUTOMATIC);
    assert!(daily[0].file_name.contains("20240514"), "newest first: {}", daily[0].file_name);
    assert!(all.iter().any(|b| b.reason == "Skapad för hand"), "manual backups are never pruned");
}

#[test]
fn opening_a_database_from_an_older_version_keeps_a_copy_before_upgrading() {
    let fixture = TempDatabase::new();
    drop(fixture.open());
    let latest = natverk_core::store::latest_schema_version();
    assert!(latest >= 2, "there is an older schema to upgrade from");
    assert!(backup::list(&fixture.path).unwrap().is_empty(), "no copy when nothing is upgraded");
    // A file one version older, as the previous build left it: the last migration runs after a copy is kept.
    let older = TempDatabase::new();
    natverk_core::store::create_database_file_at_schema_version(&older.path, latest - 1).unwrap();
    let upgraded = older.open();
    assert_eq!(upgraded.schema_version().unwrap(), latest);
    let copies = backup::list(&older.path).unwrap();
    assert!(copies.iter().any(|b| b.reason == "Före uppgradering av databasen"), "{copies:?}");
}

#[test]
fn the_daily_backup_can_be_made_through_its_own_read_only_connection_while_the_app_has_the_database_open() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    rename_network(&mut db, "Medan appen är öppen");
    let now = Utc.with_ymd_and_hms(2024, 6, 1, 9, 0, 0).unwrap();
    let copy = backup::daily_backup_of_file(&fixture.path, now).unwrap().expect("the first backup of the day");
    assert!(backup::daily_backup_of_file(&fixture.path, now).unwrap().is_none(), "one a day");
    let restored = Database::open(&copy).unwrap();
    assert_eq!(settings::load(restored.conn()).unwrap().network_name, "Medan appen är öppen");
    drop(db);
}

/// A copy of the database in `fixture` that `tamper` then changes with plain SQL.
fn tampered_copy(db: &Database, fixture: &TempDatabase, name: &str, tamper: &str) -> std::path::PathBuf {
    let copy = fixture.dir.path().join(name);
    backup::write_backup(db.conn(), &copy).unwrap();
    rusqlite::Connection::open(&copy).unwrap().execute_batch(tamper).unwrap();
    copy
}

#[test]
fn a_backup_with_an_extra_or_altered_trigger_view_table_or_index_is_refused_and_nothing_is_written() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let before = snapshot(&db);
    let cases = [
        (
            "trigger.sqlite3",
            "CREATE TRIGGER wipe AFTER UPDATE ON network BEGIN DELETE FROM members; END;",
            "trigger \"wipe\"",
        ),
        ("vy.sqlite3", "CREATE VIEW everyone AS SELECT email FROM members;", "vy \"everyone\""),
        ("tabell.sqlite3", "CREATE TABLE stash (x TEXT);", "tabell \"stash\""),
        (
            "index.sqlite3",
            "DROP INDEX municipalities_by_region; CREATE INDEX municipalities_by_region ON municipalities(name);",
            "ändrad index \"municipalities_by_region\"",
        ),
        ("kolumn.sqlite3", "ALTER TABLE members ADD COLUMN secret TEXT;", "ändrad tabell \"members\""),
    ];
    for (name, tamper, words) in cases {
        let file = tampered_copy(&db, &fixture, name, tamper);
        let info = db.inspect_backup(&file).unwrap_err();
        assert!(info.to_string().contains(words), "{name}: {info}");
        let error = db.restore_from(&file, Utc::now(), OtherInstallation::Allow).unwrap_err();
        assert!(error.to_string().contains("databasstruktur"), "{name}: {error}");
        assert!(error.to_string().contains(words), "{name}: {error}");
    }
    assert_eq!(snapshot(&db), before);
    assert!(backup::list(&fixture.path).unwrap().is_empty(), "no pre-restore copy is made for a refused file");
    let left: Vec<_> = std::fs::read_dir(fixture.dir.path().join("backups"))
        .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "nothing is staged for a refused file: {left:?}");
}

#[test]
fn restoring_another_installations_backup_is_named_first_and_keeps_this_installations_identity() {
    let (theirs, ours) = (TempDatabase::new(), TempDatabase::new());
    let mut other = theirs.open();
    rename_network(&mut other, "Nätverket i Norrbotten");
    other.write(|tx| natverk_core::exchange::save_identity(tx, "2580", "Kim i Luleå")).unwrap();
    let their_backup = backup::backup_now(other.conn(), &theirs.path, Reason::Manual, Utc::now()).unwrap();
    let their_id = natverk_core::exchange::identity(other.conn()).unwrap().id;

    let mut db = ours.open();
    db.write(|tx| natverk_core::exchange::save_identity(tx, "2180", "Alex i Göteborg")).unwrap();
    let our_identity = natverk_core::exchange::identity(db.conn()).unwrap();
    let before = snapshot(&db);

    let info = db.inspect_backup(&their_backup).unwrap();
    assert!(!info.same_installation);
    assert_eq!(info.installation_id.as_deref(), Some(their_id.as_str()));
    assert_eq!(info.network_name.as_deref(), Some("Nätverket i Norrbotten"));
    assert_eq!(info.counts.meetings, 5);
    assert!(info.created_at.is_some(), "a backup named by the app says when it was made");

    let refused = db.restore_from(&their_backup, Utc::now(), OtherInstallation::Refuse).unwrap_err();
    assert!(refused.to_string().contains("annan installation"), "{refused}");
    assert_eq!(snapshot(&db), before, "nothing is restored without consent");

    db.restore_from(&their_backup, Utc::now(), OtherInstallation::Allow).unwrap();
    assert_eq!(settings::load(db.conn()).unwrap().network_name, "Nätverket i Norrbotten", "their data is here");
    assert_eq!(natverk_core::exchange::identity(db.conn()).unwrap(), our_identity, "our identity stays");
    let own_backup = backup::list(&ours.path).unwrap().remove(0);
    assert!(db.inspect_backup(&own_backup.path).unwrap().same_installation, "the pre-restore copy is ours");
}

#[test]
fn a_backup_of_this_installation_is_described_as_its_own() {
    let fixture = TempDatabase::new();
    let db = fixture.open();
    let copy = fixture.dir.path().join("egen.sqlite3");
    backup::write_backup(db.conn(), &copy).unwrap();
    let info = db.inspect_backup(&copy).unwrap();
    assert!(info.same_installation);
    assert_eq!(info.schema_version, natverk_core::store::latest_schema_version());
    assert_eq!(info.network_name.as_deref(), Some("Första linjens socialtjänst"));
    assert_eq!((info.counts.members, info.counts.meetings), (0, 5));
    assert_eq!(info.created_at, None, "a file not named by the app has no known date");
}

/// Records every step it is shown; stops the work once it has seen `stop_after` steps, if given.
struct Recorder {
    steps: std::cell::RefCell<Vec<natverk_core::store::progress::Step>>,
    stop_after: Option<usize>,
}

impl natverk_core::store::progress::Progress for Recorder {
    fn report(&self, step: natverk_core::store::progress::Step) {
        self.steps.borrow_mut().push(step);
    }

    fn keep_going(&self) -> bool {
        self.stop_after.is_none_or(|most| self.steps.borrow().len() < most)
    }
}

/// A database large enough for the copy to take several steps (notes of about 6 MB in all).
fn large_database(fixture: &TempDatabase) -> Database {
    let mut db = fixture.open();
    db.write(|tx| {
        let notes = "Anteckning om första linjen. ".repeat(2_000);
        tx.execute("UPDATE meetings SET notes = ?1 || id", [&notes])?;
        for n in 0..100 {
            tx.execute(
                "INSERT INTO themes (id, name, description, created_at, updated_at)
                 VALUES (?1, ?2, ?3, '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')",
                (format!("t{n}"), format!("Tema {n}"), &notes),
            )?;
        }
        Ok(())
    })
    .unwrap();
    db
}

#[test]
fn a_backup_and_a_restore_report_their_pages_and_a_stopped_backup_leaves_no_file() {
    let fixture = TempDatabase::new();
    let mut db = large_database(&fixture);
    let watched = Recorder { steps: Default::default(), stop_after: None };
    let made = backup::backup_now_with(db.conn(), &fixture.path, Reason::Manual, Utc::now(), &watched).unwrap();
    let steps = watched.steps.take();
    assert!(steps.len() > 2, "a large copy is reported in several steps: {steps:?}");
    assert!(steps.windows(2).all(|pair| pair[0].done <= pair[1].done), "pages done only grow");
    let last = steps.last().unwrap();
    assert_eq!((last.done, last.what), (last.total, "Skapar säkerhetskopian"), "it ends at all pages");

    let stopper = Recorder { steps: Default::default(), stop_after: Some(2) };
    let destination = fixture.path.with_file_name("stoppad.sqlite3");
    let stopped = backup::write_backup_with(db.conn(), &destination, &stopper).unwrap_err();
    assert!(stopped.to_string().contains("Avbrutet"), "{stopped}");
    assert!(!destination.exists() && !destination.with_extension("partial").exists(), "nothing half-made is left");

    let restoring = Recorder { steps: Default::default(), stop_after: None };
    let before = snapshot(&db);
    db.restore_from_with(&made, Utc::now(), OtherInstallation::Allow, &restoring).unwrap();
    assert_eq!(snapshot(&db), before);
    let whats: Vec<&str> = restoring.steps.take().iter().map(|step| step.what).collect();
    for what in
        ["Kontrollerar säkerhetskopian", "Läser säkerhetskopian", "Skapar säkerhetskopian", "Återställer databasen"]
    {
        assert!(whats.contains(&what), "{what} in {whats:?}");
    }

    // Stopped before the current state is replaced, a restore changes nothing.
    db.write(|tx| tx.execute("DELETE FROM themes WHERE id = 't1'", []).map_err(Into::into)).unwrap();
    let now = snapshot(&db);
    let stopper = Recorder { steps: Default::default(), stop_after: Some(2) };
    assert!(db.restore_from_with(&made, Utc::now(), OtherInstallation::Allow, &stopper).is_err());
    assert_eq!(snapshot(&db), now);
}
