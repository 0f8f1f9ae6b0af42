//! `natverk ics`: calendar files — an invitation or cancellation per meeting, the network's feed, and import.

use std::path::PathBuf;

use clap::Subcommand;

use natverk_core::calendar;
use natverk_core::error::Result;
use natverk_core::store::Database;

use crate::output::{ImportArgs, Output};

#[derive(Debug, Subcommand)]
pub enum Command {
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
    Import(ImportArgs),
}

pub fn run(db: &mut Database, command: Command, out: &mut Output) -> Result<()> {
    match command {
        Command::Invite { meeting_id, out: file_path } => {
            let file = calendar::invitation_for_meeting(db.conn(), &meeting_id, chrono::Utc::now())?;
            calendar::write_calendar_file(&file_path, &file)?;
            let kind = if file.method == "CANCEL" { "Avbokning" } else { "Inbjudan" };
            writeln!(
                out,
                "{kind} sparad i {} ({} deltagare, METHOD:{}).",
                file_path.display(),
                file.attendee_emails.len(),
                file.method
            )
        }
        Command::Feed { out: file_path } => {
            let file = calendar::network_feed(db.conn(), chrono::Utc::now())?;
            calendar::write_calendar_file(&file_path, &file)?;
            writeln!(out, "Kalenderflödet sparades i {}.", file_path.display())
        }
        Command::Import(ImportArgs { file, dry_run, json }) => {
            let bytes = calendar::import::read_file(&file)?;
            let preview = if dry_run {
                calendar::import::preview(db.conn(), &bytes)?
            } else {
                db.write(|tx| calendar::import::apply(tx, &bytes))?
            };
            if json {
                return out.json(&preview);
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
                writeln!(out, "{line}")?;
            }
            for warning in &preview.warnings {
                writeln!(out, "Hoppade över: {warning}")?;
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
        }
    }
}
