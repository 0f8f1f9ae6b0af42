//! Examples (exempel): how a municipality reorganises its first line, with themes, links, presentations at meetings, and their SQL.
//!
//! Every write keeps the full-text index (see [`crate::examples::search`]) in step inside the same
//! transaction, and refuses text that looks like a personal identity number unless the user
//! has confirmed that it is not client data.

use rusqlite::{Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};

use super::{index, themes};
use crate::error::{Error, Result};
use crate::meetings::presentations;
use crate::members;
use crate::sharing::Sharing;
use crate::store::clock::now_timestamp;
use crate::store::collation;
use crate::store::sql::{self, NamedValue};
use crate::store::tombstones;
use crate::sweden::{municipalities, personnummer, time, validate};
use crate::text_enum;

text_enum! {
    /// How far an example has come.
    pub enum Stage ("fas") {
        Idea => ("idea", "idé"),
        Planned => ("planned", "planerad"),
        Implemented => ("implemented", "införd"),
        Evaluated => ("evaluated", "utvärderad"),
    }
}

/// A municipality an example comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExampleMunicipality {
    pub code: String,
    pub name: String,
    pub region_code: String,
    pub region_name: String,
}

/// A theme an example is filed under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThemeRef {
    pub id: String,
    pub name: String,
}

/// A link to read more (a report, a web page), always https.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ExampleLink {
    pub url: String,
    pub label: String,
}

/// The member to ask about an example.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactMember {
    pub id: String,
    pub name: String,
}

/// Where and by whom an example was presented.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Presentation {
    pub id: String,
    pub meeting_id: String,
    pub meeting_date: String,
    /// "tisdag 23 april 2024 kl. 15.00–15.45".
    pub meeting_label: String,
    pub member_id: Option<String>,
    pub member_name: Option<String>,
    pub note: String,
}

/// An example with everything that belongs to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Example {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub municipalities: Vec<ExampleMunicipality>,
    pub contact_member: Option<ContactMember>,
    pub themes: Vec<ThemeRef>,
    pub stage: Stage,
    pub stage_label: &'static str,
    /// `YYYY-MM-DD`.
    pub started_on: Option<String>,
    pub evaluation: String,
    pub links: Vec<ExampleLink>,
    pub presentations: Vec<Presentation>,
    /// Who may read it: only the network's members (the default) or anyone (an open export).
    pub sharing: Sharing,
    pub sharing_label: &'static str,
    pub created_at: String,
    pub updated_at: String,
}

/// A short form of an example for lists and search results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExampleSummary {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub stage: Stage,
    pub stage_label: &'static str,
    pub municipalities: Vec<ExampleMunicipality>,
    pub themes: Vec<ThemeRef>,
    pub presentation_count: i64,
    pub sharing: Sharing,
    pub sharing_label: &'static str,
    pub updated_at: String,
}

/// What a member logs; checked by [`ExampleInput::validated`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ExampleInput {
    pub title: String,
    pub summary: String,
    pub body: String,
    /// SCB codes of one or more municipalities.
    pub municipality_codes: Vec<String>,
    pub contact_member_id: Option<String>,
    pub theme_ids: Vec<String>,
    /// A stage code or its Swedish label; `idea` when empty.
    pub stage: String,
    /// `YYYY-MM-DD`, or empty.
    pub started_on: String,
    pub evaluation: String,
    pub links: Vec<ExampleLink>,
    /// A sharing code or its Swedish label (`network`/`open`, `inom nätverket`/`öppen`, `nätverket`);
    /// inside the network when empty, so nothing becomes open by leaving the field out.
    pub sharing: String,
    /// The user has seen the personnummer warning and confirmed the text holds no client data.
    pub confirm_sensitive: bool,
}

/// An example's fields after validation.
#[derive(Debug, Clone, PartialEq)]
struct ValidExample {
    title: String,
    summary: String,
    body: String,
    municipality_codes: Vec<String>,
    contact_member_id: Option<String>,
    theme_ids: Vec<String>,
    stage: Stage,
    started_on: Option<String>,
    evaluation: String,
    links: Vec<ExampleLink>,
    sharing: Sharing,
}

