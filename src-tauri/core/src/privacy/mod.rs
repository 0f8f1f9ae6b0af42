//! Personal data under GDPR: a member's register extract (registerutdrag), anonymisation and erasure.
//!
//! Erasing a person reaches every domain that holds something about them (members, examples, medskick and the
//! exchange's bookkeeping, and through tombstones the other installations), so it lives here, above
//! them, and calls each domain's own SQL. An erasure is final: the exchange never brings the person back.
//! The register extract reads every table that names the person.

use std::path::Path;

use chrono::{DateTime, Local, NaiveDate, Utc};
use rusqlite::{Connection, Transaction};

use crate::error::{Error, Result};
use crate::members::{self, Member};
use crate::store::backup::OtherInstallation;
use crate::store::clock::now_timestamp;
use crate::store::{tombstones, Database};
use crate::sweden::time;
use crate::{examples, exchange, medskick};

/// Deletes a member for good and leaves a tombstone so the deletion travels to other installations.
/// Their attendance and host records go with them; examples, presentations and the medskick they
/// raised stay without the link (the database sets it to NULL).
pub fn delete(tx: &Transaction, id: &str) -> Result<()> {
    if !members::member::delete_row(tx, id)? {
        return Err(members::member::not_found(id));
    }
    erase_deleted(tx, id, &now_timestamp())
}

/// What follows a member's deletion: the exchange forgets them, the deletion travels, and the
/// erasure log remembers it.
fn erase_deleted(tx: &Transaction, id: &str, at: &str) -> Result<()> {
    exchange::forget_record(tx, "members", id)?;
    tombstones::record(tx, "members", id, at)?;
    log_erasure(tx, id, ErasureKind::Deleted, at)
}

/// Removes a person's personal data but keeps the row, so meeting attendance counts and their
/// municipality's examples stay. The name becomes a neutral label, the e-mail address is removed,
/// and they are no longer listed, exported or invited.
pub fn anonymise(tx: &Transaction, id: &str) -> Result<Member> {
    let member = members::get(tx, id)?;
    if member.anonymised_at.is_some() {
        return Err(Error::invalid("anonymise", "Medlemmen är redan anonymiserad."));
    }
    erase_anonymised(tx, id, &now_timestamp())?;
    members::get(tx, id)
}

fn erase_anonymised(tx: &Transaction, id: &str, at: &str) -> Result<()> {
    members::member::anonymise_row(tx, id, at)?;
    // An example keeps its municipality; it just no longer names this person as its contact.
    examples::example::forget_contact(tx, id, at)?;
    // A medskick keeps its municipality and meeting; it just no longer names who raised it.
    medskick::item::forget_raiser(tx, id, at)?;
    exchange::forget_record(tx, "members", id)?;
    log_erasure(tx, id, ErasureKind::Anonymised, at)
}

/// How a member was erased.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ErasureKind {
    Anonymised,
    Deleted,
}

impl ErasureKind {
    fn code(self) -> &'static str {
        match self {
            ErasureKind::Anonymised => "anonymised",
            ErasureKind::Deleted => "deleted",
        }
    }
}

/// One entry of the erasure log: a member's id, how and when they were erased.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Erasure {
    member_id: String,
    kind: ErasureKind,
    erased_at: String,
}

/// Notes an erasure; a deletion replaces an earlier anonymisation of the same member.
fn log_erasure(tx: &Transaction, member_id: &str, kind: ErasureKind, at: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO erasures (member_id, kind, erased_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (member_id) DO UPDATE SET kind = excluded.kind, erased_at = excluded.erased_at
         WHERE excluded.kind = 'deleted'",
        (member_id, kind.code(), at),
    )?;
    Ok(())
}

