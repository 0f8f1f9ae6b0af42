//! What a new database starts with: reference data, the network "Första linjens socialtjänst",
//! its starter themes and its five 2024 Teams meetings; or, for a network the user creates or
//! joins ([`seed_other_network`]), the reference data and that network's id and name only.
//!
//! Runs once, inside the first migration's transaction. Seeded records get the same ids and
//! timestamps in every installation, so bundles exchanged between installations line up.

use chrono::{NaiveDate, NaiveTime};
use rusqlite::Transaction;
use serde::Deserialize;

use super::{clock, ids};
use crate::error::{Error, Result};

/// The timestamp given to every seeded record.
const SEEDED_AT: &str = "2024-01-01T00:00:00.000Z";

/// Starter themes drawn from the network's aims, with a line on what each covers.
const THEMES: [(&str, &str); 8] = [
    (
        "Enklare ingångar till stöd",
        "Hur invånare lättare hittar och når socialtjänsten, till exempel en gemensam väg in.",
    ),
    ("Ökad tillit", "Arbete som stärker förtroendet för socialtjänsten hos invånare och samarbetspartner."),
    ("Kunskapsbaserat arbete och evidens", "Att bygga insatser på bästa tillgängliga kunskap och följa upp dem."),
    ("Insatser under pågående utredning", "Stöd som kan ges tidigt, medan en utredning fortfarande pågår."),
    ("Insatser utan individuell behovsprövning", "Lättillgängliga insatser som ges utan biståndsbeslut."),
    ("Organisationsförändring", "Hur förvaltningar organiserar om sig mot en första linje."),
    ("Närvaro i utsatta områden", "Uppsökande arbete och fysisk närvaro där behoven är stora."),
    ("Samverkan med andra aktörer", "Samarbete med region, skola, polis, civilsamhälle och andra."),
];

/// The network's 2024 meetings: (date, cancelled because).
const MEETINGS_2024: [(&str, Option<&str>); 5] = [
    ("2024-01-24", None),
    ("2024-02-29", Some("pga förhinder")),
    ("2024-03-26", None),
    ("2024-04-23", None),
    ("2024-05-28", None),
];

const REGIONS_CSV: &str = include_str!("../../data/regions.csv");
const MUNICIPALITIES_CSV: &str = include_str!("../../data/municipalities.csv");

#[derive(Deserialize)]
struct RegionRecord {
    code: String,
    name: String,
    region_name: String,
}

#[derive(Deserialize)]
struct MunicipalityRecord {
    code: String,
    name: String,
    official_name: String,
    region_code: String,
}

fn reference_records<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> Result<Vec<T>> {
    csv::ReaderBuilder::new()
        .delimiter(b';')
        .comment(Some(b'#'))
        .from_reader(text.as_bytes())
        .deserialize()
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| Error::invalid("reference", format!("Referensdata för {what} är trasig: {e}")))
}

/// The seeded meetings' wall-clock times, in Europe/Stockholm.
const MEETING_START: (u32, u32) = (15, 0);
const MEETING_END: (u32, u32) = (15, 45);

fn stockholm_utc_text(date: NaiveDate, (hour, minute): (u32, u32)) -> Result<String> {
    let time =
        NaiveTime::from_hms_opt(hour, minute, 0).ok_or_else(|| Error::invalid("seed", "Ogiltig tid i fröet."))?;
    let not_in_stockholm = || Error::invalid("seed", "Tiden finns inte i Stockholm.");
    let civil = clock::civil_date_time(date.and_time(time)).ok_or_else(not_in_stockholm)?;
    let instant = civil.in_tz("Europe/Stockholm").map_err(|_| not_in_stockholm())?.timestamp();
    let instant = clock::utc_instant(instant).ok_or_else(not_in_stockholm)?;
    Ok(clock::utc_text(instant))
}

