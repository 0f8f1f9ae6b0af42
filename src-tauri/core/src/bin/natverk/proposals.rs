//! `natverk proposals`: bevakning of government and agency proposals — add, list by next deadline, show and the compiled overview.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use natverk_core::error::Result;
use natverk_core::examples::ExampleLink;
use natverk_core::proposals::{self, overview, Proposal, ProposalInput};
use natverk_core::store::Database;
use natverk_core::sweden::time;

use crate::choice::Lenient;
use crate::output::{JsonFlag, Output};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Registrerar ett förslag att bevaka (SOU, Ds, proposition, remiss …)
    Add(Box<AddArgs>),
    /// Listar förslagen, det med närmast datum (remisstid, beslut, ikraftträdande) först
    List(JsonFlag),
    /// Visar ett förslag med allt som hör till det
    Show {
        /// Förslagets id
        id: String,
        #[command(flatten)]
        flag: JsonFlag,
    },
    /// Skriver en översikt över förslagen (Markdown eller HTML)
    Overview(OverviewArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Förslagets namn
    #[arg(long)]
    title: String,
    /// Beteckning, till exempel SOU 2023:40, Ds 2024:3 eller prop. 2024/25:89
    #[arg(long, default_value = "")]
    reference: String,
    /// Ansvarig myndighet eller departement
    #[arg(long, default_value = "")]
    body: String,
    /// Publicerat, ÅÅÅÅ-MM-DD
    #[arg(long, default_value = "")]
    published: String,
    /// Sista dag att svara på remissen, ÅÅÅÅ-MM-DD
    #[arg(long, default_value = "")]
    remiss_deadline: String,
    /// Beslutsdatum, ÅÅÅÅ-MM-DD
    #[arg(long, default_value = "")]
    decision: String,
    /// Träder i kraft, ÅÅÅÅ-MM-DD
    #[arg(long, default_value = "")]
    in_force: String,
    /// Kort sammanfattning
    #[arg(long, default_value = "")]
    summary: String,
    /// Nätverkets bedömning av vad förslaget betyder för första linjen
    #[arg(long, default_value = "")]
    assessment: String,
    /// Delning av bedömningen: nätverket (standard) eller öppen
    #[arg(long, default_value = "nätverket")]
    assessment_sharing: String,
    /// Status: bevakas, på remiss, beslutad, i kraft eller avslutad (standard: på remiss om remisstid anges)
    #[arg(long, default_value = "")]
    status: String,
    /// Länk som börjar med https://; kan anges flera gånger
    #[arg(long = "link", value_name = "URL")]
    links: Vec<String>,
    /// Medskick som hör till förslaget (id); kan anges flera gånger
    #[arg(long = "medskick", value_name = "ID")]
    medskick: Vec<String>,
    /// Exempel som hör till förslaget (id); kan anges flera gånger
    #[arg(long = "example", value_name = "ID")]
    examples: Vec<String>,
    /// Skriv ut det sparade förslaget som JSON
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct OverviewArgs {
    /// Filformat: md (Markdown) eller html
    #[arg(long, value_parser = Lenient::<Format>::new())]
    format: Format,
    /// Filen som ska skrivas
    file: PathBuf,
    /// Ta även med bedömningar som bara får delas inom nätverket (de märks tydligt)
    #[arg(long)]
    include_confidential: bool,
}

/// The overview formats as typed after `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    #[value(name = "md", alias = "markdown")]
    Markdown,
    #[value(name = "html")]
    Html,
}

pub fn run(db: &mut Database, command: Command, out: &mut Output) -> Result<()> {
    match command {
        Command::Add(args) => {
            let json = args.json;
            let input = ProposalInput {
                title: args.title,
                reference: args.reference,
                responsible_body: args.body,
                published_on: args.published,
                remiss_deadline: args.remiss_deadline,
                decision_on: args.decision,
                in_force_on: args.in_force,
                summary: args.summary,
                assessment: args.assessment,
                assessment_sharing: args.assessment_sharing,
                status: args.status,
                links: args.links.into_iter().map(|url| ExampleLink { url, label: String::new() }).collect(),
                medskick_ids: args.medskick,
                example_ids: args.examples,
            };
            let saved = db.write(|tx| proposals::create(tx, &input))?;
            if json {
                return out.json(&saved);
            }
            writeln!(out, "Sparat: {} (id {})", saved.title, saved.id)
        }
        Command::List(flag) => {
            let list = proposals::list(db.conn(), overview::today())?;
            if flag.json {
                return out.json(&list);
            }
            if list.is_empty() {
                return writeln!(out, "Inga förslag bevakas ännu.");
            }
            for proposal in &list {
                write_line(out, proposal)?;
            }
            writeln!(out, "\n{} förslag.", list.len())
        }
        Command::Show { id, flag } => {
            let proposal = proposals::get(db.conn(), &id)?;
            if flag.json {
                return out.json(&proposal);
            }
            writeln!(
                out,
                "{}\n  id:          {}\n  Status:      {}",
                proposal.title, proposal.id, proposal.status_label
            )?;
            for (label, value) in overview::facts(&proposal) {
                writeln!(out, "  {:<12} {value}", format!("{label}:"))?;
            }
            if !proposal.summary.is_empty() {
                writeln!(out, "\nSammanfattning:\n{}", proposal.summary)?;
            }
            if !proposal.assessment.is_empty() {
                writeln!(
                    out,
                    "\nNätverkets bedömning ({}):\n{}",
                    proposal.assessment_sharing_label, proposal.assessment
                )?;
            }
            for link in &proposal.links {
                writeln!(out, "  Länk: {} {}", link.url, link.label)?;
            }
            Ok(())
        }
        Command::Overview(args) => {
            let selection = overview::OverviewSelection { include_confidential: args.include_confidential };
            let format = match args.format {
                Format::Markdown => overview::OverviewFormat::Markdown,
                Format::Html => overview::OverviewFormat::Html,
            };
            let written = overview::overview_to_file(db.conn(), &selection, format, overview::today(), &args.file)?;
            writeln!(out, "Skrev {} förslag till {}.\n{}", written.count, args.file.display(), written.includes)
        }
    }
}

fn write_line(out: &mut Output, proposal: &Proposal) -> Result<()> {
    let in_words = |date: &str| {
        chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").map(time::day_month_year).unwrap_or_else(|_| date.into())
    };
    let next = match (&proposal.next_date, &proposal.remiss_deadline) {
        (Some(next), _) => format!("{} {}", next.what.to_lowercase(), in_words(&next.date)),
        (None, Some(passed)) => format!("remisstiden gick ut {}", in_words(passed)),
        (None, None) => "inget datum framåt".into(),
    };
    let reference = if proposal.reference.is_empty() { String::new() } else { format!(" ({})", proposal.reference) };
    writeln!(out, "{}{reference}  – {}; {next}\n    id {}", proposal.title, proposal.status_label, proposal.id)
}
