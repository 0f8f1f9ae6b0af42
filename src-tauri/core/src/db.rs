//! Opening the database: a small protocol of identity check, pragmas, migrations and seeding.
//!
//! Every connection gets the same pragmas (WAL, foreign keys, busy timeout, full sync) and the
//! Swedish collation. Migrations are append-only, run together in one transaction and count in
//! `PRAGMA user_version`; the first one also seeds reference data and the network's 2024 meetings,
//! so seeding happens exactly once per database however often it is opened.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::Duration;

use chrono::{SecondsFormat, Utc};
use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction};
use rusqlite_migration::{HookError, Migrations, M};

use crate::collation;
use crate::error::{Error, Result};
use crate::seed;

/// The file name of the database inside the app's data folder.
pub const DATABASE_FILE_NAME: &str = "natverket.sqlite3";

/// The app's identifier; the desktop shell's data folder is named after it.
pub const APP_IDENTIFIER: &str = "se.fss.natverket";

/// `PRAGMA application_id` of Nätverket's databases ('NATV').
pub const APPLICATION_ID: i64 = 0x4E41_5456;

/// The migrations, in order. Append only: never edit or remove an entry once released.
fn migration_list() -> Vec<M<'static>> {
    vec![
        M::up_with_hook(include_str!("../migrations/0001_schema.sql"), seed_hook),
        M::up(include_str!("../migrations/0002_examples.sql")),
        M::up(include_str!("../migrations/0005_exchange.sql")),
        M::up(include_str!("../migrations/0006_search_facets.sql")),
    ]
}

static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| Migrations::new(migration_list()));

fn seed_hook(tx: &Transaction) -> std::result::Result<(), HookError> {
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    seed::seed_new_database(tx).map_err(|error| match error {
        Error::Database(inner) => HookError::RusqliteError(inner),
        other => HookError::Hook(other.to_string()),
    })
}

/// The schema version this build creates and understands.
pub fn latest_schema_version() -> i64 {
    migration_list().len() as i64
}

/// The database file the desktop app uses: `<data dir>/se.fss.natverket/natverket.sqlite3`
/// (on Linux `~/.local/share/se.fss.natverket/`), the same folder Tauri's `app_data_dir` gives.
pub fn default_database_path() -> Option<PathBuf> {
    dirs::data_dir().map(|dir| dir.join(APP_IDENTIFIER).join(DATABASE_FILE_NAME))
}

/// The current time as stored in every `created_at`/`updated_at` column.
pub fn now_timestamp() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// An open, migrated and seeded database.
pub struct Database {
    conn: Connection,
    path: Option<PathBuf>,
}

impl Database {
    /// Opens the database at `path`, creating the file and its folder if needed.
    pub fn open(path: &Path) -> Result<Self> {
        let cannot_open = |reason: String| Error::CannotOpen { path: path.to_path_buf(), reason };
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => return Err(cannot_open("det är en mapp, inte en fil".into())),
            Ok(meta) if meta.permissions().readonly() => return Err(Error::ReadOnly { path: path.to_path_buf() }),
            Ok(_) => {}
            Err(_) => {
                if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                    std::fs::create_dir_all(folder)
                        .map_err(|e| cannot_open(format!("mappen {} kunde inte skapas ({e})", folder.display())))?;
                }
            }
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| classify_open_error(path, e))?;
        Self::prepare(conn, Some(path.to_path_buf())).map_err(|e| match e {
            Error::Database(inner) => classify_open_error(path, inner),
            other => other,
        })
    }

    /// A private in-memory database, migrated and seeded: for tests and dry runs.
    pub fn open_in_memory() -> Result<Self> {
        Self::prepare(Connection::open_in_memory()?, None)
    }

    fn prepare(mut conn: Connection, path: Option<PathBuf>) -> Result<Self> {
        configure_connection(&conn, path.is_some())?;
        let display_path = path.clone().unwrap_or_else(|| PathBuf::from(":memory:"));
        check_identity(&conn, &display_path)?;
        let found = user_version(&conn)?;
        let supported = latest_schema_version();
        if found > supported {
            return Err(Error::SchemaTooNew { found, supported });
        }
        if conn.is_readonly(rusqlite::MAIN_DB)? {
            return Err(Error::ReadOnly { path: display_path });
        }
        if let (Some(database_path), true) = (&path, found > 0 && found < supported) {
            // An upgrade is about to change the schema: keep a copy of the data as it was.
            crate::backup::backup_now(&conn, database_path, crate::backup::Reason::BeforeMigration, Utc::now())?;
        }
        MIGRATIONS.to_latest(&mut conn)?;
        Ok(Database { conn, path })
    }

    /// Replaces every page of this database with `file`'s (SQLite's backup API in reverse), then
    /// upgrades the schema if the file is older. Callers validate `file` first.
    pub(crate) fn replace_contents_with(&mut self, file: &Path) -> Result<()> {
        self.conn.restore(rusqlite::MAIN_DB, file, None::<fn(rusqlite::backup::Progress)>)?;
        MIGRATIONS.to_latest(&mut self.conn)?;
        Ok(())
    }

    /// The connection, for reads and single statements.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `work` in one immediate transaction: everything it writes lands, or nothing does.
    pub fn write<T>(&mut self, work: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let value = work(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Where the database lives, or `None` for an in-memory one.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        user_version(&self.conn)
    }
}

/// Pragmas every connection needs, set in one place.
fn configure_connection(conn: &Connection, on_disk: bool) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", true)?;
    if on_disk {
        // WAL lets the CLI read while the app writes; FULL sync keeps committed work across power cuts.
        conn.pragma_update_and_check(None, "journal_mode", "wal", |row| row.get::<_, String>(0))?;
        conn.pragma_update(None, "synchronous", "FULL")?;
    }
    collation::register(conn)?;
    Ok(())
}

/// Refuses SQLite files that belong to another program.
fn check_identity(conn: &Connection, path: &Path) -> Result<()> {
    let application_id: i64 = conn.pragma_query_value(None, "application_id", |row| row.get(0))?;
    if application_id == APPLICATION_ID {
        return Ok(());
    }
    let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))?;
    if application_id == 0 && objects == 0 {
        return Ok(()); // a new, empty file
    }
    Err(Error::NotADatabase { path: path.to_path_buf() })
}

fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

/// Turns SQLite's open-time failures into errors a person can act on.
fn classify_open_error(path: &Path, error: rusqlite::Error) -> Error {
    let path = path.to_path_buf();
    match error.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => Error::NotADatabase { path },
        Some(ErrorCode::ReadOnly) => Error::ReadOnly { path },
        Some(ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
            Error::CannotOpen { path, reason: error.to_string() }
        }
        _ => Error::Database(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_migration_list_is_valid() {
        MIGRATIONS.validate().expect("migrations must apply to an empty database");
    }
}
