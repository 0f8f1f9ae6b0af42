//! Entry point of the `natverk` command line: parse arguments, open the database, dispatch, map errors to stderr and an exit code.
//!
//! The same core as the desktop app, for scripts and for hosts who prefer a terminal. Human output
//! is Swedish; `--json` gives stable machine-readable output. Each subcommand group lives in its
//! own file with its own clap types and a `run` function; this file only wires them together.

mod attendance;
mod backup;
mod bundle;
mod calendar;
mod choice;
mod demo;
mod examples;
mod init;
mod medskick;
mod meetings;
mod members;
mod municipalities;
mod networks;
mod output;
mod proposals;
mod report;
mod settings;
mod themes;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use natverk_core::error::{Error, Result};
use natverk_core::store::{default_database_path, Database};

use output::Output;

#[derive(Debug, Parser)]
#[command(
    name = "natverk",
    version,
    about = "Nätverket – första linjens socialtjänst, från kommandoraden",
    long_about = "Hanterar samma databas som skrivbordsappen Nätverket: träffar, medlemmar, exempel, medskick, bevakning, verksamhetsberättelse och nätverkets inställningar."
)]
struct Cli {
    /// Databasfil (standard: samma fil som skrivbordsappen använder)
    #[arg(long, global = true, env = "NATVERK_DB", value_name = "FIL")]
    db: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Skapar databasen (eller uppgraderar den) och fyller i grunddata
    Init,
    /// Sveriges kommuner
    #[command(subcommand)]
    Municipalities(municipalities::Command),
    /// Nätverkets träffar
    #[command(subcommand)]
    Meetings(meetings::Command),
    /// Närvaro på träffarna: för in närvaron från Teams närvarorapport
    #[command(subcommand)]
    Attendance(attendance::Command),
    /// Nätverkets inställningar
    #[command(subcommand)]
    Settings(settings::Command),
    /// Kalenderfiler (.ics): inbjudningar, avbokningar, kalenderflöde och import
    #[command(subcommand)]
    Ics(calendar::Command),
    /// Skapar en säkerhetskopia av databasen (standard: i mappen backups bredvid databasen)
    Backup(backup::BackupArgs),
    /// Ersätter databasen med en säkerhetskopia (nuvarande innehåll sparas först som en säkerhetskopia)
    Restore(backup::RestoreArgs),
    /// Nätverkets medlemmar: lista, lägg till, importera och exportera (CSV), registerutdrag och anonymisering
    #[command(subcommand)]
    Members(members::Command),
    /// Kommunernas exempel: lista, lägga till, visa, söka och exportera
    #[command(subcommand)]
    Examples(examples::Command),
    /// Teman som exemplen sorteras under
    #[command(subcommand)]
    Themes(themes::Command),
    /// Utbyte med andra installationer: utbytesfiler (.natverk) och synkmapp
    #[command(subcommand)]
    Bundle(bundle::Command),
    /// Medskick: behov och frågor som nätverket för vidare (FSS styrelse, SKR, regeringen, Socialstyrelsen)
    #[command(subcommand)]
    Medskick(medskick::Command),
    /// Bevakning: förslag från regeringen och myndigheter som påverkar socialtjänsten
    #[command(subcommand)]
    Proposals(proposals::Command),
    /// Verksamhetsberättelse för en period: träffar, närvaro, nya medlemmar, exempel, medskick och bevakning
    Report(report::ReportArgs),
    /// Fyller en ny databas med påhittade men realistiska data (samma frö ger samma data), för demo och prestandamätning
    Demo(demo::Args),
    /// Nätverken du är med i, var och ett i en egen databasfil: lista, skapa nytt, öppna ett du fått
    #[command(subcommand)]
    Networks(networks::Command),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut stdout = std::io::stdout().lock();
    match run(cli, &mut Output::new(&mut stdout)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if output::reader_left(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("natverk: fel: {}", output::visible(&error.to_string()));
            ExitCode::FAILURE
        }
    }
}

/// Opens the database the user chose (or the app's own) and runs one command on it.
fn run(cli: Cli, out: &mut Output) -> Result<()> {
    let chosen_with_db = cli.db.is_some();
    let path = match cli.db {
        Some(path) => path,
        None => default_database_path().ok_or_else(|| {
            Error::invalid("db", "Hittar ingen datamapp för användaren. Ange databasen med --db FIL.")
        })?,
    };
    // A new network's database must not be created (and seeded as FSS's) before the command runs.
    let command = match cli.command {
        Command::Networks(command) => return networks::run(&path, chosen_with_db, command, out),
        other => other,
    };
    let mut db = Database::open(&path)?;
    match command {
        Command::Init => init::run(&db, &path, out),
        Command::Municipalities(command) => municipalities::run(&db, command, out),
        Command::Meetings(command) => meetings::run(&mut db, command, out),
        Command::Attendance(command) => attendance::run(&mut db, command, out),
        Command::Settings(command) => settings::run(&mut db, command, out),
        Command::Ics(command) => calendar::run(&mut db, command, out),
        Command::Backup(args) => backup::backup(&db, &path, args, out),
        Command::Restore(args) => backup::restore(&mut db, args, out),
        Command::Members(command) => members::run(&mut db, command, out),
        Command::Examples(command) => examples::run(&mut db, command, out),
        Command::Themes(command) => themes::run(&mut db, command, out),
        Command::Bundle(command) => bundle::run(&mut db, command, out),
        Command::Medskick(command) => medskick::run(&mut db, command, out),
        Command::Proposals(command) => proposals::run(&mut db, command, out),
        Command::Report(args) => report::run(&db, args, out),
        Command::Demo(args) => demo::run(&mut db, &path, args, out),
        Command::Networks(_) => Ok(()), // handled above, before the database is opened
    }
}
