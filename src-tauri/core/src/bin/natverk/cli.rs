//! The `natverk` command line: the same core as the desktop app, for scripts and for hosts who prefer a terminal.
//!
//! Human output is Swedish; `--json` gives stable machine-readable output. Errors go to stderr
//! and give a non-zero exit code (see `src/bin/natverk.rs`).

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use natverk_core::error::{Error, Result};
use natverk_core::examples::{self, export as examples_export, search, themes};
use natverk_core::exchange;
use natverk_core::meetings::series::{self, SeriesInput, SeriesRule};
use natverk_core::meetings::{self, MeetingInput};
use natverk_core::members::csv as members_csv;
use natverk_core::members::{self, MemberInput};
use natverk_core::settings::{self, SettingKey};
use natverk_core::store::{default_database_path, Database};
use natverk_core::sweden::municipalities;
use natverk_core::sweden::time::RepeatedHour;
use natverk_core::{calendar, privacy};

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
    /// Nätverkets medlemmar: lista, lägg till, importera och exportera (CSV), registerutdrag och anonymisering
    #[command(subcommand)]
    Members(MembersCommand),
    /// Kommunernas exempel: lista, lägga till, visa, söka och exportera
    #[command(subcommand)]
    Examples(ExamplesCommand),
    /// Teman som exemplen sorteras under
    #[command(subcommand)]
    Themes(ThemesCommand),
    /// Utbyte med andra installationer: utbytesfiler (.natverk) och synkmapp
    #[command(subcommand)]
    Bundle(BundleCommand),
    /// Fyller en ny databas med påhittade men realistiska data (samma frö ger samma data), för demo och prestandamätning
    Demo(DemoArgs),
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
pub enum MembersCommand {
    /// Listar medlemmarna i bokstavsordning (anonymiserade visas inte)
    List(JsonFlag),
    /// Lägger till en medlem
    Add(AddMember),
    /// Importerar en medlemslista (CSV från Excel: ; eller , UTF-8 eller Windows-1252)
    Import {
        /// CSV-filen
        file: PathBuf,
        /// Visa bara vad som skulle hända, spara inget
        #[arg(long)]
        dry_run: bool,
        /// Skriv ut resultatet som JSON
        #[arg(long)]
        json: bool,
    },
    /// Exporterar medlemmarna till en CSV-fil som Excel öppnar (UTF-8 med BOM, semikolon)
    Export {
        /// Filen som skrivs
        file: PathBuf,
    },
    /// Registerutdrag: allt som finns lagrat om en person
    Extract {
        /// Medlemmens id
        id: String,
        /// Skriv utdraget till en fil i stället för till skärmen
        #[arg(long, value_name = "FIL")]
        out: Option<PathBuf>,
    },
    /// Tar bort personuppgifterna men behåller kommunens exempel och närvarostatistiken
    Anonymise {
        /// Medlemmens id
        id: String,
    },
    /// Raderar en medlem helt
    Delete {
        /// Medlemmens id
        id: String,
    },
}

