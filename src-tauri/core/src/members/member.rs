//! Members of the network: validation (the FSS-membership rule), their SQL, and GDPR extract, anonymise and delete.
//!
//! All SQL on `members` lives here. Only FSS members can be active participants; a person who is
//! not (yet) a member can be kept as "intresserad". Anonymised members keep their row (so attendance
//! counts and their municipality's examples stay intact) but hold no personal data and appear in no
//! list, export or invitation.

use chrono::{Local, Months, NaiveDate};
use rusqlite::{Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::store::clock::now_timestamp;
use crate::store::sql::{self, NamedValue};
use crate::store::{collation, ids};
use crate::sweden::time::{self, parse_date};
use crate::sweden::{municipalities, validate};
use crate::text_enum;
use rusqlite::types::Value;

text_enum! {
    /// What a person does in the network.
    pub enum NetworkRole ("roll i nätverket") {
        Host => ("host", "värd"),
        Member => ("member", "medlem"),
    }
}

text_enum! {
    /// Whether a person takes part in the network.
    pub enum MemberStatus ("status") {
        Active => ("active", "aktiv"),
        Left => ("left", "lämnat"),
        Interested => ("interested", "intresserad"),
    }
}

/// The name an anonymised member is shown with instead of their own.
pub const ANONYMISED_NAME: &str = "Anonymiserad medlem";

/// How long an FSS-membership check is trusted before the app warns that it should be redone.
pub const MEMBERSHIP_CHECK_VALID_MONTHS: u32 = 12;

/// A member as stored, with their municipality's names and any warning a host should act on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Member {
    pub id: String,
    pub name: String,
    pub title: String,
    pub municipality_code: Option<String>,
    /// "Falu kommun"; empty when the member has no municipality.
    pub municipality_name: String,
    pub region_name: String,
    /// `None` only for anonymised members.
    pub email: Option<String>,
    pub phone: String,
    pub fss_member: bool,
    pub fss_verified_on: Option<NaiveDate>,
    pub network_role: NetworkRole,
    pub status: MemberStatus,
    pub joined_on: Option<NaiveDate>,
    pub notes: String,
    pub anonymised_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// A Swedish sentence when the FSS membership needs to be checked again, else `None`.
    pub membership_warning: Option<String>,
}

/// What a host types for a member; [`MemberInput::validated`] checks every field.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct MemberInput {
    pub name: String,
    pub title: String,
    /// SCB code of the municipality, chosen from the list of 290.
    pub municipality_code: String,
    pub email: String,
    pub phone: String,
    pub fss_member: bool,
    /// `YYYY-MM-DD`, or empty when never checked.
    pub fss_verified_on: String,
    /// `host`/`member` (or `värd`/`medlem`); `member` when empty.
    pub network_role: String,
    /// `active`/`left`/`interested` (or the Swedish words); `interested` when empty.
    pub status: String,
    /// `YYYY-MM-DD` or empty.
    pub joined_on: String,
    pub notes: String,
}

/// A member's data after validation, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidMember {
    pub name: String,
    pub title: String,
    pub municipality_code: String,
    pub email: String,
    pub phone: String,
    pub fss_member: bool,
    pub fss_verified_on: Option<NaiveDate>,
    pub network_role: NetworkRole,
    pub status: MemberStatus,
    pub joined_on: Option<NaiveDate>,
    pub notes: String,
}

/// Longest name, title, phone number and notes of a member (characters).
pub const NAME_MAX_CHARS: usize = 200;
pub const TITLE_MAX_CHARS: usize = 200;
pub const PHONE_MAX_CHARS: usize = 40;
pub const NOTES_MAX_CHARS: usize = 4_000;

/// The message shown when someone who is not an FSS member is made an active participant.
pub const NOT_A_MEMBER_MESSAGE: &str = "Bara medlemmar i FSS kan vara aktiva deltagare i nätverket. \
     Kryssa i att personen är medlem i FSS, eller spara hen som intresserad tills medlemskapet är klart.";

