//! Wall-clock times in an IANA zone turned into UTC instants, and dates and times written the Swedish way.
//!
//! A meeting is stored as its local date, start and end and the zone (normally Europe/Stockholm);
//! the UTC instants are derived here with the time-zone database of `chrono-tz`, never with
//! hand-written daylight-saving rules.

use chrono::{DateTime, Datelike, LocalResult, NaiveDate, NaiveTime, TimeZone, Timelike, Utc, Weekday};
use chrono_tz::Tz;

use crate::error::{Error, Result};

/// The zone the network meets in unless a meeting says otherwise.
pub const DEFAULT_TIME_ZONE: &str = "Europe/Stockholm";

/// Which of the two instants to use when a local time occurs twice (the autumn clock change).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RepeatedHour {
    /// The first occurrence, still on summer time (for Sweden: CEST, UTC+2).
    #[default]
    Earlier,
    /// The second occurrence, after the clocks went back (for Sweden: CET, UTC+1).
    Later,
}

/// Parses an IANA zone name such as `Europe/Stockholm`.
pub fn parse_time_zone(field: &'static str, text: &str) -> Result<Tz> {
    text.trim().parse::<Tz>().map_err(|_| {
        Error::invalid(
            field,
            format!("”{}” är ingen känd tidszon. Ange en IANA-tidszon, till exempel Europe/Stockholm.", text.trim()),
        )
    })
}

/// Parses a wall-clock time written `15:00`, `15.00` or `1500`.
pub fn parse_clock_time(field: &'static str, text: &str) -> Result<NaiveTime> {
    let trimmed = text.trim();
    let digits: String = trimmed.chars().filter(|c| *c != ':' && *c != '.').collect();
    let separators = trimmed.len() - digits.len();
    let well_formed = separators <= 1
        && (digits.len() == 4 || (digits.len() == 3 && separators == 1))
        && digits.chars().all(|c| c.is_ascii_digit());
    let parsed = well_formed
        .then(|| {
            let (hours, minutes) = digits.split_at(digits.len() - 2);
            NaiveTime::from_hms_opt(hours.parse().ok()?, minutes.parse().ok()?, 0)
        })
        .flatten();
    parsed.ok_or_else(|| {
        Error::invalid(field, format!("”{trimmed}” är ingen giltig tid. Skriv timmar och minuter, till exempel 15.00."))
    })
}

/// Parses a date written `2024-01-24`.
pub fn parse_date(field: &'static str, text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        Error::invalid(
            field,
            format!("”{}” är inget giltigt datum. Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2024-04-23.", text.trim()),
        )
    })
}

/// Today's date in Sweden (Europe/Stockholm), whatever the computer's own time zone.
pub fn today_in_sweden() -> NaiveDate {
    chrono::Utc::now().with_timezone(&chrono_tz::Europe::Stockholm).date_naive()
}

/// The UTC instant of a wall-clock time on a date in a zone.
///
/// A time that does not exist (skipped when the clocks go forward) is refused with a message
/// that says why; a time that occurs twice is resolved by `repeated`.
pub fn to_utc(
    field: &'static str,
    date: NaiveDate,
    time: NaiveTime,
    zone: Tz,
    repeated: RepeatedHour,
) -> Result<DateTime<Utc>> {
    match zone.from_local_datetime(&date.and_time(time)) {
        LocalResult::Single(instant) => Ok(instant.with_timezone(&Utc)),
        LocalResult::Ambiguous(earlier, later) => Ok(match repeated {
            RepeatedHour::Earlier => earlier,
            RepeatedHour::Later => later,
        }
        .with_timezone(&Utc)),
        LocalResult::None => Err(Error::invalid(
            field,
            format!(
                "Klockan {} finns inte den {} i tidszonen {}: klockan ställs fram till sommartid den natten. Välj en annan tid.",
                clock(time),
                day_month_year(date),
                zone.name()
            ),
        )),
    }
}

/// Whether a wall-clock time occurs twice on that date (the hour repeated when summer time ends).
pub fn is_repeated_hour(date: NaiveDate, time: NaiveTime, zone: Tz) -> bool {
    matches!(zone.from_local_datetime(&date.and_time(time)), LocalResult::Ambiguous(..))
}

const WEEKDAYS: [&str; 7] = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"];
const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

/// The Swedish name of a weekday, in lower case as Swedish writes it ("tisdag").
pub fn weekday_name(weekday: Weekday) -> &'static str {
    WEEKDAYS[weekday.num_days_from_monday() as usize]
}

/// The Swedish name of a month (1–12), in lower case ("april").
pub fn month_name(month: u32) -> &'static str {
    MONTHS[(month.clamp(1, 12) - 1) as usize]
}

