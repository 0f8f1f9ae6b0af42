//! Calendar files from the Träffar view: invitations, cancellations, and importing an Outlook .ics with a preview.

use std::path::Path;

use natverk_core::{meetings, settings, Database};

use crate::harness::{exports_dir, offer_for_opening, run_app_test, run_app_test_with, TestResult, Ui};

/// Opens the page of the seeded meeting on `date`.
async fn open_meeting(ui: &Ui, database: &Path, date: &str) -> TestResult {
    let id = meetings::list(Database::open(database)?.conn())?
        .into_iter()
        .find(|m| m.date.to_string() == date)
        .ok_or("no such meeting")?
        .id;
    ui.find("main h1").await?;
    ui.client.execute(&format!("location.hash = '#/traffar/{id}';"), vec![]).await?;
    ui.find(&format!("[data-meeting-id='{id}'] [data-action]")).await?;
    Ok(())
}

/// A database with the organizer's e-mail set and one active member.
fn network_with_a_member(database: &Path) {
    let mut db = Database::open(database).expect("prepare the database");
    let current = settings::load(db.conn()).unwrap();
    db.write(|tx| {
        settings::save(tx, &settings::NetworkSettings { organizer_email: "natverk@fss.se".into(), ..current })
    })
    .unwrap();
    db.conn()
        .execute(
            "INSERT INTO members (id, name, municipality_code, email, fss_member, status, created_at, updated_at)
             VALUES ('m1', 'Åsa Öberg', '2321', 'asa.oberg@are.se', 1, 'active', 'x', 'x')",
            [],
        )
        .unwrap();
}

#[tokio::test]
async fn a_host_creates_an_invitation_and_sees_where_it_was_saved() {
    run_app_test_with("calendar-invitation", network_with_a_member, |ui, database| async move {
        open_meeting(&ui, &database, "2024-05-28").await?;
        ui.click("[data-action='create-invitation']").await?;
        ui.wait_for_text(".calendar-saved", "Inbjudan är sparad").await?;
        let saved_path = ui.find(".saved-path").await?.text().await?;
        assert!(saved_path.starts_with(exports_dir(&database).to_str().unwrap()), "{saved_path}");
        let content = std::fs::read_to_string(&saved_path)?;
        assert!(content.contains("METHOD:REQUEST\r\n"), "{content}");
        assert!(content.contains("mailto:asa.oberg@are.se"), "the active member is invited");
        let mail = ui.find(".calendar-saved button").await?.text().await?;
        assert!(mail.contains("1 mottagare"), "{mail}");
        Ok(()) as TestResult
    })
    .await;
}

#[tokio::test]
async fn a_cancelled_meeting_offers_a_cancellation_file() {
    run_app_test_with("calendar-cancellation", network_with_a_member, |ui, database| async move {
        open_meeting(&ui, &database, "2024-02-29").await?;
        ui.click("[data-action='create-cancellation']").await?;
        ui.wait_for_text(".calendar-saved", "Avbokningen är sparad").await?;
        let content = std::fs::read_to_string(ui.find(".saved-path").await?.text().await?)?;
        assert!(content.contains("METHOD:CANCEL\r\n") && content.contains("STATUS:CANCELLED\r\n"), "{content}");
        assert!(content.contains("SEQUENCE:1\r\n"));
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn without_the_organizers_e_mail_the_invitation_explains_what_to_do() {
    run_app_test("calendar-needs-organizer", |ui, database| async move {
        open_meeting(&ui, &database, "2024-04-23").await?;
        ui.click("[data-action='create-invitation']").await?;
        ui.wait_for_text(".calendar-result", "Ange arrangörens e-postadress under Inställningar").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn an_outlook_file_is_previewed_then_imported_as_a_new_meeting() {
    run_app_test("calendar-import", |ui, database| async move {
        ui.find("main h1").await?;
        ui.client.execute("location.hash = '#/traffar';", vec![]).await?;
        ui.wait_for_text("main h1", "Träffar").await?;
        let fixture =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/ics/fixtures/outlook-meeting.ics").canonicalize()?;
        offer_for_opening(&database, &fixture)?;
        ui.click("#ics-file").await?;
        let preview = ui.wait_for_text(".import-result", "Förhandsgranskning av outlook-meeting.ics").await?;
        assert!(
            preview.contains("tisdag 17 september 2024 kl. 15.00–15.45") && preview.contains("Ny träff"),
            "{preview}"
        );
        assert_eq!(meetings::list(Database::open(&database)?.conn())?.len(), 5, "the preview writes nothing");
        ui.click("[data-action='apply-ics-import']").await?;
        ui.wait_for_text("main", "Nätverksträff: öppna mottagningar").await?;
        let stored = meetings::list(Database::open(&database)?.conn())?;
        assert_eq!(stored.len(), 6);
        assert!(stored.iter().any(|m| natverk_core::store::clock::utc_text(m.start_utc) == "2024-09-17T13:00:00Z"));
        Ok(())
    })
    .await;
}