/// Most links on an example, and the longest texts (characters), for the form and for examples
/// that arrive in a bundle alike.
pub const MAX_LINKS: usize = 20;
pub const TITLE_MAX_CHARS: usize = 200;
pub const SUMMARY_MAX_CHARS: usize = 2_000;
pub const BODY_MAX_CHARS: usize = 100_000;
pub const EVALUATION_MAX_CHARS: usize = 20_000;
pub const LINK_LABEL_MAX_CHARS: usize = 200;

impl ExampleInput {
    fn validated(&self, conn: &Connection) -> Result<ValidExample> {
        let title = validate::required_text("title", "Titeln", &self.title, TITLE_MAX_CHARS)?;
        let summary = validate::optional_text("summary", "Sammanfattningen", &self.summary, SUMMARY_MAX_CHARS)?;
        let body = validate::optional_text("body", "Beskrivningen", &self.body, BODY_MAX_CHARS)?;
        let evaluation =
            validate::optional_text("evaluation", "Uppföljningen", &self.evaluation, EVALUATION_MAX_CHARS)?;

        let mut municipality_codes: Vec<String> = Vec::new();
        for code in &self.municipality_codes {
            let code = code.trim().to_string();
            if !municipalities::exists(conn, &code)? {
                return Err(Error::invalid(
                    "municipality_codes",
                    format!("”{code}” är ingen kommunkod. Välj kommunen i listan."),
                ));
            }
            if !municipality_codes.contains(&code) {
                municipality_codes.push(code);
            }
        }
        if municipality_codes.is_empty() {
            return Err(Error::invalid("municipality_codes", "Välj minst en kommun som exemplet kommer från."));
        }

        let contact_member_id = match self.contact_member_id.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(id) if members::exists(conn, id)? => Some(id.to_string()),
            Some(_) => {
                return Err(Error::invalid("contact_member_id", "Kontaktpersonen finns inte bland medlemmarna."));
            }
        };

        let mut theme_ids: Vec<String> = Vec::new();
        for id in &self.theme_ids {
            let id = id.trim().to_string();
            if !themes::exists(conn, &id)? {
                return Err(Error::invalid("theme_ids", "Ett av de valda temana finns inte längre. Ladda om sidan."));
            }
            if !theme_ids.contains(&id) {
                theme_ids.push(id);
            }
        }

        let stage = if self.stage.trim().is_empty() { Stage::Idea } else { Stage::parse("stage", &self.stage)? };
        let started_on = if self.started_on.trim().is_empty() {
            None
        } else {
            Some(time::parse_date("started_on", &self.started_on)?.format("%Y-%m-%d").to_string())
        };

        let sharing = if self.sharing.trim().is_empty() {
            Sharing::default()
        } else {
            Sharing::parse_typed("sharing", &self.sharing)?
        };

        let mut links = Vec::new();
        for link in self.links.iter().filter(|l| !(l.url.trim().is_empty() && l.label.trim().is_empty())) {
            let url = validate::https_url("links", "Länken", &link.url)?;
            let label = validate::optional_text("links", "Länktexten", &link.label, LINK_LABEL_MAX_CHARS)?;
            links.push(ExampleLink { url, label });
        }
        if links.len() > MAX_LINKS {
            return Err(Error::invalid("links", format!("Ett exempel kan ha högst {MAX_LINKS} länkar.")));
        }

        let valid = ValidExample {
            title,
            summary,
            body,
            municipality_codes,
            contact_member_id,
            theme_ids,
            stage,
            started_on,
            evaluation,
            links,
            sharing,
        };
        if !self.confirm_sensitive {
            check_for_personal_identity_numbers(&valid)?;
        }
        Ok(valid)
    }
}

