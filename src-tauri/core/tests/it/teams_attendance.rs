//! Attendance from Teams' attendance reports: every layout read, people matched to members, the host's entries kept, bad files refused.
//!
//! The reports are in `tests/fixtures/teams/` (written by `make_fixtures.py` there, which says what
//! each imitates); they are of the seeded meeting of 24 January 2024.

use std::path::PathBuf;

use natverk_core::meetings;
use natverk_core::meetings::attendance::{AttendanceEntry, AttendanceStatus};
use natverk_core::meetings::teams_attendance::{self, ExcusedChoice, MatchedBy, PlannedChange, UnmatchedReason};
use natverk_core::meetings::teams_report::{self, ReportLayout, TeamsReport};
use natverk_core::Database;

use crate::support::{natverk, snapshot, TempDatabase};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/teams").join(name)
}

/// The Teams reports of the 24 January meeting, as Teams and Excel write them.
const REPORTS: [&str; 5] = [
    "meetingAttendanceList-2020-en.csv",
    "attendance-report-2021-en.csv",
    "attendance-report-2023-en.csv",
    "narvarorapport-2024-sv.csv",
    "attendance-report-excel-utf8.csv",
];

fn report(name: &str) -> TeamsReport {
    teams_report::read_file(&fixture(name)).unwrap_or_else(|error| panic!("{name}: {error}"))
}

fn add_member(db: &Database, id: &str, name: &str, email: &str, municipality: &str) {
    db.conn()
        .execute(
            "INSERT INTO members (id, name, municipality_code, email, fss_member, network_role, status, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, 1, 'member', 'active', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z')",
            (id, name, municipality, email),
        )
        .unwrap();
}

/// The network of the fixtures: the organizer, Anna, Björn (whose Teams account is a guest one),
/// two members named Karin Nilsson, and Eva, who has said she could not come.
fn network() -> Database {
    let db = Database::open_in_memory().unwrap();
    add_member(&db, "maria", "Maria Värd", "maria.vard@falun.se", "2080");
    add_member(&db, "anna", "Anna Lindqvist", "anna.lindqvist@falun.se", "2080");
    add_member(&db, "bjorn", "Björn Åberg", "bjorn.aberg@kiruna.se", "2584");
    add_member(&db, "karin-ale", "Karin Nilsson", "karin.nilsson@ale.se", "1440");
    add_member(&db, "karin-kiruna", "Karin Nilsson", "karin.nilsson@kiruna.se", "2584");
    add_member(&db, "eva", "Eva Ström", "eva.strom@ale.se", "1440");
    add_member(&db, "olle", "Olle Holm", "olle.holm@ale.se", "1440");
    db
}

fn meeting_on(db: &Database, date: &str) -> String {
    meetings::list(db.conn()).unwrap().into_iter().find(|m| m.date.to_string() == date).unwrap().id
}

fn record(db: &mut Database, meeting: &str, member: &str, status: &str) {
    let entry = AttendanceEntry { member_id: member.into(), status: Some(status.into()) };
    db.write(|tx| meetings::attendance::record(tx, meeting, &[entry])).unwrap();
}

fn status_of(db: &Database, meeting: &str, member: &str) -> Option<AttendanceStatus> {
    meetings::detail(db.conn(), meeting)
        .unwrap()
        .attendance
        .into_iter()
        .find(|row| row.member_id == member)
        .and_then(|row| row.status)
}

