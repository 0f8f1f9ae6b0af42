//! The shell's state: the open network's database (or the reason it could not be opened, shown in the UI instead of crashing), and switching between networks.
//!
//! Each network is its own database file; the registry in the data folder (`natverken.json`, see
//! `natverk_core::networks::registry`) remembers them and the one opened last. Switching opens the
//! other database first and only then closes the current one, so a file that cannot be opened
//! leaves the app where it was.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use natverk_core::networks::{Registry, REGISTRY_FILE_NAME};
use natverk_core::store::{files, DATABASE_FILE_NAME};
use natverk_core::{Database, Transaction};

use crate::ipc_error::IpcError;

/// Environment variable that points the app (like the CLI) at another database file.
pub const DATABASE_ENV: &str = "NATVERK_DB";

/// The folder, inside the data folder, that holds the networks created or opened in the app (one
/// folder each, so their backups and signing keys stay apart).
pub const NETWORKS_FOLDER: &str = "natverk";

/// The database in use and where it lives.
struct OpenNetwork {
    database: Result<Database, IpcError>,
    path: PathBuf,
}

pub struct AppState {
    open: Mutex<OpenNetwork>,
    /// The app's data folder: the FSS network's database, the registry, the networks folder.
    data_dir: PathBuf,
}

fn log_opened(database: &Result<Database, IpcError>) {
    match database {
        Ok(db) => log::info!("databasen öppnad (schemaversion {})", db.schema_version().unwrap_or(0)),
        Err(error) => {
            log::error!("databasen kunde inte öppnas: {}", error.kind);
            eprintln!("Nätverket: {}", error.message);
        }
    }
}

