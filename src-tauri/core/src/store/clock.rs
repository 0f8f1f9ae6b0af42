//! The clock as the database writes it: `created_at`/`updated_at` stamps and UTC instants as text.

use chrono::{DateTime, SecondsFormat, Utc};

/// The current time as stored in every `created_at`/`updated_at` column: `2024-01-24T14:00:00.000Z`.
pub fn now_timestamp() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// How UTC instants (a meeting's start and end) are written in the database and in JSON: `2024-01-24T14:00:00Z`.
pub fn utc_text(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(SecondsFormat::Secs, true)
}
