//! Backups with SQLite's online backup API: daily automatic copies, copies before every migration, inspection and restore after validation.
//!
//! Backups live in a private `backups/` folder next to the database file (files 0600 on Unix),
//! named with the UTC time they were made, so they sort by age. A file to be restored is checked
//! first (Nätverket's own database, intact, not from a newer version, and with exactly the schema
//! this build's migrations create for its version: no extra trigger, view, table or index), then
//! copied into a private staging file, upgraded there and given this installation's own identity;
//! only then is the current state saved as one more backup and replaced in one step.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde::Serialize;

use super::connection::{configure_connection, open_read_only};
use super::migrations::{latest_schema_version, APPLICATION_ID};
use super::progress::{self, Progress, Silent};
use super::{files, installation, migrations, schema};
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

/// Pages copied per step of the online backup API: about 1 MB, so progress moves smoothly and a
/// stop is noticed quickly, while the copy stays consistent (SQLite restarts it if the source changes).
const PAGES_PER_STEP: std::os::raw::c_int = 256;

/// Whether a copy may be stopped halfway: copies into a new file may, the final replacement of
/// the open database may not (it completes once begun).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stoppable {
    Yes,
    No,
}

/// Copies every page of `from` into `to` step by step, reporting pages done of all pages as `what`.
fn copy_pages(
    from: &Connection,
    to: &mut Connection,
    what: &'static str,
    stoppable: Stoppable,
    progress: &dyn Progress,
) -> Result<()> {
    let copy = Backup::new(from, to)?;
    loop {
        let result = copy.step(PAGES_PER_STEP)?;
        let pages = copy.progress();
        let total = u64::try_from(pages.pagecount).unwrap_or(0);
        let done = total.saturating_sub(u64::try_from(pages.remaining).unwrap_or(0));
        match result {
            StepResult::Done => {
                progress.report(progress::Step { what, done: total, total });
                return Ok(());
            }
            StepResult::More => {}
            // Another connection holds a lock for a moment: wait a little and go on.
            StepResult::Busy | StepResult::Locked => std::thread::sleep(Duration::from_millis(20)),
            _ => {}
        }
        if stoppable == Stoppable::Yes {
            progress::step(progress, what, done, total)?;
        } else {
            progress.report(progress::Step { what, done, total });
        }
    }
}

/// Copies the open database to `destination` with the online backup API (consistent even while
/// writing). The copy is a private file; folders that have to be made for it are private too.
pub fn write_backup(conn: &Connection, destination: &Path) -> Result<()> {
    write_backup_with(conn, destination, &Silent)
}

/// [`write_backup`], reporting pages copied to `progress`; stopping it leaves no file behind.
pub fn write_backup_with(conn: &Connection, destination: &Path, progress: &dyn Progress) -> Result<()> {
    if let Some(folder) = destination.parent().filter(|p| !p.as_os_str().is_empty() && !p.exists()) {
        files::create_private_folder(folder).map_err(io_error(folder))?;
    }
    // Write next to the destination and rename, so a half-written copy never looks like a backup.
    // The empty private file made first keeps its mode when SQLite writes into it.
    let partial = destination.with_extension("partial");
    files::create_private(&partial).map_err(io_error(&partial))?;
    let copied = Connection::open(&partial)
        .map_err(Error::from)
        .and_then(|mut copy| copy_pages(conn, &mut copy, "Skapar säkerhetskopian", Stoppable::Yes, progress))
        .and_then(|()| {
            files::make_private(&partial).map_err(io_error(&partial))?;
            std::fs::rename(&partial, destination).map_err(io_error(destination))
        });
    if copied.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    copied
}

/// Makes a backup into the backup folder (kept private) and returns its path.
pub fn backup_now(conn: &Connection, database_path: &Path, reason: Reason, now: DateTime<Utc>) -> Result<PathBuf> {
    backup_now_with(conn, database_path, reason, now, &Silent)
}

/// [`backup_now`], reporting pages copied to `progress`.
pub fn backup_now_with(
    conn: &Connection,
    database_path: &Path,
    reason: Reason,
    now: DateTime<Utc>,
    progress: &dyn Progress,
) -> Result<PathBuf> {
    let name = format!("{PREFIX}{}-{}{SUFFIX}", now.format(STAMP_FORMAT), reason.tag());
    let folder = backup_folder(database_path);
    files::create_private_folder(&folder).map_err(io_error(&folder))?;
    let destination = folder.join(name);
    write_backup_with(conn, &destination, progress)?;
    Ok(destination)
}

