//! Several networks: creating one without FSS's meetings, opening one received from the hosts, and the registry of known networks.

use std::path::Path;
use std::process::{Command, Output};

use natverk_core::exchange::{self, ExportOptions};
use natverk_core::meetings::{self, MeetingInput};
use natverk_core::members::{self, MemberInput};
use natverk_core::networks::{self, Registry};
use natverk_core::settings::{self, NetworkSettings};
use natverk_core::{Database, Error};

fn skr_settings() -> NetworkSettings {
    NetworkSettings {
        network_name: "SKR:s nätverk för hårt drabbade kommuner".into(),
        organizer_name: "Sveriges Kommuner och Regioner".into(),
        organizer_email: "natverk@skr.se".into(),
        default_start: "09.00".into(),
        default_end: "10:30".into(),
        teams_url: String::new(),
        time_zone: "Europe/Stockholm".into(),
        reminder_minutes: 30,
    }
}

fn network_id(db: &Database) -> String {
    db.conn().query_row("SELECT id FROM network", [], |row| row.get(0)).unwrap()
}

fn count(db: &Database, table: &str) -> i64 {
    db.conn().query_row(&format!("SELECT count(*) FROM {table}"), [], |row| row.get(0)).unwrap()
}

#[test]
fn a_new_network_has_its_own_name_and_settings_and_none_of_the_fss_meetings() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("skr").join("natverket.sqlite3");
    let db = networks::create_network(&path, &skr_settings()).unwrap();
    let stored = settings::load(db.conn()).unwrap();
    assert_eq!(stored.network_name, "SKR:s nätverk för hårt drabbade kommuner");
    assert_eq!((stored.default_start.as_str(), stored.default_end.as_str()), ("09:00", "10:30"));
    assert_eq!(stored.reminder_minutes, 30);
    assert_eq!(count(&db, "meetings"), 0, "the 2024 meetings are the FSS network's");
    assert_eq!(count(&db, "themes"), 0, "and so are its starter themes");
    assert_eq!(count(&db, "municipalities"), 290, "every network knows Sweden's municipalities");
    assert_eq!(db.schema_version().unwrap(), natverk_core::store::latest_schema_version());
    drop(db);

    // Opened again as any database is, it stays as it was: the FSS seed never runs on it.
    let reopened = Database::open(&path).unwrap();
    assert_eq!(count(&reopened, "meetings"), 0);
    let fss = Database::open_in_memory().unwrap();
    assert_ne!(network_id(&reopened), network_id(&fss), "a new network is not the FSS network");
}

#[test]
fn bad_settings_are_refused_before_any_file_is_made_and_an_existing_file_is_never_replaced() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("nytt").join("natverket.sqlite3");
    let nameless = NetworkSettings { network_name: "  ".into(), ..skr_settings() };
    match networks::create_network(&path, &nameless) {
        Err(Error::Invalid { field, .. }) => assert_eq!(field, "network_name"),
        other => panic!("a network needs a name, not {:?}", other.map(|_| ())),
    }
    let backwards = NetworkSettings { default_start: "11:00".into(), default_end: "10:00".into(), ..skr_settings() };
    assert!(networks::create_network(&path, &backwards).is_err());
    assert!(!path.parent().unwrap().exists(), "nothing was written");

    let fss = folder.path().join("fss.sqlite3");
    drop(Database::open(&fss).unwrap());
    let before = std::fs::read(&fss).unwrap();
    assert!(networks::create_network(&fss, &skr_settings()).is_err());
    assert_eq!(std::fs::read(&fss).unwrap(), before, "an existing database is left alone");
}

#[test]
fn each_network_keeps_its_own_members_and_meetings() {
    let folder = tempfile::tempdir().unwrap();
    let mut fss = Database::open(&folder.path().join("fss").join("natverket.sqlite3")).unwrap();
    let mut skr =
        networks::create_network(&folder.path().join("skr").join("natverket.sqlite3"), &skr_settings()).unwrap();
    skr.write(|tx| {
        members::create(
            tx,
            &MemberInput {
                name: "Sara Lind".into(),
                email: "sara.lind@solna.se".into(),
                municipality_code: "0184".into(),
                fss_member: true,
                status: "active".into(),
                ..Default::default()
            },
        )?;
        meetings::schedule(
            tx,
            &MeetingInput { title: "Uppstart".into(), date: "2025-02-04".into(), ..Default::default() },
            &[],
        )
    })
    .unwrap();
    fss.write(|tx| settings::save(tx, &settings::load(tx)?)).unwrap();

    let skr_meetings = meetings::list(skr.conn()).unwrap();
    assert_eq!(skr_meetings.len(), 1);
    assert_eq!(skr_meetings[0].start.format("%H:%M").to_string(), "09:00", "the new network's default start");
    assert_eq!(meetings::list(fss.conn()).unwrap().len(), 5, "the FSS network still has its five");
    assert_eq!(members::list(fss.conn()).unwrap().len(), 0, "Sara is only in the SKR network");
    assert_eq!(members::list(skr.conn()).unwrap().len(), 1);
}

