//! Presentations at meetings: which member or municipality presented which example, and their SQL.
//!
//! Examples belong to another module; here an example is only referred to by id and checked to exist.

use rusqlite::{Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::{ids, meetings, validate};

/// A presentation as stored, with the names people read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Presentation {
    pub id: String,
    pub meeting_id: String,
    pub member_id: Option<String>,
    pub member_name: Option<String>,
    pub municipality_code: Option<String>,
    pub municipality_name: Option<String>,
    pub example_id: Option<String>,
    pub example_title: Option<String>,
    pub note: String,
}

/// What a host types to record a presentation; empty strings mean "not given".
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PresentationInput {
    pub member_id: String,
    /// SCB code; taken from the member when empty.
    pub municipality_code: String,
    pub example_id: String,
    /// What was presented, in a few words.
    pub note: String,
}

fn given(text: &str) -> Option<String> {
    Some(text.trim().to_string()).filter(|t| !t.is_empty())
}

/// Records a presentation at a meeting; returns it as stored.
pub fn add(conn: &Connection, meeting_id: &str, input: &PresentationInput) -> Result<Presentation> {
    meetings::get(conn, meeting_id)?;
    let note = validate::optional_text("note", "Beskrivningen", &input.note, 2_000)?;
    let member_id = given(&input.member_id);
    let mut municipality_code = given(&input.municipality_code);
    let example_id = given(&input.example_id);
    if let Some(member) = &member_id {
        match crate::attendance::member_municipality(conn, member)? {
            None => return Err(Error::invalid("member_id", "Personen finns inte bland medlemmarna.")),
            Some(code) => {
                if municipality_code.is_none() {
                    municipality_code = code;
                }
            }
        }
    }
    if let Some(code) = &municipality_code {
        let known = conn.query_row("SELECT 1 FROM municipalities WHERE code = ?1", [code], |_| Ok(())).optional()?;
        if known.is_none() {
            return Err(Error::invalid(
                "municipality_code",
                format!("”{code}” är ingen kommunkod. Välj en kommun ur listan."),
            ));
        }
    }
    if let Some(example) = &example_id {
        let known = conn.query_row("SELECT 1 FROM examples WHERE id = ?1", [example], |_| Ok(())).optional()?;
        if known.is_none() {
            return Err(Error::invalid("example_id", "Exemplet finns inte. Välj ett exempel som finns i appen."));
        }
    }
    if member_id.is_none() && municipality_code.is_none() && example_id.is_none() && note.is_empty() {
        return Err(Error::invalid(
            "member_id",
            "Ange vem eller vilken kommun som presenterade, eller skriv vad som presenterades.",
        ));
    }
    let id = ids::new_id();
    let at = crate::db::now_timestamp();
    conn.execute(
        "INSERT INTO presentations (id, meeting_id, example_id, member_id, municipality_code, note, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        rusqlite::params![id, meeting_id, example_id, member_id, municipality_code, note, at],
    )?;
    get(conn, &id)
}

/// Removes a presentation.
pub fn remove(conn: &Connection, id: &str) -> Result<()> {
    if conn.execute("DELETE FROM presentations WHERE id = ?1", [id])? == 0 {
        return Err(not_found(id));
    }
    Ok(())
}

fn not_found(id: &str) -> Error {
    Error::NotFound { what: "Presentationen", id: id.to_string() }
}

const SELECT_PRESENTATION: &str = "SELECT p.id, p.meeting_id, p.member_id, m.name, p.municipality_code, mu.name,
     p.example_id, e.title, p.note FROM presentations p
     LEFT JOIN members m ON m.id = p.member_id
     LEFT JOIN municipalities mu ON mu.code = p.municipality_code
     LEFT JOIN examples e ON e.id = p.example_id";

fn presentation_from_row(row: &Row) -> rusqlite::Result<Presentation> {
    Ok(Presentation {
        id: row.get(0)?,
        meeting_id: row.get(1)?,
        member_id: row.get(2)?,
        member_name: row.get(3)?,
        municipality_code: row.get(4)?,
        municipality_name: row.get(5)?,
        example_id: row.get(6)?,
        example_title: row.get(7)?,
        note: row.get(8)?,
    })
}

/// One presentation by id.
pub fn get(conn: &Connection, id: &str) -> Result<Presentation> {
    conn.query_row(&format!("{SELECT_PRESENTATION} WHERE p.id = ?1"), [id], presentation_from_row)
        .optional()?
        .ok_or_else(|| not_found(id))
}

/// The presentations of a meeting, in the order they were recorded.
pub fn for_meeting(conn: &Connection, meeting_id: &str) -> Result<Vec<Presentation>> {
    let mut statement =
        conn.prepare(&format!("{SELECT_PRESENTATION} WHERE p.meeting_id = ?1 ORDER BY p.created_at, p.id"))?;
    let rows = statement.query_map([meeting_id], presentation_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