/// Fills a freshly migrated database. Called once, by the first migration, inside its transaction.
///
/// The SQL here is frozen with schema 1 on purpose (as migrations are): later changes to the
/// tables get migrations of their own and never change what a new database starts with.
pub(super) fn seed_new_database(tx: &Transaction) -> Result<()> {
    seed_reference_data(tx)?;
    tx.execute(
        "INSERT INTO network (singleton, id, name, short_name, organizer_name, organizer_email, default_start,
             default_end, teams_url, time_zone, reminder_minutes, created_at, updated_at)
         VALUES (1, ?1, 'Första linjens socialtjänst', 'FSS', 'Föreningen Sveriges Socialchefer (FSS)', '',
             '15:00', '15:45', '', 'Europe/Stockholm', 15, ?2, ?2)",
        (ids::seed_id("network", "forsta-linjen"), SEEDED_AT),
    )?;
    seed_fss_themes_and_meetings(tx)
}

/// Fills a freshly migrated database for another network than FSS's: the regions, the 290
/// municipalities, this installation's identity and the network `network_id` named `network_name`
/// with default settings. No themes and no meetings: those are each network's own.
pub(super) fn seed_other_network(tx: &Transaction, network_id: &str, network_name: &str) -> Result<()> {
    seed_reference_data(tx)?;
    let now = clock::now_timestamp();
    tx.execute(
        "INSERT INTO network (singleton, id, name, created_at, updated_at) VALUES (1, ?1, ?2, ?3, ?3)",
        (network_id, network_name, &now),
    )?;
    Ok(())
}

/// Regions, municipalities and this installation's identity: what every network's database holds.
fn seed_reference_data(tx: &Transaction) -> Result<()> {
    let mut insert_region = tx.prepare("INSERT INTO regions (code, name, region_name) VALUES (?1, ?2, ?3)")?;
    for region in reference_records::<RegionRecord>(REGIONS_CSV, "län")? {
        insert_region.execute((&region.code, &region.name, &region.region_name))?;
    }
    let mut insert_municipality =
        tx.prepare("INSERT INTO municipalities (code, name, official_name, region_code) VALUES (?1, ?2, ?3, ?4)")?;
    for record in reference_records::<MunicipalityRecord>(MUNICIPALITIES_CSV, "kommuner")? {
        insert_municipality.execute((&record.code, &record.name, &record.official_name, &record.region_code))?;
    }
    tx.execute(
        "INSERT INTO installation (singleton, id, created_at) VALUES (1, ?1, ?2)",
        (ids::new_id(), clock::now_timestamp()),
    )?;
    Ok(())
}

/// The FSS network's starter themes and its five 2024 meetings (one cancelled).
fn seed_fss_themes_and_meetings(tx: &Transaction) -> Result<()> {
    let mut insert_theme =
        tx.prepare("INSERT INTO themes (id, name, description, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)")?;
    for (name, description) in THEMES {
        insert_theme.execute((ids::seed_id("theme", name), name, description, SEEDED_AT))?;
    }

    let mut insert_meeting = tx.prepare(
        "INSERT INTO meetings (id, ical_uid, title, local_date, start_time, end_time, time_zone, repeated_hour,
             start_utc, end_utc, teams_url, agenda, created_at, updated_at)
         VALUES (?1, ?2, 'Nätverksträff – första linjens socialtjänst', ?3, '15:00', '15:45', 'Europe/Stockholm',
             'earlier', ?4, ?5, '', '', ?6, ?6)",
    )?;
    for (date_text, cancelled_because) in MEETINGS_2024 {
        let date = NaiveDate::parse_from_str(date_text, "%Y-%m-%d")
            .map_err(|_| Error::invalid("seed", "Ogiltigt datum i fröet."))?;
        let id = ids::seed_id("meeting", date_text);
        insert_meeting.execute((
            &id,
            ids::meeting_ical_uid(&id),
            date_text,
            stockholm_utc_text(date, MEETING_START)?,
            stockholm_utc_text(date, MEETING_END)?,
            SEEDED_AT,
        ))?;
        if let Some(reason) = cancelled_because {
            tx.execute(
                "UPDATE meetings SET status = 'cancelled', cancel_reason = ?2, sequence = sequence + 1,
                     updated_at = ?3 WHERE id = ?1",
                (&id, reason, SEEDED_AT),
            )?;
        }
    }
    Ok(())
}
