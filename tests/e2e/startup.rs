//! Starting the app: a clear message in the window when the file is not its database, the first view drawn with the app's own font and from the answers read as the app started.

use crate::harness::{run_app_test, run_app_test_with, TestResult};

#[tokio::test]
async fn a_file_that_is_not_a_database_is_explained_in_the_window() {
    run_app_test_with(
        "startup-not-a-database",
        |database| {
            std::fs::write(database, b"Det h\xc3\xa4r \xc3\xa4r ett kalkylark, ingen databas.\n".repeat(200))
                .expect("write the decoy file")
        },
        |ui, database| async move {
            ui.wait_for_text("main h1", "Databasen kunde inte öppnas").await?;
            let text = ui.page_text().await?;
            assert!(text.contains("är inte en databas för Nätverket"), "{text}");
            let untouched = std::fs::read(&database)?;
            assert!(untouched.starts_with("Det här är ett kalkylark".as_bytes()), "the file must be left as it was");
            Ok(()) as TestResult
        },
    )
    .await;
}

#[tokio::test]
async fn the_window_draws_its_text_with_the_apps_own_font() {
    run_app_test("startup-own-font", |ui, _database| async move {
        ui.wait_for_text("main h1", "Översikt").await?;
        // Both faces of the font in ui/fonts are on Översikt (headings in bold, text in regular):
        // a missing file, or a content policy that refused it, would leave a face unloaded.
        let faces = ui
            .client
            .execute_async(
                "const done = arguments[0]; document.fonts.ready.then(() => done([...document.fonts]\
                 .map((face) => `${face.family.replaceAll('\"', '')} ${face.weight} ${face.status}`).sort()));",
                vec![],
            )
            .await?;
        assert_eq!(faces, serde_json::json!(["Nätverket Sans 400 loaded", "Nätverket Sans 700 loaded"]));
        let body_font = ui.client.execute("return getComputedStyle(document.body).fontFamily;", vec![]).await?;
        assert_eq!(body_font, serde_json::json!("\"Nätverket Sans\", sans-serif"));
        Ok(()) as TestResult
    })
    .await;
}

/// How many times this load of the page took the answers the app read as it started (api.js marks it).
const ANSWERS_READ_AHEAD_TAKEN: &str = "return performance.getEntriesByName('first-view-answers-read-ahead').length;";

#[tokio::test]
async fn the_start_page_is_drawn_from_the_answers_read_as_the_app_started_and_a_reload_asks_again() {
    run_app_test("startup-answers-read-ahead", |ui, _database| async move {
        ui.wait_for_text("main h1", "Översikt").await?;
        ui.wait_for_text("#network-name", "Första linjens socialtjänst").await?;
        ui.wait_for_text("#overview-past", "Senaste träffarna").await?;
        let past = ui.page_text().await?;
        assert_eq!(ui.client.execute(ANSWERS_READ_AHEAD_TAKEN, vec![]).await?, serde_json::json!(1));

        // A reload (as after a switch of network) gets the same view through the commands.
        ui.reload().await?;
        ui.wait_for_text("#overview-past", "Senaste träffarna").await?;
        ui.wait_for_text("#network-name", "Första linjens socialtjänst").await?;
        assert_eq!(ui.client.execute(ANSWERS_READ_AHEAD_TAKEN, vec![]).await?, serde_json::json!(0));
        assert_eq!(ui.page_text().await?, past, "the reloaded start page shows the same");
        Ok(()) as TestResult
    })
    .await;
}
