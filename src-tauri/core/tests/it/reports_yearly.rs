//! The yearly report (verksamhetsberättelse) as a host hands it to the board: the seeded 2024 meetings, attendance per meeting, municipality and region, and what else the network did.

use std::process::Command;

use chrono::NaiveDate;
use natverk_core::examples::{self, themes, ExampleInput};
use natverk_core::medskick::{self, MedskickInput, StatusChange};
use natverk_core::meetings::attendance::{self, AttendanceEntry};
use natverk_core::members::{self, MemberInput};
use natverk_core::proposals::{self, ProposalInput};
use natverk_core::reports::yearly::{self, ReportFormat, ReportPeriod};
use natverk_core::Database;

use crate::support::TempDatabase;

fn year_2024() -> ReportPeriod {
    ReportPeriod { from: "2024-01-01".into(), to: "2024-12-31".into() }
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 4, 30).unwrap()
}

fn member(db: &mut Database, name: &str, email: &str, municipality: &str, joined_on: &str) -> String {
    let input = MemberInput {
        name: name.into(),
        email: email.into(),
        municipality_code: municipality.into(),
        status: "active".into(),
        fss_member: true,
        fss_verified_on: "2024-01-01".into(),
        joined_on: joined_on.into(),
        ..Default::default()
    };
    db.write(|tx| members::create(tx, &input)).unwrap().id
}

fn attend(db: &mut Database, meeting_id: &str, entries: &[(&str, &str)]) {
    let entries: Vec<AttendanceEntry> = entries
        .iter()
        .map(|(member_id, status)| AttendanceEntry {
            member_id: member_id.to_string(),
            status: Some(status.to_string()),
        })
        .collect();
    db.write(|tx| attendance::record(tx, meeting_id, &entries)).unwrap();
}

#[test]
fn the_seeded_2024_report_has_five_meetings_one_cancelled_with_attendance_for_each() {
    let fixture = TempDatabase::new();
    let db = fixture.open();
    let report = yearly::report(db.conn(), &year_2024(), NaiveDate::from_ymd_opt(2025, 1, 15).unwrap()).unwrap();
    assert_eq!(report.meetings.len(), 5);
    assert_eq!((report.meetings_held, report.meetings_cancelled, report.meetings_planned), (4, 1, 0));
    let cancelled = report.meetings.iter().find(|m| m.outcome == "inställd").unwrap();
    assert_eq!((cancelled.date.as_str(), cancelled.cancel_reason.as_str()), ("2024-02-29", "pga förhinder"));
    let markdown = yearly::to_markdown(&report);
    assert_eq!(
        markdown.matches("genomförd: ingen närvaro registrerad").count(),
        4,
        "each held meeting says its attendance, here that none was registered: {markdown}"
    );
    assert!(
        markdown.contains("torsdag 29 februari 2024") && markdown.contains("inställd (pga förhinder)"),
        "{markdown}"
    );
    assert!(
        markdown.contains("Verksamhetsberättelse för Första linjens socialtjänst, 1 januari 2024 – 31 december 2024")
    );
}

