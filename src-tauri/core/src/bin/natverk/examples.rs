//! `natverk examples`: the municipalities' examples — list, add, show, search and export by theme.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use natverk_core::error::{Error, Result};
use natverk_core::examples::{self, export, search, themes};
use natverk_core::store::Database;
use natverk_core::sweden::municipalities;

use crate::choice::Lenient;
use crate::output::{JsonFlag, Output};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Listar alla exempel i bokstavsordning
    List(JsonFlag),
    /// Lägger till ett exempel
    Add(AddArgs),
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
pub struct AddArgs {
    /// Rubrik
    #[arg(long)]
    title: String,
    /// Kommunkod (till exempel 2321) eller kommunnamn; kan anges flera gånger
    #[arg(long = "municipality", required = true, value_name = "KOMMUN")]
    municipalities: Vec<String>,
    /// Kort sammanfattning
    #[arg(long, default_value = "")]
    summary: String,
    /// Beskrivning: vad, varför, hur och resultat hittills
    #[arg(long, default_value = "")]
    body: String,
    /// Tema (namn eller id); kan anges flera gånger
    #[arg(long = "theme", value_name = "TEMA")]
    themes: Vec<String>,
    /// Fas: idé, planerad, införd eller utvärderad
    #[arg(long, default_value = "")]
    stage: String,
    /// Startdatum, ÅÅÅÅ-MM-DD
    #[arg(long, default_value = "")]
    started_on: String,
    /// Uppföljning, utvärdering och kunskapsstöd
    #[arg(long, default_value = "")]
    evaluation: String,
    /// Länk som börjar med https://; kan anges flera gånger
    #[arg(long = "link", value_name = "URL")]
    links: Vec<String>,
    /// Vem som får läsa exemplet: nätverket (förval: bara nätverkets medlemmar) eller öppen (får spridas,
    /// till exempel i en offentlig export)
    #[arg(long, default_value = "", value_name = "nätverket|öppen")]
    sharing: String,
    /// Spara även om texten ser ut att innehålla ett personnummer
    #[arg(long)]
    confirm_sensitive: bool,
    /// Skriv ut det sparade exemplet som JSON
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Sökord
    query: String,
    /// Bara exempel med det här temat (namn eller id)
    #[arg(long)]
    theme: Option<String>,
    /// Bara exempel från det här länet (länskod, till exempel 01)
    #[arg(long)]
    region: Option<String>,
    /// Bara exempel från den här kommunen (kommunkod)
    #[arg(long)]
    municipality: Option<String>,
    /// Bara exempel i den här fasen
    #[arg(long)]
    stage: Option<String>,
    /// Bara exempel som delas så: öppen (får spridas) eller nätverket (bara inom nätverket)
    #[arg(long, value_name = "nätverket|öppen")]
    sharing: Option<String>,
    /// Högst så här många träffar
    #[arg(long, default_value_t = search::DEFAULT_LIMIT)]
    limit: i64,
    #[command(flatten)]
    flag: JsonFlag,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Filformat: md (Markdown) eller html
    #[arg(long, value_parser = Lenient::<Format>::new())]
    format: Format,
    /// Filen som ska skrivas
    file: PathBuf,
    /// Bara exemplen under det här temat (namn eller id)
    #[arg(long)]
    theme: Option<String>,
    /// Bara de här exemplen (id); kan anges flera gånger. Utan --id exporteras alla.
    #[arg(long = "id", value_name = "ID")]
    ids: Vec<String>,
    /// Ta med exempel som bara delas inom nätverket (utan flaggan exporteras bara öppna exempel);
    /// de märks ”Inom nätverket” i filen
    #[arg(long)]
    include_confidential: bool,
}

/// The export formats as typed after `--format`: the core's codes, and its labels as aliases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    #[value(name = "md", alias = "markdown")]
    Markdown,
    #[value(name = "html")]
    Html,
}

impl From<Format> for export::ExportFormat {
    fn from(format: Format) -> Self {
        match format {
            Format::Markdown => export::ExportFormat::Markdown,
            Format::Html => export::ExportFormat::Html,
        }
    }
}

