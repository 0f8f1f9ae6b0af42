//! The Bevakning view as hosts use it: register a remiss with a deadline, see it first in the list, print the overview without confidential assessments.

use natverk_core::proposals::{self, ProposalInput};
use natverk_core::Database;

use crate::harness::{run_app_test_with, Ui};

/// A proposal already followed, decided and coming into force later than the remiss the test registers.
fn one_later_proposal(path: &std::path::Path) {
    let mut database = Database::open(path).unwrap();
    let input = ProposalInput {
        title: "Ny socialtjänstlag".into(),
        reference: "prop. 2024/25:89".into(),
        in_force_on: "2099-07-01".into(),
        status: "beslutad".into(),
        assessment: "Vi planerar att slå ihop två enheter.".into(),
        ..Default::default()
    };
    database.write(|tx| proposals::create(tx, &input)).unwrap();
}

async fn list_titles(ui: &Ui) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let mut titles = Vec::new();
    for item in ui.find_all(".proposal-item h3").await? {
        titles.push(item.text().await?);
    }
    Ok(titles)
}

#[tokio::test]
async fn a_remiss_with_a_deadline_is_registered_and_listed_first() {
    run_app_test_with("proposals-remiss-first", one_later_proposal, |ui, database| async move {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let links = |path: &std::path::Path| -> Result<Vec<(String, String)>, Box<dyn std::error::Error>> {
            let stored = proposals::list(Database::open(path)?.conn(), today)?;
            let remiss = stored.iter().find(|p| p.title == "Tidigt stöd i socialtjänsten").ok_or("saved")?;
            Ok(remiss.links.iter().map(|l| (l.url.clone(), l.label.clone())).collect())
        };
        ui.click("a[data-route='bevakning']").await?;
        ui.wait_for_text("main h1", "Bevakning").await?;
        ui.wait_for_text(".proposal-list", "Ny socialtjänstlag").await?;

        ui.click("a[href='#/bevakning/ny']").await?;
        ui.wait_for_text("main h1", "Nytt förslag att bevaka").await?;
        ui.fill("#proposal-title", "Tidigt stöd i socialtjänsten").await?;
        ui.fill("#proposal-reference", "Ds 2098:3").await?;
        ui.fill("#proposal-remiss_deadline", "2098-13-01").await?;
        ui.click(".proposal-form button[type='submit']").await?;
        ui.wait_for_text("#proposal-remiss_deadline-error", "inget giltigt datum").await?;
        let violations = ui.accessibility_violations().await?;
        assert!(violations.is_empty(), "the proposal form: {violations:#?}");
        ui.fill("#proposal-remiss_deadline", "2098-01-15").await?;
        ui.fill("#proposal-link-url-1", "https://www.regeringen.se/remisser/").await?;
        ui.click(".proposal-form button[type='submit']").await?;
        ui.wait_for_text("main h1", "Tidigt stöd i socialtjänsten").await?;
        ui.wait_for_text(".proposal-facts-list", "På remiss").await?;
        ui.wait_for_text(".proposal-facts-list", "Remisstiden går ut 15 januari 2098").await?;
        let violations = ui.accessibility_violations().await?;
        assert!(violations.is_empty(), "a proposal page: {violations:#?}");

        assert_eq!(links(&database)?, [("https://www.regeringen.se/remisser/".to_string(), String::new())]);
        // Every link can be edited: change the first, add a second with its text, then remove the first.
        ui.click("a[href$='/andra']").await?;
        ui.wait_for_text("main h1", "Ändra").await?;
        ui.fill("#proposal-link-url-1", "https://www.regeringen.se/remisser/tidigt-stod/").await?;
        ui.click("[data-field='links'] > button").await?;
        ui.fill("#proposal-link-url-2", "https://www.socialstyrelsen.se/").await?;
        ui.fill("#proposal-link-label-2", "Socialstyrelsens vägledning").await?;
        ui.click(".proposal-form button[type='submit']").await?;
        ui.wait_for_text(".proposal-facts-list", "På remiss").await?;
        assert_eq!(
            links(&database)?,
            [
                ("https://www.regeringen.se/remisser/tidigt-stod/".to_string(), String::new()),
                ("https://www.socialstyrelsen.se/".to_string(), "Socialstyrelsens vägledning".to_string())
            ]
        );
        ui.click("a[href$='/andra']").await?;
        ui.wait_for_text("main h1", "Ändra").await?;
        ui.click("button[aria-label='Ta bort länken 1']").await?;
        ui.click(".proposal-form button[type='submit']").await?;
        ui.wait_for_text(".proposal-facts-list", "På remiss").await?;
        assert_eq!(
            links(&database)?,
            [("https://www.socialstyrelsen.se/".to_string(), "Socialstyrelsens vägledning".to_string())],
            "the removed link is gone, the other kept with its text"
        );

        ui.click(".breadcrumb a").await?;
        ui.wait_for_text("#proposals-heading", "2 förslag").await?;
        assert_eq!(
            list_titles(&ui).await?,
            ["Tidigt stöd i socialtjänsten", "Ny socialtjänstlag"],
            "nearest deadline first"
        );

        ui.click("a[href='#/bevakning/oversikt']").await?;
        ui.wait_for_text(".overview-includes", "1 bedömning inom nätverket är inte med").await?;
        assert!(!ui.page_text().await?.contains("slå ihop"), "the confidential assessment stays out");
        ui.click("#overview-include-confidential").await?;
        ui.wait_for_text(".print-collection", "slå ihop två enheter").await?;
        ui.wait_for_text(".confidential-mark", "INOM NÄTVERKET").await?;
        let violations = ui.accessibility_violations().await?;
        assert!(violations.is_empty(), "the overview: {violations:#?}");
        Ok(())
    })
    .await;
}
