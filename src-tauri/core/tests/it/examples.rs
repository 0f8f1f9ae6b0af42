//! Examples, themes, search and export as members and hosts use them.

use natverk_core::examples::export::{self, ExportFormat, ExportSelection};
use natverk_core::examples::index;
use natverk_core::examples::search::{self, SearchQuery};
use natverk_core::examples::themes::{self, ThemeInput};
use natverk_core::examples::{self, ExampleInput, ExampleLink, PresentationInput};
use natverk_core::sharing::Sharing;
use natverk_core::{Database, Error};

use crate::support::{snapshot, TempDatabase, UNDO_DELETION_NOTES};

const XSS: &str = "<img src=x onerror=alert(1)>";

fn theme_id(db: &Database, name: &str) -> String {
    themes::list(db.conn()).unwrap().into_iter().find(|t| t.name == name).expect("a seeded theme").id
}

fn meeting_id(db: &Database, date: &str) -> String {
    natverk_core::meetings::list(db.conn()).unwrap().into_iter().find(|m| m.date.to_string() == date).unwrap().id
}

fn input(title: &str, municipality: &str) -> ExampleInput {
    ExampleInput { title: title.into(), municipality_codes: vec![municipality.into()], ..Default::default() }
}

fn search_text(db: &Database, text: &str) -> Vec<String> {
    search::search(db.conn(), &SearchQuery { text: text.into(), ..Default::default() })
        .unwrap_or_else(|e| panic!("searching {text:?} must not fail: {e}"))
        .hits
        .into_iter()
        .map(|hit| hit.example.title)
        .collect()
}

fn entry_point_example(db: &mut Database) -> examples::Example {
    let theme = theme_id(db, "Enklare ingångar till stöd");
    db.write(|tx| {
        examples::create(
            tx,
            &ExampleInput {
                title: "Gemensam väg in i Åre".into(),
                summary: "En tillgänglig första kontakt för alla åldrar.".into(),
                body: format!(
                    "Vad: en väg in.\nVarför: invånare hittade inte rätt. \"Citat\" och {XSS}\n{}",
                    "Lång text. ".repeat(2_000)
                ),
                municipality_codes: vec!["2321".into()],
                theme_ids: vec![theme],
                stage: "införd".into(),
                started_on: "2023-09-01".into(),
                evaluation: "Väntetiden halverades.".into(),
                links: vec![ExampleLink { url: "https://are.se/vag-in".into(), label: "Om vägen in".into() }],
                ..Default::default()
            },
        )
    })
    .expect("a valid example is saved")
}

#[test]
fn an_example_is_stored_exactly_with_its_parts() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let saved = entry_point_example(&mut db);
    let again = examples::get(db.conn(), &saved.id).unwrap();
    assert_eq!(saved, again);
    assert!(again.body.contains(XSS) && again.body.contains("\"Citat\""), "text is stored as typed");
    assert_eq!(again.municipalities[0].name, "Åre");
    assert_eq!(again.municipalities[0].region_name, "Jämtlands län");
    assert_eq!(again.stage_label, "införd");
    assert_eq!(again.started_on.as_deref(), Some("2023-09-01"));
    assert_eq!(again.links[0].url, "https://are.se/vag-in");
    assert_eq!(again.themes[0].name, "Enklare ingångar till stöd");
    assert!(index::is_indexed(db.conn(), &saved.id).unwrap());
}

#[test]
fn bad_input_is_refused_at_the_right_field_and_writes_nothing() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let before = snapshot(&db);
    let cases: Vec<(ExampleInput, &str)> = vec![
        (input("  ", "2321"), "title"),
        (ExampleInput { title: "Utan kommun".into(), ..Default::default() }, "municipality_codes"),
        (input("Fel kod", "9999"), "municipality_codes"),
        (ExampleInput { contact_member_id: Some("no-such-member".into()), ..input("x", "2321") }, "contact_member_id"),
        (ExampleInput { theme_ids: vec!["no-such-theme".into()], ..input("x", "2321") }, "theme_ids"),
        (ExampleInput { stage: "klar".into(), ..input("x", "2321") }, "stage"),
        (ExampleInput { started_on: "2023-13-01".into(), ..input("x", "2321") }, "started_on"),
        (
            ExampleInput {
                links: vec![ExampleLink { url: "javascript:alert(1)".into(), label: String::new() }],
                ..input("x", "2321")
            },
            "links",
        ),
        (
            ExampleInput {
                links: vec![ExampleLink { url: "http://are.se".into(), label: String::new() }],
                ..input("x", "2321")
            },
            "links",
        ),
    ];
    for (bad, field) in cases {
        let error = db.write(|tx| examples::create(tx, &bad)).expect_err("bad input is refused");
        assert_eq!(error.field(), Some(field), "{error}");
        assert_eq!(error.kind(), "invalid");
    }
    assert_eq!(snapshot(&db), before, "refused input writes nothing");
}

