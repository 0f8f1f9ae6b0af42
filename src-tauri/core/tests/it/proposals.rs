//! Bevakning as hosts rely on it: validation, the list by next deadline, the overview that keeps confidential assessments in the network, and the CLI.

use chrono::NaiveDate;
use natverk_core::examples::{self, ExampleInput, ExampleLink};
use natverk_core::medskick::{self, MedskickInput};
use natverk_core::proposals::overview::{self, OverviewSelection};
use natverk_core::proposals::{self, Proposal, ProposalInput, Status};
use natverk_core::Database;

use crate::support::{snapshot, TempDatabase};

fn input(title: &str) -> ProposalInput {
    ProposalInput { title: title.into(), ..Default::default() }
}

fn add(db: &mut Database, input: ProposalInput) -> Proposal {
    db.write(|tx| proposals::create(tx, &input)).expect("the proposal is saved")
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

#[test]
fn bad_input_is_refused_at_its_field_and_nothing_is_written() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let before = snapshot(&db);
    let link = |url: &str| vec![ExampleLink { url: url.into(), label: String::new() }];
    let cases = [
        (input(" "), "title"),
        (ProposalInput { remiss_deadline: "15/1 2027".into(), ..input("T") }, "remiss_deadline"),
        (
            ProposalInput { published_on: "2026-02-01".into(), remiss_deadline: "2026-01-01".into(), ..input("T") },
            "remiss_deadline",
        ),
        (
            ProposalInput { decision_on: "2026-06-01".into(), in_force_on: "2026-01-01".into(), ..input("T") },
            "in_force_on",
        ),
        (ProposalInput { links: link("http://regeringen.se"), ..input("T") }, "links"),
        (ProposalInput { links: link("javascript:alert(1)"), ..input("T") }, "links"),
        (ProposalInput { medskick_ids: vec!["gone".into()], ..input("T") }, "medskick_ids"),
        (ProposalInput { status: "okänd".into(), ..input("T") }, "status"),
        (ProposalInput { assessment_sharing: "alla".into(), ..input("T") }, "assessment_sharing"),
    ];
    for (bad, field) in cases {
        let error = db.write(|tx| proposals::create(tx, &bad)).expect_err("refused");
        assert_eq!(error.field(), Some(field), "{error}");
    }
    assert_eq!(snapshot(&db), before, "nothing was written");
}

#[test]
fn a_remiss_with_a_deadline_ahead_comes_first_and_past_or_closed_ones_last() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let medskick_id = db
        .write(|tx| medskick::create(tx, &MedskickInput { title: "Väntetider".into(), ..Default::default() }))
        .unwrap()
        .id;
    add(&mut db, ProposalInput { decision_on: "2024-06-01".into(), ..input("Redan beslutad lag") });
    add(
        &mut db,
        ProposalInput { in_force_on: "2027-07-01".into(), status: "beslutad".into(), ..input("Ny socialtjänstlag") },
    );
    add(
        &mut db,
        ProposalInput { remiss_deadline: "2026-12-01".into(), status: "avslutad".into(), ..input("Avslutad remiss") },
    );
    let remiss = add(
        &mut db,
        ProposalInput {
            reference: "SOU 2026:12".into(),
            remiss_deadline: "2027-01-15".into(),
            medskick_ids: vec![medskick_id.clone()],
            links: vec![ExampleLink { url: "https://www.regeringen.se/remisser".into(), label: "Remissen".into() }],
            ..input("Förebyggande socialtjänst")
        },
    );
    assert_eq!(remiss.status, Status::Remiss, "a deadline makes it a remiss unless said otherwise");
    assert_eq!(remiss.medskick[0].id, medskick_id);

    let titles: Vec<String> =
        proposals::list(db.conn(), day("2026-12-01")).unwrap().into_iter().map(|p| p.title).collect();
    assert_eq!(titles, ["Förebyggande socialtjänst", "Ny socialtjänstlag", "Redan beslutad lag", "Avslutad remiss"]);
    let first = &proposals::list(db.conn(), day("2026-12-01")).unwrap()[0];
    let next = first.next_date.as_ref().expect("a date ahead");
    assert_eq!((next.date.as_str(), next.what), ("2027-01-15", "Remisstiden går ut"));

    let later: Vec<String> =
        proposals::list(db.conn(), day("2027-02-01")).unwrap().into_iter().map(|p| p.title).collect();
    assert_eq!(later[0], "Ny socialtjänstlag", "once the remiss deadline has passed, the next date ahead leads");

    db.write(|tx| medskick::delete(tx, &medskick_id)).unwrap();
    assert!(proposals::get(db.conn(), &remiss.id).unwrap().medskick.is_empty(), "a deleted medskick is unlinked");
}