/// Refuses text holding a valid personnummer, naming the field it was found in.
fn check_for_personal_identity_numbers(example: &ValidExample) -> Result<()> {
    let mut fields: Vec<(&'static str, &str, &str)> = vec![
        ("title", "titeln", &example.title),
        ("summary", "sammanfattningen", &example.summary),
        ("body", "beskrivningen", &example.body),
        ("evaluation", "uppföljningen", &example.evaluation),
    ];
    fields.extend(example.links.iter().map(|link| ("links", "en länktext", link.label.as_str())));
    for (field, label, text) in fields {
        if personnummer::contains(text) {
            return Err(Error::SensitiveData {
                field,
                message: format!(
                    "Det ser ut som att {label} innehåller ett personnummer. Exempel delas mellan kommuner och får inte \
                     innehålla uppgifter om enskilda. Ta bort numret, eller spara ändå om det inte är ett personnummer."
                ),
            });
        }
    }
    Ok(())
}

fn write_parts(tx: &Transaction, id: &str, example: &ValidExample) -> Result<()> {
    tx.execute("DELETE FROM example_municipalities WHERE example_id = ?1", [id])?;
    tx.execute("DELETE FROM example_themes WHERE example_id = ?1", [id])?;
    tx.execute("DELETE FROM example_links WHERE example_id = ?1", [id])?;
    for code in &example.municipality_codes {
        tx.execute("INSERT INTO example_municipalities (example_id, municipality_code) VALUES (?1, ?2)", (id, code))?;
    }
    for theme_id in &example.theme_ids {
        tx.execute("INSERT INTO example_themes (example_id, theme_id) VALUES (?1, ?2)", (id, theme_id))?;
    }
    for (position, link) in example.links.iter().enumerate() {
        tx.execute(
            "INSERT INTO example_links (example_id, position, url, label) VALUES (?1, ?2, ?3, ?4)",
            (id, position as i64, &link.url, &link.label),
        )?;
    }
    index::reindex_example(tx, id)
}

/// Logs a new example; returns it as stored.
pub fn create(tx: &Transaction, input: &ExampleInput) -> Result<Example> {
    let valid = input.validated(tx)?;
    let id = sql::insert_logged_here(tx, "examples", EXAMPLE_COLUMNS, example_params(&valid))?;
    write_parts(tx, &id, &valid)?;
    get(tx, &id)
}

/// Replaces an example's fields; returns it as stored.
pub fn update(tx: &Transaction, id: &str, input: &ExampleInput) -> Result<Example> {
    let valid = input.validated(tx)?;
    if !sql::update_edited(tx, "examples", EXAMPLE_COLUMNS, id, example_params(&valid))? {
        return Err(not_found(id));
    }
    write_parts(tx, id, &valid)?;
    get(tx, id)
}

/// The columns of an example that a person edits, written alike by insert and update; each is bound as `:column`.
const EXAMPLE_COLUMNS: &str = "title, summary, body, contact_member_id, stage, started_on, evaluation, sharing";

/// The values of [`EXAMPLE_COLUMNS`] for a validated example.
fn example_params(example: &ValidExample) -> Vec<NamedValue> {
    vec![
        (":title", sql::text(&example.title)),
        (":summary", sql::text(&example.summary)),
        (":body", sql::text(&example.body)),
        (":contact_member_id", sql::optional_text(example.contact_member_id.as_deref())),
        (":stage", sql::text(example.stage.code())),
        (":started_on", sql::optional_text(example.started_on.as_deref())),
        (":evaluation", sql::text(&example.evaluation)),
        (":sharing", sql::text(example.sharing.code())),
    ]
}

/// No longer names `member_id` as contact of any example (the member was anonymised).
pub(crate) fn forget_contact(tx: &Transaction, member_id: &str, at: &str) -> Result<()> {
    tx.execute(
        "UPDATE examples SET contact_member_id = NULL, updated_at = ?2 WHERE contact_member_id = ?1",
        (member_id, at),
    )?;
    Ok(())
}

/// Deletes an example and leaves a tombstone so the deletion can travel to other installations.
pub fn delete(tx: &Transaction, id: &str) -> Result<()> {
    let changed = tx.execute("DELETE FROM examples WHERE id = ?1", [id])?;
    if changed == 0 {
        return Err(not_found(id));
    }
    index::remove_example(tx, id)?;
    tombstones::record(tx, "examples", id, &now_timestamp())
}

