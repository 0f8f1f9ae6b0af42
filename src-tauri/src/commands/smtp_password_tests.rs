//! The SMTP password's way: saved to the keyring (never to the database file or the log), read back, forgotten; without a keyring service, a clear Swedish message and the password kept in memory for the session only.
//!
//! The keyring crate's own mock keeps a password only in the entry that set it, and the app makes a
//! new entry for every call; so these tests install a credential store of their own (shared by all
//! entries, like the operating system's) or one with no service behind it, as the keyring crate's
//! default credential builder. That builder is global: the tests take turns.

use std::any::Any;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use keyring::credential::{Credential, CredentialApi, CredentialBuilderApi};
use natverk_core::calendar::PasswordState;
use natverk_core::settings::{SmtpDelivery, SmtpSecurity, SmtpSettings};

use super::{forget_smtp, password_for_sending, save_smtp, smtp_status_of, MailMemory};
use crate::state::AppState;

const PASSWORD: &str = "Hemligt-lösenord-7319";

/// The keyring tests take turns: the credential builder they install is the whole process's.
static KEYRING: Mutex<()> = Mutex::new(());

type Secrets = Arc<Mutex<HashMap<(String, String), Vec<u8>>>>;

/// A keyring in memory, one secret per service and user, shared by every entry made for them.
struct MemoryKeyring(Secrets);

struct MemoryCredential {
    secrets: Secrets,
    key: (String, String),
}