#[test]
fn a_valid_personnummer_needs_confirmation_but_an_invalid_checksum_does_not() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let before = snapshot(&db);
    let with_number = ExampleInput { body: "Klienten 811218-9876 fick stöd.".into(), ..input("Stöd", "2321") };
    let error = db.write(|tx| examples::create(tx, &with_number)).expect_err("a personnummer is caught");
    assert!(matches!(error, Error::SensitiveData { field: "body", .. }), "{error:?}");
    assert_eq!(error.kind(), "sensitive_data");
    assert!(error.to_string().contains("beskrivningen"), "the message names the field: {error}");
    assert_eq!(snapshot(&db), before, "nothing is saved before the user confirms");

    let confirmed = ExampleInput { confirm_sensitive: true, ..with_number };
    db.write(|tx| examples::create(tx, &confirmed)).expect("saved once the user confirms");

    let wrong_checksum = ExampleInput { body: "Ärendenummer 811218-9875.".into(), ..input("Ärende", "2321") };
    db.write(|tx| examples::create(tx, &wrong_checksum)).expect("an invalid checksum is not a personnummer");

    let in_summary = ExampleInput { summary: "19811218-9876".into(), ..input("Sammanfattning", "2321") };
    let error = db.write(|tx| examples::create(tx, &in_summary)).unwrap_err();
    assert_eq!(error.field(), Some("summary"));
}

#[test]
fn search_finds_words_by_prefix_in_any_case_with_swedish_letters() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    entry_point_example(&mut db);
    db.write(|tx| {
        examples::create(tx, &ExampleInput { body: "Fältarbete i Rinkeby.".into(), ..input("Närvaro", "0180") })
    })
    .unwrap();
    for query in ["tillgänglig", "TILLGÄNGLIG", "tillgäng", "Tillgä", "ÅRE", "väntetiden", "ingångar"] {
        assert_eq!(search_text(&db, query), ["Gemensam väg in i Åre"], "query {query:?}");
    }
    assert_eq!(search_text(&db, "fältarb"), ["Närvaro"]);
    assert!(search_text(&db, "tillganglig").is_empty(), "a is not ä in Swedish");
    for odd in ["\"", "*", "(", "NEAR", "\"tillg", "väg AND", "-in", "NEAR(väg in)", "väg OR", ":", "^a", "a\"b*"] {
        search::search(db.conn(), &SearchQuery { text: odd.into(), ..Default::default() })
            .unwrap_or_else(|e| panic!("{odd:?} must not fail: {e}"));
    }
    assert_eq!(search_text(&db, "(väg"), ["Gemensam väg in i Åre"], "punctuation is ignored");
}

#[test]
fn title_matches_rank_first_and_snippets_are_highlighted_segments() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    db.write(|tx| {
        examples::create(
            tx,
            &ExampleInput { body: "Något om samverkan med skolan.".into(), ..input("Familjecentral", "0180") },
        )
    })
    .unwrap();
    db.write(|tx| examples::create(tx, &input("Samverkan med polisen", "1480"))).unwrap();
    let results = search::search(db.conn(), &SearchQuery { text: "samverkan".into(), ..Default::default() }).unwrap();
    assert_eq!(results.total, 2);
    assert_eq!(results.hits[0].example.title, "Samverkan med polisen", "a title match ranks highest");
    let snippet = &results.hits[1].snippet;
    let marked: Vec<&str> = snippet.iter().filter(|s| s.highlighted).map(|s| s.text.as_str()).collect();
    assert_eq!(marked, ["samverkan"]);
    let whole: String = snippet.iter().map(|s| s.text.as_str()).collect();
    assert!(whole.contains("Något om samverkan med skolan."), "{whole}");
    assert!(results.hits[0].title.iter().any(|s| s.highlighted && s.text == "Samverkan"));
}

#[test]
fn filters_narrow_by_theme_region_municipality_and_stage_with_paging() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let trust = theme_id(&db, "Ökad tillit");
    for (title, code, stage) in [("Ett", "0180", "idea"), ("Två", "0184", "planned"), ("Tre", "1480", "evaluated")] {
        db.write(|tx| {
            examples::create(
                tx,
                &ExampleInput { stage: stage.into(), theme_ids: vec![trust.clone()], ..input(title, code) },
            )
        })
        .unwrap();
    }
    db.write(|tx| examples::create(tx, &input("Fyra", "0180"))).unwrap();
    let found = |query: SearchQuery| {
        let mut titles: Vec<String> =
            search::search(db.conn(), &query).unwrap().hits.into_iter().map(|h| h.example.title).collect();
        titles.sort();
        titles
    };
    assert_eq!(found(SearchQuery { theme_id: trust.clone(), ..Default::default() }), ["Ett", "Tre", "Två"]);
    assert_eq!(found(SearchQuery { region_code: "01".into(), ..Default::default() }), ["Ett", "Fyra", "Två"]);
    assert_eq!(found(SearchQuery { municipality_code: "0180".into(), ..Default::default() }), ["Ett", "Fyra"]);
    assert_eq!(found(SearchQuery { stage: "utvärderad".into(), ..Default::default() }), ["Tre"]);
    let page = search::search(db.conn(), &SearchQuery { limit: Some(2), offset: 2, ..Default::default() }).unwrap();
    assert_eq!((page.total, page.hits.len()), (4, 2), "page 2 of 2");
}

