//! Incremental sync through a shared folder: small change files, files read once, nothing written when nothing changed, old files removed once everyone read them.

use std::path::{Path, PathBuf};

use natverk_core::examples;
use natverk_core::exchange::{self, ExportOptions, SyncReport, SyncRun};
use natverk_core::Database;

use crate::support::TempDatabase;

fn sync(db: &mut Database, folder: &Path) -> SyncReport {
    exchange::sync(db, folder, ExportOptions::default(), SyncRun::default(), exchange::Acceptance::host()).unwrap()
}

fn new_example(db: &mut Database, title: &str) -> examples::Example {
    let input =
        examples::ExampleInput { title: title.into(), municipality_codes: vec!["2080".into()], ..Default::default() };
    db.write(|tx| examples::create(tx, &input)).expect("an example")
}

fn rename_example(db: &mut Database, id: &str, title: &str) {
    let input =
        examples::ExampleInput { title: title.into(), municipality_codes: vec!["2080".into()], ..Default::default() };
    db.write(|tx| examples::update(tx, id, &input)).unwrap();
}

fn title(db: &Database, id: &str) -> Option<String> {
    examples::get(db.conn(), id).ok().map(|example| example.title)
}

fn files_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(folder).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

fn read_files(report: &SyncReport) -> Vec<PathBuf> {
    report.files.iter().map(|file| file.file.clone()).collect()
}

#[test]
fn a_round_with_nothing_changed_writes_nothing_and_opens_nothing() {
    let folder = tempfile::tempdir().unwrap();
    let (fa, fb) = (TempDatabase::new(), TempDatabase::new());
    let (mut a, mut b) = (fa.open(), fb.open());
    new_example(&mut a, "Familjecentral");
    assert!(sync(&mut a, folder.path()).full);
    assert!(sync(&mut b, folder.path()).full, "a newcomer publishes everything once");
    sync(&mut a, folder.path());
    let before = files_in(folder.path());

    for which in [0, 1, 0] {
        let report = sync(if which == 0 { &mut a } else { &mut b }, folder.path());
        assert!(report.written.is_none(), "nothing changed, nothing written: {report:?}");
        assert!(report.files.is_empty(), "every file was read before: {report:?}");
        assert!(report.unopened >= 1);
    }
    assert_eq!(files_in(folder.path()), before, "the folder is untouched");
}

#[test]
fn a_change_travels_in_a_small_file_that_the_others_read_alone() {
    let folder = tempfile::tempdir().unwrap();
    let (fa, fb) = (TempDatabase::new(), TempDatabase::new());
    let (mut a, mut b) = (fa.open(), fb.open());
    let examples: Vec<_> = (0..30).map(|i| new_example(&mut a, &format!("Exempel {i}"))).collect();
    let full = sync(&mut a, folder.path()).written.unwrap();
    sync(&mut b, folder.path());
    assert_eq!(title(&b, &examples[7].id).as_deref(), Some("Exempel 7"));

    rename_example(&mut a, &examples[7].id, "Familjecentral i Falun");
    let round = sync(&mut a, folder.path());
    assert!(!round.full && !round.read_positions_only);
    let changes = round.written.unwrap();
    assert!(changes.file_name().unwrap().to_string_lossy().contains("-00000001-andringar-"), "{changes:?}");
    let (payload, _) = exchange::stream::decode(&std::fs::read(&changes).unwrap()).unwrap();
    let sent: Vec<usize> = payload.records.values().map(Vec::len).collect();
    assert_eq!(sent.iter().sum::<usize>(), 1, "only the changed example: {:?}", payload.records.keys());
    assert!(std::fs::metadata(&changes).unwrap().len() < std::fs::metadata(&full).unwrap().len());

    let read = sync(&mut b, folder.path());
    assert_eq!(read_files(&read), vec![changes], "the full file is not read again");
    assert_eq!(title(&b, &examples[7].id).as_deref(), Some("Familjecentral i Falun"));
    assert!(read.written.is_none(), "what b received is not sent back");
    let found = |text: &str| {
        let query = examples::search::SearchQuery { text: text.into(), ..Default::default() };
        examples::search::search(b.conn(), &query).unwrap().total
    };
    assert_eq!(found("familjecentral"), 1, "the search index knows the new title");
    assert_eq!(found("Exempel"), 29, "and no longer the old one");
}