#[test]
fn a_network_bundle_from_a_host_opens_as_a_network_of_its_own() {
    let folder = tempfile::tempdir().unwrap();
    let host_path = folder.path().join("host").join("natverket.sqlite3");
    let mut host = networks::create_network(&host_path, &skr_settings()).unwrap();
    host.write(|tx| {
        meetings::schedule(
            tx,
            &MeetingInput { title: "Uppstart".into(), date: "2025-02-04".into(), ..Default::default() },
            &[],
        )
    })
    .unwrap();
    let bundle = folder.path().join("skr.natverk");
    exchange::export_bundle_to_file(&mut host, &bundle, ExportOptions::default()).unwrap();

    let joined_path = folder.path().join("joined").join("natverket.sqlite3");
    let preview = networks::preview_received_network(&bundle).unwrap();
    assert_eq!(preview.network_name, "SKR:s nätverk för hårt drabbade kommuner");
    assert_eq!(
        preview.summary, "Utbytesfil med hela nätverket: 0 medlemmar, 1 träff, 0 exempel och 0 teman.",
        "it says what the network holds"
    );
    let fingerprint = preview.fingerprint.clone().expect("a bundle shows its sender's fingerprint");
    assert!(!fingerprint.is_empty() && preview.sender_name.is_some());
    assert!(!joined_path.parent().unwrap().exists(), "a preview writes nothing");
    let (joined, received) = networks::open_received_network(&bundle, &joined_path).unwrap();
    assert_eq!(received.name, "SKR:s nätverk för hårt drabbade kommuner");
    assert!(received.summary.contains("godkänd som värd"), "{}", received.summary);
    assert!(received.summary.contains(&fingerprint), "the host accepted is the one the preview showed");
    let meetings_here = meetings::list(joined.conn()).unwrap();
    assert_eq!(meetings_here.iter().map(|m| m.title.as_str()).collect::<Vec<_>>(), ["Uppstart"]);
    let (mine, theirs) = (exchange::identity(joined.conn()).unwrap(), exchange::identity(host.conn()).unwrap());
    assert_eq!(network_id(&joined), network_id(&host), "the same network, so later bundles merge");
    assert_ne!(mine.id, theirs.id, "but this installation keeps an identity of its own");

    // The next bundle from the host imports as any other.
    host.write(|tx| {
        meetings::schedule(
            tx,
            &MeetingInput { title: "Uppföljning".into(), date: "2025-03-04".into(), ..Default::default() },
            &[],
        )
    })
    .unwrap();
    exchange::export_bundle_to_file(&mut host, &bundle, ExportOptions::default()).unwrap();
    let mut joined = joined;
    let bytes = exchange::read_bundle_file(&bundle).unwrap();
    exchange::apply_import(&mut joined, &bytes, exchange::Acceptance::default()).unwrap();
    assert_eq!(meetings::list(joined.conn()).unwrap().len(), 2);
}

#[test]
fn a_members_own_examples_or_a_broken_file_opens_nothing_and_leaves_nothing_behind() {
    let folder = tempfile::tempdir().unwrap();
    let mut member = Database::open_in_memory().unwrap();
    let mine = folder.path().join("mina.natverk");
    let options = ExportOptions { scope: exchange::Scope::Mine, ..ExportOptions::default() };
    exchange::export_bundle_to_file(&mut member, &mine, options).unwrap();
    let target = folder.path().join("nytt").join("natverket.sqlite3");
    let refused = networks::open_received_network(&mine, &target).map(|_| ()).unwrap_err();
    assert!(refused.to_string().contains("hela nätverket"), "{refused}");
    assert!(!target.parent().unwrap().exists());

    let not_a_database = folder.path().join("lista.sqlite3");
    std::fs::write(&not_a_database, "namn;e-post\n").unwrap();
    assert!(networks::open_received_network(&not_a_database, &target).is_err());
    assert!(!target.parent().unwrap().exists(), "the half-made network is removed");
}

