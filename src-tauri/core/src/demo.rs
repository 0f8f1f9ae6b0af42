//! Scale data: a deterministic generator of realistic Swedish members, meetings and examples for demos and benchmarks.
//!
//! The same seed always gives the same rows (ids and timestamps included), so benchmark results and
//! bug reports on "the 100,000-example database" can be reproduced anywhere. Rows are written
//! straight into the schema with prepared statements, one transaction per batch, because going
//! through the validated create functions row by row would take minutes for 100,000 examples; the
//! values are still built to pass the same rules (active members are FSS members, unique e-mail,
//! meetings 15.00–15.45 in Europe/Stockholm, UTC derived by the same code as user input).

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use rusqlite::{params, Connection, Transaction};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::meetings::MeetingInput;
use crate::settings;
use crate::store::{clock, ids, Database};

/// How much to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoSize {
    pub examples: usize,
    pub members: usize,
    pub meetings: usize,
    /// Share of the members (in percent) that are active FSS members, the ones invitations go to.
    pub active_percent: u8,
    pub seed: u64,
}

impl Default for DemoSize {
    /// The scale the performance targets are set for: 2,000 active members, 500 meetings, 100,000 examples.
    fn default() -> Self {
        DemoSize { examples: 100_000, members: 2_353, meetings: 500, active_percent: 85, seed: 1 }
    }
}

impl DemoSize {
    /// How many of the generated members are active (rounded to the nearest member).
    pub fn active_members(&self) -> usize {
        (self.members * usize::from(self.active_percent) + 50) / 100
    }
}

/// What was written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DemoSummary {
    pub members: usize,
    pub active_members: usize,
    pub meetings: usize,
    pub examples: usize,
    pub example_municipalities: usize,
    pub example_themes: usize,
    pub presentations: usize,
    pub attendance: usize,
}

/// Rows per transaction: large enough that commits (full sync) do not dominate, small enough to
/// keep the WAL file and memory modest while 100,000 examples are written.
const BATCH_ROWS: usize = 5_000;

/// The demo data must not be mixed into a database people already use.
fn ensure_only_seed_data(conn: &Connection) -> Result<()> {
    let count = |table: &str| -> Result<i64> {
        Ok(conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |row| row.get(0))?)
    };
    if count("members")? > 0 || count("examples")? > 0 {
        return Err(Error::invalid(
            "db",
            "Databasen innehåller redan medlemmar eller exempel. Exempeldata skapas bara i en ny databas: ange en ny fil med --db.",
        ));
    }
    Ok(())
}

/// Fills a new database with generated members, meetings (with attendance and presentations) and examples.
pub fn generate(db: &mut Database, size: &DemoSize) -> Result<DemoSummary> {
    if size.active_percent > 100 {
        return Err(Error::invalid("active_percent", "Andelen aktiva medlemmar måste vara mellan 0 och 100 procent."));
    }
    ensure_only_seed_data(db.conn())?;
    // A new demo database needs no fsync per batch: NORMAL (still safe in WAL mode against crashes of
    // the program, only the last batches could be lost on power loss) makes generation I/O-light.
    // The connection's usual FULL is restored afterwards, whether generation succeeded or not.
    let previous: i64 = db.conn().pragma_query_value(None, "synchronous", |row| row.get(0))?;
    db.conn().pragma_update(None, "synchronous", "NORMAL")?;
    let result = generate_rows(db, size);
    db.conn().pragma_update(None, "synchronous", previous)?;
    result
}

