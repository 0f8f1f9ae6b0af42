//! Several networks as a member of two uses them: create a second network, switch between the two, open one received from the hosts.

use std::path::{Path, PathBuf};

use natverk_core::exchange::{self, ExportOptions};
use natverk_core::members::{self, MemberInput};
use natverk_core::networks::{self, Registry};
use natverk_core::settings::NetworkSettings;
use natverk_core::Database;

use fantoccini::key::Key;
use fantoccini::Locator;

use crate::harness::{offer_for_opening, run_app_test_with, TestResult, Ui};

const FSS: &str = "Första linjens socialtjänst";
const SKR: &str = "SKR:s nätverk för hårt drabbade kommuner";

/// The app's data folder in a test (XDG_DATA_HOME of the harness), holding the registry and new networks.
fn app_data_dir(database: &Path) -> PathBuf {
    database.parent().map(|dir| dir.join("xdg-data").join("se.fss.natverket")).unwrap_or_default()
}

fn registry(database: &Path) -> Registry {
    Registry::load(&app_data_dir(database).join(networks::REGISTRY_FILE_NAME)).expect("the registry reads")
}

fn with_member(path: &Path, name: &str, email: &str) {
    let mut database = Database::open(path).expect("the test database opens");
    let input = MemberInput {
        name: name.into(),
        email: email.into(),
        municipality_code: "2080".into(),
        fss_member: true,
        status: "active".into(),
        ..Default::default()
    };
    database.write(|tx| members::create(tx, &input)).expect("the member is saved");
}

/// Saves a screenshot of the window as it is now as `target/e2e-screenshots/NAME.png` (the harness
/// takes one only at the end of a test).
async fn screenshot_now(ui: &Ui, name: &str) -> TestResult {
    let png = ui.client.screenshot().await?;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-screenshots");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join(format!("{name}.png")), png)?;
    Ok(())
}

async fn go_to(ui: &Ui, hash: &str, heading: &str) -> TestResult {
    ui.client.execute("location.hash = arguments[0];", vec![serde_json::json!(hash)]).await?;
    ui.wait_for_text("main h1", heading).await?;
    Ok(())
}