fn not_found(id: &str) -> Error {
    Error::NotFound { what: "Exemplet", id: id.to_string() }
}

/// One example with its municipalities, themes, links and presentations.
pub fn get(conn: &Connection, id: &str) -> Result<Example> {
    let example = conn
        .query_row(
            "SELECT e.id, e.title, e.summary, e.body, e.stage, e.started_on, e.evaluation, e.created_at, e.updated_at,
                 m.id, m.name, e.sharing
             FROM examples e LEFT JOIN members m ON m.id = e.contact_member_id
             WHERE e.id = ?1",
            [id],
            |row| {
                let stage: Stage = row.get(4)?;
                let member_id: Option<String> = row.get(9)?;
                let sharing: Sharing = row.get(11)?;
                Ok(Example {
                    id: row.get(0)?,
                    title: row.get(1)?,
                    summary: row.get(2)?,
                    body: row.get(3)?,
                    municipalities: Vec::new(),
                    contact_member: match member_id {
                        Some(id) => Some(ContactMember { id, name: row.get(10)? }),
                        None => None,
                    },
                    themes: Vec::new(),
                    stage,
                    stage_label: stage.label(),
                    started_on: row.get(5)?,
                    evaluation: row.get(6)?,
                    links: Vec::new(),
                    presentations: Vec::new(),
                    sharing,
                    sharing_label: sharing.label(),
                    created_at: row.get(7)?,
                    updated_at: row.get(8)?,
                })
            },
        )
        .optional()?
        .ok_or_else(|| not_found(id))?;
    let mut links_statement =
        conn.prepare("SELECT url, label FROM example_links WHERE example_id = ?1 ORDER BY position")?;
    let links = links_statement
        .query_map([id], |row| Ok(ExampleLink { url: row.get(0)?, label: row.get(1)? }))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Example {
        municipalities: municipalities_of(conn, id)?,
        themes: themes_of(conn, id)?,
        links,
        presentations: presentations_of(conn, id)?,
        ..example
    })
}