/// When a backup named by the app was made (UTC, RFC 3339) and the tag of its reason.
fn parse_name(file_name: &str) -> Option<(String, &str)> {
    let inner = file_name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    let stamp = NaiveDateTime::parse_from_str(inner.get(..15)?, STAMP_FORMAT).ok()?;
    let created_at = stamp.and_utc().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    Some((created_at, inner.get(16..).unwrap_or("")))
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
            let (created_at, tag) = parse_name(&file_name)?;
            Some(BackupFile {
                path: entry.path(),
                created_at,
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
    let conn = open_read_only(database_path, Duration::from_secs(30))?;
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

/// What a backup file holds, shown before it is restored.
#[derive(Debug, Clone, Serialize)]
pub struct BackupInfo {
    pub path: PathBuf,
    pub file_name: String,
    /// When it was made (UTC, RFC 3339), for files named by the app.
    pub created_at: Option<String>,
    pub schema_version: i64,
    /// The installation that made it.
    pub installation_id: Option<String>,
    /// Whether that is this installation. Restoring another one's backup keeps this installation's identity.
    pub same_installation: bool,
    pub network_name: Option<String>,
    pub counts: BackupCounts,
    /// What it holds, in one Swedish sentence for the confirmation.
    pub summary: String,
    /// Set when another installation made it: what restoring it means, in Swedish.
    pub warning: Option<String>,
}

/// The warning shown before restoring another installation's backup.
pub const OTHER_INSTALLATION_WARNING: &str = "Säkerhetskopian kommer från en annan installation av Nätverket. \
    Dess innehåll ersätter allt här, men den här installationens identitet (id, kommun och namn i utbytesfiler) behålls.";

/// How many records of the kinds people recognise a backup holds.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct BackupCounts {
    pub members: i64,
    pub meetings: i64,
    pub examples: i64,
}

/// Whether a backup made by another installation may be restored (after the user was told).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtherInstallation {
    Refuse,
    Allow,
}

/// Checks `file` (Nätverket's database, not from a newer version, exactly the expected schema) and
/// says what it holds and whether this installation made it. `current` is this installation's database.
/// Whether the file is intact is checked by the restore itself.
pub fn inspect(current: &Connection, file: &Path) -> Result<BackupInfo> {
    let candidate = open_candidate(file)?;
    let schema_version = check_version_and_schema(&candidate, file)?;
    describe(current, &candidate, file, schema_version).map_err(|_| damaged(file))
}

fn describe(current: &Connection, candidate: &Connection, file: &Path, schema_version: i64) -> Result<BackupInfo> {
    let installation_id = installation::id(candidate)?;
    let same_installation = installation_id.is_some() && installation_id == installation::id(current)?;
    let network_name = candidate.query_row("SELECT name FROM network", [], |row| row.get(0)).optional()?;
    let count = |table: &str| -> Result<i64> {
        let exists: bool = candidate.query_row(
            "SELECT count(*) > 0 FROM sqlite_schema WHERE type = 'table' AND name = ?1",
            [table],
            |row| row.get(0),
        )?;
        if !exists {
            return Ok(0);
        }
        Ok(candidate.query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |row| row.get(0))?)
    };
    let file_name = file.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    let counts =
        BackupCounts { members: count("members")?, meetings: count("meetings")?, examples: count("examples")? };
    let summary = format!(
        "Nätverket \"{}\" med {} medlemmar, {} träffar och {} exempel (schemaversion {schema_version}).",
        network_name.as_deref().unwrap_or("utan namn"),
        counts.members,
        counts.meetings,
        counts.examples
    );
    Ok(BackupInfo {
        path: file.to_path_buf(),
        created_at: parse_name(&file_name).map(|(created_at, _)| created_at),
        file_name,
        schema_version,
        installation_id,
        same_installation,
        network_name,
        counts,
        summary,
        warning: (!same_installation).then(|| OTHER_INSTALLATION_WARNING.to_string()),
    })
}

/// A validated backup, copied into a staging database that is upgraded and carries this
/// installation's identity; removed when dropped.
pub(super) struct StagedRestore {
    // Closed before the file is removed: fields drop in this order.
    conn: Connection,
    _file: StagingFile,
}

/// The staging file and its journals, removed when dropped (also when a step fails).
struct StagingFile(Option<PathBuf>);

impl StagedRestore {
    /// Replaces every page of `target` with the staged database's, in one go (it cannot be
    /// stopped once begun; pages done are reported).
    pub(super) fn replace(&self, target: &mut Connection, progress: &dyn Progress) -> Result<()> {
        copy_pages(&self.conn, target, "Återställer databasen", Stoppable::No, progress)
    }
}

impl Drop for StagingFile {
    fn drop(&mut self) {
        if let Some(file) = &self.0 {
            for suffix in ["", "-journal", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
            }
        }
    }
}