#[test]
fn attendance_is_counted_per_meeting_municipality_and_region_and_the_rest_of_the_year_is_summed_up() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let meetings = natverk_core::meetings::list(db.conn()).unwrap();
    let (january, march) = (&meetings[0].id, &meetings[2].id);
    let are = member(&mut db, "Anna Åre", "anna@are.se", "2321", "2024-01-10");
    let ostersund = member(&mut db, "Olle Östersund", "olle@ostersund.se", "2380", "2023-05-01");
    let umea = member(&mut db, "Ulla Umeå", "ulla@umea.se", "2480", "2024-03-01");
    attend(&mut db, january, &[(&are, "present"), (&ostersund, "present"), (&umea, "excused")]);
    attend(&mut db, march, &[(&are, "present"), (&umea, "present"), (&ostersund, "absent")]);

    let theme = themes::find(db.conn(), "Enklare ingångar till stöd").unwrap().id;
    let example = ExampleInput {
        title: "Gemensam väg in".into(),
        municipality_codes: vec!["2321".into()],
        theme_ids: vec![theme],
        stage: "införd".into(),
        ..Default::default()
    };
    db.write(|tx| examples::create(tx, &example)).unwrap();
    let raised = db
        .write(|tx| medskick::create(tx, &MedskickInput { title: "Väntetider".into(), ..Default::default() }))
        .unwrap();
    db.write(|tx| {
        medskick::change_status(tx, &raised.id, &StatusChange { status: "framförd".into(), ..Default::default() })
    })
    .unwrap();
    db.write(|tx| {
        proposals::create(
            tx,
            &ProposalInput { title: "Ny lag".into(), reference: "prop. 1".into(), ..Default::default() },
        )
    })
    .unwrap();

    // Records made today count in today's year; the meetings and joining dates are in 2024.
    let this_year = natverk_core::sweden::time::today_in_sweden();
    let now = ReportPeriod { from: "2024-01-01".into(), to: this_year.format("%Y-12-31").to_string() };
    let report = yearly::report(db.conn(), &now, today()).unwrap();
    assert_eq!(
        (report.meetings_held, report.meetings_cancelled, report.meetings_planned),
        (3, 1, 1),
        "May is after today"
    );
    assert_eq!(report.attendances, 4, "present at held meetings");
    assert_eq!(report.participants, 3);
    let march_line = report.meetings.iter().find(|m| &m.id == march).unwrap();
    assert_eq!((march_line.present, march_line.absent, march_line.excused), (2, 1, 0));
    let by_municipality: Vec<(&str, i64)> =
        report.attendance_by_municipality.iter().map(|c| (c.label.as_str(), c.count)).collect();
    assert_eq!(by_municipality, [("Åre", 2), ("Umeå", 1), ("Östersund", 1)], "most first, then Swedish order");
    let by_region: Vec<(&str, i64)> = report.attendance_by_region.iter().map(|c| (c.label.as_str(), c.count)).collect();
    assert_eq!(by_region, [("Jämtlands län", 3), ("Västerbottens län", 1)]);
    assert_eq!(report.new_members, 2, "joined in the period; Östersund joined in 2023");
    assert_eq!(report.examples_logged, 1);
    assert_eq!(report.examples_by_stage[0].label, "införd");
    assert_eq!(report.examples_by_theme[0].label, "Enklare ingångar till stöd");
    assert_eq!((report.medskick_raised, report.medskick_by_status[0].label.as_str()), (1, "framförd"));
    assert_eq!(report.proposals_followed[0].title, "Ny lag");

    let only_2024 = yearly::report(db.conn(), &year_2024(), today()).unwrap();
    assert_eq!(only_2024.new_members, 2);
    assert!(
        this_year.format("%Y").to_string() == "2024" || only_2024.medskick_raised == 0,
        "raised today, not in 2024"
    );

    // Logged afterwards for what happened in 2024: a medskick raised at the March meeting, a remiss of 2024.
    let at_march =
        MedskickInput { title: "Tolkning av riktlinjer".into(), meeting_id: march.clone(), ..Default::default() };
    db.write(|tx| medskick::create(tx, &at_march)).unwrap();
    let remiss = ProposalInput {
        title: "Remiss om tidiga insatser".into(),
        remiss_deadline: "2024-09-30".into(),
        status: "avslutad".into(),
        ..Default::default()
    };
    db.write(|tx| proposals::create(tx, &remiss)).unwrap();
    let logged_later = yearly::report(db.conn(), &year_2024(), today()).unwrap();
    assert_eq!(logged_later.medskick_raised, only_2024.medskick_raised + 1, "counted on the meeting's day");
    assert!(
        logged_later.proposals_followed.iter().any(|p| p.title == "Remiss om tidiga insatser"),
        "a proposal with a date in the period was followed then, whenever it was registered"
    );

    let path = fixture.dir.path().join("rapport.csv");
    yearly::report_to_file(db.conn(), &now, ReportFormat::Csv, today(), &path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.contains("Närvaro per kommun;Åre;2\r\n"), "{text}");
    let html = yearly::to_html(&report);
    assert!(html.contains("<th scope=\"row\">Jämtlands län</th><td class=\"n\">3</td>"), "{html}");
    assert!(!html.contains("Anna Åre") && !text.contains("Anna Åre"), "the report names no members");
}