#[test]
fn renaming_a_theme_updates_search_and_duplicates_are_refused_in_any_case() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let theme =
        db.write(|tx| themes::add(tx, &ThemeInput { name: "Digitala tjänster".into(), ..Default::default() })).unwrap();
    db.write(|tx| {
        examples::create(tx, &ExampleInput { theme_ids: vec![theme.id.clone()], ..input("E-tjänst", "0180") })
    })
    .unwrap();
    let error =
        db.write(|tx| themes::add(tx, &ThemeInput { name: "ÖKAD TILLIT".into(), ..Default::default() })).unwrap_err();
    assert_eq!(error.field(), Some("name"), "Ökad tillit exists already, whatever the case");
    db.write(|tx| themes::rename(tx, &theme.id, &ThemeInput { name: "Självservice".into(), ..Default::default() }))
        .unwrap();
    assert_eq!(search_text(&db, "självserv"), ["E-tjänst"]);
    assert!(search_text(&db, "digitala").is_empty());
    let listed = themes::list(db.conn()).unwrap();
    assert_eq!(listed.iter().find(|t| t.id == theme.id).unwrap().example_count, 1);
    assert_eq!(listed.last().unwrap().name, "Ökad tillit", "Swedish order puts Ö last");
}

#[test]
fn an_example_is_linked_to_the_meeting_where_it_was_presented() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let example = entry_point_example(&mut db);
    let april = meeting_id(&db, "2024-04-23");
    let linked = db
        .write(|tx| {
            examples::add_presentation(
                tx,
                &example.id,
                &PresentationInput { meeting_id: april.clone(), ..Default::default() },
            )
        })
        .unwrap();
    assert_eq!(linked.presentations.len(), 1);
    assert_eq!(linked.presentations[0].meeting_label, "tisdag 23 april 2024 kl. 15.00–15.45");
    let again = PresentationInput { meeting_id: april, ..Default::default() };
    assert_eq!(
        db.write(|tx| examples::add_presentation(tx, &example.id, &again)).unwrap_err().field(),
        Some("meeting_id")
    );
    let cancelled = PresentationInput { meeting_id: meeting_id(&db, "2024-02-29"), ..Default::default() };
    let error = db.write(|tx| examples::add_presentation(tx, &example.id, &cancelled)).unwrap_err();
    assert!(error.to_string().contains("ställdes in"), "{error}");
    let overview = examples::overview(db.conn()).unwrap();
    assert_eq!(overview.not_presented_count, 0);
    let removed = db.write(|tx| examples::remove_presentation(tx, &example.id, &linked.presentations[0].id)).unwrap();
    assert!(removed.presentations.is_empty());
}

#[test]
fn overview_counts_per_theme_and_region() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    entry_point_example(&mut db);
    db.write(|tx| {
        examples::create(
            tx,
            &ExampleInput { municipality_codes: vec!["0180".into(), "0184".into()], ..input("Två kommuner", "0180") },
        )
    })
    .unwrap();
    let overview = examples::overview(db.conn()).unwrap();
    assert_eq!(overview.total, 2);
    assert_eq!(overview.not_presented_count, 2);
    let stockholm = overview.per_region.iter().find(|c| c.key == "01").unwrap();
    assert_eq!(stockholm.count, 1, "two municipalities of one region count once");
    assert_eq!(overview.per_theme.len(), 1);
    assert_eq!(overview.newest[0].title, "Två kommuner");
}

#[test]
fn deleting_leaves_a_tombstone_and_empties_the_index() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let example = entry_point_example(&mut db);
    db.write(|tx| examples::delete(tx, &example.id)).unwrap();
    assert_eq!(examples::get(db.conn(), &example.id).unwrap_err().kind(), "not_found");
    assert!(!index::is_indexed(db.conn(), &example.id).unwrap());
    let tombstone: String =
        db.conn().query_row("SELECT entity FROM tombstones WHERE id = ?1", [&example.id], |row| row.get(0)).unwrap();
    assert_eq!(tombstone, "examples");
    assert!(search_text(&db, "tillgänglig").is_empty());
}

