//! Backups with SQLite's online backup API: daily automatic copies, copies before every migration, restore after validation.
//!
//! Backups live in a `backups/` folder next to the database file, named with the UTC time they were
//! made, so they sort by age. Restoring first validates the chosen file (Nätverket's own database,
//! intact, not from a newer version), then saves the current state as one more backup, then copies.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::{Connection, OpenFlags, MAIN_DB};
use serde::Serialize;

use super::migrations::{latest_schema_version, APPLICATION_ID};
use crate::error::{Error, Result};

/// How many automatic backups are kept; older ones are removed.
pub const KEEP_AUTOMATIC: usize = 10;

const PREFIX: &str = "natverket-";
const SUFFIX: &str = ".sqlite3";
const STAMP_FORMAT: &str = "%Y%m%d-%H%M%S";

/// Why a backup was made; part of its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    Daily,
    Manual,
    BeforeMigration,
    BeforeRestore,
}

impl Reason {
    fn tag(self) -> &'static str {
        match self {
            Reason::Daily => "daglig",
            Reason::Manual => "manuell",
            Reason::BeforeMigration => "fore-uppgradering",
            Reason::BeforeRestore => "fore-aterstallning",
        }
    }

    fn label(tag: &str) -> &'static str {
        match tag {
            "daglig" => "Automatisk (daglig)",
            "manuell" => "Skapad för hand",
            "fore-uppgradering" => "Före uppgradering av databasen",
            "fore-aterstallning" => "Före återställning",
            _ => "Säkerhetskopia",
        }
    }
}

/// A backup file found in the backup folder.
#[derive(Debug, Clone, Serialize)]
pub struct BackupFile {
    pub path: PathBuf,
    pub file_name: String,
    /// When it was made (UTC, RFC 3339).
    pub created_at: String,
    /// Why it was made, in Swedish.
    pub reason: &'static str,
    pub size_bytes: u64,
}

/// The folder where backups of the database at `database_path` are kept.
pub fn backup_folder(database_path: &Path) -> PathBuf {
    database_path.parent().unwrap_or(Path::new(".")).join("backups")
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io { path: path.to_path_buf(), source }
}

/// Copies the open database to `destination` with the online backup API (consistent even while writing).
pub fn write_backup(conn: &Connection, destination: &Path) -> Result<()> {
    if let Some(folder) = destination.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).map_err(io_error(folder))?;
    }
    // Write next to the destination and rename, so a half-written copy never looks like a backup.
    let partial = destination.with_extension("partial");
    conn.backup(MAIN_DB, &partial, None)?;
    std::fs::rename(&partial, destination).map_err(io_error(destination))?;
    Ok(())
}

/// Makes a backup into the backup folder and returns its path.
pub fn backup_now(conn: &Connection, database_path: &Path, reason: Reason, now: DateTime<Utc>) -> Result<PathBuf> {
    let name = format!("{PREFIX}{}-{}{SUFFIX}", now.format(STAMP_FORMAT), reason.tag());
    let destination = backup_folder(database_path).join(name);
    write_backup(conn, &destination)?;
    Ok(destination)
}

/// The backups in the folder, newest first.
pub fn list(database_path: &Path) -> Result<Vec<BackupFile>> {
    let folder = backup_folder(database_path);
    let entries = match std::fs::read_dir(&folder) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(io_error(&folder)(error)),
    };
    let mut backups: Vec<BackupFile> = entries
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| {
            let file_name = entry.file_name().to_string_lossy().into_owned();
            let inner = file_name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
            let stamp = NaiveDateTime::parse_from_str(inner.get(..15)?, STAMP_FORMAT).ok()?;
            let tag = inner.get(16..).unwrap_or("");
            Some(BackupFile {
                path: entry.path(),
                created_at: stamp.and_utc().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                reason: Reason::label(tag),
                size_bytes: entry.metadata().map(|m| m.len()).unwrap_or(0),
                file_name,
            })
        })
        .collect();
    backups.sort_by(|a, b| b.file_name.cmp(&a.file_name));
    Ok(backups)
}

/// Makes the day's automatic backup unless one was made today (UTC), and keeps the newest few;
/// returns the new backup's path, if one was made. Reads through a read-only connection of its own,
/// so the app can make the copy in the background while its own connection serves the window.
pub fn daily_backup_of_file(database_path: &Path, now: DateTime<Utc>) -> Result<Option<PathBuf>> {
    let conn =
        Connection::open_with_flags(database_path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    daily_backup_with(&conn, database_path, now)
}

fn daily_backup_with(conn: &Connection, database_path: &Path, now: DateTime<Utc>) -> Result<Option<PathBuf>> {
    let today = now.format("%Y%m%d").to_string();
    let existing = list(database_path)?;
    let made_today = existing
        .iter()
        .any(|b| b.file_name.starts_with(&format!("{PREFIX}{today}")) && b.reason == Reason::label("daglig"));
    if made_today {
        return Ok(None);
    }
    let path = backup_now(conn, database_path, Reason::Daily, now)?;
    prune_automatic(database_path, KEEP_AUTOMATIC)?;
    Ok(Some(path))
}

/// Removes the oldest daily backups beyond `keep`; others (manual, before upgrade) are left alone.
fn prune_automatic(database_path: &Path, keep: usize) -> Result<()> {
    let daily: Vec<BackupFile> =
        list(database_path)?.into_iter().filter(|b| b.reason == Reason::label("daglig")).collect();
    for old in daily.iter().skip(keep) {
        std::fs::remove_file(&old.path).map_err(io_error(&old.path))?;
    }
    Ok(())
}

/// Checks that `file` is an intact Nätverket database this version can open.
pub(crate) fn validate_backup(file: &Path) -> Result<()> {
    let not_ours =
        || Error::invalid("file", format!("Filen {} är ingen säkerhetskopia av Nätverkets databas.", file.display()));
    if !file.is_file() {
        return Err(Error::invalid("file", format!("Filen {} finns inte.", file.display())));
    }
    // The 100-byte SQLite header says whose file it is even when the rest is damaged.
    let mut header = [0u8; 100];
    let read_header = std::fs::File::open(file).and_then(|mut f| std::io::Read::read_exact(&mut f, &mut header));
    if read_header.is_err() || !header.starts_with(b"SQLite format 3\0") {
        return Err(not_ours());
    }
    if i64::from(u32::from_be_bytes([header[68], header[69], header[70], header[71]])) != APPLICATION_ID {
        return Err(not_ours());
    }
    let damaged =
        || Error::invalid("file", format!("Säkerhetskopian {} är skadad och kan inte återställas.", file.display()));
    let conn = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|_| damaged())?;
    let integrity: String =
        conn.pragma_query_value(None, "integrity_check", |row| row.get(0)).map_err(|_| damaged())?;
    if integrity != "ok" {
        return Err(damaged());
    }
    let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0)).map_err(|_| damaged())?;
    if version > latest_schema_version() {
        return Err(Error::SchemaTooNew { found: version, supported: latest_schema_version() });
    }
    Ok(())
}