#[derive(Debug, Args)]
pub struct AddMember {
    /// För- och efternamn
    #[arg(long)]
    pub name: String,
    /// E-postadress i arbetet
    #[arg(long)]
    pub email: String,
    /// Kommunens namn eller kod, till exempel Gävle eller 2180
    #[arg(long)]
    pub municipality: String,
    /// Titel eller roll i kommunen
    #[arg(long, default_value = "")]
    pub title: String,
    /// Telefonnummer
    #[arg(long, default_value = "")]
    pub phone: String,
    /// Personen är medlem i FSS
    #[arg(long)]
    pub fss_member: bool,
    /// Datum då medlemskapet i FSS senast kontrollerades (ÅÅÅÅ-MM-DD)
    #[arg(long, default_value = "", value_name = "DATUM")]
    pub verified: String,
    /// Roll i nätverket: värd eller medlem
    #[arg(long, default_value = "medlem")]
    pub role: String,
    /// Status: aktiv, lämnat eller intresserad
    #[arg(long, default_value = "intresserad")]
    pub status: String,
    /// Datum då personen gick med (ÅÅÅÅ-MM-DD)
    #[arg(long, default_value = "", value_name = "DATUM")]
    pub joined: String,
    /// Anteckningar
    #[arg(long, default_value = "")]
    pub notes: String,
    /// Skriv ut den nya medlemmen som JSON
    #[arg(long)]
    pub json: bool,
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
    match command {
        ExamplesCommand::List(flag) => {
            let list = examples::list(db.conn())?;
            if flag.json {
                write_json(out, &list)?;
            } else if list.is_empty() {
                writeln!(out, "Inga exempel ännu.").map_err(stdout_error)?;
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
                    .map_err(stdout_error)?;
                }
                writeln!(out, "\n{} exempel.", list.len()).map_err(stdout_error)?;
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
            let saved = db.write(|tx| examples::create(tx, &input)).map_err(|error| match error {
                Error::SensitiveData { field, message } => {
                    Error::SensitiveData { field, message: format!("{message} Spara ändå med --confirm-sensitive.") }
                }
                other => other,
            })?;
            if args.json {
                write_json(out, &saved)?;
            } else {
                writeln!(out, "Sparat: {} (id {})", saved.title, saved.id).map_err(stdout_error)?;
            }
        }
        ExamplesCommand::Show { id, flag } => {
            let example = examples::get(db.conn(), &id)?;
            if flag.json {
                write_json(out, &example)?;
            } else {
                write_example(out, &example).map_err(stdout_error)?;
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
                writeln!(out, "Inga exempel hittades.").map_err(stdout_error)?;
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
                    .map_err(stdout_error)?;
                }
                writeln!(out, "\n{} av {} exempel visas.", results.hits.len(), results.total).map_err(stdout_error)?;
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
            writeln!(out, "Exporterade {count} exempel till {}.", args.file.display()).map_err(stdout_error)?;
        }
    }
    Ok(())
}

