//! Medskick as hosts rely on them: validation, status steps, search, the compilation sent upward, erasure of the one who raised it, and the CLI.

use natverk_core::examples::{self, themes, ExampleInput};
use natverk_core::medskick::compile::{self, CompileFormat, CompileSelection};
use natverk_core::medskick::search::{self, MedskickQuery};
use natverk_core::medskick::{self, Medskick, MedskickInput, Status, StatusChange};
use natverk_core::members::{self, MemberInput};
use natverk_core::{privacy, Database, Error};

use crate::support::{snapshot, TempDatabase};

fn input(title: &str) -> MedskickInput {
    MedskickInput { title: title.into(), ..Default::default() }
}

fn add(db: &mut Database, input: MedskickInput) -> Medskick {
    db.write(|tx| medskick::create(tx, &input)).expect("the medskick is saved")
}

fn change(db: &mut Database, id: &str, status: &str, date: &str, answer: &str) -> natverk_core::Result<Medskick> {
    let change = StatusChange { status: status.into(), date: date.into(), answer: answer.into() };
    db.write(|tx| medskick::change_status(tx, id, &change))
}

fn theme_id(db: &Database, name: &str) -> String {
    themes::find(db.conn(), name).expect("a seeded theme").id
}

fn found_titles(db: &Database, query: MedskickQuery) -> Vec<String> {
    search::search(db.conn(), &query).unwrap().hits.into_iter().map(|hit| hit.medskick.title).collect()
}

