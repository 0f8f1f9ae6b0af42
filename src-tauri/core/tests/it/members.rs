//! Members: the FSS-membership rule, unique e-mail in any case, GDPR extract, anonymise and delete.

use natverk_core::members::csv as members_csv;
use natverk_core::members::{self, MemberInput, MemberStatus};
use natverk_core::reports::municipalities as municipality_overview;
use natverk_core::{privacy, Error};

use crate::support::{snapshot, TempDatabase};

fn input(name: &str, email: &str) -> MemberInput {
    MemberInput {
        name: name.into(),
        title: "Socialchef".into(),
        municipality_code: "2180".into(),
        email: email.into(),
        fss_member: true,
        fss_verified_on: "2024-01-15".into(),
        status: "active".into(),
        ..MemberInput::default()
    }
}

fn field_of(error: Error) -> &'static str {
    error.field().unwrap_or_else(|| panic!("expected an error about a field, got {error}"))
}

#[test]
fn a_member_is_stored_with_municipality_and_swedish_order() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    db.write(|tx| members::create(tx, &input("Örjan Ek", "orjan@gavle.se"))).unwrap();
    db.write(|tx| members::create(tx, &input("Åsa Öberg", "asa@gavle.se"))).unwrap();
    db.write(|tx| members::create(tx, &input("Zelda Ahl", "zelda@gavle.se"))).unwrap();
    let names: Vec<String> = members::list(db.conn()).unwrap().into_iter().map(|m| m.name).collect();
    assert_eq!(names, ["Zelda Ahl", "Åsa Öberg", "Örjan Ek"], "å and ö sort after z");
    let asa = &members::list(db.conn()).unwrap()[1];
    assert_eq!(asa.municipality_name, "Gävle kommun");
    assert_eq!(asa.status, MemberStatus::Active);
}

#[test]
fn a_non_member_cannot_be_active_but_can_be_interested() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let before = snapshot(&db);
    let mut not_member = input("Per Persson", "per@gavle.se");
    not_member.fss_member = false;
    let error = db.write(|tx| members::create(tx, &not_member)).unwrap_err();
    assert!(error.to_string().contains("Bara medlemmar i FSS kan vara aktiva"), "{error}");
    assert_eq!(field_of(error), "status");
    assert_eq!(snapshot(&db), before, "a refused member writes nothing");

    not_member.status = "intresserad".into();
    let stored = db.write(|tx| members::create(tx, &not_member)).unwrap();
    assert_eq!(stored.status, MemberStatus::Interested);

    let mut made_active = stored.to_input();
    made_active.status = "aktiv".into();
    let error = db.write(|tx| members::update(tx, &stored.id, &made_active)).unwrap_err();
    assert_eq!(field_of(error), "status", "making a non-member active later is refused too");
}

#[test]
fn the_same_e_mail_in_another_case_is_refused_as_a_second_member() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    db.write(|tx| members::create(tx, &input("Anna Ek", "anna.ek@gavle.se"))).unwrap();
    let error = db.write(|tx| members::create(tx, &input("Anna Ek 2", "ANNA.EK@Gavle.se"))).unwrap_err();
    assert!(error.to_string().contains("används redan av Anna Ek"), "{error}");
    assert_eq!(field_of(error), "email");
}

#[test]
fn bad_input_is_refused_at_the_right_field() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    type Spoil = fn(&mut MemberInput);
    let cases: [(&str, Spoil); 6] = [
        ("name", |i| i.name = "  ".into()),
        ("email", |i| i.email = "anna(at)gavle.se".into()),
        ("municipality_code", |i| i.municipality_code = "".into()),
        ("municipality_code", |i| i.municipality_code = "9999".into()),
        ("fss_verified_on", |i| i.fss_verified_on = "2099-01-01".into()),
        ("phone", |i| i.phone = "=1+1".into()),
    ];
    for (field, spoil) in cases {
        let mut bad = input("Anna Ek", "anna@gavle.se");
        spoil(&mut bad);
        assert_eq!(field_of(db.write(|tx| members::create(tx, &bad)).unwrap_err()), field, "{bad:?}");
    }
}

