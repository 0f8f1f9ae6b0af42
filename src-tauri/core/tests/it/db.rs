//! Opening databases: creation, migration, idempotent seeding and clear errors for bad files.

use natverk_core::store::{latest_schema_version, APPLICATION_ID};
use natverk_core::{Database, Error};

use crate::support::{snapshot, TempDatabase};

#[test]
fn opening_a_new_file_creates_migrates_and_seeds_it() {
    let fixture = TempDatabase::new();
    let db = fixture.open();
    assert_eq!(db.schema_version().unwrap(), latest_schema_version());
    let count = |table: &str| -> i64 {
        db.conn().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
    };
    assert_eq!(count("municipalities"), 290);
    assert_eq!(count("regions"), 21);
    assert_eq!(count("meetings"), 5);
    assert_eq!(count("themes"), 8);
    assert_eq!(count("network"), 1);
    assert_eq!(count("installation"), 1);
    let journal: String = db.conn().pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
    assert_eq!(journal, "wal");
    let foreign_keys: bool = db.conn().pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
    assert!(foreign_keys);
}

#[test]
fn opening_the_same_database_again_changes_nothing_and_duplicates_no_seed_data() {
    let fixture = TempDatabase::new();
    let before = snapshot(&fixture.open());
    let after = snapshot(&fixture.open());
    let again = snapshot(&fixture.open());
    assert_eq!(before, after, "a second open must be a no-op");
    assert_eq!(after, again);
}

#[test]
fn a_deleted_seed_meeting_stays_deleted_after_reopening() {
    let fixture = TempDatabase::new();
    fixture.open().conn().execute("DELETE FROM meetings WHERE local_date = '2024-03-26'", []).unwrap();
    let db = fixture.open();
    let count: i64 = db.conn().query_row("SELECT count(*) FROM meetings", [], |r| r.get(0)).unwrap();
    assert_eq!(count, 4, "seeding happens once per database, not on every open");
}

#[test]
fn seeded_records_have_the_same_ids_in_every_installation() {
    let ids = |db: &Database, sql: &str| -> Vec<String> {
        db.conn().prepare(sql).unwrap().query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
    };
    let (a, b) = (Database::open_in_memory().unwrap(), Database::open_in_memory().unwrap());
    for sql in ["SELECT id FROM meetings ORDER BY id", "SELECT id FROM themes ORDER BY id", "SELECT id FROM network"] {
        assert_eq!(ids(&a, sql), ids(&b, sql), "{sql}");
    }
    assert_ne!(
        ids(&a, "SELECT id FROM installation"),
        ids(&b, "SELECT id FROM installation"),
        "each installation is its own"
    );
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_untouched() {
    let fixture = TempDatabase::new();
    let content = "namn;e-post\nÅsa Öberg;asa@kommun.se\n".repeat(100);
    std::fs::write(&fixture.path, &content).unwrap();
    let error = Database::open(&fixture.path).err().expect("a CSV file is not a database");
    assert!(matches!(error, Error::NotADatabase { .. }), "{error:?}");
    assert!(error.to_string().contains("är inte en databas för Nätverket"), "{error}");
    assert_eq!(std::fs::read_to_string(&fixture.path).unwrap(), content);
}

#[test]
fn another_programs_sqlite_database_is_refused_and_left_untouched() {
    let fixture = TempDatabase::new();
    {
        let other = rusqlite::Connection::open(&fixture.path).unwrap();
        other.execute_batch("CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('kanelbulle');").unwrap();
    }
    let error = Database::open(&fixture.path).err().expect("someone else's database");
    assert_eq!(error.kind(), "not_a_database");
    let other = rusqlite::Connection::open(&fixture.path).unwrap();
    let tables: i64 = other.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0)).unwrap();
    assert_eq!(tables, 1, "no tables of ours were added");
}

#[test]
fn a_read_only_file_gives_a_clear_error() {
    let fixture = TempDatabase::new();
    drop(fixture.open());
    let mut permissions = std::fs::metadata(&fixture.path).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&fixture.path, permissions).unwrap();
    let error = Database::open(&fixture.path).err().expect("read-only file");
    assert_eq!(error.kind(), "read_only");
    assert!(error.to_string().contains("skrivskyddad"), "{error}");
}