impl AppState {
    /// Opens `$NATVERK_DB`, or the network opened last (from the registry), or the FSS network's
    /// database in the app's data folder. The data folder (database, backups, logs) is made
    /// private first: only its owner may enter it (0700 on Unix).
    pub fn open(app_data_dir: &Path) -> Self {
        if let Err(error) = files::create_private_folder(app_data_dir) {
            log::warn!("datamappens behörigheter kunde inte sättas: {}", error.kind());
        }
        let opened_last = || {
            let registry = Registry::load(&app_data_dir.join(REGISTRY_FILE_NAME)).ok()?;
            registry.current.filter(|path| path.is_file())
        };
        let database_path = std::env::var_os(DATABASE_ENV)
            .filter(|value| !value.is_empty())
            .map(PathBuf::from)
            .or_else(opened_last)
            .unwrap_or_else(|| app_data_dir.join(DATABASE_FILE_NAME));
        let database = Database::open(&database_path).map_err(IpcError::from);
        log_opened(&database);
        AppState {
            open: Mutex::new(OpenNetwork { database, path: database_path }),
            data_dir: app_data_dir.to_path_buf(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, OpenNetwork> {
        // A command that panicked earlier poisons the lock; the database itself is intact (its open
        // transaction rolled back while the panic unwound), so later commands carry on.
        self.open.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The file of the network in use.
    pub fn database_path(&self) -> PathBuf {
        self.lock().path.clone()
    }

    /// The registry file of the networks this user belongs to.
    pub fn registry_path(&self) -> PathBuf {
        self.data_dir.join(REGISTRY_FILE_NAME)
    }

    /// The folder that new networks' folders go into.
    pub fn networks_folder(&self) -> PathBuf {
        self.data_dir.join(NETWORKS_FOLDER)
    }

    /// The registry as stored; an unreadable one counts as empty (it only lists files) and is logged.
    pub fn registry(&self) -> Registry {
        Registry::load(&self.registry_path()).unwrap_or_else(|error| {
            log::warn!("listan över nätverk kunde inte läsas: {}", error.kind());
            Registry::default()
        })
    }

    /// Notes the network in use in the registry (its name may have changed), on a background
    /// thread so that startup does not wait; a failure is logged, not fatal.
    pub fn remember_current_network(&self) {
        let name = self.read(|db| Ok(natverk_core::settings::load(db.conn())?.network_name));
        let (Ok(name), path) = (name, self.database_path()) else { return };
        let registry_path = self.registry_path();
        std::thread::spawn(move || {
            let mut registry = Registry::load(&registry_path).unwrap_or_default();
            let absolute = std::path::absolute(&path).unwrap_or(path);
            if registry.find(&absolute).is_some_and(|known| known.name == name)
                && registry.current.as_ref() == Some(&absolute)
            {
                return;
            }
            if let Err(error) = registry.remember(&name, &absolute).and_then(|()| registry.save(&registry_path)) {
                log::warn!("listan över nätverk kunde inte sparas: {}", error.kind());
            }
        });
    }

    /// Makes `database` (already open, at `path`) the network in use; the one before is closed.
    /// It is remembered in the registry first: if that fails, the error is returned and the app
    /// stays in the network it was in (an error after the switch would leave the window showing
    /// the old network while every command worked on the new one). Starts its daily backup.
    pub fn switch_to_open(&self, database: Database, path: PathBuf) -> Result<String, IpcError> {
        let name = natverk_core::settings::load(database.conn()).map_err(IpcError::from)?.network_name;
        let mut registry = self.registry();
        registry.remember(&name, &path).and_then(|()| registry.save(&self.registry_path())).map_err(IpcError::from)?;
        {
            let mut open = self.lock();
            // The old connection closes here, when it is dropped.
            *open = OpenNetwork { database: Ok(database), path };
        }
        log::info!("bytte nätverk");
        self.start_daily_backup();
        Ok(name)
    }

    /// Opens the known network at `path` and makes it the one in use. A file that is gone is
    /// reported, never created afresh; if it cannot be opened, the current network stays.
    pub fn switch_to(&self, path: &Path) -> Result<String, IpcError> {
        if !path.is_file() {
            return Err(IpcError::from(natverk_core::Error::CannotOpen {
                path: path.to_path_buf(),
                reason: "filen finns inte längre där. Har den flyttats eller tagits bort?".into(),
            }));
        }
        let database = Database::open(path).map_err(IpcError::from)?;
        self.switch_to_open(database, path.to_path_buf())
    }

    /// Starts the day's automatic backup (at most one a day) on a background thread with its own
    /// read-only connection, so the first view is not kept waiting; a failure is logged, not fatal.
    pub fn start_daily_backup(&self) {
        let (opened, database_path) = {
            let open = self.lock();
            (open.database.is_ok(), open.path.clone())
        };
        if !opened {
            return;
        }
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
        let mut guard = self.lock();
        let database = match guard.database.as_mut() {
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

/// A second network, SKR's, created at `path` (for tests of switching networks, here and in the commands).
#[cfg(test)]
pub(crate) fn create_skr_network(path: &std::path::Path) -> natverk_core::Database {
    let settings = natverk_core::settings::NetworkSettings {
        network_name: "SKR:s nätverk".into(),
        organizer_name: "SKR".into(),
        organizer_email: String::new(),
        default_start: "09:00".into(),
        default_end: "10:00".into(),
        teams_url: String::new(),
        time_zone: "Europe/Stockholm".into(),
        reminder_minutes: 15,
    };
    natverk_core::networks::create_network(path, &settings).expect("a new network")
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

    #[test]
    fn switching_opens_the_other_network_and_a_file_that_is_gone_leaves_the_app_where_it_was() {
        let folder = tempfile::tempdir().expect("a temporary folder");
        let state = AppState::open(folder.path());
        let fss = state.database_path();
        let skr = folder.path().join(NETWORKS_FOLDER).join("skr").join(DATABASE_FILE_NAME);
        let created = create_skr_network(&skr);
        assert_eq!(state.switch_to_open(created, skr.clone()).expect("the switch"), "SKR:s nätverk");
        let meetings = state.read(|db| natverk_core::meetings::list(db.conn())).expect("a read");
        assert!(meetings.is_empty(), "the commands now read the new network");
        assert_eq!(state.database_path(), skr);

        assert_eq!(state.switch_to(&fss).expect("back to FSS"), "Första linjens socialtjänst");
        let registry = state.registry();
        assert_eq!(registry.networks.len(), 2, "both networks are remembered: {registry:?}");
        assert_eq!(registry.current.as_deref(), Some(fss.as_path()));

        let gone = folder.path().join("borta.sqlite3");
        let error = state.switch_to(&gone).expect_err("a missing file is not opened");
        assert!(error.message.contains("finns inte längre"), "{}", error.message);
        assert!(!gone.exists(), "and not created afresh");
        assert_eq!(state.database_path(), fss, "the app stays in the network it was in");
        assert_eq!(state.read(|db| natverk_core::meetings::list(db.conn())).expect("a read").len(), 5);
    }

    #[test]
    fn a_switch_that_cannot_be_remembered_is_refused_and_the_app_stays_in_its_network() {
        let folder = tempfile::tempdir().expect("a temporary folder");
        let state = AppState::open(folder.path());
        let fss = state.database_path();
        // A folder where the registry file should be: it can be neither read nor replaced.
        std::fs::create_dir(state.registry_path()).expect("a folder in the registry's place");
        let skr = folder.path().join(NETWORKS_FOLDER).join("skr").join(DATABASE_FILE_NAME);
        let created = create_skr_network(&skr);
        state.switch_to_open(created, skr).expect_err("the registry cannot be written");
        assert_eq!(state.database_path(), fss, "the app stays in the network it was in");
        assert_eq!(state.read(|db| natverk_core::meetings::list(db.conn())).expect("a read").len(), 5);
    }
}