#[test]
fn an_old_membership_check_gives_a_warning_on_the_member() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let mut old = input("Anna Ek", "anna@gavle.se");
    old.fss_verified_on = "2020-02-01".into();
    let stored = db.write(|tx| members::create(tx, &old)).unwrap();
    let warning = stored.membership_warning.expect("a check in 2020 is more than 12 months ago");
    assert!(warning.contains("1 februari 2020"), "{warning}");
}

fn add_example_for_member(db: &natverk_core::Database, member_id: &str) -> String {
    let conn = db.conn();
    conn.execute(
        "INSERT INTO examples (id, title, contact_member_id, created_at, updated_at)
         VALUES ('ex-1', 'Öppen mottagning utan biståndsbeslut', ?1, 'now', 'now')",
        [member_id],
    )
    .unwrap();
    conn.execute("INSERT INTO example_municipalities VALUES ('ex-1', '2180')", []).unwrap();
    let meeting: String =
        conn.query_row("SELECT id FROM meetings WHERE local_date = '2024-04-23'", [], |r| r.get(0)).unwrap();
    conn.execute("INSERT INTO attendance VALUES (?1, ?2, 'present', 'now')", (&meeting, member_id)).unwrap();
    conn.execute(
        "INSERT INTO presentations (id, meeting_id, example_id, member_id, municipality_code, created_at, updated_at)
         VALUES ('p-1', ?1, 'ex-1', ?2, '2180', 'now', 'now')",
        (&meeting, member_id),
    )
    .unwrap();
    meeting
}

#[test]
fn the_extract_holds_everything_stored_about_the_person() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let mut full = input("Åsa Öberg", "asa.oberg@gavle.se");
    full.phone = "026-17 80 00".into();
    full.notes = "Vill presentera i höst".into();
    let member = db.write(|tx| members::create(tx, &full)).unwrap();
    add_example_for_member(&db, &member.id);
    let april = natverk_core::meetings::list(db.conn())
        .unwrap()
        .into_iter()
        .find(|m| m.date.to_string() == "2024-04-23")
        .unwrap()
        .id;
    db.write(|tx| natverk_core::meetings::answers::set_by_hand(tx, &april, &member.id, Some("kanske"))).unwrap();
    let text = privacy::extract(db.conn(), &member.id).unwrap();
    assert!(text.contains("SVAR PÅ INBJUDNINGAR"), "{text}");
    assert!(text.contains(": kanske ("), "the answer to the April invitation is in the extract:\n{text}");
    for expected in [
        "Åsa Öberg",
        "asa.oberg@gavle.se",
        "026-17 80 00",
        "Gävle kommun",
        "Vill presentera i höst",
        "Medlem i FSS: ja",
        "2024-04-23",
        "närvarande",
        "Öppen mottagning utan biståndsbeslut",
    ] {
        assert!(text.contains(expected), "the extract should contain {expected:?}:\n{text}");
    }
    let file = fixture.dir.path().join("utdrag.txt");
    privacy::extract_to_file(db.conn(), &member.id, &file).unwrap();
    assert_eq!(std::fs::read_to_string(file).unwrap(), text);
}

#[test]
fn an_anonymised_member_is_gone_from_lists_and_exports_while_examples_stay() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let member = db.write(|tx| members::create(tx, &input("Åsa Öberg", "asa.oberg@gavle.se"))).unwrap();
    db.write(|tx| members::create(tx, &input("Bo Ek", "bo@gavle.se"))).unwrap();
    add_example_for_member(&db, &member.id);

    let anonymised = db.write(|tx| privacy::anonymise(tx, &member.id)).unwrap();
    assert_eq!(anonymised.name, members::ANONYMISED_NAME);
    assert_eq!(anonymised.email, None);
    assert_eq!((anonymised.phone.as_str(), anonymised.notes.as_str(), anonymised.title.as_str()), ("", "", ""));
    assert_eq!(anonymised.status, MemberStatus::Left);

    let listed: Vec<String> = members::list(db.conn()).unwrap().into_iter().map(|m| m.name).collect();
    assert_eq!(listed, ["Bo Ek"]);
    let export = String::from_utf8(members_csv::export(db.conn()).unwrap()).unwrap();
    assert!(!export.contains("Öberg") && !export.contains("asa.oberg"), "{export}");
    let dump = snapshot(&db).join("\n");
    assert!(!dump.contains("Öberg") && !dump.contains("asa.oberg"), "no personal data is left anywhere:\n{dump}");

    let examples: i64 =
        db.conn().query_row("SELECT count(*) FROM examples WHERE id = 'ex-1'", [], |r| r.get(0)).unwrap();
    assert_eq!(examples, 1, "the municipality's example stays");
    let gavle = municipality_overview::list(db.conn()).unwrap().into_iter().find(|m| m.code == "2180").unwrap();
    assert_eq!((gavle.examples, gavle.participants), (1, 1), "Bo is still active, the example still counts");
    assert!(db.write(|tx| privacy::anonymise(tx, &member.id)).is_err(), "anonymising twice is refused");
}

