//! Fuzz target: the answers reader (`calendar::replies`: .ics and .eml REPLY files) against an in-memory database with members.
#![no_main]

use libfuzzer_sys::fuzz_target;
use natverk_core::calendar::replies::{self, AnswerFile};
use natverk_core::Database;

thread_local! {
    // The seeded meetings and two members the fixtures answer from, so matching is reached too.
    static DB: Database = {
        let db = Database::open_in_memory().expect("an in-memory database opens");
        db.conn()
            .execute_batch(
                "INSERT INTO members (id, name, municipality_code, email, fss_member, status, created_at, updated_at) VALUES
                   ('m1', 'Åsa Öberg', '2321', 'asa.oberg@are.se', 1, 'active', 'x', 'x'),
                   ('m2', 'Bo Ek', '0180', 'bo.ek@stockholm.se', 1, 'active', 'x', 'x');",
            )
            .expect("members for the fuzz database");
        db
    };
}

fuzz_target!(|bytes: &[u8]| {
    let _ = replies::holds_reply(bytes);
    DB.with(|db| {
        let files = [AnswerFile { name: "svar.eml".into(), bytes: bytes.to_vec() }];
        if let Ok(preview) = replies::preview(db.conn(), &files) {
            // Every answer found is counted once, as stored, older or unmatched.
            assert_eq!(preview.stored + preview.older + preview.unmatched, preview.answers.len());
            assert!(preview.answers.len() <= replies::MAX_ANSWERS);
        }
    });
});
