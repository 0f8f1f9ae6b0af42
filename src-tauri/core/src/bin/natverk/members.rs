//! `natverk members`: the network's members — list, add, CSV import and export, register extract, anonymise and delete.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use natverk_core::error::{Error, Result};
use natverk_core::members::csv as members_csv;
use natverk_core::members::{self, MemberInput};
use natverk_core::privacy;
use natverk_core::store::Database;

use crate::output::{ImportArgs, JsonFlag, Output};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Listar medlemmarna i bokstavsordning (anonymiserade visas inte)
    List(JsonFlag),
    /// Lägger till en medlem
    Add(AddArgs),
    /// Importerar en medlemslista (CSV från Excel: ; eller , UTF-8 eller Windows-1252)
    Import(ImportArgs),
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
pub struct AddArgs {
    /// För- och efternamn
    #[arg(long)]
    name: String,
    /// E-postadress i arbetet
    #[arg(long)]
    email: String,
    /// Kommunens namn eller kod, till exempel Gävle eller 2180
    #[arg(long)]
    municipality: String,
    /// Titel eller roll i kommunen
    #[arg(long, default_value = "")]
    title: String,
    /// Telefonnummer
    #[arg(long, default_value = "")]
    phone: String,
    /// Personen är medlem i FSS
    #[arg(long)]
    fss_member: bool,
    /// Datum då medlemskapet i FSS senast kontrollerades (ÅÅÅÅ-MM-DD)
    #[arg(long, default_value = "", value_name = "DATUM")]
    verified: String,
    /// Roll i nätverket: värd eller medlem
    #[arg(long, default_value = "medlem")]
    role: String,
    /// Status: aktiv, lämnat eller intresserad
    #[arg(long, default_value = "intresserad")]
    status: String,
    /// Datum då personen gick med (ÅÅÅÅ-MM-DD)
    #[arg(long, default_value = "", value_name = "DATUM")]
    joined: String,
    /// Anteckningar
    #[arg(long, default_value = "")]
    notes: String,
    /// Skriv ut den nya medlemmen som JSON
    #[arg(long)]
    json: bool,
}

pub fn run(db: &mut Database, command: Command, out: &mut Output) -> Result<()> {
    match command {
        Command::List(flag) => {
            let list = members::list(db.conn())?;
            if flag.json {
                return out.json(&list);
            }
            if list.is_empty() {
                return writeln!(out, "Inga medlemmar.");
            }
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
                )?;
                if let Some(warning) = &member.membership_warning {
                    writeln!(out, "    OBS: {warning}")?;
                }
            }
            writeln!(out, "{}.", members_count(list.len()))
        }
        Command::Add(add) => {
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
                return out.json(&member);
            }
            writeln!(out, "Tillagd: {} ({}), id {}", member.name, member.municipality_name, member.id)
        }
        Command::Import(ImportArgs { file, dry_run, json }) => {
            let result = if dry_run {
                members_csv::preview_file(db.conn(), &file)?
            } else {
                db.write(|tx| members_csv::apply_file(tx, &file))?
            };
            if json {
                return out.json(&result);
            }
            write_import(out, &result, dry_run)
        }
        Command::Export { file } => {
            let count = members_csv::export_to_file(db.conn(), &file)?;
            writeln!(out, "Exporterade {} till {}.", members_count(count), file.display())
        }
        Command::Extract { id, out: Some(file) } => {
            privacy::extract_to_file(db.conn(), &id, &file)?;
            writeln!(out, "Registerutdraget är sparat i {}.", file.display())
        }
        Command::Extract { id, out: None } => write!(out, "{}", privacy::extract(db.conn(), &id)?),
        Command::Anonymise { id } => {
            db.write(|tx| privacy::anonymise(tx, &id))?;
            writeln!(out, "Medlemmen {id} är anonymiserad.")
        }
        Command::Delete { id } => {
            db.write(|tx| privacy::delete(tx, &id))?;
            writeln!(out, "Medlemmen {id} är raderad.")
        }
    }
}

fn write_import(out: &mut Output, result: &members_csv::ImportPreview, dry_run: bool) -> Result<()> {
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
