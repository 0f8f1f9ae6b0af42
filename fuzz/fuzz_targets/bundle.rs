//! Fuzz target: the exchange bundle reader (`exchange::stream::decode` and `exchange::preview_import`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use natverk_core::{exchange, Database};

thread_local! {
    // Opening and seeding a database per input would be most of the work; the preview only reads.
    static DB: Database = Database::open_in_memory().expect("an in-memory database opens");
}

fuzz_target!(|bytes: &[u8]| {
    let _ = exchange::stream::decode(bytes);
    DB.with(|db| {
        let _ = exchange::preview_import(db, bytes);
    });
});
