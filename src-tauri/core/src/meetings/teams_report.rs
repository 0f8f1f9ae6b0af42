//! Teams' attendance reports read as untrusted input: encoding, separator and layout found by looking, participants merged per person.
//!
//! Teams has written its attendance download in several layouts over the years, and in the language
//! of the organizer's Teams:
//!
//! - **2020–21, `meetingAttendanceList.csv`**: one row per join or leave event under the header
//!   `Full Name / User Action / Timestamp` (`Joined`, `Joined before`, `Left`), US-style times, no e-mail.
//! - **2021 onwards**: numbered sections — `1. Summary` (Meeting title, Start time, …),
//!   `2. Participants` (Name, First Join, Last Leave, In-Meeting Duration, Email, Participant ID (UPN),
//!   Role) and `3. In-Meeting Activities` (one row per join/leave pair). In Swedish the same report says
//!   `1. Sammanfattning`, `2. Deltagare` (Namn, Första anslutning, …, E-post, Roll) and
//!   `3. Aktiviteter under mötet`.
//! - **A list a host made herself** in Excel: `Namn;E-post` (any of `;`, `,` or tab).
//!
//! Teams saves UTF-16 LE with a byte-order mark and tabs; Excel may resave it as UTF-8 with commas or
//! semicolons. So the reader takes UTF-8 (with or without BOM), UTF-16 LE/BE (with a BOM, or without
//! one, recognised by its NUL bytes) and Windows-1252, tries tab, `;` and `,` in turn, and recognises
//! columns by their header names (a set of Swedish and English spellings per column, any letter case),
//! never by position. Section titles and summary rows are recognised the same way.
//!
//! The file is untrusted: it is read with a byte cap, has at most [`MAX_ROWS`] rows and
//! [`MAX_PARTICIPANTS`] people, no cell longer than [`MAX_CELL_CHARS`], and everything is done in one
//! pass with hash maps, so time and memory grow linearly with the file and nothing panics. Nothing
//! here touches the database; matching the people to members is [`super::teams_attendance`]'s job.

use std::collections::HashMap;
use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::store::files::{self, CappedReadError};
use crate::sweden::numbers::thousands;
use crate::sweden::validate::header_key;

/// The largest report read: a report of a meeting with a thousand participants is well under 1 MB.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;
/// The most rows (of any kind) one report may hold.
pub const MAX_ROWS: usize = 50_000;
/// The most different people one report may name (a network meeting has tens).
pub const MAX_PARTICIPANTS: usize = 5_000;
/// The longest cell read; names, addresses and times are far shorter.
pub const MAX_CELL_CHARS: usize = 1_000;
/// How many rows from the top are searched for the first table's column headers.
const HEADER_SEARCH_ROWS: usize = 200;

/// Which of Teams' layouts (or a host's own list) the file has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportLayout {
    /// 2020–21: one row per join or leave event (`Full Name`, `User Action`, `Timestamp`).
    JoinLeaveLog,
    /// 2021 onwards: summary, participants and in-meeting activities.
    Sections,
    /// A plain list of participants, one row each (a host's own, or the participants table alone).
    ParticipantList,
}

impl ReportLayout {
    /// How the preview names the layout.
    pub fn label(self) -> &'static str {
        match self {
            ReportLayout::JoinLeaveLog => "närvarolista med anslutningar och avslut (Teams 2020–2021)",
            ReportLayout::Sections => "närvarorapport med sammanfattning och deltagare (Teams 2021 och senare)",
            ReportLayout::ParticipantList => "lista med deltagare",
        }
    }
}

/// One person in the report, their rows merged (a re-join adds to the time and the count of joins).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportParticipant {
    /// The name as the report shows it (spaces collapsed).
    pub name: String,
    /// The e-mail address, or the UPN when the report has no e-mail for the person; empty when neither.
    pub email: String,
    /// The sign-in name (UPN) when the report has one that differs from `email`; empty otherwise.
    pub upn: String,
    /// Total time in the meeting, when the report says it (or its join and leave times give it).
    pub duration_seconds: Option<u32>,
    /// The role as the report writes it (Organizer, Presenter, Attendee, Organisatör, …); may be empty.
    pub role: String,
    /// How many times the person joined (at least 1).
    pub joins: u32,
}

