//! Utbyte in the real window: import a member's "mina exempel" with a preview, export the network, refuse a damaged file.

use std::path::{Path, PathBuf};

use natverk_core::exchange::{self, ExportOptions, Scope};
use natverk_core::Database;

use crate::harness::{exports_dir, offer_for_opening, run_app_test, run_app_test_with, TestResult};

/// Member A in Falun with three examples; writes her "mina exempel" bundle next to `database`.
fn member_bundle(database: &Path) -> PathBuf {
    let mut member = Database::open_in_memory().expect("member A's database");
    let conn = member.conn();
    conn.execute("UPDATE installation SET municipality_code = '2080', author_name = 'Anna Andersson'", []).unwrap();
    conn.execute(
        "INSERT INTO members (id, name, municipality_code, email, fss_member, status, created_at, updated_at)
         VALUES ('m-anna', 'Anna Andersson', '2080', 'anna@falun.se', 1, 'active', '2025-03-01T10:00:00.000Z', '2025-03-01T10:00:00.000Z')",
        [],
    )
    .unwrap();
    for (n, title) in ["Gemensam väg in", "Öppen mottagning", "Samtal utan biståndsbeslut"].iter().enumerate() {
        conn.execute(
            "INSERT INTO examples (id, title, contact_member_id, origin_installation_id, created_at, updated_at)
             VALUES (?1, ?2, 'm-anna', (SELECT id FROM installation), '2025-03-02T10:00:00.000Z', '2025-03-02T10:00:00.000Z')",
            (format!("ex-{n}"), title),
        )
        .unwrap();
        conn.execute("INSERT INTO example_municipalities VALUES (?1, '2080')", [format!("ex-{n}")]).unwrap();
    }
    let path = database.parent().unwrap().join("anna-mina-exempel.natverk");
    let options = ExportOptions { scope: Scope::Mine, include_contacts: true, compress: true };
    exchange::export_bundle_to_file(&mut member, &path, options).expect("the member's bundle");
    path
}

fn example_count(database: &Path) -> i64 {
    Database::open(database).unwrap().conn().query_row("SELECT count(*) FROM examples", [], |r| r.get(0)).unwrap()
}

