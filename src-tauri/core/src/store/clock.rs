//! The clock as the database writes it: `created_at`/`updated_at` stamps and UTC instants as text.

use chrono::{DateTime, Datelike, NaiveDateTime, SecondsFormat, Timelike, Utc};

/// The current time as stored in every `created_at`/`updated_at` column: `2024-01-24T14:00:00.000Z`.
pub fn now_timestamp() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// How UTC instants (a meeting's start and end) are written in the database and in JSON: `2024-01-24T14:00:00Z`.
pub fn utc_text(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A `jiff` instant as the UTC instant the rest of the app computes with (to the second).
pub fn utc_instant(at: jiff::Timestamp) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(at.as_second(), 0)
}

/// A date and time as `jiff` writes it; `None` outside the years 1–9999.
pub fn civil_date_time(local: NaiveDateTime) -> Option<jiff::civil::DateTime> {
    let year = i16::try_from(local.year()).ok().filter(|year| (1..=9999).contains(year))?;
    // Month, day, hour, minute and second always fit in an i8.
    let small = |value: u32| i8::try_from(value).ok();
    jiff::civil::DateTime::new(
        year,
        small(local.month())?,
        small(local.day())?,
        small(local.hour())?,
        small(local.minute())?,
        small(local.second())?,
        0,
    )
    .ok()
}
