//! Member lists as Excel saves and opens them: CSV import with a preview, atomic apply, and a safe export.
//!
//! Import reads UTF-8 (with or without BOM), UTF-16 ("Unicode-text") or Windows-1252 files, with `;`,
//! `,` or tab between cells and Swedish or English column names. Each row is previewed as added,
//! updated (an existing member with the same e-mail address in any letter case) or rejected with
//! its reasons; applying writes exactly the previewed good rows in one transaction, or nothing.
//! Export writes UTF-8 with BOM, `;` and CRLF, which Swedish Excel opens with å, ä and ö intact, and
//! neutralises cells that a spreadsheet would run as formulas.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

use rusqlite::{Connection, Transaction};
use serde::Serialize;

use super::member::{self, Member, MemberStatus, ValidMember};
use crate::error::{Error, Result};
use crate::store::clock::now_timestamp;
use crate::store::files::{self, CappedReadError};
use crate::sweden::numbers::thousands;
use crate::sweden::validate::header_key;
use crate::text_enum;

/// The most rows one import may hold: room for the staff registers of many municipalities (the
/// benchmark imports 10,000); a bigger file is almost certainly the wrong file.
pub const MAX_IMPORT_ROWS: usize = 20_000;

/// Largest member list read (a list of every member of the network is well under 1 MB).
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;

text_enum! {
    /// What importing one row will do.
    pub enum RowOutcome ("utfall") {
        Add => ("add", "läggs till"),
        Update => ("update", "uppdateras"),
        Reject => ("reject", "avvisas"),
    }
}

/// What an import will do (a preview) or did (after apply), row by row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportPreview {
    /// "UTF-8", "UTF-8 med BOM", "UTF-16" or "Windows-1252".
    pub encoding: &'static str,
    /// The cell separator found: ";", "," or "tab".
    pub separator: &'static str,
    /// Column headers the import does not use.
    pub ignored_columns: Vec<String>,
    pub rows: Vec<ImportRow>,
    pub added: usize,
    pub updated: usize,
    pub rejected: usize,
    /// Identifies this exact plan; applying with it refuses if the plan would now be different.
    pub token: String,
}

/// One data row of the file and what happens to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportRow {
    /// The line in the file where the row starts (the header is line 1).
    pub row_number: u64,
    pub outcome: RowOutcome,
    pub name: String,
    pub email: String,
    /// The municipality found for the row, empty when none was.
    pub municipality_name: String,
    /// Why the row is rejected (empty for good rows).
    pub reasons: Vec<String>,
    /// The member updated, for `update` rows.
    pub member_id: Option<String>,
}

/// What a column of the file means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Column {
    Name,
    FirstName,
    LastName,
    Title,
    MunicipalityName,
    MunicipalityCode,
    Email,
    Phone,
    FssMember,
    FssVerifiedOn,
    NetworkRole,
    Status,
    JoinedOn,
    Notes,
}

/// Header names (lower case, letters and digits only) in Swedish and English, per column.
const HEADER_NAMES: &[(Column, &[&str])] = &[
    (Column::Name, &["namn", "name", "fullnamn", "fullname", "fullständigtnamn", "förochefternamn", "deltagare"]),
    (Column::FirstName, &["förnamn", "firstname", "givenname"]),
    (Column::LastName, &["efternamn", "lastname", "surname", "familyname"]),
    (Column::Title, &["titel", "title", "befattning", "jobtitle", "yrkestitel", "tjänst"]),
    (Column::MunicipalityName, &["kommun", "municipality", "kommunnamn", "municipalityname", "organisation"]),
    (Column::MunicipalityCode, &["kommunkod", "municipalitycode", "kod", "code"]),
    (
        Column::Email,
        &["epost", "epostadress", "mejl", "mejladress", "mail", "email", "emailaddress", "arbetsepost", "workemail"],
    ),
    (Column::Phone, &["telefon", "tel", "telefonnummer", "mobil", "mobilnummer", "phone", "phonenumber", "mobile"]),
    (Column::FssMember, &["fssmedlem", "medlemifss", "fss", "fssmember", "memberoffss", "medlem"]),
    (
        Column::FssVerifiedOn,
        &[
            "medlemskapkontrollerat",
            "fsskontrollerad",
            "fsskontrollerat",
            "kontrollerad",
            "kontrollerat",
            "senastkontrollerad",
            "senastkontrollerat",
            "verified",
            "verifiedon",
            "fssverified",
            "fssverifiedon",
            "membershipverified",
        ],
    ),
    (Column::NetworkRole, &["roll", "rollinätverket", "role", "networkrole"]),
    (Column::Status, &["status"]),
    (Column::JoinedOn, &["gickmed", "ansluten", "startdatum", "medlemsedan", "joined", "joinedon", "startdate"]),
    (
        Column::Notes,
        &["anteckningar", "anteckning", "kommentar", "kommentarer", "övrigt", "notes", "note", "comment", "comments"],
    ),
];

