//! The `natverk` command line: the same core as the desktop app, for scripts and for hosts who prefer a terminal.
//!
//! Human output is Swedish; `--json` gives stable machine-readable output. Errors go to stderr
//! and give a non-zero exit code (see `src/bin/natverk.rs`).

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::db::{default_database_path, Database};
use crate::error::{Error, Result};
use crate::exchange;
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
    /// Utbyte med andra installationer: utbytesfiler (.natverk) och synkmapp
    #[command(subcommand)]
    Bundle(BundleCommand),
}

#[derive(Debug, Subcommand)]
pub enum BundleCommand {
    /// Skriver en utbytesfil med mina exempel eller hela nätverket
    Export {
        /// Filen som ska skrivas, till exempel mina-exempel.natverk
        #[arg(long, value_name = "FIL")]
        out: PathBuf,
        /// Vad filen ska innehålla: mine (mina exempel) eller network (hela nätverket)
        #[arg(long, default_value = "network", value_name = "OMFATTNING")]
        scope: String,
        /// Utelämna medlemmarnas e-post, telefon och anteckningar
        #[arg(long)]
        no_contacts: bool,
    },
    /// Läser in en utbytesfil: nya, ändrade och borttagna poster slås ihop med dina
    Import {
        /// Utbytesfilen (.natverk)
        file: PathBuf,
        /// Visa bara vad som skulle hända; ändra ingenting
        #[arg(long)]
        dry_run: bool,
        /// Skriv ut resultatet som JSON
        #[arg(long)]
        json: bool,
    },
    /// Synkmapp: läser in de andras utbytesfiler i mappen och skriver din egen dit
    Sync {
        /// Mappen som delas (till exempel en OneDrive-, SharePoint- eller Nextcloud-mapp)
        dir: PathBuf,
        /// Visa bara vad som skulle hända; ändra ingenting och skriv ingen fil
        #[arg(long)]
        dry_run: bool,
        /// Utelämna medlemmarnas e-post, telefon och anteckningar i din fil
        #[arg(long)]
        no_contacts: bool,
        /// Skriv ut resultatet som JSON
        #[arg(long)]
        json: bool,
    },
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
        Command::Bundle(command) => run_bundle(&mut db, command, out),
        command => run_on(&db, &path, command, out),
    }
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
        Command::Ics(IcsCommand::Import { .. }) | Command::Restore { .. } | Command::Bundle(_) => {
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

fn run_bundle(db: &mut Database, command: BundleCommand, out: &mut dyn Write) -> Result<()> {
    let write_error = |source| Error::Io { path: PathBuf::from("<standard ut>"), source };
    match command {
        BundleCommand::Export { out: file, scope, no_contacts } => {
            let options = exchange::ExportOptions {
                scope: exchange::Scope::parse("scope", &scope)?,
                include_contacts: !no_contacts,
                compress: true,
            };
            let summary = exchange::export_bundle_to_file(db, &file, options)?;
            let counts: Vec<String> = summary
                .counts
                .iter()
                .filter(|(_, count)| **count > 0)
                .map(|(entity, count)| format!("{count} {}", entity_label(entity, *count)))
                .collect();
            writeln!(
                out,
                "Utbytesfilen ({}{}) sparades i {}: {}{}.",
                summary.scope.label(),
                if summary.contacts_included { "" } else { ", utan kontaktuppgifter" },
                file.display(),
                if counts.is_empty() { "inga poster".to_string() } else { counts.join(", ") },
                if summary.tombstones > 0 { format!(", {} borttagningar", summary.tombstones) } else { String::new() }
            )
            .map_err(write_error)
        }
        BundleCommand::Import { file, dry_run, json } => {
            let bytes = exchange::read_bundle_file(&file)?;
            let report =
                if dry_run { exchange::preview_import(db, &bytes)? } else { exchange::apply_import(db, &bytes)? };
            if json {
                return write_json(out, &report);
            }
            write_import_report(out, &report).map_err(write_error)
        }
        BundleCommand::Sync { dir, dry_run, no_contacts, json } => {
            let options = exchange::ExportOptions { include_contacts: !no_contacts, ..Default::default() };
            let report = exchange::sync_folder(db, &dir, options, dry_run)?;
            if json {
                return write_json(out, &report);
            }
            if report.files.is_empty() {
                writeln!(out, "Inga andra utbytesfiler i {}.", dir.display()).map_err(write_error)?;
            }
            for file in &report.files {
                writeln!(out, "{}:", file.file.display()).map_err(write_error)?;
                match (&file.report, &file.error) {
                    (Some(import), _) => write_import_report(out, import).map_err(write_error)?,
                    (None, Some(error)) => writeln!(out, "  Lästes inte: {error}").map_err(write_error)?,
                    (None, None) => {}
                }
            }
            match &report.written {
                Some(path) => writeln!(out, "Din egen utbytesfil sparades i {}.", path.display()),
                None => writeln!(out, "Inget har ändrats och ingen fil skrevs (--dry-run)."),
            }
            .map_err(write_error)
        }
    }
}

fn entity_label(entity: &str, count: usize) -> &'static str {
    let one = count == 1;
    match entity {
        "network" => "nätverksinställningar",
        "themes" if one => "tema",
        "themes" => "teman",
        "members" if one => "medlem",
        "members" => "medlemmar",
        "meetings" if one => "träff",
        "meetings" => "träffar",
        "examples" => "exempel",
        "presentations" if one => "presentation",
        "presentations" => "presentationer",
        "attendance" => "närvaronoteringar",
        _ => "poster",
    }
}

fn write_import_report(out: &mut dyn Write, report: &exchange::ImportReport) -> std::io::Result<()> {
    let source = &report.source;
    let who = match (&source.author_name, &source.municipality_name) {
        (author, Some(municipality)) if !author.is_empty() => format!("{author}, {municipality}"),
        (author, None) if !author.is_empty() => author.clone(),
        (_, Some(municipality)) => municipality.clone(),
        _ => format!("installation {}", source.installation_id),
    };
    writeln!(out, "Från {who} (exporterad {}).", source.exported_at)?;
    for notice in &report.notices {
        writeln!(out, "  Obs: {notice}")?;
    }
    for (heading, changes) in [("Ny", &report.added), ("Ändrad", &report.updated), ("Borttagen", &report.deleted)] {
        for change in changes.iter() {
            writeln!(out, "  {heading:<10} {:<14} {}", change.entity_label, change.label)?;
        }
    }
    for conflict in &report.conflicts {
        let kept = if conflict.winner == "incoming" { "den inkommande versionen" } else { "din version" };
        writeln!(
            out,
            "  Konflikt   {:<14} {} – ändrad på båda håll (här {}, där {}); {kept} behålls, den andra sparas som konflikt.",
            conflict.record.entity_label, conflict.record.label, conflict.local_updated_at, conflict.incoming_updated_at
        )?;
        for difference in &conflict.differences {
            writeln!(out, "             {}: här {} / där {}", difference.field, difference.local, difference.incoming)?;
        }
    }
    for skipped in &report.skipped {
        writeln!(
            out,
            "  Hoppas över {:<12} {} – {}",
            skipped.record.entity_label, skipped.record.label, skipped.reason
        )?;
    }
    writeln!(
        out,
        "{}: {}.{}",
        if report.applied { "Importerat" } else { "Skulle importera" },
        report.summary(),
        if report.applied { "" } else { " Inget har ändrats." }
    )
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
