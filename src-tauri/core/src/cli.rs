//! The `natverk` command line: the same core as the desktop app, for scripts and for hosts who prefer a terminal.
//!
//! Human output is Swedish; `--json` gives stable machine-readable output. Errors go to stderr
//! and give a non-zero exit code (see `src/bin/natverk.rs`).

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::db::{default_database_path, Database};
use crate::error::{Error, Result};
use crate::ics;
use crate::settings::{self, SettingKey};
use crate::{meetings, municipalities};

#[derive(Debug, Parser)]
#[command(
    name = "natverk",
    version,
    about = "Nätverket – första linjens socialtjänst, från kommandoraden",
    long_about = "Hanterar samma databas som skrivbordsappen Nätverket: träffar, kommuner och nätverkets inställningar."
)]
pub struct Cli {
    /// Databasfil (standard: samma fil som skrivbordsappen använder)
    #[arg(long, global = true, env = "NATVERK_DB", value_name = "FIL")]
    pub db: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Skapar databasen (eller uppgraderar den) och fyller i grunddata
    Init,
    /// Sveriges kommuner
    #[command(subcommand)]
    Municipalities(MunicipalitiesCommand),
    /// Nätverkets träffar
    #[command(subcommand)]
    Meetings(MeetingsCommand),
    /// Nätverkets inställningar
    #[command(subcommand)]
    Settings(SettingsCommand),
    /// Kalenderfiler (.ics): inbjudningar, avbokningar, kalenderflöde och import
    #[command(subcommand)]
    Ics(IcsCommand),
    /// Skapar en säkerhetskopia av databasen (standard: i mappen backups bredvid databasen)
    Backup {
        /// Filen som ska skrivas
        #[arg(long, value_name = "FIL")]
        out: Option<PathBuf>,
        /// Lista befintliga säkerhetskopior i stället
        #[arg(long)]
        list: bool,
    },
    /// Ersätter databasen med en säkerhetskopia (nuvarande innehåll sparas först som en säkerhetskopia)
    Restore {
        /// Säkerhetskopian att återställa
        file: PathBuf,
    },
    /// Fyller en ny databas med påhittade men realistiska data (samma frö ger samma data), för demo och prestandamätning
    Demo(DemoArgs),
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Antal exempel
    #[arg(long, default_value_t = 100_000, value_name = "N")]
    pub examples: usize,
    /// Antal medlemmar
    #[arg(long, default_value_t = 2_353, value_name = "M")]
    pub members: usize,
    /// Antal träffar
    #[arg(long, default_value_t = 500, value_name = "K")]
    pub meetings: usize,
    /// Andel aktiva FSS-medlemmar i procent (de som får inbjudningar)
    #[arg(long, default_value_t = 85, value_name = "PROCENT")]
    pub active_percent: u8,
    /// Slumpfrö; samma frö ger exakt samma data
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub seed: u64,
    /// Skriv ut resultatet som JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum IcsCommand {
    /// Skapar inbjudan till en träff (METHOD:REQUEST), eller avbokning om träffen är inställd (METHOD:CANCEL)
    Invite {
        /// Träffens id (se `natverk meetings list`)
        meeting_id: String,
        /// Filen som ska skrivas, till exempel inbjudan.ics
        #[arg(long, value_name = "FIL")]
        out: PathBuf,
    },
    /// Skapar ett kalenderflöde med alla träffar (METHOD:PUBLISH), utan deltagare
    Feed {
        /// Filen som ska skrivas, till exempel natverket.ics
        #[arg(long, value_name = "FIL")]
        out: PathBuf,
    },
    /// Importerar träffar från en .ics-fil (till exempel exporterad från Outlook)
    Import {
        /// Kalenderfilen
        file: PathBuf,
        /// Visa bara vad som skulle hända; ändra ingenting
        #[arg(long)]
        dry_run: bool,
        /// Skriv ut resultatet som JSON
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct JsonFlag {
    /// Skriv ut som JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum MunicipalitiesCommand {
    /// Listar alla 290 kommuner, län för län
    List(JsonFlag),
}

#[derive(Debug, Subcommand)]
pub enum MeetingsCommand {
    /// Listar träffarna i tidsordning
    List(JsonFlag),
}

#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Visar inställningarna
    Show(JsonFlag),
    /// Ändrar en inställning: network-name, organizer-name, organizer-email, default-start,
    /// default-end, teams-url, time-zone eller reminder-minutes
    Set {
        /// Inställningens namn, till exempel organizer-email
        key: String,
        /// Det nya värdet
        value: String,
    },
}

/// Runs a parsed command, writing its output to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<()> {
    let path = match cli.db {
        Some(path) => path,
        None => default_database_path().ok_or_else(|| {
            Error::invalid("db", "Hittar ingen datamapp för användaren. Ange databasen med --db FIL.")
        })?,
    };
    let mut db = Database::open(&path)?;
    match cli.command {
        Command::Ics(IcsCommand::Import { file, dry_run, json }) => run_ics_import(&mut db, &file, dry_run, json, out),
        Command::Restore { file } => {
            db.restore_from(&file, chrono::Utc::now())?;
            writeln!(
                out,
                "Databasen är återställd från {}. Det tidigare innehållet sparades som säkerhetskopia.",
                file.display()
            )
            .map_err(|source| Error::Io { path: PathBuf::from("<standard ut>"), source })
        }
        Command::Demo(args) => run_demo(&mut db, &path, &args, out),
        command => run_on(&db, &path, command, out),
    }
}