#[test]
fn export_groups_by_theme_and_escapes_every_text() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let first = entry_point_example(&mut db);
    let trust = theme_id(&db, "Ökad tillit");
    let second = db
        .write(|tx| {
            examples::create(
                tx,
                &ExampleInput {
                    theme_ids: vec![trust],
                    summary: format!("Tillit {XSS}"),
                    ..input("Öppna möten", "1480")
                },
            )
        })
        .unwrap();
    db.write(|tx| examples::create(tx, &input("Inte vald", "0180"))).unwrap();
    let selection = ExportSelection {
        example_ids: vec![first.id.clone(), second.id.clone()],
        include_confidential: true,
        ..Default::default()
    };

    let html = export::render(db.conn(), &selection, ExportFormat::Html).unwrap();
    assert!(!html.contains("<img"), "no markup from the data");
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    let entry = html.find("<h2>Enklare ingångar till stöd</h2>").expect("a group per theme");
    let trust_group = html.find("<h2>Ökad tillit</h2>").expect("a group per theme");
    assert!(entry < trust_group, "groups in Swedish order");
    assert!(html[trust_group..].contains("Öppna möten") && !html.contains("Inte vald"));

    let path = fixture.dir.path().join("exempel.md");
    let written = export::export_to_file(db.conn(), &selection, ExportFormat::Markdown, &path).unwrap();
    assert_eq!(written.example_count, 2);
    let markdown = std::fs::read_to_string(&path).unwrap();
    assert!(markdown.contains("## Enklare ingångar till stöd") && markdown.contains("## Ökad tillit"));
    assert!(markdown.contains("### Gemensam väg in i Åre"));
    assert!(markdown.contains("\\<img src=x onerror=alert(1)\\>"));
    assert!(markdown.contains("[Om vägen in](<https://are.se/vag-in>)"));
}

#[test]
fn links_and_titles_that_arrived_unchecked_cannot_break_out_of_an_export() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let example = entry_point_example(&mut db);
    // As an old bundle could have stored them, past the checks the UI and CLI make.
    db.conn()
        .execute_batch(&format!(
            "UPDATE examples SET title = 'Rubrik\n# Falsk rubrik\n<script>x</script>' WHERE id = '{id}';
             DELETE FROM example_links WHERE example_id = '{id}';
             INSERT INTO example_links (example_id, position, url, label) VALUES
                 ('{id}', 0, 'javascript:alert(1)', 'Klicka'),
                 ('{id}', 1, 'file:///etc/passwd', ''),
                 ('{id}', 2, 'https://are.se/a)](javascript:alert(2)', 'Trasig'),
                 ('{id}', 3, 'https://are.se/ok', 'Bra länk');",
            id = example.id
        ))
        .unwrap();
    let selection =
        ExportSelection { example_ids: vec![example.id.clone()], include_confidential: true, ..Default::default() };

    let html = export::render(db.conn(), &selection, ExportFormat::Html).unwrap();
    assert!(!html.contains("href=\"javascript:") && !html.contains("href=\"file:"), "{html}");
    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("<li>Klicka</li>"), "a refused link keeps its text, without a link");
    assert!(html.contains("<a href=\"https://are.se/ok\">Bra länk</a>"));
    let hrefs: Vec<&str> = html.split("href=\"").skip(1).map(|rest| rest.split('"').next().unwrap_or("")).collect();
    assert!(hrefs.iter().all(|href| href.starts_with("https://")), "{hrefs:?}");

    let markdown = export::render(db.conn(), &selection, ExportFormat::Markdown).unwrap();
    assert!(!markdown.contains("](javascript") && !markdown.contains("(<javascript") && !markdown.contains("(<file:"));
    assert!(!markdown.contains("\n# Falsk rubrik"), "a stored line break cannot start a heading: {markdown}");
    assert!(markdown.contains("[Bra länk](<https://are.se/ok>)"));
    for target in markdown.split("](<").skip(1) {
        let url = target.split(">)").next().unwrap_or("");
        assert!(url.starts_with("https://") && !url.contains(')') && !url.contains('('), "{url}");
    }
}

