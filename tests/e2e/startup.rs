//! Starting the app: a clear message in the window when the file is not its database, and the first view drawn with the app's own font.

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
