//! Opening the database: a small protocol of identity check, pragmas, migrations and seeding; and
//! the one way to write ([`Database::write`]).
//!
//! Every connection gets the same pragmas (defensive mode, `trusted_schema = OFF`, WAL, foreign
//! keys, busy timeout, full sync) and the Swedish collation (`connection.rs`). On Unix the file
//! and its `-wal`/`-shm` are readable by their owner only, and folders made for it are private. Migrations run together in one transaction; the first one also seeds reference
//! data and the network's 2024 meetings, so seeding happens exactly once per database. A database
//! for another network ([`Database::create_for_other_network`]) is seeded without FSS's data.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction};

use super::backup::OtherInstallation;
use super::connection::configure_connection;
use super::keys::InstallationKey;
use super::migrations::{latest_schema_version, user_version, APPLICATION_ID};
use super::progress::{Progress, Silent};
use super::{backup, files, migrations};
use crate::error::{Error, Result};

/// The file name of the database inside the app's data folder.
pub const DATABASE_FILE_NAME: &str = "natverket.sqlite3";

/// The app's identifier; the desktop shell's data folder is named after it.
pub const APP_IDENTIFIER: &str = "se.fss.natverket";

/// The database file the desktop app uses: `<data dir>/se.fss.natverket/natverket.sqlite3`
/// (on Linux `~/.local/share/se.fss.natverket/`), the same folder Tauri's `app_data_dir` gives.
pub fn default_database_path() -> Option<PathBuf> {
    dirs::data_dir().map(|dir| dir.join(APP_IDENTIFIER).join(DATABASE_FILE_NAME))
}

/// An open, migrated and seeded database.
pub struct Database {
    conn: Connection,
    path: Option<PathBuf>,
    /// This installation's signing key: next to the database file, or made afresh in memory.
    key: InstallationKey,
}

impl Database {
    /// Opens the database at `path`, creating the file and its folder if needed (a new file is
    /// seeded as the FSS network's database).
    pub fn open(path: &Path) -> Result<Self> {
        Self::open_seeded(path, Seed::FssNetwork)
    }

    /// Creates the database of another network than FSS's at `path` (which must not exist yet):
    /// reference data and the network `network_id` named `network_name`, no meetings or themes.
    pub fn create_for_other_network(path: &Path, network_id: &str, network_name: &str) -> Result<Self> {
        if path.exists() {
            return Err(Error::CannotOpen {
                path: path.to_path_buf(),
                reason: "det finns redan en fil med det namnet".into(),
            });
        }
        Self::open_seeded(path, Seed::OtherNetwork { id: network_id, name: network_name })
    }

    /// An in-memory database of another network (see [`Database::create_for_other_network`]): to
    /// preview what a received network would hold before anything is written to disk.
    pub fn open_in_memory_for_other_network(network_id: &str, network_name: &str) -> Result<Self> {
        Self::prepare(Connection::open_in_memory()?, None, Seed::OtherNetwork { id: network_id, name: network_name })
    }