#[test]
fn the_search_index_can_be_rebuilt_from_the_stored_examples() {
    let mut db = natverk_core::Database::open_in_memory().unwrap();
    db.conn()
        .execute_batch(
            "INSERT INTO examples (id, title, body, created_at, updated_at) VALUES ('bulk', 'Uppsökande team i Rinkeby', 'Tillgänglig rådgivning', 'x', 'x');",
        )
        .unwrap();
    let indexed = natverk_core::examples::index::reindex_all(&mut db).unwrap();
    assert_eq!(indexed, 1);
    let hits: i64 = db
        .conn()
        .query_row("SELECT count(*) FROM examples_fts WHERE examples_fts MATCH '\"tillgäng\"*'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(hits, 1, "a row written past examples.rs is found after the rebuild");
}

/// FTS5 writes a segment each time its in-memory buffer fills; a small buffer makes these small
/// rebuilds write many segments, as 100,000 examples do with the default buffer. Left as many
/// large segments, they were all rewritten inside a later ordinary save (2–2.5 s at that size).
#[test]
fn a_rebuilt_search_index_is_one_segment_so_later_saves_do_not_rewrite_it() {
    use natverk_core::store::fts::{segment_count, FtsTable};
    let mut db = Database::open_in_memory().unwrap();
    let size = natverk_core::demo::DemoSize { examples: 400, members: 10, meetings: 2, active_percent: 85, seed: 3 };
    natverk_core::demo::generate(&mut db, &size).unwrap();
    db.conn()
        .execute_batch(
            "INSERT INTO examples_fts (examples_fts, rank) VALUES ('hashsize', 2048);
             INSERT INTO medskick_fts (medskick_fts, rank) VALUES ('hashsize', 2048);
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400)
             INSERT INTO medskick (id, title, description, created_at, updated_at)
             SELECT 'm' || i, 'Behov av stöd ' || i, 'Tillgänglig rådgivning för fler kommuner, nummer ' || i, 'x', 'x' FROM n;",
        )
        .unwrap();
    assert_eq!(index::reindex_all(&mut db).unwrap(), 400);
    db.write(natverk_core::medskick::index::rebuild_index).unwrap();
    assert_eq!(segment_count(db.conn(), FtsTable::Examples).unwrap(), Some(1));
    assert_eq!(segment_count(db.conn(), FtsTable::Medskick).unwrap(), Some(1));
    let found = search::search(db.conn(), &SearchQuery { text: "för".into(), ..Default::default() }).unwrap();
    assert!(found.total > 0, "the merged index still finds what it holds");
}

#[test]
fn filter_tokens_cannot_be_found_by_typing_them_and_combine_with_words() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let trust = theme_id(&db, "Ökad tillit");
    db.write(|tx| {
        examples::create(tx, &ExampleInput { theme_ids: vec![trust.clone()], ..input("Samtal i Falun", "2080") })
    })
    .unwrap();
    db.write(|tx| examples::create(tx, &input("Samtal i Gävle", "2180"))).unwrap();
    assert!(search_text(&db, "k2080").is_empty(), "the municipality's filter token is not a word in the text");
    assert!(search_text(&db, "l20 sidea").is_empty(), "nor are the region's and the stage's");
    assert!(search_text(&db, &index::theme_facet(&trust)).is_empty(), "nor the theme's");
    let falun_only = SearchQuery { text: "samt".into(), region_code: "20".into(), ..Default::default() };
    let found = search::search(db.conn(), &falun_only).unwrap();
    assert_eq!(found.hits.iter().map(|h| h.example.title.as_str()).collect::<Vec<_>>(), ["Samtal i Falun"]);
    let marked: Vec<&str> = found.hits[0].title.iter().filter(|s| s.highlighted).map(|s| s.text.as_str()).collect();
    assert_eq!(marked, ["Samtal"], "only the words are highlighted, never a filter");
    let odd = SearchQuery { municipality_code: "\"20*80 OR".into(), ..Default::default() };
    assert_eq!(
        search::search(db.conn(), &odd).unwrap().total,
        0,
        "a strange filter value finds nothing and never fails"
    );
}

#[test]
fn lists_are_newest_first_and_an_edit_keeps_the_example_s_place() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let first = db.write(|tx| examples::create(tx, &input("Första", "0180"))).unwrap();
    db.write(|tx| examples::create(tx, &input("Andra", "0180"))).unwrap();
    db.write(|tx| examples::create(tx, &input("Tredje", "0180"))).unwrap();
    let newest_first = |db: &Database| -> Vec<String> {
        search::search(db.conn(), &SearchQuery::default()).unwrap().hits.into_iter().map(|h| h.example.title).collect()
    };
    assert_eq!(newest_first(&db), ["Tredje", "Andra", "Första"]);
    db.write(|tx| {
        examples::update(tx, &first.id, &ExampleInput { summary: "Ändrad".into(), ..input("Första", "0180") })
    })
    .unwrap();
    assert_eq!(newest_first(&db), ["Tredje", "Andra", "Första"], "editing does not move an example");
    assert_eq!(search_text(&db, "ändrad"), ["Första"], "but its new text is found");
    let reindexed = index::reindex_all(&mut db).unwrap();
    assert_eq!((reindexed, newest_first(&db)), (3, vec!["Tredje".into(), "Andra".into(), "Första".into()]));
}

