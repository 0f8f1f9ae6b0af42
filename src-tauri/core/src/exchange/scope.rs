//! Who may send what: a "mina exempel" file may only bring the sender's own examples, their themes
//! and contact members, and deletions of the sender's own examples; the rest is skipped with a reason.
//!
//! A network file ("hela nätverket") may carry every replicated table. Which senders may send one is
//! decided by the sender's identity, not here.

use std::collections::BTreeSet;

use rusqlite::{Connection, OptionalExtension};
use serde_json::Value;

use super::format::Record;
use super::stream::Item;
use crate::error::Result;

/// The scope names a bundle's provenance carries.
pub(crate) const MINE: &str = "mine";
pub(crate) const NETWORK: &str = "network";

/// A record or deletion a file may not bring, and why.
pub(crate) struct OutOfScope {
    pub key: String,
    pub label: String,
    pub reason: &'static str,
}

fn skipped(key: &str, label: String, reason: &'static str) -> OutOfScope {
    OutOfScope { key: key.to_string(), label, reason }
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

/// What a "mina exempel" file carries of `entity`: an SQL condition on its rows, where `?1` is the
/// sending installation's id; `None` when such a file carries none of it.
pub(crate) fn mine_export_condition(entity: &str) -> Option<&'static str> {
    match entity {
        "examples" => Some("origin_installation_id = ?1"),
        "themes" => Some(
            "id IN (SELECT theme_id FROM example_themes JOIN examples ON examples.id = example_themes.example_id
                    WHERE examples.origin_installation_id = ?1)",
        ),
        "members" => Some("id IN (SELECT contact_member_id FROM examples WHERE origin_installation_id = ?1)"),
        _ => None,
    }
}

/// Whether a "mina exempel" file carries the deletions of `entity` (a member who deletes an
/// example wants it gone at the hosts).
pub(crate) fn mine_exports_deletions_of(entity: &str) -> bool {
    entity == "examples"
}

/// The most distinct themes and contact members a "mina exempel" file may name.
const MOST_NAMED: usize = 100_000;

/// The scope of a "mina exempel" file from `sender`, read in two passes: [`MineScope::learn`]
/// sees every item first (which themes and contacts the sender's own examples name), then
/// [`MineScope::admit`] decides for each item whether it is merged.
pub(crate) struct MineScope {
    sender: String,
    themes: BTreeSet<String>,
    contacts: BTreeSet<String>,
}

/// What happens to one item of a "mina exempel" file.
pub(crate) enum Admission {
    Merge,
    /// Left out without a word (deleting an example that is not here changes nothing).
    Ignore,
    Skip(OutOfScope),
}

impl MineScope {
    pub(crate) fn new(sender: &str) -> Self {
        MineScope { sender: sender.to_string(), themes: BTreeSet::new(), contacts: BTreeSet::new() }
    }

    /// Whether `example` is the sender's own, stored here as theirs or not at all.
    fn own_example(&self, conn: &Connection, example: &Record) -> Result<bool> {
        let key = text(example, "id").unwrap_or_default();
        let sent_as_own = text(example, "origin_installation_id") == Some(self.sender.as_str());
        Ok(sent_as_own
            && match local_origin(conn, key)? {
                None => true,
                Some(origin) => origin.as_deref() == Some(self.sender.as_str()),
            })
    }

    /// First pass: remembers the themes and contact members the sender's own examples name.
    pub(crate) fn learn(&mut self, conn: &Connection, item: &Item) -> Result<()> {
        let Item::Record(spec, record) = item else { return Ok(()) };
        if spec.name != "examples" || !self.own_example(conn, record)? {
            return Ok(());
        }
        let themes = record.get("themes").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str);
        self.themes.extend(themes.map(str::to_string));
        self.contacts.extend(text(record, "contact_member_id").map(str::to_string));
        if self.themes.len() > MOST_NAMED || self.contacts.len() > MOST_NAMED {
            return Err(super::format::bundle_error(format!(
                "nämner fler än {MOST_NAMED} teman eller kontaktpersoner. Inget har importerats."
            )));
        }
        Ok(())
    }

    /// Second pass: whether `item` may be merged, and why not.
    pub(crate) fn admit(&self, conn: &Connection, item: &Item) -> Result<Admission> {
        match item {
            Item::Record(spec, record) => {
                let key = spec.key_of(record).unwrap_or_default();
                let out = |reason| Admission::Skip(skipped(&key, spec.label_of(record), reason));
                Ok(match spec.name {
                    "examples" if self.own_example(conn, record)? => Admission::Merge,
                    "examples" => out("En fil med ”mina exempel” får bara ändra exempel som loggats hos avsändaren."),
                    "themes" if self.themes.contains(&key) => Admission::Merge,
                    "members" if self.contacts.contains(&key) => Admission::Merge,
                    "themes" | "members" => out(
                        "En fil med ”mina exempel” får bara ha med de teman och kontaktpersoner som avsändarens exempel använder.",
                    ),
                    _ => out(
                        "En fil med ”mina exempel” får inte ändra inställningar, träffar, närvaro, presentationer, medskick \
                         eller förslag; \
                         det gör bara värdarnas fil med hela nätverket.",
                    ),
                })
            }
            Item::Tombstone(spec, tombstone) => {
                let origin_here = if spec.name == "examples" { local_origin(conn, &tombstone.id)? } else { None };
                Ok(match origin_here {
                    Some(origin) if origin.as_deref() == Some(self.sender.as_str()) => Admission::Merge,
                    None if spec.name == "examples" => Admission::Ignore,
                    _ => Admission::Skip(skipped(
                        &tombstone.id,
                        tombstone.id.clone(),
                        "En fil med ”mina exempel” får bara ta bort exempel som loggats hos avsändaren.",
                    )),
                })
            }
        }
    }
}