#[test]
fn every_layout_gives_the_same_six_people_with_re_joins_merged() {
    for name in REPORTS {
        let report = report(name);
        let names: Vec<&str> = report.participants.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names.len(), 6, "{name}: six people, re-joins merged: {names:?}");
        let anna = report.participants.iter().find(|p| p.name == "Anna Lindqvist").unwrap();
        assert_eq!(anna.duration_seconds, Some(42 * 60 + 52), "{name}: Anna's two stays add up to 42 min 52 s");
        assert_eq!(report.meeting_date.map(|d| d.to_string()).as_deref(), Some("2024-01-24"), "{name}");
    }
    let older = report("meetingAttendanceList-2020-en.csv");
    assert_eq!((older.layout, older.encoding, older.separator), (ReportLayout::JoinLeaveLog, "UTF-16 LE", "tab"));
    let anna = older.participants.iter().find(|p| p.name == "Anna Lindqvist").unwrap();
    assert_eq!((anna.joins, anna.email.as_str()), (2, ""), "the 2020 list has join events and no addresses");
    let per = older.participants.iter().find(|p| p.name == "Per Extern").unwrap();
    assert_eq!(per.duration_seconds, Some(27 * 60 + 16));

    let in_between = report("attendance-report-2021-en.csv");
    assert_eq!(in_between.layout, ReportLayout::Sections);
    assert_eq!(in_between.participants.iter().find(|p| p.name == "Anna Lindqvist").unwrap().joins, 2);

    let newer = report("attendance-report-2023-en.csv");
    assert_eq!(newer.layout, ReportLayout::Sections);
    assert_eq!(newer.meeting_title, "Första linjens socialtjänst – januari");
    assert_eq!(newer.meeting_start, "1/24/24, 2:55:02 PM");
    let eva = newer.participants.iter().find(|p| p.name == "Eva Ström").unwrap();
    assert_eq!(eva.email, "eva.strom@ale.se", "no e-mail in the report, so the UPN stands in");
    let maria = newer.participants.iter().find(|p| p.name == "Maria Värd").unwrap();
    assert_eq!(maria.role, "Organizer");

    let swedish = report("narvarorapport-2024-sv.csv");
    assert_eq!((swedish.layout, swedish.meeting_start.as_str()), (ReportLayout::Sections, "2024-01-24 14:55:02"));
    assert_eq!(swedish.participants.iter().find(|p| p.name == "Maria Värd").unwrap().role, "Organisatör");
    assert!(swedish.participants.iter().any(|p| p.name == "Karin Nilsson (Gäst)"), "spaces collapsed, name kept");

    let excel = report("attendance-report-excel-utf8.csv");
    assert_eq!((excel.encoding, excel.separator), ("UTF-8 med BOM", ","));
    assert_eq!(excel.meeting_start, "1/24/24, 2:55:02 PM", "the quoted comma stays inside the cell");
}

#[test]
fn members_are_matched_by_e_mail_then_by_a_name_only_one_member_has() {
    let db = network();
    let january = meeting_on(&db, "2024-01-24");
    for name in REPORTS.iter().chain(["egen-lista.csv"].iter()) {
        let preview = teams_attendance::preview(db.conn(), &january, &report(name)).unwrap();
        let matched: Vec<(&str, MatchedBy)> =
            preview.matched.iter().map(|m| (m.member_id.as_str(), m.matched_by)).collect();
        let by_address = if *name == "meetingAttendanceList-2020-en.csv" { MatchedBy::Name } else { MatchedBy::Email };
        assert_eq!(
            matched,
            [("anna", by_address), ("bjorn", MatchedBy::Name), ("eva", by_address), ("maria", by_address)],
            "{name}: in name order; Björn's guest account is found by his name"
        );
        let unmatched: Vec<(&str, UnmatchedReason)> =
            preview.unmatched.iter().map(|u| (u.name.as_str(), u.reason)).collect();
        assert_eq!(unmatched.len(), 2, "{name}: {unmatched:?}");
        assert_eq!(unmatched[0].1, UnmatchedReason::AmbiguousName, "{name}: two members are named Karin Nilsson");
        assert!(unmatched[0].0.starts_with("Karin"), "{name}");
        assert_eq!(unmatched[1], ("Per Extern", UnmatchedReason::NoMember), "{name}");
        assert!(preview.warnings.is_empty(), "{name}: {:?}", preview.warnings);
    }
}

#[test]
fn applying_makes_the_matched_members_present_and_stores_nobody_else() {
    let mut db = network();
    let january = meeting_on(&db, "2024-01-24");
    let report = report("attendance-report-2023-en.csv");
    let applied = db.write(|tx| teams_attendance::apply(tx, &january, &report, ExcusedChoice::KeepAll, None)).unwrap();
    assert!(applied.applied);
    assert_eq!(applied.recorded, 4, "Anna, Björn, Eva and Maria");
    for member in ["anna", "bjorn", "eva", "maria"] {
        assert_eq!(status_of(&db, &january, member), Some(AttendanceStatus::Present), "{member}");
    }
    for member in ["karin-ale", "karin-kiruna", "olle"] {
        assert_eq!(status_of(&db, &january, member), None, "{member}: not guessed, not marked absent");
    }
    let stored: i64 = db.conn().query_row("SELECT count(*) FROM attendance", [], |row| row.get(0)).unwrap();
    assert_eq!(stored, 4, "nothing is stored for people who are not members");

    // The same report again changes nothing.
    let before = snapshot(&db);
    let again = db.write(|tx| teams_attendance::apply(tx, &january, &report, ExcusedChoice::KeepAll, None)).unwrap();
    assert_eq!((again.recorded, again.already_present), (0, 4));
    assert_eq!(snapshot(&db), before);
}