/// A Teams attendance report as read from the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeamsReport {
    pub layout: ReportLayout,
    /// The layout in Swedish words.
    pub layout_label: &'static str,
    /// "UTF-16 LE", "UTF-16 BE", "UTF-8", "UTF-8 med BOM" or "Windows-1252".
    pub encoding: &'static str,
    /// "tab", ";" or ",".
    pub separator: &'static str,
    /// The meeting's title from the summary; empty when the report has none.
    pub meeting_title: String,
    /// The meeting's start as the report writes it; empty when the report has none.
    pub meeting_start: String,
    /// The date of `meeting_start` (or of the first join) when it could be read.
    pub meeting_date: Option<NaiveDate>,
    pub participants: Vec<ReportParticipant>,
    /// Data rows read (before merging re-joins).
    pub rows_read: usize,
}

/// What a column of a participants table means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Column {
    Name,
    Email,
    Upn,
    Join,
    Leave,
    Duration,
    Role,
    UserAction,
    Timestamp,
}

/// Header names (lower case, letters and digits only) in English and Swedish, per column; Teams has
/// renamed several over the years ("Join Time" → "First Join", "Senaste avslut"/"Senaste utträde").
const HEADER_NAMES: &[(Column, &[&str])] = &[
    (
        Column::Name,
        &[
            "name",
            "fullname",
            "namn",
            "fullständigtnamn",
            "fulltnamn",
            "deltagare",
            "deltagarensnamn",
            "participant",
            "participantname",
            "displayname",
            "visningsnamn",
            "attendee",
        ],
    ),
    (Column::Email, &["email", "emailaddress", "epost", "epostadress", "mejl", "mejladress", "mail", "eposta"]),
    (
        Column::Upn,
        &[
            "participantidupn",
            "participantid",
            "upn",
            "userprincipalname",
            "deltagaridupn",
            "deltagarid",
            "användarnamn",
        ],
    ),
    (
        Column::Join,
        &[
            "firstjoin",
            "firstjointime",
            "jointime",
            "joined",
            "förstaanslutning",
            "förstaanslutningen",
            "anslutningstid",
            "anslutning",
            "anslöt",
            "tidföranslutning",
            "förstaanslutningstid",
        ],
    ),
    (
        Column::Leave,
        &[
            "lastleave",
            "lastleavetime",
            "leavetime",
            "left",
            "senasteavslut",
            "senasteutträde",
            "senastlämnade",
            "avslutstid",
            "utträdestid",
            "lämnade",
            "tidförutträde",
            "lämnadetid",
            "tidföravslut",
        ],
    ),
    (
        Column::Duration,
        &[
            "inmeetingduration",
            "duration",
            "attendanceduration",
            "totalduration",
            "timeinmeeting",
            "varaktighetimötet",
            "varaktighetimöte",
            "varaktighet",
            "tidimötet",
            "deltagartid",
            "närvarotid",
        ],
    ),
    (Column::Role, &["role", "roll", "deltagarroll"]),
    (Column::UserAction, &["useraction", "action", "activity", "användaråtgärd", "åtgärd", "aktivitet", "händelse"]),
    (Column::Timestamp, &["timestamp", "tidsstämpel", "tidsstampel", "tidpunkt", "tid", "datumochtid"]),
];

/// Summary rows (key, value) that give the meeting's title.
const TITLE_KEYS: &[&str] = &[
    "meetingtitle",
    "title",
    "mötetsrubrik",
    "mötesrubrik",
    "rubrik",
    "mötetstitel",
    "mötestitel",
    "titel",
    "mötesnamn",
];
/// Summary rows that give the meeting's start.
const START_KEYS: &[&str] =
    &["starttime", "meetingstarttime", "starttid", "mötetsstarttid", "mötetsstart", "start", "starttidförmötet"];

/// A numbered section of the 2021 layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    None,
    Summary,
    Participants,
    Activities,
    Other,
}

/// Reads the report at `path` (at most [`MAX_FILE_BYTES`]), see [`read`].
pub fn read_file(path: &Path) -> Result<TeamsReport> {
    let bytes = files::read_capped(path, MAX_FILE_BYTES as u64).map_err(|error| match error {
        CappedReadError::TooBig => too_big(),
        CappedReadError::Changed => {
            Error::invalid("file", "Filen ändrades medan den lästes. Vänta tills den är färdigsparad och försök igen.")
        }
        CappedReadError::Io(source) => Error::Io { path: path.to_path_buf(), source },
    })?;
    read(&bytes)
}

