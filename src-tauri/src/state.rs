//! The shell's state: the open database, or the reason it could not be opened (shown in the UI instead of crashing).

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use natverk_core::store::{files, DATABASE_FILE_NAME};
use natverk_core::{Database, Transaction};

use crate::ipc_error::IpcError;

/// Environment variable that points the app (like the CLI) at another database file.
pub const DATABASE_ENV: &str = "NATVERK_DB";

pub struct AppState {
    database: Mutex<Result<Database, IpcError>>,
    pub database_path: PathBuf,
}

impl AppState {
    /// Opens `$NATVERK_DB`, or the database in the app's data folder. The data folder (database,
    /// backups, logs) is made private first: only its owner may enter it (0700 on Unix).
    pub fn open(app_data_dir: &Path) -> Self {
        if let Err(error) = files::create_private_folder(app_data_dir) {
            log::warn!("datamappens behörigheter kunde inte sättas: {}", error.kind());
        }
        let database_path = std::env::var_os(DATABASE_ENV)
            .filter(|value| !value.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| app_data_dir.join(DATABASE_FILE_NAME));
        let database = Database::open(&database_path).map_err(IpcError::from);
        match &database {
            Ok(db) => log::info!("databasen öppnad (schemaversion {})", db.schema_version().unwrap_or(0)),
            Err(error) => {
                log::error!("databasen kunde inte öppnas: {}", error.kind);
                eprintln!("Nätverket: {}", error.message);
            }
        }
        AppState { database: Mutex::new(database), database_path }
    }

    /// Starts the day's automatic backup (at most one a day) on a background thread with its own
    /// read-only connection, so the first view is not kept waiting; a failure is logged, not fatal.
    pub fn start_daily_backup(&self) {
        let opened = self.database.lock().map(|guard| guard.is_ok()).unwrap_or(false);
        if !opened {
            return;
        }
        let database_path = self.database_path.clone();
        std::thread::spawn(move || {
            match natverk_core::store::backup::daily_backup_of_file(&database_path, chrono::Utc::now()) {
                Ok(Some(_)) => log::info!("daglig säkerhetskopia skapad"),
                Ok(None) => {}
                Err(error) => log::error!("den dagliga säkerhetskopian kunde inte skapas: {}", error.kind()),
            }
        });
    }

    /// Runs a read: `work` gets the database shared, so it can neither write through a transaction
    /// nor replace the database.
    pub fn read<T>(&self, work: impl FnOnce(&Database) -> natverk_core::Result<T>) -> Result<T, IpcError> {
        self.with_database(|db| work(db))
    }

    /// Runs a write: `work` gets the one immediate transaction of [`Database::write`], so everything
    /// it changes lands together or not at all.
    pub fn write<T>(&self, work: impl FnOnce(&Transaction) -> natverk_core::Result<T>) -> Result<T, IpcError> {
        self.with_database(|db| db.write(work))
    }

    /// Runs `work` with the whole database, turning every failure into an [`IpcError`]: for the
    /// core functions that manage their own transactions around files (bundles, sync, restore).
    pub fn with_database<T>(&self, work: impl FnOnce(&mut Database) -> natverk_core::Result<T>) -> Result<T, IpcError> {
        // A command that panicked earlier poisons the lock; the database itself is intact (its open
        // transaction rolled back while the panic unwound), so later commands carry on.
        let mut guard = self.database.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let database = match guard.as_mut() {
            Ok(database) => database,
            Err(open_error) => return Err(open_error.clone()),
        };
        // A panic inside the core (a bug) becomes a Swedish error for this command only.
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(database)));
        match outcome {
            Ok(result) => result.map_err(|error| {
                // The kind and field, and SQLite's own words for unexpected failures (they name
                // tables and constraints, never values): messages may quote what the user typed.
                let detail =
                    error.internal_detail().filter(|_| error.kind() == "database" || error.kind() == "migration");
                let error = IpcError::from(error);
                log::warn!(
                    "kommandot misslyckades: {} {} {}",
                    error.kind,
                    error.field.unwrap_or(""),
                    detail.unwrap_or_default()
                );
                error
            }),
            Err(_) => {
                log::error!("ett kommando avbröts av ett programfel (panic); inget av det sparades");
                Err(IpcError {
                    kind: "internal",
                    message: "Något gick fel i appen, så det du gjorde sparades inte. Resten av appen fungerar; försök igen, \
                              och kontakta den som sköter appen om felet kommer tillbaka."
                        .into(),
                    field: None,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_one_command_is_an_error_for_it_and_the_next_command_works() {
        let folder = tempfile::tempdir().expect("a temporary folder");
        let state = AppState::open(folder.path());
        let failed = state.with_database(|db| -> natverk_core::Result<()> {
            db.write(|tx| {
                natverk_core::settings::save(tx, &natverk_core::settings::load(tx)?)?;
                panic!("a bug in the core");
            })
        });
        let error = failed.expect_err("the panic is reported as an error");
        assert_eq!(error.kind, "internal");
        assert!(error.message.contains("sparades inte"), "{}", error.message);
        let name = state.read(|db| Ok(natverk_core::settings::load(db.conn())?.network_name));
        assert_eq!(name.expect("the next command works").as_str(), "Första linjens socialtjänst");
    }
}