#[test]
fn the_overview_keeps_assessments_for_the_network_out_unless_asked_and_then_marks_them() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    add(
        &mut db,
        ProposalInput {
            assessment: "Vi planerar att slå ihop två enheter <b>".into(),
            remiss_deadline: "2030-01-01".into(),
            ..input("Tidigt stöd")
        },
    );
    add(
        &mut db,
        ProposalInput {
            assessment: "Bra för alla".into(),
            assessment_sharing: "öppen".into(),
            ..input("Öppet förslag")
        },
    );
    let today = day("2026-12-01");
    let public = overview::overview(db.conn(), &OverviewSelection::default(), today).unwrap();
    let markdown = overview::to_markdown(&public, today);
    assert!(!markdown.contains("slå ihop"), "{markdown}");
    assert!(
        markdown.contains("Bra för alla") && markdown.contains("1 bedömning inom nätverket är inte med"),
        "{markdown}"
    );

    let all = overview::overview(db.conn(), &OverviewSelection { include_confidential: true }, today).unwrap();
    let html = overview::to_html(&all, today);
    assert!(html.contains("slå ihop") && html.contains(overview::CONFIDENTIAL_MARK), "{html}");
    assert!(html.contains("&lt;b&gt;") && !html.contains("<b>"), "escaped");
    assert_eq!(all.groups[0].status, Status::Watching);
}

#[test]
fn the_command_line_registers_a_remiss_and_lists_it_first() {
    let fixture = TempDatabase::new();
    drop(fixture.open());
    let natverk = |args: &[&str]| {
        let output = crate::support::natverk(&fixture, args);
        (output.status.success(), String::from_utf8(output.stdout).unwrap(), String::from_utf8(output.stderr).unwrap())
    };
    let (ok, _, stderr) = natverk(&["proposals", "add", "--title", "Ny lag", "--reference", "prop. 2024/25:89"]);
    assert!(ok, "{stderr}");
    let (ok, _, stderr) = natverk(&[
        "proposals",
        "add",
        "--title",
        "Remiss om tidigt stöd",
        "--reference",
        "Ds 2099:1",
        "--body",
        "Socialdepartementet",
        "--remiss-deadline",
        "2099-01-15",
        "--summary",
        "S",
    ]);
    assert!(ok, "{stderr}");
    let (_, listed, _) = natverk(&["proposals", "list", "--json"]);
    let listed: serde_json::Value = serde_json::from_str(&listed).unwrap();
    assert_eq!(listed[0]["title"], "Remiss om tidigt stöd");
    assert_eq!(listed[0]["next_date"]["date"], "2099-01-15");
    assert_eq!(listed[0]["status"], "remiss");
    let (ok, _, stderr) = natverk(&["proposals", "add", "--title", "Gammal remiss", "--remiss-deadline", "2001-03-01"]);
    assert!(ok, "{stderr}");
    let (_, text, _) = natverk(&["proposals", "list"]);
    assert!(text.contains("Gammal remiss  – på remiss; remisstiden gick ut 1 mars 2001"), "{text}");
    assert!(
        text.starts_with("Remiss om tidigt stöd (Ds 2099:1)  – på remiss; remisstiden går ut 15 januari 2099"),
        "{text}"
    );
    assert!(text.contains("Ny lag (prop. 2024/25:89)  – bevakas; inget datum framåt"), "{text}");
    let file = fixture.dir.path().join("bevakning.html");
    let (ok, said, _) = natverk(&["proposals", "overview", "--format", "html", file.to_str().unwrap()]);
    assert!(ok && said.contains("Skrev 3 förslag"), "{said}");
    let (ok, _, stderr) = natverk(&["proposals", "add", "--title", "X", "--remiss-deadline", "snart"]);
    assert!(!ok && stderr.contains("ÅÅÅÅ-MM-DD"), "{stderr}");
}

#[test]
fn the_public_overview_names_no_related_medskick_or_example_that_is_only_for_the_network() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let example = ExampleInput {
        title: "Planerad nedläggning av mottagningen".into(),
        municipality_codes: vec!["2321".into()],
        stage: "införd".into(),
        ..Default::default()
    };
    let example_id = db.write(|tx| examples::create(tx, &example)).unwrap().id;
    let secret = MedskickInput { title: "Omorganisation i Umeå".into(), ..Default::default() };
    let secret_id = db.write(|tx| medskick::create(tx, &secret)).unwrap().id;
    let shared = MedskickInput { title: "Väntetider".into(), sharing: "öppen".into(), ..Default::default() };
    let shared_id = db.write(|tx| medskick::create(tx, &shared)).unwrap().id;
    add(
        &mut db,
        ProposalInput {
            medskick_ids: vec![secret_id, shared_id],
            example_ids: vec![example_id],
            ..input("Ny socialtjänstlag")
        },
    );
    let today = day("2026-12-01");
    let public = overview::overview(db.conn(), &OverviewSelection::default(), today).unwrap();
    let html = overview::to_html(&public, today);
    assert!(html.contains("Väntetider"), "{html}");
    assert!(!html.contains("Umeå") && !html.contains("nedläggning"), "{html}");
    let all = overview::overview(db.conn(), &OverviewSelection { include_confidential: true }, today).unwrap();
    let markdown = overview::to_markdown(&all, today);
    assert!(markdown.contains("Omorganisation i Umeå") && markdown.contains("nedläggning"), "{markdown}");
}
