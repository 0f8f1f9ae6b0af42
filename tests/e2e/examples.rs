//! The Exempel view as members use it: log an example, find it by word and theme, link it to a meeting, see hostile text safely.

use natverk_core::examples::{self, ExampleInput};
use natverk_core::examples::{search, themes};
use natverk_core::Database;

use crate::harness::{exports_dir, run_app_test, run_app_test_with, TestResult, Ui};

const THEME: &str = "Enklare ingångar till stöd";

fn theme_id(database: &Database, name: &str) -> String {
    themes::list(database.conn()).unwrap().into_iter().find(|t| t.name == name).expect("a seeded theme").id
}

/// Picks `value` in the <select> matching `select_css` and fires `change`, as choosing from the list does.
/// (Clicking a <select> opens a native GTK menu that WebKitWebDriver cannot always drive.)
async fn choose(ui: &Ui, select_css: &str, value: &str) -> TestResult {
    ui.find(&format!("{select_css} option[value='{value}']")).await?;
    let script = "const s = document.querySelector(arguments[0]); s.value = arguments[1]; \
                  s.dispatchEvent(new Event('change', { bubbles: true }));";
    ui.client.execute(script, vec![serde_json::json!(select_css), serde_json::json!(value)]).await?;
    Ok(())
}

/// Replaces the search text as a person typing would (WebDriver's clear() fires no `input` event).
async fn search_for(ui: &Ui, text: &str) -> TestResult {
    let script = "const i = document.querySelector('#example-search'); i.value = ''; \
                  i.dispatchEvent(new Event('input', { bubbles: true }));";
    ui.client.execute(script, vec![]).await?;
    if !text.is_empty() {
        ui.find("#example-search").await?.send_keys(text).await?;
    }
    Ok(())
}

/// Scrolls `css` into view and saves a screenshot of the window as `target/e2e-screenshots/NAME.png`.
async fn screenshot_of(ui: &Ui, css: &str, name: &str) -> TestResult {
    let element = ui.find(css).await?;
    ui.client
        .execute("arguments[0].scrollIntoView({ block: 'start' });", vec![serde_json::to_value(&element)?])
        .await?;
    let png = ui.client.screenshot().await?;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-screenshots");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join(format!("{name}.png")), png)?;
    Ok(())
}

async fn open_examples(ui: &Ui) -> TestResult {
    ui.click("a[data-route='exempel']").await?;
    ui.wait_for_text("main h1", "Exempel").await?;
    Ok(())
}

#[tokio::test]
async fn an_example_is_logged_for_a_municipality_and_found_by_a_word_and_by_theme() {
    run_app_test("examples-log-and-find", |ui, database| async move {
        let theme = theme_id(&Database::open(&database)?, THEME);
        open_examples(&ui).await?;
        ui.click("a[href='#/exempel/ny']").await?;
        ui.wait_for_text("main h1", "Logga ett exempel").await?;
        ui.fill("#example-title", "Gemensam väg in i Åre").await?;
        ui.fill("#example-summary", "En tillgänglig första kontakt för alla åldrar.").await?;
        ui.fill("#example-body", "Vad: en väg in.\nVarför: invånare hittade inte rätt.").await?;
        choose(&ui, "#example-municipality-picker", "2321").await?;
        ui.click("#example-municipality-add").await?;
        ui.wait_for_text(".chip-list", "Åre").await?;
        ui.click(&format!("input[name='theme_ids'][value='{theme}']")).await?;
        choose(&ui, "#example-stage", "implemented").await?;
        ui.click(".example-form button[type='submit']").await?;
        ui.wait_for_text("main h1", "Gemensam väg in i Åre").await?;
        let facts = ui.find(".example-facts").await?.text().await?;
        assert!(facts.contains("Åre") && facts.contains("Jämtlands län") && facts.contains("Införd"), "{facts}");

        let stored = examples::list(Database::open(&database)?.conn())?;
        assert_eq!(stored.len(), 1, "one example is stored");
        assert_eq!(stored[0].municipalities[0].code, "2321");
        assert_eq!(stored[0].themes[0].name, THEME);

        ui.click(".breadcrumb a").await?;
        ui.wait_for_text("main h1", "Exempel").await?;
        search_for(&ui, "tillgäng").await?;
        ui.wait_for_text(".search-status", "1 exempel hittades").await?;
        let marked = ui.find(".example-hit mark").await?.text().await?;
        assert_eq!(marked.to_lowercase(), "tillgänglig", "the matching word is highlighted");
        search_for(&ui, "TILLGÄNGLIG").await?;
        ui.wait_for_text(".example-hit-title", "Gemensam väg in i Åre").await?;
        search_for(&ui, "finnsinte").await?;
        ui.wait_for_text(".search-status", "Inga exempel").await?;

        search_for(&ui, "").await?;
        choose(&ui, "#filter-theme", &theme).await?;
        ui.wait_for_text(".example-hit-title", "Gemensam väg in i Åre").await?;
        let other_theme = theme_id(&Database::open(&database)?, "Ökad tillit");
        choose(&ui, "#filter-theme", &other_theme).await?;
        ui.wait_for_text(".search-status", "Inga exempel").await?;
        choose(&ui, "#filter-theme", &theme).await?;
        ui.wait_for_text(".example-hit-title", "Gemensam väg in i Åre").await?;
        ui.find(".bar-chart").await?;
        Ok(()) as TestResult
    })
    .await;
}