#[test]
fn files_everyone_has_read_are_removed_and_a_newcomer_still_gets_everything() {
    let folder = tempfile::tempdir().unwrap();
    let fixtures: Vec<TempDatabase> = (0..3).map(|_| TempDatabase::new()).collect();
    let (mut a, mut b) = (fixtures[0].open(), fixtures[1].open());
    let first = new_example(&mut a, "Första");
    sync(&mut a, folder.path());
    sync(&mut b, folder.path());
    let second = new_example(&mut a, "Andra");
    sync(&mut a, folder.path());
    let third = new_example(&mut a, "Tredje");
    sync(&mut a, folder.path());
    // b reads both change files and, with a change of its own, tells a how far it has read.
    let from_b = new_example(&mut b, "Från b");
    sync(&mut b, folder.path());
    let cleanup = sync(&mut a, folder.path());
    assert!(cleanup.removed >= 2, "the change files b has read are gone: {cleanup:?}");
    let own_id: String = a.conn().query_row("SELECT id FROM installation", [], |r| r.get(0)).unwrap();
    assert!(!files_in(folder.path()).iter().any(|name| name.contains(&own_id) && name.contains("andringar")));

    // A newcomer finds a's full file too old to follow: it says so in its first file, and a writes a new one.
    let mut c = fixtures[2].open();
    sync(&mut c, folder.path());
    assert_eq!(title(&c, &first.id).as_deref(), Some("Första"));
    assert_eq!(title(&c, &from_b.id).as_deref(), Some("Från b"));
    let renewed = sync(&mut a, folder.path());
    assert!(renewed.full, "a writes a new full file for the newcomer: {renewed:?}");
    sync(&mut c, folder.path());
    for id in [&first.id, &second.id, &third.id, &from_b.id] {
        assert!(title(&c, id).is_some(), "the newcomer has every example");
    }
}

#[test]
fn a_file_whose_content_does_not_match_its_name_is_refused() {
    let folder = tempfile::tempdir().unwrap();
    let (fa, fb) = (TempDatabase::new(), TempDatabase::new());
    let (mut a, mut b) = (fa.open(), fb.open());
    let example = new_example(&mut a, "Familjecentral");
    let written = sync(&mut a, folder.path()).written.unwrap();
    // Someone replaces a's file with another valid file of a's under the same name.
    rename_example(&mut a, &example.id, "Ändrad");
    let other = exchange::export_bundle(&mut a, ExportOptions::default()).unwrap().0;
    std::fs::write(&written, other).unwrap();
    let report = sync(&mut b, folder.path());
    let error = report.files[0].error.as_deref().unwrap_or_default();
    assert!(error.contains("filnamnet"), "{error}");
    assert_eq!(title(&b, &example.id), None);
}

#[test]
fn a_file_for_a_recipient_holds_what_changed_or_arrived_since_the_last_file_to_them() {
    let folder = tempfile::tempdir().unwrap();
    let (fh, fm, fo) = (TempDatabase::new(), TempDatabase::new(), TempDatabase::new());
    let (mut host, mut member, mut other) = (fh.open(), fm.open(), fo.open());
    let file = |name: &str| folder.path().join(name);
    let unchanged = new_example(&mut host, "Oförändrat");
    let first =
        exchange::export_for_recipient(&mut host, &file("1.natverk"), ExportOptions::default(), "Anna@Falun.se ")
            .unwrap();
    assert_eq!(first.changes_since, None, "the first file to a recipient holds everything");
    exchange::apply_import(&mut member, &std::fs::read(file("1.natverk")).unwrap(), exchange::Acceptance::host())
        .unwrap();

    // An example logged elsewhere long ago arrives at the host; the host also edits one of its own.
    let arrived = new_example(&mut other, "Från en annan kommun");
    other
        .conn()
        .execute(
            "UPDATE examples SET created_at = '2024-01-01T00:00:00.000Z', updated_at = '2024-01-01T00:00:00.000Z'",
            [],
        )
        .unwrap();
    let from_other = exchange::export_bundle(&mut other, ExportOptions::default()).unwrap().0;
    exchange::apply_import(&mut host, &from_other, exchange::Acceptance::host()).unwrap();
    let edited = new_example(&mut host, "Nytt hos värden");

    let second =
        exchange::export_for_recipient(&mut host, &file("2.natverk"), ExportOptions::default(), "anna@falun.se")
            .unwrap();
    assert!(second.changes_since.is_some(), "the second file to the same recipient holds changes");
    let (payload, _) = exchange::stream::decode(&std::fs::read(file("2.natverk")).unwrap()).unwrap();
    let ids: Vec<&str> =
        payload.records.get("examples").into_iter().flatten().filter_map(|r| r["id"].as_str()).collect();
    assert!(ids.contains(&arrived.id.as_str()), "what arrived from others, whatever its own time: {ids:?}");
    assert!(ids.contains(&edited.id.as_str()));
    assert!(!ids.contains(&unchanged.id.as_str()), "not what the recipient already has");
    exchange::apply_import(&mut member, &std::fs::read(file("2.natverk")).unwrap(), exchange::Acceptance::host())
        .unwrap();
    assert_eq!(title(&member, &arrived.id).as_deref(), Some("Från en annan kommun"));

    let other_recipient =
        exchange::export_for_recipient(&mut host, &file("3.natverk"), ExportOptions::default(), "bertil@mora.se")
            .unwrap();
    assert_eq!(other_recipient.changes_since, None, "another recipient gets everything");
    assert_eq!(other_recipient.counts["examples"], 3);
}