impl CredentialApi for MemoryCredential {
    fn set_secret(&self, secret: &[u8]) -> keyring::Result<()> {
        self.secrets.lock().unwrap().insert(self.key.clone(), secret.to_vec());
        Ok(())
    }
    fn get_secret(&self) -> keyring::Result<Vec<u8>> {
        self.secrets.lock().unwrap().get(&self.key).cloned().ok_or(keyring::Error::NoEntry)
    }
    fn delete_credential(&self) -> keyring::Result<()> {
        self.secrets.lock().unwrap().remove(&self.key).map(|_| ()).ok_or(keyring::Error::NoEntry)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl CredentialBuilderApi for MemoryKeyring {
    fn build(&self, _target: Option<&str>, service: &str, user: &str) -> keyring::Result<Box<Credential>> {
        Ok(Box::new(MemoryCredential { secrets: Arc::clone(&self.0), key: (service.into(), user.into()) }))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A computer without a Secret Service: every call fails as the D-Bus connection does.
struct NoKeyring;

struct Unreachable;

impl CredentialApi for Unreachable {
    fn set_secret(&self, _: &[u8]) -> keyring::Result<()> {
        Err(keyring::Error::PlatformFailure("org.freedesktop.secrets finns inte".into()))
    }
    fn get_secret(&self) -> keyring::Result<Vec<u8>> {
        Err(keyring::Error::PlatformFailure("org.freedesktop.secrets finns inte".into()))
    }
    fn delete_credential(&self) -> keyring::Result<()> {
        Err(keyring::Error::PlatformFailure("org.freedesktop.secrets finns inte".into()))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl CredentialBuilderApi for NoKeyring {
    fn build(&self, _target: Option<&str>, _service: &str, _user: &str) -> keyring::Result<Box<Credential>> {
        Ok(Box::new(Unreachable))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Every log record of the process, as the app's log file would get it.
struct CapturedLog(Mutex<Vec<String>>);

impl log::Log for CapturedLog {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        self.0.lock().unwrap().push(format!("{} {}", record.target(), record.args()));
    }
    fn flush(&self) {}
}

static LOG: CapturedLog = CapturedLog(Mutex::new(Vec::new()));

fn capture_log() {
    // The first test to get here installs it; it stays for the process.
    let _ = log::set_logger(&LOG);
    log::set_max_level(log::LevelFilter::Trace);
}

fn settings() -> SmtpSettings {
    SmtpSettings {
        host: "smtp.kommun.se".into(),
        port: 587,
        security: SmtpSecurity::StartTls,
        username: "natverk@fss.se".into(),
        from_address: String::new(),
        delivery: SmtpDelivery::Each,
    }
}

/// Asserts the password is in none of the database's files (main file, write-ahead log, shared memory).
fn assert_not_in_database(database: &Path) {
    let mut checked = 0;
    for suffix in ["", "-wal", "-shm"] {
        let file = database.with_file_name(format!("{}{suffix}", database.file_name().unwrap().to_string_lossy()));
        let Ok(bytes) = std::fs::read(&file) else { continue };
        checked += 1;
        assert!(
            !bytes.windows(PASSWORD.len()).any(|w| w == PASSWORD.as_bytes()),
            "the password is in {}",
            file.display()
        );
    }
    assert!(checked > 0, "no database file at {}", database.display());
}

fn assert_not_in_log() {
    let log = LOG.0.lock().unwrap();
    assert!(log.iter().all(|line| !line.contains(PASSWORD)), "the password is in the log: {log:?}");
}

#[test]
fn a_saved_password_goes_to_the_keyring_only_is_read_back_by_a_new_session_and_is_forgotten() {
    let _turn = KEYRING.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    capture_log();
    let secrets = Secrets::default();
    keyring::set_default_credential_builder(Box::new(MemoryKeyring(Arc::clone(&secrets))));
    let folder = tempfile::tempdir().unwrap();
    let state = AppState::open(folder.path());
    let memory = MailMemory::default();

    let status = save_smtp(&state, &memory, settings(), Some(PASSWORD.into())).map_err(|e| e.message).unwrap();
    assert_eq!(status.password, PasswordState::InKeyring);
    let stored = secrets.lock().unwrap().clone();
    assert_eq!(
        stored,
        HashMap::from([(("Nätverket SMTP".to_string(), "natverk@fss.se@smtp.kommun.se".to_string()), PASSWORD.into())]),
        "one entry, under the app's service and user@host"
    );
    assert_not_in_database(&state.database_path());
    assert_not_in_log();

    // The next start of the app (nothing in memory) finds it in the keyring.
    let next_session = MailMemory::default();
    let status = smtp_status_of(settings(), &next_session);
    assert_eq!((status.password, status.password_in_memory), (PasswordState::InKeyring, false));

    let status = forget_smtp(&state, &memory).map_err(|e| e.message).unwrap();
    assert_eq!((status.password, status.password_in_memory), (PasswordState::Missing, false));
    assert!(secrets.lock().unwrap().is_empty(), "removed from the keyring");
    assert_eq!(password_for_sending(&memory, None), None, "and from memory");
}

#[test]
fn without_a_keyring_the_password_is_refused_in_swedish_and_kept_in_memory_for_the_session_only() {
    let _turn = KEYRING.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    capture_log();
    keyring::set_default_credential_builder(Box::new(NoKeyring));
    let folder = tempfile::tempdir().unwrap();
    let state = AppState::open(folder.path());
    let memory = MailMemory::default();

    let Err(error) = save_smtp(&state, &memory, settings(), Some(PASSWORD.into())) else {
        panic!("saving a password without a keyring says so");
    };
    assert_eq!((error.kind, error.field), ("invalid", Some("smtp_password")));
    assert!(
        error.message.contains("Datorn har ingen nyckelring") && error.message.contains("glömmer det när den stängs"),
        "{}",
        error.message
    );
    let saved = state.read(|db| natverk_core::settings::load_smtp(db.conn())).unwrap();
    assert_eq!(saved.host, "smtp.kommun.se", "the settings are saved all the same");
    let status = smtp_status_of(saved, &memory);
    assert_eq!((status.password, status.password_in_memory), (PasswordState::NoKeyring, true));
    assert_eq!(password_for_sending(&memory, None).as_deref(), Some(PASSWORD), "sending uses the kept password");
    assert_not_in_database(&state.database_path());
    assert_not_in_log();

    // Asked for when sending, in a later session: kept for the rest of it, in memory only.
    let later = MailMemory::default();
    assert_eq!(password_for_sending(&later, None), None, "a new session has to ask");
    assert_eq!(password_for_sending(&later, Some("nytt".into())).as_deref(), Some("nytt"));
    assert_eq!(password_for_sending(&later, None).as_deref(), Some("nytt"));

    // Forgetting works where there is no keyring: it empties the memory.
    let status = forget_smtp(&state, &memory).map_err(|e| e.message).unwrap();
    assert_eq!((status.password, status.password_in_memory), (PasswordState::NoKeyring, false));
}