fn field_of(result: natverk_core::Result<Medskick>) -> &'static str {
    match result {
        Err(Error::Invalid { field, .. }) => field,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[test]
fn a_medskick_is_logged_at_a_meeting_with_the_raising_members_municipality() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let meeting = natverk_core::meetings::list(db.conn()).unwrap()[0].id.clone();
    let member = db
        .write(|tx| {
            members::create(
                tx,
                &MemberInput {
                    name: "Åsa Öberg".into(),
                    municipality_code: "2480".into(),
                    email: "asa@umea.se".into(),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    let theme = theme_id(&db, "Enklare ingångar till stöd");
    let saved = add(
        &mut db,
        MedskickInput {
            description: "Kommunerna behöver en gemensam definition.".into(),
            raised_by_member_id: Some(member.id.clone()),
            meeting_id: meeting.clone(),
            theme_ids: vec![theme.clone(), theme.clone()],
            addressee: "regeringen".into(),
            ..input("Tydligare uppdrag")
        },
    );
    assert_eq!(saved.status, Status::New);
    assert_eq!(saved.raised_by.as_ref().map(|p| p.name.as_str()), Some("Åsa Öberg"));
    assert_eq!(saved.municipality.as_ref().map(|m| m.code.as_str()), Some("2480"), "the member's municipality");
    assert_eq!(saved.meeting.as_ref().map(|m| m.id.as_str()), Some(meeting.as_str()));
    assert_eq!(saved.themes.len(), 1, "a theme chosen twice is stored once");
    assert_eq!(saved.addressee_label, "regeringen");
    assert_eq!(saved.sharing_label, "inom nätverket", "medskick stay in the network unless opened");

    add(&mut db, input("Utan träff"));
    let other_meeting = natverk_core::meetings::list(db.conn()).unwrap()[2].id.clone();
    let at =
        |meeting_id: &str| found_titles(&db, MedskickQuery { meeting_id: meeting_id.into(), ..Default::default() });
    assert_eq!(at(&meeting), ["Tydligare uppdrag"], "the medskick raised at the meeting");
    assert_eq!(at(&other_meeting), Vec::<String>::new());
}

#[test]
fn bad_input_is_refused_in_swedish_at_its_field_and_nothing_is_written() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let before = snapshot(&db);
    let cases = [
        (input("  "), "title"),
        (MedskickInput { municipality_code: "9999".into(), ..input("T") }, "municipality_code"),
        (MedskickInput { meeting_id: "no-such-meeting".into(), ..input("T") }, "meeting_id"),
        (MedskickInput { addressee: "kungen".into(), ..input("T") }, "addressee"),
        (MedskickInput { sharing: "offentlig".into(), ..input("T") }, "sharing"),
        (MedskickInput { raised_by_member_id: Some("nobody".into()), ..input("T") }, "raised_by_member_id"),
        (MedskickInput { example_ids: vec!["gone".into()], ..input("T") }, "example_ids"),
        (MedskickInput { title: "x".repeat(201), ..Default::default() }, "title"),
        (MedskickInput { theme_ids: vec!["t".into(); 10_000], ..input("T") }, "theme_ids"),
    ];
    for (bad, expected_field) in cases {
        let error = db.write(|tx| medskick::create(tx, &bad)).expect_err("refused");
        assert_eq!(error.field(), Some(expected_field), "{error}");
        assert!(!error.to_string().is_empty(), "a message for people");
    }
    let sensitive = db.write(|tx| medskick::create(tx, &input("Gäller 19121212-1212")));
    assert!(matches!(sensitive, Err(Error::SensitiveData { field: "title", .. })), "{sensitive:?}");
    assert_eq!(snapshot(&db), before, "nothing was written");
    let confirmed = MedskickInput { confirm_sensitive: true, ..input("Gäller 19121212-1212") };
    db.write(|tx| medskick::create(tx, &confirmed)).expect("saved once the user confirms");
}

#[test]
fn the_status_moves_forward_with_dates_and_the_answer_and_wrong_steps_are_refused() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let id = add(&mut db, input("Statistik om väntetider")).id;

    let skipped = change(&mut db, &id, "besvarad", "2024-03-01", "Svar");
    assert_eq!(field_of(skipped), "status", "ny cannot become besvarad before it was framförd");
    assert_eq!(field_of(change(&mut db, &id, "ny", "", "")), "status", "already ny");

    let delivered = change(&mut db, &id, "framförd", "2024-02-11", "").unwrap();
    assert_eq!(delivered.delivered_on.as_deref(), Some("2024-02-11"));
    let corrected = change(&mut db, &id, "framförd", "2024-02-10", "SKR tar med det").unwrap();
    assert_eq!((corrected.status, corrected.delivered_on.as_deref()), (Status::Delivered, Some("2024-02-10")));
    assert_eq!(corrected.answer, "SKR tar med det", "the same status again corrects its date and answer");
    assert_eq!(field_of(change(&mut db, &id, "besvarad", "2024-03-01", "  ")), "answer", "an answer is required");
    assert_eq!(field_of(change(&mut db, &id, "besvarad", "2024-02-01", "Svar")), "date", "not before framförd");
    assert_eq!(field_of(change(&mut db, &id, "besvarad", "1 mars", "Svar")), "date");

    let answered = change(&mut db, &id, "answered", "2024-03-01", "Regeringen återkommer.").unwrap();
    assert_eq!((answered.status, answered.answered_on.as_deref()), (Status::Answered, Some("2024-03-01")));
    assert_eq!(answered.answer, "Regeringen återkommer.");
    assert_eq!(answered.next_statuses, vec![Status::Closed]);

    let closed = change(&mut db, &id, "avslutad", "2024-04-01", "").unwrap();
    assert_eq!(closed.answer, "Regeringen återkommer.", "closing without text keeps the answer");
    let reopened = change(&mut db, &id, "samlas", "", "").unwrap();
    assert_eq!((reopened.status, reopened.closed_on), (Status::Gathering, None));
}

#[test]
fn search_finds_swedish_words_by_their_beginning_in_any_case_and_filters_by_status_addressee_and_theme() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let theme = theme_id(&db, "Enklare ingångar till stöd");
    add(
        &mut db,
        MedskickInput {
            description: "En väg in för alla: tillgänglighet dygnet runt.".into(),
            theme_ids: vec![theme.clone()],
            addressee: "skr".into(),
            ..input("Gemensam ingång")
        },
    );
    let far = add(&mut db, MedskickInput { description: "Vad får kommunerna göra?".into(), ..input("Regelverket") });
    add(&mut db, MedskickInput { description: "Far och mor i första linjen.".into(), ..input("Föräldrastöd") });

    let text = |t: &str| MedskickQuery { text: t.into(), ..Default::default() };
    assert_eq!(found_titles(&db, text("tillgäng")), ["Gemensam ingång"]);
    assert_eq!(found_titles(&db, text("TILLGÄNGLIGHET")), ["Gemensam ingång"]);
    assert_eq!(found_titles(&db, text("får")), ["Regelverket"], "å is a letter of its own: får is not far");
    assert_eq!(found_titles(&db, text("\"NEAR(x* -\"")), Vec::<String>::new(), "FTS syntax is only words");
    let hit = &search::search(db.conn(), &text("tillgäng")).unwrap().hits[0];
    assert!(hit.snippet.iter().any(|s| s.highlighted && s.text == "tillgänglighet"), "{:?}", hit.snippet);

    assert_eq!(found_titles(&db, MedskickQuery { addressee: "SKR".into(), ..Default::default() }), ["Gemensam ingång"]);
    assert_eq!(found_titles(&db, MedskickQuery { theme_id: theme.clone(), ..Default::default() }), ["Gemensam ingång"]);
    change(&mut db, &far.id, "avslutad", "", "").unwrap();
    let open = found_titles(&db, MedskickQuery { only_open: true, ..Default::default() });
    assert_eq!(open.len(), 2);
    assert!(!open.contains(&"Regelverket".to_string()), "a closed medskick is not open");
    assert_eq!(found_titles(&db, MedskickQuery { status: "avslutad".into(), ..Default::default() }), ["Regelverket"]);

    db.write(|tx| medskick::delete(tx, &far.id)).unwrap();
    assert_eq!(found_titles(&db, text("får")), Vec::<String>::new(), "a deleted medskick leaves the index");

    // The names of its themes find a medskick too, also after the theme is renamed.
    assert_eq!(found_titles(&db, text("enklare ingång")), ["Gemensam ingång"], "by the theme's name");
    assert_eq!(found_titles(&db, text("enklare dygnet")), ["Gemensam ingång"], "theme and text words together");
    assert_eq!(found_titles(&db, text("enklare föräldrastöd")), Vec::<String>::new(), "every word must match");
    let renamed = themes::ThemeInput { name: "Lättare vägar till hjälp".into(), description: String::new() };
    db.write(|tx| themes::rename(tx, &theme, &renamed)).unwrap();
    assert_eq!(found_titles(&db, text("lättare")), ["Gemensam ingång"], "by the new name");
    assert_eq!(found_titles(&db, text("enklare")), Vec::<String>::new(), "no longer by the old one");
}

#[test]
fn the_compilation_leaves_confidential_items_out_unless_asked_and_then_marks_them() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let theme = theme_id(&db, "Enklare ingångar till stöd");
    add(
        &mut db,
        MedskickInput {
            description: "<script>alert(1)</script> *viktigt*".into(),
            theme_ids: vec![theme],
            addressee: "skr".into(),
            sharing: "öppen".into(),
            ..input("=HYPERLINK(\"x\")")
        },
    );
    add(&mut db, MedskickInput { addressee: "skr".into(), ..input("Planerad omorganisation i Umeå") });
    add(&mut db, MedskickInput { addressee: "fss".into(), sharing: "öppen".into(), ..input("Till styrelsen") });

    let for_skr = CompileSelection { addressee: "skr".into(), ..Default::default() };
    let open_only = compile::compile(db.conn(), &for_skr).unwrap();
    assert_eq!((open_only.count, open_only.confidential_left_out), (1, 1));
    assert!(open_only.includes.contains("inte med"), "{}", open_only.includes);
    assert_eq!(open_only.groups.len(), 1, "only SKR");
    assert_eq!(open_only.groups[0].themes[0].heading, "Enklare ingångar till stöd");

    let markdown = String::from_utf8(compile::render(&open_only, CompileFormat::Markdown).unwrap()).unwrap();
    assert!(!markdown.contains("Umeå"), "{markdown}");
    assert!(markdown.contains("\\<script\\>") && markdown.contains("\\*viktigt\\*"), "escaped: {markdown}");

    let all = compile::compile(db.conn(), &CompileSelection { include_confidential: true, ..for_skr }).unwrap();
    assert_eq!(all.count, 2);
    let html = String::from_utf8(compile::render(&all, CompileFormat::Html).unwrap()).unwrap();
    assert!(html.contains("Planerad omorganisation i Umeå") && html.contains(compile::CONFIDENTIAL_MARK));
    assert!(html.contains("&lt;script&gt;") && !html.contains("<script>"), "{html}");

    let path = fixture.dir.path().join("medskick.csv");
    compile::compile_to_file(
        db.conn(),
        &CompileSelection { include_confidential: true, ..Default::default() },
        CompileFormat::Csv,
        &path,
    )
    .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "Excel reads the BOM as UTF-8");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(text.as_bytes());
    assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), compile::CSV_HEADERS);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3, "each medskick once");
    assert!(rows.iter().any(|r| &r[2] == "'=HYPERLINK(\"x\")"), "a formula is neutralised: {rows:?}");
    assert!(rows.iter().any(|r| &r[2] == "Planerad omorganisation i Umeå" && r[13].contains("INOM NÄTVERKET")));
    assert!(text.contains("\r\n"), "CRLF line ends");
}

