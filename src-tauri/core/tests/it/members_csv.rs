//! Member lists from and to Excel: encodings, separators, preview row by row, atomic apply, safe export.

use natverk_core::members::csv::{self, RowOutcome};
use natverk_core::members::{self, MemberInput, MemberStatus};

use crate::support::{snapshot, TempDatabase};

/// What Swedish Excel writes for "CSV (semikolonavgränsad)": Windows-1252, `;`, CRLF.
fn windows_1252(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable, "the test text fits Windows-1252");
    bytes.into_owned()
}

const EXCEL_LIST: &str = "Namn;Titel;Kommun;E-post;Telefon;FSS-medlem;Medlemskap kontrollerat;Status\r\n\
Åsa Öberg;Socialchef;Gävle;asa.oberg@gavle.se;026-17 80 00;ja;2024-01-15;aktiv\r\n\
Björn Älv;Enhetschef;1280;bjorn.alv@malmo.se;;Ja;2024-02-01;\r\n\
Lena Ek;Utvecklare;Atlantis;lena@atlantis.se;;ja;;aktiv\r\n\
Olle Nilsson;Chef;Falu kommun;olle.nilsson(at)falun.se;;nej;;intresserad\r\n\
;;;;;;;\r\n\
Kim Berg;Chef;Upplands Bro;kim.berg@upplands-bro.se;;nej;;aktiv\r\n";

#[test]
fn a_windows_1252_semicolon_file_from_excel_is_previewed_row_by_row_without_writing() {
    let fixture = TempDatabase::new();
    let db = fixture.open();
    let before = snapshot(&db);
    let preview = csv::preview(db.conn(), &windows_1252(EXCEL_LIST)).unwrap();
    assert_eq!(snapshot(&db), before, "a preview writes nothing");
    assert_eq!((preview.encoding, preview.separator), ("Windows-1252", ";"));
    assert_eq!((preview.added, preview.updated, preview.rejected), (2, 0, 3));

    let row = |n: u64| preview.rows.iter().find(|r| r.row_number == n).unwrap_or_else(|| panic!("row {n}"));
    assert_eq!(row(2).name, "Åsa Öberg", "å and ö survive Windows-1252");
    assert_eq!(row(2).outcome, RowOutcome::Add);
    assert_eq!(row(2).municipality_name, "Gävle kommun");
    assert_eq!(row(3).municipality_name, "Malmö stad", "a municipality by its code");
    assert_eq!(row(4).outcome, RowOutcome::Reject);
    assert!(row(4).reasons.join(" ").contains("Atlantis"), "{:?}", row(4).reasons);
    assert!(row(5).reasons.join(" ").contains("e-postadress"), "{:?}", row(5).reasons);
    assert!(preview.rows.iter().all(|r| r.row_number != 6), "an empty Excel row is skipped");
    assert_eq!(row(7).municipality_name, "Upplands-Bro kommun", "matching ignores hyphens");
    assert!(row(7).reasons.join(" ").contains("Bara medlemmar i FSS"), "{:?}", row(7).reasons);
}

#[test]
fn applying_imports_exactly_the_good_rows_the_preview_showed() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let bytes = windows_1252(EXCEL_LIST);
    let preview = csv::preview(db.conn(), &bytes).unwrap();
    let applied = db.write(|tx| csv::apply(tx, &bytes, Some(&preview.token))).unwrap();
    assert_eq!(applied, preview, "apply does what the preview said");
    let stored = members::list(db.conn()).unwrap();
    let names: Vec<&str> = stored.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["Björn Älv", "Åsa Öberg"]);
    let asa = &stored[1];
    assert_eq!(asa.email.as_deref(), Some("asa.oberg@gavle.se"));
    assert_eq!(asa.phone, "026-17 80 00");
    assert_eq!(asa.municipality_code.as_deref(), Some("2180"));
    assert_eq!(stored[0].status, MemberStatus::Active, "an FSS member without status takes part actively");
}

#[test]
fn a_duplicate_e_mail_in_another_case_updates_the_member() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let existing = db
        .write(|tx| {
            members::create(
                tx,
                &MemberInput {
                    name: "Åsa Öberg".into(),
                    municipality_code: "2180".into(),
                    email: "asa.oberg@gavle.se".into(),
                    phone: "070-111 11 11".into(),
                    notes: "Kvar efter import".into(),
                    status: "interested".into(),
                    ..MemberInput::default()
                },
            )
        })
        .unwrap();
    let file = "name,email,municipality,fss member,status\nÅsa Öberg-Lind,ASA.OBERG@Gavle.SE,Gävle,yes,active\n";
    let preview = csv::preview(db.conn(), file.as_bytes()).unwrap();
    assert_eq!((preview.encoding, preview.separator), ("UTF-8", ","));
    assert_eq!(preview.rows[0].outcome, RowOutcome::Update);
    assert_eq!(preview.rows[0].member_id.as_deref(), Some(existing.id.as_str()));
    db.write(|tx| csv::apply(tx, file.as_bytes(), Some(&preview.token))).unwrap();
    let all = members::list(db.conn()).unwrap();
    assert_eq!(all.len(), 1, "an update, not a second member");
    assert_eq!(all[0].name, "Åsa Öberg-Lind");
    assert_eq!(all[0].status, MemberStatus::Active);
    assert_eq!(all[0].phone, "070-111 11 11", "a column not in the file keeps its value");
    assert_eq!(all[0].notes, "Kvar efter import");
}

