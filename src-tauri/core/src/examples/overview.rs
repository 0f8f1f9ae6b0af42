//! The top of the Exempel view: examples per theme and region, the newest, those not yet presented.

use rusqlite::Connection;
use serde::Serialize;

use super::counts;
use super::example::{summaries_where, ExampleSummary};
use crate::error::Result;
use crate::store::collation;

/// A labelled count for the overview chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    pub key: String,
    pub label: String,
    pub count: i64,
}

/// The examples at a glance: per theme, per region, newest, not yet presented.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExamplesOverview {
    pub total: i64,
    pub per_theme: Vec<Count>,
    pub per_region: Vec<Count>,
    pub newest: Vec<ExampleSummary>,
    pub not_presented: Vec<ExampleSummary>,
    pub not_presented_count: i64,
}

/// How many of each list the overview shows.
const OVERVIEW_LIST_LENGTH: i64 = 5;

/// Counts and short lists for the top of the Exempel view. The counts in all, per theme and per
/// region are kept by triggers (migration 0008), so they cost the same with 100 or 100,000 examples.
pub fn overview(conn: &Connection) -> Result<ExamplesOverview> {
    let counts = counts::by_facet(conn)?;
    let labelled_counts = |sql: &str, kind: char| -> Result<Vec<Count>> {
        let mut statement = conn.prepare(sql)?;
        let rows = statement.query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))?;
        let mut found = Vec::new();
        for row in rows {
            let (key, label) = row?;
            let count = counts.get(&counts::facet(kind, &key)).copied().unwrap_or(0);
            if count > 0 {
                found.push(Count { key, label, count });
            }
        }
        // Largest first; the SQL's order (Swedish names, region codes) breaks ties.
        found.sort_by_key(|count| std::cmp::Reverse(count.count));
        Ok(found)
    };
    let per_theme =
        labelled_counts(&format!("SELECT id, name FROM themes ORDER BY name COLLATE {}", collation::SQL_NAME), 't')?;
    let per_region = labelled_counts("SELECT code, name FROM regions ORDER BY code", 'l')?;
    let total = counts.get(counts::ALL).copied().unwrap_or(0);
    let presented: i64 =
        conn.query_row("SELECT count(DISTINCT example_id) FROM presentations", [], |row| row.get(0))?;
    let not_presented_clause = "WHERE NOT EXISTS (SELECT 1 FROM presentations p WHERE p.example_id = e.id)";
    Ok(ExamplesOverview {
        total,
        per_theme,
        per_region,
        newest: summaries_where(conn, "ORDER BY e.created_at DESC, e.id DESC", OVERVIEW_LIST_LENGTH)?,
        not_presented: summaries_where(
            conn,
            &format!("{not_presented_clause} ORDER BY e.created_at DESC, e.id DESC"),
            OVERVIEW_LIST_LENGTH,
        )?,
        not_presented_count: total.saturating_sub(presented).max(0),
    })
}
