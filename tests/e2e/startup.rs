//! Starting the app on a file that is not its database: a clear message in the window, not a crash.

use crate::harness::{run_app_test_with, TestResult};

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
