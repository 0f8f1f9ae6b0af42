//! The exchange keeps what it must: deletions and host changes made through the app travel with their
//! real time, erasures are final, and no time from another clock can win every later merge.

use natverk_core::exchange::{self, ExportOptions, Scope};
use natverk_core::members::{self, MemberInput};
use natverk_core::{examples, meetings, privacy, Database};

use crate::support::{import, network_bundle, TempDatabase};

fn new_member(db: &mut Database, name: &str, email: &str) -> String {
    let input = MemberInput {
        name: name.into(),
        municipality_code: "2080".into(),
        email: email.into(),
        phone: "023-830 00".into(),
        fss_member: true,
        status: "active".into(),
        ..Default::default()
    };
    db.write(|tx| members::create(tx, &input)).expect("a member").id
}

fn new_example(db: &mut Database, title: &str, municipality_code: &str) -> examples::Example {
    let input = examples::ExampleInput {
        title: title.into(),
        municipality_codes: vec![municipality_code.into()],
        ..Default::default()
    };
    db.write(|tx| examples::create(tx, &input)).expect("an example")
}

fn member_row(db: &Database, id: &str) -> Option<(String, Option<String>, Option<String>)> {
    db.conn()
        .query_row("SELECT name, email, anonymised_at FROM members WHERE id = ?1", [id], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })
        .ok()
}

/// Two installations of one network that have exchanged once, so both hold the same records.
fn two_installations() -> (TempDatabase, TempDatabase, Database, Database) {
    let (fa, fb) = (TempDatabase::new(), TempDatabase::new());
    let (a, b) = (fa.open(), fb.open());
    (fa, fb, a, b)
}

#[test]
fn a_member_deleted_in_the_app_is_deleted_at_the_other_installation_even_after_an_edit_there() {
    let (_fa, _fb, mut a, mut b) = two_installations();
    let anna = new_member(&mut a, "Anna Andersson", "anna@falun.se");
    import(&mut b, &network_bundle(&mut a));
    // B edits her first, then A deletes her: the deletion is later and must win at B.
    let edited = MemberInput { title: "Enhetschef".into(), ..members::get(b.conn(), &anna).unwrap().to_input() };
    b.write(|tx| members::update(tx, &anna, &edited)).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    a.write(|tx| privacy::delete(tx, &anna)).unwrap();

    let report = import(&mut b, &network_bundle(&mut a));
    assert_eq!(member_row(&b, &anna), None, "{}", report.summary());
    // And B's older edit, sent back, never brings her back to A.
    let report = import(&mut a, &network_bundle(&mut b));
    assert_eq!(member_row(&a, &anna), None, "{}", report.summary());
}

#[test]
fn a_deleted_member_never_comes_back_even_from_an_edit_made_later_elsewhere() {
    let (_fa, _fb, mut a, mut b) = two_installations();
    let anna = new_member(&mut a, "Anna Andersson", "anna@falun.se");
    import(&mut b, &network_bundle(&mut a));
    a.write(|tx| privacy::delete(tx, &anna)).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    let edited = MemberInput { title: "Enhetschef".into(), ..members::get(b.conn(), &anna).unwrap().to_input() };
    b.write(|tx| members::update(tx, &anna, &edited)).unwrap();

    let report = import(&mut a, &network_bundle(&mut b));
    assert_eq!(member_row(&a, &anna), None, "a deletion here is final: {}", report.summary());
    assert!(report.skipped.iter().any(|s| s.reason.contains("borttagen här")), "{:?}", report.skipped);
    import(&mut b, &network_bundle(&mut a));
    assert_eq!(member_row(&b, &anna), None, "and the deletion wins at B though B's edit is later");
}