#[test]
fn erasing_a_member_keeps_their_medskick_without_naming_them() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let member_input = |name: &str, email: &str| MemberInput {
        name: name.into(),
        municipality_code: "2321".into(),
        email: email.into(),
        ..Default::default()
    };
    let anonymised = db.write(|tx| members::create(tx, &member_input("Per Persson", "per@are.se"))).unwrap();
    let deleted = db.write(|tx| members::create(tx, &member_input("Eva Ek", "eva@are.se"))).unwrap();
    let first =
        add(&mut db, MedskickInput { raised_by_member_id: Some(anonymised.id.clone()), ..input("Väntetider i Åre") });
    let second = add(&mut db, MedskickInput { raised_by_member_id: Some(deleted.id.clone()), ..input("Bemanning") });

    let extract = privacy::extract(db.conn(), &anonymised.id).unwrap();
    assert!(extract.contains("MEDSKICK SOM PERSONEN HAR VÄCKT") && extract.contains("Väntetider i Åre"), "{extract}");

    db.write(|tx| privacy::anonymise(tx, &anonymised.id)).unwrap();
    db.write(|tx| privacy::delete(tx, &deleted.id)).unwrap();
    for id in [&first.id, &second.id] {
        let kept = medskick::get(db.conn(), id).unwrap();
        assert_eq!(kept.raised_by, None, "the person is no longer named");
        assert_eq!(kept.municipality.map(|m| m.code), Some("2321".to_string()), "the municipality stays");
    }
    let anew = MedskickInput { raised_by_member_id: Some(anonymised.id.clone()), ..input("Nytt") };
    assert_eq!(
        field_of(db.write(|tx| medskick::create(tx, &anew))),
        "raised_by_member_id",
        "an erased member cannot be named again"
    );
}