#[test]
fn a_preview_writes_nothing() {
    let db = network();
    let january = meeting_on(&db, "2024-01-24");
    let before = snapshot(&db);
    let preview = teams_attendance::preview(db.conn(), &january, &report("narvarorapport-2024-sv.csv")).unwrap();
    assert_eq!((preview.to_set_present, preview.applied, preview.recorded), (4, false, 0));
    assert_eq!(snapshot(&db), before);
}

#[test]
fn what_the_host_recorded_by_hand_stays_in_view_and_anmält_förhinder_changes_only_when_chosen() {
    let mut db = network();
    let january = meeting_on(&db, "2024-01-24");
    record(&mut db, &january, "eva", "excused");
    record(&mut db, &january, "anna", "absent");
    record(&mut db, &january, "maria", "present");
    record(&mut db, &january, "olle", "excused");
    let report = report("narvarorapport-2024-sv.csv");

    let preview = teams_attendance::preview(db.conn(), &january, &report).unwrap();
    let line = |id: &str| preview.matched.iter().find(|m| m.member_id == id).unwrap();
    assert_eq!(
        (line("eva").current_status, line("eva").change),
        (Some(AttendanceStatus::Excused), PlannedChange::Review)
    );
    assert_eq!(
        (line("anna").current_status, line("anna").change),
        (Some(AttendanceStatus::Absent), PlannedChange::SetPresent)
    );
    assert_eq!(line("maria").change, PlannedChange::AlreadyPresent);
    assert_eq!((preview.to_set_present, preview.already_present, preview.for_review), (2, 1, 1));
    let not_in_report: Vec<(&str, AttendanceStatus)> =
        preview.not_in_report.iter().map(|m| (m.member_id.as_str(), m.status)).collect();
    assert_eq!(not_in_report, [("olle", AttendanceStatus::Excused)], "Olle's entry is shown and left alone");

    db.write(|tx| teams_attendance::apply(tx, &january, &report, ExcusedChoice::KeepAll, Some(&preview.token)))
        .unwrap();
    assert_eq!(status_of(&db, &january, "eva"), Some(AttendanceStatus::Excused), "not overwritten unasked");
    assert_eq!(status_of(&db, &january, "anna"), Some(AttendanceStatus::Present));
    assert_eq!(status_of(&db, &january, "olle"), Some(AttendanceStatus::Excused));

    let chosen = ["eva".to_string()];
    let applied =
        db.write(|tx| teams_attendance::apply(tx, &january, &report, ExcusedChoice::Change(&chosen), None)).unwrap();
    assert_eq!(applied.recorded, 1);
    assert_eq!(status_of(&db, &january, "eva"), Some(AttendanceStatus::Present), "the host ticked Eva");
    assert_eq!(status_of(&db, &january, "olle"), Some(AttendanceStatus::Excused), "Olle is not in the report");
}

#[test]
fn a_plan_that_changed_since_the_preview_is_refused() {
    let mut db = network();
    let january = meeting_on(&db, "2024-01-24");
    let report = report("attendance-report-2023-en.csv");
    let preview = teams_attendance::preview(db.conn(), &january, &report).unwrap();
    record(&mut db, &january, "anna", "excused");
    let before = snapshot(&db);
    let error = db
        .write(|tx| teams_attendance::apply(tx, &january, &report, ExcusedChoice::KeepAll, Some(&preview.token)))
        .unwrap_err();
    assert!(error.to_string().contains("Förhandsgranska rapporten igen"), "{error}");
    assert_eq!(snapshot(&db), before);
}

#[test]
fn a_cancelled_or_missing_meeting_is_refused_in_swedish() {
    let mut db = network();
    let report = report("attendance-report-2023-en.csv");
    let cancelled = meetings::list(db.conn())
        .unwrap()
        .into_iter()
        .find(|m| m.status == meetings::MeetingStatus::Cancelled)
        .unwrap()
        .id;
    let before = snapshot(&db);
    let error = teams_attendance::preview(db.conn(), &cancelled, &report).unwrap_err();
    assert!(error.to_string().contains("Träffen är inställd"), "{error}");
    let error =
        db.write(|tx| teams_attendance::apply(tx, &cancelled, &report, ExcusedChoice::ChangeAll, None)).unwrap_err();
    assert!(error.to_string().contains("Träffen är inställd"), "{error}");
    let error = teams_attendance::preview(db.conn(), "finns-inte", &report).unwrap_err();
    assert_eq!(error.kind(), "not_found");
    assert!(error.to_string().contains("finns inte"), "{error}");
    assert_eq!(snapshot(&db), before);
}

