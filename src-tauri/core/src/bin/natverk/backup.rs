//! `natverk backup` and `natverk restore`: copies of the whole database file, and putting one back.

use std::path::{Path, PathBuf};

use natverk_core::error::Result;
use natverk_core::store::backup::{self, Reason};
use natverk_core::store::Database;

use crate::output::Output;

#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// Filen som ska skrivas
    #[arg(long, value_name = "FIL")]
    out: Option<PathBuf>,
    /// Lista befintliga säkerhetskopior i stället
    #[arg(long)]
    list: bool,
}

#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// Säkerhetskopian att återställa
    file: PathBuf,
}

/// Writes a backup (to `--out`, or into the backups folder next to `path`), or lists the backups.
pub fn backup(db: &Database, path: &Path, args: BackupArgs, out: &mut Output) -> Result<()> {
    if args.list {
        let backups = backup::list(path)?;
        if backups.is_empty() {
            writeln!(out, "Inga säkerhetskopior i {}.", backup::backup_folder(path).display())?;
        }
        for backup in backups {
            writeln!(out, "{}  {:>9} byte  {}", backup.created_at, backup.size_bytes, backup.path.display())?;
        }
        return Ok(());
    }
    let written = match args.out {
        Some(file) => {
            backup::write_backup(db.conn(), &file)?;
            file
        }
        None => backup::backup_now(db.conn(), path, Reason::Manual, chrono::Utc::now())?,
    };
    writeln!(out, "Säkerhetskopian sparades i {}.", written.display())
}

/// Replaces the database with a backup; the core keeps the current state as a backup first.
pub fn restore(db: &mut Database, args: RestoreArgs, out: &mut Output) -> Result<()> {
    db.restore_from(&args.file, chrono::Utc::now())?;
    writeln!(
        out,
        "Databasen är återställd från {}. Det tidigare innehållet sparades som säkerhetskopia.",
        args.file.display()
    )
}
