//! Exchange between installations: bundles, merge rules, tombstones, conflicts, refused files, sync folder, convergence.

use std::collections::BTreeMap;
use std::process::Command;

use natverk_core::exchange::{self, tables, ExportOptions, Scope};
use natverk_core::Database;
use proptest::prelude::*;
use serde_json::Value;

use crate::support::{import, natverk, network_bundle, snapshot, TempDatabase, UNDO_DELETION_NOTES};

const FALUN: &str = "2080";

fn installation_id(db: &Database) -> String {
    db.conn().query_row("SELECT id FROM installation", [], |row| row.get(0)).unwrap()
}

fn set_identity(db: &Database, municipality_code: &str, author: &str) {
    db.conn()
        .execute("UPDATE installation SET municipality_code = ?1, author_name = ?2", (municipality_code, author))
        .unwrap();
}

fn insert_member(db: &Database, id: &str, name: &str, email: &str, at: &str) {
    db.conn()
        .execute(
            "INSERT INTO members (id, name, municipality_code, email, phone, fss_member, status, notes, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, '070-123 45 67', 1, 'active', 'Ring helst förmiddag', ?5, ?5)",
            (id, name, FALUN, email, at),
        )
        .unwrap();
}

fn insert_example(db: &Database, id: &str, title: &str, contact: Option<&str>, at: &str) {
    let origin = installation_id(db);
    db.conn()
        .execute(
            "INSERT INTO examples (id, title, summary, contact_member_id, origin_installation_id, created_at, updated_at)
             VALUES (?1, ?2, 'Kort om exemplet', ?3, ?4, ?5, ?5)",
            (id, title, contact, origin, at),
        )
        .unwrap();
    db.conn().execute("INSERT INTO example_municipalities VALUES (?1, ?2)", (id, FALUN)).unwrap();
    db.conn().execute("INSERT INTO example_themes SELECT ?1, id FROM themes WHERE name = 'Ökad tillit'", [id]).unwrap();
    db.conn()
        .execute("INSERT INTO example_links VALUES (?1, 1, 'https://falun.se/forsta-linjen', 'Om arbetet')", [id])
        .unwrap();
}

fn export(db: &mut Database, scope: Scope, include_contacts: bool) -> Vec<u8> {
    exchange::export_bundle(db, ExportOptions { scope, include_contacts, compress: true }).unwrap().0
}

fn example_title(db: &Database, id: &str) -> Option<String> {
    db.conn().query_row("SELECT title FROM examples WHERE id = ?1", [id], |row| row.get(0)).ok()
}

/// The content tables only (the exchange's own bookkeeping, such as when we last heard from a peer, may move).
fn content_snapshot(db: &Database) -> Vec<String> {
    snapshot(db).into_iter().filter(|row| !row.starts_with("exchange_")).collect()
}

/// Everything that travels, for comparing installations.
type ReplicatedContent = (BTreeMap<String, Vec<exchange::Record>>, Vec<(String, String, String)>);

fn replicated_content(db: &Database) -> ReplicatedContent {
    let records = tables::read_everything(db.conn()).unwrap();
    let tombstones = db
        .conn()
        .prepare("SELECT entity, id, deleted_at FROM tombstones ORDER BY entity, id")
        .unwrap()
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    (records, tombstones)
}