fn too_big() -> Error {
    Error::invalid(
        "file",
        format!(
            "Filen är större än {} MB. Välj närvarorapporten som du laddade ner från Teams (en .csv-fil).",
            MAX_FILE_BYTES / (1024 * 1024)
        ),
    )
}

fn not_a_report() -> Error {
    Error::invalid(
        "file",
        "Hittar ingen deltagarlista i filen. En närvarorapport från Teams har kolumnen Namn (Name eller Full Name); \
         en egen lista behöver kolumnerna Namn och E-post.",
    )
}

/// Reads a Teams attendance report (or a host's own list of participants) from its bytes.
pub fn read(bytes: &[u8]) -> Result<TeamsReport> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_big());
    }
    if bytes.starts_with(b"PK\x03\x04") {
        // An Excel workbook (a zip file): the report opened in Excel and saved as .xlsx.
        return Err(Error::invalid(
            "file",
            "Filen är en Excel-arbetsbok (.xlsx), inte en CSV-fil. Spara den i Excel som \"CSV UTF-8\", \
             eller välj närvarorapporten som du laddade ner från Teams.",
        ));
    }
    let (text, encoding) = decode(bytes)?;
    let (delimiter, separator) = [(b'\t', "tab"), (b';', ";"), (b',', ",")]
        .into_iter()
        .find(|(d, _)| has_header(&text, *d))
        .ok_or_else(not_a_report)?;
    let mut report = parse(&text, delimiter)?;
    report.encoding = encoding;
    report.separator = separator;
    Ok(report)
}

/// Turns the file's bytes into text, telling which encoding it was in.
fn decode(bytes: &[u8]) -> Result<(String, &'static str)> {
    let not_text = || {
        Error::invalid(
            "file",
            "Filen är inte en textfil. Välj närvarorapporten som du laddade ner från Teams (en .csv-fil).",
        )
    };
    let broken_utf16 = || {
        Error::invalid(
            "file",
            "Filen ser ut att vara text i UTF-16 men är trasig (ett ofullständigt tecken). Ladda ner närvarorapporten från Teams igen.",
        )
    };
    let decode_utf16 = |encoding: &'static encoding_rs::Encoding, rest: &[u8]| {
        let (text, had_errors) = encoding.decode_without_bom_handling(rest);
        if had_errors {
            Err(broken_utf16())
        } else {
            Ok(text.into_owned())
        }
    };
    let (text, name) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (std::str::from_utf8(rest).map_err(|_| not_text())?.to_string(), "UTF-8 med BOM")
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (decode_utf16(encoding_rs::UTF_16LE, rest)?, "UTF-16 LE")
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (decode_utf16(encoding_rs::UTF_16BE, rest)?, "UTF-16 BE")
    } else if let Some(encoding) = utf16_without_bom(bytes) {
        let name = if encoding == encoding_rs::UTF_16LE { "UTF-16 LE" } else { "UTF-16 BE" };
        (decode_utf16(encoding, bytes)?, name)
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        (text.to_string(), "UTF-8")
    } else {
        // Excel's "CSV" in Swedish Windows is Windows-1252; every byte decodes, junk is caught below.
        (encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(), "Windows-1252")
    };
    if text.contains('\0') {
        return Err(not_text());
    }
    Ok((text, name))
}

/// UTF-16 without a byte-order mark, recognised by its NUL bytes: text in Latin letters has a NUL in
/// every other byte (odd positions for little-endian, even for big-endian), which UTF-8 text never has.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let sample = &bytes[..bytes.len().min(4096)];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let nul_at = |parity: usize| sample.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count();
    let (even, odd) = (nul_at(0), nul_at(1));
    if odd * 2 >= pairs && even * 8 < pairs {
        Some(encoding_rs::UTF_16LE)
    } else if even * 2 >= pairs && odd * 8 < pairs {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

fn column_for(header: &str) -> Option<Column> {
    let key = header_key(header);
    HEADER_NAMES.iter().find(|(_, names)| names.contains(&key.as_str())).map(|(column, _)| *column)
}

fn reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes())
}

