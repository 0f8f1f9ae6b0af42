//! The app after years of use (2,353 members, 505 meetings, thousands of examples): every view shows a page, never thousands of rows.

use fantoccini::Locator;
use natverk_core::demo::{self, DemoSize};
use natverk_core::Database;

use crate::harness::{run_app_test_with, TestResult, Ui};

/// More elements than this in one view means a list is rendered whole instead of paged.
const MOST_ELEMENTS_PER_VIEW: u64 = 1_500;

async fn elements_in_page(ui: &Ui) -> Result<u64, Box<dyn std::error::Error>> {
    let count = ui.client.execute("return document.getElementsByTagName('*').length;", vec![]).await?;
    Ok(count.as_u64().unwrap_or(u64::MAX))
}

async fn open(ui: &Ui, route: &str) -> TestResult {
    ui.click(&format!("a[data-route='{route}']")).await?;
    ui.find(&format!("a[data-route='{route}'][aria-current='page']")).await?;
    ui.client.wait().for_element(Locator::Css("main[aria-busy='false'] h1")).await?;
    Ok(())
}

#[tokio::test]
async fn every_view_shows_a_page_of_a_large_network_and_more_on_request() {
    run_app_test_with(
        "scale-views",
        |database| {
            let mut db = Database::open(database).expect("the test database opens");
            let size = DemoSize { examples: 3_000, ..DemoSize::default() };
            demo::generate(&mut db, &size).expect("the scale data is generated");
        },
        |ui, _| async move {
            ui.client.wait().for_element(Locator::Css("main[aria-busy='false'] h1")).await?;
            let mut sizes = Vec::new();
            for route in ui.nav_routes().await? {
                open(&ui, &route).await?;
                let elements = elements_in_page(&ui).await?;
                sizes.push(format!("{route}: {elements}"));
                let violations = ui.accessibility_violations().await?;
                assert!(violations.is_empty(), "#{route} with a large network: {violations:?}");
            }
            for size in &sizes {
                let elements: u64 = size.rsplit(' ').next().and_then(|n| n.parse().ok()).unwrap_or(u64::MAX);
                assert!(elements <= MOST_ELEMENTS_PER_VIEW, "a view renders too much at once: {sizes:?}");
            }

            // Träffar: 20 of the 505 past meetings, the next 20 on request, focus kept on the button.
            open(&ui, "traffar").await?;
            let earlier = "section[aria-labelledby='earlier-heading']";
            assert_eq!(ui.find_all(&format!("{earlier} li.meeting")).await?.len(), 20);
            ui.click(&format!("{earlier} button")).await?;
            assert_eq!(ui.find_all(&format!("{earlier} li.meeting")).await?.len(), 40);
            ui.wait_for_text(&format!("{earlier} button"), "Visa fler (").await?;
            // Page by page to the end: the button goes, and focus lands on the first meeting it added.
            for _ in 0..30 {
                let button = ui.find(&format!("{earlier} button")).await?;
                if !button.is_displayed().await? {
                    break;
                }
                button.click().await?;
            }
            assert_eq!(ui.find_all(&format!("{earlier} li.meeting")).await?.len(), 505, "every past meeting");
            let focused = ui.focused().await?;
            assert!(focused.starts_with("a#"), "focus is on the first added meeting's link: {focused}");

            // Kommuner: 60 of the 290 at first, all of them after the button's clicks.
            open(&ui, "kommuner").await?;
            assert_eq!(ui.find_all(".municipalities-table tbody tr").await?.len(), 60);
            ui.wait_for_text(".view-municipalities", "Visar 60 av 290 kommuner.").await?;
            for _ in 0..4 {
                ui.click(".view-municipalities > button").await?;
            }
            assert_eq!(ui.find_all(".municipalities-table tbody tr").await?.len(), 290);
            let focused = ui.focused().await?;
            assert!(focused.starts_with("th#"), "focus moves to the first municipality added last: {focused}");

            // Exempel: a page of 20 of the 3,000 examples.
            open(&ui, "exempel").await?;
            let status = ui.wait_for_text("main", "exempel hittades, visar 1–20.").await?;
            assert!(status.contains("3\u{a0}000 exempel") || status.contains("3 000 exempel"), "{status}");
            assert_eq!(ui.find_all(".example-hits > li").await?.len(), 20);
            Ok(()) as TestResult
        },
    )
    .await;
}
