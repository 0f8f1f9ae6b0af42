//! Backups in Inställningar: make one, change something, restore it after confirming, and everything is back;
//! another installation's backup is named as such in the confirmation and this installation keeps its identity.

use chrono::{TimeZone, Utc};
use natverk_core::store::backup::{self, Reason};
use natverk_core::{exchange, settings, Database};

use crate::harness::{run_app_test, run_app_test_with, TestResult};

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

const THEIR_BACKUP: &str = "natverket-20240102-090000-manuell.sqlite3";

#[tokio::test]
async fn another_installations_backup_is_named_before_restoring_and_this_installation_keeps_its_identity() {
    let put_their_backup_in_the_list = |database: &std::path::Path| {
        let theirs = database.with_file_name("deras.sqlite3");
        let mut other = Database::open(&theirs).expect("their database");
        let current = settings::load(other.conn()).expect("their settings");
        other
            .write(|tx| {
                settings::save(
                    tx,
                    &settings::NetworkSettings { network_name: "Nätverket i Norrbotten".into(), ..current },
                )
            })
            .expect("their network name");
        let made = Utc.with_ymd_and_hms(2024, 1, 2, 9, 0, 0).unwrap();
        let copy = backup::backup_now(other.conn(), database, Reason::Manual, made).expect("their backup");
        assert!(copy.ends_with(THEIR_BACKUP), "{}", copy.display());
    };
    run_app_test_with("backups-other-installation", put_their_backup_in_the_list, |ui, database| async move {
        let ours = exchange::identity(Database::open(&database)?.conn())?;
        ui.click("a[data-route='installningar']").await?;
        let row = format!("tr[data-file-name='{THEIR_BACKUP}'] [data-action='restore-backup']");
        ui.click(&row).await?;
        ui.wait_for_text("dialog.confirm-dialog", "annan installation").await?;
        ui.wait_for_text("dialog.confirm-dialog", "Nätverket i Norrbotten").await?;
        ui.click("[data-action='confirm-restore']").await?;
        ui.wait_for_text("main", "Databasen är återställd").await?;
        ui.wait_for_text("#network-name", "Nätverket i Norrbotten").await?;
        assert_eq!(exchange::identity(Database::open(&database)?.conn())?, ours, "this installation is still itself");
        assert_private_files(&database);
        Ok(()) as TestResult
    })
    .await;
}

/// On Unix the app's data folder, its log folder and the backups folder are the owner's alone, and so
/// are the database, the backups and the log files in them.
fn assert_private_files(database: &std::path::Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode =
            |path: &std::path::Path| std::fs::metadata(path).map(|m| m.permissions().mode() & 0o777).unwrap_or(0);
        let app_data = database.with_file_name("xdg-data").join("se.fss.natverket");
        let backups = backup::backup_folder(database);
        for folder in [app_data.clone(), app_data.join("logs"), backups.clone()] {
            assert_eq!(mode(&folder), 0o700, "{}", folder.display());
        }
        let logs = std::fs::read_dir(app_data.join("logs")).expect("the log folder").filter_map(|e| e.ok());
        let backup_files = std::fs::read_dir(&backups).expect("the backups").filter_map(|e| e.ok());
        for file in logs.chain(backup_files).map(|e| e.path()).chain([database.to_path_buf()]) {
            assert_eq!(mode(&file), 0o600, "{}", file.display());
        }
    }
}