impl MemberInput {
    /// Checks every field against the rules and the database (the municipality must exist).
    /// Uniqueness of the e-mail address is checked when saving, see [`create`] and [`update`].
    pub fn validated(&self, conn: &Connection) -> Result<ValidMember> {
        let name = validate::required_text("name", "Namnet", &self.name, NAME_MAX_CHARS)?;
        let title = validate::optional_text("title", "Titeln", &self.title, TITLE_MAX_CHARS)?;
        let municipality_code = self.municipality_code.trim().to_string();
        if municipality_code.is_empty() {
            return Err(Error::invalid("municipality_code", "Välj personens kommun i listan."));
        }
        if !municipalities::exists(conn, &municipality_code)? {
            return Err(Error::invalid(
                "municipality_code",
                format!("”{municipality_code}” är ingen av Sveriges 290 kommuner. Välj kommunen i listan."),
            ));
        }
        let email = validate::email("email", &self.email)?;
        let phone = validated_phone(&self.phone)?;
        let fss_verified_on = optional_date("fss_verified_on", &self.fss_verified_on)?;
        if fss_verified_on.is_some_and(|date| date > today()) {
            return Err(Error::invalid(
                "fss_verified_on",
                "Datumet då medlemskapet kontrollerades kan inte ligga i framtiden.",
            ));
        }
        let network_role = if self.network_role.trim().is_empty() {
            NetworkRole::Member
        } else {
            NetworkRole::parse("network_role", &self.network_role)?
        };
        let status = if self.status.trim().is_empty() {
            MemberStatus::Interested
        } else {
            MemberStatus::parse("status", &self.status)?
        };
        if status == MemberStatus::Active && !self.fss_member {
            return Err(Error::invalid("status", NOT_A_MEMBER_MESSAGE));
        }
        let joined_on = optional_date("joined_on", &self.joined_on)?;
        let notes = validate::optional_text("notes", "Anteckningarna", &self.notes, NOTES_MAX_CHARS)?;
        Ok(ValidMember {
            name,
            title,
            municipality_code,
            email,
            phone,
            fss_member: self.fss_member,
            fss_verified_on,
            network_role,
            status,
            joined_on,
            notes,
        })
    }
}

impl Member {
    /// The member as input, to edit it.
    pub fn to_input(&self) -> MemberInput {
        MemberInput {
            name: self.name.clone(),
            title: self.title.clone(),
            municipality_code: self.municipality_code.clone().unwrap_or_default(),
            email: self.email.clone().unwrap_or_default(),
            phone: self.phone.clone(),
            fss_member: self.fss_member,
            fss_verified_on: self.fss_verified_on.map(|d| d.to_string()).unwrap_or_default(),
            network_role: self.network_role.code().to_string(),
            status: self.status.code().to_string(),
            joined_on: self.joined_on.map(|d| d.to_string()).unwrap_or_default(),
            notes: self.notes.clone(),
        }
    }
}

fn today() -> NaiveDate {
    Local::now().date_naive()
}

fn optional_date(field: &'static str, text: &str) -> Result<Option<NaiveDate>> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        parse_date(field, text).map(Some)
    }
}

fn validated_phone(text: &str) -> Result<String> {
    let phone = validate::optional_text("phone", "Telefonnumret", text, PHONE_MAX_CHARS)?;
    let allowed = |c: char| c.is_ascii_digit() || " +-()".contains(c);
    if !phone.chars().all(allowed) || (!phone.is_empty() && !phone.chars().any(|c| c.is_ascii_digit())) {
        return Err(Error::invalid(
            "phone",
            format!(
                "”{phone}” är inget telefonnummer. Använd siffror, mellanslag, + och -, till exempel 070-123 45 67."
            ),
        ));
    }
    Ok(phone)
}

/// The warning for a member whose FSS membership has not been checked in the last 12 months
/// (as of `today`), or `None` when all is well.
pub fn membership_warning(fss_member: bool, verified_on: Option<NaiveDate>, today: NaiveDate) -> Option<String> {
    if !fss_member {
        return None;
    }
    let limit = today.checked_sub_months(Months::new(MEMBERSHIP_CHECK_VALID_MONTHS))?;
    match verified_on {
        None => Some("Medlemskapet i FSS har inte kontrollerats. Kontrollera det och ange datumet.".to_string()),
        Some(date) if date < limit => Some(format!(
            "Medlemskapet i FSS kontrollerades senast {}, för mer än 12 månader sedan. Kontrollera det igen.",
            time::day_month_year(date)
        )),
        Some(_) => None,
    }
}

