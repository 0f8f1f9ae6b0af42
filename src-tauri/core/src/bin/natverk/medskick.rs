//! `natverk medskick`: needs and questions to carry upward — add, list, show, search, move between statuses and compile.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use natverk_core::error::{Error, Result};
use natverk_core::examples::themes;
use natverk_core::medskick::{self, compile, search, Medskick, MedskickInput, Status, StatusChange};
use natverk_core::store::Database;
use natverk_core::sweden::municipalities;

use crate::choice::Lenient;
use crate::output::{JsonFlag, Output};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lägger till ett medskick (status ny)
    Add(AddArgs),
    /// Listar medskick, nyast först
    List(ListArgs),
    /// Visar ett medskick med allt som hör till det
    Show {
        /// Medskickets id
        id: String,
        #[command(flatten)]
        flag: JsonFlag,
    },
    /// Söker i rubrik, beskrivning och svar (början av ett ord räcker)
    Search(SearchArgs),
    /// Flyttar ett medskick till en ny status: ny, samlas, framförd, besvarad eller avslutad
    Status(StatusArgs),
    /// Skriver en sammanställning grupperad efter mottagare och tema (Markdown, HTML eller CSV för Excel)
    Compile(CompileArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Rubrik
    #[arg(long)]
    title: String,
    /// Vad medskicket gäller
    #[arg(long, default_value = "")]
    description: String,
    /// Träffen där det väcktes (id)
    #[arg(long, value_name = "ID")]
    meeting: Option<String>,
    /// Kommunkod eller kommunnamn
    #[arg(long, value_name = "KOMMUN")]
    municipality: Option<String>,
    /// Medlemmen som väckte det (id)
    #[arg(long = "raised-by", value_name = "ID")]
    raised_by: Option<String>,
    /// Tema (namn eller id); kan anges flera gånger
    #[arg(long = "theme", value_name = "TEMA")]
    themes: Vec<String>,
    /// Exempel som medskicket pekar på (id); kan anges flera gånger
    #[arg(long = "example", value_name = "ID")]
    examples: Vec<String>,
    /// Mottagare: fss, skr, regeringen, socialstyrelsen eller annan
    #[arg(long, default_value = "fss")]
    addressee: String,
    /// Delning: nätverket (standard) eller öppen
    #[arg(long, default_value = "nätverket")]
    sharing: String,
    /// Spara även om texten ser ut att innehålla ett personnummer
    #[arg(long)]
    confirm_sensitive: bool,
    /// Skriv ut det sparade medskicket som JSON
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Bara medskick med den här statusen
    #[arg(long)]
    status: Option<String>,
    #[command(flatten)]
    flag: JsonFlag,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Sökord
    query: String,
    /// Bara medskick med den här statusen
    #[arg(long)]
    status: Option<String>,
    /// Bara medskick till den här mottagaren
    #[arg(long)]
    addressee: Option<String>,
    /// Bara medskick med det här temat (namn eller id)
    #[arg(long)]
    theme: Option<String>,
    #[command(flatten)]
    flag: JsonFlag,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Medskickets id
    id: String,
    /// Ny status: ny, samlas, framförd, besvarad eller avslutad
    #[arg(long)]
    status: String,
    /// Datum, ÅÅÅÅ-MM-DD (standard: i dag)
    #[arg(long, default_value = "")]
    date: String,
    /// Svaret som kom (krävs för besvarad)
    #[arg(long, default_value = "")]
    answer: String,
    /// Skriv ut medskicket som JSON
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct CompileArgs {
    /// Filformat: md (Markdown), html eller csv (för Excel)
    #[arg(long, value_parser = Lenient::<Format>::new())]
    format: Format,
    /// Filen som ska skrivas
    file: PathBuf,
    /// Bara medskick till den här mottagaren
    #[arg(long)]
    addressee: Option<String>,
    /// Bara medskick med den här statusen
    #[arg(long)]
    status: Option<String>,
    /// Ta även med medskick som bara får delas inom nätverket (de märks tydligt)
    #[arg(long)]
    include_confidential: bool,
}

/// The compilation formats as typed after `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    #[value(name = "md", alias = "markdown")]
    Markdown,
    #[value(name = "html")]
    Html,
    #[value(name = "csv")]
    Csv,
}

impl From<Format> for compile::CompileFormat {
    fn from(format: Format) -> Self {
        match format {
            Format::Markdown => compile::CompileFormat::Markdown,
            Format::Html => compile::CompileFormat::Html,
            Format::Csv => compile::CompileFormat::Csv,
        }
    }
}

