//! Fuzz target: a bundle payload behind a valid checksum and signature, previewed against a seeded database (the merge's scope, value, time and size checks).
#![no_main]

use libfuzzer_sys::fuzz_target;
use natverk_core::store::keys::InstallationKey;
use natverk_core::{exchange, Database};

thread_local! {
    static DB: Database = Database::open_in_memory().expect("an in-memory database opens");
    static SIGNER: InstallationKey = InstallationKey::generate().expect("a signing key");
}

fuzz_target!(|payload: &[u8]| {
    let Ok(payload) = std::str::from_utf8(payload) else { return };
    // Signed and checksummed like a real file, so the input reaches the merge's checks.
    let Ok(bundle) = SIGNER.with(|key| exchange::format::encode_json(payload.to_string(), false, key)) else { return };
    DB.with(|db| {
        let _ = exchange::preview_import(db, &bundle);
    });
});
