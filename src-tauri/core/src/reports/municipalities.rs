//! The Kommuner view: every municipality with its active participants, shared examples and when it last presented.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use crate::error::Result;
use crate::store::collation;
use crate::sweden::time;

/// One municipality with what the network knows about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MunicipalityOverview {
    pub code: String,
    pub name: String,
    pub display_name: String,
    pub region_code: String,
    pub region_name: String,
    /// Active members (not anonymised) from the municipality.
    pub participants: u32,
    /// Examples that concern the municipality.
    pub examples: u32,
    /// Date of the last meeting (not cancelled) where someone presented for it, `YYYY-MM-DD`.
    pub last_presented_on: Option<String>,
    /// The same date in Swedish: "23 april 2024".
    pub last_presented_label: Option<String>,
    /// Whether the municipality takes part in the network (has at least one active participant).
    pub participates: bool,
}

/// All 290 municipalities, by region code and then in Swedish alphabetical order, with their figures.
/// Each figure is read once for all municipalities (examples from the counts kept by triggers),
/// so the view costs the same however many examples the network has.
pub fn list(conn: &Connection) -> Result<Vec<MunicipalityOverview>> {
    let last_presented = last_presented_by_municipality(conn)?;
    let sql = format!(
        "SELECT m.code, m.name, m.official_name, m.region_code, r.name,
             (SELECT count(*) FROM members mb
               WHERE mb.municipality_code = m.code AND mb.status = 'active' AND mb.anonymised_at IS NULL),
             COALESCE(counted.count, 0)
         FROM municipalities m JOIN regions r ON r.code = m.region_code
         -- Examples per municipality, kept by triggers (examples::counts), not counted here.
         LEFT JOIN example_counts counted ON counted.facet = 'm' || m.code
         ORDER BY m.region_code, m.name COLLATE {}",
        collation::SQL_NAME
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map([], |row| {
        let code: String = row.get(0)?;
        let participants: u32 = row.get(5)?;
        let last_presented_on = last_presented.get(&code).copied();
        Ok(MunicipalityOverview {
            name: row.get(1)?,
            display_name: row.get(2)?,
            region_code: row.get(3)?,
            region_name: row.get(4)?,
            participants,
            examples: row.get(6)?,
            last_presented_on: last_presented_on.map(|d| d.to_string()),
            last_presented_label: last_presented_on.map(time::day_month_year),
            participates: participants > 0,
            code,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The date of the last meeting (not cancelled) where someone presented for each municipality:
/// once over all presentations, not once per municipality.
fn last_presented_by_municipality(conn: &Connection) -> Result<HashMap<String, NaiveDate>> {
    let mut statement = conn.prepare_cached(
        "SELECT COALESCE(p.municipality_code, presenter.municipality_code) AS code, max(mt.local_date)
         FROM presentations p
         JOIN meetings mt ON mt.id = p.meeting_id
         LEFT JOIN members presenter ON presenter.id = p.member_id
         WHERE mt.status <> 'cancelled' AND COALESCE(p.municipality_code, presenter.municipality_code) IS NOT NULL
         GROUP BY 1",
    )?;
    let rows = statement.query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, NaiveDate>(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