#[test]
fn an_anonymisation_is_final_here_and_wins_at_the_other_installation() {
    let (_fa, _fb, mut a, mut b) = two_installations();
    let anna = new_member(&mut a, "Anna Andersson", "anna@falun.se");
    import(&mut b, &network_bundle(&mut a));
    let old_copy_from_b = network_bundle(&mut b);
    a.write(|tx| privacy::anonymise(tx, &anna)).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    // B changes her after A anonymised her: by the clock B is later, but the anonymisation wins.
    let edited = MemberInput { title: "Enhetschef".into(), ..members::get(b.conn(), &anna).unwrap().to_input() };
    b.write(|tx| members::update(tx, &anna, &edited)).unwrap();

    for bundle in [old_copy_from_b, network_bundle(&mut b)] {
        let report = import(&mut a, &bundle);
        let (name, email, anonymised_at) = member_row(&a, &anna).expect("the row stays");
        assert_eq!((name.as_str(), email), (members::ANONYMISED_NAME, None), "{}", report.summary());
        assert!(anonymised_at.is_some());
    }
    let stored = format!("{:?}", crate::support::snapshot(&a));
    assert!(!stored.contains("anna@falun.se") && !stored.contains("Anna Andersson"), "gone from every table");

    let report = import(&mut b, &network_bundle(&mut a));
    let (name, email, _) = member_row(&b, &anna).expect("the row stays");
    assert_eq!((name.as_str(), email), (members::ANONYMISED_NAME, None), "{}", report.summary());
}

#[test]
fn changing_only_a_meetings_hosts_travels() {
    let (_fa, _fb, mut a, mut b) = two_installations();
    let host = new_member(&mut a, "Värd Vikström", "vard@falun.se");
    import(&mut b, &network_bundle(&mut a));
    let april = meetings::list(a.conn()).unwrap().into_iter().find(|m| m.date.to_string() == "2024-04-23").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    let input = meetings::input_of(a.conn(), &april).unwrap();
    a.write(|tx| meetings::reschedule(tx, &april.id, &input, Some(std::slice::from_ref(&host)))).unwrap();

    import(&mut b, &network_bundle(&mut a));
    let hosts = meetings::hosts(b.conn(), &april.id).unwrap();
    assert_eq!(hosts.iter().map(|h| h.member_id.as_str()).collect::<Vec<_>>(), [host.as_str()]);
}