#[tokio::test]
async fn a_second_network_is_created_and_the_app_switches_between_the_two_each_with_its_own_records() {
    let prepare = |path: &Path| with_member(path, "Karin Berg", "karin.berg@falun.se");
    run_app_test_with("networks-create-and-switch", prepare, |ui, database| async move {
        ui.wait_for_text("#network-name", FSS).await?;
        // By keyboard: the header's "Byt nätverk" is the first stop after the skip link.
        ui.client.find(Locator::Css("body")).await?.send_keys(&Key::Tab.to_string()).await?;
        ui.press(&Key::Tab.to_string()).await?;
        let focused = ui.focused().await?;
        assert!(focused.ends_with("|natverk|Byt nätverk"), "the second Tab reaches the switch link, got {focused}");
        ui.press(&Key::Enter.to_string()).await?;
        ui.wait_for_text("main h1", "Nätverk").await?;
        ui.wait_for_text(".network-current", FSS).await?;
        let current = ui.attribute("a.app-switch", "aria-current").await?;
        assert_eq!(current.as_deref(), Some("page"), "the header's link says it leads to the page on screen");

        ui.fill("#network-network_name", SKR).await?;
        ui.fill("#network-organizer_name", "Sveriges Kommuner och Regioner").await?;
        ui.fill("#network-default_start", "09.00").await?;
        ui.fill("#network-default_end", "10.00").await?;
        ui.click("#network-new-heading ~ .form button[type='submit']").await?;
        ui.wait_for_text(".view-networks .notice-success", "är skapat och öppnat").await?;
        ui.wait_for_text("#network-name", SKR).await?;

        // The new network starts empty: none of FSS's members or 2024 meetings.
        go_to(&ui, "#/traffar", "Träffar").await?;
        ui.wait_for_text("main", "Inga tidigare träffar").await?;
        go_to(&ui, "#/medlemmar", "Medlemmar").await?;
        ui.wait_for_text("main", "Inga medlemmar ännu").await?;
        let known = registry(&database);
        let skr = known.networks.iter().find(|n| n.name == SKR).ok_or("the new network is remembered")?.path.clone();
        assert!(skr.starts_with(app_data_dir(&database).join("natverk")), "{}", skr.display());
        assert_eq!(known.current.as_deref(), Some(skr.as_path()), "the app opens it next time");
        assert_eq!(natverk_core::settings::load(Database::open(&skr)?.conn())?.default_start, "09:00");

        go_to(&ui, "#/natverk", "Nätverk").await?;
        // The switch button by keyboard, named after the network it opens.
        let mut reached = String::new();
        for _ in 0..12 {
            ui.press(&Key::Tab.to_string()).await?;
            reached = ui.focused().await?;
            if reached.starts_with("button#") {
                break;
            }
        }
        assert!(reached.ends_with("|Byt till nätverket"), "Tab reaches the switch button, got {reached}");
        let name = ui.client.execute("return document.activeElement.getAttribute('aria-label');", vec![]).await?;
        assert_eq!(name, serde_json::json!(format!("Byt till nätverket {FSS}")));
        ui.press(&Key::Enter.to_string()).await?;
        ui.wait_for_text(".view-networks .notice-success", FSS).await?;
        ui.wait_for_text("#network-name", FSS).await?;
        go_to(&ui, "#/medlemmar", "Medlemmar").await?;
        ui.wait_for_text("main", "Karin Berg").await?;
        go_to(&ui, "#/traffar", "Träffar").await?;
        ui.wait_for_text("main", "onsdag 24 januari 2024").await?;
        go_to(&ui, "#/natverk", "Nätverk").await?;
        ui.wait_for_text(".network-current", FSS).await?;
        let listed = ui.find(".network-list").await?.text().await?;
        assert!(listed.contains(SKR), "both networks are listed: {listed}");
        let violations = ui.accessibility_violations().await?;
        assert!(violations.is_empty(), "the Nätverk view: {violations:#?}");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_network_received_from_the_hosts_opens_as_a_network_of_its_own() {
    let staging = tempfile::tempdir().expect("a folder for the host");
    let bundle = staging.path().join("skr.natverk");
    {
        let host_path = staging.path().join("host").join("natverket.sqlite3");
        let settings = NetworkSettings {
            network_name: SKR.into(),
            organizer_name: "Sveriges Kommuner och Regioner".into(),
            organizer_email: "natverk@skr.se".into(),
            default_start: "09:00".into(),
            default_end: "10:00".into(),
            teams_url: String::new(),
            time_zone: "Europe/Stockholm".into(),
            reminder_minutes: 15,
        };
        drop(networks::create_network(&host_path, &settings).expect("the host's network"));
        with_member(&host_path, "Sara Lind", "sara.lind@solna.se");
        let mut host = Database::open(&host_path).expect("the host's database");
        exchange::export_bundle_to_file(&mut host, &bundle, ExportOptions::default()).expect("the host's bundle");
    }
    run_app_test_with(
        "networks-open-received",
        |_| {},
        |ui, database| async move {
            offer_for_opening(&database, &bundle)?;
            ui.click("a.app-switch").await?;
            ui.wait_for_text("main h1", "Nätverk").await?;
            ui.click("#network-open-received").await?;
            let preview = ui.wait_for_text(".received-preview", SKR).await?;
            assert!(preview.contains("fingeravtryck"), "the sender's fingerprint is shown first: {preview}");
            assert!(preview.contains("1 medlem, 0 träffar"), "and what the network holds: {preview}");
            let before = registry(&database);
            assert!(before.networks.iter().all(|n| n.name != SKR), "the preview writes nothing: {before:?}");
            assert!(!app_data_dir(&database).join("natverk").exists(), "no network folder yet");
            let violations = ui.accessibility_violations().await?;
            assert!(violations.is_empty(), "the preview: {violations:#?}");
            screenshot_now(&ui, "networks-received-preview").await?;
            ui.click("#network-open-confirm").await?;
            ui.wait_for_text(".view-networks .notice-success", "godkänd som värd").await?;
            ui.wait_for_text("#network-name", SKR).await?;
            go_to(&ui, "#/medlemmar", "Medlemmar").await?;
            ui.wait_for_text("main", "Sara Lind").await?;
            assert_eq!(registry(&database).networks.len(), 2, "the FSS network and the received one");
            go_to(&ui, "#/natverk", "Nätverk").await?;
            ui.wait_for_text(".network-current", SKR).await?;
            Ok(())
        },
    )
    .await;
}