#[tokio::test]
async fn the_host_previews_and_imports_a_members_examples_then_exports_the_network() {
    run_app_test("exchange-import", |ui, database| async move {
        let bundle = member_bundle(&database);
        ui.click("a[data-route='utbyte']").await?;
        ui.wait_for_text("main h1", "Utbyte").await?;
        offer_for_opening(&database, &bundle)?;
        ui.wait_for_text("#bundle-file", "Välj fil …").await?;
        ui.click("#bundle-file").await?;
        let name = bundle.file_name().unwrap().to_str().unwrap();
        let preview = ui.wait_for_text(".import-result", &format!("Förhandsgranskning av {name}")).await?;
        ui.wait_for_text(".file-chooser-name", name).await?;
        assert!(preview.contains("Från Anna Andersson, Falun"), "the preview says who sent it: {preview}");
        assert!(preview.contains("4 nya"), "{preview}");
        assert!(preview.contains("Öppen mottagning") && preview.contains("Samtal utan biståndsbeslut"), "{preview}");
        assert_eq!(example_count(&database), 0, "the preview writes nothing");
        // A sender never seen before: the key's fingerprint is shown, and nothing imports until accepted.
        let sender = ui.wait_for_text(".sender-new", "Ny avsändare").await?;
        let fingerprint = ui.find(".sender-new .fingerprint").await?.text().await?;
        assert_eq!(fingerprint.split(' ').count(), 8, "{sender}");
        assert!(ui.find("[data-action='apply-bundle-import']").await?.attr("disabled").await?.is_some());
        ui.click("#accept-sender").await?;
        ui.click("[data-action='apply-bundle-import']").await?;
        ui.wait_for_text(".import-result", "Importen är klar: 4 nya").await?;
        assert_eq!(example_count(&database), 3, "the three examples are stored");

        // The same file again: nothing to do.
        ui.click("#bundle-file").await?;
        let again = ui.wait_for_text(".import-result", "0 nya, 0 uppdaterade, 0 borttagna").await?;
        assert!(again.contains("Inga poster ändras"), "{again}");
        assert!(again.contains(&format!("Godkänd avsändare. Fingeravtryck: {fingerprint}")), "recognised now: {again}");
        assert!(ui.find("[data-action='apply-bundle-import']").await?.attr("disabled").await?.is_some());

        // The host sends the whole network back, without contact data (the default: they are opt-in).
        ui.click("#scope-network").await?;
        assert!(ui.find("#export-contacts").await?.prop("checked").await?.as_deref() != Some("true"));
        ui.click("[data-action='export-bundle']").await?;
        let saved = ui.wait_for_text(".bundle-saved", "Utbytesfilen är sparad").await?;
        assert!(saved.contains("3 exempel") && saved.contains("utan kontaktuppgifter"), "{saved}");
        let path = ui.find(".saved-path").await?.text().await?;
        assert!(path.starts_with(exports_dir(&database).to_str().unwrap()), "{path}");
        let bytes = std::fs::read(&path)?;
        let fresh = Database::open_in_memory()?;
        let report = exchange::preview_import(&fresh, &bytes)?;
        assert_eq!(report.source.scope, "network");
        assert!(report.added.iter().filter(|c| c.entity == "examples").count() == 3, "{}", report.summary());
        assert!(!String::from_utf8_lossy(&bytes).contains("anna@falun.se"));
        assert!(report.notices.iter().any(|n| n.contains("inga kontaktuppgifter")), "{:?}", report.notices);
        Ok(()) as TestResult
    })
    .await;
}

#[tokio::test]
async fn a_damaged_bundle_is_refused_and_the_sender_can_be_named() {
    run_app_test("exchange-refused", |ui, database| async move {
        let bundle = member_bundle(&database);
        let bytes = std::fs::read(&bundle)?;
        let damaged = database.parent().unwrap().join("avbruten.natverk");
        std::fs::write(&damaged, &bytes[..bytes.len() / 2])?;
        ui.click("a[data-route='utbyte']").await?;
        offer_for_opening(&database, &damaged)?;
        ui.click("#bundle-file").await?;
        let message = ui.wait_for_text(".import-result", "Filen kan inte importeras").await?;
        assert!(message.contains("ofullständig"), "{message}");
        assert!(ui.find_all("[data-action='apply-bundle-import']").await?.is_empty(), "nothing to apply");
        assert_eq!(example_count(&database), 0);

        // Name this installation for the bundles it writes.
        ui.fill("#identity-author", "Bertil Berg").await?;
        ui.find("#identity-municipality").await?.select_by_value("2081").await?;
        ui.click("#identity-heading ~ .form-actions button").await?;
        ui.wait_for_text("form[aria-labelledby='identity-heading'] .form-status", "Avsändaren är sparad").await?;
        let identity = exchange::identity(Database::open(&database)?.conn())?;
        assert_eq!(identity.author_name, "Bertil Berg");
        assert_eq!(identity.municipality_name.as_deref(), Some("Borlänge"));
        Ok(()) as TestResult
    })
    .await;
}