#[test]
fn the_command_line_adds_lists_moves_and_compiles_medskick() {
    let fixture = TempDatabase::new();
    drop(fixture.open());
    let natverk = |args: &[&str]| {
        let output = crate::support::natverk(&fixture, args);
        (output.status.success(), String::from_utf8(output.stdout).unwrap(), String::from_utf8(output.stderr).unwrap())
    };
    let meeting = natverk_core::meetings::list(fixture.open().conn()).unwrap()[0].id.clone();
    for (title, sharing) in [("Väntetider", "öppen"), ("Omorganisation", "nätverket"), ("Statistik", "öppen")] {
        let (ok, _, stderr) = natverk(&[
            "medskick",
            "add",
            "--title",
            title,
            "--description",
            "D",
            "--meeting",
            &meeting,
            "--municipality",
            "Åre",
            "--theme",
            "Enklare ingångar till stöd",
            "--addressee",
            "skr",
            "--sharing",
            sharing,
        ]);
        assert!(ok, "{stderr}");
    }
    let (_, listed, _) = natverk(&["medskick", "list", "--json"]);
    let listed: serde_json::Value = serde_json::from_str(&listed).unwrap();
    let first_id = listed[0]["id"].as_str().unwrap().to_string();
    assert_eq!(listed.as_array().unwrap().len(), 3);
    assert_eq!(listed[0]["status"], "new");
    assert_eq!(listed[0]["municipality"]["code"], "2321");

    let (ok, said, stderr) =
        natverk(&["medskick", "status", &first_id, "--status", "framförd", "--date", "2024-02-01"]);
    assert!(ok && said.contains("framförd"), "{said}{stderr}");
    let (ok, _, stderr) = natverk(&["medskick", "status", &first_id, "--status", "ny"]);
    assert!(!ok && stderr.contains("kan inte bli ”ny”"), "{stderr}");
    let (_, framforda, _) = natverk(&["medskick", "list", "--status", "framförd", "--json"]);
    assert_eq!(serde_json::from_str::<serde_json::Value>(&framforda).unwrap().as_array().unwrap().len(), 1);
    let (_, shown, _) = natverk(&["medskick", "show", &first_id, "--json"]);
    assert_eq!(serde_json::from_str::<serde_json::Value>(&shown).unwrap()["delivered_on"], "2024-02-01");

    let file = fixture.dir.path().join("skr.md");
    let (ok, said, _) =
        natverk(&["medskick", "compile", "--format", "md", file.to_str().unwrap(), "--addressee", "skr"]);
    assert!(ok && said.contains("Skrev 2 medskick"), "{said}");
    let markdown = std::fs::read_to_string(&file).unwrap();
    assert!(markdown.contains("Väntetider") && !markdown.contains("Omorganisation"), "{markdown}");
    let (ok, said, _) =
        natverk(&["medskick", "compile", "--format", "csv", file.to_str().unwrap(), "--include-confidential"]);
    assert!(ok && said.contains("Skrev 3 medskick"), "{said}");
    let (ok, _, stderr) = natverk(&["medskick", "add", "--title", "X", "--addressee", "kungen"]);
    assert!(!ok && stderr.contains("mottagare"), "{stderr}");
}

