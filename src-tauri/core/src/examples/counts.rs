//! The example counts that first pages show, kept by triggers (migration 0008) instead of counted.

use std::collections::HashMap;

use rusqlite::Connection;

use crate::error::Result;

/// The facet holding the number of examples in all.
pub const ALL: &str = "all";

/// The facet of a theme (`t`), a municipality (`m`) or a region (`l`) by its id or code.
pub fn facet(kind: char, key: &str) -> String {
    format!("{kind}{key}")
}

/// Every kept count by facet.
pub fn by_facet(conn: &Connection) -> Result<HashMap<String, i64>> {
    let mut statement = conn.prepare_cached("SELECT facet, count FROM example_counts")?;
    let rows = statement.query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The same counts counted from the rows, facet by facet: what the kept counts must always equal
/// (for tests and diagnostics; zero counts are left out of both).
pub fn counted_from_rows(conn: &Connection) -> Result<HashMap<String, i64>> {
    let mut statement = conn.prepare(
        "SELECT 'all', count(*) FROM examples
         UNION ALL SELECT 't' || theme_id, count(*) FROM example_themes GROUP BY theme_id
         UNION ALL SELECT 'm' || municipality_code, count(*) FROM example_municipalities GROUP BY municipality_code
         UNION ALL SELECT 'l' || mu.region_code, count(DISTINCT em.example_id)
             FROM example_municipalities em JOIN municipalities mu ON mu.code = em.municipality_code
             GROUP BY mu.region_code",
    )?;
    let rows = statement.query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?)))?;
    let mut counted: HashMap<String, i64> = rows.collect::<rusqlite::Result<_>>()?;
    counted.retain(|_, count| *count != 0);
    Ok(counted)
}

/// The kept counts without zeros, to compare with [`counted_from_rows`].
pub fn kept_nonzero(conn: &Connection) -> Result<HashMap<String, i64>> {
    let mut kept = by_facet(conn)?;
    kept.retain(|_, count| *count != 0);
    Ok(kept)
}