#[test]
fn broad_searches_list_newest_first_and_narrow_ones_by_relevance() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let size = natverk_core::demo::DemoSize { examples: 2_500, members: 40, meetings: 5, active_percent: 85, seed: 5 };
    natverk_core::demo::generate(&mut db, &size).unwrap();
    let broad = search::search(db.conn(), &SearchQuery { text: "för".into(), ..Default::default() }).unwrap();
    assert!(broad.total > search::MOST_RANKED_HITS, "{} hits", broad.total);
    assert!(!broad.by_relevance);
    let newest = search::search(db.conn(), &SearchQuery::default()).unwrap();
    assert_eq!(
        broad.hits.iter().map(|h| &h.example.id).take(5).collect::<Vec<_>>(),
        newest
            .hits
            .iter()
            .filter(|h| broad.hits.iter().any(|b| b.example.id == h.example.id))
            .map(|h| &h.example.id)
            .take(5)
            .collect::<Vec<_>>(),
        "newest first"
    );
    assert!(broad.hits[0].snippet.iter().any(|s| s.highlighted), "broad hits are still highlighted");
    let narrow = search::search(
        db.conn(),
        &SearchQuery { text: "tolkar arabiska".into(), region_code: "01".into(), ..Default::default() },
    )
    .unwrap();
    assert!(narrow.total > 0 && narrow.total <= search::MOST_RANKED_HITS, "{} hits", narrow.total);
    assert!(narrow.by_relevance);

    // The overview's counts (read from the index) agree with counting the rows.
    let overview = examples::overview(db.conn()).unwrap();
    let count = |sql: &str, key: &str| -> i64 { db.conn().query_row(sql, [key], |row| row.get(0)).unwrap() };
    for theme in &overview.per_theme {
        assert_eq!(
            theme.count,
            count("SELECT count(*) FROM example_themes WHERE theme_id = ?1", &theme.key),
            "{}",
            theme.label
        );
    }
    assert_eq!(overview.per_region.len(), 21, "scale data reaches every region");
    for region in &overview.per_region {
        let sql = "SELECT count(DISTINCT em.example_id) FROM example_municipalities em
                   JOIN municipalities m ON m.code = em.municipality_code WHERE m.region_code = ?1";
        assert_eq!(region.count, count(sql, &region.key), "{}", region.label);
    }
    assert!(overview.per_region.windows(2).all(|pair| pair[0].count >= pair[1].count), "largest first");
}

/// A new database file at schema `version` with one example, "Samtal i Falun" in Falun (2080), written
/// the way a build of that version wrote it (its columns only; the search index of that schema).
fn database_file_at_schema_with_one_example(fixture: &TempDatabase, version: i64) {
    natverk_core::store::create_database_file_at_schema_version(&fixture.path, version).unwrap();
    let raw = rusqlite::Connection::open(&fixture.path).unwrap();
    raw.execute_batch(
        "INSERT INTO examples (id, title, summary, body, created_at, updated_at)
             VALUES ('0190f2a4-0000-7000-8000-000000000001', 'Samtal i Falun', 'Samtal varje vecka', '',
                     '2024-03-01T09:00:00Z', '2024-03-01T09:00:00Z');
         INSERT INTO example_municipalities (example_id, municipality_code)
             VALUES ('0190f2a4-0000-7000-8000-000000000001', '2080');",
    )
    .unwrap();
    if version < 4 {
        // Schema 2 and 3 kept the index without facets or row numbers in step by hand.
        raw.execute_batch(
            "INSERT INTO examples_fts (example_id, title, summary, body, themes, evaluation)
                 SELECT id, title, summary, body, '', evaluation FROM examples;",
        )
        .unwrap();
    }
}

#[test]
fn a_database_from_before_the_faster_index_is_reindexed_when_opened() {
    let fixture = TempDatabase::new();
    database_file_at_schema_with_one_example(&fixture, 3);
    let db = fixture.open();
    assert_eq!(db.schema_version().unwrap(), natverk_core::store::latest_schema_version());
    let falun = SearchQuery { text: "samtal".into(), region_code: "20".into(), ..Default::default() };
    assert_eq!(search::search(db.conn(), &falun).unwrap().total, 1, "the filters work on the upgraded index");
    let overview = examples::overview(db.conn()).unwrap();
    assert_eq!((overview.total, overview.per_region[0].key.as_str()), (1, "20"), "the counts start from the rows");
    let backups = std::fs::read_dir(fixture.path.with_file_name("backups")).unwrap().count();
    assert!(backups >= 1, "a copy was kept before the upgrade");
}

#[test]
fn an_example_is_shared_inside_the_network_unless_its_author_opens_it() {
    let mut db = Database::open_in_memory().unwrap();
    let example = db.write(|tx| examples::create(tx, &input("Ny organisation", "2321"))).unwrap();
    assert_eq!(example.sharing, Sharing::Network);
    assert_eq!(example.sharing_label, "inom nätverket");

    let opened = db
        .write(|tx| {
            examples::update(
                tx,
                &example.id,
                &ExampleInput { sharing: "öppen".into(), ..input("Ny organisation", "2321") },
            )
        })
        .unwrap();
    assert_eq!(opened.sharing, Sharing::Open);
    let listed = examples::list(db.conn()).unwrap();
    assert_eq!(listed[0].sharing, Sharing::Open, "lists carry the level too");
    let found = search::search(db.conn(), &SearchQuery { text: "organisation".into(), ..Default::default() }).unwrap();
    assert_eq!(found.hits[0].example.sharing_label, "öppen", "and so do search results");

    let before = snapshot(&db);
    let refused = db.write(|tx| {
        examples::update(
            tx,
            &example.id,
            &ExampleInput { sharing: "offentlig".into(), ..input("Ny organisation", "2321") },
        )
    });
    match refused {
        Err(Error::Invalid { field, message }) => {
            assert_eq!(field, "sharing");
            assert!(message.contains("inom nätverket") && message.contains("öppen"), "{message}");
        }
        other => panic!("an unknown level is refused at its field, not {other:?}"),
    }
    assert_eq!(snapshot(&db), before, "nothing was written");
}

