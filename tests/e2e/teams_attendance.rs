//! A host brings a meeting's attendance in from Teams: chooses the report, reads the preview, ticks a member who had sent apologies, records it.

use std::path::Path;

use natverk_core::meetings::attendance::{self, AttendanceEntry, AttendanceStatus};
use natverk_core::{meetings, Database};

use crate::harness::{offer_for_opening, run_app_test_with, TestResult, Ui};

/// The members of the Teams report fixtures (see `core/tests/fixtures/teams/make_fixtures.py`), with
/// Eva's "anmält förhinder" for the January meeting recorded by hand.
fn network_of_the_report(database: &Path) {
    let mut db = Database::open(database).expect("prepare the database");
    for (id, name, email, municipality) in [
        ("maria", "Maria Värd", "maria.vard@falun.se", "2080"),
        ("anna", "Anna Lindqvist", "anna.lindqvist@falun.se", "2080"),
        ("bjorn", "Björn Åberg", "bjorn.aberg@kiruna.se", "2584"),
        ("karin-ale", "Karin Nilsson", "karin.nilsson@ale.se", "1440"),
        ("karin-kiruna", "Karin Nilsson", "karin.nilsson@kiruna.se", "2584"),
        ("eva", "Eva Ström", "eva.strom@ale.se", "1440"),
    ] {
        db.conn()
            .execute(
                "INSERT INTO members (id, name, municipality_code, email, fss_member, status, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, 1, 'active', 'x', 'x')",
                (id, name, municipality, email),
            )
            .unwrap();
    }
    let january = january(&db);
    let excused = AttendanceEntry { member_id: "eva".into(), status: Some("excused".into()) };
    db.write(|tx| attendance::record(tx, &january, &[excused])).unwrap();
}

fn january(db: &Database) -> String {
    meetings::list(db.conn()).unwrap().into_iter().find(|m| m.date.to_string() == "2024-01-24").unwrap().id
}

fn status_of(database: &Path, member: &str) -> Option<AttendanceStatus> {
    let db = Database::open(database).unwrap();
    let detail = meetings::detail(db.conn(), &january(&db)).unwrap();
    detail.attendance.into_iter().find(|row| row.member_id == member).and_then(|row| row.status)
}

async fn screenshot(ui: &Ui, name: &str) -> TestResult {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-screenshots");
    std::fs::create_dir_all(&folder)?;
    std::fs::write(folder.join(format!("{name}.png")), ui.client.screenshot().await?)?;
    Ok(())
}

#[tokio::test]
async fn a_host_records_attendance_from_a_swedish_teams_report() {
    run_app_test_with("teams-attendance", network_of_the_report, |ui, database| async move {
        let id = january(&Database::open(&database)?);
        ui.find("main h1").await?;
        ui.client.execute(&format!("location.hash = '#/traffar/{id}';"), vec![]).await?;
        ui.find("[data-action='choose-teams-report']").await?;
        let report = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("core/tests/fixtures/teams/narvarorapport-2024-sv.csv")
            .canonicalize()?;
        offer_for_opening(&database, &report)?;
        ui.click("[data-action='choose-teams-report']").await?;

        let preview = ui.wait_for_text(".import-result", "Förhandsgranskning av narvarorapport-2024-sv.csv").await?;
        assert!(preview.contains("6 personer i rapporten: 3 medlemmar blir närvarande"), "{preview}");
        let matched = ui.find("[data-testid='teams-matched']").await?.text().await?;
        assert!(matched.contains("Björn Åberg") && matched.contains("namn: Björn Åberg (Gäst)"), "{matched}");
        assert!(matched.contains("e-post: maria.vard@falun.se"), "{matched}");
        let unmatched = ui.find("[data-testid='teams-unmatched']").await?.text().await?;
        assert!(unmatched.contains("Karin Nilsson (Gäst) – flera medlemmar har det namnet"), "{unmatched}");
        assert!(unmatched.contains("Per Extern <per.extern@konsult.se> – ingen medlem"), "{unmatched}");
        assert_eq!(status_of(&database, "maria"), None, "the preview writes nothing");
        let focused = ui.focused().await?;
        assert!(
            focused.starts_with("h3") && focused.contains("Förhandsgranskning"),
            "focus on the preview's heading: {focused}"
        );

        let violations = ui.accessibility_violations().await?;
        assert!(violations.is_empty(), "the preview passes axe-core: {violations:?}");

        ui.click("[data-review-member='eva']").await?;
        screenshot(&ui, "teams-attendance-preview").await?;
        ui.click("[data-action='apply-teams-attendance']").await?;

        // The page shows the attendance list again, with the report's members present.
        let summary = ui.wait_for_text("[data-testid='attendance-summary']", "4 närvarande").await?;
        ui.wait_for_text("[data-testid='teams-attendance-done']", "4 medlemmar blev närvarande").await?;
        assert!(summary.contains("0 anmält förhinder"), "{summary}");
        let shown = ui.client.execute("return document.querySelector('#attendance-maria').value;", vec![]).await?;
        assert_eq!(shown, "present", "the attendance list shows Maria present");
        for member in ["maria", "anna", "bjorn", "eva"] {
            assert_eq!(status_of(&database, member), Some(AttendanceStatus::Present), "{member}");
        }
        assert_eq!(status_of(&database, "karin-ale"), None, "an ambiguous name is never guessed");
        Ok(())
    })
    .await;
}
