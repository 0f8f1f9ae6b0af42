//! The `natverk` command line: the same core as the desktop app, for scripts and for hosts who prefer a terminal.
//!
//! Human output is Swedish; `--json` gives stable machine-readable output. Errors go to stderr
//! and give a non-zero exit code (see `src/bin/natverk.rs`).

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::db::{default_database_path, Database};
use crate::error::{Error, Result};
use crate::settings::{self, SettingKey};
use crate::{examples, examples_export, meetings, municipalities, search, themes};

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
    /// Kommunernas exempel: lista, lägga till, visa, söka och exportera
    #[command(subcommand)]
    Examples(ExamplesCommand),
    /// Teman som exemplen sorteras under
    #[command(subcommand)]
    Themes(ThemesCommand),
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

#[derive(Debug, Subcommand)]
pub enum ExamplesCommand {
    /// Listar alla exempel i bokstavsordning
    List(JsonFlag),
    /// Lägger till ett exempel
    Add(AddExampleArgs),
    /// Visar ett exempel med allt som hör till det
    Show {
        /// Exemplets id
        id: String,
        #[command(flatten)]
        flag: JsonFlag,
    },
    /// Söker i titel, sammanfattning, beskrivning, teman och uppföljning (ord i början räcker: ”tillgäng”)
    Search(SearchArgs),
    /// Exporterar exempel grupperade efter tema till en Markdown- eller HTML-fil
    Export(ExportArgs),
}