#[test]
fn what_is_logged_just_after_midnight_in_sweden_counts_on_that_swedish_day_not_the_utc_day() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let example = ExampleInput {
        title: "Nattpatrull".into(),
        municipality_codes: vec!["2321".into()],
        stage: "införd".into(),
        ..Default::default()
    };
    let example_id = db.write(|tx| examples::create(tx, &example)).unwrap().id;
    let medskick_input = MedskickInput { title: "Nyårsnatten".into(), ..Default::default() };
    let medskick_id = db.write(|tx| medskick::create(tx, &medskick_input)).unwrap().id;
    let member_id = member(&mut db, "Nils Natt", "nils@are.se", "2321", "");
    // 00:30 on 1 January 2025 in Sweden is 23:30 on 31 December 2024 in UTC.
    let just_after_new_year = "2024-12-31T23:30:00.000Z";
    db.write(|tx| {
        for (table, id) in [("examples", &example_id), ("medskick", &medskick_id), ("members", &member_id)] {
            tx.execute(&format!("UPDATE {table} SET created_at = ?1 WHERE id = ?2"), [just_after_new_year, id])?;
        }
        Ok(())
    })
    .unwrap();
    let year_2025 = ReportPeriod { from: "2025-01-01".into(), to: "2025-12-31".into() };
    let in_2024 = yearly::report(db.conn(), &year_2024(), today()).unwrap();
    let in_2025 = yearly::report(db.conn(), &year_2025, today()).unwrap();
    assert_eq!((in_2024.examples_logged, in_2024.medskick_raised, in_2024.new_members), (0, 0, 0));
    assert_eq!((in_2025.examples_logged, in_2025.medskick_raised, in_2025.new_members), (1, 1, 1));
}

#[test]
fn a_period_with_nothing_in_it_says_so_in_every_format_instead_of_printing_empty_tables() {
    let fixture = TempDatabase::new();
    let db = fixture.open();
    let quiet = ReportPeriod { from: "2019-01-01".into(), to: "2019-12-31".into() };
    let report = yearly::report(db.conn(), &quiet, today()).unwrap();
    let html = yearly::to_html(&report);
    assert!(!html.contains("<table>\n</table>"), "{html}");
    assert!(html.contains("<p>Inga träffar under perioden.</p>"), "{html}");
    let markdown = yearly::to_markdown(&report);
    assert!(markdown.contains("Inga träffar under perioden."), "{markdown}");
}

#[test]
fn a_wrong_period_is_refused_in_swedish() {
    let fixture = TempDatabase::new();
    let db = fixture.open();
    let wrong = |from: &str, to: &str| {
        yearly::report(db.conn(), &ReportPeriod { from: from.into(), to: to.into() }, today()).unwrap_err()
    };
    assert_eq!(wrong("2024-12-31", "2024-01-01").field(), Some("to"));
    assert_eq!(wrong("i år", "2024-01-01").field(), Some("from"));
    assert_eq!(wrong("1900-01-01", "2024-01-01").field(), Some("to"), "at most ten years");
}

#[test]
fn the_command_line_writes_the_2024_report() {
    let fixture = TempDatabase::new();
    drop(fixture.open());
    let file = fixture.dir.path().join("2024.html");
    let output = Command::new(env!("CARGO_BIN_EXE_natverk"))
        .arg("--db")
        .arg(&fixture.path)
        .args(["report", "--from", "2024-01-01", "--to", "2024-12-31", "--format", "html"])
        .arg(&file)
        .env_remove("NATVERK_DB")
        .output()
        .unwrap();
    let said = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(said.contains("Genomförda träffar: 4") && said.contains("Inställda träffar: 1"), "{said}");
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(html.starts_with("<!doctype html>") && html.contains("tisdag 28 maj 2024"), "{html}");
}