fn column_for(header: &str) -> Option<Column> {
    let key = header_key(header);
    HEADER_NAMES.iter().find(|(_, names)| names.contains(&key.as_str())).map(|(column, _)| *column)
}

/// Turns the file's bytes into text, telling which encoding it was in.
fn decode(bytes: &[u8]) -> Result<(String, &'static str)> {
    let unreadable =
        || Error::invalid("file", "Filen är inte läsbar som text. Spara den från Excel som CSV (semikolonavgränsad).");
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let text = std::str::from_utf8(rest).map_err(|_| unreadable())?;
        return Ok((text.to_string(), "UTF-8 med BOM"));
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let (text, _, had_errors) = encoding_rs::UTF_16LE.decode(bytes);
        if had_errors {
            return Err(unreadable());
        }
        return Ok((text.into_owned(), "UTF-16"));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_string(), "UTF-8"));
    }
    // Swedish Excel's "CSV (semikolonavgränsad)" is Windows-1252; every byte sequence decodes.
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    Ok((text.into_owned(), "Windows-1252"))
}

/// The separator used in the header line: the most frequent of `;`, `,` and tab (`;` wins ties).
fn detect_separator(text: &str) -> (u8, &'static str) {
    let header = text.lines().find(|line| !line.trim().is_empty()).unwrap_or("");
    let count = |c: char| header.chars().filter(|&x| x == c).count();
    let (semicolons, commas, tabs) = (count(';'), count(','), count('\t'));
    if tabs > semicolons && tabs > commas {
        (b'\t', "tab")
    } else if commas > semicolons {
        (b',', ",")
    } else {
        (b';', ";")
    }
}

/// Finds municipalities by code (leading zeros lost by Excel are put back), name or official name,
/// ignoring letter case, extra spaces and hyphens, and a trailing "kommun"/"stad".
struct MunicipalityIndex {
    by_key: HashMap<String, (String, String)>,
    by_code: HashMap<String, String>,
}

fn municipality_key(text: &str) -> String {
    text.to_lowercase().replace(['-', '–'], " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

impl MunicipalityIndex {
    fn load(conn: &Connection) -> Result<Self> {
        let mut statement = conn.prepare("SELECT code, name, official_name FROM municipalities")?;
        let rows = statement
            .query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get::<_, String>(2)?)))?;
        let mut by_key = HashMap::new();
        let mut by_code = HashMap::new();
        for row in rows {
            let (code, name, official_name) = row?;
            by_key.insert(municipality_key(&name), (code.clone(), official_name.clone()));
            by_key.insert(municipality_key(&official_name), (code.clone(), official_name.clone()));
            by_code.insert(code, official_name);
        }
        Ok(MunicipalityIndex { by_key, by_code })
    }

    fn by_code(&self, text: &str) -> Option<(String, String)> {
        let digits = text.trim();
        if digits.is_empty() || digits.len() > 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let code = format!("{digits:0>4}");
        self.by_code.get(&code).map(|name| (code, name.clone()))
    }

    fn by_name(&self, text: &str) -> Option<(String, String)> {
        let key = municipality_key(text);
        if let Some(found) = self.by_key.get(&key) {
            return Some(found.clone());
        }
        ["kommun", "stad", "municipality"]
            .iter()
            .find_map(|suffix| key.strip_suffix(suffix).map(str::trim_end))
            .and_then(|stem| self.by_key.get(stem))
            .cloned()
    }

    fn find(&self, text: &str) -> Option<(String, String)> {
        self.by_code(text).or_else(|| self.by_name(text))
    }
}

