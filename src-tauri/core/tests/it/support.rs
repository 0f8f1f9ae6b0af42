//! Shared fixtures: a temporary folder with a database path, and a freshly seeded database.

use std::path::PathBuf;

use natverk_core::Database;

/// A temporary folder that lives as long as the fixture, and the database path inside it.
pub struct TempDatabase {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl TempDatabase {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("natverket.sqlite3");
        TempDatabase { dir, path }
    }

    /// Opens (creating and seeding on first use) the database.
    pub fn open(&self) -> Database {
        Database::open(&self.path).expect("the test database opens")
    }
}

/// Every row of every table, as text: to prove that a failed operation changed nothing.
pub fn snapshot(db: &Database) -> Vec<String> {
    let conn = db.conn();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut rows = Vec::new();
    for table in tables {
        let mut statement = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let columns = statement.column_count();
        let mut query = statement.query([]).unwrap();
        while let Some(row) = query.next().unwrap() {
            let values: Vec<String> = (0..columns).map(|i| format!("{:?}", row.get_ref(i).unwrap())).collect();
            rows.push(format!("{table}: {}", values.join(" | ")));
        }
    }
    rows
}

/// Runs the `natverk` command line on `fixture`'s database (never the user's own, whatever
/// `NATVERK_DB` says) and returns what it printed.
pub fn natverk(fixture: &TempDatabase, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_natverk"))
        .arg("--db")
        .arg(&fixture.path)
        .args(args)
        .env_remove("NATVERK_DB")
        .output()
        .expect("natverk runs")
}

/// The whole network with contact data, as a host sends it to the others.
pub fn network_bundle(db: &mut Database) -> Vec<u8> {
    use natverk_core::exchange::{self, ExportOptions, Scope};
    exchange::export_bundle(db, ExportOptions { scope: Scope::Network, include_contacts: true, compress: true })
        .expect("export")
        .0
}

/// Imports `bytes`, the sender accepted as a host.
pub fn import(db: &mut Database, bytes: &[u8]) -> natverk_core::exchange::ImportReport {
    use natverk_core::exchange;
    exchange::apply_import(db, bytes, exchange::Acceptance::host()).expect("import")
}

/// SQL that takes away what migration 0015 added (the deletion notes and their triggers), for tests
/// that put a database back to an older schema.
pub const UNDO_DELETION_NOTES: &str = "DROP TABLE exchange_deleted_rows;
    DROP TRIGGER themes_deleted_for_exchange; DROP TRIGGER members_deleted_for_exchange;
    DROP TRIGGER meetings_deleted_for_exchange; DROP TRIGGER examples_deleted_for_exchange;
    DROP TRIGGER presentations_deleted_for_exchange; DROP TRIGGER medskick_deleted_for_exchange;
    DROP TRIGGER proposals_deleted_for_exchange; DROP TRIGGER attendance_deleted_for_exchange;";