pub fn run(db: &mut Database, command: Command, out: &mut Output) -> Result<()> {
    match command {
        Command::List(flag) => {
            let list = examples::list(db.conn())?;
            if flag.json {
                return out.json(&list);
            }
            if list.is_empty() {
                return writeln!(out, "Inga exempel ännu.");
            }
            for example in &list {
                let places: Vec<&str> = example.municipalities.iter().map(|m| m.name.as_str()).collect();
                writeln!(
                    out,
                    "{}  ({}, {}, {})\n    id {}",
                    example.title,
                    places.join(", "),
                    example.stage_label,
                    example.sharing_label,
                    example.id
                )?;
            }
            writeln!(out, "\n{} exempel.", list.len())
        }
        Command::Add(args) => add(db, args, out),
        Command::Show { id, flag } => {
            let example = examples::get(db.conn(), &id)?;
            if flag.json {
                return out.json(&example);
            }
            write_example(out, &example)
        }
        Command::Search(args) => run_search(db, args, out),
        Command::Export(args) => {
            let theme_id = match &args.theme {
                Some(theme) => themes::find(db.conn(), theme)?.id,
                None => String::new(),
            };
            let selection = export::ExportSelection {
                example_ids: args.ids,
                theme_id,
                include_confidential: args.include_confidential,
            };
            let written = export::export_to_file(db.conn(), &selection, args.format.into(), &args.file)?;
            writeln!(out, "Exporterade {} exempel till {}.", written.example_count, args.file.display())?;
            writeln!(out, "{}", written.scope_note)
        }
    }
}

fn add(db: &mut Database, args: AddArgs, out: &mut Output) -> Result<()> {
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
        sharing: args.sharing,
        confirm_sensitive: args.confirm_sensitive,
    };
    // The core's warning speaks of a confirmation box; on the command line the answer is a flag.
    let saved = db.write(|tx| examples::create(tx, &input)).map_err(|error| match error {
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

fn run_search(db: &Database, args: SearchArgs, out: &mut Output) -> Result<()> {
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
        sharing: args.sharing.unwrap_or_default(),
        limit: Some(args.limit),
        offset: 0,
    };
    let results = search::search(conn, &query)?;
    if args.flag.json {
        return out.json(&results);
    }
    if results.hits.is_empty() {
        return writeln!(out, "Inga exempel hittades.");
    }
    for hit in &results.hits {
        // Matches are shown in [brackets] so they stand out in a terminal.
        let snippet: String =
            hit.snippet.iter().map(|s| if s.highlighted { format!("[{}]", s.text) } else { s.text.clone() }).collect();
        writeln!(out, "{}\n    {}\n    id {}", hit.example.title, snippet.replace('\n', " "), hit.example.id)?;
    }
    writeln!(out, "\n{} av {} exempel visas.", results.hits.len(), results.total)
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

fn write_example(out: &mut Output, example: &examples::Example) -> Result<()> {
    writeln!(out, "{}", example.title)?;
    writeln!(out, "  id:          {}", example.id)?;
    let places: Vec<String> =
        example.municipalities.iter().map(|m| format!("{} ({})", m.name, m.region_name)).collect();
    writeln!(out, "  Kommun:      {}", places.join(", "))?;
    writeln!(out, "  Fas:         {}", example.stage_label)?;
    writeln!(out, "  Delning:     {}", example.sharing_label)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::builder::TypedValueParser;

    #[test]
    fn format_accepts_every_code_and_label_the_core_accepts_and_means_the_same() {
        let parser = Lenient::<Format>::new();
        for &core in export::ExportFormat::ALL {
            for typed in [core.code(), core.label(), &format!(" {} ", core.label().to_uppercase())] {
                let format = parser
                    .parse_ref(&clap::Command::new("natverk"), None, typed.as_ref())
                    .unwrap_or_else(|e| panic!("--format {typed:?}: {e}"));
                assert_eq!(export::ExportFormat::from(format), core, "--format {typed:?}");
                assert_eq!(
                    export::ExportFormat::parse("format", typed).ok(),
                    Some(core),
                    "the core agrees on {typed:?}"
                );
            }
        }
    }
}