/// The columns of a header row: a name column and at least one other column the reader knows.
fn header_columns(record: &csv::StringRecord) -> Option<HashMap<Column, usize>> {
    if record.len() < 2 {
        return None;
    }
    let mut columns = HashMap::new();
    for (index, cell) in record.iter().enumerate() {
        if cell.chars().count() > 60 {
            continue;
        }
        if let Some(column) = column_for(cell) {
            columns.entry(column).or_insert(index);
        }
    }
    (columns.contains_key(&Column::Name) && columns.len() >= 2).then_some(columns)
}

/// True when a header row turns up near the top of `text` split by `delimiter`.
fn has_header(text: &str, delimiter: u8) -> bool {
    reader(text, delimiter)
        .records()
        .take(HEADER_SEARCH_ROWS)
        .map_while(|record| record.ok())
        .any(|record| header_columns(&record).is_some())
}

/// The section a row titles ("2. Participants", "3. Aktiviteter under mötet"), if it is a title.
fn section_title(record: &csv::StringRecord) -> Option<Section> {
    let mut cells = record.iter().filter(|cell| !cell.is_empty());
    let first = cells.next()?;
    if cells.next().is_some() {
        return None;
    }
    let digits = first.chars().take_while(char::is_ascii_digit).count();
    let rest = first.get(digits..)?.strip_prefix('.')?;
    if digits == 0 || digits > 2 {
        return None;
    }
    let title = rest.trim().to_lowercase();
    Some(if title.contains("aktivitet") || title.contains("activit") {
        Section::Activities
    } else if title.contains("deltagare") || title.contains("participant") || title.contains("attendee") {
        Section::Participants
    } else if title.contains("sammanfattning") || title.contains("summary") || title.contains("översikt") {
        Section::Summary
    } else {
        Section::Other
    })
}

/// What kind of rows a table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Table {
    /// One row per person (the participants section, or a host's list).
    Participants,
    /// One row per join/leave pair (in-meeting activities).
    Activities,
    /// One row per join or leave event (the 2020–21 list).
    Log,
}

/// One data row as read, before merging.
struct Row {
    name: String,
    email: String,
    upn: String,
    join: String,
    leave: String,
    duration: Option<u32>,
    role: String,
    action: String,
    timestamp: String,
}