#[test]
fn examples_logged_before_sharing_levels_existed_stay_inside_the_network() {
    let fixture = TempDatabase::new();
    // Schema 8, before the column: every example then was written for the closed network.
    database_file_at_schema_with_one_example(&fixture, 8);
    let db = fixture.open();
    let upgraded = examples::list(db.conn()).unwrap();
    assert_eq!(upgraded[0].sharing, Sharing::Network, "an upgrade never opens anything");
}

fn open_and_confidential_examples(db: &mut Database) -> (examples::Example, examples::Example) {
    let trust = theme_id(db, "Ökad tillit");
    let open =
        ExampleInput { sharing: "open".into(), theme_ids: vec![trust.clone()], ..input("Öppna samtal", "1480") };
    let confidential = ExampleInput { theme_ids: vec![trust], ..input("Nedläggning av mottagningen", "0180") };
    (db.write(|tx| examples::create(tx, &open)).unwrap(), db.write(|tx| examples::create(tx, &confidential)).unwrap())
}

fn titles_shared(db: &Database, query: &SearchQuery) -> Vec<String> {
    search::search(db.conn(), query).unwrap().hits.into_iter().map(|hit| hit.example.title).collect()
}

#[test]
fn search_narrows_to_open_examples_or_to_those_shared_inside_the_network() {
    let mut db = Database::open_in_memory().unwrap();
    let (open, confidential) = open_and_confidential_examples(&mut db);
    let trust = theme_id(&db, "Ökad tillit");
    let open_only = SearchQuery { sharing: "öppen".into(), ..Default::default() };
    let network_only = SearchQuery { sharing: "nätverket".into(), ..Default::default() };

    assert_eq!(titles_shared(&db, &open_only), [open.title.as_str()]);
    assert_eq!(titles_shared(&db, &network_only), [confidential.title.as_str()]);
    assert_eq!(
        titles_shared(&db, &SearchQuery { sharing: "network".into(), ..Default::default() }),
        titles_shared(&db, &SearchQuery { sharing: "inom nätverket".into(), ..Default::default() }),
        "the code and the label mean the same level"
    );
    assert_eq!(titles_shared(&db, &SearchQuery::default()).len(), 2, "no level given: all examples");
    let with_words_and_theme = SearchQuery { text: "mottagningen".into(), theme_id: trust, ..network_only.clone() };
    assert_eq!(
        titles_shared(&db, &with_words_and_theme),
        [confidential.title.as_str()],
        "combines with words and themes"
    );
    let with_words_elsewhere = SearchQuery { text: "mottagningen".into(), ..open_only.clone() };
    assert!(titles_shared(&db, &with_words_elsewhere).is_empty(), "the words are only in the confidential one");

    let opened = ExampleInput { sharing: "open".into(), ..input("Nedläggning av mottagningen", "0180") };
    db.write(|tx| examples::update(tx, &confidential.id, &opened)).unwrap();
    assert_eq!(titles_shared(&db, &open_only).len(), 2, "opening an example moves it at once");
    assert!(titles_shared(&db, &network_only).is_empty());

    match search::search(db.conn(), &SearchQuery { sharing: "offentlig".into(), ..Default::default() }) {
        Err(Error::Invalid { field, message }) => {
            assert_eq!(field, "sharing");
            assert!(message.contains("öppen"), "{message}");
        }
        other => panic!("an unknown level is refused at its field, not {other:?}"),
    }
}

