//! Who may send what: a "mina exempel" file may only bring the sender's own examples, their themes
//! and contact members, and deletions of the sender's own examples; the rest is skipped with a reason.
//!
//! A network file ("hela nätverket") may carry every replicated table. Which senders may send one is
//! decided by the sender's identity, not here.

use std::borrow::Cow;
use std::collections::BTreeSet;

use rusqlite::{Connection, OptionalExtension};
use serde_json::Value;

use super::format::{Payload, Record};
use super::tables;
use crate::error::Result;

/// The scope names a bundle's provenance carries.
pub(crate) const MINE: &str = "mine";
pub(crate) const NETWORK: &str = "network";

/// A record or deletion a file may not bring, and why.
pub(crate) struct OutOfScope {
    pub entity: String,
    pub key: String,
    pub label: String,
    pub reason: &'static str,
}

fn skipped(entity: &str, key: &str, label: String, reason: &'static str) -> OutOfScope {
    OutOfScope { entity: entity.to_string(), key: key.to_string(), label, reason }
}

fn text<'a>(record: &'a Record, column: &str) -> Option<&'a str> {
    record.get(column).and_then(Value::as_str)
}

/// Where an example stored here came from (its `origin_installation_id`), if it is stored here.
fn local_origin(conn: &Connection, example_id: &str) -> Result<Option<Option<String>>> {
    Ok(conn
        .query_row("SELECT origin_installation_id FROM examples WHERE id = ?1", [example_id], |row| row.get(0))
        .optional()?)
}

/// The theme ids and contact member ids that `examples` name: what a "mina exempel" file carries
/// besides the examples themselves.
pub(crate) fn themes_and_contacts_of(examples: &[Record]) -> (BTreeSet<&str>, BTreeSet<&str>) {
    let themes = examples
        .iter()
        .filter_map(|r| r.get("themes").and_then(Value::as_array))
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let contacts = examples.iter().filter_map(|r| text(r, "contact_member_id")).collect();
    (themes, contacts)
}

/// Keeps what a "mina exempel" file from `sender` may bring and lists the rest as skipped.
/// A network file is returned as it is, without a copy.
pub(crate) fn within_scope<'a>(
    conn: &Connection,
    payload: &'a Payload,
    sender: &str,
) -> Result<(Cow<'a, Payload>, Vec<OutOfScope>)> {
    if payload.provenance.scope != MINE {
        return Ok((Cow::Borrowed(payload), Vec::new()));
    }
    let mut skipped_records = Vec::new();
    let mut kept =
        Payload { provenance: payload.provenance.clone(), records: Default::default(), tombstones: Vec::new() };

    let mut examples = Vec::new();
    for record in payload.records.get("examples").into_iter().flatten() {
        let key = text(record, "id").unwrap_or_default();
        let label = tables::entity("examples").map_or_else(|| key.to_string(), |spec| spec.label_of(record));
        let sent_as_own = text(record, "origin_installation_id") == Some(sender);
        let owned_here = match local_origin(conn, key)? {
            None => true,
            Some(origin) => origin.as_deref() == Some(sender),
        };
        if sent_as_own && owned_here {
            examples.push(record.clone());
        } else {
            skipped_records.push(skipped(
                "examples",
                key,
                label,
                "En fil med ”mina exempel” får bara ändra exempel som loggats hos avsändaren.",
            ));
        }
    }
    let (theme_ids, contact_ids) = themes_and_contacts_of(&examples);

    for (entity, records) in &payload.records {
        let allowed: Option<&BTreeSet<&str>> = match entity.as_str() {
            "themes" => Some(&theme_ids),
            "members" => Some(&contact_ids),
            _ => None,
        };
        if entity == "examples" {
            continue;
        }
        let mut kept_records = Vec::new();
        for record in records {
            let key = tables::entity(entity).and_then(|spec| spec.key_of(record)).unwrap_or_default();
            let label = tables::entity(entity).map_or_else(|| key.clone(), |spec| spec.label_of(record));
            match allowed {
                Some(ids) if ids.contains(key.as_str()) => kept_records.push(record.clone()),
                Some(_) => skipped_records.push(skipped(
                    entity,
                    &key,
                    label,
                    "En fil med ”mina exempel” får bara ha med de teman och kontaktpersoner som avsändarens exempel använder.",
                )),
                None => skipped_records.push(skipped(
                    entity,
                    &key,
                    label,
                    "En fil med ”mina exempel” får inte ändra inställningar, träffar, närvaro eller presentationer; \
                     det gör bara värdarnas fil med hela nätverket.",
                )),
            }
        }
        kept.records.insert(entity.clone(), kept_records);
    }
    kept.records.insert("examples".to_string(), examples);

    for tombstone in &payload.tombstones {
        let origin_here = if tombstone.entity == "examples" { local_origin(conn, &tombstone.id)? } else { None };
        match origin_here {
            Some(origin) if origin.as_deref() == Some(sender) => kept.tombstones.push(tombstone.clone()),
            // Deleting an example that is not here changes nothing; it is simply not kept.
            None if tombstone.entity == "examples" => {}
            _ => skipped_records.push(skipped(
                &tombstone.entity,
                &tombstone.id,
                tombstone.id.clone(),
                "En fil med ”mina exempel” får bara ta bort exempel som loggats hos avsändaren.",
            )),
        }
    }
    Ok((Cow::Owned(kept), skipped_records))
}
