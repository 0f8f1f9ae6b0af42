//! Fuzz target: the Teams attendance report reader (`meetings::teams_report::read`), which touches no database.
#![no_main]

use libfuzzer_sys::fuzz_target;
use natverk_core::meetings::teams_report;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(report) = teams_report::read(bytes) {
        // What the reader promises whatever the input: its caps hold and every person has a name or an address.
        assert!(report.participants.len() <= teams_report::MAX_PARTICIPANTS);
        assert!(report.rows_read <= teams_report::MAX_ROWS);
        for person in &report.participants {
            assert!(!person.name.is_empty() || !person.email.is_empty());
            assert!(person.joins >= 1);
        }
    }
});