/// The app's database and a host's share an example; both change its title afterwards (the host
/// later), and the host's bundle waits next to the database as `host.natverk`.
fn an_unsent_edit_and_a_newer_one_from_the_host(database: &Path) {
    let folder = database.parent().unwrap();
    let mut app = Database::open(database).expect("the app's database");
    app.conn()
        .execute(
            "INSERT INTO examples (id, title, origin_installation_id, created_at, updated_at)
             VALUES ('ex-1', 'Familjecentral', (SELECT id FROM installation), '2025-03-02T10:00:00.000Z', '2025-03-02T10:00:00.000Z')",
            [],
        )
        .unwrap();
    let shared = exchange::export_bundle(&mut app, ExportOptions::default()).unwrap().0;
    let mut host = Database::open(&folder.join("host.sqlite3")).expect("the host's database");
    exchange::apply_import(&mut host, &shared, exchange::Acceptance::host()).unwrap();
    host.conn()
        .execute("UPDATE examples SET title = 'Familjecentral i Falun', updated_at = '2025-03-04T10:00:00.000Z'", [])
        .unwrap();
    let options = ExportOptions::default();
    exchange::export_bundle_to_file(&mut host, &folder.join("host.natverk"), options).unwrap();
    app.conn()
        .execute("UPDATE examples SET title = 'Familjecentralen', updated_at = '2025-03-03T10:00:00.000Z'", [])
        .unwrap();
}

#[tokio::test]
async fn a_conflict_is_shown_before_importing_and_the_losing_version_is_kept() {
    run_app_test_with("exchange-conflict", an_unsent_edit_and_a_newer_one_from_the_host, |ui, database| async move {
        let bundle = database.parent().unwrap().join("host.natverk");
        ui.click("a[data-route='utbyte']").await?;
        offer_for_opening(&database, &bundle)?;
        ui.click("#bundle-file").await?;
        let conflicts = ui.wait_for_text(".exchange-conflicts", "Konflikter").await?;
        assert!(conflicts.contains("exempel: Familjecentral i Falun – avsändarens version behålls"), "{conflicts}");
        assert!(conflicts.contains("Här: Familjecentralen · Hos avsändaren: Familjecentral i Falun"), "{conflicts}");
        ui.wait_for_text("label[for='accept-sender']", "som värd").await?;
        ui.click("#accept-sender").await?;
        ui.click("[data-action='apply-bundle-import']").await?;
        ui.wait_for_text(".import-result", "Importen är klar").await?;
        let kept = ui.wait_for_text("section[aria-labelledby='conflicts-heading']", "Konflikter (1)").await?;
        assert!(kept.contains("Familjecentralen"), "the local version that lost is still there to see: {kept}");
        let title: String =
            Database::open(&database)?
                .conn()
                .query_row("SELECT title FROM examples WHERE id = 'ex-1'", [], |r| r.get(0))?;
        assert_eq!(title, "Familjecentral i Falun");
        Ok(()) as TestResult
    })
    .await;
}

/// Another installation's network bundle, already in the shared folder the app will be pointed at.
fn folder_with_a_colleagues_bundle(database: &std::path::Path) {
    use natverk_core::exchange::{self, ExportOptions, Scope};
    let folder = crate::harness::exports_dir(database);
    std::fs::create_dir_all(&folder).expect("the sync folder");
    let mut colleague =
        natverk_core::Database::open(&database.with_file_name("kollega.sqlite3")).expect("the colleague's database");
    colleague
        .conn()
        .execute_batch(
            "INSERT INTO examples (id, title, summary, created_at, updated_at)
               VALUES ('e-kollega', 'Familjecentral i Ödeshög', 'Öppen verksamhet utan biståndsbeslut', '2024-05-02T08:00:00.000Z', '2024-05-02T08:00:00.000Z');
             INSERT INTO example_municipalities VALUES ('e-kollega', '0509');",
        )
        .expect("the colleague's example");
    let options = ExportOptions { scope: Scope::Network, include_contacts: true, compress: true };
    // The colleague's first sync into the folder: a full file of everything it has.
    exchange::sync_folder(&mut colleague, &folder, options, false, exchange::Acceptance::default())
        .expect("the colleague's file");
}

