//! Backups in Inställningar: make one, change something, restore it after confirming, and everything is back.

use natverk_core::{settings, Database};

use crate::harness::{run_app_test, TestResult};

#[tokio::test]
async fn a_backup_made_in_the_app_can_be_restored_after_confirming() {
    run_app_test("backups-restore", |ui, database| async move {
        ui.click("a[data-route='installningar']").await?;
        ui.click("[data-action='create-backup']").await?;
        ui.wait_for_text(".backup-status", "Säkerhetskopian sparades").await?;
        ui.wait_for_text(".backup-list", "Skapad för hand").await?;

        ui.fill("#setting-network_name", "Namn som ska bort igen").await?;
        ui.click("form button[type='submit']").await?;
        ui.wait_for_text("#network-name", "Namn som ska bort igen").await?;

        ui.click("tr:first-child [data-action='restore-backup']").await?;
        ui.wait_for_text("dialog.confirm-dialog", "Återställa säkerhetskopian?").await?;
        ui.click("[data-action='confirm-restore']").await?;
        ui.wait_for_text("main", "Databasen är återställd").await?;
        ui.wait_for_text("#network-name", "Första linjens socialtjänst").await?;
        let stored = settings::load(Database::open(&database)?.conn())?;
        assert_eq!(stored.network_name, "Första linjens socialtjänst");
        ui.wait_for_text(".backup-list", "Före återställning").await?;
        Ok(()) as TestResult
    })
    .await;
}

#[tokio::test]
async fn cancelling_the_confirmation_restores_nothing() {
    run_app_test("backups-cancel", |ui, database| async move {
        ui.click("a[data-route='installningar']").await?;
        ui.click("[data-action='create-backup']").await?;
        ui.wait_for_text(".backup-list", "Skapad för hand").await?;
        ui.fill("#setting-network_name", "Behålls").await?;
        ui.click("form button[type='submit']").await?;
        ui.wait_for_text(".form-status", "sparade").await?;
        ui.click("tr:first-child [data-action='restore-backup']").await?;
        ui.click("[data-action='cancel-restore']").await?;
        assert_eq!(settings::load(Database::open(&database)?.conn())?.network_name, "Behålls");
        Ok(())
    })
    .await;
}