fn parse(text: &str, delimiter: u8) -> Result<TeamsReport> {
    let mut section = Section::None;
    let mut numbered_sections = false;
    let mut table: Option<(Table, HashMap<Column, usize>)> = None;
    let mut title = String::new();
    let mut start = String::new();
    let mut rows: HashMap<Table, Vec<Row>> = HashMap::new();
    for (index, record) in reader(text, delimiter).records().enumerate() {
        let line = index + 1;
        if index >= MAX_ROWS {
            return Err(Error::invalid(
                "file",
                format!("Filen har fler än {} rader; det är inte en närvarorapport för en träff.", thousands(MAX_ROWS)),
            ));
        }
        let record = match record {
            Ok(record) => record,
            // A broken row (invalid quoting at the very end, say) ends the reading; what came before counts.
            Err(_) => break,
        };
        if record.iter().any(|cell| cell.chars().count() > MAX_CELL_CHARS) {
            return Err(Error::invalid(
                "file",
                format!(
                    "Rad {line} har en cell med mer än {} tecken; det är inte en närvarorapport från Teams.",
                    thousands(MAX_CELL_CHARS)
                ),
            ));
        }
        if record.iter().all(str::is_empty) {
            continue;
        }
        if let Some(found) = section_title(&record) {
            section = found;
            numbered_sections = true;
            table = None;
            continue;
        }
        if let Some(columns) = header_columns(&record) {
            let kind = if columns.contains_key(&Column::UserAction) {
                Table::Log
            } else if section == Section::Activities {
                Table::Activities
            } else {
                Table::Participants
            };
            table = Some((kind, columns));
            continue;
        }
        match &table {
            None => {
                // Above the first table (the summary): "Meeting title<TAB>…" and the like.
                let mut cells = record.iter().filter(|cell| !cell.is_empty());
                if let (Some(key), Some(value)) = (cells.next(), cells.next()) {
                    let key = header_key(key);
                    if title.is_empty() && TITLE_KEYS.contains(&key.as_str()) {
                        title = value.to_string();
                    } else if start.is_empty() && START_KEYS.contains(&key.as_str()) {
                        start = value.to_string();
                    }
                }
            }
            Some((kind, columns)) => {
                let cell = |column: Column| columns.get(&column).and_then(|&i| record.get(i)).unwrap_or("").to_string();
                let row = Row {
                    name: collapse_spaces(&cell(Column::Name)),
                    email: email_or_empty(&cell(Column::Email)),
                    upn: email_or_empty(&cell(Column::Upn)),
                    join: cell(Column::Join),
                    leave: cell(Column::Leave),
                    duration: parse_duration(&cell(Column::Duration)),
                    role: cell(Column::Role),
                    action: cell(Column::UserAction),
                    timestamp: cell(Column::Timestamp),
                };
                if row.name.is_empty() && row.email.is_empty() && row.upn.is_empty() {
                    continue;
                }
                rows.entry(*kind).or_default().push(row);
            }
        }
    }
    // The participants table already has one row per person with the total time; the activities
    // and the old log are used only when there is no such table.
    let from_teams = numbered_sections || !title.is_empty() || !start.is_empty();
    let (layout, list) = if let Some(list) = rows.remove(&Table::Participants) {
        (if from_teams { ReportLayout::Sections } else { ReportLayout::ParticipantList }, list)
    } else if let Some(list) = rows.remove(&Table::Activities) {
        (ReportLayout::Sections, list)
    } else if let Some(list) = rows.remove(&Table::Log) {
        (ReportLayout::JoinLeaveLog, list)
    } else {
        return Err(Error::invalid("file", "Filen har kolumnrubriker men inga deltagare."));
    };
    let rows_read = list.len();
    let participants = merge(list, layout == ReportLayout::JoinLeaveLog)?;
    let meeting_date = parse_timestamp(&start).map(|at| at.date()).or_else(|| first_date(&participants));
    Ok(TeamsReport {
        layout,
        layout_label: layout.label(),
        encoding: "",
        separator: "",
        meeting_title: title,
        meeting_start: start,
        meeting_date,
        participants: participants.into_iter().map(|p| p.participant).collect(),
        rows_read,
    })
}

/// A person being merged, with the earliest join seen (for the report's date when it has no summary).
struct Merged {
    participant: ReportParticipant,
    first_join: Option<NaiveDateTime>,
    /// In a join/leave log: when the person's current stay began.
    open_join: Option<NaiveDateTime>,
    duration_known: bool,
}

fn first_date(participants: &[Merged]) -> Option<NaiveDate> {
    participants.iter().filter_map(|p| p.first_join).min().map(|at| at.date())
}

/// One entry per person: by e-mail (or UPN) when the row has one, else by name.
fn merge(rows: Vec<Row>, log: bool) -> Result<Vec<Merged>> {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut people: Vec<Merged> = Vec::new();
    for row in rows {
        let address = if row.email.is_empty() { &row.upn } else { &row.email };
        let key = if address.is_empty() {
            format!("namn:{}", name_key(&row.name))
        } else {
            format!("e-post:{}", address.to_lowercase())
        };
        let position = match index.get(&key) {
            Some(&position) => position,
            None => {
                if people.len() >= MAX_PARTICIPANTS {
                    return Err(Error::invalid(
                        "file",
                        format!(
                            "Filen har fler än {} deltagare; det är inte en närvarorapport för en av nätverkets träffar.",
                            thousands(MAX_PARTICIPANTS)
                        ),
                    ));
                }
                let (email, upn) = match (row.email.is_empty(), row.upn.is_empty()) {
                    (true, _) => (row.upn.clone(), String::new()),
                    (false, false) if !row.upn.eq_ignore_ascii_case(&row.email) => (row.email.clone(), row.upn.clone()),
                    _ => (row.email.clone(), String::new()),
                };
                people.push(Merged {
                    participant: ReportParticipant {
                        name: row.name.clone(),
                        email,
                        upn,
                        duration_seconds: None,
                        role: String::new(),
                        joins: 0,
                    },
                    first_join: None,
                    open_join: None,
                    duration_known: true,
                });
                index.insert(key, people.len() - 1);
                people.len() - 1
            }
        };
        let Some(person) = people.get_mut(position) else { continue };
        if person.participant.name.is_empty() {
            person.participant.name = row.name.clone();
        }
        if person.participant.role.is_empty() {
            person.participant.role = row.role.clone();
        }
        if log {
            add_log_event(person, &row);
        } else {
            person.participant.joins = person.participant.joins.saturating_add(1);
            let joined = parse_timestamp(&row.join);
            person.first_join = earliest(person.first_join, joined);
            let duration = row.duration.or_else(|| span_seconds(joined, parse_timestamp(&row.leave)));
            add_duration(person, duration);
        }
    }
    for person in &mut people {
        person.participant.joins = person.participant.joins.max(1);
        if !person.duration_known {
            person.participant.duration_seconds = None;
        }
    }
    Ok(people)
}