fn run_themes(db: &mut Database, command: ThemesCommand, out: &mut dyn Write) -> Result<()> {
    match command {
        ThemesCommand::List(flag) => {
            let list = themes::list(db.conn())?;
            if flag.json {
                write_json(out, &list)?;
            } else {
                for theme in &list {
                    writeln!(out, "{:<45} {:>3} exempel", theme.name, theme.example_count).map_err(stdout_error)?;
                }
            }
        }
        ThemesCommand::Add { name, description } => {
            let theme = db.write(|tx| themes::add(tx, &themes::ThemeInput { name, description }))?;
            writeln!(out, "Temat ”{}” är tillagt (id {}).", theme.name, theme.id).map_err(stdout_error)?;
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
    match cli.command {
        Command::Ics(IcsCommand::Import { file, dry_run, json }) => run_ics_import(&mut db, &file, dry_run, json, out),
        Command::Restore { file } => {
            db.restore_from(&file, chrono::Utc::now())?;
            writeln!(
                out,
                "Databasen är återställd från {}. Det tidigare innehållet sparades som säkerhetskopia.",
                file.display()
            )
            .map_err(stdout_error)
        }
        Command::Meetings(command) => run_meetings(&mut db, command, out),
        Command::Members(command) => run_members(&mut db, command, out),
        Command::Examples(command) => run_examples(&mut db, command, out),
        Command::Themes(command) => run_themes(&mut db, command, out),
        Command::Bundle(command) => run_bundle(&mut db, command, out),
        Command::Demo(args) => run_demo(&mut db, &path, &args, out),
        command => run_on(&mut db, &path, command, out),
    }
}

fn run_demo(db: &mut Database, path: &std::path::Path, args: &DemoArgs, out: &mut dyn Write) -> Result<()> {
    let size = natverk_core::demo::DemoSize {
        examples: args.examples,
        members: args.members,
        meetings: args.meetings,
        active_percent: args.active_percent,
        seed: args.seed,
    };
    let summary = natverk_core::demo::generate(db, &size)?;
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
    .map_err(stdout_error)
}

/// Commands that need only a shared borrow of the database.
fn run_on(db: &mut Database, path: &std::path::Path, command: Command, out: &mut dyn Write) -> Result<()> {
    let conn = db.conn();
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
            .map_err(stdout_error)?;
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
                            .map_err(stdout_error)?;
                        current_region = Some(&municipality.region_code);
                    }
                    writeln!(out, "  {}  {:<22} {}", municipality.code, municipality.name, municipality.display_name)
                        .map_err(stdout_error)?;
                }
                writeln!(out, "\n{} kommuner.", list.len()).map_err(stdout_error)?;
            }
        }
        Command::Settings(SettingsCommand::Show(flag)) => {
            let current = settings::load(conn)?;
            if flag.json {
                write_json(out, &current)?;
            } else {
                write_settings(out, &current).map_err(stdout_error)?;
            }
        }
        Command::Settings(SettingsCommand::Set { key, value }) => {
            let key = SettingKey::from_cli_name(&key)?;
            let changed = settings::load(conn)?.with_value(key, &value)?;
            let saved = db.write(|tx| settings::save(tx, &changed))?;
            writeln!(out, "Sparat: {} = {}", key.label(), display_value(key.value_of(&saved))).map_err(stdout_error)?;
        }
        Command::Ics(IcsCommand::Invite { meeting_id, out: file_path }) => {
            let file = calendar::invitation_for_meeting(conn, &meeting_id, chrono::Utc::now())?;
            calendar::write_calendar_file(&file_path, &file)?;
            let kind = if file.method == "CANCEL" { "Avbokning" } else { "Inbjudan" };
            writeln!(
                out,
                "{kind} sparad i {} ({} deltagare, METHOD:{}).",
                file_path.display(),
                file.attendee_emails.len(),
                file.method
            )
            .map_err(stdout_error)?;
        }
        Command::Ics(IcsCommand::Feed { out: file_path }) => {
            let file = calendar::network_feed(conn, chrono::Utc::now())?;
            calendar::write_calendar_file(&file_path, &file)?;
            writeln!(out, "Kalenderflödet sparades i {}.", file_path.display()).map_err(stdout_error)?;
        }
        Command::Backup { list: true, .. } => {
            let backups = natverk_core::store::backup::list(path)?;
            if backups.is_empty() {
                writeln!(out, "Inga säkerhetskopior i {}.", natverk_core::store::backup::backup_folder(path).display())
                    .map_err(stdout_error)?;
            }
            for backup in backups {
                writeln!(out, "{}  {:>9} byte  {}", backup.created_at, backup.size_bytes, backup.path.display())
                    .map_err(stdout_error)?;
            }
        }
        Command::Backup { out: target, list: false } => {
            let written = match target {
                Some(file) => {
                    natverk_core::store::backup::write_backup(conn, &file)?;
                    file
                }
                None => natverk_core::store::backup::backup_now(
                    conn,
                    path,
                    natverk_core::store::backup::Reason::Manual,
                    chrono::Utc::now(),
                )?,
            };
            writeln!(out, "Säkerhetskopian sparades i {}.", written.display()).map_err(stdout_error)?;
        }
        Command::Ics(IcsCommand::Import { .. })
        | Command::Restore { .. }
        | Command::Meetings(_)
        | Command::Members(_)
        | Command::Examples(_)
        | Command::Themes(_)
        | Command::Bundle(_)
        | Command::Demo(_) => {
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
    let bytes = std::fs::read(file).map_err(|source| Error::Io { path: file.to_path_buf(), source })?;
    let preview = if dry_run {
        calendar::import::preview(db.conn(), &bytes)?
    } else {
        db.write(|tx| calendar::import::apply(tx, &bytes))?
    };
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
        writeln!(out, "{line}").map_err(stdout_error)?;
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
    .map_err(stdout_error)?;
    Ok(())
}

