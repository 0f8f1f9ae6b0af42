//! Fuzz target: bundle lines behind a valid header, checksum and signature, previewed against a seeded database (the merge's scope, value, time and size checks).
#![no_main]

use libfuzzer_sys::fuzz_target;
use natverk_core::store::keys::InstallationKey;
use natverk_core::{exchange, Database};

thread_local! {
    static DB: Database = Database::open_in_memory().expect("an in-memory database opens");
    static SIGNER: InstallationKey = InstallationKey::generate().expect("a signing key");
}

/// Who the fuzzed files say they come from: another installation in the same (default) network.
fn provenance(scope: &str) -> exchange::Provenance {
    exchange::Provenance {
        installation_id: "fuzz-installation".into(),
        municipality_code: None,
        municipality_name: None,
        author_name: "Fuzz".into(),
        exported_at: "2025-01-01T00:00:00.000Z".into(),
        network_id: "a169fd36-e583-58c2-9fb9-a5a19df925c9".into(),
        network_name: "Första linjens socialtjänst".into(),
        scope: scope.into(),
        contacts_included: true,
        read_up_to: Default::default(),
    }
}

fuzz_target!(|input: &[u8]| {
    let Ok(lines) = std::str::from_utf8(input) else { return };
    // The first byte picks the scope; the rest are the lines, signed and checksummed like a real
    // file, so the input reaches the merge's checks.
    let scope = if lines.starts_with('m') { "mine" } else { "network" };
    let Ok(bundle) = SIGNER.with(|key| exchange::stream::encode_lines(&provenance(scope), lines, false, key)) else {
        return;
    };
    DB.with(|db| {
        let _ = exchange::preview_import(db, &bundle);
    });
});
