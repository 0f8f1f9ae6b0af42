//! Sharing levels, medskick and proposals travel in network files by the same rules as the rest: round trips, deletions, refused values, erasures.

use natverk_core::exchange::{self, tables, ExportOptions, Scope};
use natverk_core::medskick::{self, MedskickInput, StatusChange};
use natverk_core::members::{self, MemberInput};
use natverk_core::proposals::proposal::{self, ProposalInput, ProposalLink};
use natverk_core::{examples, privacy, Database};

use crate::support::{import, network_bundle, TempDatabase};

fn new_member(db: &mut Database, name: &str, email: &str) -> String {
    let input = MemberInput {
        name: name.into(),
        municipality_code: "2080".into(),
        email: email.into(),
        fss_member: true,
        status: "active".into(),
        ..Default::default()
    };
    db.write(|tx| members::create(tx, &input)).expect("a member").id
}

fn new_example(db: &mut Database, title: &str) -> String {
    let input =
        examples::ExampleInput { title: title.into(), municipality_codes: vec!["2080".into()], ..Default::default() };
    db.write(|tx| examples::create(tx, &input)).expect("an example").id
}

fn theme_id(db: &Database) -> String {
    db.conn().query_row("SELECT id FROM themes ORDER BY name LIMIT 1", [], |row| row.get(0)).unwrap()
}

fn new_medskick(db: &mut Database, title: &str, raised_by: Option<&str>, example_id: &str) -> String {
    let input = MedskickInput {
        title: title.into(),
        description: "Kommunerna behöver gemensamma riktlinjer för första linjen.".into(),
        raised_by_member_id: raised_by.map(str::to_string),
        theme_ids: vec![theme_id(db)],
        example_ids: vec![example_id.to_string()],
        addressee: "socialstyrelsen".into(),
        sharing: "open".into(),
        ..Default::default()
    };
    db.write(|tx| medskick::create(tx, &input)).expect("a medskick").id
}

fn new_proposal(db: &mut Database, medskick_id: &str, example_id: &str) -> String {
    let input = ProposalInput {
        title: "Ny socialtjänstlag".into(),
        reference: "prop. 2024/25:89".into(),
        responsible_body: "Socialdepartementet".into(),
        published_on: "2025-01-10".into(),
        remiss_deadline: "2025-04-01".into(),
        assessment: "Förebyggande arbete blir en skyldighet.".into(),
        links: vec![ProposalLink {
            url: "https://www.regeringen.se/prop-2024-25-89".into(),
            label: "Propositionen".into(),
        }],
        medskick_ids: vec![medskick_id.to_string()],
        example_ids: vec![example_id.to_string()],
        ..Default::default()
    };
    db.write(|tx| proposal::create(tx, &input)).expect("a proposal").id
}

fn records(db: &Database, entity: &str) -> Vec<exchange::Record> {
    tables::read_everything(db.conn()).unwrap().remove(entity).unwrap_or_default()
}

fn medskick_hits(db: &Database, words: &str) -> usize {
    let query = medskick::search::MedskickQuery { text: words.into(), ..Default::default() };
    medskick::search::search(db.conn(), &query).unwrap().hits.len()
}

fn count(db: &Database, sql: &str) -> i64 {
    db.conn().query_row(sql, [], |row| row.get(0)).unwrap()
}

/// A network bundle from `source` whose JSON is changed by `edit` before it is packed again.
fn tampered_bundle(source: &mut Database, edit: impl Fn(&mut serde_json::Value)) -> Vec<u8> {
    let options = ExportOptions { scope: Scope::Network, include_contacts: true, compress: false };
    let plain = exchange::export_bundle(source, options).unwrap().0;
    let (payload, _signer) = exchange::stream::decode(&plain).expect("our own bundle decodes");
    let mut json = serde_json::to_value(&payload).unwrap();
    edit(&mut json);
    let payload: exchange::Payload = serde_json::from_value(json).unwrap();
    exchange::stream::encode(&payload, true, source.key()).unwrap()
}