#[test]
fn a_very_long_search_text_is_searched_by_its_first_words_and_never_fails() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    add(&mut db, input("Väntetider till första samtal"));
    // Pasted text: thousands of words, each also the start of theme names ("s", "t").
    let pasted = format!("väntetider {}", "s t a ".repeat(3_000));
    let found = found_titles(&db, MedskickQuery { text: pasted, ..Default::default() });
    assert!(found.is_empty() || found == ["Väntetider till första samtal"], "{found:?}");
    let repeated = "väntetider ".repeat(5_000);
    assert_eq!(
        found_titles(&db, MedskickQuery { text: repeated, ..Default::default() }),
        ["Väntetider till första samtal"]
    );
}

fn example(db: &mut Database, title: &str, sharing: &str) -> String {
    let input = ExampleInput {
        title: title.into(),
        municipality_codes: vec!["2321".into()],
        stage: "införd".into(),
        sharing: sharing.into(),
        ..Default::default()
    };
    db.write(|tx| examples::create(tx, &input)).expect("the example is saved").id
}

#[test]
fn an_open_medskick_in_the_compilation_names_no_example_that_is_only_for_the_network() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let confidential = example(&mut db, "Planerad nedläggning av mottagningen", "nätverket");
    let open = example(&mut db, "Gemensam väg in", "öppen");
    add(
        &mut db,
        MedskickInput { sharing: "öppen".into(), example_ids: vec![confidential, open], ..input("Väntetider") },
    );
    let public = compile::compile(db.conn(), &CompileSelection::default()).unwrap();
    let markdown = String::from_utf8(compile::render(&public, CompileFormat::Markdown).unwrap()).unwrap();
    assert!(markdown.contains("Gemensam väg in") && !markdown.contains("nedläggning"), "{markdown}");
    let all = compile::compile(db.conn(), &CompileSelection { include_confidential: true, ..Default::default() });
    let markdown = String::from_utf8(compile::render(&all.unwrap(), CompileFormat::Markdown).unwrap()).unwrap();
    assert!(markdown.contains("Planerad nedläggning av mottagningen"), "asked for: {markdown}");
}