fn generate_rows(db: &mut Database, size: &DemoSize) -> Result<DemoSummary> {
    let mut rng = DemoRng::new(size.seed);
    let reference = db.write(|tx| ReferenceData::load(tx))?;
    let mut summary = DemoSummary::default();

    let members = db.write(|tx| insert_members(tx, &mut rng, &reference, size))?;
    summary.members = members.len();
    summary.active_members = members.iter().filter(|m| m.active).count();

    let meeting_rows = db.write(|tx| insert_meetings(tx, &mut rng, size.meetings))?;
    summary.meetings = meeting_rows.len();

    let mut example_ids = Vec::with_capacity(size.examples);
    let mut written = 0;
    while written < size.examples {
        let batch = BATCH_ROWS.min(size.examples - written);
        let counts =
            db.write(|tx| insert_examples(tx, &mut rng, &reference, &members, written, batch, &mut example_ids))?;
        summary.example_municipalities += counts.0;
        summary.example_themes += counts.1;
        written += batch;
    }
    summary.examples = example_ids.len();

    let (presentations, attendance) =
        db.write(|tx| insert_meeting_activity(tx, &mut rng, &meeting_rows, &members, &example_ids))?;
    db.write(fill_in_organizer)?;
    summary.presentations = presentations;
    summary.attendance = attendance;

    // The rows were written past examples.rs, so the search index is rebuilt once at the end.
    crate::examples::index::reindex_all(db)?;

    Ok(summary)
}

/// A demo network has an organizer and a Teams link, so invitations can be made from it at once;
/// settings someone already filled in are kept.
fn fill_in_organizer(tx: &Transaction) -> Result<()> {
    let mut network = settings::load(tx)?;
    if network.organizer_email.is_empty() {
        network.organizer_name = "Nätverkets samordnare".into();
        network.organizer_email = "natverket@exempel.fss.se".into();
    }
    if network.teams_url.is_empty() {
        network.teams_url = "https://teams.microsoft.com/l/meetup-join/natverket-demo".into();
    }
    settings::save(tx, &network)?;
    Ok(())
}

/// Municipalities, themes and this installation's id, read once from the seeded database.
struct ReferenceData {
    municipalities: Vec<(String, String)>,
    theme_ids: Vec<String>,
    installation_id: String,
}

impl ReferenceData {
    fn load(conn: &Connection) -> Result<Self> {
        let mut statement = conn.prepare("SELECT code, name FROM municipalities ORDER BY code")?;
        let municipalities =
            statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
        let mut statement = conn.prepare("SELECT id FROM themes ORDER BY id")?;
        let theme_ids = statement.query_map([], |row| row.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
        let installation_id = conn.query_row("SELECT id FROM installation", [], |row| row.get(0))?;
        if municipalities.is_empty() || theme_ids.is_empty() {
            return Err(Error::invalid("db", "Databasen saknar kommuner eller teman. Kör `natverk init` först."));
        }
        Ok(ReferenceData { municipalities, theme_ids, installation_id })
    }
}

struct DemoMember {
    id: String,
    municipality_code: String,
    active: bool,
}

struct DemoMeeting {
    id: String,
    date: NaiveDate,
    cancelled: bool,
}

fn insert_members(
    tx: &Transaction,
    rng: &mut DemoRng,
    reference: &ReferenceData,
    size: &DemoSize,
) -> Result<Vec<DemoMember>> {
    let mut insert = tx.prepare(
        "INSERT INTO members (id, name, title, municipality_code, email, phone, fss_member, fss_verified_on,
             network_role, status, joined_on, notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, '', ?12, ?12)",
    )?;
    let active_count = size.active_members();
    let mut members = Vec::with_capacity(size.members);
    for index in 0..size.members {
        let first = rng.phrase(&FIRST_NAMES);
        let last = rng.phrase(&LAST_NAMES);
        let (code, municipality) = rng.pick(&reference.municipalities);
        // The index keeps addresses unique however often a name repeats.
        let email = format!("{}.{}.{index}@{}.se", mail_part(first), mail_part(last), mail_part(municipality));
        let active = index < active_count;
        let (status, fss_member) = if active {
            ("active", true)
        } else if index % 3 == 0 {
            ("left", rng.below(2) == 0)
        } else {
            ("interested", false)
        };
        let role = if active && rng.below(40) == 0 { "host" } else { "member" };
        let joined = date_between(rng, (2015, 1, 1), (2024, 6, 30));
        let verified =
            fss_member.then(|| (joined + Duration::days(rng.below(60) as i64)).format("%Y-%m-%d").to_string());
        let phone =
            format!("0{}-{} {} {}", 10 + rng.below(89), 100 + rng.below(900), 10 + rng.below(90), 10 + rng.below(90));
        let id = rng.uuid();
        insert.execute(params![
            id,
            format!("{first} {last}"),
            rng.phrase(&TITLES),
            code,
            email,
            phone,
            fss_member,
            verified,
            role,
            status,
            joined.format("%Y-%m-%d").to_string(),
            timestamp(joined),
        ])?;
        members.push(DemoMember { id, municipality_code: code.clone(), active });
    }
    Ok(members)
}