fn run_members(db: &mut Database, command: MembersCommand, out: &mut dyn Write) -> Result<()> {
    match command {
        MembersCommand::List(flag) => {
            let list = members::list(db.conn())?;
            if flag.json {
                write_json(out, &list)?;
            } else if list.is_empty() {
                writeln!(out, "Inga medlemmar.").map_err(stdout_error)?;
            } else {
                for member in &list {
                    writeln!(
                        out,
                        "{}  {}  {}  {}{}\n    id {}",
                        member.name,
                        member.email.as_deref().unwrap_or(""),
                        member.municipality_name,
                        member.status.label(),
                        if member.fss_member { "" } else { " (inte medlem i FSS)" },
                        member.id
                    )
                    .map_err(stdout_error)?;
                    if let Some(warning) = &member.membership_warning {
                        writeln!(out, "    OBS: {warning}").map_err(stdout_error)?;
                    }
                }
                writeln!(out, "{}.", members_count(list.len())).map_err(stdout_error)?;
            }
        }
        MembersCommand::Add(add) => {
            let municipality_code = members_csv::find_municipality(db.conn(), &add.municipality)?
                .map(|(code, _)| code)
                .ok_or_else(|| {
                    Error::invalid(
                        "municipality_code",
                        format!(
                            "”{}” är ingen av Sveriges 290 kommuner. Ange kommunens namn eller kod.",
                            add.municipality
                        ),
                    )
                })?;
            let input = MemberInput {
                name: add.name,
                title: add.title,
                municipality_code,
                email: add.email,
                phone: add.phone,
                fss_member: add.fss_member,
                fss_verified_on: add.verified,
                network_role: add.role,
                status: add.status,
                joined_on: add.joined,
                notes: add.notes,
            };
            let member = db.write(|tx| members::create(tx, &input))?;
            if add.json {
                write_json(out, &member)?;
            } else {
                writeln!(out, "Tillagd: {} ({}), id {}", member.name, member.municipality_name, member.id)
                    .map_err(stdout_error)?;
            }
        }
        MembersCommand::Import { file, dry_run, json } => {
            let result = if dry_run {
                members_csv::preview_file(db.conn(), &file)?
            } else {
                db.write(|tx| members_csv::apply_file(tx, &file))?
            };
            if json {
                write_json(out, &result)?;
            } else {
                write_import(out, &result, dry_run).map_err(stdout_error)?;
            }
        }
        MembersCommand::Export { file } => {
            let count = members_csv::export_to_file(db.conn(), &file)?;
            writeln!(out, "Exporterade {} till {}.", members_count(count), file.display()).map_err(stdout_error)?;
        }
        MembersCommand::Extract { id, out: Some(file) } => {
            privacy::extract_to_file(db.conn(), &id, &file)?;
            writeln!(out, "Registerutdraget är sparat i {}.", file.display()).map_err(stdout_error)?;
        }
        MembersCommand::Extract { id, out: None } => {
            write!(out, "{}", privacy::extract(db.conn(), &id)?).map_err(stdout_error)?;
        }
        MembersCommand::Anonymise { id } => {
            db.write(|tx| privacy::anonymise(tx, &id))?;
            writeln!(out, "Medlemmen {id} är anonymiserad.").map_err(stdout_error)?;
        }
        MembersCommand::Delete { id } => {
            db.write(|tx| privacy::delete(tx, &id))?;
            writeln!(out, "Medlemmen {id} är raderad.").map_err(stdout_error)?;
        }
    }
    Ok(())
}

fn write_import(out: &mut dyn Write, result: &members_csv::ImportPreview, dry_run: bool) -> std::io::Result<()> {
    writeln!(out, "Filen lästes som {} med ”{}” mellan kolumnerna.", result.encoding, result.separator)?;
    if !result.ignored_columns.is_empty() {
        writeln!(out, "Kolumner som inte används: {}.", result.ignored_columns.join(", "))?;
    }
    for row in &result.rows {
        let who = format!("{} <{}>", row.name, row.email);
        match row.outcome {
            members_csv::RowOutcome::Reject => {
                writeln!(out, "rad {}: avvisas – {who}: {}", row.row_number, row.reasons.join(" "))?
            }
            outcome => {
                writeln!(out, "rad {}: {} – {who} ({})", row.row_number, outcome.label(), row.municipality_name)?
            }
        }
    }
    if dry_run {
        writeln!(
            out,
            "Provkörning, inget har sparats: {} läggs till, {} uppdateras, {} avvisas.",
            result.added, result.updated, result.rejected
        )
    } else {
        writeln!(
            out,
            "Importen är klar. Tillagda: {}, uppdaterade: {}, avvisade rader som inte importerades: {}.",
            result.added, result.updated, result.rejected
        )
    }
}

/// "1 medlem", "2 medlemmar".
fn members_count(count: usize) -> String {
    if count == 1 {
        "1 medlem".to_string()
    } else {
        format!("{count} medlemmar")
    }
}

