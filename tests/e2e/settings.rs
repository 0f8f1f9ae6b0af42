//! The Inställningar view: the backend validates, errors show at the field, nothing invalid is saved.

use natverk_core::{settings, Database};

use crate::harness::{run_app_test, TestResult};

#[tokio::test]
async fn an_invalid_e_mail_is_refused_at_the_field_and_nothing_is_saved() {
    run_app_test("settings-invalid-email", |ui, database| async move {
        ui.click("a[data-route='installningar']").await?;
        ui.fill("#setting-organizer_email", "inte-en-adress").await?;
        ui.fill("#setting-network_name", "Ett nytt namn som inte ska sparas").await?;
        ui.click("form button[type='submit']").await?;
        let message = ui.wait_for_text("#setting-organizer_email-error", "ingen giltig e-postadress").await?;
        assert!(message.contains("inte-en-adress"), "{message}");
        assert_eq!(ui.attribute("#setting-organizer_email", "aria-invalid").await?.as_deref(), Some("true"));

        let stored = settings::load(Database::open(&database)?.conn())?;
        assert_eq!(stored.network_name, "Första linjens socialtjänst", "an invalid form must write nothing");
        assert_eq!(stored.organizer_email, "");
        Ok(()) as TestResult
    })
    .await;
}

#[tokio::test]
async fn valid_settings_are_saved_normalised_and_shown_in_the_header() {
    run_app_test("settings-saved", |ui, database| async move {
        ui.click("a[data-route='installningar']").await?;
        ui.fill("#setting-organizer_email", "natverk@fss.se").await?;
        ui.fill("#setting-organizer_name", "Åsa Öberg").await?;
        ui.fill("#setting-default_start", "14.30").await?;
        ui.fill("#setting-default_end", "15:15").await?;
        ui.fill("#setting-teams_url", "https://teams.microsoft.com/l/meetup-join/19%3ameeting").await?;
        ui.fill("#setting-network_name", "Första linjens socialtjänst – Norr").await?;
        ui.click("form button[type='submit']").await?;
        ui.wait_for_text(".form-status", "Inställningarna är sparade").await?;
        ui.wait_for_text("#network-name", "Första linjens socialtjänst – Norr").await?;

        let stored = settings::load(Database::open(&database)?.conn())?;
        assert_eq!(stored.organizer_email, "natverk@fss.se");
        assert_eq!(stored.organizer_name, "Åsa Öberg");
        assert_eq!((stored.default_start.as_str(), stored.default_end.as_str()), ("14:30", "15:15"));
        assert_eq!(stored.network_name, "Första linjens socialtjänst – Norr");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn an_end_before_the_start_is_explained_at_the_end_field() {
    run_app_test("settings-end-before-start", |ui, _| async move {
        ui.click("a[data-route='installningar']").await?;
        ui.fill("#setting-default_end", "14.00").await?;
        ui.click("form button[type='submit']").await?;
        ui.wait_for_text("#setting-default_end-error", "måste vara senare än standardstarten").await?;
        Ok(())
    })
    .await;
}