fn insert_meetings(tx: &Transaction, rng: &mut DemoRng, count: usize) -> Result<Vec<DemoMeeting>> {
    let mut insert = tx.prepare(
        "INSERT INTO meetings (id, ical_uid, title, local_date, start_time, end_time, time_zone, start_utc, end_utc,
             teams_url, agenda, focus, notes, notes_status, status, cancel_reason, sequence, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, '15:00', '15:45', 'Europe/Stockholm', ?5, ?6, '', ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)",
    )?;
    let mut meetings = Vec::with_capacity(count);
    // Tuesdays to Thursdays, one to two weeks apart, from January 2010: 500 meetings reach into the 2020s.
    let mut date = NaiveDate::from_ymd_opt(2010, 1, 12).unwrap_or_default();
    for _ in 0..count {
        date += Duration::days(7 + rng.below(8) as i64);
        while !matches!(date.weekday(), Weekday::Tue | Weekday::Wed | Weekday::Thu) {
            date += Duration::days(1);
        }
        let date_text = date.format("%Y-%m-%d").to_string();
        let valid = MeetingInput {
            title: "Nätverksträff".into(),
            date: date_text.clone(),
            start: "15:00".into(),
            end: "15:45".into(),
            time_zone: "Europe/Stockholm".into(),
            ..MeetingInput::default()
        }
        .validated("Europe/Stockholm")?;
        let theme = rng.phrase(&THEME_PHRASES);
        let cancelled = rng.below(25) == 0;
        let held = date < NaiveDate::from_ymd_opt(2024, 6, 1).unwrap_or_default();
        let agenda = format!(
            "1. Välkomna och incheckning\n2. Tema: {theme}\n3. Exempel från kommunerna\n4. Frågor och nästa träff"
        );
        let notes = if held && !cancelled {
            format!("Vi pratade om {theme}. {} {}", rng.phrase(&RESULT_PHRASES), rng.phrase(&LESSON_PHRASES))
        } else {
            String::new()
        };
        let id = rng.uuid();
        insert.execute(params![
            id,
            ids::meeting_ical_uid(&id),
            format!("Nätverksträff: {theme}"),
            date_text,
            clock::utc_text(valid.start_utc),
            clock::utc_text(valid.end_utc),
            agenda,
            capitalized(theme),
            notes,
            if notes.is_empty() { "draft" } else { "final" },
            if cancelled { "cancelled" } else { "scheduled" },
            if cancelled { rng.phrase(&CANCEL_REASONS).to_string() } else { String::new() },
            i64::from(cancelled),
            timestamp(date - Duration::days(30)),
        ])?;
        meetings.push(DemoMeeting { id, date, cancelled });
    }
    Ok(meetings)
}