/// Member A in Falun logs three examples and sends "mina exempel"; the host gets them once.
#[test]
fn mine_bundle_brings_a_members_examples_to_the_host_and_a_second_import_changes_nothing() {
    let (a_file, host_file) = (TempDatabase::new(), TempDatabase::new());
    let (mut a, mut host) = (a_file.open(), host_file.open());
    set_identity(&a, FALUN, "Anna Andersson");
    insert_member(&a, "m-anna", "Anna Andersson", "anna@falun.se", "2025-03-01T10:00:00.000Z");
    for (n, title) in ["Gemensam väg in", "Öppen mottagning", "Samtal utan biståndsbeslut"].iter().enumerate() {
        insert_example(&a, &format!("ex-{n}"), title, Some("m-anna"), "2025-03-02T10:00:00.000Z");
    }
    // Someone else's example at A must not go into "mina exempel".
    a.conn()
        .execute(
            "INSERT INTO examples (id, title, origin_installation_id, created_at, updated_at)
             VALUES ('ex-other', 'Från Borlänge', 'another-installation', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')",
            [],
        )
        .unwrap();

    let bundle = export(&mut a, Scope::Mine, true);
    let preview = exchange::preview_import(&host, &bundle).unwrap();
    assert!(!preview.applied);
    let added: Vec<(&str, &str)> = preview.added.iter().map(|c| (c.entity.as_str(), c.label.as_str())).collect();
    assert_eq!(
        added,
        vec![
            ("members", "Anna Andersson"),
            ("examples", "Gemensam väg in"),
            ("examples", "Öppen mottagning"),
            ("examples", "Samtal utan biståndsbeslut")
        ],
        "the preview lists A's contact member and her three examples, not someone else's"
    );
    assert_eq!(preview.source.municipality_name.as_deref(), Some("Falun"), "the preview says where it came from");
    assert_eq!(preview.source.author_name, "Anna Andersson");
    assert_eq!(
        host.conn().query_row("SELECT count(*) FROM examples", [], |r| r.get::<_, i64>(0)).unwrap(),
        0,
        "a preview writes nothing"
    );

    let report = import(&mut host, &bundle);
    assert!(report.applied);
    assert_eq!(report.added.len(), 4);
    let in_falun: i64 = host
        .conn()
        .query_row(
            "SELECT count(*) FROM examples e JOIN example_municipalities m ON m.example_id = e.id
             JOIN example_themes t ON t.example_id = e.id JOIN example_links l ON l.example_id = e.id
             WHERE m.municipality_code = ?1",
            [FALUN],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(in_falun, 3, "the host shows the three examples under Falun, with their theme and link");

    let before = content_snapshot(&host);
    let again = import(&mut host, &bundle);
    assert!(!again.changes_anything(), "the same bundle twice changes nothing: {}", again.summary());
    assert!(again.conflicts.is_empty());
    assert_eq!(content_snapshot(&host), before, "no table changed on the second import");
}

#[test]
fn deletions_travel_as_tombstones_through_a_third_installation() {
    let (fa, fb, fc) = (TempDatabase::new(), TempDatabase::new(), TempDatabase::new());
    let (mut a, mut b, mut c) = (fa.open(), fb.open(), fc.open());
    insert_example(&a, "ex-1", "Familjecentral", None, "2025-03-02T10:00:00.000Z");
    let first = network_bundle(&mut a);
    import(&mut b, &first);
    import(&mut c, &first);
    assert_eq!(example_title(&c, "ex-1").as_deref(), Some("Familjecentral"));

    // A deletes the example the way any module does: just the row. The exchange notices it.
    a.conn().execute("DELETE FROM examples WHERE id = 'ex-1'", []).unwrap();
    let second = network_bundle(&mut a);
    let report = import(&mut b, &second);
    assert_eq!(report.deleted.iter().map(|c| c.label.as_str()).collect::<Vec<_>>(), vec!["Familjecentral"]);
    assert_eq!(example_title(&b, "ex-1"), None, "B deleted the example");
    let child_rows: i64 =
        b.conn().query_row("SELECT count(*) FROM example_links WHERE example_id = 'ex-1'", [], |r| r.get(0)).unwrap();
    assert_eq!(child_rows, 0, "its links went with it");

    // C never hears from A again: the deletion reaches it through B.
    let from_b = network_bundle(&mut b);
    let report = import(&mut c, &from_b);
    assert_eq!(report.deleted.len(), 1, "{}", report.summary());
    assert_eq!(example_title(&c, "ex-1"), None);
    let tombstone: String = c
        .conn()
        .query_row("SELECT deleted_at FROM tombstones WHERE entity = 'examples' AND id = 'ex-1'", [], |r| r.get(0))
        .unwrap();
    assert!(!tombstone.is_empty(), "C keeps the tombstone so that it travels on");

    // An older copy of the example coming back does not resurrect it...
    let report = import(&mut c, &first);
    assert_eq!(example_title(&c, "ex-1"), None, "an older version does not undo a deletion");
    assert!(report.added.is_empty());
}

#[test]
fn a_record_edited_after_its_deletion_comes_back() {
    let (fa, fb) = (TempDatabase::new(), TempDatabase::new());
    let (mut a, mut b) = (fa.open(), fb.open());
    insert_example(&a, "ex-1", "Familjecentral", None, "2025-03-02T10:00:00.000Z");
    import(&mut b, &network_bundle(&mut a));
    b.conn().execute("DELETE FROM examples WHERE id = 'ex-1'", []).unwrap();
    b.conn().execute("INSERT INTO tombstones VALUES ('examples', 'ex-1', '2025-03-03T10:00:00.000Z')", []).unwrap();
    a.conn()
        .execute("UPDATE examples SET title = 'Familjecentral 2.0', updated_at = '2025-03-04T10:00:00.000Z' WHERE id = 'ex-1'", [])
        .unwrap();
    let report = import(&mut b, &network_bundle(&mut a));
    assert_eq!(
        example_title(&b, "ex-1").as_deref(),
        Some("Familjecentral 2.0"),
        "a newer edit beats an older deletion"
    );
    assert_eq!(report.conflicts.len(), 1, "deleted here and edited there is a conflict worth showing");
    assert!(report.conflicts[0].local_deleted);
    let tombstones: i64 = b.conn().query_row("SELECT count(*) FROM tombstones", [], |r| r.get(0)).unwrap();
    assert_eq!(tombstones, 0, "the resurrected record has no tombstone left");
}

#[test]
fn last_writer_wins_and_equal_times_are_broken_the_same_way_everywhere() {
    let (fa, fb) = (TempDatabase::new(), TempDatabase::new());
    let (mut a, mut b) = (fa.open(), fb.open());
    let theme = "Ökad tillit";
    let set_description = |db: &Database, text: &str, at: &str| {
        db.conn()
            .execute("UPDATE themes SET description = ?1, updated_at = ?2 WHERE name = ?3", (text, at, theme))
            .unwrap();
    };
    let description = |db: &Database| -> String {
        db.conn().query_row("SELECT description FROM themes WHERE name = ?1", [theme], |r| r.get(0)).unwrap()
    };

    set_description(&a, "Nyare text från A", "2025-05-02T08:00:00.000Z");
    set_description(&b, "Äldre text från B", "2025-05-01T08:00:00.000Z");
    let (from_a, from_b) = (network_bundle(&mut a), network_bundle(&mut b));
    import(&mut a, &from_b);
    import(&mut b, &from_a);
    assert_eq!(description(&a), "Nyare text från A", "A keeps its newer text");
    assert_eq!(description(&b), "Nyare text från A", "B takes the newer text");

    // Same instant on both sides: the tie-break must pick the same winner on both.
    set_description(&a, "Variant alfa", "2025-06-01T08:00:00.000Z");
    set_description(&b, "Variant beta", "2025-06-01T08:00:00.000Z");
    let report_at_b = import(&mut b, &network_bundle(&mut a));
    assert_eq!(report_at_b.conflicts.len(), 1, "B changed it too since the last exchange: a conflict");
    assert_eq!(report_at_b.conflicts[0].winner, "local", "the tie goes to the larger canonical record, B's");
    // A sent its version (export), so it is no longer an unsent edit there: B's simply wins.
    let report_at_a = import(&mut a, &network_bundle(&mut b));
    assert_eq!(report_at_a.updated.len(), 1);
    assert_eq!(description(&a), "Variant beta");
    assert_eq!(description(&b), "Variant beta", "both installations agree after a tie");
}

#[test]
fn a_conflict_is_reported_with_both_values_and_the_losing_version_is_kept() {
    let (fa, fb) = (TempDatabase::new(), TempDatabase::new());
    let (mut a, mut b) = (fa.open(), fb.open());
    insert_example(&a, "ex-1", "Familjecentral", None, "2025-03-02T10:00:00.000Z");
    import(&mut b, &network_bundle(&mut a));

    // Only A edits: B takes the edit, no conflict.
    a.conn()
        .execute("UPDATE examples SET summary = 'Ny sammanfattning', updated_at = '2025-03-05T10:00:00.000Z' WHERE id = 'ex-1'", [])
        .unwrap();
    let report = import(&mut b, &network_bundle(&mut a));
    assert_eq!(report.updated.len(), 1);
    assert!(report.conflicts.is_empty(), "an edit on one side only is not a conflict");

    // Both edit the title; B's edit is newer.
    a.conn()
        .execute(
            "UPDATE examples SET title = 'Titel från A', updated_at = '2025-03-06T10:00:00.000Z' WHERE id = 'ex-1'",
            [],
        )
        .unwrap();
    b.conn()
        .execute(
            "UPDATE examples SET title = 'Titel från B', updated_at = '2025-03-07T10:00:00.000Z' WHERE id = 'ex-1'",
            [],
        )
        .unwrap();
    let bundle = network_bundle(&mut a);
    let preview = exchange::preview_import(&b, &bundle).unwrap();
    assert_eq!(preview.conflicts.len(), 1, "both changed since the last exchange: {}", preview.summary());
    let conflict = &preview.conflicts[0];
    assert_eq!(conflict.record.label, "Titel från A");
    assert_eq!(conflict.winner, "local", "B's newer edit wins");
    let title = conflict.differences.iter().find(|d| d.field == "title").expect("the title differs");
    assert_eq!(title.local, Value::from("Titel från B"));
    assert_eq!(title.incoming, Value::from("Titel från A"));

    import(&mut b, &bundle);
    assert_eq!(example_title(&b, "ex-1").as_deref(), Some("Titel från B"));
    let conflicts = exchange::list_conflicts(b.conn()).unwrap();
    assert_eq!(conflicts.len(), 1);
    assert!(conflicts[0].lost_version.contains("Titel från A"), "A's losing version is kept, not dropped");
    assert_eq!(conflicts[0].from_installation_id, installation_id(&a));
    let again = exchange::preview_import(&b, &bundle).unwrap();
    assert!(again.conflicts.is_empty(), "a conflict already seen is not reported again");
}

fn plain_bundle(db: &mut Database) -> Vec<u8> {
    exchange::export_bundle(db, ExportOptions { scope: Scope::Network, include_contacts: true, compress: false })
        .unwrap()
        .0
}

fn assert_refused(target: &mut Database, bytes: &[u8], expected_words: &str) {
    let before = snapshot(target);
    let preview = exchange::preview_import(target, bytes).unwrap_err();
    let error = exchange::apply_import(target, bytes, exchange::Acceptance::host()).unwrap_err();
    assert_eq!(error.kind(), "invalid");
    assert_eq!(error.field(), Some("file"), "the error belongs to the file input");
    assert!(error.to_string().contains(expected_words), "message: {error}");
    assert_eq!(preview.to_string(), error.to_string());
    assert_eq!(snapshot(target), before, "a refused file changes nothing");
}

#[test]
fn truncated_tampered_and_future_bundles_are_refused_and_nothing_changes() {
    let (fa, fb) = (TempDatabase::new(), TempDatabase::new());
    let (mut a, mut b) = (fa.open(), fb.open());
    insert_example(&a, "ex-1", "Familjecentral", None, "2025-03-02T10:00:00.000Z");

    let compressed = network_bundle(&mut a);
    assert_refused(&mut b, &compressed[..compressed.len() / 2], "ofullständig");
    let plain = plain_bundle(&mut a);
    assert_refused(&mut b, &plain[..plain.len() - 40], "ofullständig");
    assert_refused(&mut b, b"", "ofullständig");
    assert_refused(&mut b, b"hej", "inte en utbytesfil");

    let tampered = String::from_utf8(plain.clone()).unwrap().replace("Familjecentral", "Familjecentrum");
    assert_refused(&mut b, tampered.as_bytes(), "kontrollsumman");

    let future = String::from_utf8(plain.clone()).unwrap().replace("\"format_version\":3", "\"format_version\":9");
    assert_refused(&mut b, future.as_bytes(), "nyare version av Nätverket");

    // The untouched file is fine, proving the refusals above are about the damage.
    assert_eq!(import(&mut b, &plain).added.len(), 1);
}

#[test]
fn bundles_from_oneself_or_another_network_are_refused() {
    let (fa, fb) = (TempDatabase::new(), TempDatabase::new());
    let (mut a, mut b) = (fa.open(), fb.open());
    let own = network_bundle(&mut a);
    assert_refused(&mut a, &own, "den här installationen");
    b.conn().execute("UPDATE network SET id = 'another-network'", []).unwrap();
    assert_refused(&mut b, &own, "ett annat nätverk");
}

#[test]
fn a_bundle_without_contacts_leaves_them_out_and_never_blanks_local_contact_data() {
    let (fa, fb) = (TempDatabase::new(), TempDatabase::new());
    let (mut a, mut b) = (fa.open(), fb.open());
    insert_member(&a, "m-anna", "Anna Andersson", "anna@falun.se", "2025-03-01T10:00:00.000Z");
    import(&mut b, &network_bundle(&mut a));

    a.conn().execute("UPDATE members SET title = 'Enhetschef', updated_at = '2025-04-01T10:00:00.000Z'", []).unwrap();
    let without = export(&mut a, Scope::Network, false);
    let text = String::from_utf8(flate2_decompress(&without)).unwrap();
    assert!(!text.contains("anna@falun.se"), "no e-mail address in the file");
    assert!(!text.contains("070-123"), "no phone number in the file");
    assert!(!text.contains("Ring helst"), "no notes in the file");
    assert!(text.contains("Anna Andersson"), "the member herself is there");

    let report = import(&mut b, &without);
    assert_eq!(report.updated.len(), 1, "{}", report.summary());
    let (title, email, phone, notes): (String, String, String, String) = b
        .conn()
        .query_row("SELECT title, email, phone, notes FROM members WHERE id = 'm-anna'", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .unwrap();
    assert_eq!(title, "Enhetschef", "the change came through");
    assert_eq!((email.as_str(), phone.as_str()), ("anna@falun.se", "070-123 45 67"), "contact data kept");
    assert_eq!(notes, "", "a member's notes never travel, not even in a bundle with contact data");

    // A member new to B arrives without contact data.
    insert_member(&a, "m-bo", "Bo Berg", "bo@falun.se", "2025-04-02T10:00:00.000Z");
    import(&mut b, &export(&mut a, Scope::Network, false));
    let bo_email: Option<String> =
        b.conn().query_row("SELECT email FROM members WHERE id = 'm-bo'", [], |r| r.get(0)).unwrap();
    assert_eq!(bo_email, None);
}

fn flate2_decompress(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).unwrap();
    out
}

#[test]
fn an_import_never_renames_the_network_or_changes_the_installation() {
    let (fa, fb) = (TempDatabase::new(), TempDatabase::new());
    let (mut a, mut b) = (fa.open(), fb.open());
    a.conn()
        .execute(
            "UPDATE network SET name = 'Annat namn', organizer_email = 'natverk@fss.se', updated_at = '2025-01-02T00:00:00.000Z'",
            [],
        )
        .unwrap();
    let installation_before: Vec<String> =
        snapshot(&b).into_iter().filter(|r| r.starts_with("installation:")).collect();
    let report = import(&mut b, &network_bundle(&mut a));
    let (name, email): (String, String) =
        b.conn().query_row("SELECT name, organizer_email FROM network", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!(name, "Första linjens socialtjänst", "the network keeps its name");
    assert_eq!(email, "natverk@fss.se", "other settings do travel");
    assert!(
        report.notices.iter().any(|n| n.contains("Annat namn")),
        "the different name is pointed out: {:?}",
        report.notices
    );
    let installation_after: Vec<String> = snapshot(&b).into_iter().filter(|r| r.starts_with("installation:")).collect();
    assert_eq!(installation_after, installation_before, "the installation's own identity is untouched");
}

#[test]
fn sync_folder_merges_everyone_and_says_who_each_file_came_from() {
    let folder = tempfile::tempdir().unwrap();
    let files: Vec<TempDatabase> = (0..3).map(|_| TempDatabase::new()).collect();
    let mut dbs: Vec<Database> = files.iter().map(TempDatabase::open).collect();
    let towns = [("2080", "Falun"), ("2081", "Borlänge"), ("2062", "Mora")];
    for (i, db) in dbs.iter().enumerate() {
        set_identity(db, towns[i].0, &format!("Person {i}"));
        insert_example(
            db,
            &format!("ex-{i}"),
            &format!("Exempel från {}", towns[i].1),
            None,
            "2025-03-02T10:00:00.000Z",
        );
    }
    let first = exchange::sync_folder(
        &mut dbs[0],
        folder.path(),
        ExportOptions::default(),
        false,
        exchange::Acceptance::host(),
    )
    .unwrap();
    assert!(first.files.is_empty(), "the first one finds nobody else");
    let written = first.written.unwrap();
    let name = written.file_name().unwrap().to_str().unwrap().to_string();
    let own_prefix = format!("natverket-{}-00000000-full-", installation_id(&dbs[0]));
    assert!(name.starts_with(&own_prefix) && name.ends_with(".natverk"), "{name}");
    assert!(first.full, "the first file in a folder holds everything");

    let dry =
        exchange::sync_folder(&mut dbs[1], folder.path(), ExportOptions::default(), true, exchange::Acceptance::host())
            .unwrap();
    assert!(dry.written.is_none());
    assert_eq!(dry.files[0].report.as_ref().unwrap().added.len(), 1);
    assert_eq!(example_title(&dbs[1], "ex-0"), None, "a dry run imports nothing");

    std::fs::write(folder.path().join("trasig.natverk"), b"{\"format\":\"natverket-bundle\"").unwrap();
    for i in [1, 2, 0, 1] {
        let report = exchange::sync_folder(
            &mut dbs[i],
            folder.path(),
            ExportOptions::default(),
            false,
            exchange::Acceptance::host(),
        )
        .unwrap();
        let damaged = report.files.iter().find(|f| f.file.ends_with("trasig.natverk")).unwrap();
        assert!(damaged.error.is_some(), "a damaged file is reported, the others still merge");
        for file in report.files.iter().filter_map(|f| f.report.as_ref()) {
            assert!(towns.iter().any(|(_, town)| file.source.municipality_name.as_deref() == Some(*town)));
        }
    }
    for db in &dbs {
        let titles: Vec<String> = (0..3).filter_map(|i| example_title(db, &format!("ex-{i}"))).collect();
        assert_eq!(titles, vec!["Exempel från Falun", "Exempel från Borlänge", "Exempel från Mora"]);
    }
    let leftovers: Vec<_> = std::fs::read_dir(folder.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary files stay behind");
}

#[test]
fn cli_exports_previews_and_imports_bundles() {
    let (fa, fb) = (TempDatabase::new(), TempDatabase::new());
    insert_example(&fa.open(), "ex-1", "Familjecentral", None, "2025-03-02T10:00:00.000Z");
    let file = fa.dir.path().join("natverket.natverk");
    let file_arg = file.to_str().unwrap();
    let exported = natverk(&fa, &["bundle", "export", "--out", file_arg, "--scope", "mine", "--no-contacts"]);
    assert!(exported.status.success(), "{}", String::from_utf8_lossy(&exported.stderr));
    assert!(String::from_utf8_lossy(&exported.stdout).contains("1 exempel"));

    let dry = natverk(&fb, &["bundle", "import", file_arg, "--dry-run", "--json"]);
    assert!(dry.status.success(), "{}", String::from_utf8_lossy(&dry.stderr));
    let json: Value = serde_json::from_slice(&dry.stdout).unwrap();
    assert_eq!(json["added"][0]["label"], "Familjecentral");
    assert_eq!(json["applied"], false);
    assert_eq!(json["sender"]["status"], "new", "the preview names a sender not seen before");
    assert_eq!(example_title(&fb.open(), "ex-1"), None);

    let unaccepted = natverk(&fb, &["bundle", "import", file_arg]);
    assert_eq!(unaccepted.status.code(), Some(1), "a new sender must be accepted first");
    assert!(String::from_utf8_lossy(&unaccepted.stderr).contains("fingeravtryck"));
    assert_eq!(example_title(&fb.open(), "ex-1"), None);

    let done = natverk(&fb, &["bundle", "import", file_arg, "--accept-sender"]);
    let text = String::from_utf8_lossy(&done.stdout);
    assert!(text.contains("Importerat: 1 nya"), "{text}");
    assert_eq!(example_title(&fb.open(), "ex-1").as_deref(), Some("Familjecentral"));

    std::fs::write(&file, b"{\"format\":\"natverket-bundle\",\"format_version\":9}").unwrap();
    let refused = natverk(&fb, &["bundle", "import", file_arg]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("nyare version"));
}

// ---------------------------------------------------------------------------------------------
// Convergence: random edits in three installations, exchanged in random order, end up identical.

#[derive(Debug, Clone)]
enum Step {
    AddTheme { node: usize },
    EditTheme { node: usize, pick: usize },
    DeleteTheme { node: usize, pick: usize },
    AddMember { node: usize },
    EditMember { node: usize, pick: usize },
    DeleteMember { node: usize, pick: usize },
    AddExample { node: usize, member: usize, theme: usize },
    EditExample { node: usize, pick: usize, theme: usize },
    DeleteExample { node: usize, pick: usize },
    EditMeeting { node: usize, pick: usize },
    SetAttendance { node: usize, meeting: usize, member: usize, present: bool },
    AddMedskick { node: usize, member: usize, example: usize },
    EditMedskick { node: usize, pick: usize, theme: usize },
    DeleteMedskick { node: usize, pick: usize },
    AddProposal { node: usize, medskick: usize },
    Exchange { from: usize, to: usize },
}

const NODES: usize = 3;

fn step_strategy() -> impl Strategy<Value = Step> {
    let node = 0..NODES;
    let pick = 0..8usize;
    prop_oneof![
        node.clone().prop_map(|node| Step::AddTheme { node }),
        (node.clone(), pick.clone()).prop_map(|(node, pick)| Step::EditTheme { node, pick }),
        (node.clone(), pick.clone()).prop_map(|(node, pick)| Step::DeleteTheme { node, pick }),
        node.clone().prop_map(|node| Step::AddMember { node }),
        (node.clone(), pick.clone()).prop_map(|(node, pick)| Step::EditMember { node, pick }),
        (node.clone(), pick.clone()).prop_map(|(node, pick)| Step::DeleteMember { node, pick }),
        (node.clone(), pick.clone(), pick.clone()).prop_map(|(node, member, theme)| Step::AddExample {
            node,
            member,
            theme
        }),
        (node.clone(), pick.clone(), pick.clone()).prop_map(|(node, pick, theme)| Step::EditExample {
            node,
            pick,
            theme
        }),
        (node.clone(), pick.clone()).prop_map(|(node, pick)| Step::DeleteExample { node, pick }),
        (node.clone(), 0..5usize).prop_map(|(node, pick)| Step::EditMeeting { node, pick }),
        (node.clone(), 0..5usize, pick.clone(), any::<bool>())
            .prop_map(|(node, meeting, member, present)| Step::SetAttendance { node, meeting, member, present }),
        (node.clone(), pick.clone(), pick.clone()).prop_map(|(node, member, example)| Step::AddMedskick {
            node,
            member,
            example
        }),
        (node.clone(), pick.clone(), pick.clone()).prop_map(|(node, pick, theme)| Step::EditMedskick {
            node,
            pick,
            theme
        }),
        (node.clone(), pick.clone()).prop_map(|(node, pick)| Step::DeleteMedskick { node, pick }),
        (node.clone(), pick.clone()).prop_map(|(node, medskick)| Step::AddProposal { node, medskick }),
        // Exchanges are listed three times so they happen about as often as edits of one kind.
        (node.clone(), 1..NODES).prop_map(|(from, offset)| Step::Exchange { from, to: (from + offset) % NODES }),
        (0..NODES, 1..NODES).prop_map(|(from, offset)| Step::Exchange { from, to: (from + offset) % NODES }),
        (0..NODES, 1..NODES).prop_map(|(from, offset)| Step::Exchange { from, to: (from + offset) % NODES }),
    ]
}

/// A logical clock shared by all installations; sometimes two edits get the same time on purpose.
/// The installations' clocks are skewed: the second runs an hour behind, the third an hour ahead.
struct Clock {
    tick: i64,
    serial: u64,
}

/// How far each installation's clock is off, in seconds.
const CLOCK_SKEW: [i64; NODES] = [0, -3_600, 3_600];

impl Clock {
    fn next(&mut self, node: usize, advance: bool) -> String {
        if advance {
            self.tick += 1;
        }
        self.serial += 1;
        let base = chrono::DateTime::parse_from_rfc3339("2025-01-01T00:00:00Z").unwrap();
        (base + chrono::Duration::seconds(self.tick + CLOCK_SKEW[node]))
            .to_utc()
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    }
}

fn pick_id(db: &Database, table: &str, pick: usize) -> Option<String> {
    let ids: Vec<String> = db
        .conn()
        .prepare(&format!("SELECT id FROM {table} ORDER BY id"))
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    (!ids.is_empty()).then(|| ids[pick % ids.len()].clone())
}

fn delete_with_tombstone(db: &Database, table: &str, id: &str, at: &str) {
    db.conn().execute(&format!("DELETE FROM {table} WHERE id = ?1"), [id]).unwrap();
    db.conn()
        .execute(
            "INSERT INTO tombstones VALUES (?1, ?2, ?3) ON CONFLICT DO UPDATE SET deleted_at = max(deleted_at, excluded.deleted_at)",
            (table, id, at),
        )
        .unwrap();
}

fn run_step(dbs: &mut [Database], clock: &mut Clock, step: &Step, advance: bool) {
    let serial = clock.serial;
    match *step {
        Step::Exchange { from, to } => {
            let bundle = network_bundle(&mut dbs[from]);
            import(&mut dbs[to], &bundle);
        }
        Step::AddTheme { node } => {
            let at = clock.next(node, advance);
            dbs[node]
                .conn()
                .execute(
                    "INSERT INTO themes VALUES (?1, ?2, '', ?3, ?3)",
                    (format!("theme-{serial}"), format!("Tema {serial}"), &at),
                )
                .unwrap();
        }
        Step::EditTheme { node, pick } => {
            let Some(id) = pick_id(&dbs[node], "themes", pick) else { return };
            let at = clock.next(node, advance);
            dbs[node]
                .conn()
                .execute(
                    "UPDATE themes SET description = ?1, updated_at = ?2 WHERE id = ?3",
                    (format!("Text {serial} från {node}"), &at, id),
                )
                .unwrap();
        }
        Step::DeleteTheme { node, pick } => {
            let Some(id) = pick_id(&dbs[node], "themes", pick) else { return };
            let at = clock.next(node, advance);
            delete_with_tombstone(&dbs[node], "themes", &id, &at);
        }
        Step::AddMember { node } => {
            let at = clock.next(node, advance);
            dbs[node]
                .conn()
                .execute(
                    "INSERT INTO members (id, name, email, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
                    (format!("member-{serial}"), format!("Medlem {serial}"), format!("m{serial}@example.se"), &at),
                )
                .unwrap();
        }
        Step::EditMember { node, pick } => {
            let Some(id) = pick_id(&dbs[node], "members", pick) else { return };
            let at = clock.next(node, advance);
            dbs[node]
                .conn()
                .execute(
                    "UPDATE members SET title = ?1, phone = ?2, updated_at = ?3 WHERE id = ?4",
                    (format!("Titel {serial}"), format!("{node}"), &at, id),
                )
                .unwrap();
        }
        Step::DeleteMember { node, pick } => {
            // Through the app's own delete path (GDPR erasure), at the real time of the deletion.
            let Some(id) = pick_id(&dbs[node], "members", pick) else { return };
            clock.next(node, advance);
            dbs[node].write(|tx| natverk_core::privacy::delete(tx, &id)).unwrap();
        }
        Step::AddExample { node, member, theme } => {
            let at = clock.next(node, advance);
            let id = format!("example-{serial}");
            let contact = pick_id(&dbs[node], "members", member);
            let conn = dbs[node].conn();
            conn.execute(
                "INSERT INTO examples (id, title, contact_member_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
                (&id, format!("Exempel {serial}"), contact, &at),
            )
            .unwrap();
            conn.execute("INSERT INTO example_municipalities VALUES (?1, ?2)", (&id, FALUN)).unwrap();
            if let Some(theme) = pick_id(&dbs[node], "themes", theme) {
                dbs[node].conn().execute("INSERT INTO example_themes VALUES (?1, ?2)", (&id, theme)).unwrap();
            }
        }
        Step::EditExample { node, pick, theme } => {
            let Some(id) = pick_id(&dbs[node], "examples", pick) else { return };
            let at = clock.next(node, advance);
            let conn = dbs[node].conn();
            conn.execute(
                "UPDATE examples SET body = ?1, updated_at = ?2 WHERE id = ?3",
                (format!("Text {serial} från {node}"), &at, &id),
            )
            .unwrap();
            conn.execute("DELETE FROM example_themes WHERE example_id = ?1", [&id]).unwrap();
            if let Some(theme) = pick_id(&dbs[node], "themes", theme) {
                dbs[node].conn().execute("INSERT INTO example_themes VALUES (?1, ?2)", (&id, theme)).unwrap();
            }
            dbs[node]
                .conn()
                .execute(
                    "INSERT OR REPLACE INTO example_links VALUES (?1, 1, ?2, 'länk')",
                    (&id, format!("https://example.se/{serial}")),
                )
                .unwrap();
        }
        Step::DeleteExample { node, pick } => {
            let Some(id) = pick_id(&dbs[node], "examples", pick) else { return };
            clock.next(node, advance);
            dbs[node].write(|tx| natverk_core::examples::delete(tx, &id)).unwrap();
        }
        Step::EditMeeting { node, pick } => {
            let Some(id) = pick_id(&dbs[node], "meetings", pick) else { return };
            let at = clock.next(node, advance);
            dbs[node]
                .conn()
                .execute(
                    "UPDATE meetings SET notes = ?1, updated_at = ?2 WHERE id = ?3",
                    (format!("Minnesanteckning {serial}"), &at, id),
                )
                .unwrap();
        }
        Step::SetAttendance { node, meeting, member, present } => {
            let (Some(meeting), Some(member)) =
                (pick_id(&dbs[node], "meetings", meeting), pick_id(&dbs[node], "members", member))
            else {
                return;
            };
            let at = clock.next(node, advance);
            dbs[node]
                .conn()
                .execute(
                    "INSERT INTO attendance VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at",
                    (meeting, member, if present { "present" } else { "absent" }, &at),
                )
                .unwrap();
        }
        Step::AddMedskick { node, member, example } => {
            let at = clock.next(node, advance);
            let id = format!("medskick-{serial}");
            let raiser = pick_id(&dbs[node], "members", member);
            let example = pick_id(&dbs[node], "examples", example);
            let conn = dbs[node].conn();
            conn.execute(
                "INSERT INTO medskick (id, title, raised_by_member_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
                (&id, format!("Medskick {serial}"), raiser, &at),
            )
            .unwrap();
            if let Some(example) = example {
                conn.execute("INSERT INTO medskick_examples VALUES (?1, ?2)", (&id, example)).unwrap();
            }
        }
        Step::EditMedskick { node, pick, theme } => {
            let Some(id) = pick_id(&dbs[node], "medskick", pick) else { return };
            let at = clock.next(node, advance);
            let theme = pick_id(&dbs[node], "themes", theme);
            let conn = dbs[node].conn();
            conn.execute(
                "UPDATE medskick SET description = ?1, status = 'gathering', updated_at = ?2 WHERE id = ?3",
                (format!("Text {serial} från {node}"), &at, &id),
            )
            .unwrap();
            conn.execute("DELETE FROM medskick_themes WHERE medskick_id = ?1", [&id]).unwrap();
            if let Some(theme) = theme {
                conn.execute("INSERT INTO medskick_themes VALUES (?1, ?2)", (&id, theme)).unwrap();
            }
        }
        Step::DeleteMedskick { node, pick } => {
            let Some(id) = pick_id(&dbs[node], "medskick", pick) else { return };
            clock.next(node, advance);
            dbs[node].write(|tx| natverk_core::medskick::delete(tx, &id)).unwrap();
        }
        Step::AddProposal { node, medskick } => {
            let at = clock.next(node, advance);
            let id = format!("proposal-{serial}");
            let medskick = pick_id(&dbs[node], "medskick", medskick);
            let conn = dbs[node].conn();
            conn.execute(
                "INSERT INTO proposals (id, title, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
                (&id, format!("Förslag {serial}"), &at),
            )
            .unwrap();
            conn.execute(
                "INSERT INTO proposal_links VALUES (?1, 0, ?2, 'SOU')",
                (&id, format!("https://www.regeringen.se/{serial}")),
            )
            .unwrap();
            if let Some(medskick) = medskick {
                conn.execute("INSERT INTO proposal_medskick VALUES (?1, ?2)", (&id, medskick)).unwrap();
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, max_shrink_iters: 200, ..ProptestConfig::default() })]

    #[test]
    fn installations_that_edit_and_exchange_in_any_order_end_identical(
        steps in proptest::collection::vec((step_strategy(), any::<bool>()), 1..40)
    ) {
        let mut dbs: Vec<Database> = (0..NODES).map(|_| Database::open_in_memory().unwrap()).collect();
        let mut clock = Clock { tick: 0, serial: 0 };
        for (step, advance) in &steps {
            run_step(&mut dbs, &mut clock, step, *advance);
        }
        // A final full round: everyone sends to everyone, twice over.
        for _ in 0..2 {
            for from in 0..NODES {
                for to in 0..NODES {
                    if from != to {
                        let bundle = network_bundle(&mut dbs[from]);
                        import(&mut dbs[to], &bundle);
                    }
                }
            }
        }
        let first = replicated_content(&dbs[0]);
        for (index, db) in dbs.iter().enumerate().skip(1) {
            prop_assert_eq!(&replicated_content(db), &first, "installation {} differs from installation 0", index);
        }
        // And one more exchange changes nothing anywhere.
        let bundle = network_bundle(&mut dbs[0]);
        let report = exchange::preview_import(&dbs[1], &bundle).unwrap();
        prop_assert!(!report.changes_anything(), "{}", report.summary());
    }
}

#[test]
fn the_sender_identity_is_validated_and_named_in_bundles() {
    let (fa, fb) = (TempDatabase::new(), TempDatabase::new());
    let (mut a, b) = (fa.open(), fb.open());
    let before = snapshot(&a);
    let error = a.write(|tx| exchange::save_identity(tx, "9999", "Anna")).unwrap_err();
    assert_eq!(error.field(), Some("municipality_code"), "an unknown municipality is refused at its field");
    let error = a.write(|tx| exchange::save_identity(tx, FALUN, &"x".repeat(201))).unwrap_err();
    assert_eq!(error.field(), Some("author_name"));
    assert_eq!(snapshot(&a), before, "refused input writes nothing");

    let saved = a.write(|tx| exchange::save_identity(tx, FALUN, "  Anna Andersson ")).unwrap();
    assert_eq!((saved.municipality_name.as_deref(), saved.author_name.as_str()), (Some("Falun"), "Anna Andersson"));
    let report = exchange::preview_import(&b, &network_bundle(&mut a)).unwrap();
    assert_eq!(report.source.author_name, "Anna Andersson");
    assert_eq!(report.source.municipality_code.as_deref(), Some(FALUN));
    assert_eq!(report.source.installation_id, saved.id, "the id itself never changes");
}

#[test]
fn cli_sync_writes_its_own_file_and_reports_who_the_others_are() {
    let (fa, fb) = (TempDatabase::new(), TempDatabase::new());
    set_identity(&fa.open(), FALUN, "Anna Andersson");
    insert_example(&fa.open(), "ex-1", "Familjecentral", None, "2025-03-02T10:00:00.000Z");
    let folder = tempfile::tempdir().unwrap();
    let sync = |fixture: &TempDatabase| {
        Command::new(env!("CARGO_BIN_EXE_natverk"))
            .arg("--db")
            .arg(&fixture.path)
            .args(["bundle", "sync", "--accept-host"])
            .arg(folder.path())
            .env_remove("NATVERK_DB")
            .output()
            .unwrap()
    };
    let first = sync(&fa);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    assert!(String::from_utf8_lossy(&first.stdout).contains("Inga andra utbytesfiler"));
    let second = sync(&fb);
    let text = String::from_utf8_lossy(&second.stdout);
    assert!(text.contains("Från Anna Andersson, Falun"), "{text}");
    assert!(text.contains("Ny") && text.contains("Familjecentral"), "{text}");
    assert!(text.contains("Din egen utbytesfil (allt) sparades"), "{text}");
    let files = std::fs::read_dir(folder.path()).unwrap().count();
    assert_eq!(files, 2, "one file per installation");
    assert_eq!(example_title(&fb.open(), "ex-1").as_deref(), Some("Familjecentral"));
}

#[test]
fn an_oversized_bundle_is_refused_without_reading_it_all() {
    use std::io::Write;
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    // A small gzip file that would unpack to just over 200 MB (a "zip bomb").
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let chunk = vec![b' '; 1024 * 1024];
    for _ in 0..201 {
        encoder.write_all(&chunk).unwrap();
    }
    let bomb = encoder.finish().unwrap();
    assert!(bomb.len() < 2 * 1024 * 1024, "the file itself is small");
    assert_refused(&mut db, &bomb, "för stor");
}

#[test]
fn an_example_that_arrives_in_a_bundle_can_be_found_by_search() {
    let mut member = Database::open_in_memory().unwrap();
    let mut host = Database::open_in_memory().unwrap();
    insert_example(&member, "e-sok", "Tillgänglighetsteam i Kiruna", None, "2024-05-01T10:00:00.000Z");
    let bytes = export(&mut member, Scope::Network, true);
    import(&mut host, &bytes);
    let hits = natverk_core::examples::search::search(
        host.conn(),
        &natverk_core::examples::search::SearchQuery { text: "tillgänglighet".into(), ..Default::default() },
    )
    .unwrap();
    assert_eq!(hits.hits.len(), 1, "the imported example is in the host's search index");
}

/// A record exchanged before and deleted here without a tombstone (a meeting, and with it its
/// attendance by cascade) gets one at the next export, so that its deletion travels; a row deleted
/// and written again does not. Only the rows deleted since are looked at (triggers note them).
#[test]
fn rows_deleted_here_get_tombstones_at_the_next_export_including_cascades() {
    let mut db = Database::open_in_memory().unwrap();
    let size = natverk_core::demo::DemoSize { examples: 20, members: 12, meetings: 4, active_percent: 85, seed: 4 };
    natverk_core::demo::generate(&mut db, &size).unwrap();
    network_bundle(&mut db);
    let count =
        |db: &Database, sql: &str, param: &str| -> i64 { db.conn().query_row(sql, [param], |r| r.get(0)).unwrap() };
    let notes = |db: &Database| -> i64 {
        db.conn().query_row("SELECT count(*) FROM exchange_deleted_rows", [], |r| r.get(0)).unwrap()
    };
    let (meeting, attended): (String, i64) = db
        .conn()
        .query_row(
            "SELECT meeting_id, count(*) FROM attendance GROUP BY meeting_id ORDER BY count(*) DESC, meeting_id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(attended > 0);
    let (other_meeting, member): (String, String) = db
        .conn()
        .query_row("SELECT meeting_id, member_id FROM attendance WHERE meeting_id <> ?1 LIMIT 1", [&meeting], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    let rewritten = format!("{other_meeting}/{member}");
    db.conn()
        .execute_batch(&format!(
            "CREATE TEMP TABLE kept AS SELECT * FROM attendance WHERE meeting_id = '{other_meeting}' AND member_id = '{member}';
             DELETE FROM attendance WHERE meeting_id = '{other_meeting}' AND member_id = '{member}';
             INSERT INTO attendance SELECT * FROM kept;"
        ))
        .unwrap();
    let presentations: Vec<String> = db
        .conn()
        .prepare("SELECT id FROM presentations WHERE meeting_id = ?1")
        .unwrap()
        .query_map([&meeting], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    db.conn().execute("DELETE FROM meetings WHERE id = ?1", [&meeting]).unwrap();
    let noted = notes(&db);
    assert_eq!(
        noted,
        attended + presentations.len() as i64 + 2,
        "the meeting, its attendance and presentations, the row rewritten"
    );

    network_bundle(&mut db);
    let tombstone = "SELECT count(*) FROM tombstones WHERE entity = 'attendance' AND id LIKE ?1 || '/%'";
    assert_eq!(count(&db, "SELECT count(*) FROM tombstones WHERE entity = 'meetings' AND id = ?1", &meeting), 1);
    assert_eq!(count(&db, tombstone, &meeting), attended, "every attendance row of the meeting");
    for presentation in &presentations {
        assert_eq!(
            count(&db, "SELECT count(*) FROM tombstones WHERE entity = 'presentations' AND id = ?1", presentation),
            1
        );
    }
    assert_eq!(count(&db, "SELECT count(*) FROM tombstones WHERE id = ?1", &rewritten), 0, "not the row written again");
    assert_eq!(notes(&db), 0, "the notes are used up");
}

/// The hash of each record in an uncompressed bundle, by entity and key: `sha256:` and the hex
/// digest of the record line's fields, exactly as they were written.
fn sent_hashes(bundle: &[u8]) -> BTreeMap<(String, String), String> {
    use sha2::Digest;
    let mut sent = BTreeMap::new();
    for line in std::str::from_utf8(bundle).unwrap().lines().filter(|line| line.starts_with(r#"{"record":"#)) {
        let entity = serde_json::from_str::<Value>(line).unwrap()["record"]["entity"].as_str().unwrap().to_string();
        let fields_at = line.find(r#","fields":"#).unwrap() + r#","fields":"#.len();
        let fields = &line[fields_at..line.len() - 2];
        let record: exchange::Record = serde_json::from_str(fields).unwrap();
        let key = tables::entity(&entity).unwrap().key_of(&record).unwrap();
        let hash = format!("sha256:{}", hex::encode(sha2::Sha256::digest(fields)));
        assert!(sent.insert((entity, key), hash).is_none(), "one line per record");
    }
    sent
}

/// The state every record was last exchanged in, by entity and key (deletions left out).
fn recorded_hashes(db: &Database) -> BTreeMap<(String, String), String> {
    let mut statement = db
        .conn()
        .prepare("SELECT entity, record_key, synced_hash FROM exchange_state WHERE synced_hash <> 'deleted'")
        .unwrap();
    let rows = statement.query_map([], |row| Ok(((row.get(0)?, row.get(1)?), row.get(2)?))).unwrap();
    rows.collect::<Result<_, _>>().unwrap()
}

/// What a full export records as sent is the hash of exactly what it wrote, record by record: for
/// a record sent before and unchanged, one changed since, one new, in a compressed file and not, and
/// for attendance rows whose two-column keys sort otherwise as joined text ("<meeting>!/…" before
/// "<meeting>/…"), which the export's walk over the stored state cannot answer in order.
#[test]
fn a_full_export_records_the_state_it_sent_of_every_record() {
    let mut db = Database::open_in_memory().unwrap();
    let size = natverk_core::demo::DemoSize { examples: 20, members: 12, meetings: 4, active_percent: 85, seed: 5 };
    natverk_core::demo::generate(&mut db, &size).unwrap();
    let (meeting, member): (String, String) = db
        .conn()
        .query_row("SELECT meeting_id, min(member_id) FROM attendance GROUP BY meeting_id LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    db.conn()
        .execute_batch(&format!(
            "CREATE TEMP TABLE copied AS SELECT * FROM meetings WHERE id = '{meeting}';
             UPDATE copied SET id = id || '!', ical_uid = ical_uid || '!';
             INSERT INTO meetings SELECT * FROM copied;
             INSERT INTO attendance VALUES ('{meeting}!', '{member}', 'present', '2025-02-01T10:00:00.000Z');"
        ))
        .unwrap();

    let first = plain_bundle(&mut db);
    assert_eq!(recorded_hashes(&db), sent_hashes(&first));
    let attendance_key = format!("{meeting}!/{member}");
    assert!(sent_hashes(&first).contains_key(&("attendance".to_string(), attendance_key)));

    let edit = "2026-01-10T10:00:00.000Z";
    db.conn()
        .execute(
            "UPDATE examples SET title = title || ' (ändrad)', updated_at = ?1
             WHERE id IN (SELECT id FROM examples ORDER BY id LIMIT 2 OFFSET 5)",
            [edit],
        )
        .unwrap();
    db.conn()
        .execute(
            "UPDATE attendance SET status = 'excused', updated_at = ?1 WHERE meeting_id IN (?2, ?2 || '!') AND member_id = ?3",
            (edit, &meeting, &member),
        )
        .unwrap();
    insert_example(&db, "ex-ny", "Nytt exempel", None, edit);
    let second = plain_bundle(&mut db);
    assert_ne!(sent_hashes(&second), sent_hashes(&first));
    assert_eq!(recorded_hashes(&db), sent_hashes(&second), "the state after the changes");
    let third = plain_bundle(&mut db);
    assert_eq!(recorded_hashes(&db), sent_hashes(&third), "nothing changed: the same state");

    // A compressed file's record hashes are made on the thread that compresses it.
    db.conn()
        .execute("UPDATE examples SET summary = 'Ny sammanfattning', updated_at = ?1 WHERE id = 'ex-ny'", [edit])
        .unwrap();
    let compressed = flate2_decompress(&export(&mut db, Scope::Network, true));
    assert_ne!(sent_hashes(&compressed), sent_hashes(&third));
    assert_eq!(recorded_hashes(&db), sent_hashes(&compressed), "the state after a compressed file");
}

/// Every kind of record the exchange carries has the trigger that notes its deleted rows: a kind
/// without one would never send its deletions.
#[test]
fn every_exchanged_table_notes_its_deleted_rows() {
    let db = Database::open_in_memory().unwrap();
    for spec in tables::ENTITIES.iter().filter(|spec| !spec.singleton) {
        let trigger = format!("{}_deleted_for_exchange", spec.name);
        let found: i64 = db
            .conn()
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name = ?1 AND tbl_name = ?2",
                (&trigger, spec.name),
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(found, 1, "{trigger}");
    }
}

/// An exchanged record deleted before the upgrade that brought the deletion notes (schema 15), and
/// not yet given its tombstone, still gets one: the upgrade notes what was deleted before it.
#[test]
fn a_deletion_made_before_the_upgrade_to_deletion_notes_still_travels() {
    let fixture = TempDatabase::new();
    let deleted = {
        let mut db = fixture.open();
        let size = natverk_core::demo::DemoSize { examples: 6, members: 4, meetings: 2, active_percent: 85, seed: 2 };
        natverk_core::demo::generate(&mut db, &size).unwrap();
        network_bundle(&mut db);
        let id: String = db.conn().query_row("SELECT id FROM examples ORDER BY id LIMIT 1", [], |r| r.get(0)).unwrap();
        // Back to schema 14, then the example deleted there without a tombstone (as an old version could).
        let raw = rusqlite::Connection::open(&fixture.path).unwrap();
        raw.execute_batch(&format!("{UNDO_DELETION_NOTES} PRAGMA user_version = 14;")).unwrap();
        raw.execute("DELETE FROM examples WHERE id = ?1", [&id]).unwrap();
        id
    };
    let mut db = fixture.open();
    assert_eq!(db.schema_version().unwrap(), natverk_core::store::latest_schema_version());
    let bundle = network_bundle(&mut db);
    let tombstones: i64 = db
        .conn()
        .query_row("SELECT count(*) FROM tombstones WHERE entity = 'examples' AND id = ?1", [&deleted], |r| r.get(0))
        .unwrap();
    assert_eq!(tombstones, 1, "the deletion travels");
    let (payload, _) = exchange::stream::decode(&bundle).unwrap();
    assert!(
        payload.tombstones.iter().any(|t| t.entity == "examples" && t.id == deleted),
        "in the next file: {:?}",
        payload.tombstones
    );
}
