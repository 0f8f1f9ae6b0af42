//! A medskick: what it asks, who raised it and where, whom it is for, how far it has come, and its SQL.
//!
//! The status moves ny → samlas → framförd → besvarad, and any open medskick can be closed
//! (avslutad); [`change_status`] refuses other steps with a Swedish message that lists the possible
//! ones. Every write keeps the search index in step inside the same transaction, and text that looks
//! like a personnummer is refused unless the user confirms it is not client data.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use super::index;
use crate::error::{Error, Result};
use crate::examples::ThemeRef;
use crate::sharing::Sharing;
use crate::store::clock::now_timestamp;
use crate::store::sql::{self, NamedValue};
use crate::store::{collation, tombstones};
use crate::sweden::{municipalities, personnummer, time, validate};
use crate::text_enum;

text_enum! {
    /// How far a medskick has come on its way upward.
    pub enum Status ("status") {
        New => ("new", "ny"),
        Gathering => ("gathering", "samlas"),
        Delivered => ("delivered", "framförd"),
        Answered => ("answered", "besvarad"),
        Closed => ("closed", "avslutad"),
    }
}

impl Status {
    /// The statuses a medskick may move to from this one, in the order they usually come.
    pub fn next_steps(self) -> &'static [Status] {
        match self {
            Status::New => &[Status::Gathering, Status::Delivered, Status::Closed],
            Status::Gathering => &[Status::New, Status::Delivered, Status::Closed],
            Status::Delivered => &[Status::Answered, Status::Closed],
            Status::Answered => &[Status::Closed],
            // A closed medskick can be taken up again.
            Status::Closed => &[Status::Gathering],
        }
    }

    /// Whether the medskick still waits for something (not answered, not closed).
    pub fn is_open(self) -> bool {
        matches!(self, Status::New | Status::Gathering | Status::Delivered)
    }
}

text_enum! {
    /// Whom a medskick is to be carried to.
    pub enum Addressee ("mottagare") {
        Fss => ("fss", "FSS styrelse"),
        Skr => ("skr", "SKR"),
        Government => ("government", "regeringen"),
        Socialstyrelsen => ("socialstyrelsen", "Socialstyrelsen"),
        Other => ("other", "annan mottagare"),
    }
}

impl Addressee {
    /// Reads an addressee as people type it: the code, the label in any case, or the command
    /// line's Swedish words (`--addressee fss|skr|regeringen|socialstyrelsen|annan`).
    pub fn parse_typed(field: &'static str, text: &str) -> Result<Self> {
        let wanted = text.trim().to_lowercase();
        match wanted.as_str() {
            "regeringen" | "regering" => return Ok(Addressee::Government),
            "annan" | "annat" | "övrig" | "övriga" => return Ok(Addressee::Other),
            "fss" | "fss styrelse" | "fss:s styrelse" => return Ok(Addressee::Fss),
            _ => {}
        }
        Addressee::ALL
            .iter()
            .copied()
            .find(|a| a.label().to_lowercase() == wanted)
            .map_or_else(|| Addressee::parse(field, text), Ok)
    }
}

/// The member who raised a medskick.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonRef {
    pub id: String,
    pub name: String,
}

/// The municipality a medskick comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MunicipalityRef {
    pub code: String,
    pub name: String,
    pub region_code: String,
    pub region_name: String,
}

/// The meeting where a medskick was raised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeetingRef {
    pub id: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// "tisdag 23 april 2024 kl. 15.00–15.45".
    pub label: String,
}

/// An example a medskick points to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExampleRef {
    pub id: String,
    pub title: String,
}

/// A medskick with everything that belongs to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Medskick {
    pub id: String,
    pub title: String,
    pub description: String,
    pub raised_by: Option<PersonRef>,
    pub municipality: Option<MunicipalityRef>,
    pub meeting: Option<MeetingRef>,
    pub themes: Vec<ThemeRef>,
    pub examples: Vec<ExampleRef>,
    pub addressee: Addressee,
    pub addressee_label: &'static str,
    pub status: Status,
    pub status_label: &'static str,
    /// The statuses it may move to next.
    pub next_statuses: Vec<Status>,
    /// `YYYY-MM-DD` dates of the status changes that have one.
    pub delivered_on: Option<String>,
    pub answered_on: Option<String>,
    pub closed_on: Option<String>,
    pub answer: String,
    pub sharing: Sharing,
    pub sharing_label: &'static str,
    pub created_at: String,
    pub updated_at: String,
}