pub(crate) fn not_found(id: &str) -> Error {
    Error::NotFound { what: "Medlemmen", id: id.to_string() }
}

const SELECT_MEMBER: &str = "SELECT mb.id, mb.name, mb.title, mb.municipality_code, m.official_name, r.name,
     mb.email, mb.phone, mb.fss_member, mb.fss_verified_on, mb.network_role, mb.status, mb.joined_on, mb.notes,
     mb.anonymised_at, mb.created_at, mb.updated_at
     FROM members mb
     LEFT JOIN municipalities m ON m.code = mb.municipality_code
     LEFT JOIN regions r ON r.code = m.region_code";

fn member_from_row(row: &Row) -> rusqlite::Result<Member> {
    let fss_member: bool = row.get(8)?;
    let fss_verified_on: Option<NaiveDate> = row.get(9)?;
    let anonymised_at: Option<String> = row.get(14)?;
    Ok(Member {
        id: row.get(0)?,
        name: row.get(1)?,
        title: row.get(2)?,
        municipality_code: row.get(3)?,
        municipality_name: row.get::<_, Option<String>>(4)?.unwrap_or_default(),
        region_name: row.get::<_, Option<String>>(5)?.unwrap_or_default(),
        email: row.get(6)?,
        phone: row.get(7)?,
        fss_member,
        fss_verified_on,
        network_role: row.get(10)?,
        status: row.get(11)?,
        joined_on: row.get(12)?,
        notes: row.get(13)?,
        membership_warning: if anonymised_at.is_some() {
            None
        } else {
            membership_warning(fss_member, fss_verified_on, today())
        },
        anonymised_at,
        created_at: row.get(15)?,
        updated_at: row.get(16)?,
    })
}

