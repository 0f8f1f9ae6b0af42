//! The Träffar view as a host sees it.

use natverk_core::meetings::{self, MeetingStatus};

use crate::harness::{run_app_test, run_app_test_with, TestResult, Ui};

#[tokio::test]
async fn the_meetings_view_lists_the_five_2024_meetings_with_swedish_dates() {
    run_app_test("meetings-list", |ui, _| async move {
        ui.click("a[data-route='traffar']").await?;
        ui.wait_for_text("main h1", "Träffar").await?;
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
        ui.wait_for_text("main h1", "Översikt").await?;
        assert_eq!(ui.attribute("a[data-route='oversikt']", "aria-current").await?.as_deref(), Some("page"));
        ui.click("a[data-route='traffar']").await?;
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

fn meeting_id_on(db_path: &std::path::Path, date: &str) -> String {
    let db = natverk_core::Database::open(db_path).expect("the app's database opens");
    meetings::list(db.conn())
        .unwrap()
        .into_iter()
        .find(|m| m.date.to_string() == date)
        .expect("a meeting on that date")
        .id
}

/// Scrolls `css` into view and saves a screenshot of the window as `target/e2e-screenshots/NAME.png`.
async fn screenshot_of(ui: &Ui, css: &str, name: &str) -> TestResult {
    let element = ui.find(css).await?;
    ui.client
        .execute("arguments[0].scrollIntoView({ block: 'start' });", vec![serde_json::to_value(&element)?])
        .await?;
    let png = ui.client.screenshot().await?;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-screenshots");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join(format!("{name}.png")), png)?;
    Ok(())
}

async fn go_to(ui: &Ui, hash: &str) -> TestResult {
    ui.client.execute("location.hash = arguments[0];", vec![serde_json::json!(hash)]).await?;
    Ok(())
}

#[tokio::test]
async fn scheduling_a_meeting_on_midsummer_eve_shows_the_warning_and_bad_input_is_shown_at_the_field() {
    run_app_test("meetings-schedule-holiday", |ui, db_path| async move {
        ui.click("a[data-route='traffar']").await?;
        ui.wait_for_text("main h1", "Träffar").await?;
        ui.click(".view-meetings a[href='#/traffar/ny']").await?;
        ui.wait_for_text("main h1", "Ny träff").await?;
        // End before start: the error is shown at the end field and nothing is saved.
        ui.fill("#new-meeting-date", "2024-06-21").await?;
        ui.fill("#new-meeting-start", "15.45").await?;
        ui.fill("#new-meeting-end", "15.00").await?;
        ui.click("#new-meeting-form button[type='submit']").await?;
        ui.wait_for_text("#new-meeting-end-error", "senare än starttiden").await?;
        assert_eq!(ui.attribute("#new-meeting-end", "aria-invalid").await?.as_deref(), Some("true"));
        assert_eq!(meetings::list(natverk_core::Database::open(&db_path)?.conn())?.len(), 5, "nothing saved");

        ui.fill("#new-meeting-start", "15.00").await?;
        ui.fill("#new-meeting-end", "15.45").await?;
        ui.click("#new-meeting-form button[type='submit']").await?;
        ui.wait_for_text("main h1", "Nätverksträff").await?;
        let warning = ui.wait_for_text(".notice-warning", "midsommarafton").await?;
        assert!(warning.contains("Fredag 21 juni 2024"), "{warning}");
        ui.wait_for_text("main .lead", "fredag 21 juni 2024 kl. 15.00–15.45").await?;
        let id = meeting_id_on(&db_path, "2024-06-21");
        let stored = meetings::get(natverk_core::Database::open(&db_path)?.conn(), &id)?;
        assert_eq!(natverk_core::store::clock::utc_text(stored.start_utc), "2024-06-21T13:00:00Z");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn recording_attendance_saves_each_members_status_and_the_overview_counts_it() {
    let prepare = |path: &std::path::Path| {
        let db = natverk_core::Database::open(path).expect("the database is created");
        for (id, name, municipality) in [("m-asa", "Åsa Berg", "2080"), ("m-zara", "Zara Lind", "2584")] {
            db.conn()
                .execute(
                    "INSERT INTO members (id, name, municipality_code, email, fss_member, status, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?1 || '@kommun.se', 1, 'active', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z')",
                    (id, name, municipality),
                )
                .expect("a member row");
        }
    };
    run_app_test_with("meetings-attendance", prepare, |ui, db_path| async move {
        let april = meeting_id_on(&db_path, "2024-04-23");
        go_to(&ui, &format!("#/traffar/{april}")).await?;
        ui.wait_for_text("main .lead", "tisdag 23 april 2024").await?;
        let rows = ui.find_all("#attendance-form tbody tr").await?;
        assert_eq!(rows.len(), 2, "one row per active member");
        let first = ui.find("#attendance-form tbody tr:first-child th").await?.text().await?;
        assert_eq!(first, "Zara Lind", "Swedish order puts Å after Z");
        ui.find("#attendance-m-zara").await?.select_by_value("present").await?;
        ui.find("#attendance-m-asa").await?.select_by_value("excused").await?;
        ui.click("#attendance-form button[type='submit']").await?;
        ui.wait_for_text("#attendance-form .form-status", "Närvaron är sparad").await?;
        ui.wait_for_text("[data-testid='attendance-summary']", "1 närvarande, 0 frånvarande, 1 anmält förhinder")
            .await?;
        let db = natverk_core::Database::open(&db_path)?;
        let statuses: Vec<(String, String)> = db
            .conn()
            .prepare("SELECT member_id, status FROM attendance WHERE meeting_id = ?1 ORDER BY member_id")?
            .query_map([&april], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<Result<_, _>>()?;
        assert_eq!(statuses, vec![("m-asa".into(), "excused".into()), ("m-zara".into(), "present".into())]);
        ui.click("a[data-route='oversikt']").await?;
        let per_municipality = ui.wait_for_text("#figures-per-municipality", "Kiruna").await?;
        assert!(per_municipality.contains("Falun"), "{per_municipality}");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn cancelling_a_meeting_needs_a_reason_keeps_it_as_installd_and_raises_the_sequence() {
    run_app_test("meetings-cancel", |ui, db_path| async move {
        let may = meeting_id_on(&db_path, "2024-05-28");
        go_to(&ui, &format!("#/traffar/{may}")).await?;
        ui.wait_for_text("main .lead", "tisdag 28 maj 2024").await?;
        ui.click("#cancel-meeting-form button[type='submit']").await?;
        ui.wait_for_text("#cancel-reason-error", "måste fyllas i").await?;
        let unchanged = meetings::get(natverk_core::Database::open(&db_path)?.conn(), &may)?;
        assert_eq!((unchanged.status, unchanged.sequence), (MeetingStatus::Scheduled, 0), "no reason, no cancellation");

        ui.fill("#cancel-reason", "pga förhinder").await?;
        ui.click("#cancel-meeting-form button[type='submit']").await?;
        ui.wait_for_text(".meeting-status-value", "Inställd").await?;
        ui.wait_for_text("#cancel-heading", "Inställd").await?;
        let cancelled = meetings::get(natverk_core::Database::open(&db_path)?.conn(), &may)?;
        assert_eq!(cancelled.status, MeetingStatus::Cancelled);
        assert_eq!(cancelled.cancel_reason, "pga förhinder");
        assert_eq!(cancelled.sequence, 1, "the cancellation must replace the invitation in calendars");
        ui.click("a[data-route='traffar']").await?;
        ui.wait_for_text(&format!("li[data-meeting-id='{may}']"), "Inställd").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_series_every_fourth_tuesday_is_previewed_with_the_christmas_eve_warning_and_created() {
    run_app_test("meetings-series", |ui, db_path| async move {
        go_to(&ui, "#/traffar/serie").await?;
        ui.wait_for_text("main h1", "Skapa serie").await?;
        ui.fill("#series-start_date", "2024-09-03").await?;
        ui.fill("#series-count", "5").await?;
        ui.click("#series-form button[type='submit']").await?;
        let preview = ui.wait_for_text(".series-preview", "5 träffar").await?;
        for day in ["3 september 2024", "1 oktober 2024", "29 oktober 2024", "26 november 2024", "24 december 2024"] {
            assert!(preview.contains(day), "the preview lists {day}: {preview}");
        }
        assert!(preview.contains("julafton"), "{preview}");
        screenshot_of(&ui, ".series-preview", "meetings-series-preview").await?;
        assert_eq!(meetings::list(natverk_core::Database::open(&db_path)?.conn())?.len(), 5, "a preview saves nothing");
        ui.click(".form-actions button.button-primary").await?;
        ui.wait_for_text("main h1", "Träffar").await?;
        assert_eq!(meetings::list(natverk_core::Database::open(&db_path)?.conn())?.len(), 10);
        Ok(())
    })
    .await;
}
