//! Stored payloads stay inert: HTML and script in any text field is shown as text in every area, and nothing runs.

use std::path::Path;

use natverk_core::Database;

use crate::harness::{run_app_test_with, TestResult, Ui};

const IMG: &str = "<img src=x onerror=\"window.__xss='img'\">";
const SCRIPT: &str = "<script>window.__xss='script'</script>";
const SVG: &str = "\"><svg onload=\"window.__xss='svg'\">";

/// Writes payloads straight into the database, past all validation, as a hostile file or bundle might.
fn hostile_database(database: &Path) {
    let mut db = Database::open(database).expect("prepare the database");
    let payload = format!("Öppen mottagning {IMG} {SCRIPT} {SVG}");
    db.conn()
        .execute_batch(&format!(
            "UPDATE network SET name = '{p}', organizer_name = '{p}';
             UPDATE meetings SET title = '{p}', agenda = '{p}', focus = '{p}', notes = '{p}', cancel_reason = '{p}',
                    teams_url = 'javascript:window.__xss=''link''';
             INSERT INTO members (id, name, title, municipality_code, email, phone, fss_member, status, notes, created_at, updated_at)
               VALUES ('m-xss', '{p}', '{p}', '2321', 'xss@are.se', '{p}', 1, 'active', '{p}', 'x', 'x');
             INSERT INTO themes (id, name, description, created_at, updated_at) VALUES ('t-xss', '{p}', '{p}', 'x', 'x');
             INSERT INTO examples (id, title, summary, body, evaluation, stage, created_at, updated_at)
               VALUES ('e-xss', '{p}', '{p}', '{p}', '{p}', 'idea', 'x', 'x');
             INSERT INTO example_municipalities VALUES ('e-xss', '2321');
             INSERT INTO example_themes VALUES ('e-xss', 't-xss');",
            p = payload.replace('\'', "''")
        ))
        .expect("store the payloads");
    natverk_core::examples::index::reindex_all(&mut db).expect("index the hostile example");
}

/// Nothing injected ran or became an element.
async fn assert_inert(ui: &Ui, place: &str) -> TestResult {
    let state = ui
        .client
        .execute(
            "return { xss: window.__xss ?? null, img: document.querySelectorAll('img[src=\"x\"]').length,
                      svg: document.querySelectorAll('svg[onload]').length,
                      scripts: [...document.querySelectorAll('script')].filter((s) => s.textContent.includes('__xss')).length };",
            vec![],
        )
        .await?;
    assert_eq!(state["xss"], serde_json::Value::Null, "{place}: a payload ran: {state}");
    assert_eq!(
        (state["img"].as_i64(), state["svg"].as_i64(), state["scripts"].as_i64()),
        (Some(0), Some(0), Some(0)),
        "{place}: {state}"
    );
    Ok(())
}

#[tokio::test]
async fn payloads_in_every_text_field_are_shown_as_text_and_never_run() {
    run_app_test_with("security-inert-payloads", hostile_database, |ui, _| async move {
        ui.wait_for_text("#network-name", "<img src=x").await?;
        let routes = ui.nav_routes().await?;
        for route in &routes {
            ui.click(&format!("a[data-route='{route}']")).await?;
            ui.client.wait().for_element(fantoccini::Locator::Css("main[aria-busy='false'] h1")).await?;
            assert_inert(&ui, &format!("#{route}")).await?;
        }
        for (place, hash) in [("the example page", "#/exempel/e-xss"), ("the example search", "#/exempel")] {
            ui.client.execute(&format!("location.hash = '{hash}';"), vec![]).await?;
            ui.client.wait().for_element(fantoccini::Locator::Css("main[aria-busy='false'] h1")).await?;
            if hash == "#/exempel" {
                ui.fill("#example-search", "mottagning").await?;
                ui.wait_for_text("main", "<script>").await?;
            } else {
                ui.wait_for_text("main", "<img src=x").await?;
            }
            assert_inert(&ui, place).await?;
        }
        Ok(()) as TestResult
    })
    .await;
}
