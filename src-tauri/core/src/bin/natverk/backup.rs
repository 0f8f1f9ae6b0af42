//! `natverk backup` and `natverk restore`: copies of the whole database file, and putting one back.

use std::path::{Path, PathBuf};

use natverk_core::error::{Error, Result};
use natverk_core::store::backup::{self, BackupInfo, OtherInstallation, Reason};
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
    /// Återställ även en säkerhetskopia från en annan installation (den här installationens identitet behålls)
    #[arg(long)]
    other_installation: bool,
    /// Visa bara vad säkerhetskopian innehåller; återställ inget
    #[arg(long)]
    dry_run: bool,
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
    let progress = crate::bundle::terminal_progress();
    let written = match args.out {
        Some(file) => {
            backup::write_backup_with(db.conn(), &file, progress.as_ref())?;
            file
        }
        None => backup::backup_now_with(db.conn(), path, Reason::Manual, chrono::Utc::now(), progress.as_ref())?,
    };
    drop(progress);
    writeln!(out, "Säkerhetskopian sparades i {}.", written.display())
}

/// Shows what the backup holds and whose it is, then replaces the database with it; the core keeps
/// the current state as a backup first. Another installation's backup needs `--other-installation`.
pub fn restore(db: &mut Database, args: RestoreArgs, out: &mut Output) -> Result<()> {
    let info = db.inspect_backup(&args.file)?;
    describe(&info, out)?;
    if args.dry_run {
        return writeln!(out, "Inget har återställts (--dry-run).");
    }
    if let (Some(warning), false) = (&info.warning, args.other_installation) {
        return Err(Error::invalid(
            "other_installation",
            format!("{warning} Kör igen med --other-installation om du vill återställa den."),
        ));
    }
    let progress = crate::bundle::terminal_progress();
    let now = chrono::Utc::now();
    natverk_core::privacy::restore_backup_with(db, &args.file, now, OtherInstallation::Allow, progress.as_ref())?;
    drop(progress);
    writeln!(
        out,
        "Databasen är återställd från {}. Det tidigare innehållet sparades som säkerhetskopia.",
        args.file.display()
    )
}

fn describe(info: &BackupInfo, out: &mut Output) -> Result<()> {
    writeln!(out, "Säkerhetskopia: {}", info.path.display())?;
    writeln!(out, "  skapad:        {}", info.created_at.as_deref().unwrap_or("okänt (filen har inte appens namn)"))?;
    writeln!(out, "  schemaversion: {}", info.schema_version)?;
    writeln!(out, "  innehåll:      {}", info.summary)?;
    let whose = if info.same_installation { "den här installationen" } else { "en annan installation" };
    writeln!(out, "  installation:  {} ({whose})", info.installation_id.as_deref().unwrap_or("okänd"))?;
    if let Some(warning) = &info.warning {
        writeln!(out, "Varning: {warning}")?;
    }
    Ok(())
}