/// Writes one batch of examples with their municipalities and themes; returns the link rows written.
fn insert_examples(
    tx: &Transaction,
    rng: &mut DemoRng,
    reference: &ReferenceData,
    members: &[DemoMember],
    first_index: usize,
    batch: usize,
    example_ids: &mut Vec<String>,
) -> Result<(usize, usize)> {
    let mut insert_example = tx.prepare(
        "INSERT INTO examples (id, title, summary, body, contact_member_id, stage, started_on, evaluation,
             origin_installation_id, created_at, updated_at, sharing)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11)",
    )?;
    let mut insert_municipality =
        tx.prepare("INSERT OR IGNORE INTO example_municipalities (example_id, municipality_code) VALUES (?1, ?2)")?;
    let mut insert_theme = tx.prepare("INSERT OR IGNORE INTO example_themes (example_id, theme_id) VALUES (?1, ?2)")?;
    let (mut municipality_rows, mut theme_rows) = (0, 0);
    for index in first_index..first_index + batch {
        let contact = (!members.is_empty() && rng.below(10) != 0).then(|| &members[rng.below(members.len())]);
        let home_code = match contact {
            Some(member) => member.municipality_code.clone(),
            None => rng.pick(&reference.municipalities).0.clone(),
        };
        let home_name = reference
            .municipalities
            .iter()
            .find(|(code, _)| *code == home_code)
            .map(|(_, name)| name.as_str())
            .unwrap_or_default();
        let activity = rng.phrase(&ACTIVITIES);
        let target = rng.phrase(&TARGET_GROUPS);
        let title = format!("{} {} i {home_name}", capitalized(activity), target);
        let summary = format!("{} {activity} {target}. {}", rng.phrase(&SUMMARY_OPENINGS), rng.phrase(&RESULT_PHRASES));
        let mut body = String::new();
        for _ in 0..3 + rng.below(4) {
            body.push_str(rng.phrase(&BODY_SENTENCES));
            body.push(' ');
        }
        body.push_str(rng.phrase(&LESSON_PHRASES));
        let stage = rng.phrase(&["idea", "planned", "implemented", "implemented", "evaluated"]);
        let started = date_between(rng, (2016, 1, 1), (2024, 5, 31));
        let evaluation = if stage == "evaluated" { rng.phrase(&EVALUATIONS).to_string() } else { String::new() };
        let id = rng.uuid();
        insert_example.execute(params![
            id,
            title,
            summary,
            body,
            contact.map(|member| member.id.as_str()),
            stage,
            (stage != "idea").then(|| started.format("%Y-%m-%d").to_string()),
            evaluation,
            reference.installation_id,
            timestamp(started),
            // Every fourth example is open, the rest shared inside the network (by position, so the
            // random draws, and with them every other value, stay as they were).
            if index % 4 == 0 { "open" } else { "network" },
        ])?;
        municipality_rows += insert_municipality.execute(params![id, home_code])?;
        for _ in 0..rng.below(3) {
            municipality_rows += insert_municipality.execute(params![id, rng.pick(&reference.municipalities).0])?;
        }
        for _ in 0..1 + rng.below(3) {
            theme_rows += insert_theme.execute(params![id, rng.pick(&reference.theme_ids)])?;
        }
        example_ids.push(id);
    }
    Ok((municipality_rows, theme_rows))
}

/// Attendance of held meetings and the examples presented at them; returns (presentations, attendance rows).
fn insert_meeting_activity(
    tx: &Transaction,
    rng: &mut DemoRng,
    meetings: &[DemoMeeting],
    members: &[DemoMember],
    example_ids: &[String],
) -> Result<(usize, usize)> {
    let mut insert_attendance = tx.prepare(
        "INSERT OR IGNORE INTO attendance (meeting_id, member_id, status, updated_at) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut insert_presentation = tx.prepare(
        "INSERT INTO presentations (id, meeting_id, example_id, member_id, municipality_code, note, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
    )?;
    let active: Vec<&DemoMember> = members.iter().filter(|member| member.active).collect();
    let held_before = NaiveDate::from_ymd_opt(2024, 6, 1).unwrap_or_default();
    let (mut presentations, mut attendance) = (0, 0);
    for meeting in meetings.iter().filter(|m| !m.cancelled && m.date < held_before) {
        let at = timestamp(meeting.date + Duration::days(1));
        if !active.is_empty() {
            for _ in 0..8 + rng.below(40) {
                let member = active[rng.below(active.len())];
                let status = rng.phrase(&["present", "present", "present", "present", "absent", "excused"]);
                attendance += insert_attendance.execute(params![meeting.id, member.id, status, at])?;
            }
        }
        if !example_ids.is_empty() && !members.is_empty() {
            for _ in 0..rng.below(4) {
                let presenter = &members[rng.below(members.len())];
                insert_presentation.execute(params![
                    rng.uuid(),
                    meeting.id,
                    example_ids[rng.below(example_ids.len())],
                    presenter.id,
                    presenter.municipality_code,
                    rng.phrase(&PRESENTATION_NOTES),
                    at,
                ])?;
                presentations += 1;
            }
        }
    }
    Ok((presentations, attendance))
}

