//! Files with personal data are the owner's alone on Unix: the database and its journals, its folder, backups and every export.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use chrono::Utc;
use natverk_core::examples::export::{ExportFormat, ExportSelection};
use natverk_core::members::member::{self, MemberInput};
use natverk_core::store::backup::{self, OtherInstallation, Reason};
use natverk_core::{calendar, exchange, members, privacy, Database};

use crate::support::TempDatabase;

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).permissions().mode() & 0o777
}

fn asa() -> MemberInput {
    MemberInput {
        name: "Åsa Öberg".into(),
        municipality_code: "2180".into(),
        email: "asa.oberg@goteborg.se".into(),
        ..MemberInput::default()
    }
}

#[test]
fn a_new_database_its_journals_and_the_folders_made_for_it_are_private() {
    let fixture = TempDatabase::new();
    let path = fixture.dir.path().join("ny/mapp/natverket.sqlite3");
    let mut db = Database::open(&path).unwrap();
    db.write(|tx| member::create(tx, &asa())).unwrap();
    for file in ["natverket.sqlite3", "natverket.sqlite3-wal", "natverket.sqlite3-shm"] {
        assert_eq!(mode(&path.with_file_name(file)), 0o600, "{file}");
    }
    assert_eq!(mode(path.parent().unwrap()), 0o700);
    assert_eq!(mode(&fixture.dir.path().join("ny")), 0o700);
}

#[test]
fn an_existing_database_readable_by_others_is_made_private_when_opened() {
    let fixture = TempDatabase::new();
    drop(fixture.open());
    std::fs::set_permissions(&fixture.path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let _db = fixture.open();
    assert_eq!(mode(&fixture.path), 0o600);
}

#[test]
fn backups_and_their_folder_are_private_also_after_a_restore() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let daily = backup::daily_backup_of_file(&fixture.path, Utc::now()).unwrap().unwrap();
    let manual = backup::backup_now(db.conn(), &fixture.path, Reason::Manual, Utc::now()).unwrap();
    let elsewhere = fixture.dir.path().join("annan-mapp/kopia.sqlite3");
    backup::write_backup(db.conn(), &elsewhere).unwrap();
    db.restore_from(&manual, Utc::now(), OtherInstallation::Refuse).unwrap();
    let folder = backup::backup_folder(&fixture.path);
    assert_eq!(mode(&folder), 0o700);
    assert_eq!(mode(elsewhere.parent().unwrap()), 0o700, "a folder made for a backup is private");
    for file in std::fs::read_dir(&folder).unwrap() {
        assert_eq!(mode(&file.unwrap().path()), 0o600);
    }
    assert_eq!(mode(&daily), 0o600);
    assert_eq!(mode(&elsewhere), 0o600);
    assert_eq!(mode(&fixture.path), 0o600, "the restored database");
}

#[test]
fn every_export_with_personal_data_is_private() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let member = db.write(|tx| member::create(tx, &asa())).unwrap();
    let out = fixture.dir.path();
    // An export over an existing file that others could read becomes private too.
    std::fs::write(out.join("medlemmar.csv"), "gammal").unwrap();
    std::fs::set_permissions(out.join("medlemmar.csv"), std::fs::Permissions::from_mode(0o644)).unwrap();
    members::csv::export_to_file(db.conn(), &out.join("medlemmar.csv")).unwrap();
    privacy::extract_to_file(db.conn(), &member.id, &out.join("utdrag.txt")).unwrap();
    let current = natverk_core::settings::load(db.conn()).unwrap();
    let with_organizer =
        natverk_core::settings::NetworkSettings { organizer_email: "natverk@fss.se".into(), ..current };
    db.write(|tx| natverk_core::settings::save(tx, &with_organizer)).unwrap();
    calendar::write_calendar_file(&out.join("natverket.ics"), &calendar::network_feed(db.conn(), Utc::now()).unwrap())
        .unwrap();
    let selection = ExportSelection { include_confidential: true, ..Default::default() };
    natverk_core::examples::export::export_to_file(
        db.conn(),
        &selection,
        ExportFormat::Html,
        &out.join("exempel.html"),
    )
    .unwrap();
    exchange::export_bundle_to_file(&mut db, &out.join("utbyte.natverk"), exchange::ExportOptions::default()).unwrap();
    for file in ["medlemmar.csv", "utdrag.txt", "natverket.ics", "exempel.html", "utbyte.natverk"] {
        assert_eq!(mode(&out.join(file)), 0o600, "{file}");
    }
}