/// Validates `file` fully (as [`inspect`], and intact), refuses another installation's backup
/// unless `other` allows it, then stages it: a private file in the backup folder of
/// `database_path` (in memory for an in-memory database). Nothing is written before the checks pass.
pub(super) fn stage_restore(
    current: &Connection,
    database_path: Option<&Path>,
    file: &Path,
    other: OtherInstallation,
    progress: &dyn Progress,
) -> Result<StagedRestore> {
    progress::step(progress, "Kontrollerar säkerhetskopian", 0, 0)?;
    let candidate = open_candidate(file)?;
    let integrity: String =
        candidate.pragma_query_value(None, "integrity_check", |row| row.get(0)).map_err(|_| damaged(file))?;
    if integrity != "ok" {
        return Err(damaged(file));
    }
    let version = check_version_and_schema(&candidate, file)?;
    let info = describe(current, &candidate, file, version).map_err(|_| damaged(file))?;
    if !info.same_installation && other == OtherInstallation::Refuse {
        return Err(Error::invalid(
            "file",
            format!("{OTHER_INSTALLATION_WARNING} Bekräfta att du vill återställa {}.", file.display()),
        ));
    }
    let (mut conn, staging_file) = match database_path {
        Some(database_path) => {
            let folder = backup_folder(database_path);
            files::create_private_folder(&folder).map_err(io_error(&folder))?;
            let staging = folder.join(format!(".aterstallning-{}.partial", std::process::id()));
            files::create_private(&staging).map_err(io_error(&staging))?;
            let file = StagingFile(Some(staging.clone()));
            let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            (Connection::open_with_flags(&staging, flags)?, file)
        }
        None => (Connection::open_in_memory()?, StagingFile(None)),
    };
    configure_connection(&conn, false)?;
    copy_pages(&candidate, &mut conn, "Läser säkerhetskopian", Stoppable::Yes, progress)?;
    drop(candidate);
    // The schema is known to be ours, so upgrading runs only this build's SQL.
    migrations::to_latest(&mut conn)?;
    let tx = conn.transaction()?;
    installation::carry_over(current, &tx)?;
    tx.commit()?;
    Ok(StagedRestore { conn, _file: staging_file })
}

fn damaged(file: &Path) -> Error {
    Error::invalid("file", format!("Säkerhetskopian {} är skadad och kan inte återställas.", file.display()))
}

/// Opens `file` read-only and defensively after checking, from its header, that it is Nätverket's.
fn open_candidate(file: &Path) -> Result<Connection> {
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
    open_read_only(file, Duration::from_secs(5)).map_err(|_| damaged(file))
}

/// The file's schema version, after checking it is one this build knows and that the file's schema
/// is exactly what the migrations create for that version.
fn check_version_and_schema(candidate: &Connection, file: &Path) -> Result<i64> {
    let version: i64 =
        candidate.pragma_query_value(None, "user_version", |row| row.get(0)).map_err(|_| damaged(file))?;
    if version > latest_schema_version() {
        return Err(Error::SchemaTooNew { found: version, supported: latest_schema_version() });
    }
    if version < 1 {
        return Err(Error::invalid(
            "file",
            format!("Filen {} är ingen säkerhetskopia av Nätverkets databas.", file.display()),
        ));
    }
    let found = schema::objects(candidate).map_err(|_| damaged(file))?;
    let differences = schema::differences(&found, &schema::expected(version)?);
    if differences.is_empty() {
        return Ok(version);
    }
    let mut listed: Vec<String> = differences.iter().take(5).map(schema::Difference::describe).collect();
    if differences.len() > 5 {
        listed.push(format!("och {} till", differences.len() - 5));
    }
    Err(Error::invalid(
        "file",
        format!(
            "Säkerhetskopian {} har inte den databasstruktur Nätverket skapar ({}) och återställs inte.",
            file.display(),
            listed.join(", ")
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_backup_from_an_older_schema_version_restores_and_is_upgraded() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("gammal.sqlite3");
        let mut conn = Connection::open(&old).unwrap();
        configure_connection(&conn, true).unwrap();
        migrations::to_version(&mut conn, latest_schema_version() - 1).unwrap();
        drop(conn);
        let mut db = crate::Database::open(&dir.path().join("natverket.sqlite3")).unwrap();
        let info = db.inspect_backup(&old).unwrap();
        assert_eq!(info.schema_version, latest_schema_version() - 1);
        assert!(info.warning.is_some(), "a database made elsewhere is another installation");
        db.restore_from(&old, Utc::now(), OtherInstallation::Allow).unwrap();
        assert_eq!(db.schema_version().unwrap(), latest_schema_version());
    }
}
