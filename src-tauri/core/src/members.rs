//! Members of the network: validation (the FSS-membership rule), their SQL, and GDPR extract, anonymise and delete.
//!
//! All SQL on `members` lives here. Only FSS members can be active participants; a person who is
//! not (yet) a member can be kept as "intresserad". Anonymised members keep their row (so attendance
//! counts and their municipality's examples stay intact) but hold no personal data and appear in no
//! list, export or invitation.

use chrono::{Local, Months, NaiveDate};
use rusqlite::{Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};

use crate::db::now_timestamp;
use crate::error::{Error, Result};
use crate::swedish_time::{self, parse_date};
use crate::{collation, ids, text_enum, validate};

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

/// The message shown when someone who is not an FSS member is made an active participant.
pub const NOT_A_MEMBER_MESSAGE: &str = "Bara medlemmar i FSS kan vara aktiva deltagare i nätverket. \
     Kryssa i att personen är medlem i FSS, eller spara hen som intresserad tills medlemskapet är klart.";

impl MemberInput {
    /// Checks every field against the rules and the database (the municipality must exist).
    /// Uniqueness of the e-mail address is checked when saving, see [`create`] and [`update`].
    pub fn validated(&self, conn: &Connection) -> Result<ValidMember> {
        let name = validate::required_text("name", "Namnet", &self.name, 200)?;
        let title = validate::optional_text("title", "Titeln", &self.title, 200)?;
        let municipality_code = self.municipality_code.trim().to_string();
        if municipality_code.is_empty() {
            return Err(Error::invalid("municipality_code", "Välj personens kommun i listan."));
        }
        if !municipality_exists(conn, &municipality_code)? {
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
        let notes = validate::optional_text("notes", "Anteckningarna", &self.notes, 4000)?;
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
    let phone = validate::optional_text("phone", "Telefonnumret", text, 40)?;
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
            swedish_time::day_month_year(date)
        )),
        Some(_) => None,
    }
}

fn municipality_exists(conn: &Connection, code: &str) -> Result<bool> {
    Ok(conn.query_row("SELECT EXISTS (SELECT 1 FROM municipalities WHERE code = ?1)", [code], |row| row.get(0))?)
}