#[test]
fn a_database_indexed_before_the_sharing_filter_is_reindexed_when_opened() {
    let fixture = TempDatabase::new();
    let (open, confidential, newest) = {
        let mut db = fixture.open();
        let (open, confidential) = open_and_confidential_examples(&mut db);
        let newest = db.write(|tx| examples::create(tx, &input("Senast loggade", "2080"))).unwrap();
        // Back to schema 10: the index then had no sharing tokens.
        let raw = rusqlite::Connection::open(&fixture.path).unwrap();
        raw.execute_batch(&format!(
            "UPDATE examples_fts SET facets = replace(replace(facets, ' dnetwork', ''), ' dopen', '');
             DROP TABLE exchange_folder_own; DROP TABLE exchange_folder_peers; DROP TABLE exchange_folder_files;
             DROP TABLE exchange_recipients; ALTER TABLE exchange_state DROP COLUMN arrived_at; DROP INDEX examples_by_updated;
             DROP TABLE smtp_settings; DROP TABLE meeting_answers; {UNDO_DELETION_NOTES}
             PRAGMA user_version = 10;"
        ))
        .unwrap();
        let old_index = SearchQuery { sharing: "öppen".into(), ..Default::default() };
        assert!(titles_shared(&db, &old_index).is_empty(), "the old index cannot filter by sharing");
        (open, confidential, newest)
    };
    let db = fixture.open();
    assert_eq!(db.schema_version().unwrap(), natverk_core::store::latest_schema_version());
    assert_eq!(titles_shared(&db, &SearchQuery { sharing: "öppen".into(), ..Default::default() }), [open.title]);
    assert_eq!(
        titles_shared(&db, &SearchQuery { sharing: "nätverket".into(), ..Default::default() }),
        [newest.title.clone(), confidential.title],
        "newest first, as before the upgrade"
    );
    assert_eq!(titles_shared(&db, &SearchQuery { text: "senast".into(), ..Default::default() }), [newest.title]);
    assert!(index::is_indexed(db.conn(), &newest.id).unwrap());
}

#[test]
fn collections_hold_only_open_examples_unless_asked_and_say_which_they_hold() {
    let mut db = Database::open_in_memory().unwrap();
    let (open, confidential) = open_and_confidential_examples(&mut db);

    let public = export::collection(db.conn(), &ExportSelection::default()).unwrap();
    assert_eq!(public.example_count, 1);
    assert_eq!(public.confidential_left_out, 1);
    assert!(!public.includes_confidential);
    let shown: Vec<&str> = public.groups.iter().flat_map(|g| g.examples.iter().map(|e| e.id.as_str())).collect();
    assert_eq!(shown, vec![open.id.as_str()]);
    assert_eq!(
        public.scope_note,
        "Samlingen innehåller bara öppna exempel: 1 valt exempel delas bara inom nätverket och är inte med."
    );
    assert_eq!(public.title, "Exempel från nätverket Första linjens socialtjänst", "named after the network");

    // Choosing a confidential example by id does not let it out either.
    let chosen = ExportSelection { example_ids: vec![confidential.id.clone()], ..Default::default() };
    let html = export::render(db.conn(), &chosen, ExportFormat::Html).unwrap();
    assert!(!html.contains("Nedläggning"), "{html}");
    assert!(html.contains("Inga exempel valdes") && html.contains("delas bara inom nätverket och är inte med"));

    let everything = ExportSelection { include_confidential: true, ..Default::default() };
    let internal = export::collection(db.conn(), &everything).unwrap();
    assert_eq!((internal.example_count, internal.confidential_count, internal.confidential_left_out), (2, 1, 0));
    assert!(internal.scope_note.contains("1 exempel som bara delas inom nätverket"), "{}", internal.scope_note);
    let html = export::render(db.conn(), &everything, ExportFormat::Html).unwrap();
    assert!(html.contains("<h3>Nedläggning av mottagningen <span class=\"confidential\">(Inom nätverket)</span></h3>"));
    assert!(html.contains("<dt>Delning</dt><dd>Inom nätverket – får inte spridas utanför nätverket</dd>"));
    assert!(html.contains("<h3>Öppna samtal</h3>"), "open examples carry no mark");
    let markdown = export::render(db.conn(), &everything, ExportFormat::Markdown).unwrap();
    assert!(markdown.contains("### Nedläggning av mottagningen (Inom nätverket)"), "{markdown}");
    assert!(markdown.contains("- **Delning:** Inom nätverket – får inte spridas utanför nätverket"), "{markdown}");
}

#[test]
fn erasing_the_contact_of_a_confidential_example_keeps_the_example_and_its_level() {
    let mut db = Database::open_in_memory().unwrap();
    let member = db
        .write(|tx| {
            natverk_core::members::create(
                tx,
                &natverk_core::members::MemberInput {
                    name: "Karin Berg".into(),
                    email: "karin.berg@are.se".into(),
                    municipality_code: "2321".into(),
                    fss_member: true,
                    status: "active".into(),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    let example = db
        .write(|tx| {
            examples::create(tx, &ExampleInput { contact_member_id: Some(member.id.clone()), ..input("Plan", "2321") })
        })
        .unwrap();
    let extract = natverk_core::privacy::extract(db.conn(), &member.id).unwrap();
    assert!(extract.contains("Plan"), "the register extract names the example she is contact for: {extract}");
    db.write(|tx| natverk_core::privacy::anonymise(tx, &member.id)).unwrap();
    let kept = examples::get(db.conn(), &example.id).unwrap();
    assert_eq!((kept.contact_member, kept.sharing), (None, Sharing::Network));
}