/// What a member logs; checked by the same rules in the app and on the command line.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MedskickInput {
    pub title: String,
    pub description: String,
    pub raised_by_member_id: Option<String>,
    /// SCB code; empty takes the raising member's municipality.
    pub municipality_code: String,
    /// Empty when it was not raised at a meeting.
    pub meeting_id: String,
    pub theme_ids: Vec<String>,
    pub example_ids: Vec<String>,
    /// A code, a label or the command line's word; `fss` when empty.
    pub addressee: String,
    /// `network` (default), `open`, or the Swedish words.
    pub sharing: String,
    /// The user has seen the personnummer warning and confirmed the text holds no client data.
    pub confirm_sensitive: bool,
}

/// A move to another status, with its date (today when empty) and the answer received.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct StatusChange {
    pub status: String,
    /// `YYYY-MM-DD`, or empty for today.
    pub date: String,
    /// Required when the status becomes `besvarad`.
    pub answer: String,
}

/// The longest texts (characters) and most links, for the form, the command line and bundles alike.
pub const TITLE_MAX_CHARS: usize = 200;
pub const DESCRIPTION_MAX_CHARS: usize = 20_000;
pub const ANSWER_MAX_CHARS: usize = 20_000;
pub const MAX_EXAMPLES: usize = 50;
pub const MAX_THEMES: usize = 50;

#[derive(Debug, Clone, PartialEq)]
struct ValidMedskick {
    title: String,
    description: String,
    raised_by_member_id: Option<String>,
    municipality_code: Option<String>,
    meeting_id: Option<String>,
    theme_ids: Vec<String>,
    example_ids: Vec<String>,
    addressee: Addressee,
    sharing: Sharing,
}

fn exists_in(conn: &Connection, table: &str, id: &str) -> Result<bool> {
    Ok(conn.query_row(&format!("SELECT 1 FROM {table} WHERE id = ?1"), [id], |_| Ok(())).optional()?.is_some())
}

fn distinct(values: &[String]) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for value in values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
        if !seen.iter().any(|s| s == value) {
            seen.push(value.to_string());
        }
    }
    seen
}

impl MedskickInput {
    fn validated(&self, conn: &Connection) -> Result<ValidMedskick> {
        let title = validate::required_text("title", "Rubriken", &self.title, TITLE_MAX_CHARS)?;
        let description =
            validate::optional_text("description", "Beskrivningen", &self.description, DESCRIPTION_MAX_CHARS)?;

        let raised_by_member_id = match self.raised_by_member_id.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(id) => {
                let anonymised: Option<Option<String>> = conn
                    .query_row("SELECT anonymised_at FROM members WHERE id = ?1", [id], |row| row.get(0))
                    .optional()?;
                match anonymised {
                    Some(None) => Some(id.to_string()),
                    _ => {
                        return Err(Error::invalid(
                            "raised_by_member_id",
                            "Personen som väckte medskicket finns inte bland medlemmarna.",
                        ))
                    }
                }
            }
        };

        let municipality_code = match self.municipality_code.trim() {
            "" => match &raised_by_member_id {
                Some(member) => conn
                    .query_row("SELECT municipality_code FROM members WHERE id = ?1", [member], |row| row.get(0))
                    .optional()?
                    .flatten(),
                None => None,
            },
            code if municipalities::exists(conn, code)? => Some(code.to_string()),
            code => {
                return Err(Error::invalid(
                    "municipality_code",
                    format!("”{code}” är ingen kommunkod. Välj kommunen i listan."),
                ))
            }
        };

        let meeting_id = match self.meeting_id.trim() {
            "" => None,
            id if exists_in(conn, "meetings", id)? => Some(id.to_string()),
            _ => return Err(Error::invalid("meeting_id", "Träffen finns inte. Välj en träff i listan.")),
        };

        if self.theme_ids.len() > MAX_THEMES {
            return Err(Error::invalid("theme_ids", format!("Ett medskick kan ha högst {MAX_THEMES} teman.")));
        }
        if self.example_ids.len() > MAX_EXAMPLES {
            return Err(Error::invalid(
                "example_ids",
                format!("Ett medskick kan peka på högst {MAX_EXAMPLES} exempel."),
            ));
        }
        let theme_ids = distinct(&self.theme_ids);
        for id in &theme_ids {
            if !exists_in(conn, "themes", id)? {
                return Err(Error::invalid("theme_ids", "Ett av de valda temana finns inte längre. Ladda om sidan."));
            }
        }
        let example_ids = distinct(&self.example_ids);
        for id in &example_ids {
            if !exists_in(conn, "examples", id)? {
                return Err(Error::invalid(
                    "example_ids",
                    "Ett av de valda exemplen finns inte längre. Ladda om sidan.",
                ));
            }
        }