/// The municipality named by `text` (a code, a name or an official name, as in imports):
/// its code and official name.
pub fn find_municipality(conn: &Connection, text: &str) -> Result<Option<(String, String)>> {
    Ok(MunicipalityIndex::load(conn)?.find(text))
}

fn parse_yes_no(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "ja" | "j" | "yes" | "y" | "x" | "1" | "sant" | "true" | "medlem" => Some(true),
        "nej" | "n" | "no" | "0" | "falskt" | "false" | "" => Some(false),
        _ => None,
    }
}

/// Excel writes dates as `2024-03-05` or, from a date-time cell, `2024-03-05 00:00`.
fn date_cell(text: &str) -> String {
    let trimmed = text.trim();
    match trimmed.split_once(' ') {
        Some((date, _)) if date.len() == 10 => date.to_string(),
        _ => trimmed.to_string(),
    }
}

/// Undoes the export's formula guard: `'=…` becomes `=…` again (the value, not a formula, is stored).
fn unguarded(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

/// One row's planned effect, with the data to write for good rows.
struct PlannedRow {
    row: ImportRow,
    member: Option<ValidMember>,
}

/// Reads the file and decides, row by row, what importing it would do now.
fn plan(conn: &Connection, bytes: &[u8]) -> Result<(ImportPreview, Vec<PlannedRow>)> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_big());
    }
    let (text, encoding) = decode(bytes)?;
    // One line ending throughout, so row numbers count lines as a spreadsheet shows them.
    let text = text.replace("\r\n", "\n");
    let (delimiter, separator) = detect_separator(&text);
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| Error::invalid("file", format!("Filens första rad (kolumnrubrikerna) kunde inte läsas: {e}")))?
        .clone();
    let mut columns: HashMap<Column, usize> = HashMap::new();
    let mut ignored_columns = Vec::new();
    for (index, header) in headers.iter().enumerate() {
        match column_for(header) {
            Some(column) if !columns.contains_key(&column) => {
                columns.insert(column, index);
            }
            _ if header.trim().is_empty() => {}
            _ => ignored_columns.push(header.trim().to_string()),
        }
    }
    let has_name = columns.contains_key(&Column::Name)
        || (columns.contains_key(&Column::FirstName) && columns.contains_key(&Column::LastName));
    let mut missing = Vec::new();
    if !has_name {
        missing.push("Namn");
    }
    if !columns.contains_key(&Column::Email) {
        missing.push("E-post");
    }
    if !columns.contains_key(&Column::MunicipalityName) && !columns.contains_key(&Column::MunicipalityCode) {
        missing.push("Kommun");
    }
    if !missing.is_empty() {
        return Err(Error::invalid(
            "file",
            format!(
                "Filen saknar kolumnen {}. Första raden ska ha kolumnrubriker, till exempel Namn;Titel;Kommun;E-post;FSS-medlem;Status.",
                missing.join(", ")
            ),
        ));
    }

    let municipalities = MunicipalityIndex::load(conn)?;
    let mut planned = Vec::new();
    let mut seen_emails: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| Error::invalid("file", format!("Filen kunde inte läsas: {e}")))?;
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue; // Excel leaves rows of empty cells below the data
        }
        if planned.len() >= MAX_IMPORT_ROWS {
            return Err(Error::invalid(
                "file",
                format!("Filen har fler än {} rader. Dela upp den i mindre filer.", thousands(MAX_IMPORT_ROWS)),
            ));
        }
        let row_number = record.position().map_or(0, |p| p.line());
        let cell = |column: Column| columns.get(&column).map(|&i| unguarded(record.get(i).unwrap_or("").trim()));
        planned.push(plan_row(conn, &municipalities, &mut seen_emails, row_number, &cell)?);
    }
    if planned.is_empty() {
        return Err(Error::invalid("file", "Filen innehåller inga medlemmar, bara kolumnrubriker."));
    }

    let count = |outcome| planned.iter().filter(|p| p.row.outcome == outcome).count();
    let mut hasher = DefaultHasher::new();
    for p in &planned {
        (p.row.row_number, p.row.outcome.code(), &p.row.member_id, p.row.email.to_lowercase()).hash(&mut hasher);
    }
    let preview = ImportPreview {
        encoding,
        separator,
        ignored_columns,
        added: count(RowOutcome::Add),
        updated: count(RowOutcome::Update),
        rejected: count(RowOutcome::Reject),
        rows: planned.iter().map(|p| p.row.clone()).collect(),
        token: format!("{:016x}", hasher.finish()),
    };
    Ok((preview, planned))
}