#[test]
fn a_report_from_another_day_is_flagged_before_applying() {
    let db = network();
    let march = meeting_on(&db, "2024-03-26");
    let preview = teams_attendance::preview(db.conn(), &march, &report("narvarorapport-2024-sv.csv")).unwrap();
    assert_eq!(preview.warnings.len(), 1, "{:?}", preview.warnings);
    assert!(preview.warnings[0].contains("2024-01-24") && preview.warnings[0].contains("2024-03-26"));
}

fn refused(bytes: &[u8]) -> String {
    let error = teams_report::read(bytes).expect_err("refused");
    assert_eq!(error.field(), Some("file"), "{error}");
    error.to_string()
}

fn utf16le(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

#[test]
fn files_that_are_not_reports_are_refused_with_a_reason() {
    let junk: Vec<u8> = (0..100_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    assert!(refused(&junk).contains("inte en textfil"), "binary junk");
    assert!(refused(b"PK\x03\x04\x14\x00\x06\x00").contains("Excel-arbetsbok"), "the report saved as .xlsx");
    assert!(refused(b"").contains("Hittar ingen deltagarlista"));
    assert!(refused(b"\xFF\xFE").contains("Hittar ingen deltagarlista"), "a lone UTF-16 BOM");
    assert!(refused(b"\xEF\xBB\xBF").contains("Hittar ingen deltagarlista"), "a lone UTF-8 BOM");
    let mut odd = utf16le("Name\tEmail\r\nAnna\tanna@falun.se\r\n");
    odd.push(b'A');
    assert!(refused(&odd).contains("trasig"), "half a UTF-16 character at the end");
    assert!(refused("Namn;E-post\n".as_bytes()).contains("inga deltagare"));
    assert!(refused(b"just prose\nwith no columns").contains("Hittar ingen deltagarlista"));

    let big = vec![b'a'; teams_report::MAX_FILE_BYTES + 1];
    assert!(refused(&big).contains("större än 5 MB"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stor.csv");
    std::fs::write(&path, vec![b'x'; 6 * 1024 * 1024]).unwrap();
    let error = teams_report::read_file(&path).unwrap_err();
    assert!(error.to_string().contains("större än 5 MB"), "{error}");
}

#[test]
fn oversized_content_is_refused_within_the_caps() {
    let huge_field = format!("Namn;E-post\n{};anna@falun.se\n", "A".repeat(1_000_000));
    assert!(refused(huge_field.as_bytes()).contains("mer än 1"), "a name of a million letters");

    let mut many_rows = String::from("Namn;E-post\n");
    for i in 0..100_000 {
        many_rows.push_str(&format!("P{i};\n"));
    }
    assert!(refused(many_rows.as_bytes()).contains("fler än 50"), "100,000 rows");

    let mut many_people = String::from("Namn;E-post\n");
    for i in 0..=teams_report::MAX_PARTICIPANTS {
        many_people.push_str(&format!("Person {i};p{i}@example.se\n"));
    }
    assert!(refused(many_people.as_bytes()).contains("fler än 5"), "more people than any meeting has");

    // The same person's rows merge, so a long activity log of few people is fine.
    let mut rejoins = String::from("Name,Join Time,Leave Time,Duration,Email\n");
    for _ in 0..10_000 {
        rejoins.push_str("Anna Lindqvist,,,1m,anna@falun.se\n");
    }
    let report = teams_report::read(rejoins.as_bytes()).unwrap();
    assert_eq!(report.participants.len(), 1);
    assert_eq!((report.participants[0].joins, report.participants[0].duration_seconds), (10_000, Some(600_000)));
}

#[test]
fn utf16_in_either_byte_order_with_or_without_a_bom_is_read() {
    let text = "Namn\tE-post\r\nÅsa Öberg\tasa.oberg@ale.se\r\n";
    let little: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let big: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let big_with_bom: Vec<u8> = [0xFE, 0xFF].into_iter().chain(big.iter().copied()).collect();
    for (bytes, encoding) in
        [(little, "UTF-16 LE"), (big, "UTF-16 BE"), (big_with_bom, "UTF-16 BE"), (utf16le(text), "UTF-16 LE")]
    {
        let report = teams_report::read(&bytes).unwrap();
        assert_eq!(report.encoding, encoding);
        assert_eq!(report.participants[0].name, "Åsa Öberg");
        assert_eq!(report.participants[0].email, "asa.oberg@ale.se");
    }
    let windows_1252 = b"Namn;E-post\n\xC5sa \xD6berg;asa.oberg@ale.se\n";
    let report = teams_report::read(windows_1252).unwrap();
    assert_eq!((report.encoding, report.participants[0].name.as_str()), ("Windows-1252", "Åsa Öberg"));
}

#[test]
fn the_cli_previews_in_swedish_and_applies_with_json() {
    let database = TempDatabase::new();
    let january = {
        let db = database.open();
        add_member(&db, "maria", "Maria Värd", "maria.vard@falun.se", "2080");
        add_member(&db, "eva", "Eva Ström", "eva.strom@ale.se", "1440");
        meeting_on(&db, "2024-01-24")
    };
    let file = fixture("narvarorapport-2024-sv.csv");
    let file = file.to_str().unwrap();
    let dry = natverk(&database, &["attendance", "teams", &january, file, "--dry-run"]);
    let text = String::from_utf8(dry.stdout).unwrap();
    assert!(dry.status.success(), "{}", String::from_utf8_lossy(&dry.stderr));
    assert!(text.contains("Maria Värd – blir närvarande"), "{text}");
    assert!(text.contains("Per Extern <per.extern@konsult.se> – ingen medlem"), "{text}");
    assert!(text.contains("Inget har ändrats (--dry-run)"), "{text}");
    assert_eq!(status_of(&database.open(), &january, "maria"), None, "the dry run wrote nothing");

    let done = natverk(&database, &["attendance", "teams", &january, file, "--json"]);
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    let json: serde_json::Value = serde_json::from_slice(&done.stdout).unwrap();
    assert_eq!((json["applied"].as_bool(), json["recorded"].as_u64()), (Some(true), Some(2)));
    assert_eq!(json["matched"][0]["matched_by"], "email");
    assert_eq!(status_of(&database.open(), &january, "eva"), Some(AttendanceStatus::Present));

    let missing = natverk(&database, &["attendance", "teams", "finns-inte", file]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("finns inte"));
}

/// Checks what the reader promises of any input it accepts.
fn within_caps(report: &TeamsReport) {
    assert!(report.participants.len() <= teams_report::MAX_PARTICIPANTS);
    assert!(report.participants.iter().all(|p| p.joins >= 1 && (!p.name.is_empty() || !p.email.is_empty())));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 200, failure_persistence: None, ..Default::default() })]

    /// Every fixture with bytes flipped, cut short or spliced in is read or refused, never a panic.
    #[test]
    fn damaged_reports_are_read_or_refused_without_panicking(
        which in 0..REPORTS.len(),
        cut in proptest::prelude::any::<proptest::sample::Index>(),
        flips in proptest::collection::vec((proptest::prelude::any::<proptest::sample::Index>(), proptest::prelude::any::<u8>()), 0..8),
        spliced in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64),
    ) {
        let mut bytes = std::fs::read(fixture(REPORTS[which])).unwrap();
        for (at, byte) in flips {
            let at = at.index(bytes.len());
            bytes[at] = byte;
        }
        let at = cut.index(bytes.len());
        bytes.splice(at..at, spliced);
        if let Ok(report) = teams_report::read(&bytes) {
            within_caps(&report);
        }
        bytes.truncate(at);
        if let Ok(report) = teams_report::read(&bytes) {
            within_caps(&report);
        }
    }
}

#[test]
fn the_older_list_from_a_swedish_teams_is_read_too() {
    let text = "Fullständigt namn\tAnvändaråtgärd\tTidsstämpel\r\n\
                Åsa Öberg\tAnslöt före\t2021-01-27 14:58:00\r\n\
                Åsa Öberg\tLämnade\t2021-01-27 15:10:00\r\n\
                Åsa Öberg\tAnslöt\t2021-01-27 15:20:00\r\n\
                Åsa Öberg\tLämnade\t2021-01-27 15:45:00\r\n";
    let report = teams_report::read(&utf16le(text)).unwrap();
    assert_eq!(report.layout, ReportLayout::JoinLeaveLog);
    let asa = &report.participants[0];
    assert_eq!((asa.name.as_str(), asa.joins, asa.duration_seconds), ("Åsa Öberg", 2, Some(37 * 60)));
    assert_eq!(report.meeting_date.map(|d| d.to_string()).as_deref(), Some("2021-01-27"));
}
