//! `natverk attendance`: attendance at meetings, from the attendance report Teams lets the organizer download.

use std::path::PathBuf;

use clap::Subcommand;

use natverk_core::error::Result;
use natverk_core::meetings::teams_attendance::{self, ExcusedChoice, PlannedChange, TeamsAttendance};
use natverk_core::meetings::teams_report;
use natverk_core::store::Database;

use crate::output::Output;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// För in närvaron från Teams närvarorapport (.csv, som Teams laddar ner): matchade medlemmar blir närvarande
    Teams {
        /// Träffens id (se `natverk meetings list`)
        meeting_id: String,
        /// Närvarorapporten från Teams (UTF-16 eller UTF-8, svenska eller engelska rubriker)
        file: PathBuf,
        /// Visa bara vad som skulle hända; ändra ingenting
        #[arg(long)]
        dry_run: bool,
        /// Gör också dem som anmält förhinder men finns i rapporten till närvarande (annars ändras de inte)
        #[arg(long)]
        include_excused: bool,
        /// Skriv ut resultatet som JSON
        #[arg(long)]
        json: bool,
    },
}

pub fn run(db: &mut Database, command: Command, out: &mut Output) -> Result<()> {
    match command {
        Command::Teams { meeting_id, file, dry_run, include_excused, json } => {
            let report = teams_report::read_file(&file)?;
            let result = if dry_run {
                teams_attendance::preview(db.conn(), &meeting_id, &report)?
            } else {
                let excused = if include_excused { ExcusedChoice::ChangeAll } else { ExcusedChoice::KeepAll };
                db.write(|tx| teams_attendance::apply(tx, &meeting_id, &report, excused, None))?
            };
            if json {
                return out.json(&result);
            }
            print_result(out, &result, include_excused)
        }
    }
}

fn print_result(out: &mut Output, result: &TeamsAttendance, include_excused: bool) -> Result<()> {
    let report = &result.report;
    writeln!(out, "Träff: {}", result.meeting_label)?;
    writeln!(
        out,
        "Fil: {} ({}, avgränsare {}), {} personer.",
        report.layout_label, report.encoding, report.separator, report.participants
    )?;
    if !report.meeting_title.is_empty() || !report.meeting_start.is_empty() {
        writeln!(out, "Rapportens möte: {} {}", report.meeting_title, report.meeting_start)?;
    }
    for warning in &result.warnings {
        writeln!(out, "OBS: {warning}")?;
    }
    if !result.matched.is_empty() {
        writeln!(out, "\nMedlemmar i rapporten:")?;
    }
    for line in &result.matched {
        let now = line.current_status.map_or("ingen närvaro", |status| status.label());
        let change = match line.change {
            PlannedChange::Review if include_excused => "blir närvarande (--include-excused)",
            other => other.label(),
        };
        let time = if line.duration_label.is_empty() { String::new() } else { format!(", {}", line.duration_label) };
        writeln!(
            out,
            "  {} – {change} (nu: {now}; matchad på {}: {}{time})",
            line.member_name,
            line.matched_by.label(),
            if line.report_email.is_empty() { &line.report_name } else { &line.report_email },
        )?;
    }
    if !result.unmatched.is_empty() {
        writeln!(out, "\nInte medlemmar (sparas inte):")?;
    }
    for person in &result.unmatched {
        let email = if person.email.is_empty() { String::new() } else { format!(" <{}>", person.email) };
        writeln!(out, "  {}{email} – {}", person.name, person.reason.label())?;
    }
    if !result.not_in_report.is_empty() {
        writeln!(out, "\nHar närvaro men finns inte i rapporten (ändras inte):")?;
    }
    for member in &result.not_in_report {
        writeln!(out, "  {} – {}", member.name, member.status.label())?;
    }
    writeln!(out)?;
    if result.applied {
        writeln!(
            out,
            "Förde in närvaro för {} medlemmar; {} var redan närvarande, {} inte medlemmar.",
            result.recorded,
            result.already_present,
            result.unmatched.len()
        )?;
    } else {
        writeln!(
            out,
            "Skulle göra {} medlemmar närvarande; {} är redan närvarande, {} inte medlemmar. Inget har ändrats (--dry-run).",
            result.to_set_present + if include_excused { result.for_review } else { 0 },
            result.already_present,
            result.unmatched.len()
        )?;
    }
    if result.for_review > 0 && !include_excused {
        writeln!(
            out,
            "{} har anmält förhinder men finns i rapporten; de ändras inte. Lägg till --include-excused för att göra dem närvarande.",
            result.for_review
        )?;
    }
    Ok(())
}