fn run_bundle(db: &mut Database, command: BundleCommand, out: &mut dyn Write) -> Result<()> {
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
            .map_err(stdout_error)
        }
        BundleCommand::Import { file, dry_run, json } => {
            let bytes = exchange::read_bundle_file(&file)?;
            let report =
                if dry_run { exchange::preview_import(db, &bytes)? } else { exchange::apply_import(db, &bytes)? };
            if json {
                return write_json(out, &report);
            }
            write_import_report(out, &report).map_err(stdout_error)
        }
        BundleCommand::Sync { dir, dry_run, no_contacts, json } => {
            let options = exchange::ExportOptions { include_contacts: !no_contacts, ..Default::default() };
            let report = exchange::sync_folder(db, &dir, options, dry_run)?;
            if json {
                return write_json(out, &report);
            }
            if report.files.is_empty() {
                writeln!(out, "Inga andra utbytesfiler i {}.", dir.display()).map_err(stdout_error)?;
            }
            for file in &report.files {
                writeln!(out, "{}:", file.file.display()).map_err(stdout_error)?;
                match (&file.report, &file.error) {
                    (Some(import), _) => write_import_report(out, import).map_err(stdout_error)?,
                    (None, Some(error)) => writeln!(out, "  Lästes inte: {error}").map_err(stdout_error)?,
                    (None, None) => {}
                }
            }
            match &report.written {
                Some(path) => writeln!(out, "Din egen utbytesfil sparades i {}.", path.display()),
                None => writeln!(out, "Inget har ändrats och ingen fil skrevs (--dry-run)."),
            }
            .map_err(stdout_error)
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
    serde_json::to_writer_pretty(&mut *out, value).map_err(|e| stdout_error(e.into()))?;
    writeln!(out).map_err(stdout_error)
}

fn run_meetings(db: &mut Database, command: MeetingsCommand, out: &mut dyn Write) -> Result<()> {
    match command {
        MeetingsCommand::List(flag) => {
            let list = meetings::list(db.conn())?;
            if flag.json {
                write_json(out, &list)?;
            } else if list.is_empty() {
                writeln!(out, "Inga träffar.").map_err(stdout_error)?;
            } else {
                for meeting in &list {
                    let status = match meeting.status {
                        meetings::MeetingStatus::Scheduled => String::new(),
                        meetings::MeetingStatus::Cancelled => format!("  [INSTÄLLD: {}]", meeting.cancel_reason),
                    };
                    writeln!(out, "{}  {}{status}\n    id {}", meeting.when_label, meeting.title, meeting.id)
                        .map_err(stdout_error)?;
                }
            }
        }
        MeetingsCommand::Show { id, json } => {
            let detail = meetings::detail(db.conn(), &id)?;
            if json.json {
                write_json(out, &detail)?;
            } else {
                write_meeting_detail(out, &detail).map_err(stdout_error)?;
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
            let meeting = db.write(|tx| meetings::cancel(tx, &id, &reason))?;
            if json.json {
                write_json(out, &meeting)?;
            } else {
                writeln!(out, "Träffen {} är inställd: {}", meeting.when_label, meeting.cancel_reason)
                    .map_err(stdout_error)?;
            }
        }
        MeetingsCommand::Reinstate { id, json } => {
            let meeting = db.write(|tx| meetings::reinstate(tx, &id))?;
            if json.json {
                write_json(out, &meeting)?;
            } else {
                writeln!(out, "Träffen {} blir av igen.", meeting.when_label).map_err(stdout_error)?;
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
        let sessions = series::preview(db.conn(), &input)?;
        if args.json.json {
            return write_json(out, &sessions);
        }
        for session in &sessions {
            writeln!(out, "{}", session.when_label).map_err(stdout_error)?;
            for warning in &session.warnings {
                writeln!(out, "    Obs: {}", warning.message).map_err(stdout_error)?;
            }
        }
        writeln!(out, "{} träffar skulle skapas (inget är sparat).", sessions.len()).map_err(stdout_error)?;
        return Ok(());
    }
    let created = db.write(|tx| series::create(tx, &input))?;
    if args.json.json {
        return write_json(out, &created);
    }
    for scheduled in &created {
        writeln!(out, "{}  id {}", scheduled.meeting.when_label, scheduled.meeting.id).map_err(stdout_error)?;
        for warning in &scheduled.warnings {
            writeln!(out, "    Obs: {}", warning.message).map_err(stdout_error)?;
        }
    }
    writeln!(out, "{} träffar är inlagda.", created.len()).map_err(stdout_error)?;
    Ok(())
}

fn write_scheduled(out: &mut dyn Write, heading: &str, scheduled: &meetings::Scheduled, json: bool) -> Result<()> {
    if json {
        return write_json(out, scheduled);
    }
    let meeting = &scheduled.meeting;
    writeln!(out, "{heading}: {}  {}\n    id {}", meeting.when_label, meeting.title, meeting.id)
        .map_err(stdout_error)?;
    for warning in &scheduled.warnings {
        writeln!(out, "Obs: {}", warning.message).map_err(stdout_error)?;
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

/// A failed write to standard output, as the one error type (a broken pipe ends the CLI quietly).
fn stdout_error(source: std::io::Error) -> Error {
    Error::Io { path: PathBuf::from("<standard ut>"), source }
}