#[test]
fn the_same_e_mail_twice_in_one_file_rejects_the_second_row() {
    let fixture = TempDatabase::new();
    let db = fixture.open();
    let file = "\u{feff}Namn;E-post;Kommun\nA Ek;a@x.se;Gävle\nA Ek igen;A@X.SE;Gävle\n";
    let preview = csv::preview(db.conn(), file.as_bytes()).unwrap();
    assert_eq!(preview.encoding, "UTF-8 med BOM");
    assert_eq!(preview.rows[1].outcome, RowOutcome::Reject);
    assert!(preview.rows[1].reasons[0].contains("rad 2"), "{:?}", preview.rows[1].reasons);
}

#[test]
fn apply_refuses_when_the_register_changed_since_the_preview() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let file = "Namn;E-post;Kommun;FSS-medlem\nÅsa Öberg;asa@gavle.se;Gävle;ja\n";
    let preview = csv::preview(db.conn(), file.as_bytes()).unwrap();
    db.write(|tx| {
        members::create(
            tx,
            &MemberInput {
                name: "Åsa".into(),
                email: "asa@gavle.se".into(),
                municipality_code: "2180".into(),
                ..MemberInput::default()
            },
        )
    })
    .unwrap();
    let before = snapshot(&db);
    let error = db.write(|tx| csv::apply(tx, file.as_bytes(), Some(&preview.token))).unwrap_err();
    assert!(error.to_string().contains("Förhandsgranska filen igen"), "{error}");
    assert_eq!(snapshot(&db), before, "nothing is written");
}

#[test]
fn a_file_without_the_needed_columns_is_refused_with_what_is_missing() {
    let fixture = TempDatabase::new();
    let db = fixture.open();
    let error = csv::preview(db.conn(), b"Namn;Telefon\nAnna;070\n").unwrap_err();
    assert!(error.to_string().contains("E-post, Kommun"), "{error}");
    assert_eq!(error.field(), Some("file"));
}

#[test]
fn the_export_opens_in_excel_with_swedish_letters_and_no_formulas_and_imports_back() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    db.write(|tx| {
        members::create(
            tx,
            &MemberInput {
                name: "Åsa Öberg".into(),
                title: "=HYPERLINK(\"http://evil\";\"klicka\")".into(),
                municipality_code: "0180".into(),
                email: "asa@stockholm.se".into(),
                phone: "+46 8 508 000 00".into(),
                fss_member: true,
                fss_verified_on: "2024-01-15".into(),
                status: "active".into(),
                notes: "@SUM(1+1)\nrad två".into(),
                ..MemberInput::default()
            },
        )
    })
    .unwrap();
    let bytes = csv::export(db.conn()).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with BOM, so Excel reads å, ä, ö");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(text.starts_with("Namn;Titel;Kommun;Kommunkod;E-post;"), "{text}");
    assert!(text.contains("\r\n"), "CRLF line ends");
    assert!(text.contains("Åsa Öberg;"), "{text}");
    assert!(text.contains("'=HYPERLINK"), "formulas are neutralised: {text}");
    assert!(text.contains("'+46 8 508 000 00"), "{text}");
    assert!(text.contains("\"'@SUM(1+1)\nrad två\""), "{text}");
    for line in text.split("\r\n") {
        for cell in line.split(';') {
            let cell = cell.trim_start_matches('"');
            assert!(!cell.starts_with(['=', '+', '-', '@']), "no cell may start a formula: {cell:?}");
        }
    }

    let file = fixture.dir.path().join("medlemmar.csv");
    assert_eq!(csv::export_to_file(db.conn(), &file).unwrap(), 1);
    let round_trip = db.write(|tx| csv::apply_file(tx, &file)).unwrap();
    assert_eq!((round_trip.updated, round_trip.rejected), (1, 0), "{round_trip:?}");
    let back = &members::list(db.conn()).unwrap()[0];
    assert_eq!(back.phone, "+46 8 508 000 00", "the guard is removed again on import");
    assert_eq!(back.title, "=HYPERLINK(\"http://evil\";\"klicka\")");
}

#[test]
fn a_list_of_ten_thousand_is_accepted_and_a_far_bigger_file_refused_unwritten() {
    let fixture = TempDatabase::new();
    let mut db = fixture.open();
    let big = natverk_core::demo::members_csv(db.conn(), csv::MAX_IMPORT_ROWS + 1, 3).unwrap();
    let before = snapshot(&db);
    let error = db.write(|tx| csv::apply(tx, &big, None)).unwrap_err();
    assert!(error.to_string().contains("fler än 20\u{a0}000 rader"), "{error}");
    assert_eq!(snapshot(&db), before, "nothing is written");

    let ten_thousand = natverk_core::demo::members_csv(db.conn(), 10_000, 3).unwrap();
    let preview = csv::preview(db.conn(), &ten_thousand).unwrap();
    assert_eq!((preview.added, preview.rejected), (10_000, 0));
}
