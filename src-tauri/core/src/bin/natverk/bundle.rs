//! `natverk bundle`: exchange with other installations — write and read exchange files (.natverk), and sync a shared folder.

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};

use natverk_core::error::Result;
use natverk_core::exchange;
use natverk_core::store::Database;

use crate::choice::Lenient;
use crate::output::{ImportArgs, Output};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Skriver en utbytesfil med mina exempel eller hela nätverket
    Export {
        /// Filen som ska skrivas, till exempel mina-exempel.natverk
        #[arg(long, value_name = "FIL")]
        out: PathBuf,
        /// Vad filen ska innehålla: mine (mina exempel) eller network (hela nätverket)
        #[arg(long, value_parser = Lenient::<Scope>::new(), default_value = "network", value_name = "OMFATTNING")]
        scope: Scope,
        /// Ta med medlemmarnas e-post och telefon (annars lämnas de utanför)
        #[arg(long, conflicts_with = "no_contacts")]
        with_contacts: bool,
        /// Utelämna kontaktuppgifterna (så görs det redan utan --with-contacts)
        #[arg(long, hide = true)]
        no_contacts: bool,
        /// Filen ska till den här mottagaren (till exempel en e-postadress): bara det som ändrats sedan
        /// förra filen till hen; första gången allt
        #[arg(long = "for", value_name = "MOTTAGARE")]
        recipient: Option<String>,
    },
    /// Läser in en utbytesfil: nya, ändrade och borttagna poster slås ihop med dina
    Import {
        #[command(flatten)]
        import: ImportArgs,
        #[command(flatten)]
        acceptance: AcceptArgs,
    },
    /// Visar de avsändare du har godkänt, med nycklarnas fingeravtryck
    Senders {
        /// Skriv ut som JSON
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
        /// Ta med medlemmarnas e-post och telefon i din fil (annars lämnas de utanför)
        #[arg(long, conflicts_with = "no_contacts")]
        with_contacts: bool,
        /// Utelämna kontaktuppgifterna (så görs det redan utan --with-contacts)
        #[arg(long, hide = true)]
        no_contacts: bool,
        /// Skriv en hel fil (allt) i stället för bara ändringarna, till exempel åt en ny installation
        #[arg(long)]
        full: bool,
        /// Skriv ut resultatet som JSON
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        acceptance: AcceptArgs,
    },
}

/// How a sender not seen before is accepted, after comparing the fingerprint the preview shows.
#[derive(Debug, clap::Args)]
pub struct AcceptArgs {
    /// Godkänn en ny avsändare (jämför först fingeravtrycket i förhandsgranskningen med avsändaren)
    #[arg(long)]
    accept_sender: bool,
    /// Godkänn en ny avsändare som värd, som får skicka hela nätverket
    #[arg(long)]
    accept_host: bool,
}

impl From<AcceptArgs> for exchange::Acceptance {
    fn from(args: AcceptArgs) -> Self {
        exchange::Acceptance { accept_sender: args.accept_sender || args.accept_host, as_host: args.accept_host }
    }
}

/// What an exchange file holds, as typed after `--scope`: the core's codes, and its Swedish labels as aliases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Scope {
    #[value(alias = "mina exempel")]
    Mine,
    #[value(alias = "hela nätverket")]
    Network,
}

impl From<Scope> for exchange::Scope {
    fn from(scope: Scope) -> Self {
        match scope {
            Scope::Mine => exchange::Scope::Mine,
            Scope::Network => exchange::Scope::Network,
        }
    }
}