#[test]
fn a_deletion_travels_once_in_a_change_file() {
    let folder = tempfile::tempdir().unwrap();
    let (fa, fb) = (TempDatabase::new(), TempDatabase::new());
    let (mut a, mut b) = (fa.open(), fb.open());
    let example = new_example(&mut a, "Ska bort");
    let kept = new_example(&mut a, "Stannar");
    sync(&mut a, folder.path());
    sync(&mut b, folder.path());
    sync(&mut a, folder.path());
    a.write(|tx| examples::delete(tx, &example.id)).unwrap();

    let round = sync(&mut a, folder.path());
    let (payload, _) = exchange::stream::decode(&std::fs::read(round.written.unwrap()).unwrap()).unwrap();
    assert_eq!(payload.tombstones.len(), 1, "the deletion, and only it: {:?}", payload.tombstones);
    assert!(payload.records.values().all(Vec::is_empty));
    sync(&mut b, folder.path());
    assert_eq!(title(&b, &example.id), None, "deleted at b too");
    assert!(title(&b, &kept.id).is_some());
    assert!(sync(&mut a, folder.path()).written.is_none(), "the deletion is not sent again");
}

/// Reports steps and asks to stop at the first one, as the window's "Avbryt" does.
struct StopAtOnce(std::cell::Cell<u32>);

impl exchange::Progress for StopAtOnce {
    fn report(&self, _step: exchange::Step) {
        self.0.set(self.0.get() + 1);
    }

    fn keep_going(&self) -> bool {
        false
    }
}

/// A database with `count` examples, written straight into the table (the fast way for a test).
fn with_many_examples(db: &mut Database, count: usize) {
    db.write(|tx| {
        let origin: String = tx.query_row("SELECT id FROM installation", [], |r| r.get(0))?;
        let mut insert = tx.prepare(
            "INSERT INTO examples (id, title, summary, origin_installation_id, created_at, updated_at)
             VALUES (?1, ?2, '', ?3, '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')",
        )?;
        for i in 0..count {
            insert.execute((format!("many-{i:05}"), format!("Exempel {i}"), &origin))?;
        }
        Ok(())
    })
    .unwrap();
}

#[test]
fn stopped_imports_and_exports_keep_nothing_and_say_so() {
    let folder = tempfile::tempdir().unwrap();
    let (fa, fb) = (TempDatabase::new(), TempDatabase::new());
    let (mut a, mut b) = (fa.open(), fb.open());
    with_many_examples(&mut a, 4_500);
    let bundle = exchange::export_bundle(&mut a, ExportOptions::default()).unwrap().0;

    let before = crate::support::snapshot(&b);
    let stop = StopAtOnce(std::cell::Cell::new(0));
    let error = exchange::apply_import_with(&mut b, &bundle, exchange::Acceptance::host(), &stop).unwrap_err();
    assert!(error.to_string().contains("Avbrutet"), "{error}");
    assert_eq!(stop.0.get(), 1, "it stopped at the first step");
    assert_eq!(crate::support::snapshot(&b), before, "nothing of the import is kept");

    let state_before: i64 = a.conn().query_row("SELECT count(*) FROM exchange_state", [], |r| r.get(0)).unwrap();
    let path = folder.path().join("avbruten.natverk");
    let error = exchange::export_bundle_to_file_with(&mut a, &path, ExportOptions::default(), &stop).unwrap_err();
    assert!(error.to_string().contains("Avbrutet"), "{error}");
    assert!(!path.exists() && files_in(folder.path()).is_empty(), "no file, not even a temporary one");
    let state_after: i64 = a.conn().query_row("SELECT count(*) FROM exchange_state", [], |r| r.get(0)).unwrap();
    assert_eq!(state_after, state_before, "nothing recorded as sent");
}

