//! Sweden's 21 regions and 290 municipalities: the reference data shipped with the app, and its SQL.
//!
//! The data files in `data/` are embedded in the binary and written to the database once, by the
//! first migration. A municipality is always picked from this list, never typed as free text.

use rusqlite::{Connection, Row};
use serde::{Deserialize, Serialize};

use crate::collation;
use crate::error::{Error, Result};

const REGIONS_CSV: &str = include_str!("../data/regions.csv");
const MUNICIPALITIES_CSV: &str = include_str!("../data/municipalities.csv");

/// A län/region with its SCB code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Region {
    /// Two digits, e.g. "01".
    pub code: String,
    /// "Stockholms län".
    pub name: String,
    /// "Region Stockholm".
    pub region_name: String,
}

/// A kommun with its SCB code and region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Municipality {
    /// Four digits, e.g. "0180".
    pub code: String,
    /// The official short name, e.g. "Stockholm".
    pub name: String,
    /// The name the organisation uses, e.g. "Stockholms stad", "Falu kommun", "Region Gotland".
    pub display_name: String,
    pub region_code: String,
    pub region_name: String,
}

fn reference_reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new().delimiter(b';').comment(Some(b'#')).from_reader(text.as_bytes())
}

/// The regions shipped with the app.
pub fn reference_regions() -> Result<Vec<Region>> {
    reference_reader(REGIONS_CSV)
        .deserialize()
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| Error::invalid("reference", format!("Referensdata för län är trasig: {e}")))
}

#[derive(Deserialize)]
struct MunicipalityRecord {
    code: String,
    name: String,
    official_name: String,
    region_code: String,
}

/// Writes the reference regions and municipalities (used by the first migration).
pub(crate) fn insert_reference_data(conn: &Connection) -> Result<()> {
    let mut insert_region = conn.prepare("INSERT INTO regions (code, name, region_name) VALUES (?1, ?2, ?3)")?;
    for region in reference_regions()? {
        insert_region.execute((&region.code, &region.name, &region.region_name))?;
    }
    let mut insert_municipality =
        conn.prepare("INSERT INTO municipalities (code, name, official_name, region_code) VALUES (?1, ?2, ?3, ?4)")?;
    for record in reference_reader(MUNICIPALITIES_CSV).deserialize::<MunicipalityRecord>() {
        let record =
            record.map_err(|e| Error::invalid("reference", format!("Referensdata för kommuner är trasig: {e}")))?;
        insert_municipality.execute((&record.code, &record.name, &record.official_name, &record.region_code))?;
    }
    Ok(())
}

const SELECT_MUNICIPALITY: &str = "SELECT m.code, m.name, m.official_name, m.region_code, r.name
     FROM municipalities m JOIN regions r ON r.code = m.region_code";

fn municipality_from_row(row: &Row) -> rusqlite::Result<Municipality> {
    Ok(Municipality {
        code: row.get(0)?,
        name: row.get(1)?,
        display_name: row.get(2)?,
        region_code: row.get(3)?,
        region_name: row.get(4)?,
    })
}

/// Every municipality, by region code and then in Swedish alphabetical order of name.
pub fn list(conn: &Connection) -> Result<Vec<Municipality>> {
    let sql = format!("{SELECT_MUNICIPALITY} ORDER BY m.region_code, m.name COLLATE {}", collation::SQL_NAME);
    let mut statement = conn.prepare(&sql)?;
    let rows = statement.query_map([], municipality_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One municipality by its four-digit code.
pub fn get(conn: &Connection, code: &str) -> Result<Municipality> {
    let sql = format!("{SELECT_MUNICIPALITY} WHERE m.code = ?1");
    conn.query_row(&sql, [code], municipality_from_row).map_err(|e| match e {
        rusqlite::Error::QueryReturnedNoRows => Error::NotFound { what: "Kommunen", id: code.to_string() },
        other => other.into(),
    })
}

/// Every region, by code.
pub fn regions(conn: &Connection) -> Result<Vec<Region>> {
    let mut statement = conn.prepare("SELECT code, name, region_name FROM regions ORDER BY code")?;
    let rows =
        statement.query_map([], |row| Ok(Region { code: row.get(0)?, name: row.get(1)?, region_name: row.get(2)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