#[test]
fn medskick_and_proposals_travel_with_their_links_and_their_deletions_follow() {
    let (fa, fb) = (TempDatabase::new(), TempDatabase::new());
    let (mut a, mut b) = (fa.open(), fb.open());
    let anna = new_member(&mut a, "Anna Andersson", "anna@falun.se");
    let example = new_example(&mut a, "Gemensam väg in");
    let item = new_medskick(&mut a, "Riktlinjer för tidiga insatser", Some(&anna), &example);
    let change = StatusChange { status: "delivered".into(), date: "2025-02-01".into(), answer: String::new() };
    a.write(|tx| medskick::change_status(tx, &item, &change)).unwrap();
    let watched = new_proposal(&mut a, &item, &example);

    let report = import(&mut b, &network_bundle(&mut a));
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    for entity in ["medskick", "proposals"] {
        assert_eq!(records(&b, entity), records(&a, entity), "{entity} arrive as they were sent, children too");
    }
    let arrived = medskick::get(b.conn(), &item).unwrap();
    assert_eq!(arrived.status.code(), "delivered");
    assert_eq!(arrived.examples.len(), 1, "the medskick still points to its example");
    let followed = proposal::get(b.conn(), &watched).unwrap();
    assert_eq!(followed.links.len(), 1);
    assert_eq!(followed.medskick.len(), 1, "the proposal still points to its medskick");
    assert_eq!(medskick_hits(&b, "riktlinjer"), 1, "an arrived medskick is found by search");

    // An edit at B travels back, and deletions at A reach B as tombstones.
    let edit = MedskickInput {
        title: "Riktlinjer för tidiga insatser i hela länet".into(),
        theme_ids: vec![theme_id(&b)],
        ..Default::default()
    };
    b.write(|tx| medskick::update(tx, &item, &edit)).unwrap();
    import(&mut a, &network_bundle(&mut b));
    assert_eq!(medskick::get(a.conn(), &item).unwrap().title, "Riktlinjer för tidiga insatser i hela länet");
    a.write(|tx| proposal::delete(tx, &watched)).unwrap();
    a.write(|tx| medskick::delete(tx, &item)).unwrap();
    let report = import(&mut b, &network_bundle(&mut a));
    let deleted: Vec<&str> = report.deleted.iter().map(|change| change.entity.as_str()).collect();
    assert!(deleted.contains(&"medskick") && deleted.contains(&"proposals"), "{deleted:?}");
    assert!(medskick::get(b.conn(), &item).is_err());
    assert!(proposal::get(b.conn(), &watched).is_err());
    assert_eq!(medskick_hits(&b, "riktlinjer"), 0, "a deleted medskick leaves the search index");
    assert_eq!(count(&b, "SELECT count(*) FROM tombstones WHERE entity IN ('medskick', 'proposals')"), 2);
    // The same file again changes nothing.
    let again = exchange::preview_import(&b, &network_bundle(&mut a)).unwrap();
    assert!(!again.changes_anything(), "{}", again.summary());
}

#[test]
fn an_examples_sharing_level_travels_and_a_file_without_it_never_opens_an_example() {
    let (fa, fb) = (TempDatabase::new(), TempDatabase::new());
    let (mut a, mut b) = (fa.open(), fb.open());
    let open = new_example(&mut a, "Öppet exempel");
    let closed = new_example(&mut a, "Exempel inom nätverket");
    a.conn()
        .execute("UPDATE examples SET sharing = 'open', updated_at = '2025-03-01T00:00:00.000Z' WHERE id = ?1", [&open])
        .unwrap();
    import(&mut b, &network_bundle(&mut a));
    let level = |db: &Database, id: &str| -> String {
        db.conn().query_row("SELECT sharing FROM examples WHERE id = ?1", [id], |row| row.get(0)).unwrap()
    };
    assert_eq!(level(&b, &open), "open");
    assert_eq!(level(&b, &closed), "network");

    // A file from a build before sharing levels: no `sharing` anywhere, newer edits.
    let fresh = new_example(&mut a, "Nytt exempel utan nivå");
    a.conn().execute("UPDATE examples SET sharing = 'open' WHERE id = ?1", [&fresh]).unwrap();
    let later = "2025-06-01T00:00:00.000Z";
    let older_file = tampered_bundle(&mut a, |json| {
        for example in json["records"]["examples"].as_array_mut().unwrap() {
            example.as_object_mut().unwrap().remove("sharing");
            example["body"] = "Ändrat i en äldre version".into();
            example["updated_at"] = later.into();
        }
    });
    b.conn().execute("UPDATE examples SET sharing = 'network' WHERE id = ?1", [&open]).unwrap();
    b.conn().execute("UPDATE examples SET sharing = 'open' WHERE id = ?1", [&closed]).unwrap();
    let report = import(&mut b, &older_file);
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert_eq!(level(&b, &open), "network", "the level here is kept");
    assert_eq!(level(&b, &closed), "open", "the level here is kept");
    assert_eq!(level(&b, &fresh), "network", "a new example without a level is for the network only");

    // An unknown level is refused with a reason.
    let crafted = tampered_bundle(&mut a, |json| {
        for example in json["records"]["examples"].as_array_mut().unwrap() {
            example["sharing"] = "public".into();
            example["updated_at"] = "2025-07-01T00:00:00.000Z".into();
        }
    });
    let report = import(&mut b, &crafted);
    assert_eq!(report.skipped.len(), 3, "{:?}", report.skipped);
    assert!(report.skipped.iter().all(|s| s.reason.contains("sharing")), "{:?}", report.skipped);
}