fn erasure_log(conn: &Connection) -> Result<Vec<Erasure>> {
    let mut statement =
        conn.prepare("SELECT member_id, kind, erased_at FROM erasures ORDER BY erased_at, member_id")?;
    let rows = statement.query_map([], |row| {
        let kind: String = row.get(1)?;
        Ok(Erasure {
            member_id: row.get(0)?,
            kind: if kind == "deleted" { ErasureKind::Deleted } else { ErasureKind::Anonymised },
            erased_at: row.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Applies logged erasures to the database as it is now (after a restore): a member who was erased
/// here is erased again, whatever the restored file says, and the log is kept.
fn reapply_erasures(tx: &Transaction, erasures: &[Erasure]) -> Result<()> {
    for erasure in erasures {
        let id = erasure.member_id.as_str();
        let stored = members::get(tx, id).ok();
        match (erasure.kind, stored) {
            (ErasureKind::Deleted, Some(_)) => {
                members::member::delete_row(tx, id)?;
                erase_deleted(tx, id, &erasure.erased_at)?;
            }
            (ErasureKind::Anonymised, Some(member)) if member.anonymised_at.is_none() => {
                erase_anonymised(tx, id, &erasure.erased_at)?;
            }
            _ => log_erasure(tx, id, erasure.kind, &erasure.erased_at)?,
        }
    }
    Ok(())
}

/// Restores a backup (see `Database::restore_from`) and then erases again every member erased here,
/// also those erased after the backup was made: restoring an older copy never brings back a person's
/// data that was removed under GDPR.
pub fn restore_backup(db: &mut Database, file: &Path, now: DateTime<Utc>, other: OtherInstallation) -> Result<()> {
    restore_backup_with(db, file, now, other, &crate::store::progress::Silent)
}

/// [`restore_backup`], reporting its steps to `progress` (see [`Database::restore_from_with`]).
pub fn restore_backup_with(
    db: &mut Database,
    file: &Path,
    now: DateTime<Utc>,
    other: OtherInstallation,
    progress: &dyn crate::store::progress::Progress,
) -> Result<()> {
    let erasures = erasure_log(db.conn())?;
    db.restore_from_with(file, now, other, progress)?;
    db.write(|tx| reapply_erasures(tx, &erasures))
}

fn today() -> NaiveDate {
    Local::now().date_naive()
}

/// Everything stored about one person, as a readable Swedish text (a GDPR register extract).
pub fn extract(conn: &Connection, id: &str) -> Result<String> {
    let member = members::get(conn, id)?;
    let mut text = String::new();
    let mut line = |s: String| {
        text.push_str(&s);
        text.push('\n');
    };
    let date_text = |d: Option<NaiveDate>| d.map(time::day_month_year).unwrap_or_else(|| "(inte angivet)".into());
    let or_none = |s: &str| if s.is_empty() { "(inte angivet)".to_string() } else { s.to_string() };
    line("Registerutdrag från Nätverket – första linjens socialtjänst".into());
    line(format!("Utdraget skapades {}.", time::day_month_year(today())));
    line(String::new());
    line("Så här används uppgifterna: för att planera nätverkets träffar, bjuda in deltagare och".into());
    line("visa vilka kommuner som delar exempel. Kontakta nätverkets arrangör för rättelse eller radering.".into());
    line(String::new());
    line("PERSONUPPGIFTER".into());
    line(format!("Id: {}", member.id));
    line(format!("Namn: {}", member.name));
    line(format!("Titel: {}", or_none(&member.title)));
    line(format!(
        "Kommun: {}",
        if member.municipality_name.is_empty() {
            "(inte angivet)".to_string()
        } else {
            format!("{} ({})", member.municipality_name, member.region_name)
        }
    ));
    line(format!("E-post: {}", member.email.as_deref().map(or_none).unwrap_or_else(|| "(borttagen)".into())));
    line(format!("Telefon: {}", or_none(&member.phone)));
    line(format!("Medlem i FSS: {}", if member.fss_member { "ja" } else { "nej" }));
    line(format!("Medlemskapet kontrollerat: {}", date_text(member.fss_verified_on)));
    line(format!("Roll i nätverket: {}", member.network_role.label()));
    line(format!("Status: {}", member.status.label()));
    line(format!("Gick med: {}", date_text(member.joined_on)));
    line(format!("Anteckningar: {}", or_none(&member.notes)));
    if let Some(at) = &member.anonymised_at {
        line(format!("Anonymiserad: {at}"));
    }
    line(format!("Registrerad: {}", member.created_at));
    line(format!("Senast ändrad: {}", member.updated_at));

    let list_section = |heading: &str, sql: &str| -> Result<Vec<String>> {
        let mut statement = conn.prepare(sql)?;
        let rows = statement.query_map([id], |row| row.get::<_, String>(0))?;
        let items: Vec<String> = rows.collect::<rusqlite::Result<_>>()?;
        let mut out = vec![String::new(), heading.to_string()];
        if items.is_empty() {
            out.push("(inga)".into());
        } else {
            out.extend(items.into_iter().map(|item| format!("- {item}")));
        }
        Ok(out)
    };
    let sections = [
        (
            "NÄRVARO PÅ TRÄFFAR",
            "SELECT mt.local_date || ' ' || mt.title || ': ' || CASE a.status WHEN 'present' THEN 'närvarande'
                 WHEN 'absent' THEN 'frånvarande' ELSE 'anmält förhinder' END
             FROM attendance a JOIN meetings mt ON mt.id = a.meeting_id WHERE a.member_id = ?1 ORDER BY mt.start_utc",
        ),
        (
            "SVAR PÅ INBJUDNINGAR",
            "SELECT mt.local_date || ' ' || mt.title || ': ' || CASE an.answer WHEN 'yes' THEN 'ja'
                 WHEN 'maybe' THEN 'kanske' ELSE 'nej' END || ' (' || substr(an.answered_at, 1, 10)
                 || CASE an.source WHEN 'manual' THEN ', inlagt av värden' ELSE ', från kalendersvar' END || ')'
             FROM meeting_answers an JOIN meetings mt ON mt.id = an.meeting_id WHERE an.member_id = ?1
             ORDER BY mt.start_utc",
        ),
        (
            "VÄRD FÖR TRÄFFAR",
            "SELECT mt.local_date || ' ' || mt.title FROM meeting_hosts h JOIN meetings mt ON mt.id = h.meeting_id
             WHERE h.member_id = ?1 ORDER BY mt.start_utc",
        ),
        (
            "PRESENTATIONER",
            "SELECT mt.local_date || ' ' || mt.title || COALESCE(': ' || e.title, '')
                 || CASE WHEN p.note <> '' THEN ' (' || p.note || ')' ELSE '' END
             FROM presentations p JOIN meetings mt ON mt.id = p.meeting_id LEFT JOIN examples e ON e.id = p.example_id
             WHERE p.member_id = ?1 ORDER BY mt.start_utc",
        ),
        (
            "EXEMPEL DÄR PERSONEN ÄR KONTAKT",
            "SELECT title FROM examples WHERE contact_member_id = ?1 ORDER BY title COLLATE swedish",
        ),
        (
            "MEDSKICK SOM PERSONEN HAR VÄCKT",
            "SELECT substr(created_at, 1, 10) || ' ' || title FROM medskick WHERE raised_by_member_id = ?1
             ORDER BY created_at",
        ),
    ];
    let mut rest = Vec::new();
    for (heading, sql) in sections {
        rest.extend(list_section(heading, sql)?);
    }
    for item in rest {
        line(item);
    }
    Ok(text)
}

/// Writes [`extract`] to `path` as UTF-8 text.
pub fn extract_to_file(conn: &Connection, id: &str, path: &std::path::Path) -> Result<()> {
    let text = extract(conn, id)?;
    crate::store::files::write_private(path, text.as_bytes())
}
