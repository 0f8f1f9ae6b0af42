//! Record identifiers: UUID v7 for new records, UUID v5 for seed records so every installation shares them.

use uuid::Uuid;

/// Namespace for the deterministic ids of seeded records (meetings, themes, the network).
const SEED_NAMESPACE: Uuid = Uuid::from_u128(0x6e61_7476_6572_6b65_7446_5353_2d73_6565);

/// A fresh, time-ordered id for a record created by a user.
pub fn new_id() -> String {
    Uuid::now_v7().to_string()
}

/// The id of a seeded record, the same in every installation so that exchanged bundles line up.
pub fn seed_id(kind: &str, key: &str) -> String {
    Uuid::new_v5(&SEED_NAMESPACE, format!("{kind}/{key}").as_bytes()).to_string()
}

/// The calendar UID of a meeting: stable for its whole life, unique across installations.
pub fn meeting_ical_uid(meeting_id: &str) -> String {
    format!("{meeting_id}@natverket.fss.se")
}
