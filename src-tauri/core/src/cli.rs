//! The `natverk` command line: the same core as the desktop app, for scripts and for hosts who prefer a terminal.
//!
//! Human output is Swedish; `--json` gives stable machine-readable output. Errors go to stderr
//! and give a non-zero exit code (see `src/bin/natverk.rs`).

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::db::{default_database_path, Database};
use crate::error::{Error, Result};
use crate::meeting_series::{self, SeriesInput, SeriesRule};
use crate::meetings::{self, MeetingInput};
use crate::municipalities;
use crate::settings::{self, SettingKey};
use crate::swedish_time::RepeatedHour;

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
    /// Visar en träff med värdar, närvaro och presentationer
    Show {
        /// Träffens id
        id: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Lägger in en träff; varnar för helgdagar, klämdagar, helger och krockar men lägger ändå in den
    Add {
        #[command(flatten)]
        fields: MeetingFields,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Ändrar en träff (bara de uppgifter som anges); id och kalender-UID behålls
    Edit {
        /// Träffens id
        id: String,
        #[command(flatten)]
        fields: MeetingFields,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Ställer in en träff; den finns kvar med status inställd och anledningen
    Cancel {
        /// Träffens id
        id: String,
        /// Varför träffen ställs in, till exempel "pga förhinder"
        #[arg(long, value_name = "TEXT")]
        reason: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Tar tillbaka en inställning: träffen blir av igen
    Reinstate {
        /// Träffens id
        id: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Skapar en serie träffar från en regel eller en lista med datum
    Series(Box<SeriesArgs>),
}

/// Uppgifter om en träff; utelämnade uppgifter tas från inställningarna (add) eller behålls (edit).
#[derive(Debug, Args)]
pub struct MeetingFields {
    /// Rubrik
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// Datum, ÅÅÅÅ-MM-DD
    #[arg(long, value_name = "DATUM")]
    pub date: Option<String>,
    /// Starttid, till exempel 15.00 (standard: inställningarna)
    #[arg(long, value_name = "TID")]
    pub start: Option<String>,
    /// Sluttid, till exempel 15.45 (standard: inställningarna)
    #[arg(long, value_name = "TID")]
    pub end: Option<String>,
    /// IANA-tidszon (standard: inställningarna, normalt Europe/Stockholm)
    #[arg(long, value_name = "ZON")]
    pub time_zone: Option<String>,
    /// Teams-länk (https://…); en tom sträng tar bort länken
    #[arg(long, value_name = "URL")]
    pub teams_url: Option<String>,
    /// Dagordning
    #[arg(long, value_name = "TEXT")]
    pub agenda: Option<String>,
    /// Vid den timme som upprepas när sommartiden slutar: välj den andra (vintertid)
    #[arg(long)]
    pub later_hour: bool,
}

/// En serie: ange --var-n-vecka, --sista-veckodag eller --datum.
#[derive(Debug, Args)]
pub struct SeriesArgs {
    /// Var N:e vecka från --fran, till exempel 4 för "var fjärde tisdag"
    #[arg(long, value_name = "N", conflicts_with_all = ["last_weekday", "dates"])]
    pub every_weeks: Option<u32>,
    /// Sista veckodagen i varje månad, till exempel tisdag
    #[arg(long, value_name = "VECKODAG", conflicts_with = "dates")]
    pub last_weekday: Option<String>,
    /// Exakta datum, kommaseparerade: 2024-09-03,2024-10-01
    #[arg(long, value_name = "DATUM,...", value_delimiter = ',')]
    pub dates: Vec<String>,
    /// Första datum för regeln, ÅÅÅÅ-MM-DD
    #[arg(long = "from", value_name = "DATUM")]
    pub from: Option<String>,
    /// Antal träffar
    #[arg(long, value_name = "N")]
    pub count: Option<u32>,
    /// Sista datum (för --last-weekday), ÅÅÅÅ-MM-DD
    #[arg(long, value_name = "DATUM")]
    pub until: Option<String>,
    /// Visa bara vilka träffar som skulle skapas, med varningar
    #[arg(long)]
    pub preview: bool,
    #[command(flatten)]
    pub fields: MeetingFields,
    #[command(flatten)]
    pub json: JsonFlag,
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
    if let Command::Meetings(command) = cli.command {
        return run_meetings(&mut db, command, out);
    }
    let conn = db.conn();
    let write_error = |source| Error::Io { path: PathBuf::from("<standard ut>"), source };
    match cli.command {
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
        Command::Meetings(_) => {} // handled by run_meetings above
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
    }
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

fn run_meetings(db: &mut Database, command: MeetingsCommand, out: &mut dyn Write) -> Result<()> {
    let write_error = |source| Error::Io { path: PathBuf::from("<standard ut>"), source };
    match command {
        MeetingsCommand::List(flag) => {
            let list = meetings::list(db.conn())?;
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
        MeetingsCommand::Show { id, json } => {
            let detail = meetings::detail(db.conn(), &id)?;
            if json.json {
                write_json(out, &detail)?;
            } else {
                write_meeting_detail(out, &detail).map_err(write_error)?;
            }
        }
        MeetingsCommand::Add { fields, json } => {
            let input = fields.into_input(MeetingInput::default());
            let scheduled = db.write(|tx| meetings::schedule(tx, &input, &[]))?;
            write_scheduled(out, "Träffen är inlagd", &scheduled, json.json)?;
        }
        MeetingsCommand::Edit { id, fields, json } => {
            let current = meetings::get(db.conn(), &id)?;
            let input = fields.into_input(meetings::input_of(db.conn(), &current)?);
            let scheduled = db.write(|tx| meetings::reschedule(tx, &id, &input, None))?;
            write_scheduled(out, "Träffen är ändrad", &scheduled, json.json)?;
        }
        MeetingsCommand::Cancel { id, reason, json } => {
            let meeting = meetings::cancel(db.conn(), &id, &reason)?;
            if json.json {
                write_json(out, &meeting)?;
            } else {
                writeln!(out, "Träffen {} är inställd: {}", meeting.when_label, meeting.cancel_reason)
                    .map_err(write_error)?;
            }
        }
        MeetingsCommand::Reinstate { id, json } => {
            let meeting = meetings::reinstate(db.conn(), &id)?;
            if json.json {
                write_json(out, &meeting)?;
            } else {
                writeln!(out, "Träffen {} blir av igen.", meeting.when_label).map_err(write_error)?;
            }
        }
        MeetingsCommand::Series(args) => run_series(db, *args, out)?,
    }
    Ok(())
}

impl MeetingFields {
    /// The given fields laid over `base` (empty for add, the stored meeting for edit).
    fn into_input(self, base: MeetingInput) -> MeetingInput {
        MeetingInput {
            title: self.title.unwrap_or(base.title),
            date: self.date.unwrap_or(base.date),
            start: self.start.unwrap_or(base.start),
            end: self.end.unwrap_or(base.end),
            time_zone: self.time_zone.unwrap_or(base.time_zone),
            repeated_hour: if self.later_hour { RepeatedHour::Later } else { base.repeated_hour },
            teams_url: self.teams_url.unwrap_or(base.teams_url),
            agenda: self.agenda.unwrap_or(base.agenda),
        }
    }
}

fn run_series(db: &mut Database, args: SeriesArgs, out: &mut dyn Write) -> Result<()> {
    let write_error = |source| Error::Io { path: PathBuf::from("<standard ut>"), source };
    let start = || args.from.clone().unwrap_or_default();
    let rule = if let Some(weeks) = args.every_weeks {
        let count = args.count.ok_or_else(|| Error::invalid("count", "Ange antalet träffar med --count."))?;
        SeriesRule::EveryNWeeks { start: start(), interval_weeks: weeks, count }
    } else if let Some(weekday) = &args.last_weekday {
        SeriesRule::LastWeekdayOfMonth {
            start: start(),
            weekday: weekday.clone(),
            count: args.count,
            until: args.until.clone().unwrap_or_default(),
        }
    } else if !args.dates.is_empty() {
        SeriesRule::Dates { dates: args.dates.clone() }
    } else {
        return Err(Error::invalid("rule", "Ange --every-weeks N, --last-weekday VECKODAG eller --dates DATUM,..."));
    };
    let base = args.fields.into_input(MeetingInput::default());
    let input = SeriesInput {
        rule,
        title: base.title,
        start: base.start,
        end: base.end,
        time_zone: base.time_zone,
        teams_url: base.teams_url,
        agenda: base.agenda,
    };
    if args.preview {
        let sessions = meeting_series::preview(db.conn(), &input)?;
        if args.json.json {
            return write_json(out, &sessions);
        }
        for session in &sessions {
            writeln!(out, "{}", session.when_label).map_err(write_error)?;
            for warning in &session.warnings {
                writeln!(out, "    Obs: {}", warning.message).map_err(write_error)?;
            }
        }
        writeln!(out, "{} träffar skulle skapas (inget är sparat).", sessions.len()).map_err(write_error)?;
        return Ok(());
    }
    let created = db.write(|tx| meeting_series::create(tx, &input))?;
    if args.json.json {
        return write_json(out, &created);
    }
    for scheduled in &created {
        writeln!(out, "{}  id {}", scheduled.meeting.when_label, scheduled.meeting.id).map_err(write_error)?;
        for warning in &scheduled.warnings {
            writeln!(out, "    Obs: {}", warning.message).map_err(write_error)?;
        }
    }
    writeln!(out, "{} träffar är inlagda.", created.len()).map_err(write_error)?;
    Ok(())
}

fn write_scheduled(out: &mut dyn Write, heading: &str, scheduled: &meetings::Scheduled, json: bool) -> Result<()> {
    if json {
        return write_json(out, scheduled);
    }
    let write_error = |source| Error::Io { path: PathBuf::from("<standard ut>"), source };
    let meeting = &scheduled.meeting;
    writeln!(out, "{heading}: {}  {}\n    id {}", meeting.when_label, meeting.title, meeting.id)
        .map_err(write_error)?;
    for warning in &scheduled.warnings {
        writeln!(out, "Obs: {}", warning.message).map_err(write_error)?;
    }
    Ok(())
}

fn write_meeting_detail(out: &mut dyn Write, detail: &meetings::MeetingDetail) -> std::io::Result<()> {
    let meeting = &detail.meeting;
    writeln!(out, "{}\n{}", meeting.title, meeting.when_label)?;
    writeln!(out, "Status: {}", meeting.status.label())?;
    if !meeting.cancel_reason.is_empty() {
        writeln!(out, "Anledning: {}", meeting.cancel_reason)?;
    }
    if !meeting.teams_url.is_empty() {
        writeln!(out, "Teams: {}", meeting.teams_url)?;
    }
    writeln!(out, "Inbjudans sekvensnummer: {}", meeting.sequence)?;
    for warning in &detail.warnings {
        writeln!(out, "Obs: {}", warning.message)?;
    }
    if !detail.hosts.is_empty() {
        let names: Vec<&str> = detail.hosts.iter().map(|h| h.name.as_str()).collect();
        writeln!(out, "Värdar: {}", names.join(", "))?;
    }
    if !meeting.agenda.is_empty() {
        writeln!(out, "\nDagordning:\n{}", meeting.agenda)?;
    }
    if !meeting.focus.is_empty() {
        writeln!(out, "\nFokus: {}", meeting.focus)?;
    }
    if !meeting.notes.is_empty() {
        writeln!(out, "\nAnteckningar ({}):\n{}", meeting.notes_status.label(), meeting.notes)?;
    }
    let counts = detail.attendance_summary;
    writeln!(
        out,
        "\nNärvaro: {} närvarande, {} frånvarande, {} anmält förhinder",
        counts.present, counts.absent, counts.excused
    )?;
    for row in detail.attendance.iter().filter(|r| r.status.is_some()) {
        let status = row.status.map(|s| s.label()).unwrap_or_default();
        writeln!(out, "    {:<28} {:<16} {}", row.name, row.municipality_name.as_deref().unwrap_or(""), status)?;
    }
    for presentation in &detail.presentations {
        let who = presentation.member_name.as_deref().or(presentation.municipality_name.as_deref()).unwrap_or("");
        writeln!(out, "Presentation: {who} {}", presentation.note)?;
    }
    Ok(())
}
