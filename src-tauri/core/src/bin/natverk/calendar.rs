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
    /// Läser in medlemmarnas svar (METHOD:REPLY) från .ics-filer eller e-post (.eml) med svaret i
    Answers {
        /// Svarsfilerna, .ics eller .eml (flera går bra)
        #[arg(required = true, value_name = "FIL")]
        files: Vec<PathBuf>,
        /// Visa bara vad som skulle hända; ändra ingenting
        #[arg(long)]
        dry_run: bool,
        /// Skriv ut resultatet som JSON
        #[arg(long)]
        json: bool,
    },
    /// Inbjudan som e-post (iMIP): ett utkast (.eml) att skicka från e-postprogrammet, eller direkt via SMTP
    Mail {
        /// Träffens id (se `natverk meetings list`)
        meeting_id: String,
        /// Spara ett utkast (.eml) som e-postprogrammet öppnar som ett nytt meddelande
        #[arg(long, value_name = "FIL.eml", conflicts_with = "smtp", required_unless_present = "smtp")]
        draft: Option<PathBuf>,
        /// Skicka direkt via e-postservern i inställningarna (lösenord: nyckelringen eller NATVERK_SMTP_PASSWORD)
        #[arg(long)]
        smtp: bool,
        /// Bara till dem som inte har svarat (en påminnelse; aldrig till dem som tackat nej)
        #[arg(long)]
        unanswered_only: bool,
        /// Skriv resultatet som JSON
        #[arg(long)]
        json: bool,
    },
}

pub fn run(db: &mut Database, command: Command, out: &mut Output) -> Result<()> {
    match command {
        Command::Answers { files, dry_run, json } => {
            let files = calendar::replies::read_files(&files)?;
            let import = if dry_run {
                calendar::replies::preview(db.conn(), &files)?
            } else {
                db.write(|tx| calendar::replies::apply(tx, &files))?
            };
            if json {
                return out.json(&import);
            }
            for found in &import.answers {
                let who = if found.member_name.is_empty() { found.email.clone() } else { found.member_name.clone() };
                let mark = match found.status {
                    calendar::replies::FoundStatus::Stored => "",
                    calendar::replies::FoundStatus::Older => "  [äldre, sparas inte]",
                    calendar::replies::FoundStatus::Unmatched => "  [sparas inte]",
                };
                writeln!(out, "{:<7} {who} – {} ({}){mark}", found.answer.label(), found.meeting_label, found.file)?;
                if !found.reason.is_empty() {
                    writeln!(out, "        {}", found.reason)?;
                }
            }
            for warning in &import.warnings {
                writeln!(out, "Hoppade över: {warning}")?;
            }
            let verb = if dry_run { "Skulle spara" } else { "Sparade" };
            writeln!(
                out,
                "{verb} {} svar; {} äldre än ett som redan finns, {} utan träff eller medlem.{}",
                import.stored,
                import.older,
                import.unmatched,
                if dry_run { " Inget har ändrats (--dry-run)." } else { "" }
            )
        }
        Command::Mail { meeting_id, draft: Some(file_path), unanswered_only, json, .. } => {
            let draft = calendar::invitation_draft(db.conn(), &meeting_id, unanswered_only, chrono::Utc::now())?;
            calendar::write_mail_draft(&file_path, &draft)?;
            if json {
                return out.json(&serde_json::json!({
                    "file": file_path, "method": draft.method, "recipients": draft.recipients,
                }));
            }
            writeln!(
                out,
                "Utkastet sparades i {} (METHOD:{}, {} mottagare som dold kopia). Öppna det i e-postprogrammet och skicka.",
                file_path.display(),
                draft.method,
                draft.recipients
            )
        }
        Command::Mail { meeting_id, unanswered_only, json, .. } => {
            let mut shown = 0;
            let mut progress = |done: usize, total: usize| {
                // Progress on standard error for large networks, a line per hundred.
                if !json && total >= 100 && (done % 100 == 0 || done == total) && done != shown {
                    shown = done;
                    eprintln!("Skickat {done} av {total} …");
                }
            };
            let report = calendar::send_invitations(db.conn(), &meeting_id, unanswered_only, None, &mut progress)?;
            if json {
                return out.json(&report);
            }
            for result in &report.results {
                if result.delivered {
                    writeln!(out, "levererat  {} <{}>", result.name, result.email)?;
                } else {
                    writeln!(out, "AVVISAT    {} <{}>: {}", result.name, result.email, result.reason)?;
                }
            }
            writeln!(
                out,
                "METHOD:{}: {} levererade, {} avvisade av {}.",
                report.method,
                report.delivered,
                report.refused,
                report.results.len()
            )
        }
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