fn run_demo(db: &mut Database, path: &std::path::Path, args: &DemoArgs, out: &mut dyn Write) -> Result<()> {
    let size = crate::demo::DemoSize {
        examples: args.examples,
        members: args.members,
        meetings: args.meetings,
        active_percent: args.active_percent,
        seed: args.seed,
    };
    let summary = crate::demo::generate(db, &size)?;
    if args.json {
        return write_json(out, &summary);
    }
    writeln!(
        out,
        "Exempeldata skapades i {}: {} medlemmar ({} aktiva), {} träffar, {} exempel, {} kopplingar till kommuner, \
         {} till teman, {} presentationer, {} närvaronoteringar.",
        path.display(),
        summary.members,
        summary.active_members,
        summary.meetings,
        summary.examples,
        summary.example_municipalities,
        summary.example_themes,
        summary.presentations,
        summary.attendance
    )
    .map_err(|source| Error::Io { path: PathBuf::from("<standard ut>"), source })
}

/// Commands that need only a shared borrow of the database.
fn run_on(db: &Database, path: &std::path::Path, command: Command, out: &mut dyn Write) -> Result<()> {
    let conn = db.conn();
    let write_error = |source| Error::Io { path: PathBuf::from("<standard ut>"), source };
    match command {
        Command::Init => {
            let municipality_count = municipalities::list(conn)?.len();
            let meeting_count = meetings::list(conn)?.len();
            writeln!(
                out,
                "Databasen är klar: {} ({municipality_count} kommuner, {meeting_count} träffar, schemaversion {}).",
                path.display(),
                db.schema_version()?
            )
            .map_err(write_error)?;
        }
        Command::Municipalities(MunicipalitiesCommand::List(flag)) => {
            let list = municipalities::list(conn)?;
            if flag.json {
                write_json(out, &list)?;
            } else {
                let mut current_region = None;
                for municipality in &list {
                    if current_region != Some(&municipality.region_code) {
                        writeln!(out, "\n{} ({})", municipality.region_name, municipality.region_code)
                            .map_err(write_error)?;
                        current_region = Some(&municipality.region_code);
                    }
                    writeln!(out, "  {}  {:<22} {}", municipality.code, municipality.name, municipality.display_name)
                        .map_err(write_error)?;
                }
                writeln!(out, "\n{} kommuner.", list.len()).map_err(write_error)?;
            }
        }
        Command::Meetings(MeetingsCommand::List(flag)) => {
            let list = meetings::list(conn)?;
            if flag.json {
                write_json(out, &list)?;
            } else if list.is_empty() {
                writeln!(out, "Inga träffar.").map_err(write_error)?;
            } else {
                for meeting in &list {
                    let status = match meeting.status {
                        meetings::MeetingStatus::Scheduled => String::new(),
                        meetings::MeetingStatus::Cancelled => format!("  [INSTÄLLD: {}]", meeting.cancel_reason),
                    };
                    writeln!(out, "{}  {}{status}\n    id {}", meeting.when_label, meeting.title, meeting.id)
                        .map_err(write_error)?;
                }
            }
        }
        Command::Settings(SettingsCommand::Show(flag)) => {
            let current = settings::load(conn)?;
            if flag.json {
                write_json(out, &current)?;
            } else {
                write_settings(out, &current).map_err(write_error)?;
            }
        }
        Command::Settings(SettingsCommand::Set { key, value }) => {
            let key = SettingKey::from_cli_name(&key)?;
            let changed = settings::load(conn)?.with_value(key, &value)?;
            let saved = settings::save(conn, &changed)?;
            writeln!(out, "Sparat: {} = {}", key.label(), display_value(key.value_of(&saved))).map_err(write_error)?;
        }
        Command::Ics(IcsCommand::Invite { meeting_id, out: file_path }) => {
            let file = ics::invitation_for_meeting(conn, &meeting_id, chrono::Utc::now())?;
            ics::write_calendar_file(&file_path, &file)?;
            let kind = if file.method == "CANCEL" { "Avbokning" } else { "Inbjudan" };
            writeln!(
                out,
                "{kind} sparad i {} ({} deltagare, METHOD:{}).",
                file_path.display(),
                file.attendee_emails.len(),
                file.method
            )
            .map_err(write_error)?;
        }
        Command::Ics(IcsCommand::Feed { out: file_path }) => {
            let file = ics::network_feed(conn, chrono::Utc::now())?;
            ics::write_calendar_file(&file_path, &file)?;
            writeln!(out, "Kalenderflödet sparades i {}.", file_path.display()).map_err(write_error)?;
        }
        Command::Backup { list: true, .. } => {
            let backups = crate::backup::list(path)?;
            if backups.is_empty() {
                writeln!(out, "Inga säkerhetskopior i {}.", crate::backup::backup_folder(path).display())
                    .map_err(write_error)?;
            }
            for backup in backups {
                writeln!(out, "{}  {:>9} byte  {}", backup.created_at, backup.size_bytes, backup.path.display())
                    .map_err(write_error)?;
            }
        }
        Command::Backup { out: target, list: false } => {
            let written = match target {
                Some(file) => {
                    crate::backup::write_backup(conn, &file)?;
                    file
                }
                None => crate::backup::backup_now(conn, path, crate::backup::Reason::Manual, chrono::Utc::now())?,
            };
            writeln!(out, "Säkerhetskopian sparades i {}.", written.display()).map_err(write_error)?;
        }
        Command::Ics(IcsCommand::Import { .. }) | Command::Restore { .. } | Command::Demo(_) => {
            // These write through a mutable borrow of the database and are dispatched by `run`.
            return Err(Error::invalid("command", "Kommandot startades fel. Försök igen."));
        }
    }
    Ok(())
}

