//! Presentations at meetings: which member or municipality presented which example, and their SQL.
//!
//! All writes to the `presentations` table happen here, whichever view records them. Examples
//! belong to another module; here an example is only referred to by id and checked to exist.

use rusqlite::{Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};

use super::meeting::{self, MeetingStatus};
use crate::error::{Error, Result};
use crate::members;
use crate::store::{clock, ids};
use crate::sweden::{municipalities, personnummer, time, validate};

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

/// Longest note on a presentation (characters).
pub const NOTE_MAX_CHARS: usize = 1_000;

fn given(text: &str) -> Option<String> {
    Some(text.trim().to_string()).filter(|t| !t.is_empty())
}

/// Records a presentation at a meeting; returns it as stored.
///
/// The one place presentations are checked and written, for the meeting page and (through
/// `examples::add_presentation`) the Exempel view. The meeting must exist and not be
/// cancelled; a member, municipality or example given must exist; at least one of them or a note
/// must be given; the note holds no personnummer; an example is linked to a meeting only once per presenter.
pub fn add(tx: &Transaction, meeting_id: &str, input: &PresentationInput) -> Result<Presentation> {
    let meeting = meeting::get(tx, meeting_id)?;
    if meeting.status == MeetingStatus::Cancelled {
        let why =
            if meeting.cancel_reason.is_empty() { String::new() } else { format!(" ({})", meeting.cancel_reason) };
        return Err(Error::invalid(
            "meeting_id",
            format!("Träffen {} ställdes in{why}. Välj en träff som blev av.", time::day_month_year(meeting.date)),
        ));
    }
    let note = validate::optional_text("note", "Anteckningen", &input.note, NOTE_MAX_CHARS)?;
    if personnummer::contains(&note) {
        return Err(Error::invalid("note", "Anteckningen ser ut att innehålla ett personnummer. Ta bort det."));
    }
    let member_id = given(&input.member_id);
    let mut municipality_code = given(&input.municipality_code);
    let example_id = given(&input.example_id);
    if let Some(member) = &member_id {
        match members::member::municipality_of(tx, member)? {
            None => {
                return Err(Error::invalid("member_id", "Den som presenterade finns inte bland medlemmarna."));
            }
            Some(code) => {
                if municipality_code.is_none() {
                    municipality_code = code;
                }
            }
        }
    }
    if let Some(code) = &municipality_code {
        if !municipalities::exists(tx, code)? {
            return Err(Error::invalid(
                "municipality_code",
                format!("”{code}” är ingen kommunkod. Välj en kommun ur listan."),
            ));
        }
    }
    if let Some(example) = &example_id {
        let already = tx
            .query_row(
                "SELECT 1 FROM presentations WHERE example_id = ?1 AND meeting_id = ?2 AND member_id IS ?3",
                rusqlite::params![example, meeting_id, member_id],
                |_| Ok(()),
            )
            .optional()?;
        if already.is_some() {
            return Err(Error::invalid("meeting_id", "Exemplet är redan kopplat till den träffen."));
        }
    }
    if member_id.is_none() && municipality_code.is_none() && example_id.is_none() && note.is_empty() {
        return Err(Error::invalid(
            "member_id",
            "Ange vem eller vilken kommun som presenterade, eller skriv vad som presenterades.",
        ));
    }
    let id = ids::new_id();
    let at = clock::now_timestamp();
    let inserted = tx.execute(
        "INSERT INTO presentations (id, meeting_id, example_id, member_id, municipality_code, note, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        rusqlite::params![id, meeting_id, example_id, member_id, municipality_code, note, at],
    );
    // The meeting, member and municipality were checked above; a broken reference now is the example.
    if let Err(error) = inserted {
        if error.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) && example_id.is_some() {
            return Err(Error::invalid("example_id", "Exemplet finns inte. Välj ett exempel som finns i appen."));
        }
        return Err(error.into());
    }
    get(tx, &id)
}

/// Removes a presentation (the meeting page).
pub fn remove(tx: &Transaction, id: &str) -> Result<()> {
    if !delete(tx, id, None)? {
        return Err(not_found(id));
    }
    Ok(())
}

/// Removes a presentation of one example (the Exempel view): an id that belongs to another
/// example is not found.
pub(crate) fn remove_of_example(tx: &Transaction, example_id: &str, id: &str) -> Result<()> {
    if !delete(tx, id, Some(example_id))? {
        return Err(Error::NotFound { what: "Kopplingen till träffen", id: id.to_string() });
    }
    Ok(())
}

/// Deletes a presentation, only if it belongs to `example_id` when one is given; whether a row went.
fn delete(tx: &Transaction, id: &str, example_id: Option<&str>) -> Result<bool> {
    let changed = tx.execute(
        "DELETE FROM presentations WHERE id = ?1 AND (?2 IS NULL OR example_id = ?2)",
        rusqlite::params![id, example_id],
    )?;
    Ok(changed > 0)
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
pub(crate) fn for_meeting(conn: &Connection, meeting_id: &str) -> Result<Vec<Presentation>> {
    let mut statement =
        conn.prepare(&format!("{SELECT_PRESENTATION} WHERE p.meeting_id = ?1 ORDER BY p.created_at, p.id"))?;
    let rows = statement.query_map([meeting_id], presentation_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
