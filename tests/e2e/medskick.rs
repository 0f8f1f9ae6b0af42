//! The Medskick view as hosts use it: log medskick at a meeting, move one to framförd, compile them for SKR with and without confidential ones.

use natverk_core::medskick::{self, MedskickInput};
use natverk_core::Database;

use crate::harness::{exports_dir, run_app_test_with, TestResult, Ui};

/// Picks `value` in the <select> matching `select_css` and fires `change` (native GTK menus cannot be driven).
async fn choose(ui: &Ui, select_css: &str, value: &str) -> TestResult {
    ui.find(&format!("{select_css} option[value='{value}']")).await?;
    let script = "const s = document.querySelector(arguments[0]); s.value = arguments[1]; \
                  s.dispatchEvent(new Event('change', { bubbles: true }));";
    ui.client.execute(script, vec![serde_json::json!(select_css), serde_json::json!(value)]).await?;
    Ok(())
}

fn january_meeting(database: &Database) -> String {
    natverk_core::meetings::list(database.conn())
        .unwrap()
        .into_iter()
        .find(|m| m.date.to_string() == "2024-01-24")
        .expect("the seeded January meeting")
        .id
}

/// Two medskick raised at the January meeting before the app starts: one open, one only for the network.
fn two_medskick_at_january(path: &std::path::Path) {
    let mut database = Database::open(path).unwrap();
    let meeting_id = january_meeting(&database);
    for (title, sharing) in
        [("Statistik om väntetider till första linjen", "öppen"), ("Planerad omorganisation i Umeå", "nätverket")]
    {
        let input = MedskickInput {
            title: title.into(),
            description: "Behöver lyftas med SKR.".into(),
            meeting_id: meeting_id.clone(),
            addressee: "skr".into(),
            sharing: sharing.into(),
            ..Default::default()
        };
        database.write(|tx| medskick::create(tx, &input)).unwrap();
    }
}

#[tokio::test]
async fn medskick_are_logged_at_a_meeting_moved_on_and_compiled_for_skr() {
    run_app_test_with("medskick-log-status-compile", two_medskick_at_january, |ui, database| async move {
        let meeting_id = january_meeting(&Database::open(&database)?);
        ui.click("a[data-route='medskick']").await?;
        ui.wait_for_text("main h1", "Medskick").await?;
        ui.wait_for_text(".search-status", "2 medskick").await?;

        ui.click("a[href='#/medskick/ny']").await?;
        ui.wait_for_text("main h1", "Nytt medskick").await?;
        ui.click(".medskick-form button[type='submit']").await?;
        ui.wait_for_text("#medskick-title-error", "Rubriken måste fyllas i").await?;
        let violations = ui.accessibility_violations().await?;
        assert!(violations.is_empty(), "the medskick form: {violations:#?}");
        ui.fill("#medskick-title", "Tydligare uppdrag för första linjen").await?;
        ui.fill("#medskick-description", "En gemensam definition av tillgänglighet behövs.").await?;
        choose(&ui, "#medskick-addressee", "skr").await?;
        choose(&ui, "#medskick-meeting_id", &meeting_id).await?;
        choose(&ui, "#medskick-municipality_code", "2321").await?;
        ui.click("#medskick-sharing-open").await?;
        ui.click(".medskick-form button[type='submit']").await?;
        ui.wait_for_text("main h1", "Tydligare uppdrag för första linjen").await?;
        let facts = ui.find(".medskick-facts").await?.text().await?;
        assert!(facts.contains("Ny") && facts.contains("SKR") && facts.contains("Åre"), "{facts}");
        assert!(facts.contains("onsdag 24 januari 2024"), "the meeting is named: {facts}");

        choose(&ui, "#medskick-next-status", "delivered").await?;
        ui.fill("#medskick-status-date", "2024-02-10").await?;
        ui.fill("#medskick-answer", "SKR tar upp frågan i sitt nätverk.").await?;
        ui.click(".medskick-status-form button[type='submit']").await?;
        ui.wait_for_text(".medskick-facts", "Framförd").await?;
        ui.wait_for_text(".medskick-facts", "10 februari 2024").await?;
        ui.wait_for_text(".medskick-answer", "SKR tar upp frågan").await?;
        // A date typed wrong is corrected by choosing the same status again.
        choose(&ui, "#medskick-next-status", "delivered").await?;
        ui.fill("#medskick-status-date", "2024-02-12").await?;
        ui.fill("#medskick-answer", "SKR tar upp frågan i sitt nätverk i mars.").await?;
        ui.click(".medskick-status-form button[type='submit']").await?;
        ui.wait_for_text(".medskick-facts", "12 februari 2024").await?;
        ui.wait_for_text(".medskick-answer", "i mars").await?;
        let violations = ui.accessibility_violations().await?;
        assert!(violations.is_empty(), "a medskick page: {violations:#?}");

        let stored = medskick::list(Database::open(&database)?.conn(), None)?;
        assert_eq!(stored.len(), 3, "three medskick are stored");
        assert!(stored.iter().all(|m| m.meeting.as_ref().map(|x| &x.id) == Some(&meeting_id)));

        ui.click(".breadcrumb a").await?;
        ui.wait_for_text(".search-status", "3 medskick").await?;
        ui.find("#medskick-search").await?.send_keys("väntetid").await?;
        ui.wait_for_text(".search-status", "1 medskick").await?;
        assert_eq!(ui.find(".medskick-hit mark").await?.text().await?.to_lowercase(), "väntetider");
        let clear = "const i = document.querySelector('#medskick-search'); i.value = ''; \
                     i.dispatchEvent(new Event('input', { bubbles: true }));";
        ui.client.execute(clear, vec![]).await?;
        choose(&ui, "#medskick-filter-meeting", &meeting_id).await?;
        ui.wait_for_text(".search-status", "3 medskick").await?;

        ui.click("a[href='#/medskick/sammanstallning']").await?;
        ui.wait_for_text("main h1", "Sammanställning av medskick").await?;
        choose(&ui, "#compile-addressee", "skr").await?;
        ui.wait_for_text(".compile-title", "till SKR").await?;
        let open_only = ui.find(".print-collection").await?.text().await?;
        assert!(
            open_only.contains("Tydligare uppdrag") && open_only.contains("Statistik om väntetider"),
            "{open_only}"
        );
        assert!(!open_only.contains("Umeå"), "the confidential medskick is left out: {open_only}");
        assert!(open_only.contains("1 medskick som bara får delas inom nätverket är inte med"), "{open_only}");

        ui.click("#compile-include-confidential").await?;
        ui.wait_for_text(".print-collection", "Planerad omorganisation i Umeå").await?;
        ui.wait_for_text(".confidential-mark", "INOM NÄTVERKET").await?;
        let violations = ui.accessibility_violations().await?;
        assert!(violations.is_empty(), "the compilation: {violations:#?}");

        let export = ui.find_all(".form-actions .button").await?;
        for button in export {
            if button.text().await? == "Spara som CSV för Excel" {
                button.click().await?;
            }
        }
        ui.wait_for_text(".form-status", "3 medskick sparades").await?;
        let bytes = std::fs::read(exports_dir(&database).join("medskick.csv"))?;
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with BOM for Excel");
        let text = String::from_utf8(bytes)?;
        assert!(text.contains("Mottagare;Teman;Rubrik"), "{text}");
        assert!(text.contains("INOM NÄTVERKET"), "the confidential row is marked: {text}");
        Ok(())
    })
    .await;
}