fn date_between(rng: &mut DemoRng, from: (i32, u32, u32), to: (i32, u32, u32)) -> NaiveDate {
    let start = NaiveDate::from_ymd_opt(from.0, from.1, from.2).unwrap_or_default();
    let end = NaiveDate::from_ymd_opt(to.0, to.1, to.2).unwrap_or_default();
    let span = (end - start).num_days().max(1) as usize;
    start + Duration::days(rng.below(span) as i64)
}

/// A member list as a municipality would send it: `count` rows of semicolon-separated UTF-8 CSV with
/// Swedish headers (Förnamn, Efternamn, Titel, Kommun, E-post, Telefon, FSS-medlem, Medlemskap
/// kontrollerat), every row an FSS member from one of the seeded municipalities with a unique
/// address. For the CSV import benchmark and for trying the import on a realistic file.
pub fn members_csv(conn: &Connection, count: usize, seed: u64) -> Result<Vec<u8>> {
    let reference = ReferenceData::load(conn)?;
    let mut rng = DemoRng::new(seed);
    let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
    let csv_error = |error: csv::Error| Error::invalid("csv", format!("CSV-filen kunde inte skrivas: {error}"));
    writer
        .write_record([
            "Förnamn",
            "Efternamn",
            "Titel",
            "Kommun",
            "E-post",
            "Telefon",
            "FSS-medlem",
            "Medlemskap kontrollerat",
        ])
        .map_err(csv_error)?;
    for index in 0..count {
        let first = rng.phrase(&FIRST_NAMES);
        let last = rng.phrase(&LAST_NAMES);
        let (_, municipality) = rng.pick(&reference.municipalities);
        let email = format!("{}.{}.csv{index}@{}.se", mail_part(first), mail_part(last), mail_part(municipality));
        let phone =
            format!("0{}-{} {} {}", 10 + rng.below(89), 100 + rng.below(900), 10 + rng.below(90), 10 + rng.below(90));
        let verified = date_between(&mut rng, (2023, 1, 1), (2024, 6, 30)).format("%Y-%m-%d").to_string();
        let title = rng.phrase(&TITLES);
        writer
            .write_record([first, last, title, municipality.as_str(), &email, &phone, "Ja", &verified])
            .map_err(csv_error)?;
    }
    writer.into_inner().map_err(|error| Error::invalid("csv", format!("CSV-filen kunde inte skrivas: {error}")))
}

/// A deterministic `created_at` for a generated row: 09.00 UTC on its day.
fn timestamp(date: NaiveDate) -> String {
    format!("{}T09:00:00.000Z", date.format("%Y-%m-%d"))
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A name as the local part or domain of an e-mail address: lower case ASCII, å/ä → a, ö → o.
fn mail_part(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c.to_lowercase().next().unwrap_or(c) {
            'å' | 'ä' | 'á' | 'à' => Some('a'),
            'ö' | 'ø' => Some('o'),
            'é' | 'è' => Some('e'),
            'ü' => Some('u'),
            c if c.is_ascii_alphanumeric() => Some(c),
            ' ' | '-' => Some('-'),
            _ => None,
        })
        .collect()
}

/// xoshiro256** seeded through splitmix64: small, fast, and the same sequence on every platform.
/// Not for anything secret; only for reproducible demo data.
pub struct DemoRng {
    state: [u64; 4],
}