/// A join ("Joined", "Joined before", "Anslöt") starts a stay; a leave ("Left", "Lämnade") ends it.
fn add_log_event(person: &mut Merged, row: &Row) {
    let action = row.action.to_lowercase();
    let at = parse_timestamp(&row.timestamp);
    if action.starts_with("join") || action.starts_with("anslö") || action.starts_with("anslu") {
        person.participant.joins = person.participant.joins.saturating_add(1);
        person.first_join = earliest(person.first_join, at);
        person.open_join = at;
    } else if action.starts_with("left") || action.starts_with("leave") || action.starts_with("lämna") {
        let duration = span_seconds(person.open_join.take(), at);
        add_duration(person, duration);
    }
}

fn add_duration(person: &mut Merged, duration: Option<u32>) {
    match duration {
        Some(seconds) => {
            person.participant.duration_seconds =
                Some(person.participant.duration_seconds.unwrap_or(0).saturating_add(seconds));
        }
        None => person.duration_known = false,
    }
}

fn earliest(a: Option<NaiveDateTime>, b: Option<NaiveDateTime>) -> Option<NaiveDateTime> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn span_seconds(from: Option<NaiveDateTime>, to: Option<NaiveDateTime>) -> Option<u32> {
    let seconds = (to? - from?).num_seconds();
    u32::try_from(seconds).ok()
}

fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The cell when it looks like an e-mail address (or a UPN, which has the same form); else empty.
fn email_or_empty(cell: &str) -> String {
    let cell = cell.trim();
    let looks_like_address = cell.len() <= 254
        && cell.split_once('@').is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'))
        && !cell.chars().any(|c| c.is_whitespace() || c.is_control());
    if looks_like_address {
        cell.to_string()
    } else {
        String::new()
    }
}

/// Tags Teams adds to the names of people from outside the organisation.
const NAME_TAGS: &[&str] =
    &["(guest)", "(gäst)", "(external)", "(extern)", "(unverified)", "(ej verifierad)", "(overifierad)"];

/// A name as names are compared: letter case, accents and extra spaces ignored (`Åsa  Öberg` and
/// `asa oberg` are the same), and Teams' "(Gäst)"/"(Guest)" tags left out.
pub fn name_key(name: &str) -> String {
    use icu_normalizer::DecomposingNormalizerBorrowed;
    let lower = name.to_lowercase();
    let mut trimmed = lower.trim();
    for tag in NAME_TAGS {
        if let Some(rest) = trimmed.strip_suffix(tag) {
            trimmed = rest.trim_end();
        }
    }
    let decomposed = DecomposingNormalizerBorrowed::new_nfd().normalize(trimmed);
    let letters: String = decomposed.chars().filter(|c| !('\u{300}'..='\u{36f}').contains(c)).collect();
    collapse_spaces(&letters)
}