#[tokio::test]
async fn syncing_with_a_shared_folder_brings_in_the_others_and_leaves_our_own_file() {
    crate::harness::run_app_test_with(
        "exchange-sync-folder",
        folder_with_a_colleagues_bundle,
        |ui, database| async move {
            ui.find("main h1").await?;
            ui.client.execute("location.hash = '#/utbyte';", vec![]).await?;
            ui.wait_for_text("main h1", "Utbyte").await?;
            ui.click("[data-action='sync-folder']").await?;
            let preview = ui.wait_for_text(".sync-result", "Förhandsgranskning av synkmappen").await?;
            assert!(preview.contains("nya"), "the preview says what each file would change: {preview}");
            let before = natverk_core::Database::open(&database)?;
            let found: i64 =
                before.conn().query_row("SELECT count(*) FROM examples WHERE id = 'e-kollega'", [], |r| r.get(0))?;
            assert_eq!(found, 0, "the preview writes nothing");
            assert_eq!(
                std::fs::read_dir(crate::harness::exports_dir(&database))?.count(),
                1,
                "and no file of ours yet"
            );
            drop(before);
            assert!(preview.contains("Ny avsändare, fingeravtryck"), "{preview}");
            ui.click("#accept-sync-senders").await?;
            ui.click("[data-action='apply-sync']").await?;
            let result = ui.wait_for_text(".sync-result", "Synkroniseringen är klar").await?;
            assert!(result.contains("1 nya") || result.contains("nya"), "{result}");
            assert!(result.contains("Din fil (allt)"), "our first file in the folder holds everything: {result}");
            // The progress bar that showed while the folder was read is labelled and gone once done.
            ui.find("label[for='sync-progress']").await?;
            ui.find(".exchange-progress[hidden] progress#sync-progress").await?;
            let db = natverk_core::Database::open(&database)?;
            let title: String =
                db.conn().query_row("SELECT title FROM examples WHERE id = 'e-kollega'", [], |r| r.get(0))?;
            assert_eq!(title, "Familjecentral i Ödeshög");
            let own_files = std::fs::read_dir(crate::harness::exports_dir(&database))?.count();
            assert_eq!(own_files, 2, "the colleague's file and now ours");
            Ok(()) as crate::harness::TestResult
        },
    )
    .await;
}

/// The app has accepted Anna's installation; then a file arrives that claims to be hers but is
/// signed with another key (`anna-ny-nyckel.natverk` next to the database).
fn a_known_sender_with_a_new_key(database: &Path) {
    let folder = database.parent().unwrap();
    let mut app = Database::open(database).expect("the app's database");
    let anna_database = folder.join("anna").join("natverket.sqlite3");
    let mut anna = Database::open(&anna_database).expect("Anna's database");
    anna.conn().execute("UPDATE installation SET author_name = 'Anna Andersson'", []).unwrap();
    let mine = ExportOptions { scope: Scope::Mine, ..ExportOptions::default() };
    let first = exchange::export_bundle(&mut anna, mine).unwrap().0;
    exchange::apply_import(&mut app, &first, exchange::Acceptance::sender()).expect("Anna accepted once");
    drop(anna);
    std::fs::remove_file(folder.join("anna").join(natverk_core::store::keys::KEY_FILE_NAME)).unwrap();
    let mut rekeyed = Database::open(&anna_database).expect("Anna's installation with a new key");
    exchange::export_bundle_to_file(&mut rekeyed, &folder.join("anna-ny-nyckel.natverk"), mine).unwrap();
}

#[tokio::test]
async fn a_file_signed_with_another_key_than_the_accepted_senders_is_refused() {
    run_app_test_with("exchange-changed-key", a_known_sender_with_a_new_key, |ui, database| async move {
        ui.click("a[data-route='utbyte']").await?;
        offer_for_opening(&database, &database.parent().unwrap().join("anna-ny-nyckel.natverk"))?;
        ui.click("#bundle-file").await?;
        let refused = ui.wait_for_text(".import-result", "annan nyckel").await?;
        assert!(refused.contains("Anna Andersson") && refused.contains("Inget har importerats"), "{refused}");
        assert!(ui.find_all("[data-action='apply-bundle-import']").await?.is_empty(), "nothing to apply");
        Ok(()) as TestResult
    })
    .await;
}