#[test]
fn deleting_a_member_leaves_a_tombstone_and_keeps_examples() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let member = db.write(|tx| members::create(tx, &input("Åsa Öberg", "asa@gavle.se"))).unwrap();
    add_example_for_member(&db, &member.id);
    db.write(|tx| privacy::delete(tx, &member.id)).unwrap();
    assert!(matches!(members::get(db.conn(), &member.id), Err(Error::NotFound { .. })));
    let tombstone: String =
        db.conn().query_row("SELECT entity FROM tombstones WHERE id = ?1", [&member.id], |r| r.get(0)).unwrap();
    assert_eq!(tombstone, "members");
    let contact: Option<String> =
        db.conn().query_row("SELECT contact_member_id FROM examples WHERE id = 'ex-1'", [], |r| r.get(0)).unwrap();
    assert_eq!(contact, None, "the example stays, without its contact");
    assert!(db.write(|tx| privacy::delete(tx, &member.id)).is_err(), "a second delete says the member is gone");
}

#[test]
fn the_municipality_overview_counts_participants_examples_and_the_last_presentation() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let member = db.write(|tx| members::create(tx, &input("Åsa Öberg", "asa@gavle.se"))).unwrap();
    let mut interested = input("Per Ek", "per@gavle.se");
    interested.status = "interested".into();
    db.write(|tx| members::create(tx, &interested)).unwrap();
    add_example_for_member(&db, &member.id);
    let overview = municipality_overview::list(db.conn()).unwrap();
    assert_eq!(overview.len(), 290);
    let gavle = overview.iter().find(|m| m.code == "2180").unwrap();
    assert_eq!(gavle.participants, 1, "only active members are participants");
    assert_eq!(gavle.examples, 1);
    assert_eq!(gavle.last_presented_label.as_deref(), Some("23 april 2024"));
    assert!(gavle.participates);
    assert_eq!(overview.iter().filter(|m| m.participates).count(), 1);
    let dalarna: Vec<&str> = overview.iter().filter(|m| m.region_code == "20").map(|m| m.name.as_str()).collect();
    assert_eq!(dalarna.last(), Some(&"Älvdalen"), "Swedish order within a region: {dalarna:?}");
}

#[test]
fn restoring_an_older_backup_never_brings_back_a_person_erased_since() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let input = |name: &str, email: &str| MemberInput {
        name: name.into(),
        municipality_code: "2080".into(),
        email: email.into(),
        fss_member: true,
        status: "active".into(),
        ..Default::default()
    };
    let anna = db.write(|tx| members::create(tx, &input("Anna Andersson", "anna@falun.se"))).unwrap().id;
    let bertil = db.write(|tx| members::create(tx, &input("Bertil Berg", "bertil@falun.se"))).unwrap().id;
    let older = fixture.dir.path().join("aldre.sqlite3");
    natverk_core::store::backup::write_backup(db.conn(), &older).unwrap();
    db.write(|tx| privacy::anonymise(tx, &anna)).unwrap();
    db.write(|tx| privacy::delete(tx, &bertil)).unwrap();

    privacy::restore_backup(
        &mut db,
        &older,
        chrono::Utc::now(),
        natverk_core::store::backup::OtherInstallation::Refuse,
    )
    .unwrap();
    assert_eq!(members::get(db.conn(), &anna).unwrap().name, members::ANONYMISED_NAME, "anonymised again");
    assert!(members::get(db.conn(), &bertil).is_err(), "deleted again");
    let stored = format!("{:?}", crate::support::snapshot(&db));
    assert!(!stored.contains("anna@falun.se") && !stored.contains("Bertil Berg"), "no trace in any table");
}