#[test]
fn a_folder_in_place_of_the_file_gives_a_clear_error() {
    let fixture = TempDatabase::new();
    std::fs::create_dir(&fixture.path).unwrap();
    let error = Database::open(&fixture.path).err().expect("a folder is not a database file");
    assert_eq!(error.kind(), "cannot_open");
}

#[test]
fn a_database_from_a_newer_version_of_the_app_is_refused() {
    let fixture = TempDatabase::new();
    drop(fixture.open());
    {
        let raw = rusqlite::Connection::open(&fixture.path).unwrap();
        raw.pragma_update(None, "user_version", latest_schema_version() + 1).unwrap();
    }
    let error = Database::open(&fixture.path).err().expect("newer schema");
    assert!(matches!(error, Error::SchemaTooNew { .. }), "{error:?}");
    assert!(error.to_string().contains("nyare version"), "{error}");
}

#[test]
fn the_file_is_marked_as_natverkets_database() {
    let fixture = TempDatabase::new();
    let db = fixture.open();
    let id: i64 = db.conn().pragma_query_value(None, "application_id", |r| r.get(0)).unwrap();
    assert_eq!(id, APPLICATION_ID);
}

#[test]
fn missing_folders_on_the_way_to_the_file_are_created() {
    let fixture = TempDatabase::new();
    let nested = fixture.dir.path().join("a/b/c/natverket.sqlite3");
    Database::open(&nested).expect("folders are created");
    assert!(nested.exists());
}

#[test]
fn an_unexpected_database_failure_is_shown_in_swedish_and_its_sqlite_text_is_kept_for_the_log() {
    let db = Database::open_in_memory().unwrap();
    let sqlite_error = db.conn().execute("INSERT INTO no_such_table VALUES (1)", []).unwrap_err();
    let sqlite_text = sqlite_error.to_string();
    let error = Error::from(sqlite_error);
    assert!(!error.to_string().contains(&sqlite_text), "the message a person sees: {error}");
    assert!(!error.to_string().contains("no_such_table"), "no SQL in the message: {error}");
    assert!(error.to_string().contains("databasen"), "{error}");
    assert_eq!(error.kind(), "database");
    assert_eq!(error.internal_detail().as_deref(), Some(sqlite_text.as_str()), "the log keeps SQLite's words");
}

#[test]
fn an_upgrade_leaves_nothing_in_the_write_ahead_log_for_the_next_start_to_read() {
    let fixture = TempDatabase::new();
    natverk_core::store::create_database_file_at_schema_version(&fixture.path, 3).unwrap();
    let db = fixture.open();
    assert_eq!(db.schema_version().unwrap(), latest_schema_version());
    let wal = fixture.path.with_file_name("natverket.sqlite3-wal");
    let wal_bytes = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
    assert_eq!(wal_bytes, 0, "the upgrade's pages were moved into the database file while it is still open");
}

/// Bytes of page cache the connection holds now (`SQLITE_DBSTATUS_CACHE_USED`).
fn page_cache_bytes(db: &Database) -> i32 {
    let (mut current, mut highest) = (0, 0);
    // SAFETY: the handle belongs to the open connection `db` borrows for the whole call, and the
    // two out-pointers point to live integers.
    let status = unsafe {
        rusqlite::ffi::sqlite3_db_status(
            db.conn().handle(),
            rusqlite::ffi::SQLITE_DBSTATUS_CACHE_USED,
            &mut current,
            &mut highest,
            0,
        )
    };
    assert_eq!(status, rusqlite::ffi::SQLITE_OK);
    current
}

#[test]
fn releasing_cache_memory_after_the_first_view_frees_the_pages_read_and_the_data_still_reads_the_same() {
    let fixture = TempDatabase::new();
    let db = fixture.open();
    let read_everything = |db: &Database| snapshot(db);
    let before = read_everything(&db);
    let cached = page_cache_bytes(&db);
    assert!(cached > 100_000, "reading every table fills the page cache ({cached} bytes)");

    db.release_cache_memory().unwrap();
    let released = page_cache_bytes(&db);
    assert!(released < cached / 4, "the page cache is given back: {cached} bytes before, {released} after");
    assert_eq!(read_everything(&db), before, "what is read afterwards is the same");
}
