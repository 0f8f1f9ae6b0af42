//! The Kommuner view: every municipality with its active participants, shared examples and when it last presented.

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
pub fn list(conn: &Connection) -> Result<Vec<MunicipalityOverview>> {
    let sql = format!(
        "WITH last_presented AS (
             -- Once over all presentations, not once per municipality.
             SELECT COALESCE(p.municipality_code, presenter.municipality_code) AS code, max(mt.local_date) AS day
             FROM presentations p
             JOIN meetings mt ON mt.id = p.meeting_id
             LEFT JOIN members presenter ON presenter.id = p.member_id
             WHERE mt.status <> 'cancelled'
             GROUP BY 1)
         SELECT m.code, m.name, m.official_name, m.region_code, r.name,
             (SELECT count(*) FROM members mb
               WHERE mb.municipality_code = m.code AND mb.status = 'active' AND mb.anonymised_at IS NULL),
             (SELECT count(*) FROM example_municipalities em WHERE em.municipality_code = m.code),
             lp.day
         FROM municipalities m JOIN regions r ON r.code = m.region_code
         LEFT JOIN last_presented lp ON lp.code = m.code
         ORDER BY m.region_code, m.name COLLATE {}",
        collation::SQL_NAME
    );
    let mut statement = conn.prepare(&sql)?;
    let rows = statement.query_map([], |row| {
        let participants: u32 = row.get(5)?;
        let last_presented_on: Option<chrono::NaiveDate> = row.get(7)?;
        Ok(MunicipalityOverview {
            code: row.get(0)?,
            name: row.get(1)?,
            display_name: row.get(2)?,
            region_code: row.get(3)?,
            region_name: row.get(4)?,
            participants,
            examples: row.get(6)?,
            last_presented_on: last_presented_on.map(|d| d.to_string()),
            last_presented_label: last_presented_on.map(time::day_month_year),
            participates: participants > 0,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