    fn open_seeded(path: &Path, seed: Seed<'_>) -> Result<Self> {
        let cannot_open = |reason: String| Error::CannotOpen { path: path.to_path_buf(), reason };
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => return Err(cannot_open("det är en mapp, inte en fil".into())),
            Ok(meta) if meta.permissions().readonly() => return Err(Error::ReadOnly { path: path.to_path_buf() }),
            Ok(_) => {}
            Err(_) => {
                if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty() && !p.exists()) {
                    files::create_private_folder(folder)
                        .map_err(|e| cannot_open(format!("mappen {} kunde inte skapas ({e})", folder.display())))?;
                }
                // Made private before SQLite writes anything into it (SQLite gives -wal and -shm the same
                // mode). If this fails, SQLite's own attempt below reports why in the usual words.
                let _ = files::create_new_private(path);
            }
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| classify_open_error(path, e))?;
        let database = Self::prepare(conn, Some(path.to_path_buf()), seed).map_err(|e| match e {
            Error::Database(inner) => classify_open_error(path, inner),
            other => other,
        })?;
        // A file made by an earlier version, or copied in, may be readable by others. Now that it is
        // known to be ours, make it and its journals private; a file someone else owns stays as it is.
        for suffix in ["", "-wal", "-shm"] {
            let _ = files::make_private(Path::new(&format!("{}{suffix}", path.display())));
        }
        Ok(database)
    }

    /// A private in-memory database, migrated and seeded: for tests and dry runs.
    pub fn open_in_memory() -> Result<Self> {
        Self::prepare(Connection::open_in_memory()?, None, Seed::FssNetwork)
    }

    fn prepare(mut conn: Connection, path: Option<PathBuf>, seed: Seed<'_>) -> Result<Self> {
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
            backup::backup_now(&conn, database_path, backup::Reason::BeforeMigration, Utc::now())?;
        }
        match seed {
            Seed::FssNetwork => migrations::to_latest(&mut conn)?,
            Seed::OtherNetwork { id, name } => migrations::to_latest_for_other_network(&mut conn, id, name)?,
        }
        if path.is_some() && found > 0 && found < supported {
            // An upgrade can leave hundreds of megabytes in the write-ahead log (a rebuilt search
            // index); moved into the file now, later starts need not read it back every time.
            conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        }
        // The key lives next to the database file (a bare file name means the current folder); an
        // in-memory database gets a key of its own for as long as it lives.
        let key = match path.as_deref().map(|file| file.parent().unwrap_or(Path::new(""))) {
            Some(folder) if folder.as_os_str().is_empty() => InstallationKey::in_folder(Path::new("."))?,
            Some(folder) => InstallationKey::in_folder(folder)?,
            None => InstallationKey::generate()?,
        };
        Ok(Database { conn, path, key })
    }

    /// Replaces the whole database with a validated backup (see [`backup::inspect`] for what is
    /// checked; a file with an extra or altered trigger, view, table or index is refused). This
    /// installation keeps its own identity (the `installation` row). A backup made by another
    /// installation is refused unless `other` is [`OtherInstallation::Allow`]. The current state is
    /// saved as a backup first, so a restore can itself be undone. Older backups are upgraded to the
    /// current schema before they replace anything.
    pub fn restore_from(&mut self, file: &Path, now: DateTime<Utc>, other: OtherInstallation) -> Result<()> {
        self.restore_from_with(file, now, other, &Silent)
    }

    /// [`Database::restore_from`], reporting its steps to `progress`. It can be stopped until the
    /// current state is saved; the replacement itself then completes.
    pub fn restore_from_with(
        &mut self,
        file: &Path,
        now: DateTime<Utc>,
        other: OtherInstallation,
        progress: &dyn Progress,
    ) -> Result<()> {
        let staged = backup::stage_restore(&self.conn, self.path.as_deref(), file, other, progress)?;
        if let Some(database_path) = self.path.as_deref() {
            backup::backup_now_with(&self.conn, database_path, backup::Reason::BeforeRestore, now, progress)?;
        }
        // Every page of this database is replaced with the staged copy's, in one step.
        staged.replace(&mut self.conn, progress)?;
        drop(staged);
        migrations::to_latest(&mut self.conn)
    }

    /// What the backup `file` holds and whether this installation made it (see [`backup::inspect`]).
    pub fn inspect_backup(&self, file: &Path) -> Result<backup::BackupInfo> {
        backup::inspect(&self.conn, file)
    }

    /// The connection, for reads. Writes go through [`Database::write`]: every function that
    /// changes data takes the `&Transaction` it hands out.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Gives back the memory SQLite keeps for this connection's page cache (`PRAGMA shrink_memory`).
    /// The pages a view read are read again from the file, which the system keeps cached, when a
    /// later query needs them. The shell calls this once the first view is on screen, so that an
    /// app left open all month does not keep what startup read (Firefox's storage layer shrinks
    /// its connections the same way when memory runs short).
    pub fn release_cache_memory(&self) -> Result<()> {
        self.conn.execute_batch("PRAGMA shrink_memory")?;
        Ok(())
    }

    /// Runs `work` in one immediate transaction: everything it writes lands, or nothing does.
    pub fn write<T>(&mut self, work: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let value = work(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Runs `work` in a transaction that is always rolled back: a preview that runs the real
    /// writes and shows exactly what they would do, leaving the database as it was.
    pub fn write_then_roll_back<T>(&self, work: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let tx = self.conn.unchecked_transaction()?;
        let value = work(&tx);
        tx.rollback()?;
        value
    }

    /// This installation's signing key (bundles are signed with it).
    pub fn key(&self) -> &InstallationKey {
        &self.key
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

/// What a new database is seeded with (an existing one is only upgraded; its seed ran long ago).
#[derive(Clone, Copy)]
enum Seed<'a> {
    /// The FSS network "Första linjens socialtjänst" with its themes and 2024 meetings.
    FssNetwork,
    /// A network of the user's own, or one received from its hosts.
    OtherNetwork { id: &'a str, name: &'a str },
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

/// Turns SQLite's open-time failures into errors a person can act on.
fn classify_open_error(path: &Path, error: rusqlite::Error) -> Error {
    let path = path.to_path_buf();
    match error.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => Error::NotADatabase { path },
        Some(ErrorCode::ReadOnly) => Error::ReadOnly { path },
        Some(ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => Error::CannotOpen {
            path,
            reason: "filen eller dess mapp går inte att öppna; kontrollera behörigheterna".into(),
        },
        _ => Error::Database(error),
    }
}