        let addressee = if self.addressee.trim().is_empty() {
            Addressee::Fss
        } else {
            Addressee::parse_typed("addressee", &self.addressee)?
        };
        let sharing = if self.sharing.trim().is_empty() {
            Sharing::Network
        } else {
            Sharing::parse_typed("sharing", &self.sharing)?
        };

        let valid = ValidMedskick {
            title,
            description,
            raised_by_member_id,
            municipality_code,
            meeting_id,
            theme_ids,
            example_ids,
            addressee,
            sharing,
        };
        if !self.confirm_sensitive {
            refuse_personal_identity_numbers(&[
                ("title", "rubriken", &valid.title),
                ("description", "beskrivningen", &valid.description),
            ])?;
        }
        Ok(valid)
    }
}

/// Refuses text holding a valid personnummer, naming the field it was found in.
fn refuse_personal_identity_numbers(fields: &[(&'static str, &str, &str)]) -> Result<()> {
    for &(field, label, text) in fields {
        if personnummer::contains(text) {
            return Err(Error::SensitiveData {
                field,
                message: format!(
                    "Det ser ut som att {label} innehåller ett personnummer. Medskick förs vidare utanför nätverket och \
                     får inte innehålla uppgifter om enskilda. Ta bort numret, eller spara ändå om det inte är ett personnummer."
                ),
            });
        }
    }
    Ok(())
}

/// The columns of a medskick that a person edits, written alike by insert and update; each is bound as `:column`.
const EDITED_COLUMNS: &str =
    "title, description, raised_by_member_id, municipality_code, meeting_id, addressee, sharing";

fn edited_params(valid: &ValidMedskick) -> Vec<NamedValue> {
    vec![
        (":title", sql::text(&valid.title)),
        (":description", sql::text(&valid.description)),
        (":raised_by_member_id", sql::optional_text(valid.raised_by_member_id.as_deref())),
        (":municipality_code", sql::optional_text(valid.municipality_code.as_deref())),
        (":meeting_id", sql::optional_text(valid.meeting_id.as_deref())),
        (":addressee", sql::text(valid.addressee.code())),
        (":sharing", sql::text(valid.sharing.code())),
    ]
}

fn write_parts(tx: &Transaction, id: &str, valid: &ValidMedskick) -> Result<()> {
    tx.execute("DELETE FROM medskick_themes WHERE medskick_id = ?1", [id])?;
    tx.execute("DELETE FROM medskick_examples WHERE medskick_id = ?1", [id])?;
    for theme_id in &valid.theme_ids {
        tx.execute("INSERT INTO medskick_themes (medskick_id, theme_id) VALUES (?1, ?2)", (id, theme_id))?;
    }
    for example_id in &valid.example_ids {
        tx.execute("INSERT INTO medskick_examples (medskick_id, example_id) VALUES (?1, ?2)", (id, example_id))?;
    }
    index::reindex(tx, id)
}

/// Logs a new medskick (status ny); returns it as stored.
pub fn create(tx: &Transaction, input: &MedskickInput) -> Result<Medskick> {
    let valid = input.validated(tx)?;
    let id = sql::insert_logged_here(tx, "medskick", EDITED_COLUMNS, edited_params(&valid))?;
    write_parts(tx, &id, &valid)?;
    get(tx, &id)
}

/// Replaces what a person edits of a medskick (not its status); returns it as stored.
pub fn update(tx: &Transaction, id: &str, input: &MedskickInput) -> Result<Medskick> {
    let valid = input.validated(tx)?;
    if !sql::update_edited(tx, "medskick", EDITED_COLUMNS, id, edited_params(&valid))? {
        return Err(not_found(id));
    }
    write_parts(tx, id, &valid)?;
    get(tx, id)
}

/// Moves a medskick to another status with its date and, for besvarad, the answer received.
pub fn change_status(tx: &Transaction, id: &str, change: &StatusChange) -> Result<Medskick> {
    let current = get(tx, id)?;
    let to = Status::parse("status", &change.status)?;
    // The same dated status again corrects its date and answer (a date forgotten, an answer mistyped).
    let correction = to == current.status;
    if correction && matches!(to, Status::New | Status::Gathering) {
        return Err(Error::invalid("status", format!("Medskicket har redan status ”{}”.", to.label())));
    }
    if !correction && !current.status.next_steps().contains(&to) {
        let possible: Vec<&str> = current.status.next_steps().iter().map(|s| s.label()).collect();
        return Err(Error::invalid(
            "status",
            format!(
                "Ett medskick som är ”{}” kan inte bli ”{}”. Möjliga nästa steg: {}.",
                current.status.label(),
                to.label(),
                possible.join(", ")
            ),
        ));
    }
    let date =
        if change.date.trim().is_empty() { time::today_in_sweden() } else { time::parse_date("date", &change.date)? };
    let date_text = date.format("%Y-%m-%d").to_string();
    let answer = validate::optional_text("answer", "Svaret", &change.answer, ANSWER_MAX_CHARS)?;
    if to == Status::Answered && answer.is_empty() {
        return Err(Error::invalid("answer", "Skriv vilket svar som kom, eller välj ”avslutad” om inget svar kom."));
    }
    if to == Status::Answered {
        if let Some(delivered) = current.delivered_on.as_deref().filter(|d| *d > date_text.as_str()) {
            return Err(Error::invalid(
                "date",
                format!("Svaret kan inte ha kommit före den dag medskicket framfördes ({delivered})."),
            ));
        }
    }
    let at = now_timestamp();
    let (date_column, keep_answer) = match to {
        Status::Delivered => ("delivered_on", false),
        Status::Answered => ("answered_on", false),
        Status::Closed => ("closed_on", answer.is_empty()),
        // Taking a medskick up again (or back to ny) clears the closing date; no date of its own.
        Status::New | Status::Gathering => ("closed_on", true),
    };
    let date_value = match to {
        Status::New | Status::Gathering => None,
        _ => Some(date_text),
    };
    let new_answer = if keep_answer { current.answer.clone() } else { answer };
    tx.execute(
        &format!("UPDATE medskick SET status = ?2, {date_column} = ?3, answer = ?4, updated_at = ?5 WHERE id = ?1"),
        (id, to.code(), date_value, &new_answer, &at),
    )?;
    index::reindex(tx, id)?;
    get(tx, id)
}

/// Deletes a medskick and leaves a tombstone so the deletion can travel to other installations.
pub fn delete(tx: &Transaction, id: &str) -> Result<()> {
    if tx.execute("DELETE FROM medskick WHERE id = ?1", [id])? == 0 {
        return Err(not_found(id));
    }
    index::remove(tx, id)?;
    tombstones::record(tx, "medskick", id, &now_timestamp())
}

/// No longer names `member_id` as the one who raised any medskick (the member was erased); the
/// medskick keeps its municipality, so the network still knows where it came from.
pub(crate) fn forget_raiser(tx: &Transaction, member_id: &str, at: &str) -> Result<()> {
    tx.execute(
        "UPDATE medskick SET raised_by_member_id = NULL, updated_at = ?2 WHERE raised_by_member_id = ?1",
        (member_id, at),
    )?;
    Ok(())
}

fn not_found(id: &str) -> Error {
    Error::NotFound { what: "Medskicket", id: id.to_string() }
}

/// One medskick with its people, places, themes and examples.
pub fn get(conn: &Connection, id: &str) -> Result<Medskick> {
    let found = conn
        .query_row(
            "SELECT x.id, x.title, x.description, x.addressee, x.status, x.delivered_on, x.answered_on, x.closed_on,
                 x.answer, x.sharing, x.created_at, x.updated_at,
                 mb.id, mb.name, mu.code, mu.name, mu.region_code, r.name, mt.id, mt.local_date, mt.start_time, mt.end_time
             FROM medskick x
             LEFT JOIN members mb ON mb.id = x.raised_by_member_id
             LEFT JOIN municipalities mu ON mu.code = x.municipality_code
             LEFT JOIN regions r ON r.code = mu.region_code
             LEFT JOIN meetings mt ON mt.id = x.meeting_id
             WHERE x.id = ?1",
            [id],
            |row| {
                let addressee: Addressee = row.get(3)?;
                let status: Status = row.get(4)?;
                let sharing: Sharing = row.get(9)?;
                let member_id: Option<String> = row.get(12)?;
                let code: Option<String> = row.get(14)?;
                let meeting_id: Option<String> = row.get(18)?;
                let meeting = match meeting_id {
                    Some(meeting_id) => {
                        let date: NaiveDate = row.get(19)?;
                        let start: chrono::NaiveTime = row.get(20)?;
                        let end: chrono::NaiveTime = row.get(21)?;
                        Some(MeetingRef {
                            id: meeting_id,
                            date: date.format("%Y-%m-%d").to_string(),
                            label: time::long_date_and_time(date, start, end),
                        })
                    }
                    None => None,
                };
                Ok(Medskick {
                    id: row.get(0)?,
                    title: row.get(1)?,
                    description: row.get(2)?,
                    raised_by: match member_id {
                        Some(id) => Some(PersonRef { id, name: row.get(13)? }),
                        None => None,
                    },
                    municipality: match code {
                        Some(code) => Some(MunicipalityRef {
                            code,
                            name: row.get(15)?,
                            region_code: row.get(16)?,
                            region_name: row.get(17)?,
                        }),
                        None => None,
                    },
                    meeting,
                    themes: Vec::new(),
                    examples: Vec::new(),
                    addressee,
                    addressee_label: addressee.label(),
                    status,
                    status_label: status.label(),
                    next_statuses: status.next_steps().to_vec(),
                    delivered_on: row.get(5)?,
                    answered_on: row.get(6)?,
                    closed_on: row.get(7)?,
                    answer: row.get(8)?,
                    sharing,
                    sharing_label: sharing.label(),
                    created_at: row.get(10)?,
                    updated_at: row.get(11)?,
                })
            },
        )
        .optional()?;
    let mut medskick = found.ok_or_else(|| not_found(id))?;
    medskick.themes = themes_of(conn, id)?;
    medskick.examples = examples_of(conn, id)?;
    Ok(medskick)
}

fn themes_of(conn: &Connection, medskick_id: &str) -> Result<Vec<ThemeRef>> {
    let sql = format!(
        "SELECT t.id, t.name FROM medskick_themes mt JOIN themes t ON t.id = mt.theme_id
         WHERE mt.medskick_id = ?1 ORDER BY t.name COLLATE {}",
        collation::SQL_NAME
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map([medskick_id], |row| Ok(ThemeRef { id: row.get(0)?, name: row.get(1)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn examples_of(conn: &Connection, medskick_id: &str) -> Result<Vec<ExampleRef>> {
    let sql = format!(
        "SELECT e.id, e.title FROM medskick_examples me JOIN examples e ON e.id = me.example_id
         WHERE me.medskick_id = ?1 ORDER BY e.title COLLATE {}",
        collation::SQL_NAME
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map([medskick_id], |row| Ok(ExampleRef { id: row.get(0)?, title: row.get(1)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Medskick by id, in the order given (unknown ids are skipped).
pub fn get_many(conn: &Connection, ids: &[String]) -> Result<Vec<Medskick>> {
    let mut found = Vec::with_capacity(ids.len());
    for id in ids {
        match get(conn, id) {
            Ok(medskick) => found.push(medskick),
            Err(Error::NotFound { .. }) => {}
            Err(other) => return Err(other),
        }
    }
    Ok(found)
}

/// Every medskick, newest first; only those with `status` when given.
pub fn list(conn: &Connection, status: Option<Status>) -> Result<Vec<Medskick>> {
    let mut statement =
        conn.prepare("SELECT id FROM medskick WHERE ?1 IS NULL OR status = ?1 ORDER BY created_at DESC, rowid DESC")?;
    let ids: Vec<String> =
        statement.query_map([status.map(Status::code)], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?;
    get_many(conn, &ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_words_for_addressees_are_understood() {
        for (typed, expected) in [
            ("fss", Addressee::Fss),
            ("SKR", Addressee::Skr),
            ("regeringen", Addressee::Government),
            ("socialstyrelsen", Addressee::Socialstyrelsen),
            ("annan", Addressee::Other),
            ("government", Addressee::Government),
        ] {
            assert_eq!(Addressee::parse_typed("addressee", typed).ok(), Some(expected), "{typed}");
        }
        assert!(Addressee::parse_typed("addressee", "kungen").is_err());
    }

    #[test]
    fn a_medskick_moves_forward_and_can_always_be_closed_while_open() {
        assert!(Status::New.next_steps().contains(&Status::Delivered));
        assert!(!Status::New.next_steps().contains(&Status::Answered), "nothing is answered before it is delivered");
        for status in [Status::New, Status::Gathering, Status::Delivered, Status::Answered] {
            assert!(status.next_steps().contains(&Status::Closed), "{status:?} can be closed");
        }
        assert_eq!(Status::Closed.next_steps(), &[Status::Gathering]);
    }
}