/// Every member who has not been anonymised, in Swedish alphabetical order of name.
pub fn list(conn: &Connection) -> Result<Vec<Member>> {
    let sql = format!(
        "{SELECT_MEMBER} WHERE mb.anonymised_at IS NULL ORDER BY mb.name COLLATE {}, mb.email",
        collation::SQL_NAME
    );
    let mut statement = conn.prepare(&sql)?;
    let rows = statement.query_map([], member_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One member by id (anonymised members too, showing only what is left of them).
pub fn get(conn: &Connection, id: &str) -> Result<Member> {
    conn.query_row(&format!("{SELECT_MEMBER} WHERE mb.id = ?1"), [id], member_from_row)
        .optional()?
        .ok_or_else(|| not_found(id))
}

/// The member (not anonymised) with this e-mail address in any letter case.
pub(crate) fn find_by_email(conn: &Connection, email: &str) -> Result<Option<Member>> {
    let sql = format!("{SELECT_MEMBER} WHERE mb.email = ?1 AND mb.anonymised_at IS NULL");
    Ok(conn.query_row(&sql, [email.trim()], member_from_row).optional()?)
}

fn ensure_email_is_free(conn: &Connection, email: &str, own_id: Option<&str>) -> Result<()> {
    let holder: Option<String> = conn
        .query_row("SELECT name FROM members WHERE email = ?1 AND id IS NOT ?2", (email, own_id), |row| row.get(0))
        .optional()?;
    match holder {
        Some(name) => Err(Error::invalid(
            "email",
            format!("E-postadressen {email} används redan av {name}. Varje medlem har en egen e-postadress."),
        )),
        None => Ok(()),
    }
}

/// The columns a host edits, written alike by insert and update; each is bound as `:column`.
const MEMBER_COLUMNS: &str = "name, title, municipality_code, email, phone, fss_member, fss_verified_on, network_role,
     status, joined_on, notes";

/// The values of [`MEMBER_COLUMNS`] for a validated member.
fn member_params(member: &ValidMember) -> Vec<NamedValue> {
    let date = |day: Option<NaiveDate>| sql::optional_text(day.map(|d| d.format("%Y-%m-%d").to_string()).as_deref());
    vec![
        (":name", sql::text(&member.name)),
        (":title", sql::text(&member.title)),
        (":municipality_code", sql::text(&member.municipality_code)),
        (":email", sql::text(&member.email)),
        (":phone", sql::text(&member.phone)),
        (":fss_member", Value::Integer(i64::from(member.fss_member))),
        (":fss_verified_on", date(member.fss_verified_on)),
        (":network_role", sql::text(member.network_role.code())),
        (":status", sql::text(member.status.code())),
        (":joined_on", date(member.joined_on)),
        (":notes", sql::text(&member.notes)),
    ]
}

/// Inserts a validated member with a new id; returns the id.
pub(crate) fn insert_valid(tx: &Transaction, member: &ValidMember, at: &str) -> Result<String> {
    ensure_email_is_free(tx, &member.email, None)?;
    let id = ids::new_id();
    let statement = format!(
        "INSERT INTO members (id, created_at, updated_at, {MEMBER_COLUMNS}) VALUES (:id, :at, :at, {})",
        sql::named_values(MEMBER_COLUMNS)
    );
    let mut params = member_params(member);
    params.extend([(":id", sql::text(&id)), (":at", sql::text(at))]);
    tx.execute(&statement, sql::bind(&params).as_slice())?;
    Ok(id)
}

/// Overwrites a member (not anonymised) with validated data.
pub(crate) fn update_valid(tx: &Transaction, id: &str, member: &ValidMember, at: &str) -> Result<()> {
    let anonymised: Option<Option<String>> =
        tx.query_row("SELECT anonymised_at FROM members WHERE id = ?1", [id], |row| row.get(0)).optional()?;
    match anonymised {
        None => return Err(not_found(id)),
        Some(Some(_)) => {
            return Err(Error::invalid("name", "Medlemmen är anonymiserad och kan inte ändras."));
        }
        Some(None) => {}
    }
    ensure_email_is_free(tx, &member.email, Some(id))?;
    let statement =
        format!("UPDATE members SET {}, updated_at = :at WHERE id = :id", sql::named_assignments(MEMBER_COLUMNS));
    let mut params = member_params(member);
    params.extend([(":id", sql::text(id)), (":at", sql::text(at))]);
    tx.execute(&statement, sql::bind(&params).as_slice())?;
    Ok(())
}

/// Adds a member from user input; returns them as stored.
pub fn create(tx: &Transaction, input: &MemberInput) -> Result<Member> {
    let valid = input.validated(tx)?;
    let id = insert_valid(tx, &valid, &now_timestamp())?;
    get(tx, &id)
}

/// Changes a member from user input; returns them as stored.
pub fn update(tx: &Transaction, id: &str, input: &MemberInput) -> Result<Member> {
    let valid = input.validated(tx)?;
    update_valid(tx, id, &valid, &now_timestamp())?;
    get(tx, id)
}

/// Deletes a member's row; their attendance and host records go with it (foreign keys), examples and
/// presentations stay without the link. Whether a row went.
pub(crate) fn delete_row(tx: &Transaction, id: &str) -> Result<bool> {
    Ok(tx.execute("DELETE FROM members WHERE id = ?1", [id])? > 0)
}

/// Removes a member's personal data but keeps the row: a neutral name, no e-mail, phone or notes,
/// status lämnat. The caller checks that the member exists and is not anonymised yet.
pub(crate) fn anonymise_row(tx: &Transaction, id: &str, at: &str) -> Result<()> {
    tx.execute(
        "UPDATE members SET name = ?2, title = '', email = NULL, phone = '', notes = '', fss_member = 0,
             fss_verified_on = NULL, network_role = 'member', status = 'left', joined_on = NULL,
             anonymised_at = ?3, updated_at = ?3
         WHERE id = ?1",
        (id, ANONYMISED_NAME, at),
    )?;
    Ok(())
}

// Look-ups other modules need: attendance, hosting, presentations and calendar invitations.

/// A member as attendance and hosting need them: who, and from which municipality.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberSummary {
    pub id: String,
    pub name: String,
    pub municipality_code: Option<String>,
    pub municipality_name: Option<String>,
    pub network_role: String,
}

fn member_summary_from_row(row: &Row) -> rusqlite::Result<MemberSummary> {
    Ok(MemberSummary {
        id: row.get(0)?,
        name: row.get(1)?,
        municipality_code: row.get(2)?,
        municipality_name: row.get(3)?,
        network_role: row.get(4)?,
    })
}

/// Active members (not anonymised), hosts first, then by name in Swedish order.
pub fn active_summaries(conn: &Connection) -> Result<Vec<MemberSummary>> {
    let mut statement = conn.prepare(&format!(
        "SELECT m.id, m.name, m.municipality_code, mu.name, m.network_role FROM members m
         LEFT JOIN municipalities mu ON mu.code = m.municipality_code
         WHERE m.status = 'active' AND m.anonymised_at IS NULL
         ORDER BY m.network_role = 'host' DESC, m.name COLLATE {}, m.id",
        collation::SQL_NAME
    ))?;
    let rows = statement.query_map([], member_summary_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A member to invite to meetings (the calendar's attendee).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Invitee {
    pub name: String,
    pub email: String,
    pub is_host: bool,
}

/// Active members who can be invited: FSS members with status active, not anonymised, with an e-mail.
pub fn active_for_invitation(conn: &Connection) -> Result<Vec<Invitee>> {
    let sql = format!(
        "SELECT name, email, network_role = 'host' FROM members
         WHERE status = 'active' AND fss_member = 1 AND anonymised_at IS NULL AND email IS NOT NULL
         ORDER BY name COLLATE {}, email",
        collation::SQL_NAME
    );
    let mut statement = conn.prepare(&sql)?;
    let rows =
        statement.query_map([], |row| Ok(Invitee { name: row.get(0)?, email: row.get(1)?, is_host: row.get(2)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether a member with this id exists.
pub fn exists(conn: &Connection, member_id: &str) -> Result<bool> {
    Ok(conn.query_row("SELECT 1 FROM members WHERE id = ?1", [member_id], |_| Ok(())).optional()?.is_some())
}

/// A member's municipality code: `None` when there is no such member, `Some(None)` when the member has none.
pub(crate) fn municipality_of(conn: &Connection, member_id: &str) -> Result<Option<Option<String>>> {
    Ok(conn
        .query_row("SELECT municipality_code FROM members WHERE id = ?1", [member_id], |row| row.get(0))
        .optional()?)
}

/// A member who can be named as contact person or presenter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonChoice {
    pub id: String,
    pub name: String,
    pub municipality_name: Option<String>,
}

/// Members to pick a contact person or presenter from (anonymised members are left out), in Swedish order.
pub fn person_choices(conn: &Connection) -> Result<Vec<PersonChoice>> {
    let sql = format!(
        "SELECT mb.id, mb.name, mu.name FROM members mb LEFT JOIN municipalities mu ON mu.code = mb.municipality_code
         WHERE mb.anonymised_at IS NULL ORDER BY mb.name COLLATE {}, mb.id",
        collation::SQL_NAME
    );
    let mut statement = conn.prepare(&sql)?;
    let rows = statement
        .query_map([], |row| Ok(PersonChoice { id: row.get(0)?, name: row.get(1)?, municipality_name: row.get(2)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_membership_checked_more_than_twelve_months_ago_gives_a_warning() {
        let today = date("2024-05-28");
        assert!(membership_warning(true, Some(date("2023-05-27")), today).unwrap().contains("27 maj 2023"));
        assert_eq!(membership_warning(true, Some(date("2023-05-28")), today), None, "exactly 12 months is fine");
        assert_eq!(membership_warning(true, Some(date("2024-01-10")), today), None);
        assert!(membership_warning(true, None, today).unwrap().contains("inte kontrollerats"));
        assert_eq!(membership_warning(false, None, today), None, "non-members are not warned, they cannot be active");
    }

    #[test]
    fn phone_numbers_allow_digits_and_common_separators_only() {
        assert_eq!(validated_phone(" 070-123 45 67 ").unwrap(), "070-123 45 67");
        assert!(validated_phone("+46 (0)70 123").is_ok());
        assert!(validated_phone("").is_ok());
        assert!(validated_phone("=HYPERLINK(1)").is_err());
        assert!(validated_phone("--").is_err());
    }
}
