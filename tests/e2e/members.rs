//! The Medlemmar and Kommuner views: adding members, the FSS-membership rule, and importing a list from Excel.

use natverk_core::members::{self, MemberStatus};
use natverk_core::Database;

use crate::harness::{run_app_test, TestResult, Ui};

async fn open_members(ui: &Ui) -> TestResult {
    ui.click("a[data-route='medlemmar']").await?;
    ui.wait_for_text("main h1", "Medlemmar").await?;
    Ok(())
}

async fn fill_new_member(ui: &Ui, name: &str, email: &str) -> TestResult {
    ui.click("button[data-action='add-member']").await?;
    ui.fill("#member-name", name).await?;
    ui.fill("#member-title", "Socialchef").await?;
    ui.find("#member-municipality_code").await?.select_by_value("2180").await?;
    ui.fill("#member-email", email).await?;
    ui.find("#member-status").await?.select_by_value("active").await?;
    Ok(())
}

#[tokio::test]
async fn a_non_member_made_active_is_refused_at_the_field_then_added_as_fss_member() {
    run_app_test("members-add", |ui, database| async move {
        open_members(&ui).await?;
        fill_new_member(&ui, "Åsa Öberg", "asa.oberg@gavle.se").await?;
        ui.click(".member-form button[type='submit']").await?;
        ui.wait_for_text("#member-status-error", "Bara medlemmar i FSS kan vara aktiva").await?;
        assert_eq!(ui.attribute("#member-status", "aria-invalid").await?.as_deref(), Some("true"));
        assert!(members::list(Database::open(&database)?.conn())?.is_empty(), "a refused member is not stored");

        ui.click("#member-fss_member").await?;
        ui.fill("#member-fss_verified_on", "2024-01-15").await?;
        ui.click(".member-form button[type='submit']").await?;
        ui.wait_for_text(".view-members", "Åsa Öberg är tillagd").await?;
        let row = ui.wait_for_text(".members-table tbody", "Åsa Öberg").await?;
        assert!(row.contains("Gävle kommun") && row.contains("Aktiv"), "{row}");

        let stored = members::list(Database::open(&database)?.conn())?;
        assert_eq!(stored.len(), 1);
        assert_eq!(stored[0].email.as_deref(), Some("asa.oberg@gavle.se"));
        assert_eq!(stored[0].status, MemberStatus::Active);
        assert!(stored[0].fss_member);

        ui.click("a[data-route='kommuner']").await?;
        ui.wait_for_text("main h1", "Kommuner").await?;
        ui.click("#municipality-participating").await?;
        let shown = ui.wait_for_text(".region-list", "Gävle kommun").await?;
        assert_eq!(ui.find_all(".municipalities-table tbody tr").await?.len(), 1, "only Gävle takes part: {shown}");
        Ok(()) as TestResult
    })
    .await;
}

#[tokio::test]
async fn a_windows_1252_list_from_excel_is_previewed_and_imported() {
    run_app_test("members-import", |ui, database| async move {
        let file = database.with_file_name("medlemmar-från-excel.csv");
        let text = "Namn;Titel;Kommun;E-post;FSS-medlem;Status\r\n\
                    Åsa Öberg;Socialchef;Gävle;asa.oberg@gavle.se;ja;aktiv\r\n\
                    Örjan Ämting;Enhetschef;Atlantis;orjan@atlantis.se;ja;aktiv\r\n\
                    Björn Ek;Utvecklare;2080;bjorn.ek@falun.se;nej;intresserad\r\n";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        std::fs::write(&file, &bytes)?;

        open_members(&ui).await?;
        ui.find("#member-import-file").await?.send_keys(&file.display().to_string()).await?;
        ui.wait_for_text(".import-summary", "2 läggs till, 0 uppdateras, 1 avvisas").await?;
        let preview = ui.wait_for_text(".import-preview", "Åsa Öberg").await?;
        assert!(preview.contains("Windows-1252") || ui.page_text().await?.contains("Windows-1252"));
        let rejected = ui.find(".import-preview tr[data-row='3']").await?.text().await?;
        assert!(rejected.contains("Avvisas") && rejected.contains("Atlantis"), "the bad row says why: {rejected}");
        assert!(members::list(Database::open(&database)?.conn())?.is_empty(), "the preview writes nothing");

        ui.wait_for_text("button[data-action='apply-import']", "Importera 2 rader").await?;
        ui.click("button[data-action='apply-import']").await?;
        ui.wait_for_text(".import-area", "Importen är klar: 2 tillagda").await?;
        ui.wait_for_text(".members-table tbody", "Åsa Öberg").await?;

        let stored = members::list(Database::open(&database)?.conn())?;
        let names: Vec<&str> = stored.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["Björn Ek", "Åsa Öberg"], "exactly the good rows, with å and ö intact");
        assert_eq!(stored[0].municipality_name, "Falu kommun");
        assert_eq!(stored[0].status, MemberStatus::Interested);
        Ok(())
    })
    .await;
}