fn not_found(id: &str) -> Error {
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
pub fn find_by_email(conn: &Connection, email: &str) -> Result<Option<Member>> {
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

/// Inserts a validated member with a new id; returns the id.
pub(crate) fn insert_valid(conn: &Connection, member: &ValidMember, at: &str) -> Result<String> {
    ensure_email_is_free(conn, &member.email, None)?;
    let id = ids::new_id();
    conn.execute(
        "INSERT INTO members (id, name, title, municipality_code, email, phone, fss_member, fss_verified_on,
             network_role, status, joined_on, notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
        rusqlite::params![
            id,
            member.name,
            member.title,
            member.municipality_code,
            member.email,
            member.phone,
            member.fss_member,
            member.fss_verified_on,
            member.network_role,
            member.status,
            member.joined_on,
            member.notes,
            at
        ],
    )?;
    Ok(id)
}

/// Overwrites a member (not anonymised) with validated data.
pub(crate) fn update_valid(conn: &Connection, id: &str, member: &ValidMember, at: &str) -> Result<()> {
    let anonymised: Option<Option<String>> =
        conn.query_row("SELECT anonymised_at FROM members WHERE id = ?1", [id], |row| row.get(0)).optional()?;
    match anonymised {
        None => return Err(not_found(id)),
        Some(Some(_)) => {
            return Err(Error::invalid("name", "Medlemmen är anonymiserad och kan inte ändras."));
        }
        Some(None) => {}
    }
    ensure_email_is_free(conn, &member.email, Some(id))?;
    conn.execute(
        "UPDATE members SET name = ?2, title = ?3, municipality_code = ?4, email = ?5, phone = ?6, fss_member = ?7,
             fss_verified_on = ?8, network_role = ?9, status = ?10, joined_on = ?11, notes = ?12, updated_at = ?13
         WHERE id = ?1",
        rusqlite::params![
            id,
            member.name,
            member.title,
            member.municipality_code,
            member.email,
            member.phone,
            member.fss_member,
            member.fss_verified_on,
            member.network_role,
            member.status,
            member.joined_on,
            member.notes,
            at
        ],
    )?;
    Ok(())
}

/// Adds a member from user input; returns them as stored.
pub fn create(conn: &Connection, input: &MemberInput) -> Result<Member> {
    let valid = input.validated(conn)?;
    let id = insert_valid(conn, &valid, &now_timestamp())?;
    get(conn, &id)
}

/// Changes a member from user input; returns them as stored.
pub fn update(conn: &Connection, id: &str, input: &MemberInput) -> Result<Member> {
    let valid = input.validated(conn)?;
    update_valid(conn, id, &valid, &now_timestamp())?;
    get(conn, id)
}

/// Deletes a member for good and leaves a tombstone so the deletion travels to other installations.
/// Their attendance and host records go with them; examples and presentations stay without the link.
pub fn delete(tx: &Transaction, id: &str) -> Result<()> {
    let removed = tx.execute("DELETE FROM members WHERE id = ?1", [id])?;
    if removed == 0 {
        return Err(not_found(id));
    }
    tx.execute(
        "INSERT INTO tombstones (entity, id, deleted_at) VALUES ('member', ?1, ?2)
         ON CONFLICT (entity, id) DO UPDATE SET deleted_at = excluded.deleted_at",
        (id, now_timestamp()),
    )?;
    Ok(())
}

/// Removes a person's personal data but keeps the row, so meeting attendance counts and their
/// municipality's examples stay. The name becomes a neutral label, the e-mail address is removed,
/// and they are no longer listed, exported or invited.
pub fn anonymise(tx: &Transaction, id: &str) -> Result<Member> {
    let member = get(tx, id)?;
    if member.anonymised_at.is_some() {
        return Err(Error::invalid("anonymise", "Medlemmen är redan anonymiserad."));
    }
    let at = now_timestamp();
    tx.execute(
        "UPDATE members SET name = ?2, title = '', email = NULL, phone = '', notes = '', fss_member = 0,
             fss_verified_on = NULL, network_role = 'member', status = 'left', joined_on = NULL,
             anonymised_at = ?3, updated_at = ?3
         WHERE id = ?1",
        (id, ANONYMISED_NAME, &at),
    )?;
    // An example keeps its municipality; it just no longer names this person as its contact.
    tx.execute(
        "UPDATE examples SET contact_member_id = NULL, updated_at = ?2 WHERE contact_member_id = ?1",
        (id, &at),
    )?;
    get(tx, id)
}

/// Everything stored about one person, as a readable Swedish text (a GDPR register extract).
pub fn extract(conn: &Connection, id: &str) -> Result<String> {
    let member = get(conn, id)?;
    let mut text = String::new();
    let mut line = |s: String| {
        text.push_str(&s);
        text.push('\n');
    };
    let date_text =
        |d: Option<NaiveDate>| d.map(swedish_time::day_month_year).unwrap_or_else(|| "(inte angivet)".into());
    let or_none = |s: &str| if s.is_empty() { "(inte angivet)".to_string() } else { s.to_string() };
    line("Registerutdrag från Nätverket – första linjens socialtjänst".into());
    line(format!("Utdraget skapades {}.", swedish_time::day_month_year(today())));
    line(String::new());
    line("Så här används uppgifterna: för att planera nätverkets träffar, bjuda in deltagare och".into());
    line("visa vilka kommuner som delar exempel. Kontakta nätverkets arrangör för rättelse eller radering.".into());
    line(String::new());
    line("PERSONUPPGIFTER".into());
    line(format!("Id: {}", member.id));
    line(format!("Namn: {}", member.name));
    line(format!("Titel: {}", or_none(&member.title)));
    line(format!(
        "Kommun: {}",
        if member.municipality_name.is_empty() {
            "(inte angivet)".to_string()
        } else {
            format!("{} ({})", member.municipality_name, member.region_name)
        }
    ));
    line(format!("E-post: {}", member.email.as_deref().map(or_none).unwrap_or_else(|| "(borttagen)".into())));
    line(format!("Telefon: {}", or_none(&member.phone)));
    line(format!("Medlem i FSS: {}", if member.fss_member { "ja" } else { "nej" }));
    line(format!("Medlemskapet kontrollerat: {}", date_text(member.fss_verified_on)));
    line(format!("Roll i nätverket: {}", member.network_role.label()));
    line(format!("Status: {}", member.status.label()));
    line(format!("Gick med: {}", date_text(member.joined_on)));
    line(format!("Anteckningar: {}", or_none(&member.notes)));
    if let Some(at) = &member.anonymised_at {
        line(format!("Anonymiserad: {at}"));
    }
    line(format!("Registrerad: {}", member.created_at));
    line(format!("Senast ändrad: {}", member.updated_at));

    let list_section = |heading: &str, sql: &str| -> Result<Vec<String>> {
        let mut statement = conn.prepare(sql)?;
        let rows = statement.query_map([id], |row| row.get::<_, String>(0))?;
        let items: Vec<String> = rows.collect::<rusqlite::Result<_>>()?;
        let mut out = vec![String::new(), heading.to_string()];
        if items.is_empty() {
            out.push("(inga)".into());
        } else {
            out.extend(items.into_iter().map(|item| format!("- {item}")));
        }
        Ok(out)
    };
    let sections = [
        (
            "NÄRVARO PÅ TRÄFFAR",
            "SELECT mt.local_date || ' ' || mt.title || ': ' || CASE a.status WHEN 'present' THEN 'närvarande'
                 WHEN 'absent' THEN 'frånvarande' ELSE 'anmält förhinder' END
             FROM attendance a JOIN meetings mt ON mt.id = a.meeting_id WHERE a.member_id = ?1 ORDER BY mt.start_utc",
        ),
        (
            "VÄRD FÖR TRÄFFAR",
            "SELECT mt.local_date || ' ' || mt.title FROM meeting_hosts h JOIN meetings mt ON mt.id = h.meeting_id
             WHERE h.member_id = ?1 ORDER BY mt.start_utc",
        ),
        (
            "PRESENTATIONER",
            "SELECT mt.local_date || ' ' || mt.title || COALESCE(': ' || e.title, '')
                 || CASE WHEN p.note <> '' THEN ' (' || p.note || ')' ELSE '' END
             FROM presentations p JOIN meetings mt ON mt.id = p.meeting_id LEFT JOIN examples e ON e.id = p.example_id
             WHERE p.member_id = ?1 ORDER BY mt.start_utc",
        ),
        (
            "EXEMPEL DÄR PERSONEN ÄR KONTAKT",
            "SELECT title FROM examples WHERE contact_member_id = ?1 ORDER BY title COLLATE swedish",
        ),
    ];
    let mut rest = Vec::new();
    for (heading, sql) in sections {
        rest.extend(list_section(heading, sql)?);
    }
    for item in rest {
        line(item);
    }
    Ok(text)
}

/// Writes [`extract`] to `path` as UTF-8 text.
pub fn extract_to_file(conn: &Connection, id: &str, path: &std::path::Path) -> Result<()> {
    let text = extract(conn, id)?;
    std::fs::write(path, text).map_err(|source| Error::Io { path: path.to_path_buf(), source })
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

/// Active members who can be invited: FSS members with status active, not anonymised, with an e-mail.
pub fn active_for_invitation(conn: &Connection) -> Result<Vec<crate::ics::Attendee>> {
    let sql = format!(
        "SELECT name, email, network_role = 'host' FROM members
         WHERE status = 'active' AND fss_member = 1 AND anonymised_at IS NULL AND email IS NOT NULL
         ORDER BY name COLLATE {}, email",
        collation::SQL_NAME
    );
    let mut statement = conn.prepare(&sql)?;
    let rows = statement.query_map([], |row| {
        Ok(crate::ics::Attendee { name: row.get(0)?, email: row.get(1)?, is_host: row.get(2)? })
    })?;
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