// Export, import and sync take the whole database: the core runs their writes in its own transactions.
pub fn run(db: &mut Database, command: Command, out: &mut Output) -> Result<()> {
    match command {
        Command::Export { out: file, scope, with_contacts, recipient, .. } => {
            let options =
                exchange::ExportOptions { scope: scope.into(), include_contacts: with_contacts, compress: true };
            let summary = match &recipient {
                Some(recipient) => exchange::export_for_recipient(db, &file, options, recipient)?,
                None => exchange::export_bundle_to_file_with(db, &file, options, &*terminal_progress())?,
            };
            if let Some(since) = &summary.changes_since {
                writeln!(out, "Bara ändringarna sedan förra filen till mottagaren ({since}).")?;
            }
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
        }
        Command::Import { import: ImportArgs { file, dry_run, json }, acceptance } => {
            let bytes = exchange::read_bundle_file(&file)?;
            let report = if dry_run {
                exchange::preview_import_with(db, &bytes, &*terminal_progress())?
            } else {
                exchange::apply_import_with(db, &bytes, acceptance.into(), &*terminal_progress())?
            };
            if json {
                return out.json(&report);
            }
            write_import_report(out, &report)
        }
        Command::Senders { json } => {
            let senders = exchange::senders::list(db.conn())?;
            if json {
                return out.json(&senders);
            }
            if senders.is_empty() {
                return writeln!(out, "Du har inte godkänt några avsändare ännu.");
            }
            for sender in &senders {
                let role = if sender.is_host { "värd" } else { "medlem" };
                let place = sender.municipality_name.as_deref().map(|m| format!(", {m}")).unwrap_or_default();
                writeln!(
                    out,
                    "{}{place} ({role}), installation {}\n    fingeravtryck {}, godkänd {}",
                    if sender.author_name.is_empty() { "(namn saknas)" } else { &sender.author_name },
                    sender.installation_id,
                    sender.fingerprint,
                    sender.accepted_at
                )?;
            }
            Ok(())
        }
        Command::Sync { dir, dry_run, with_contacts, full, json, acceptance, .. } => {
            let options = exchange::ExportOptions { include_contacts: with_contacts, ..Default::default() };
            let run = exchange::SyncRun { dry_run, full };
            let report = exchange::sync_with(db, &dir, options, run, acceptance.into(), &*terminal_progress())?;
            if json {
                return out.json(&report);
            }
            if report.files.is_empty() && report.unopened == 0 {
                writeln!(out, "Inga andra utbytesfiler i {}.", dir.display())?;
            } else if report.files.is_empty() {
                writeln!(out, "Inga nya utbytesfiler från de andra i {}.", dir.display())?;
            }
            for file in &report.files {
                writeln!(out, "{}:", file.file.display())?;
                match (&file.report, &file.error) {
                    (Some(import), _) => write_import_report(out, import)?,
                    (None, Some(error)) => writeln!(out, "  Lästes inte: {error}")?,
                    (None, None) => {}
                }
            }
            if report.unopened > 0 {
                writeln!(out, "{} filer lästes redan tidigare och öppnades inte.", report.unopened)?;
            }
            if report.removed > 0 {
                writeln!(out, "{} av dina äldre filer, som alla andra redan läst, togs bort.", report.removed)?;
            }
            match &report.written {
                Some(path) if report.full => writeln!(out, "Din egen utbytesfil (allt) sparades i {}.", path.display()),
                Some(path) if report.read_positions_only => writeln!(
                    out,
                    "Inget har ändrats här, men din egen utbytesfil säger hur långt du har läst de andras, så att de kan ta bort gamla filer. Den sparades i {}.",
                    path.display()
                ),
                Some(path) => writeln!(out, "Din egen utbytesfil (ändringarna) sparades i {}.", path.display()),
                None if dry_run => writeln!(out, "Inget har ändrats och ingen fil skrevs (--dry-run)."),
                None => writeln!(out, "Inget har ändrats här sedan din förra fil, så ingen ny fil skrevs."),
            }
        }
    }
}

/// Progress on the terminal: one line on stderr, rewritten as the work goes on, and only when stderr
/// is a terminal (never in pipes, files or tests).
struct TerminalProgress {
    shown: std::cell::Cell<bool>,
}

impl exchange::Progress for TerminalProgress {
    fn report(&self, step: exchange::Step) {
        let percent =
            step.done.saturating_mul(100).checked_div(step.total).map(|p| format!(" {p} %")).unwrap_or_default();
        eprint!("\r{} …{percent}      ", step.what);
        self.shown.set(true);
    }
}

impl Drop for TerminalProgress {
    fn drop(&mut self) {
        if self.shown.get() {
            eprintln!();
        }
    }
}

pub(crate) fn terminal_progress() -> Box<dyn exchange::Progress> {
    use std::io::IsTerminal;
    if std::io::stderr().is_terminal() {
        Box::new(TerminalProgress { shown: std::cell::Cell::new(false) })
    } else {
        Box::new(exchange::Silent)
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

fn write_import_report(out: &mut Output, report: &exchange::ImportReport) -> Result<()> {
    let source = &report.source;
    writeln!(out, "Från {} (exporterad {}).", source.sender_name(), source.exported_at)?;
    let sender = &report.sender;
    let role = if sender.host_required { "värd" } else { "avsändare" };
    match sender.status {
        "new" => writeln!(
            out,
            "  Ny avsändare: fingeravtryck {}. Jämför det med avsändaren; importera sedan med {}.",
            sender.fingerprint,
            if sender.host_required { "--accept-host" } else { "--accept-sender" }
        )?,
        "accepted_now" => {
            writeln!(out, "  Avsändaren godkändes nu som {role} (fingeravtryck {}).", sender.fingerprint)?
        }
        _ => writeln!(out, "  Godkänd {role} (fingeravtryck {}).", sender.fingerprint)?,
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::builder::TypedValueParser;

    #[test]
    fn scope_accepts_every_code_and_label_the_core_accepts_and_means_the_same() {
        let parser = Lenient::<Scope>::new();
        for &core in exchange::Scope::ALL {
            for typed in [core.code(), core.label(), &format!(" {} ", core.label().to_uppercase())] {
                let scope = parser
                    .parse_ref(&clap::Command::new("natverk"), None, typed.as_ref())
                    .unwrap_or_else(|e| panic!("--scope {typed:?}: {e}"));
                assert_eq!(exchange::Scope::from(scope), core, "--scope {typed:?}");
                assert_eq!(exchange::Scope::parse("scope", typed).ok(), Some(core), "the core agrees on {typed:?}");
            }
        }
    }
}