#[derive(Debug, Args)]
pub struct AddExampleArgs {
    /// Rubrik
    #[arg(long)]
    pub title: String,
    /// Kommunkod (till exempel 2321) eller kommunnamn; kan anges flera gånger
    #[arg(long = "municipality", required = true, value_name = "KOMMUN")]
    pub municipalities: Vec<String>,
    /// Kort sammanfattning
    #[arg(long, default_value = "")]
    pub summary: String,
    /// Beskrivning: vad, varför, hur och resultat hittills
    #[arg(long, default_value = "")]
    pub body: String,
    /// Tema (namn eller id); kan anges flera gånger
    #[arg(long = "theme", value_name = "TEMA")]
    pub themes: Vec<String>,
    /// Fas: idé, planerad, införd eller utvärderad
    #[arg(long, default_value = "")]
    pub stage: String,
    /// Startdatum, ÅÅÅÅ-MM-DD
    #[arg(long, default_value = "")]
    pub started_on: String,
    /// Uppföljning, utvärdering och kunskapsstöd
    #[arg(long, default_value = "")]
    pub evaluation: String,
    /// Länk som börjar med https://; kan anges flera gånger
    #[arg(long = "link", value_name = "URL")]
    pub links: Vec<String>,
    /// Spara även om texten ser ut att innehålla ett personnummer
    #[arg(long)]
    pub confirm_sensitive: bool,
    /// Skriv ut det sparade exemplet som JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Sökord
    pub query: String,
    /// Bara exempel med det här temat (namn eller id)
    #[arg(long)]
    pub theme: Option<String>,
    /// Bara exempel från det här länet (länskod, till exempel 01)
    #[arg(long)]
    pub region: Option<String>,
    /// Bara exempel från den här kommunen (kommunkod)
    #[arg(long)]
    pub municipality: Option<String>,
    /// Bara exempel i den här fasen
    #[arg(long)]
    pub stage: Option<String>,
    /// Högst så här många träffar
    #[arg(long, default_value_t = search::DEFAULT_LIMIT)]
    pub limit: i64,
    #[command(flatten)]
    pub flag: JsonFlag,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Filformat: md (Markdown) eller html
    #[arg(long)]
    pub format: String,
    /// Filen som ska skrivas
    pub file: PathBuf,
    /// Bara exemplen under det här temat (namn eller id)
    #[arg(long)]
    pub theme: Option<String>,
    /// Bara de här exemplen (id); kan anges flera gånger. Utan --id exporteras alla.
    #[arg(long = "id", value_name = "ID")]
    pub ids: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum ThemesCommand {
    /// Listar teman med antal exempel
    List(JsonFlag),
    /// Lägger till ett tema
    Add {
        /// Temats namn
        name: String,
        /// Kort beskrivning
        #[arg(long, default_value = "")]
        description: String,
    },
}

/// A municipality code from a code or a name typed on the command line.
fn municipality_code(conn: &rusqlite::Connection, code_or_name: &str) -> Result<String> {
    let wanted = code_or_name.trim().to_lowercase();
    municipalities::list(conn)?
        .into_iter()
        .find(|m| m.code == wanted || m.name.to_lowercase() == wanted || m.display_name.to_lowercase() == wanted)
        .map(|m| m.code)
        .ok_or_else(|| {
            Error::invalid("municipality_codes", format!("Hittar ingen kommun som heter ”{}”.", code_or_name.trim()))
        })
}

fn write_example(out: &mut dyn Write, example: &examples::Example) -> std::io::Result<()> {
    writeln!(out, "{}", example.title)?;
    writeln!(out, "  id:          {}", example.id)?;
    let places: Vec<String> =
        example.municipalities.iter().map(|m| format!("{} ({})", m.name, m.region_name)).collect();
    writeln!(out, "  Kommun:      {}", places.join(", "))?;
    writeln!(out, "  Fas:         {}", example.stage_label)?;
    if let Some(started) = &example.started_on {
        writeln!(out, "  Startade:    {started}")?;
    }
    if let Some(contact) = &example.contact_member {
        writeln!(out, "  Kontakt:     {}", contact.name)?;
    }
    let theme_names: Vec<&str> = example.themes.iter().map(|t| t.name.as_str()).collect();
    writeln!(out, "  Teman:       {}", if theme_names.is_empty() { "–".into() } else { theme_names.join(", ") })?;
    for presentation in &example.presentations {
        let by = presentation.member_name.as_deref().map(|n| format!(" av {n}")).unwrap_or_default();
        writeln!(out, "  Visades:     {}{by}", presentation.meeting_label)?;
    }
    for (heading, text) in
        [("Sammanfattning", &example.summary), ("Beskrivning", &example.body), ("Uppföljning", &example.evaluation)]
    {
        if !text.is_empty() {
            writeln!(out, "\n{heading}:\n{text}")?;
        }
    }
    for link in &example.links {
        writeln!(out, "  Länk: {} {}", link.url, link.label)?;
    }
    Ok(())
}

fn run_examples(db: &mut Database, command: ExamplesCommand, out: &mut dyn Write) -> Result<()> {
    let write_error = |source| Error::Io { path: PathBuf::from("<standard ut>"), source };
    match command {
        ExamplesCommand::List(flag) => {
            let list = examples::list(db.conn())?;
            if flag.json {
                write_json(out, &list)?;
            } else if list.is_empty() {
                writeln!(out, "Inga exempel ännu.").map_err(write_error)?;
            } else {
                for example in &list {
                    let places: Vec<&str> = example.municipalities.iter().map(|m| m.name.as_str()).collect();
                    writeln!(
                        out,
                        "{}  ({}, {})\n    id {}",
                        example.title,
                        places.join(", "),
                        example.stage_label,
                        example.id
                    )
                    .map_err(write_error)?;
                }
                writeln!(out, "\n{} exempel.", list.len()).map_err(write_error)?;
            }
        }
        ExamplesCommand::Add(args) => {
            let conn = db.conn();
            let municipality_codes =
                args.municipalities.iter().map(|m| municipality_code(conn, m)).collect::<Result<Vec<_>>>()?;
            let theme_ids = args.themes.iter().map(|t| Ok(themes::find(conn, t)?.id)).collect::<Result<Vec<_>>>()?;
            let input = examples::ExampleInput {
                title: args.title,
                summary: args.summary,
                body: args.body,
                municipality_codes,
                contact_member_id: None,
                theme_ids,
                stage: args.stage,
                started_on: args.started_on,
                evaluation: args.evaluation,
                links: args.links.into_iter().map(|url| examples::ExampleLink { url, label: String::new() }).collect(),
                confirm_sensitive: args.confirm_sensitive,
            };
            let saved = examples::create(db, &input).map_err(|error| match error {
                Error::SensitiveData { field, message } => {
                    Error::SensitiveData { field, message: format!("{message} Spara ändå med --confirm-sensitive.") }
                }
                other => other,
            })?;
            if args.json {
                write_json(out, &saved)?;
            } else {
                writeln!(out, "Sparat: {} (id {})", saved.title, saved.id).map_err(write_error)?;
            }
        }
        ExamplesCommand::Show { id, flag } => {
            let example = examples::get(db.conn(), &id)?;
            if flag.json {
                write_json(out, &example)?;
            } else {
                write_example(out, &example).map_err(write_error)?;
            }
        }
        ExamplesCommand::Search(args) => {
            let conn = db.conn();
            let theme_id = match &args.theme {
                Some(theme) => themes::find(conn, theme)?.id,
                None => String::new(),
            };
            let query = search::SearchQuery {
                text: args.query,
                theme_id,
                region_code: args.region.unwrap_or_default(),
                municipality_code: args.municipality.unwrap_or_default(),
                stage: args.stage.unwrap_or_default(),
                limit: Some(args.limit),
                offset: 0,
            };
            let results = search::search(conn, &query)?;
            if args.flag.json {
                write_json(out, &results)?;
            } else if results.hits.is_empty() {
                writeln!(out, "Inga exempel hittades.").map_err(write_error)?;
            } else {
                for hit in &results.hits {
                    // Matches are shown in [brackets] so they stand out in a terminal.
                    let snippet: String = hit
                        .snippet
                        .iter()
                        .map(|s| if s.highlighted { format!("[{}]", s.text) } else { s.text.clone() })
                        .collect();
                    writeln!(
                        out,
                        "{}\n    {}\n    id {}",
                        hit.example.title,
                        snippet.replace('\n', " "),
                        hit.example.id
                    )
                    .map_err(write_error)?;
                }
                writeln!(out, "\n{} av {} exempel visas.", results.hits.len(), results.total).map_err(write_error)?;
            }
        }
        ExamplesCommand::Export(args) => {
            let format = examples_export::ExportFormat::parse("format", &args.format)?;
            let theme_id = match &args.theme {
                Some(theme) => themes::find(db.conn(), theme)?.id,
                None => String::new(),
            };
            let selection = examples_export::ExportSelection { example_ids: args.ids, theme_id };
            let count = examples_export::export_to_file(db.conn(), &selection, format, &args.file)?;
            writeln!(out, "Exporterade {count} exempel till {}.", args.file.display()).map_err(write_error)?;
        }
    }
    Ok(())
}

fn run_themes(db: &mut Database, command: ThemesCommand, out: &mut dyn Write) -> Result<()> {
    let write_error = |source| Error::Io { path: PathBuf::from("<standard ut>"), source };
    match command {
        ThemesCommand::List(flag) => {
            let list = themes::list(db.conn())?;
            if flag.json {
                write_json(out, &list)?;
            } else {
                for theme in &list {
                    writeln!(out, "{:<45} {:>3} exempel", theme.name, theme.example_count).map_err(write_error)?;
                }
            }
        }
        ThemesCommand::Add { name, description } => {
            let theme = themes::add(db, &themes::ThemeInput { name, description })?;
            writeln!(out, "Temat ”{}” är tillagt (id {}).", theme.name, theme.id).map_err(write_error)?;
        }
    }
    Ok(())
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
        Command::Examples(command) => run_examples(&mut db, command, out)?,
        Command::Themes(command) => run_themes(&mut db, command, out)?,
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