#[test]
fn medskick_and_proposals_with_values_their_forms_refuse_are_skipped_with_reasons() {
    let (fa, fb) = (TempDatabase::new(), TempDatabase::new());
    let (mut a, mut b) = (fa.open(), fb.open());
    let example = new_example(&mut a, "Gemensam väg in");
    let first = new_medskick(&mut a, "Första", None, &example);
    let second = new_medskick(&mut a, "Andra", None, &example);
    let third = new_medskick(&mut a, "Tredje", None, &example);
    let watched = new_proposal(&mut a, &first, &example);
    let later = "2025-06-01T00:00:00.000Z";
    let crafted = tampered_bundle(&mut a, |json| {
        let records = json["records"].as_object_mut().unwrap();
        for item in records["medskick"].as_array_mut().unwrap() {
            item["updated_at"] = later.into();
            match item["id"].as_str().unwrap() {
                id if id == first => item["status"] = "answered".into(),
                id if id == second => item["addressee"] = "kungen".into(),
                _ => item["examples"] = serde_json::Value::Array(vec!["x".into(); 51]),
            }
        }
        let proposal = &mut records["proposals"][0];
        proposal["decision_on"] = "2025-05-01".into();
        proposal["in_force_on"] = "2025-01-01".into();
        proposal["links"] = serde_json::json!([[0, "http://inte-https.se", "Länk"]]);
        proposal["updated_at"] = later.into();
    });
    let report = import(&mut b, &crafted);
    let reasons: Vec<String> =
        report.skipped.iter().map(|s| format!("{} {}: {}", s.record.entity, s.record.key, s.reason)).collect();
    for (key, words) in [(&first, "svaret"), (&second, "addressee"), (&third, "för många exempel"), (&watched, "https")]
    {
        assert!(reasons.iter().any(|r| r.contains(key.as_str()) && r.contains(words)), "{key}: {words}: {reasons:?}");
    }
    assert_eq!(count(&b, "SELECT count(*) FROM medskick"), 0, "{reasons:?}");
    assert_eq!(count(&b, "SELECT count(*) FROM proposals"), 0);

    let dates_only = tampered_bundle(&mut a, |json| {
        let proposal = &mut json["records"]["proposals"][0];
        proposal["decision_on"] = "2025-05-01".into();
        proposal["in_force_on"] = "2025-01-01".into();
        proposal["updated_at"] = later.into();
    });
    let report = import(&mut b, &dates_only);
    assert!(report.skipped.iter().any(|s| s.record.entity == "proposals" && s.reason.contains("beslutet")));
    assert_eq!(count(&b, "SELECT count(*) FROM medskick"), 3, "the valid medskick import");
}

#[test]
fn an_erased_member_never_comes_back_as_the_one_who_raised_a_medskick() {
    let (fa, fb) = (TempDatabase::new(), TempDatabase::new());
    let (mut a, mut b) = (fa.open(), fb.open());
    let anna = new_member(&mut a, "Anna Andersson", "anna@falun.se");
    let bo = new_member(&mut a, "Bo Berg", "bo@falun.se");
    let example = new_example(&mut a, "Gemensam väg in");
    let by_anna = new_medskick(&mut a, "Från Anna", Some(&anna), &example);
    let by_bo = new_medskick(&mut a, "Från Bo", Some(&bo), &example);
    import(&mut b, &network_bundle(&mut a));
    b.write(|tx| privacy::delete(tx, &anna)).unwrap();
    b.write(|tx| privacy::anonymise(tx, &bo).map(drop)).unwrap();

    // A edits both medskick afterwards, still naming Anna and Bo, and sends them again.
    for id in [&by_anna, &by_bo] {
        let edit = MedskickInput {
            title: "Ändrat efteråt".into(),
            raised_by_member_id: Some(if id == &by_anna { anna.clone() } else { bo.clone() }),
            ..Default::default()
        };
        std::thread::sleep(std::time::Duration::from_millis(5));
        a.write(|tx| medskick::update(tx, id, &edit)).unwrap();
    }
    import(&mut b, &network_bundle(&mut a));
    let raiser = |id: &str| -> Option<String> {
        b.conn().query_row("SELECT raised_by_member_id FROM medskick WHERE id = ?1", [id], |row| row.get(0)).unwrap()
    };
    assert_eq!(medskick::get(b.conn(), &by_anna).unwrap().title, "Ändrat efteråt", "the edit itself arrives");
    assert_eq!(raiser(&by_anna), None, "the deleted member is not named again");
    assert_eq!(raiser(&by_bo), None, "the anonymised member is not named again");
    assert_eq!(count(&b, &format!("SELECT count(*) FROM members WHERE id = '{anna}'")), 0);
}

