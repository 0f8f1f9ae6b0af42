//! `natverk networks`: the networks this user belongs to (each its own database file) — list them, create a new one, open one received from the hosts.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use serde::Serialize;

use natverk_core::error::{Error, Result};
use natverk_core::networks::{self, Registry};
use natverk_core::settings::{self, NetworkSettings};
use natverk_core::store::Database;

use crate::output::{JsonFlag, Output};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Listar nätverken du är med i (den databas som kommandona använder är markerad med *)
    List(JsonFlag),
    /// Skapar ett nytt nätverk i en egen databasfil (anges med --db): eget namn och egna inställningar,
    /// inga träffar eller teman från FSS-nätverket
    New(NewArgs),
    /// Öppnar ett nätverk du fått från värdarna (en .natverk-fil med hela nätverket eller en
    /// databasfil) i en ny databasfil (anges med --db)
    Open {
        /// Filen du fått
        file: PathBuf,
        #[command(flatten)]
        flag: JsonFlag,
    },
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// Nätverkets namn
    #[arg(long)]
    name: String,
    /// Arrangörens namn (standard: nätverkets namn)
    #[arg(long)]
    organizer_name: Option<String>,
    /// Arrangörens e-postadress (behövs för kalenderinbjudningar)
    #[arg(long, default_value = "")]
    organizer_email: String,
    /// Träffarnas standardstart, TT:MM
    #[arg(long, default_value = "15:00")]
    default_start: String,
    /// Träffarnas standardslut, TT:MM
    #[arg(long, default_value = "15:45")]
    default_end: String,
    /// Tidszon som nätverket träffas i
    #[arg(long, default_value = "Europe/Stockholm")]
    time_zone: String,
    /// Teams-länk för nya träffar (https://…)
    #[arg(long, default_value = "")]
    teams_url: String,
    /// Minuter före träffen som kalenderinbjudan påminner (0 = ingen påminnelse)
    #[arg(long, default_value_t = 15)]
    reminder_minutes: u32,
    #[command(flatten)]
    flag: JsonFlag,
}

/// One network as `networks list --json` gives it.
#[derive(Serialize)]
struct ListedNetwork<'a> {
    name: &'a str,
    path: &'a Path,
    /// The database the other commands use (`--db`, `NATVERK_DB` or the app's own).
    current: bool,
    /// Whether the file is still there.
    exists: bool,
}

fn registry_path() -> Result<PathBuf> {
    networks::default_registry_path().ok_or_else(|| {
        Error::invalid("registry", "Hittar ingen datamapp för användaren, där listan över nätverk sparas.")
    })
}

fn absolute(path: &Path) -> Result<PathBuf> {
    std::path::absolute(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })
}

/// Notes the network in `db` (at `path`) in the registry, as the app does when it opens one.
fn remember(db: &Database, path: &Path) -> Result<()> {
    let registry_path = registry_path()?;
    // A broken registry is replaced: it only lists files, which stay where they are.
    let mut registry = Registry::load(&registry_path).unwrap_or_default();
    registry.remember(&settings::load(db.conn())?.network_name, &absolute(path)?)?;
    registry.save(&registry_path)
}

/// Runs a `networks` command; `database` is the file `--db` (or `NATVERK_DB`, or the app's own) names.
pub fn run(database: &Path, chosen_with_db: bool, command: Command, out: &mut Output) -> Result<()> {
    match command {
        Command::List(flag) => {
            let registry = Registry::load(&registry_path()?)?;
            let current = absolute(database)?;
            let mut listed: Vec<ListedNetwork> = registry
                .networks
                .iter()
                .map(|known| ListedNetwork {
                    name: &known.name,
                    path: &known.path,
                    current: known.path == current,
                    exists: known.path.exists(),
                })
                .collect();
            let current_name;
            if !listed.iter().any(|network| network.current) && current.exists() {
                // The database the commands use, though no app has listed it yet.
                current_name = settings::load(Database::open(&current)?.conn())?.network_name;
                listed.push(ListedNetwork { name: &current_name, path: &current, current: true, exists: true });
            }
            if flag.json {
                return out.json(&listed);
            }
            if listed.is_empty() {
                return writeln!(out, "Inga nätverk ännu. Skapa ett med: natverk networks new --name NAMN --db FIL");
            }
            for network in &listed {
                let marker = if network.current { "*" } else { " " };
                let missing = if network.exists { "" } else { "  (filen saknas)" };
                writeln!(out, "{marker} {}\n    {}{missing}", network.name, network.path.display())?;
            }
            writeln!(out, "\n{} nätverk. * = den databas kommandona använder.", listed.len())
        }
        Command::New(args) => {
            require_db(chosen_with_db, "networks new --name NAMN --db NY.sqlite3")?;
            let input = NetworkSettings {
                organizer_name: args.organizer_name.unwrap_or_else(|| args.name.clone()),
                network_name: args.name,
                organizer_email: args.organizer_email,
                default_start: args.default_start,
                default_end: args.default_end,
                teams_url: args.teams_url,
                time_zone: args.time_zone,
                reminder_minutes: args.reminder_minutes,
            };
            let db = networks::create_network(database, &input)?;
            remember(&db, database)?;
            let created = settings::load(db.conn())?;
            if args.flag.json {
                return out.json(&created);
            }
            writeln!(out, "Nätverket ”{}” är skapat i {}.", created.network_name, database.display())?;
            writeln!(out, "Använd det med --db {} (eller NATVERK_DB).", database.display())
        }
        Command::Open { file, flag } => {
            require_db(chosen_with_db, "networks open FIL --db NY.sqlite3")?;
            let (db, received) = networks::open_received_network(&file, database)?;
            remember(&db, database)?;
            if flag.json {
                return out.json(&received);
            }
            writeln!(out, "{}", received.summary)
        }
    }
}

fn require_db(chosen_with_db: bool, usage: &str) -> Result<()> {
    if chosen_with_db {
        Ok(())
    } else {
        Err(Error::invalid("db", format!("Ange den nya databasfilen med --db: natverk {usage}")))
    }
}
