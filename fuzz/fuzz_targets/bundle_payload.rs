//! Fuzz target: a bundle payload behind a valid checksum, previewed against a seeded database (the merge's scope, value, time and size checks).
#![no_main]

use libfuzzer_sys::fuzz_target;
use natverk_core::{exchange, Database};
use sha2::{Digest, Sha256};

thread_local! {
    static DB: Database = Database::open_in_memory().expect("an in-memory database opens");
}

fuzz_target!(|payload: &[u8]| {
    let Ok(payload) = std::str::from_utf8(payload) else { return };
    let checksum: String = Sha256::digest(payload.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    let bundle = format!(
        r#"{{"format":"natverket-bundle","format_version":1,"checksum":"sha256:{checksum}","payload":{payload}}}"#
    );
    DB.with(|db| {
        let _ = exchange::preview_import(db, bundle.as_bytes());
    });
});