pub fn run(db: &mut Database, command: Command, out: &mut Output) -> Result<()> {
    match command {
        Command::Add(args) => add(db, args, out),
        Command::List(args) => {
            let status = args.status.as_deref().map(|s| Status::parse("status", s)).transpose()?;
            let list = medskick::list(db.conn(), status)?;
            if args.flag.json {
                return out.json(&list);
            }
            if list.is_empty() {
                return writeln!(out, "Inga medskick.");
            }
            for item in &list {
                write_line(out, item)?;
            }
            writeln!(out, "\n{} medskick.", list.len())
        }
        Command::Show { id, flag } => {
            let item = medskick::get(db.conn(), &id)?;
            if flag.json {
                return out.json(&item);
            }
            write_medskick(out, &item)
        }
        Command::Search(args) => {
            let theme_id = match &args.theme {
                Some(theme) => themes::find(db.conn(), theme)?.id,
                None => String::new(),
            };
            let query = search::MedskickQuery {
                text: args.query,
                status: args.status.unwrap_or_default(),
                addressee: args.addressee.unwrap_or_default(),
                theme_id,
                ..Default::default()
            };
            let results = search::search(db.conn(), &query)?;
            if args.flag.json {
                return out.json(&results);
            }
            for hit in &results.hits {
                write_line(out, &hit.medskick)?;
            }
            writeln!(out, "\n{} medskick hittades.", results.total)
        }
        Command::Status(args) => {
            let change = StatusChange { status: args.status, date: args.date, answer: args.answer };
            let item = db.write(|tx| medskick::change_status(tx, &args.id, &change))?;
            if args.json {
                return out.json(&item);
            }
            writeln!(out, "{} är nu {}.", item.title, item.status_label)
        }
        Command::Compile(args) => {
            let selection = compile::CompileSelection {
                addressee: args.addressee.unwrap_or_default(),
                status: args.status.unwrap_or_default(),
                include_confidential: args.include_confidential,
            };
            let compilation = compile::compile_to_file(db.conn(), &selection, args.format.into(), &args.file)?;
            writeln!(out, "Skrev {} medskick till {}.", compilation.count, args.file.display())?;
            writeln!(out, "{}", compilation.includes)
        }
    }
}

fn add(db: &mut Database, args: AddArgs, out: &mut Output) -> Result<()> {
    let conn = db.conn();
    let municipality_code = match &args.municipality {
        Some(typed) => municipality_code(conn, typed)?,
        None => String::new(),
    };
    let theme_ids = args.themes.iter().map(|t| Ok(themes::find(conn, t)?.id)).collect::<Result<Vec<_>>>()?;
    let input = MedskickInput {
        title: args.title,
        description: args.description,
        raised_by_member_id: args.raised_by,
        municipality_code,
        meeting_id: args.meeting.unwrap_or_default(),
        theme_ids,
        example_ids: args.examples,
        addressee: args.addressee,
        sharing: args.sharing,
        confirm_sensitive: args.confirm_sensitive,
    };
    let saved = db.write(|tx| medskick::create(tx, &input)).map_err(|error| match error {
        Error::SensitiveData { field, message } => {
            Error::SensitiveData { field, message: format!("{message} Spara ändå med --confirm-sensitive.") }
        }
        other => other,
    })?;
    if args.json {
        return out.json(&saved);
    }
    writeln!(out, "Sparat: {} (id {})", saved.title, saved.id)
}

/// A municipality code from a code or a name typed on the command line.
fn municipality_code(conn: &rusqlite::Connection, code_or_name: &str) -> Result<String> {
    let wanted = code_or_name.trim().to_lowercase();
    municipalities::list(conn)?
        .into_iter()
        .find(|m| m.code == wanted || m.name.to_lowercase() == wanted || m.display_name.to_lowercase() == wanted)
        .map(|m| m.code)
        .ok_or_else(|| {
            Error::invalid("municipality_code", format!("Hittar ingen kommun som heter ”{}”.", code_or_name.trim()))
        })
}

fn write_line(out: &mut Output, item: &Medskick) -> Result<()> {
    let place = item.municipality.as_ref().map(|m| format!(", {}", m.name)).unwrap_or_default();
    writeln!(
        out,
        "{}  ({}, till {}{place}, {})\n    id {}",
        item.title, item.status_label, item.addressee_label, item.sharing_label, item.id
    )
}

fn write_medskick(out: &mut Output, item: &Medskick) -> Result<()> {
    writeln!(out, "{}", item.title)?;
    writeln!(out, "  id:          {}", item.id)?;
    for (label, value) in compile::facts(item) {
        writeln!(out, "  {:<12} {value}", format!("{label}:"))?;
    }
    writeln!(out, "  Mottagare:   {}", item.addressee_label)?;
    if !item.description.is_empty() {
        writeln!(out, "\nBeskrivning:\n{}", item.description)?;
    }
    if !item.answer.is_empty() {
        writeln!(out, "\nSvar:\n{}", item.answer)?;
    }
    Ok(())
}