fn plan_row<'a>(
    conn: &Connection,
    municipalities: &MunicipalityIndex,
    seen_emails: &mut HashMap<String, u64>,
    row_number: u64,
    cell: &dyn Fn(Column) -> Option<&'a str>,
) -> Result<PlannedRow> {
    let mut reasons = Vec::new();
    let name = match cell(Column::Name) {
        Some(name) if !name.is_empty() => name.to_string(),
        _ => [cell(Column::FirstName), cell(Column::LastName)]
            .into_iter()
            .flatten()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
    };
    let email = cell(Column::Email).unwrap_or("").to_string();
    let existing = if email.is_empty() { None } else { member::find_by_email(conn, &email)? };

    let mut input = existing.as_ref().map(Member::to_input).unwrap_or_default();
    input.name = name.clone();
    input.email = email.clone();

    let code_cell = cell(Column::MunicipalityCode).unwrap_or("");
    let name_cell = cell(Column::MunicipalityName).unwrap_or("");
    let municipality = if !code_cell.is_empty() {
        municipalities.by_code(code_cell).ok_or_else(|| format!("Kommunkoden ”{code_cell}” finns inte."))
    } else if !name_cell.is_empty() {
        municipalities
            .find(name_cell)
            .ok_or_else(|| format!("Kommunen ”{name_cell}” finns inte bland Sveriges 290 kommuner."))
    } else {
        Err("Kommun saknas.".to_string())
    };
    let municipality_name = match municipality {
        Ok((code, official_name)) => {
            input.municipality_code = code;
            official_name
        }
        Err(reason) => {
            reasons.push(reason);
            String::new()
        }
    };
    if let Some(title) = cell(Column::Title) {
        input.title = title.to_string();
    }
    if let Some(phone) = cell(Column::Phone) {
        input.phone = phone.to_string();
    }
    if let Some(notes) = cell(Column::Notes) {
        input.notes = notes.to_string();
    }
    if let Some(verified) = cell(Column::FssVerifiedOn) {
        input.fss_verified_on = date_cell(verified);
    }
    if let Some(joined) = cell(Column::JoinedOn) {
        input.joined_on = date_cell(joined);
    }
    if let Some(text) = cell(Column::FssMember) {
        match parse_yes_no(text) {
            Some(yes) => input.fss_member = yes,
            None => reasons.push(format!("FSS-medlem ska vara ja eller nej, inte ”{text}”.")),
        }
    }
    // An empty role or status cell keeps what is stored; a new person who is an FSS member takes
    // part actively, anyone else is kept as interested.
    match cell(Column::NetworkRole) {
        Some(role) if !role.is_empty() => input.network_role = role.to_string(),
        _ => {}
    }
    match cell(Column::Status) {
        Some(status) if !status.is_empty() => input.status = status.to_string(),
        _ if existing.is_none() => {
            let default = if input.fss_member { MemberStatus::Active } else { MemberStatus::Interested };
            input.status = default.code().to_string();
        }
        _ => {}
    }

    let email_key = email.to_lowercase();
    if !email.is_empty() {
        if let Some(first_row) = seen_emails.get(&email_key) {
            reasons.push(format!("Samma e-postadress som rad {first_row}."));
        } else {
            seen_emails.insert(email_key, row_number);
        }
    }

    let member = if reasons.is_empty() {
        match input.validated(conn) {
            Ok(valid) => Some(valid),
            Err(error @ Error::Invalid { .. }) => {
                // The form's wording ("kryssa i") does not fit a file: say which cells to change.
                reasons.push(if error.field() == Some("status") && !input.fss_member {
                    "Bara medlemmar i FSS kan vara aktiva deltagare. Ange FSS-medlem ja, eller status intresserad."
                        .to_string()
                } else {
                    error.to_string()
                });
                None
            }
            Err(other) => return Err(other), // a database failure is not the row's fault
        }
    } else {
        None
    };
    let outcome = match (&member, &existing) {
        (None, _) => RowOutcome::Reject,
        (Some(_), Some(_)) => RowOutcome::Update,
        (Some(_), None) => RowOutcome::Add,
    };
    Ok(PlannedRow {
        row: ImportRow {
            row_number,
            outcome,
            name,
            email,
            municipality_name,
            reasons,
            member_id: existing.filter(|_| outcome == RowOutcome::Update).map(|m| m.id),
        },
        member,
    })
}