fn run_ics_import(
    db: &mut Database,
    file: &std::path::Path,
    dry_run: bool,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let write_error = |source| Error::Io { path: PathBuf::from("<standard ut>"), source };
    let bytes = std::fs::read(file).map_err(|source| Error::Io { path: file.to_path_buf(), source })?;
    let preview = if dry_run { ics::import::preview(db.conn(), &bytes)? } else { ics::import::apply(db, &bytes)? };
    if json {
        return write_json(out, &preview);
    }
    for event in &preview.events {
        let mut line = format!("rad {:>4}  {:<16} {}", event.line, event.action.label(), event.title);
        if !event.when_label.is_empty() {
            line.push_str(&format!(" – {}", event.when_label));
        }
        if event.cancelled {
            line.push_str(" [inställd]");
        }
        if !event.reason.is_empty() {
            line.push_str(&format!("\n           {}", event.reason));
        }
        writeln!(out, "{line}").map_err(write_error)?;
    }
    let verb = if dry_run { "Skulle importera" } else { "Importerade" };
    writeln!(
        out,
        "{verb}: {} nya, {} uppdaterade, {} oförändrade, {} avvisade.{}",
        preview.to_create,
        preview.to_update,
        preview.unchanged,
        preview.rejected,
        if dry_run { " Inget har ändrats (--dry-run)." } else { "" }
    )
    .map_err(write_error)?;
    Ok(())
}

fn display_value(value: String) -> String {
    if value.is_empty() {
        "(inte angiven)".into()
    } else {
        value
    }
}

fn write_settings(out: &mut dyn Write, current: &settings::NetworkSettings) -> std::io::Result<()> {
    for key in SettingKey::ALL {
        writeln!(out, "{:<27} {:<17} {}", key.label(), key.cli_name(), display_value(key.value_of(current)))?;
    }
    Ok(())
}

fn write_json<T: serde::Serialize>(out: &mut dyn Write, value: &T) -> Result<()> {
    let io_error = |source| Error::Io { path: PathBuf::from("<standard ut>"), source };
    serde_json::to_writer_pretty(&mut *out, value).map_err(|e| io_error(e.into()))?;
    writeln!(out).map_err(io_error)
}
