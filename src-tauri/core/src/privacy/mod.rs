//! Personal data under GDPR: a member's register extract (registerutdrag), anonymisation and erasure.
//!
//! Erasing a person reaches every domain that holds something about them (members, examples and the
//! exchange's bookkeeping, and through tombstones the other installations), so it lives here, above
//! them, and calls each domain's own SQL. An erasure is final: the exchange never brings the person back.
//! The register extract reads every table that names the person.

use chrono::{Local, NaiveDate};
use rusqlite::{Connection, Transaction};

use crate::error::{Error, Result};
use crate::members::{self, Member};
use crate::store::clock::now_timestamp;
use crate::store::tombstones;
use crate::sweden::time;
use crate::{examples, exchange};

/// Deletes a member for good and leaves a tombstone so the deletion travels to other installations.
/// Their attendance and host records go with them; examples and presentations stay without the link.
pub fn delete(tx: &Transaction, id: &str) -> Result<()> {
    if !members::member::delete_row(tx, id)? {
        return Err(members::member::not_found(id));
    }
    exchange::forget_record(tx, "members", id)?;
    tombstones::record(tx, "members", id, &now_timestamp())
}

/// Removes a person's personal data but keeps the row, so meeting attendance counts and their
/// municipality's examples stay. The name becomes a neutral label, the e-mail address is removed,
/// and they are no longer listed, exported or invited.
pub fn anonymise(tx: &Transaction, id: &str) -> Result<Member> {
    let member = members::get(tx, id)?;
    if member.anonymised_at.is_some() {
        return Err(Error::invalid("anonymise", "Medlemmen är redan anonymiserad."));
    }
    let at = now_timestamp();
    members::member::anonymise_row(tx, id, &at)?;
    // An example keeps its municipality; it just no longer names this person as its contact.
    examples::example::forget_contact(tx, id, &at)?;
    exchange::forget_record(tx, "members", id)?;
    members::get(tx, id)
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