/// A duration as Teams writes it: `1h 27m 51s`, `47m 3s`, `1 tim 2 min`, `45 min 3 s`, `00:47:03`.
pub fn parse_duration(text: &str) -> Option<u32> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if text.contains(':') {
        let parts: Vec<&str> = text.split(':').collect();
        if parts.len() > 3
            || parts.iter().any(|p| p.is_empty() || p.len() > 6 || !p.chars().all(|c| c.is_ascii_digit()))
        {
            return None;
        }
        return parts
            .iter()
            .try_fold(0u32, |total, part| total.checked_mul(60)?.checked_add(part.parse::<u32>().ok()?));
    }
    let mut total = 0u32;
    let mut rest = text;
    let mut any = false;
    while !rest.is_empty() {
        rest = rest.trim_start();
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 || digits > 6 {
            return None;
        }
        let number: u32 = rest.get(..digits)?.parse().ok()?;
        rest = rest.get(digits..)?.trim_start();
        let unit_chars: String = rest.chars().take_while(|c| c.is_alphabetic() || *c == '.').collect();
        rest = rest.get(unit_chars.len()..)?;
        let unit = unit_chars.trim_end_matches('.').to_lowercase();
        let factor = match unit.as_str() {
            "h" | "hr" | "hrs" | "hour" | "hours" | "t" | "tim" | "timme" | "timmar" => 3600,
            "m" | "min" | "mins" | "minute" | "minutes" | "minut" | "minuter" => 60,
            "s" | "sec" | "secs" | "second" | "seconds" | "sek" | "sekund" | "sekunder" => 1,
            _ => return None,
        };
        total = total.checked_add(number.checked_mul(factor)?)?;
        any = true;
    }
    any.then_some(total)
}

/// A time as Teams writes it: `3/17/2020, 9:56:10 AM`, `7/22/26, 7:00:11 PM`, `2024-01-24 15:01:12`.
pub fn parse_timestamp(text: &str) -> Option<NaiveDateTime> {
    const FORMATS: &[&str] = &[
        "%m/%d/%y, %I:%M:%S %p",
        "%m/%d/%Y, %I:%M:%S %p",
        "%m/%d/%y, %I:%M %p",
        "%m/%d/%Y, %I:%M %p",
        "%m/%d/%Y %I:%M:%S %p",
        "%m/%d/%Y, %H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d, %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%d.%m.%Y, %H:%M:%S",
        "%d.%m.%Y %H:%M:%S",
    ];
    let text = text.trim();
    if text.is_empty() || text.len() > 40 {
        return None;
    }
    // Some Teams versions write a narrow no-break space before AM/PM.
    let text = text.replace(['\u{202f}', '\u{a0}'], " ");
    FORMATS.iter().find_map(|format| NaiveDateTime::parse_from_str(&text, format).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_teams_spellings_are_read() {
        assert_eq!(parse_duration("1h 27m 51s"), Some(5271));
        assert_eq!(parse_duration("47m 3s"), Some(2823));
        assert_eq!(parse_duration("1 tim 2 min"), Some(3720));
        assert_eq!(parse_duration("45 min 3 s"), Some(2703));
        assert_eq!(parse_duration("00:47:03"), Some(2823));
        assert_eq!(parse_duration("garbage"), None);
        assert_eq!(parse_duration("7/22/26, 7:02:11 PM"), None);
        assert_eq!(parse_duration("99999999h"), None);
    }

    #[test]
    fn times_in_us_and_swedish_style_are_read() {
        let us = parse_timestamp("3/17/2020, 9:56:10 AM").unwrap();
        assert_eq!(us.to_string(), "2020-03-17 09:56:10");
        let short = parse_timestamp("7/22/26, 7:00:11 PM").unwrap();
        assert_eq!(short.to_string(), "2026-07-22 19:00:11");
        assert_eq!(parse_timestamp("2024-01-24 15:01:12").unwrap().to_string(), "2024-01-24 15:01:12");
        assert_eq!(parse_timestamp("i går"), None);
    }

    #[test]
    fn names_compare_without_case_accents_spaces_or_guest_tags() {
        assert_eq!(name_key("  Åsa   Öberg "), name_key("asa oberg"));
        assert_eq!(name_key("José Lindström (Gäst)"), name_key("jose lindstrom"));
        assert_ne!(name_key("Anna Berg"), name_key("Anna Borg"));
    }

    #[test]
    fn utf16_without_a_bom_is_recognised_by_its_nul_bytes() {
        let little: Vec<u8> = "Namn\tE-post\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let big: Vec<u8> = "Namn\tE-post\n".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(utf16_without_bom(&little), Some(encoding_rs::UTF_16LE));
        assert_eq!(utf16_without_bom(&big), Some(encoding_rs::UTF_16BE));
        assert_eq!(utf16_without_bom(b"Namn;E-post\n"), None);
    }
}