fn municipalities_of(conn: &Connection, example_id: &str) -> Result<Vec<ExampleMunicipality>> {
    let sql = format!(
        "SELECT m.code, m.name, m.region_code, r.name FROM example_municipalities em
         JOIN municipalities m ON m.code = em.municipality_code JOIN regions r ON r.code = m.region_code
         WHERE em.example_id = ?1 ORDER BY m.name COLLATE {}",
        collation::SQL_NAME
    );
    let mut statement = conn.prepare(&sql)?;
    let rows = statement.query_map([example_id], |row| {
        Ok(ExampleMunicipality {
            code: row.get(0)?,
            name: row.get(1)?,
            region_code: row.get(2)?,
            region_name: row.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn themes_of(conn: &Connection, example_id: &str) -> Result<Vec<ThemeRef>> {
    let sql = format!(
        "SELECT t.id, t.name FROM example_themes et JOIN themes t ON t.id = et.theme_id
         WHERE et.example_id = ?1 ORDER BY t.name COLLATE {}",
        collation::SQL_NAME
    );
    let mut statement = conn.prepare(&sql)?;
    let rows = statement.query_map([example_id], |row| Ok(ThemeRef { id: row.get(0)?, name: row.get(1)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn presentations_of(conn: &Connection, example_id: &str) -> Result<Vec<Presentation>> {
    let mut statement = conn.prepare(
        "SELECT p.id, p.meeting_id, mt.local_date, mt.start_time, mt.end_time, p.member_id, mb.name, p.note
         FROM presentations p JOIN meetings mt ON mt.id = p.meeting_id LEFT JOIN members mb ON mb.id = p.member_id
         WHERE p.example_id = ?1 ORDER BY mt.start_utc, p.created_at",
    )?;
    let rows = statement.query_map([example_id], |row| {
        let date: chrono::NaiveDate = row.get(2)?;
        let start: chrono::NaiveTime = row.get(3)?;
        let end: chrono::NaiveTime = row.get(4)?;
        Ok(Presentation {
            id: row.get(0)?,
            meeting_id: row.get(1)?,
            meeting_date: date.format("%Y-%m-%d").to_string(),
            meeting_label: time::long_date_and_time(date, start, end),
            member_id: row.get(5)?,
            member_name: row.get(6)?,
            note: row.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn summary_from_row(conn: &Connection, row: &Row) -> Result<ExampleSummary> {
    let id: String = row.get(0)?;
    let stage: Stage = row.get(3)?;
    let sharing: Sharing = row.get(6)?;
    Ok(ExampleSummary {
        municipalities: municipalities_of(conn, &id)?,
        themes: themes_of(conn, &id)?,
        title: row.get(1)?,
        summary: row.get(2)?,
        stage,
        stage_label: stage.label(),
        presentation_count: row.get(4)?,
        sharing,
        sharing_label: sharing.label(),
        updated_at: row.get(5)?,
        id,
    })
}

const SELECT_SUMMARY: &str = "SELECT e.id, e.title, e.summary, e.stage,
     (SELECT count(*) FROM presentations p WHERE p.example_id = e.id), e.updated_at, e.sharing
     FROM examples e";

/// Summaries of the given examples, in the order of `ids` (unknown ids are skipped).
pub fn summaries(conn: &Connection, ids: &[String]) -> Result<Vec<ExampleSummary>> {
    let mut statement = conn.prepare(&format!("{SELECT_SUMMARY} WHERE e.id = ?1"))?;
    let mut found = Vec::with_capacity(ids.len());
    for id in ids {
        let mut rows = statement.query([id])?;
        if let Some(row) = rows.next()? {
            found.push(summary_from_row(conn, row)?);
        }
    }
    Ok(found)
}

pub(crate) fn summaries_where(conn: &Connection, clause: &str, limit: i64) -> Result<Vec<ExampleSummary>> {
    let mut statement = conn.prepare(&format!("{SELECT_SUMMARY} {clause} LIMIT ?1"))?;
    let mut rows = statement.query([limit])?;
    let mut found = Vec::new();
    while let Some(row) = rows.next()? {
        found.push(summary_from_row(conn, row)?);
    }
    Ok(found)
}

/// Every example, in Swedish alphabetical order of title.
pub fn list(conn: &Connection) -> Result<Vec<ExampleSummary>> {
    summaries_where(conn, &format!("ORDER BY e.title COLLATE {}, e.id", collation::SQL_NAME), i64::MAX)
}

/// Records that an example was presented at a meeting, and by whom.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PresentationInput {
    pub meeting_id: String,
    pub member_id: Option<String>,
    pub note: String,
}

/// Links an example to the meeting where it was presented; returns the example as stored.
///
/// Checking and writing are [`presentations::add`]'s; this only turns the Exempel view's input
/// into a presentation of this example and reports an unknown meeting at the meeting field.
pub fn add_presentation(tx: &Transaction, example_id: &str, input: &PresentationInput) -> Result<Example> {
    let exists = tx.query_row("SELECT 1 FROM examples WHERE id = ?1", [example_id], |_| Ok(())).optional()?;
    if exists.is_none() {
        return Err(not_found(example_id));
    }
    let presentation = presentations::PresentationInput {
        member_id: input.member_id.clone().unwrap_or_default(),
        municipality_code: String::new(),
        example_id: example_id.to_string(),
        note: input.note.clone(),
    };
    match presentations::add(tx, &input.meeting_id, &presentation) {
        Ok(_) => {}
        // The example exists (checked above), so the only record that can be missing is the meeting.
        Err(Error::NotFound { .. }) => {
            return Err(Error::invalid("meeting_id", "Välj den träff där exemplet visades."));
        }
        Err(other) => return Err(other),
    }
    get(tx, example_id)
}

/// Removes a presentation link; returns the example as stored.
pub fn remove_presentation(tx: &Transaction, example_id: &str, presentation_id: &str) -> Result<Example> {
    presentations::remove_of_example(tx, example_id, presentation_id)?;
    get(tx, example_id)
}