/// What importing `bytes` would do, without writing anything.
pub fn preview(conn: &Connection, bytes: &[u8]) -> Result<ImportPreview> {
    plan(conn, bytes).map(|(preview, _)| preview)
}

/// Imports the good rows of `bytes` in one transaction: all of them, or (on any failure) none.
/// With `expected_token` from a preview, refuses when the register changed so that the import
/// would no longer do exactly what that preview showed.
pub fn apply(tx: &Transaction, bytes: &[u8], expected_token: Option<&str>) -> Result<ImportPreview> {
    let (preview, planned) = plan(tx, bytes)?;
    if let Some(expected) = expected_token.filter(|t| !t.is_empty()) {
        if expected != preview.token {
            return Err(Error::invalid(
                "file",
                "Medlemsregistret har ändrats sedan förhandsgranskningen. Förhandsgranska filen igen innan du importerar.",
            ));
        }
    }
    let at = now_timestamp();
    for p in &planned {
        match (&p.member, p.row.outcome, &p.row.member_id) {
            (Some(member), RowOutcome::Add, _) => {
                member::insert_valid(tx, member, &at)?;
            }
            (Some(member), RowOutcome::Update, Some(id)) => member::update_valid(tx, id, member, &at)?,
            _ => {}
        }
    }
    Ok(preview)
}

/// Reads `path` and imports it, see [`apply`].
pub fn apply_file(tx: &Transaction, path: &Path) -> Result<ImportPreview> {
    let bytes = read_file(path)?;
    apply(tx, &bytes, None)
}

/// Reads `path` and previews it, see [`preview`].
pub fn preview_file(conn: &Connection, path: &Path) -> Result<ImportPreview> {
    preview(conn, &read_file(path)?)
}

fn read_file(path: &Path) -> Result<Vec<u8>> {
    files::read_capped(path, MAX_FILE_BYTES as u64).map_err(|error| match error {
        CappedReadError::TooBig => too_big(),
        CappedReadError::Changed => {
            Error::invalid("file", "Filen ändrades medan den lästes. Spara den färdigt och försök igen.")
        }
        CappedReadError::Io(source) => Error::Io { path: path.to_path_buf(), source },
    })
}

fn too_big() -> Error {
    Error::invalid(
        "file",
        format!(
            "Filen är större än {} MB. Välj en medlemslista sparad som CSV från Excel.",
            MAX_FILE_BYTES / (1024 * 1024)
        ),
    )
}

