//! The Verksamhetsberättelse as a host prints it for the board: the 2024 report with its five meetings (one cancelled), attendance and charts, saved as CSV.

use natverk_core::meetings::attendance::{self, AttendanceEntry};
use natverk_core::members::{self, MemberInput};
use natverk_core::Database;

use crate::harness::{exports_dir, run_app_test_with, TestResult, Ui};

/// Two members from two regions who attended the January meeting.
fn attendance_in_january(path: &std::path::Path) {
    let mut database = Database::open(path).unwrap();
    let january = natverk_core::meetings::list(database.conn()).unwrap()[0].id.clone();
    let mut entries = Vec::new();
    for (name, email, municipality) in [("Anna Åre", "anna@are.se", "2321"), ("Ulla Umeå", "ulla@umea.se", "2480")] {
        let input = MemberInput {
            name: name.into(),
            email: email.into(),
            municipality_code: municipality.into(),
            status: "active".into(),
            fss_member: true,
            fss_verified_on: "2024-01-01".into(),
            joined_on: "2024-01-10".into(),
            ..Default::default()
        };
        let id = database.write(|tx| members::create(tx, &input)).unwrap().id;
        entries.push(AttendanceEntry { member_id: id, status: Some("present".into()) });
    }
    database.write(|tx| attendance::record(tx, &january, &entries)).unwrap();
}

/// Picks `value` in the <select> matching `select_css` and fires `change`.
async fn choose(ui: &Ui, select_css: &str, value: &str) -> TestResult {
    ui.find(&format!("{select_css} option[value='{value}']")).await?;
    let script = "const s = document.querySelector(arguments[0]); s.value = arguments[1]; \
                  s.dispatchEvent(new Event('change', { bubbles: true }));";
    ui.client.execute(script, vec![serde_json::json!(select_css), serde_json::json!(value)]).await?;
    Ok(())
}

#[tokio::test]
async fn the_2024_report_shows_five_meetings_one_cancelled_with_attendance_and_saves_as_csv() {
    run_app_test_with("report-2024", attendance_in_january, |ui, database| async move {
        ui.click("a[data-route='rapport']").await?;
        ui.wait_for_text("main h1", "Verksamhetsberättelse").await?;
        choose(&ui, "#report-year", "2024").await?;
        ui.wait_for_text(".report-title", "1 januari 2024 – 31 december 2024").await?;
        let mut rows = Vec::new();
        for row in ui.find_all("#report-meetings-heading ~ table tbody tr").await? {
            rows.push(row.text().await?);
        }
        assert_eq!(rows.len(), 5, "five meetings in 2024: {rows:?}");
        assert!(rows[1].contains("inställd (pga förhinder)"), "{rows:?}");
        assert!(rows[0].contains("onsdag 24 januari 2024"), "{rows:?}");
        let january_present =
            ui.find("#report-meetings-heading ~ table tbody tr:first-child td:nth-child(2)").await?.text().await?;
        assert_eq!(january_present, "2", "two present in January");
        let summary = ui.find(".report-table").await?.text().await?.replace(char::is_whitespace, "");
        assert!(summary.contains("Genomfördaträffar4") && summary.contains("Inställdaträffar1"), "{summary}");
        let described = ui.find("#chart-attendance-regions-desc").await?.prop("textContent").await?.unwrap_or_default();
        assert!(described.contains("Jämtlands län: 1") && described.contains("Västerbottens län: 1"), "{described}");

        ui.fill("#report-to", "2023-01-01").await?;
        ui.click(".report-form button[type='submit']").await?;
        ui.wait_for_text("#report-to-error", "Slutdatumet kan inte vara före startdatumet").await?;
        let violations = ui.accessibility_violations().await?;
        assert!(violations.is_empty(), "the report: {violations:#?}");
        ui.fill("#report-to", "2024-12-31").await?;
        ui.click(".report-form button[data-format='csv']").await?;
        ui.wait_for_text(".report-form .form-status", "sparades").await?;
        let bytes = std::fs::read(exports_dir(&database).join("verksamhetsberattelse.csv"))?;
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        assert!(String::from_utf8(bytes)?.contains("Sammanfattning;Inställda träffar;1"));
        ui.click(".report-form button[type='submit']").await?;
        ui.wait_for_text(".report-title", "2024").await?;
        // The screenshot shows the meetings, their attendance and the first charts.
        ui.client.execute("document.querySelector('#report-meetings-heading').scrollIntoView()", vec![]).await?;
        Ok(())
    })
    .await;
}
