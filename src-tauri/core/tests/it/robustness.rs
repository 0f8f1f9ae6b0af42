//! Imports never panic, whatever the file holds: property tests over random and mutated input (bounded for CI).

use natverk_core::{calendar, Database};
use proptest::prelude::*;

const OUTLOOK: &[u8] = include_bytes!("../../../../tests/ics/fixtures/outlook-meeting.ics");
const GOOGLE: &[u8] = include_bytes!("../../../../tests/ics/fixtures/google-calendar.ics");

/// Pieces real calendar files are made of, to build inputs that get past the first checks.
fn ics_fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("BEGIN:VCALENDAR\r\n".to_string()),
        Just("END:VCALENDAR\r\n".to_string()),
        Just("BEGIN:VEVENT\r\n".to_string()),
        Just("END:VEVENT\r\n".to_string()),
        Just("METHOD:CANCEL\r\n".to_string()),
        Just("STATUS:CANCELLED\r\n".to_string()),
        "UID:[a-zA-Z0-9@.-]{0,40}\r\n",
        "SUMMARY:[ -~åäöÅÄÖ\\\\;,]{0,60}\r\n",
        "DTSTART(;TZID=(Europe/Stockholm|\"W. Europe Standard Time\"|Mars/Base))?:20[0-9]{2}[01][0-9][0-3][0-9]T[0-2][0-9][0-5][0-9][0-5][0-9]Z?\r\n",
        "DTEND(;VALUE=DATE)?:20[0-9]{6}(T[0-9]{6})?\r\n",
        "DURATION:P[0-9]{0,2}(T[0-9]{0,2}[HMS])?\r\n",
        "SEQUENCE:[0-9-]{0,12}\r\n",
        "URL:(https://|javascript:|)[ -~]{0,40}\r\n",
        "DESCRIPTION:[ -~åäö\\\\]{0,80}\r\n",
        " [ -~]{0,20}\r\n",
        "[A-Z-]{1,10}(;[A-Z]{1,5}=(\"[^\"]{0,10}\"|[a-z]{0,5}))*:[ -~]{0,30}\r\n",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic_the_ics_import(bytes in proptest::collection::vec(any::<u8>(), 0..2_000)) {
        let db = Database::open_in_memory().unwrap();
        let _ = calendar::import::preview(db.conn(), &bytes);
    }

    #[test]
    fn calendar_shaped_text_never_panics_and_a_failed_apply_writes_nothing(fragments in proptest::collection::vec(ics_fragment(), 0..40)) {
        let mut db = Database::open_in_memory().unwrap();
        let text = fragments.concat();
        let count = |db: &Database| -> i64 { db.conn().query_row("SELECT count(*) FROM meetings", [], |r| r.get(0)).unwrap() };
        let before = count(&db);
        match db.write(|tx| calendar::import::apply(tx, text.as_bytes())) {
            Ok(result) => prop_assert_eq!(count(&db), before + result.to_create as i64),
            Err(_) => prop_assert_eq!(count(&db), before),
        }
    }

    #[test]
    fn mutated_real_files_never_panic(cut in 0usize..1_700, flip in 0usize..1_700, byte in any::<u8>(), use_google in any::<bool>()) {
        let source = if use_google { GOOGLE } else { OUTLOOK };
        let mut bytes = source[..cut.min(source.len())].to_vec();
        if let Some(target) = bytes.get_mut(flip) {
            *target = byte;
        }
        let db = Database::open_in_memory().unwrap();
        let _ = calendar::import::preview(db.conn(), &bytes);
    }
}

/// Pieces of member lists as Swedish Excel writes them, good and bad.
fn csv_fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Namn;Titel;Kommun;E-post;FSS-medlem;Status\r\n".to_string()),
        Just("Name,Municipality,Email,FSS member,Status\n".to_string()),
        Just("\u{feff}".to_string()),
        "[A-Za-zåäöÅÄÖ ]{0,20};[a-z ]{0,10};(Åre|0180|Göteborg|Okänd|);[a-z.]{0,10}@?[a-z]{0,8}\\.?(se)?;(ja|nej|x|);(aktiv|intresserad|lämnat|x|)\r\n",
        "\"[^\"]{0,15}\"(\"\")?[;,]",
        "[;,\r\n\t=+@-]{1,6}",
        "[ -~åäö]{0,40}\r?\n",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn member_csv_import_never_panics_on_any_input(fragments in proptest::collection::vec(csv_fragment(), 0..30), noise in proptest::collection::vec(any::<u8>(), 0..64)) {
        let db = Database::open_in_memory().unwrap();
        let mut bytes = fragments.concat().into_bytes();
        bytes.extend(noise);
        let _ = natverk_core::members::csv::preview(db.conn(), &bytes);
    }

    #[test]
    fn bundle_import_never_panics_and_a_damaged_bundle_changes_nothing(cut in 0usize..4_000, flip in 0usize..4_000, byte in any::<u8>(), compress in any::<bool>()) {
        use natverk_core::exchange::{self, ExportOptions, Scope};
        let mut source = Database::open_in_memory().unwrap();
        let (bundle, _) = exchange::export_bundle(&mut source, ExportOptions { scope: Scope::Network, include_contacts: true, compress }).unwrap();
        let mut damaged = bundle[..cut.min(bundle.len())].to_vec();
        if let Some(target) = damaged.get_mut(flip) {
            *target ^= byte.max(1);
        }
        let mut target = Database::open_in_memory().unwrap();
        let count = |db: &Database| -> i64 { db.conn().query_row("SELECT count(*) FROM meetings", [], |r| r.get(0)).unwrap() };
        let before = count(&target);
        let _ = exchange::preview_import(&target, &damaged);
        if exchange::apply_import(&mut target, &damaged, exchange::Acceptance::host()).is_err() {
            prop_assert_eq!(count(&target), before);
        }
    }
}
