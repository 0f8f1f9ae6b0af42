//! Who hosts a meeting: members chosen as värdar, kept in `meeting_hosts`.

use std::collections::BTreeSet;

use rusqlite::{Connection, Transaction};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::members;
use crate::store::clock::now_timestamp;
use crate::store::collation;

/// A member who hosts a meeting.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Host {
    pub member_id: String,
    pub name: String,
    pub municipality_name: Option<String>,
}

/// Replaces a meeting's hosts; every id must be a member. When the hosts change, the meeting's
/// `updated_at` rises too: hosts travel inside the meeting's record, so the change travels with it.
pub fn set_hosts(tx: &Transaction, meeting_id: &str, member_ids: &[String]) -> Result<()> {
    for member_id in member_ids {
        if !members::exists(tx, member_id)? {
            return Err(Error::invalid("hosts", "En vald värd finns inte bland medlemmarna. Välj värdar ur listan."));
        }
    }
    let current = hosts(tx, meeting_id)?;
    let current: BTreeSet<&str> = current.iter().map(|host| host.member_id.as_str()).collect();
    if current == member_ids.iter().map(String::as_str).collect() {
        return Ok(());
    }
    tx.execute("UPDATE meetings SET updated_at = ?2 WHERE id = ?1", (meeting_id, now_timestamp()))?;
    tx.execute("DELETE FROM meeting_hosts WHERE meeting_id = ?1", [meeting_id])?;
    let mut insert_host = tx.prepare("INSERT OR IGNORE INTO meeting_hosts (meeting_id, member_id) VALUES (?1, ?2)")?;
    for member_id in member_ids {
        insert_host.execute((meeting_id, member_id))?;
    }
    Ok(())
}

/// A meeting's hosts, by name in Swedish order.
pub fn hosts(conn: &Connection, meeting_id: &str) -> Result<Vec<Host>> {
    let mut statement = conn.prepare(&format!(
        "SELECT m.id, m.name, mu.name FROM meeting_hosts h
         JOIN members m ON m.id = h.member_id
         LEFT JOIN municipalities mu ON mu.code = m.municipality_code
         WHERE h.meeting_id = ?1 ORDER BY m.name COLLATE {}, m.id",
        collation::SQL_NAME
    ))?;
    let rows = statement.query_map([meeting_id], |row| {
        Ok(Host { member_id: row.get(0)?, name: row.get(1)?, municipality_name: row.get(2)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
