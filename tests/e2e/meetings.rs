//! The Träffar view as a host sees it.

use crate::harness::{run_app_test, TestResult};

#[tokio::test]
async fn the_meetings_view_lists_the_five_2024_meetings_with_swedish_dates() {
    run_app_test("meetings-list", |ui, _| async move {
        ui.find("li.meeting").await?;
        let meetings = ui.find_all("li.meeting").await?;
        assert_eq!(meetings.len(), 5, "the seeded database has five 2024 meetings");
        let text = ui.page_text().await?;
        for expected in [
            "onsdag 24 januari 2024 kl. 15.00–15.45",
            "torsdag 29 februari 2024 kl. 15.00–15.45",
            "tisdag 26 mars 2024 kl. 15.00–15.45",
            "tisdag 23 april 2024 kl. 15.00–15.45",
            "tisdag 28 maj 2024 kl. 15.00–15.45",
        ] {
            assert!(text.contains(expected), "the view should show {expected:?}; it shows:\n{text}");
        }
        let cancelled = ui.find("li.meeting-cancelled").await?.text().await?;
        assert!(cancelled.contains("29 februari") && cancelled.contains("Inställd"), "{cancelled}");
        Ok(()) as TestResult
    })
    .await;
}

#[tokio::test]
async fn navigation_marks_the_current_area_and_reaches_every_area() {
    run_app_test("navigation", |ui, _| async move {
        ui.wait_for_text("main h1", "Träffar").await?;
        assert_eq!(ui.attribute("a[data-route='traffar']", "aria-current").await?.as_deref(), Some("page"));
        ui.click("a[data-route='installningar']").await?;
        ui.wait_for_text("main h1", "Inställningar").await?;
        assert_eq!(ui.attribute("a[data-route='installningar']", "aria-current").await?.as_deref(), Some("page"));
        assert_eq!(ui.attribute("a[data-route='traffar']", "aria-current").await?, None);
        Ok(())
    })
    .await;
}
