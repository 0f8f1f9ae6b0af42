//! Fuzz target: the member CSV reader (`members::csv::preview`) against an in-memory database.
#![no_main]

use libfuzzer_sys::fuzz_target;
use natverk_core::{members, Database};

thread_local! {
    // Opening and seeding a database per input would be most of the work; the preview only reads.
    static DB: Database = Database::open_in_memory().expect("an in-memory database opens");
}

fuzz_target!(|bytes: &[u8]| {
    DB.with(|db| {
        let _ = members::csv::preview(db.conn(), bytes);
    });
});