#[tokio::test]
async fn an_example_is_linked_to_the_meeting_where_it_was_presented() {
    let prepare = |path: &std::path::Path| {
        let mut database = Database::open(path).expect("the test database opens");
        let input = ExampleInput {
            title: "Öppen mottagning utan biståndsbeslut".into(),
            municipality_codes: vec!["1480".into()],
            ..Default::default()
        };
        database.write(|tx| examples::create(tx, &input)).expect("the example is saved");
    };
    run_app_test_with("examples-linked-to-meeting", prepare, |ui, database| async move {
        open_examples(&ui).await?;
        ui.click(".example-hit-title a").await?;
        ui.wait_for_text("main h1", "Öppen mottagning").await?;
        ui.wait_for_text("#presented-heading + p", "inte visats").await?;
        let april = natverk_core::meetings::list(Database::open(&database)?.conn())?
            .into_iter()
            .find(|m| m.date.to_string() == "2024-04-23")
            .expect("the April meeting")
            .id;
        choose(&ui, "#presentation-meeting", &april).await?;
        ui.click(".inline-form button[type='submit']").await?;
        ui.wait_for_text(".presentation-list", "tisdag 23 april 2024 kl. 15.00–15.45").await?;

        let stored = examples::list(Database::open(&database)?.conn())?;
        assert_eq!(stored[0].presentation_count, 1, "the link to the meeting is stored");
        let cancelled_is_offered = ui.find_all("#presentation-meeting option").await?.len();
        assert_eq!(cancelled_is_offered, 5, "four held meetings and the prompt; the cancelled one is not offered");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn hostile_text_is_shown_exactly_nothing_runs_and_a_personnummer_needs_confirmation() {
    run_app_test("examples-hostile-text", |ui, database| async move {
        let title = "Åtgärder för ökad tillgänglighet <img src=x onerror=\"window.__xss=1\">";
        let body =
            "Vi säger \"välkommen\" & 'hej' <script>window.__xss=2</script> Klient 811218-9876 (ska inte stå här).";
        open_examples(&ui).await?;
        ui.click("a[href='#/exempel/ny']").await?;
        ui.fill("#example-title", title).await?;
        ui.fill("#example-body", body).await?;
        choose(&ui, "#example-municipality-picker", "0180").await?;
        ui.click("#example-municipality-add").await?;
        ui.click(".example-form button[type='submit']").await?;
        let warning = ui.wait_for_text(".sensitive-warning", "personnummer").await?;
        assert!(warning.contains("beskrivningen"), "the warning names the field: {warning}");
        assert_eq!(ui.attribute("#example-body", "aria-invalid").await?.as_deref(), Some("true"));
        assert!(examples::list(Database::open(&database)?.conn())?.is_empty(), "nothing is saved before confirming");
        ui.click(".sensitive-warning button").await?;

        ui.wait_for_text("main h1", "Åtgärder för ökad").await?;
        assert_eq!(ui.find("main h1").await?.text().await?, title, "the title is shown exactly as typed");
        let shown_body = ui.find(".example-body").await?.text().await?;
        assert_eq!(shown_body, body, "the body is shown exactly as typed");
        assert!(ui.find_all("main img, main script").await?.is_empty(), "no element was made from the text");
        let xss = ui.client.execute("return typeof window.__xss;", vec![]).await?;
        assert_eq!(xss, serde_json::json!("undefined"), "no script from the text ran");

        let stored = examples::list(Database::open(&database)?.conn())?;
        assert_eq!(stored[0].title, title);
        let found = search::search(
            Database::open(&database)?.conn(),
            &search::SearchQuery { text: "ÅTGÄRD".into(), ..Default::default() },
        )?;
        assert_eq!(found.total, 1);

        ui.click(".breadcrumb a").await?;
        search_for(&ui, "åtgärd").await?;
        // Wait for the ranked result (with its highlighted word), not the unfiltered list shown first.
        ui.wait_for_text(".example-hit-title mark", "Åtgärder").await?;
        let hit_title = ui.find(".example-hit-title").await?.text().await?;
        assert_eq!(hit_title, title, "the highlighted title still reads exactly as typed");
        let xss = ui.client.execute("return typeof window.__xss;", vec![]).await?;
        assert_eq!(xss, serde_json::json!("undefined"), "no script ran in the search results");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn the_print_view_groups_the_chosen_examples_by_theme() {
    let prepare = |path: &std::path::Path| {
        let mut database = Database::open(path).expect("the test database opens");
        for (title, theme) in [("Familjecentral", THEME), ("Trygghetsvandring", "Närvaro i utsatta områden")] {
            let input = ExampleInput {
                title: title.into(),
                summary: "Kort om exemplet.".into(),
                municipality_codes: vec!["0180".into()],
                theme_ids: vec![theme_id(&database, theme)],
                sharing: "open".into(),
                ..Default::default()
            };
            database.write(|tx| examples::create(tx, &input)).expect("the example is saved");
        }
    };
    run_app_test_with("examples-print-view", prepare, |ui, _| async move {
        open_examples(&ui).await?;
        ui.click("a[href='#/exempel/utskrift']").await?;
        ui.wait_for_text(".print-collection", "Trygghetsvandring").await?;
        let headings = ui.find_all(".print-group-heading").await?;
        let mut names = Vec::new();
        for heading in headings {
            names.push(heading.text().await?);
        }
        assert_eq!(names, [THEME, "Närvaro i utsatta områden"], "one group per theme, in Swedish order");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn an_example_stays_inside_the_network_unless_it_is_opened_and_is_marked_where_it_shows() {
    run_app_test("examples-sharing-level", |ui, database| async move {
        open_examples(&ui).await?;
        ui.click("a[href='#/exempel/ny']").await?;
        ui.wait_for_text("fieldset[data-field='sharing']", "Vem får läsa exemplet?").await?;
        let preset =
            ui.client.execute("return document.querySelector('#example-sharing-network').checked;", vec![]).await?;
        assert_eq!(preset, serde_json::json!(true), "inside the network is chosen from the start");
        let violations = ui.accessibility_violations().await?;
        assert!(violations.is_empty(), "the form with its sharing choice: {violations:#?}");
        screenshot_of(&ui, "fieldset[data-field='links']", "examples-sharing-choice").await?;
        ui.fill("#example-title", "Ny organisation av mottagningen").await?;
        choose(&ui, "#example-municipality-picker", "2080").await?;
        ui.click("#example-municipality-add").await?;
        ui.click(".example-form button[type='submit']").await?;
        ui.wait_for_text("main h1", "Ny organisation av mottagningen").await?;
        ui.wait_for_text(".view-example .badge-confidential", "Inom nätverket").await?;
        let facts = ui.find(".example-facts").await?.text().await?;
        assert!(facts.contains("Delning") && facts.contains("Inom nätverket"), "{facts}");
        let stored = examples::list(Database::open(&database)?.conn())?;
        assert_eq!(stored[0].sharing, natverk_core::sharing::Sharing::Network);

        ui.click(".breadcrumb a").await?;
        ui.wait_for_text(".example-hit-title", "Ny organisation").await?;
        ui.wait_for_text(".example-hit-facts .badge-confidential", "Inom nätverket").await?;

        // Opened by its author: the mark goes, and the stored level follows.
        ui.click(".example-hit-title a").await?;
        ui.click("a[href$='/andra']").await?;
        ui.click("#example-sharing-open").await?;
        ui.click(".example-form button[type='submit']").await?;
        ui.wait_for_text(".example-facts", "Öppen").await?;
        assert!(ui.find_all(".view-example .badge-confidential").await?.is_empty(), "an open example has no mark");
        let stored = examples::list(Database::open(&database)?.conn())?;
        assert_eq!(stored[0].sharing, natverk_core::sharing::Sharing::Open);

        // Back inside the network, ending on the page that shows the mark.
        ui.click("a[href$='/andra']").await?;
        ui.click("#example-sharing-network").await?;
        ui.click(".example-form button[type='submit']").await?;
        ui.wait_for_text(".view-example .badge-confidential", "Inom nätverket").await?;
        Ok(()) as TestResult
    })
    .await;
}

#[tokio::test]
async fn the_print_view_and_its_exports_leave_out_confidential_examples_until_included() {
    let prepare = |path: &std::path::Path| {
        let mut database = Database::open(path).expect("the test database opens");
        for (title, sharing) in [("Öppen mottagning", "open"), ("Planerad sammanslagning av enheter", "network")] {
            let input = ExampleInput {
                title: title.into(),
                summary: "Kort om exemplet.".into(),
                municipality_codes: vec!["0180".into()],
                theme_ids: vec![theme_id(&database, THEME)],
                sharing: sharing.into(),
                ..Default::default()
            };
            database.write(|tx| examples::create(tx, &input)).expect("the example is saved");
        }
    };
    run_app_test_with("examples-print-confidential", prepare, |ui, database| async move {
        open_examples(&ui).await?;
        ui.click("a[href='#/exempel/utskrift']").await?;
        ui.wait_for_text(".print-collection", "Öppen mottagning").await?;
        ui.wait_for_text("#print-scope", "bara öppna exempel").await?;
        ui.wait_for_text("#print-scope", "1 valt exempel delas bara inom nätverket och är inte med").await?;
        let collection = ui.find(".print-collection").await?.text().await?;
        assert!(!collection.contains("sammanslagning"), "the confidential example is left out: {collection}");
        let chooser = ui.find(".print-chooser").await?.text().await?;
        assert!(
            chooser.contains("Planerad sammanslagning av enheter Inom nätverket"),
            "marked in the chooser: {chooser}"
        );

        ui.click(".print-scope ~ .form-actions button:nth-of-type(3)").await?;
        ui.wait_for_text(".view-example-print .notice-success", "1 exempel sparades").await?;
        let exported = std::fs::read_dir(exports_dir(&database))?.next().ok_or("an exported file")??.path();
        let html = std::fs::read_to_string(&exported)?;
        assert!(html.contains("Öppen mottagning") && !html.contains("sammanslagning"), "{html}");
        assert!(html.contains("Samlingen innehåller bara öppna exempel"), "the file says what it holds");
        std::fs::remove_file(&exported)?;

        ui.click("#print-include-confidential").await?;
        ui.wait_for_text(".print-collection", "Planerad sammanslagning av enheter").await?;
        ui.wait_for_text("#print-scope", "1 exempel som bara delas inom nätverket").await?;
        ui.wait_for_text(".print-example .badge-confidential", "Inom nätverket").await?;
        let violations = ui.accessibility_violations().await?;
        assert!(violations.is_empty(), "the print view with confidential examples: {violations:#?}");
        ui.click(".print-scope ~ .form-actions button:nth-of-type(3)").await?;
        ui.wait_for_text(".view-example-print .notice-success", "2 exempel sparades").await?;
        let exported = std::fs::read_dir(exports_dir(&database))?.next().ok_or("an exported file")??.path();
        let html = std::fs::read_to_string(&exported)?;
        assert!(
            html.contains("Planerad sammanslagning av enheter <span class=\"confidential\">(Inom nätverket)</span>")
        );
        Ok(()) as TestResult
    })
    .await;
}

#[tokio::test]
async fn the_delning_filter_shows_all_open_or_confidential_examples() {
    let prepare = |path: &std::path::Path| {
        let mut database = Database::open(path).expect("the test database opens");
        for (title, sharing) in
            [("Öppen mottagning för unga", "open"), ("Planerad sammanslagning av mottagningen", "network")]
        {
            let input = ExampleInput {
                title: title.into(),
                municipality_codes: vec!["0180".into()],
                sharing: sharing.into(),
                ..Default::default()
            };
            database.write(|tx| examples::create(tx, &input)).expect("the example is saved");
        }
    };
    run_app_test_with("examples-sharing-filter", prepare, |ui, _database| async move {
        open_examples(&ui).await?;
        ui.wait_for_text(".search-status", "2 exempel hittades").await?;
        let label = ui.find("label[for='filter-sharing']").await?.text().await?;
        assert_eq!(label, "Delning", "the filter is named by its visible label");
        let options = ui.find("#filter-sharing").await?.text().await?;
        assert!(
            options.contains("Alla exempel") && options.contains("Inom nätverket") && options.contains("Öppen"),
            "{options}"
        );

        choose(&ui, "#filter-sharing", "open").await?;
        ui.wait_for_text(".search-status", "1 exempel hittades").await?;
        let hits = ui.find(".example-hits").await?.text().await?;
        assert!(hits.contains("Öppen mottagning för unga") && !hits.contains("sammanslagning"), "{hits}");

        choose(&ui, "#filter-sharing", "network").await?;
        ui.wait_for_text(".example-hit-title", "Planerad sammanslagning av mottagningen").await?;
        ui.wait_for_text(".example-hit-facts .badge-confidential", "Inom nätverket").await?;
        let hits = ui.find(".example-hits").await?.text().await?;
        assert!(!hits.contains("för unga"), "only the confidential example: {hits}");
        search_for(&ui, "unga").await?;
        ui.wait_for_text(".search-status", "Inga exempel").await?;
        search_for(&ui, "mottagningen").await?;
        ui.wait_for_text(".search-status", "1 exempel hittades").await?;
        let violations = ui.accessibility_violations().await?;
        assert!(violations.is_empty(), "the search with the Delning filter: {violations:#?}");
        screenshot_of(&ui, "#examples-results-heading", "examples-sharing-filter-chosen").await?;

        // Coming back from an example keeps the filter, as it keeps the other filters.
        ui.click(".example-hit-title a").await?;
        ui.wait_for_text("main h1", "Planerad sammanslagning").await?;
        ui.click(".breadcrumb a").await?;
        ui.wait_for_text(".search-status", "1 exempel hittades").await?;
        let chosen = ui.client.execute("return document.querySelector('#filter-sharing').value;", vec![]).await?;
        assert_eq!(chosen, serde_json::json!("network"));
        choose(&ui, "#filter-sharing", "").await?;
        search_for(&ui, "").await?;
        ui.wait_for_text(".search-status", "2 exempel hittades").await?;
        Ok(()) as TestResult
    })
    .await;
}