/// First characters that make a spreadsheet treat a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell a spreadsheet shows as text: one that would start a formula gets a leading apostrophe.
pub fn neutralised(cell: &str) -> String {
    let first = cell.chars().next();
    let first_visible = cell.trim_start_matches(' ').chars().next();
    if first.is_some_and(|c| FORMULA_STARTS.contains(&c)) || first_visible.is_some_and(|c| FORMULA_STARTS.contains(&c))
    {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// The export's column names, which the import also understands.
pub const EXPORT_HEADERS: [&str; 12] = [
    "Namn",
    "Titel",
    "Kommun",
    "Kommunkod",
    "E-post",
    "Telefon",
    "FSS-medlem",
    "Medlemskap kontrollerat",
    "Roll i nätverket",
    "Status",
    "Gick med",
    "Anteckningar",
];

/// Every member who is not anonymised, as CSV for Swedish Excel (UTF-8 with BOM, `;`, CRLF).
pub fn export(conn: &Connection) -> Result<Vec<u8>> {
    let list = member::list(conn)?;
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Necessary)
            .from_writer(&mut bytes);
        let csv_error = |e: csv::Error| Error::invalid("file", format!("Exportfilen kunde inte skapas: {e}"));
        writer.write_record(EXPORT_HEADERS).map_err(csv_error)?;
        for member in &list {
            let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
            let record = [
                member.name.clone(),
                member.title.clone(),
                member.municipality_name.clone(),
                member.municipality_code.clone().unwrap_or_default(),
                member.email.clone().unwrap_or_default(),
                member.phone.clone(),
                if member.fss_member { "ja" } else { "nej" }.to_string(),
                date(member.fss_verified_on),
                member.network_role.label().to_string(),
                member.status.label().to_string(),
                date(member.joined_on),
                member.notes.clone(),
            ];
            writer.write_record(record.iter().map(|cell| neutralised(cell))).map_err(csv_error)?;
        }
        writer.flush().map_err(|source| Error::Io { path: "<export>".into(), source })?;
    }
    Ok(bytes)
}

/// Writes [`export`] to `path`; returns how many members it holds.
pub fn export_to_file(conn: &Connection, path: &Path) -> Result<usize> {
    let bytes = export(conn)?;
    let count = member::list(conn)?.len();
    crate::store::files::write_private(path, &bytes)?;
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_bytes_are_decoded_with_swedish_letters() {
        let (text, encoding) = decode(b"Namn;Kommun\n\xC5sa \xD6berg;G\xE4vle\n").unwrap();
        assert_eq!(encoding, "Windows-1252");
        assert!(text.contains("Åsa Öberg;Gävle"), "{text}");
    }

    #[test]
    fn utf8_with_and_without_bom_is_recognised() {
        assert_eq!(decode("\u{feff}Namn;Å".as_bytes()).unwrap(), ("Namn;Å".to_string(), "UTF-8 med BOM"));
        assert_eq!(decode("Namn;Å".as_bytes()).unwrap(), ("Namn;Å".to_string(), "UTF-8"));
    }

    #[test]
    fn the_separator_is_taken_from_the_header_line() {
        assert_eq!(detect_separator("Namn;E-post;Kommun\nA, B;c;d").1, ";");
        assert_eq!(detect_separator("Name,Email,Municipality\n").1, ",");
        assert_eq!(detect_separator("Namn\tE-post\tKommun\n").1, "tab");
    }

    #[test]
    fn headers_are_understood_in_swedish_and_english() {
        assert_eq!(column_for(" E-post "), Some(Column::Email));
        assert_eq!(column_for("E-mail"), Some(Column::Email));
        assert_eq!(column_for("FSS-medlem"), Some(Column::FssMember));
        assert_eq!(column_for("Roll i nätverket"), Some(Column::NetworkRole));
        assert_eq!(column_for("Medlemskap kontrollerat"), Some(Column::FssVerifiedOn));
        assert_eq!(column_for("Shoe size"), None);
    }

    #[test]
    fn cells_that_would_run_as_formulas_are_neutralised() {
        assert_eq!(neutralised("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralised("+46 70"), "'+46 70");
        assert_eq!(neutralised("-1"), "'-1");
        assert_eq!(neutralised("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralised("\t=1"), "'\t=1");
        assert_eq!(neutralised("  =1"), "'  =1");
        assert_eq!(neutralised("Åsa Öberg"), "Åsa Öberg");
        assert_eq!(unguarded("'=1"), "=1");
        assert_eq!(unguarded("'hej"), "'hej");
    }

    #[test]
    fn yes_and_no_in_swedish_and_english() {
        for yes in ["Ja", "x", "YES", "1"] {
            assert_eq!(parse_yes_no(yes), Some(true), "{yes}");
        }
        for no in ["nej", "No", "", "0"] {
            assert_eq!(parse_yes_no(no), Some(false), "{no}");
        }
        assert_eq!(parse_yes_no("kanske"), None);
    }
}
