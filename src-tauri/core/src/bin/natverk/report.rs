//! `natverk report`: the yearly report (verksamhetsberättelse) for any period, written as Markdown, HTML or CSV.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use natverk_core::error::Result;
use natverk_core::reports::yearly::{self, ReportFormat, ReportPeriod};
use natverk_core::store::Database;

use crate::choice::Lenient;
use crate::output::Output;

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Periodens första dag, ÅÅÅÅ-MM-DD
    #[arg(long)]
    from: String,
    /// Periodens sista dag, ÅÅÅÅ-MM-DD
    #[arg(long)]
    to: String,
    /// Filformat: md (Markdown), html eller csv (för Excel)
    #[arg(long, value_parser = Lenient::<Format>::new())]
    format: Format,
    /// Filen som ska skrivas
    file: PathBuf,
    /// Skriv också ut rapporten som JSON
    #[arg(long)]
    json: bool,
}

/// The report formats as typed after `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    #[value(name = "md", alias = "markdown")]
    Markdown,
    #[value(name = "html")]
    Html,
    #[value(name = "csv")]
    Csv,
}

pub fn run(db: &Database, args: ReportArgs, out: &mut Output) -> Result<()> {
    let format = match args.format {
        Format::Markdown => ReportFormat::Markdown,
        Format::Html => ReportFormat::Html,
        Format::Csv => ReportFormat::Csv,
    };
    let period = ReportPeriod { from: args.from, to: args.to };
    let today = natverk_core::sweden::time::today_in_sweden();
    let report = yearly::report_to_file(db.conn(), &period, format, today, &args.file)?;
    if args.json {
        return out.json(&report);
    }
    writeln!(out, "Verksamhetsberättelsen för {} är sparad i {}.", report.period_label, args.file.display())?;
    for (label, value) in yearly::summary(&report) {
        writeln!(out, "  {label}: {value}")?;
    }
    Ok(())
}