/// The same installation's files are in the folder, but its database does not know the folder (it
/// was reached under another path, or the database came back from a backup): its next file is
/// numbered after those, so that the others open it, and the change reaches them.
#[test]
fn an_installation_that_finds_its_own_files_unknown_to_it_numbers_on_after_them() {
    let (folder, elsewhere) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (fa, fb) = (TempDatabase::new(), TempDatabase::new());
    let (mut a, mut b) = (fa.open(), fb.open());
    let example = new_example(&mut a, "Familjecentral");
    // A syncs in a folder of its own; its file is then copied into the shared one, where B reads it.
    sync(&mut a, elsewhere.path());
    for name in files_in(elsewhere.path()) {
        std::fs::copy(elsewhere.path().join(&name), folder.path().join(&name)).unwrap();
    }
    sync(&mut b, folder.path());
    assert_eq!(title(&b, &example.id).as_deref(), Some("Familjecentral"));

    rename_example(&mut a, &example.id, "Familjecentral i Falun");
    let round = sync(&mut a, folder.path());
    let written = round.written.expect("a file").file_name().unwrap().to_string_lossy().into_owned();
    assert!(written.contains("-00000001-"), "numbered after the copied file 0: {written}");
    sync(&mut b, folder.path());
    assert_eq!(title(&b, &example.id).as_deref(), Some("Familjecentral i Falun"), "the change reached B");
}

/// An installation that only reads still says how far it has read, once it has read enough new
/// files: otherwise the writer could never remove its change files, and the folder would only grow.
#[test]
fn an_installation_that_only_reads_says_how_far_it_has_read_so_that_old_files_are_removed() {
    use natverk_core::exchange::folder::ACKNOWLEDGE_AFTER_FILES;
    let folder = tempfile::tempdir().unwrap();
    let (fa, fb) = (TempDatabase::new(), TempDatabase::new());
    let (mut writer, mut reader) = (fa.open(), fb.open());
    let example = new_example(&mut writer, "Första");
    sync(&mut writer, folder.path());
    sync(&mut reader, folder.path());
    sync(&mut writer, folder.path());
    let writer_id: String = writer.conn().query_row("SELECT id FROM installation", [], |r| r.get(0)).unwrap();
    let writer_changes = || {
        files_in(folder.path())
            .into_iter()
            .filter(|name| name.contains(&writer_id) && name.contains("andringar"))
            .count()
    };

    // Fewer new files than the threshold: the reader, with nothing of its own, writes nothing.
    let below = ACKNOWLEDGE_AFTER_FILES - 1;
    for round in 0..below {
        rename_example(&mut writer, &example.id, &format!("Version {round}"));
        sync(&mut writer, folder.path());
    }
    let quiet = sync(&mut reader, folder.path());
    assert_eq!(quiet.files.len() as u64, below, "{quiet:?}");
    assert!(quiet.written.is_none(), "below the threshold nothing is written: {quiet:?}");
    assert_eq!(sync(&mut writer, folder.path()).removed, 0, "the writer does not know they were read");
    assert_eq!(writer_changes() as u64, below);

    // One more: the reader has now read as many as the threshold since its last file and says so.
    rename_example(&mut writer, &example.id, "Sista versionen");
    sync(&mut writer, folder.path());
    let acknowledging = sync(&mut reader, folder.path());
    let written = acknowledging.written.clone().expect("a file that says how far the reader has read");
    assert!(acknowledging.read_positions_only && !acknowledging.full, "and the report says that is all it is");
    assert!(written.file_name().unwrap().to_string_lossy().contains("-andringar-"), "{written:?}");
    let (payload, _) = exchange::stream::decode(&std::fs::read(&written).unwrap()).unwrap();
    assert_eq!(payload.records.values().map(Vec::len).sum::<usize>(), 0, "it carries no records");
    assert_eq!(title(&reader, &example.id).as_deref(), Some("Sista versionen"));

    let cleanup = sync(&mut writer, folder.path());
    assert_eq!(cleanup.removed as u64, ACKNOWLEDGE_AFTER_FILES, "every change file was read: {cleanup:?}");
    assert_eq!(writer_changes(), 0);
    let after = sync(&mut reader, folder.path());
    assert!(after.written.is_none() && after.files.is_empty(), "and then the folder is quiet again: {after:?}");
}