/// "23 april 2024".
pub fn day_month_year(date: NaiveDate) -> String {
    format!("{} {} {}", date.day(), month_name(date.month()), date.year())
}

/// "tisdag 23 april 2024".
pub fn long_date(date: NaiveDate) -> String {
    format!("{} {}", weekday_name(date.weekday()), day_month_year(date))
}

/// "15.00": Swedish clock notation with a full stop.
pub fn clock(time: NaiveTime) -> String {
    format!("{:02}.{:02}", time.hour(), time.minute())
}

/// "kl. 15.00–15.45" with an en dash.
pub fn clock_range(start: NaiveTime, end: NaiveTime) -> String {
    format!("kl. {}–{}", clock(start), clock(end))
}

/// "tisdag 23 april 2024 kl. 15.00–15.45".
pub fn long_date_and_time(date: NaiveDate, start: NaiveTime, end: NaiveTime) -> String {
    format!("{} {}", long_date(date), clock_range(start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn stockholm_afternoon_is_one_hour_ahead_in_winter_and_two_in_summer() {
        let zone: Tz = DEFAULT_TIME_ZONE.parse().unwrap();
        let three = NaiveTime::from_hms_opt(15, 0, 0).unwrap();
        let winter = to_utc("start", date(2024, 1, 24), three, zone, RepeatedHour::Earlier).unwrap();
        let summer = to_utc("start", date(2024, 4, 23), three, zone, RepeatedHour::Earlier).unwrap();
        assert_eq!(winter.to_rfc3339(), "2024-01-24T14:00:00+00:00");
        assert_eq!(summer.to_rfc3339(), "2024-04-23T13:00:00+00:00");
    }

    #[test]
    fn a_time_skipped_by_the_spring_clock_change_is_refused_with_a_reason() {
        let zone: Tz = DEFAULT_TIME_ZONE.parse().unwrap();
        let error =
            to_utc("start", date(2024, 3, 31), NaiveTime::from_hms_opt(2, 30, 0).unwrap(), zone, RepeatedHour::Earlier)
                .unwrap_err();
        assert_eq!(error.field(), Some("start"));
        assert!(error.to_string().contains("Klockan 02.30 finns inte den 31 mars 2024"), "{error}");
    }

    #[test]
    fn the_repeated_autumn_hour_resolves_to_the_chosen_occurrence() {
        let zone: Tz = DEFAULT_TIME_ZONE.parse().unwrap();
        let half_past_two = NaiveTime::from_hms_opt(2, 30, 0).unwrap();
        let day = date(2024, 10, 27);
        assert!(is_repeated_hour(day, half_past_two, zone));
        let earlier = to_utc("start", day, half_past_two, zone, RepeatedHour::Earlier).unwrap();
        let later = to_utc("start", day, half_past_two, zone, RepeatedHour::Later).unwrap();
        assert_eq!(earlier.to_rfc3339(), "2024-10-27T00:30:00+00:00");
        assert_eq!(later.to_rfc3339(), "2024-10-27T01:30:00+00:00");
    }

    #[test]
    fn dates_and_times_are_written_the_swedish_way() {
        let start = NaiveTime::from_hms_opt(15, 0, 0).unwrap();
        let end = NaiveTime::from_hms_opt(15, 45, 0).unwrap();
        assert_eq!(long_date_and_time(date(2024, 4, 23), start, end), "tisdag 23 april 2024 kl. 15.00–15.45");
        assert_eq!(long_date(date(2024, 1, 24)), "onsdag 24 januari 2024");
        assert_eq!(long_date(date(2024, 2, 29)), "torsdag 29 februari 2024");
    }

    #[test]
    fn clock_times_are_accepted_with_colon_full_stop_or_no_separator() {
        for text in ["15:00", "15.00", "1500", " 15.00 "] {
            assert_eq!(parse_clock_time("start", text).unwrap(), NaiveTime::from_hms_opt(15, 0, 0).unwrap(), "{text}");
        }
        assert_eq!(parse_clock_time("start", "9.05").unwrap(), NaiveTime::from_hms_opt(9, 5, 0).unwrap());
        for text in ["", "25:00", "15:60", "kvart över tre", "15::00", "1:2:3", "150"] {
            assert!(parse_clock_time("start", text).is_err(), "{text} should be refused");
        }
    }

    #[test]
    fn unknown_time_zones_are_refused() {
        assert!(parse_time_zone("time_zone", "Europe/Stockholm").is_ok());
        assert!(parse_time_zone("time_zone", "Europe/Göteborg").is_err());
    }
}
