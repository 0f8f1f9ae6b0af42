//! The Medlemmar and Kommuner views: adding members, the FSS-membership rule, and importing a list from Excel.

use natverk_core::members::{self, MemberStatus};
use natverk_core::Database;

use crate::harness::{offer_for_opening, run_app_test, run_app_test_with, TestResult, Ui};

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
        offer_for_opening(&database, &file)?;
        ui.click("#member-import-file").await?;
        ui.wait_for_text(".import-summary", "2 läggs till, 0 uppdateras, 1 avvisas").await?;
        ui.wait_for_text(".import-preview-heading", "Förhandsgranskning av medlemmar-från-excel.csv").await?;
        let preview = ui.wait_for_text(".import-preview", "Åsa Öberg").await?;
        assert!(preview.contains("Windows-1252") || ui.page_text().await?.contains("Windows-1252"));
        let rejected = ui.find(".import-preview tr[data-row='3']").await?.text().await?;
        assert!(rejected.contains("Avvisas") && rejected.contains("Atlantis"), "the bad row says why: {rejected}");
        assert!(members::list(Database::open(&database)?.conn())?.is_empty(), "the preview writes nothing");

        ui.wait_for_text("button[data-action='apply-import']", "Importera 2 rader").await?;
        ui.click("button[data-action='apply-import']").await?;
        ui.wait_for_text(".import-area", "Importen är klar. Tillagda: 2, uppdaterade: 0").await?;
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

#[tokio::test]
async fn every_bad_row_of_a_file_is_shown_with_its_reason_before_anything_is_saved() {
    run_app_test("members-import-preview", |ui, database| async move {
        let file = database.with_file_name("lista.csv");
        let text = "Name,Email,Municipality,FSS member,Status\n\
                    Åsa Öberg,asa.oberg@gavle.se,2180,yes,active\n\
                    Per Ek,per(at)gavle.se,Gävle,yes,active\n\
                    Kim Berg,kim@gavle.se,Gävle,no,active\n\
                    Åsa igen,ASA.OBERG@GAVLE.SE,Gävle,yes,active\n";
        std::fs::write(&file, text)?;
        open_members(&ui).await?;
        offer_for_opening(&database, &file)?;
        ui.click("#member-import-file").await?;
        ui.wait_for_text(".import-summary", "1 läggs till, 0 uppdateras, 3 avvisas").await?;
        for (row, reason) in
            [("3", "e-postadress"), ("4", "Bara medlemmar i FSS"), ("5", "Samma e-postadress som rad 2")]
        {
            let text = ui.find(&format!(".import-preview tr[data-row='{row}']")).await?.text().await?;
            assert!(text.contains(reason), "row {row} should say {reason:?}: {text}");
        }
        ui.wait_for_text("button[data-action='apply-import']", "Importera 1 rad").await?;
        assert!(members::list(Database::open(&database)?.conn())?.is_empty(), "the preview writes nothing");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn the_register_extract_is_shown_and_an_anonymised_member_disappears_from_the_list() {
    let prepare = |path: &std::path::Path| {
        let mut db = Database::open(path).expect("the test database");
        let input = members::MemberInput {
            name: "Åsa Öberg".into(),
            title: "Socialchef".into(),
            municipality_code: "2180".into(),
            email: "asa.oberg@gavle.se".into(),
            phone: "026-17 80 00".into(),
            fss_member: true,
            fss_verified_on: "2020-03-01".into(),
            status: "active".into(),
            ..Default::default()
        };
        db.write(|tx| members::create(tx, &input)).expect("a member to anonymise");
    };
    run_app_test_with("members-gdpr", prepare, |ui, database| async move {
        open_members(&ui).await?;
        ui.wait_for_text(".members-table tbody", "Kontrollera").await?;
        ui.click(".members-table button[aria-label='Ändra Åsa Öberg']").await?;
        ui.wait_for_text(".member-form .notice-warning", "mer än 12 månader sedan").await?;
        ui.click("button[data-action='extract']").await?;
        let extract = ui.wait_for_text("pre.extract", "asa.oberg@gavle.se").await?;
        assert!(extract.contains("026-17 80 00") && extract.contains("Gävle kommun"), "{extract}");

        ui.click("button[data-action='anonymise']").await?;
        ui.click("button[data-action='confirm']").await?;
        ui.wait_for_text(".view-members", "är anonymiserad").await?;
        ui.wait_for_text(".list-footer", "Inga medlemmar").await?;
        assert!(!ui.page_text().await?.contains("asa.oberg@gavle.se"));

        let db = Database::open(&database)?;
        assert!(members::list(db.conn())?.is_empty(), "an anonymised member is in no list");
        let anonymised_rows: i64 = db.conn().query_row(
            "SELECT count(*) FROM members WHERE anonymised_at IS NOT NULL AND email IS NULL AND phone = ''",
            [],
            |row| row.get(0),
        )?;
        assert_eq!(anonymised_rows, 1);
        Ok(())
    })
    .await;
}