#[test]
fn a_database_file_from_a_host_is_checked_and_opened_with_this_installations_own_identity() {
    let folder = tempfile::tempdir().unwrap();
    let host_path = folder.path().join("host").join("natverket.sqlite3");
    let host = networks::create_network(&host_path, &skr_settings()).unwrap();
    let copy = natverk_core::store::backup::backup_now(
        host.conn(),
        &host_path,
        natverk_core::store::backup::Reason::Manual,
        chrono::Utc::now(),
    )
    .unwrap();
    let target = folder.path().join("mottaget").join("natverket.sqlite3");
    let preview = networks::preview_received_network(&copy).unwrap();
    assert_eq!(preview.network_name, "SKR:s nätverk för hårt drabbade kommuner");
    assert_eq!(preview.fingerprint, None);
    let (opened, received) = networks::open_received_network(&copy, &target).unwrap();
    assert_eq!(received.name, "SKR:s nätverk för hårt drabbade kommuner");
    assert_eq!(settings::load(opened.conn()).unwrap().organizer_email, "natverk@skr.se");
    assert_ne!(exchange::identity(opened.conn()).unwrap().id, exchange::identity(host.conn()).unwrap().id);
}

#[test]
fn the_registry_round_trips_privately_and_refuses_what_it_cannot_trust() {
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("app").join(networks::REGISTRY_FILE_NAME);
    assert_eq!(Registry::load(&file).unwrap(), Registry::default(), "no file yet: no networks");
    let mut registry = Registry::default();
    registry.remember("Första linjens socialtjänst", &folder.path().join("a.sqlite3")).unwrap();
    registry.remember("SKR:s nätverk", &folder.path().join("b.sqlite3")).unwrap();
    registry.save(&file).unwrap();
    assert_eq!(Registry::load(&file).unwrap(), registry);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let leftovers: Vec<_> = std::fs::read_dir(file.parent().unwrap()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left next to it");

    std::fs::write(&file, b"{\"version\":1,\"networks\":[").unwrap();
    assert!(Registry::load(&file).unwrap_err().to_string().contains("går inte att läsa"));
    std::fs::write(&file, vec![b' '; networks::registry::MAX_REGISTRY_BYTES as usize + 1]).unwrap();
    assert!(Registry::load(&file).unwrap_err().to_string().contains("för stor"));
    std::fs::write(&file, b"{\"version\":99}").unwrap();
    assert!(Registry::load(&file).is_err(), "a newer format is not guessed at");
}

fn natverk(data_home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_natverk"))
        .args(args)
        .env_remove("NATVERK_DB")
        .env("XDG_DATA_HOME", data_home)
        .env("HOME", data_home)
        .output()
        .expect("natverk runs")
}

#[test]
fn networks_new_and_list_from_the_command_line() {
    let folder = tempfile::tempdir().unwrap();
    let home = folder.path();
    let skr = home.join("skr.sqlite3");
    let skr_text = skr.to_str().unwrap();

    let missing_db = natverk(home, &["networks", "new", "--name", "SKR"]);
    assert_eq!(missing_db.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing_db.stderr).contains("--db"));

    let created = natverk(home, &["networks", "new", "--name", "SKR:s nätverk", "--db", skr_text, "--json"]);
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    let settings: serde_json::Value = serde_json::from_slice(&created.stdout).unwrap();
    assert_eq!(settings["network_name"], "SKR:s nätverk");
    assert_eq!(settings["organizer_name"], "SKR:s nätverk", "the organizer defaults to the network");
    let meetings = natverk(home, &["meetings", "list", "--json", "--db", skr_text]);
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&meetings.stdout).unwrap(), serde_json::json!([]));

    let again = natverk(home, &["networks", "new", "--name", "Igen", "--db", skr_text]);
    assert_eq!(again.status.code(), Some(1), "an existing file is never overwritten");

    let fss = home.join("fss.sqlite3");
    let listed = natverk(home, &["networks", "list", "--json", "--db", fss.to_str().unwrap()]);
    assert!(listed.status.success(), "{}", String::from_utf8_lossy(&listed.stderr));
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    assert_eq!(listed[0]["name"], "SKR:s nätverk");
    assert_eq!(listed[0]["current"], false);
    assert!(!fss.exists(), "listing does not create the database it was pointed at");

    let human = natverk(home, &["networks", "list", "--db", skr_text]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("* SKR:s nätverk") && text.contains("1 nätverk"), "{text}");
}