impl DemoRng {
    pub fn new(seed: u64) -> Self {
        let mut x = seed;
        let mut next = || {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        DemoRng { state: [next(), next(), next(), next()] }
    }

    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.state;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// A number in `0..bound` (`bound` > 0); the tiny modulo bias does not matter for demo data.
    pub fn below(&mut self, bound: usize) -> usize {
        (self.next_u64() % bound.max(1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// One of a list of phrases.
    pub fn phrase(&mut self, phrases: &[&'static str]) -> &'static str {
        phrases[self.below(phrases.len())]
    }

    /// A UUID (version 4 layout) drawn from this generator, so generated ids repeat with the seed.
    pub fn uuid(&mut self) -> String {
        let bytes = (u128::from(self.next_u64()) << 64 | u128::from(self.next_u64())).to_be_bytes();
        uuid::Builder::from_random_bytes(bytes).into_uuid().hyphenated().to_string()
    }
}

const FIRST_NAMES: [&str; 48] = [
    "Anna", "Eva", "Maria", "Karin", "Sara", "Kristina", "Lena", "Emma", "Ingrid", "Malin", "Åsa", "Linnéa", "Johanna",
    "Sofia", "Elin", "Helena", "Ulrika", "Camilla", "Annika", "Jenny", "Märta", "Ebba", "Agneta", "Birgitta", "Lars",
    "Anders", "Johan", "Per", "Erik", "Karl", "Mikael", "Peter", "Jan", "Thomas", "Daniel", "Fredrik", "Hans",
    "Magnus", "Mattias", "Björn", "Örjan", "Åke", "Göran", "Jonas", "Niklas", "Ali", "Fatima", "Yusuf",
];

const LAST_NAMES: [&str; 48] = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Jansson",
    "Hansson",
    "Bengtsson",
    "Jönsson",
    "Lindberg",
    "Jakobsson",
    "Magnusson",
    "Lindström",
    "Olofsson",
    "Lindqvist",
    "Lindgren",
    "Berg",
    "Axelsson",
    "Bergström",
    "Lundberg",
    "Lind",
    "Lundgren",
    "Lundqvist",
    "Mattsson",
    "Berglund",
    "Fredriksson",
    "Sandberg",
    "Henriksson",
    "Forsberg",
    "Sjöberg",
    "Wallin",
    "Engström",
    "Eklund",
    "Danielsson",
    "Håkansson",
    "Lundin",
    "Björk",
    "Öberg",
    "Åberg",
    "Ström",
    "Hassan",
];

const TITLES: [&str; 12] = [
    "Socialchef",
    "Biträdande socialchef",
    "Verksamhetschef individ- och familjeomsorg",
    "Enhetschef mottagning",
    "Avdelningschef första linjen",
    "Förvaltningschef socialförvaltningen",
    "Sektionschef barn och unga",
    "Utvecklingsledare",
    "Enhetschef öppenvård",
    "Områdeschef vuxen",
    "Socialdirektör",
    "Verksamhetsutvecklare",
];

const THEME_PHRASES: [&str; 12] = [
    "en gemensam väg in",
    "tidiga insatser utan biståndsbeslut",
    "tillit hos invånarna",
    "uppsökande arbete i utsatta områden",
    "samverkan med skola och elevhälsa",
    "digitala kontaktvägar",
    "kunskapsbaserad uppföljning",
    "råd och stöd under pågående utredning",
    "att organisera om mot en första linje",
    "samverkan med regionen och vårdcentralerna",
    "föräldraskapsstöd",
    "ekonomiskt bistånd och arbete",
];

const ACTIVITIES: [&str; 16] = [
    "öppen mottagning för",
    "samtalsstöd utan biståndsbeslut för",
    "gemensam väg in för",
    "uppsökande team för",
    "digital drop-in för",
    "familjecentral med socialrådgivning för",
    "tidiga samordnade insatser för",
    "råd och stöd på fritidsgården för",
    "socialsekreterare på skolan för",
    "gruppverksamhet för",
    "mottagningsteam med förstärkt bedömning för",
    "stödlinje kvällstid för",
    "samverkansteam med polisen för",
    "budget- och skuldrådgivning för",
    "föräldrastöd i grupp för",
    "anhörigstöd för",
];

const TARGET_GROUPS: [&str; 14] = [
    "unga vuxna",
    "barnfamiljer",
    "ensamstående föräldrar",
    "personer med skadligt spelande",
    "ungdomar 13–17 år",
    "nyanlända familjer",
    "äldre med oro för missbruk",
    "personer utan arbete",
    "våldsutsatta",
    "barn som anhöriga",
    "personer i hemlöshet",
    "unga med psykisk ohälsa",
    "föräldrar till tonåringar",
    "invånare i Norra området",
];

const SUMMARY_OPENINGS: [&str; 6] = [
    "Sedan i höstas erbjuder vi",
    "Vi har byggt upp",
    "Tillsammans med regionen startade vi",
    "Som försök under ett år har vi",
    "Efter en kartläggning av behoven införde vi",
    "Med stöd av statsbidrag har vi utvecklat",
];

const RESULT_PHRASES: [&str; 8] = [
    "Fler invånare söker stöd tidigt och färre ärenden går vidare till utredning.",
    "Väntetiden till första kontakt har gått från tre veckor till två dagar.",
    "Medarbetarna upplever att de kan hjälpa fler utan onödig byråkrati.",
    "Samarbetet med skolan har blivit tätare och orosanmälningarna mer träffsäkra.",
    "Invånarna ger högre betyg på bemötandet i vår brukarenkät.",
    "Kostnaderna för placeringar har minskat något under perioden.",
    "Vi når grupper som tidigare inte hittade till socialtjänsten.",
    "Arbetet är ännu i början men intresset är stort.",
];

const BODY_SENTENCES: [&str; 14] = [
    "Bakgrunden var att många hörde av sig först när problemen redan hade vuxit sig stora.",
    "Vi samlade mottagning, råd och stöd i ett team med gemensam ledning.",
    "Invånare kan ringa, chatta eller komma förbi utan att boka tid.",
    "Insatsen ges utan individuell behovsprövning enligt 4 kap. 1 a § socialtjänstlagen.",
    "Medarbetarna fick utbildning i motiverande samtal och strukturerade bedömningar.",
    "Vi följer upp varje kontakt med ett kort formulär om vad personen fick hjälp med.",
    "Skolans elevhälsa och vårdcentralen hänvisar direkt till oss.",
    "Under utredningstiden kan familjen redan få stöd av en familjebehandlare.",
    "Lokalen ligger i köpcentrumet, där människor ändå rör sig.",
    "Chefer och fackliga företrädare var med från början i planeringen.",
    "Vi använder Socialstyrelsens kunskapsstöd för att välja metoder.",
    "Tolkar finns att tillgå på arabiska, somaliska, dari och tigrinja.",
    "Verksamheten finansieras inom ordinarie budget efter ett första projektår.",
    "Politikerna i socialnämnden får en återrapport varje halvår.",
];

const LESSON_PHRASES: [&str; 8] = [
    "Vårt tips är att börja litet och låta medarbetarna forma arbetssättet.",
    "Det viktigaste var att ha tydliga gränser mot myndighetsutövningen.",
    "Dokumentationen behövde förenklas innan det fungerade i vardagen.",
    "Vi hade gärna tagit med brukarrådet tidigare.",
    "Lokala samarbetspartner behöver få information många gånger.",
    "Uppföljningen måste planeras innan starten, inte efteråt.",
    "Chefernas stöd under första halvåret avgjorde mycket.",
    "Kontakta oss gärna om ni vill studiebesöka.",
];

const EVALUATIONS: [&str; 5] = [
    "Utvärderad av FoU-enheten: positiva effekter på tillgänglighet, oklart om långsiktiga effekter.",
    "Intern uppföljning efter ett år: 70 procent av besökarna fick hjälp utan vidare utredning.",
    "Brukarenkät och intervjuer med medarbetare visar hög nöjdhet.",
    "Extern utvärdering av högskolan pågår; delrapporten är positiv.",
    "Jämförelse med grannkommunen visar färre placeringar av ungdomar.",
];

const CANCEL_REASONS: [&str; 4] = ["pga förhinder", "pga sjukdom", "krockar med nationell konferens", "för få anmälda"];

const PRESENTATION_NOTES: [&str; 5] = [
    "Presenterade erfarenheterna från första året.",
    "Visade hur mottagningen är organiserad.",
    "Berättade om uppföljningen och vad den visat.",
    "Kort lägesrapport och frågor från nätverket.",
    "",
];