#[test]
fn a_mina_exempel_file_carries_no_medskick_or_proposals_and_a_crafted_one_is_refused() {
    let (fa, fb) = (TempDatabase::new(), TempDatabase::new());
    let (mut a, mut b) = (fa.open(), fb.open());
    let example = new_example(&mut a, "Gemensam väg in");
    let item = new_medskick(&mut a, "Riktlinjer", None, &example);
    new_proposal(&mut a, &item, &example);
    let options = ExportOptions { scope: Scope::Mine, include_contacts: false, compress: false };
    let plain = exchange::export_bundle(&mut a, options).unwrap().0;
    let (payload, _) = exchange::stream::decode(&plain).unwrap();
    let json = serde_json::to_value(&payload).unwrap();
    assert!(json["records"].get("examples").is_some(), "the sender's own example is there");
    assert!(json["records"].get("medskick").is_none() && json["records"].get("proposals").is_none());

    // A "mina exempel" file that has them anyway: they are skipped, the example still arrives.
    let network = serde_json::to_value(
        exchange::stream::decode(
            &exchange::export_bundle(
                &mut a,
                ExportOptions { scope: Scope::Network, include_contacts: false, compress: false },
            )
            .unwrap()
            .0,
        )
        .unwrap()
        .0,
    )
    .unwrap();
    let mut crafted = json.clone();
    for entity in ["medskick", "proposals"] {
        crafted["records"][entity] = network["records"][entity].clone();
    }
    let bytes = exchange::stream::encode(&serde_json::from_value(crafted).unwrap(), true, a.key()).unwrap();
    let report = import(&mut b, &bytes);
    let skipped: Vec<&str> = report.skipped.iter().map(|s| s.record.entity.as_str()).collect();
    assert_eq!(skipped, ["medskick", "proposals"], "{:?}", report.skipped);
    assert!(report.skipped.iter().all(|s| s.reason.contains("medskick eller förslag")));
    assert_eq!(count(&b, "SELECT count(*) FROM medskick"), 0);
    assert_eq!(count(&b, &format!("SELECT count(*) FROM examples WHERE id = '{example}'")), 1);
}

/// The fuzzer's seed for the new entities is a file that imports whole, so fuzzing starts from
/// inputs that reach the merge of medskick and proposals.
#[test]
fn the_fuzz_seed_with_medskick_and_proposals_previews_without_anything_skipped() {
    let seed = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/seeds/bundle_payload/medskick-proposals.lines");
    let lines = std::fs::read_to_string(seed).unwrap();
    let db = Database::open_in_memory().unwrap();
    let signer = natverk_core::store::keys::InstallationKey::generate().unwrap();
    let provenance = exchange::Provenance {
        installation_id: "fuzz-installation".into(),
        municipality_code: None,
        municipality_name: None,
        author_name: "Fuzz".into(),
        exported_at: "2025-01-01T00:00:00.000Z".into(),
        // The seeded network of every new database (the fuzz target says the same).
        network_id: "a169fd36-e583-58c2-9fb9-a5a19df925c9".into(),
        network_name: "Första linjens socialtjänst".into(),
        scope: "network".into(),
        contacts_included: true,
        read_up_to: Default::default(),
    };
    let bundle = exchange::stream::encode_lines(&provenance, &lines, false, &signer).unwrap();
    let report = exchange::preview_import(&db, &bundle).unwrap();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    let added: Vec<&str> = report.added.iter().map(|change| change.entity.as_str()).collect();
    assert_eq!(added, ["members", "examples", "medskick", "proposals"]);
    assert_eq!(report.tombstones_recorded, 1);
}