#[test]
fn an_example_deleted_in_the_app_travels_with_its_deletion_time() {
    let (_fa, _fb, mut a, mut b) = two_installations();
    let example = new_example(&mut a, "Gemensam väg in", "2080");
    import(&mut b, &network_bundle(&mut a));
    std::thread::sleep(std::time::Duration::from_millis(5));
    a.write(|tx| examples::delete(tx, &example.id)).unwrap();
    let deleted_at: String = a
        .conn()
        .query_row("SELECT deleted_at FROM tombstones WHERE entity = 'examples' AND id = ?1", [&example.id], |r| {
            r.get(0)
        })
        .expect("a tombstone under the exchange's name");

    let report = import(&mut b, &network_bundle(&mut a));
    assert!(examples::get(b.conn(), &example.id).is_err(), "{}", report.summary());
    let travelled: String = b
        .conn()
        .query_row("SELECT deleted_at FROM tombstones WHERE entity = 'examples' AND id = ?1", [&example.id], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(travelled, deleted_at, "the real time of the deletion travelled");
}

/// A network bundle from `source` whose JSON is changed by `edit` before it is packed again.
fn tampered_bundle(source: &mut Database, edit: impl Fn(&mut serde_json::Value)) -> Vec<u8> {
    let plain = exchange::export_bundle(
        source,
        ExportOptions { scope: Scope::Network, include_contacts: true, compress: false },
    )
    .unwrap()
    .0;
    let (payload, _signer) = exchange::stream::decode(&plain).expect("our own bundle decodes");
    let mut json = serde_json::to_value(&payload).unwrap();
    edit(&mut json);
    let payload: exchange::Payload = serde_json::from_value(json).unwrap();
    exchange::stream::encode(&payload, true, source.key()).unwrap()
}

#[test]
fn a_time_in_the_future_never_wins_and_the_sender_is_told_their_clock_is_wrong() {
    let (_fa, _fb, mut a, mut b) = two_installations();
    let anna = new_member(&mut a, "Anna Andersson", "anna@falun.se");
    import(&mut b, &network_bundle(&mut a));
    let from_the_future = tampered_bundle(&mut a, |json| {
        for member in json["records"]["members"].as_array_mut().unwrap() {
            member["title"] = "Från framtiden".into();
            member["updated_at"] = "9999-12-31T23:59:59.000Z".into();
        }
        json["tombstones"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({"entity": "meetings", "id": "x", "deleted_at": "9999-01-01T00:00:00.000Z"}));
    });
    let report = import(&mut b, &from_the_future);
    assert_eq!(members::get(b.conn(), &anna).unwrap().title, "", "the future version is not used");
    let mut future: Vec<&str> =
        report.skipped.iter().filter(|s| s.reason.contains("klocka")).map(|s| s.record.entity.as_str()).collect();
    future.sort_unstable();
    assert_eq!(future, ["meetings", "members"], "{:?}", report.skipped);
    let tombstones: i64 =
        b.conn().query_row("SELECT count(*) FROM tombstones WHERE id = 'x'", [], |r| r.get(0)).unwrap();
    assert_eq!(tombstones, 0, "nor a deletion from the future");

    // The host's own later fix travels normally, and the same file again still changes nothing.
    let fixed = MemberInput { title: "Enhetschef".into(), ..members::get(b.conn(), &anna).unwrap().to_input() };
    b.write(|tx| members::update(tx, &anna, &fixed)).unwrap();
    import(&mut b, &from_the_future);
    assert_eq!(members::get(b.conn(), &anna).unwrap().title, "Enhetschef");
    import(&mut a, &network_bundle(&mut b));
    assert_eq!(members::get(a.conn(), &anna).unwrap().title, "Enhetschef", "the fix reaches the sender too");
}

#[test]
fn a_record_without_a_valid_time_is_skipped_with_a_reason_and_the_rest_imports() {
    let (_fa, _fb, mut a, mut b) = two_installations();
    let anna = new_member(&mut a, "Anna Andersson", "anna@falun.se");
    let bertil = new_member(&mut a, "Bertil Berg", "bertil@falun.se");
    let bundle = tampered_bundle(&mut a, |json| {
        for member in json["records"]["members"].as_array_mut().unwrap() {
            if member["name"] == "Anna Andersson" {
                member["updated_at"] = "inte-en-tid".into();
            }
        }
    });
    let report = import(&mut b, &bundle);
    assert!(member_row(&b, &anna).is_none(), "{}", report.summary());
    assert!(member_row(&b, &bertil).is_some(), "the rest of the file still imports");
    assert!(report.skipped.iter().any(|s| s.reason.contains("updated_at")), "{:?}", report.skipped);
}

#[test]
fn a_failed_export_records_nothing_as_sent() {
    let (fa, _fb, mut a, _b) = two_installations();
    new_member(&mut a, "Anna Andersson", "anna@falun.se");
    let before: i64 = a.conn().query_row("SELECT count(*) FROM exchange_state", [], |r| r.get(0)).unwrap();
    let nowhere = fa.dir.path().join("finns-inte").join("utbyte.natverk");
    let options = ExportOptions { scope: Scope::Network, include_contacts: true, compress: true };
    assert!(exchange::export_bundle_to_file(&mut a, &nowhere, options).is_err());
    let after: i64 = a.conn().query_row("SELECT count(*) FROM exchange_state", [], |r| r.get(0)).unwrap();
    assert_eq!(after, before, "the bookkeeping is committed only when the file is in place");
}

/// A bundle's payload as JSON, to read records from or to craft a file with.
fn bundle_json(db: &mut Database, scope: Scope) -> serde_json::Value {
    let plain =
        exchange::export_bundle(db, ExportOptions { scope, include_contacts: false, compress: false }).unwrap().0;
    serde_json::to_value(exchange::stream::decode(&plain).unwrap().0).unwrap()
}

fn mine_bundle(db: &mut Database, edit: impl Fn(&mut serde_json::Value)) -> Vec<u8> {
    let mut json = bundle_json(db, Scope::Mine);
    edit(&mut json);
    exchange::stream::encode(&serde_json::from_value(json).unwrap(), true, db.key()).unwrap()
}

#[test]
fn a_mina_exempel_file_changes_only_the_senders_own_examples_and_lists_the_rest_as_skipped() {
    let (_fa, _fb, mut host, mut member) = two_installations();
    // The host's own example and settings, known to the member from a network file.
    let host_example = new_example(&mut host, "Värdens exempel", "0180");
    import(&mut member, &network_bundle(&mut host));
    let own = new_example(&mut member, "Mitt exempel", "2080");
    let host_settings_before = natverk_core::settings::load(host.conn()).unwrap();
    let meetings_before = meetings::list(host.conn()).unwrap();

    // A crafted "mina exempel" file: settings, a meeting, the host's example and its deletion ride along.
    let network_json = bundle_json(&mut member, Scope::Network);
    let crafted = mine_bundle(&mut member, |json| {
        let records = json["records"].as_object_mut().unwrap();
        let mut network = network_json["records"]["network"].clone();
        network[0]["organizer_email"] = "angripare@example.com".into();
        network[0]["time_zone"] = "Mars/Olympus_Mons".into();
        network[0]["updated_at"] = "2026-01-01T00:00:00.000Z".into();
        records.insert("network".into(), network);
        let mut meeting = network_json["records"]["meetings"][0].clone();
        meeting["title"] = "Kapad träff".into();
        meeting["updated_at"] = "2026-01-01T00:00:00.000Z".into();
        records.insert("meetings".into(), serde_json::Value::Array(vec![meeting]));
        let mut foreign = network_json["records"]["examples"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["title"] == "Värdens exempel")
            .unwrap()
            .clone();
        foreign["title"] = "Ändrat av någon annan".into();
        foreign["updated_at"] = "2026-01-01T00:00:00.000Z".into();
        records["examples"].as_array_mut().unwrap().push(foreign);
        json["tombstones"].as_array_mut().unwrap().push(serde_json::json!({
            "entity": "examples", "id": host_example.id, "deleted_at": "2026-01-01T00:00:00.000Z"
        }));
    });

    let report = import(&mut host, &crafted);
    assert_eq!(natverk_core::settings::load(host.conn()).unwrap(), host_settings_before, "settings untouched");
    assert_eq!(meetings::list(host.conn()).unwrap(), meetings_before, "meetings untouched");
    assert_eq!(examples::get(host.conn(), &host_example.id).unwrap().title, "Värdens exempel");
    assert_eq!(examples::get(host.conn(), &own.id).unwrap().title, "Mitt exempel", "the sender's own example came");
    let skipped: Vec<&str> = report.skipped.iter().map(|s| s.record.entity.as_str()).collect();
    for entity in ["network", "meetings", "examples"] {
        assert!(skipped.contains(&entity), "{entity} is listed as skipped: {:?}", report.skipped);
    }
    assert!(report.skipped.iter().all(|s| s.reason.contains("mina exempel")), "{:?}", report.skipped);
}

#[test]
fn invalid_values_are_skipped_with_a_reason_never_stored_and_every_view_keeps_working() {
    let (_fa, _fb, mut a, mut b) = two_installations();
    let anna = new_member(&mut a, "Anna Andersson", "anna@falun.se");
    let example = new_example(&mut a, "Gemensam väg in", "2080");
    let settings_before = natverk_core::settings::load(b.conn()).unwrap();
    let later = "2026-06-01T00:00:00.000Z";
    let crafted = tampered_bundle(&mut a, |json| {
        let records = json["records"].as_object_mut().unwrap();
        records["network"][0]["time_zone"] = "Mars/Olympus_Mons".into();
        records["network"][0]["updated_at"] = later.into();
        let meeting = &mut records["meetings"][0];
        meeting["local_date"] = "inte-ett-datum".into();
        meeting["updated_at"] = later.into();
        for example in records["examples"].as_array_mut().unwrap() {
            example["links"] = serde_json::json!([[0, "javascript:alert(1)", "Klicka"]]);
        }
        for member in records["members"].as_array_mut().unwrap() {
            member["email"] = "inte en adress".into();
        }
        records.insert(
            "attendance".into(),
            serde_json::json!([{"meeting_id": "a/b", "member_id": anna, "status": "present", "updated_at": later}]),
        );
        json["tombstones"] = serde_json::json!([
            {"entity": "attendance", "id": "a/b/c", "deleted_at": later},
            {"entity": "examples", "id": "", "deleted_at": later}
        ]);
    });
    let report = import(&mut b, &crafted);
    let reasons: Vec<String> = report.skipped.iter().map(|s| format!("{}: {}", s.record.entity, s.reason)).collect();
    for (entity, words) in [
        ("network", "tidszon"),
        ("meetings", "datum"),
        ("examples", "https"),
        ("members", "e-postadress"),
        ("attendance", "id"),
        ("attendance", "ogiltigt id"),
        ("examples", "ogiltigt id"),
    ] {
        assert!(
            reasons.iter().any(|r| r.starts_with(entity) && r.contains(words)),
            "{entity} skipped because of {words}: {reasons:?}"
        );
    }
    assert_eq!(natverk_core::settings::load(b.conn()).unwrap(), settings_before);
    assert!(examples::get(b.conn(), &example.id).is_err(), "the example with a javascript link is not stored");
    assert!(members::get(b.conn(), &anna).is_err(), "the member with a broken e-mail is not stored");
    // Every view that reads meetings keeps working.
    meetings::list(b.conn()).expect("Träffar");
    meetings::overview(b.conn(), chrono::Utc::now()).expect("Översikt");
    // The feed is made, or asks for the organizer's address (which this network has not given).
    let feed = natverk_core::calendar::network_feed(b.conn(), chrono::Utc::now());
    assert!(feed.is_ok() || feed.is_err_and(|e| e.field() == Some("organizer_email")), "the calendar feed");
}

/// A bundle file around hand-written `lines`, signed by `signer` with a correct header, checksum
/// and signature, as a crafted file would be.
fn bundle_around(lines: &str, signer: &mut Database) -> Vec<u8> {
    let provenance: exchange::Provenance =
        serde_json::from_value(bundle_json(signer, Scope::Network)["provenance"].clone()).unwrap();
    exchange::stream::encode_lines(&provenance, lines, true, signer.key()).unwrap()
}

#[test]
fn a_small_file_with_a_huge_child_list_is_refused_before_it_grows_in_memory() {
    let (_fa, _fb, mut a, b) = two_installations();
    // 10 MB of `0,` in one example's theme list: a few kilobytes once compressed.
    let mut line = String::from(r#"{"record":{"entity":"examples","fields":{"id":"x","themes":["#);
    line.push_str(&"0,".repeat(5_000_000));
    line.push_str("0]}}}");
    let file = bundle_around(&line, &mut a);
    drop(line);
    assert!(file.len() < 1_000_000, "the file itself is small: {} bytes", file.len());
    let before = crate::support::snapshot(&b);
    let error = exchange::preview_import(&b, &file).expect_err("refused");
    assert!(error.to_string().contains("lista med fler än"), "{error}");
    assert_eq!(crate::support::snapshot(&b), before);
}

#[cfg(unix)]
#[test]
fn a_sync_folder_never_follows_a_symbolic_link() {
    let (fa, fb, mut a, mut b) = two_installations();
    new_member(&mut a, "Anna Andersson", "anna@falun.se");
    let elsewhere = fa.dir.path().join("utanfor.natverk");
    std::fs::write(&elsewhere, network_bundle(&mut a)).unwrap();
    let folder = fb.dir.path().join("synk");
    std::fs::create_dir(&folder).unwrap();
    std::os::unix::fs::symlink(&elsewhere, folder.join("natverket-lank.natverk")).unwrap();

    let report =
        exchange::sync_folder(&mut b, &folder, ExportOptions::default(), true, exchange::Acceptance::host()).unwrap();
    assert_eq!(report.files.len(), 1);
    let error = report.files[0].error.as_deref().unwrap_or_default();
    assert!(error.contains("symbolisk länk"), "{error}");
    assert!(members::list(b.conn()).unwrap().is_empty(), "nothing came through the link");
}

#[test]
fn a_new_sender_is_shown_with_a_fingerprint_and_accepted_once_as_member_or_host() {
    let (_fa, _fb, mut member, mut host) = two_installations();
    let example = new_example(&mut member, "Mitt exempel", "2080");
    let mine =
        exchange::export_bundle(&mut member, ExportOptions { scope: Scope::Mine, ..Default::default() }).unwrap().0;
    let preview = exchange::preview_import(&host, &mine).unwrap();
    assert_eq!(preview.sender.status, "new");
    assert_eq!(preview.sender.fingerprint, natverk_core::store::keys::fingerprint(&member.key().public_key()));
    let refused = exchange::apply_import(&mut host, &mine, exchange::Acceptance::default()).unwrap_err();
    assert!(refused.to_string().contains("ny avsändare"), "{refused}");
    assert!(examples::get(host.conn(), &example.id).is_err(), "nothing imported before the sender is accepted");

    let done = exchange::apply_import(&mut host, &mine, exchange::Acceptance::sender()).unwrap();
    assert_eq!(done.sender.status, "accepted_now");
    assert!(examples::get(host.conn(), &example.id).is_ok());
    let senders = exchange::senders::list(host.conn()).unwrap();
    assert_eq!((senders.len(), senders[0].is_host), (1, false));

    // Accepted as a member, the same sender may not send the whole network.
    let network = network_bundle(&mut member);
    let refused = exchange::preview_import(&host, &network).unwrap_err();
    assert!(refused.to_string().contains("inte godkänd som värd"), "{refused}");

    // The other way round: the host's network file, accepted once as a host, then recognised.
    let from_host = network_bundle(&mut host);
    let refused = exchange::apply_import(&mut member, &from_host, exchange::Acceptance::sender()).unwrap_err();
    assert!(refused.to_string().contains("som värd"), "a network file needs a host: {refused}");
    exchange::apply_import(&mut member, &from_host, exchange::Acceptance::host()).unwrap();
    let again =
        exchange::apply_import(&mut member, &network_bundle(&mut host), exchange::Acceptance::default()).unwrap();
    assert_eq!(again.sender.status, "accepted");
}

#[test]
fn a_changed_key_a_forged_signature_and_an_unsigned_file_are_refused_and_change_nothing() {
    let (_fa, _fb, mut a, mut b) = two_installations();
    new_member(&mut a, "Anna Andersson", "anna@falun.se");
    import(&mut b, &network_bundle(&mut a));
    new_member(&mut a, "Bertil Berg", "bertil@falun.se");
    let before = crate::support::snapshot(&b);

    // The same installation id, signed with another key: someone else claiming to be A.
    let payload = bundle_json(&mut a, Scope::Network);
    let other_key = natverk_core::store::keys::InstallationKey::generate().unwrap();
    let rekeyed =
        exchange::stream::encode(&serde_json::from_value(payload.clone()).unwrap(), true, &other_key).unwrap();
    let error = exchange::apply_import(&mut b, &rekeyed, exchange::Acceptance::host()).unwrap_err();
    assert!(error.to_string().contains("annan nyckel"), "{error}");

    // A's real signature, but a record changed afterwards and the checksum recomputed.
    let plain =
        exchange::export_bundle(&mut a, ExportOptions { scope: Scope::Network, compress: false, ..Default::default() })
            .unwrap()
            .0;
    let text = String::from_utf8(plain).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let end_line = lines.pop().unwrap();
    let bertil = lines.iter().position(|line| line.contains("Bertil Berg")).expect("Bertil's record");
    lines[bertil] = lines[bertil].replace("Bertil Berg", "Förfalskad");
    let body: String = lines.iter().map(|line| format!("{line}\n")).collect();
    use sha2::Digest;
    let checksum: String = sha2::Sha256::digest(body.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    let mut end: serde_json::Value = serde_json::from_str(&end_line).unwrap();
    end["end"]["checksum"] = format!("sha256:{checksum}").into();
    let forged = format!("{body}{end}\n");
    let error = exchange::apply_import(&mut b, forged.as_bytes(), exchange::Acceptance::host()).unwrap_err();
    assert!(error.to_string().contains("signatur"), "{error}");

    // A file of the old, unsigned format.
    let old = r#"{"format":"natverket-bundle","format_version":1,"checksum":"sha256:00","payload":{}}"#;
    let error = exchange::apply_import(&mut b, old.as_bytes(), exchange::Acceptance::host()).unwrap_err();
    assert!(error.to_string().contains("inte signerad"), "{error}");

    assert_eq!(crate::support::snapshot(&b), before, "nothing changed");
}

#[test]
fn an_installation_signs_with_the_same_key_every_time_it_opens_its_database() {
    let fixture = TempDatabase::new();
    let first = fixture.open().key().public_key();
    let again = fixture.open().key().public_key();
    assert_eq!(first, again, "the key is kept next to the database");
    let other = TempDatabase::new();
    assert_ne!(other.open().key().public_key(), first, "each installation has its own key");
}
