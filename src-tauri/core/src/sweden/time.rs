//! Wall-clock times in an IANA zone turned into UTC instants, and dates and times written the Swedish way.
//!
//! A meeting is stored as its local date, start and end and the zone (normally Europe/Stockholm);
//! the UTC instants are derived here with the IANA time-zone database, not with hand-written
//! daylight-saving rules (the one rule written here, `SWEDEN_SINCE_1996`, stands in only should
//! the built-in database lack Europe/Stockholm, which a test shows it does not).
//!
//! The database is the copy built into the app (`jiff`'s bundled tzdb), so a meeting's time is the
//! same on every computer, whatever the system's own copy says or whether it has one. It is kept as
//! one block of data that is read when a zone is first asked for: a table of every zone's rules,
//! such as `chrono-tz` builds, costs the app tens of thousands of pointer fix-ups each time it
//! starts (README, Performance).

use chrono::{DateTime, Datelike, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc, Weekday};

use crate::error::{Error, Result};
use crate::store::clock::{civil_date_time, utc_instant};

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

/// A zone of the IANA time-zone database, such as Europe/Stockholm, by its name.
#[derive(Clone, Debug)]
pub struct Zone {
    name: String,
    rules: jiff::tz::TimeZone,
}

/// Sweden's rule since 1996 (the EU's: summer time from the last Sunday of March at 02.00 to the
/// last Sunday of October at 03.00), should the built-in database somehow lack Europe/Stockholm.
const SWEDEN_SINCE_1996: &str = "CET-1CEST,M3.5.0,M10.5.0/3";

impl Zone {
    /// The zone of that name, spelled exactly as the database spells it (`Europe/Stockholm`, not
    /// `europe/stockholm`): names are stored and exchanged, and other installations and calendar
    /// programs know them only so.
    pub fn named(name: &str) -> Option<Zone> {
        let rules = jiff::tz::db().get(name).ok()?;
        (rules.iana_name() == Some(name)).then(|| Zone { name: name.to_string(), rules })
    }

    /// Europe/Stockholm, the zone the network meets in unless it says otherwise.
    pub fn sweden() -> Zone {
        static SWEDEN: std::sync::LazyLock<Zone> = std::sync::LazyLock::new(|| {
            Zone::named(DEFAULT_TIME_ZONE).unwrap_or_else(|| Zone {
                name: DEFAULT_TIME_ZONE.to_string(),
                rules: jiff::tz::TimeZone::posix(SWEDEN_SINCE_1996).unwrap_or(jiff::tz::TimeZone::UTC),
            })
        });
        SWEDEN.clone()
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The UTC instants at which the clocks in this zone show `local`: one; two when the hour is
    /// repeated (earlier first); none when the hour is skipped, or the year is outside 1–9999.
    pub fn instants(&self, local: NaiveDateTime) -> LocalResult<DateTime<Utc>> {
        let Some(civil) = civil_date_time(local) else { return LocalResult::None };
        let instant = |offset: jiff::tz::Offset| offset.to_timestamp(civil).ok().and_then(utc_instant);
        match self.rules.to_ambiguous_timestamp(civil).offset() {
            jiff::tz::AmbiguousOffset::Unambiguous { offset } => {
                instant(offset).map_or(LocalResult::None, LocalResult::Single)
            }
            jiff::tz::AmbiguousOffset::Fold { before, after } => match (instant(before), instant(after)) {
                (Some(earlier), Some(later)) => LocalResult::Ambiguous(earlier, later),
                _ => LocalResult::None,
            },
            jiff::tz::AmbiguousOffset::Gap { .. } => LocalResult::None,
        }
    }

    /// What the clocks in this zone show at `instant` (to the second); `None` outside the years 1–9999.
    pub fn local(&self, instant: DateTime<Utc>) -> Option<NaiveDateTime> {
        let at = jiff::Timestamp::from_second(instant.timestamp()).ok()?;
        let offset = self.rules.to_offset(at);
        instant.naive_utc().checked_add_signed(chrono::Duration::seconds(i64::from(offset.seconds())))
    }
}

/// Parses an IANA zone name such as `Europe/Stockholm`.
pub fn parse_time_zone(field: &'static str, text: &str) -> Result<Zone> {
    Zone::named(text.trim()).ok_or_else(|| {
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
    let now = Utc::now();
    Zone::sweden().local(now).unwrap_or_else(|| now.naive_utc()).date()
}

/// The UTC instant of a wall-clock time on a date in a zone.
///
/// A time that does not exist (skipped when the clocks go forward) is refused with a message
/// that says why; a time that occurs twice is resolved by `repeated`.
pub fn to_utc(
    field: &'static str,
    date: NaiveDate,
    time: NaiveTime,
    zone: &Zone,
    repeated: RepeatedHour,
) -> Result<DateTime<Utc>> {
    if civil_date_time(date.and_time(time)).is_none() {
        return Err(Error::invalid(
            field,
            format!("Året {} går inte att planera för. Ange ett år mellan 1 och 9999.", date.year()),
        ));
    }
    match zone.instants(date.and_time(time)) {
        LocalResult::Single(instant) => Ok(instant),
        LocalResult::Ambiguous(earlier, later) => Ok(match repeated {
            RepeatedHour::Earlier => earlier,
            RepeatedHour::Later => later,
        }),
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
pub fn is_repeated_hour(date: NaiveDate, time: NaiveTime, zone: &Zone) -> bool {
    matches!(zone.instants(date.and_time(time)), LocalResult::Ambiguous(..))
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
        let zone = &Zone::sweden();
        let three = NaiveTime::from_hms_opt(15, 0, 0).unwrap();
        let winter = to_utc("start", date(2024, 1, 24), three, zone, RepeatedHour::Earlier).unwrap();
        let summer = to_utc("start", date(2024, 4, 23), three, zone, RepeatedHour::Earlier).unwrap();
        assert_eq!(winter.to_rfc3339(), "2024-01-24T14:00:00+00:00");
        assert_eq!(summer.to_rfc3339(), "2024-04-23T13:00:00+00:00");
    }

    #[test]
    fn a_time_skipped_by_the_spring_clock_change_is_refused_with_a_reason() {
        let zone = &Zone::sweden();
        let error =
            to_utc("start", date(2024, 3, 31), NaiveTime::from_hms_opt(2, 30, 0).unwrap(), zone, RepeatedHour::Earlier)
                .unwrap_err();
        assert_eq!(error.field(), Some("start"));
        assert!(error.to_string().contains("Klockan 02.30 finns inte den 31 mars 2024"), "{error}");
    }

    #[test]
    fn the_repeated_autumn_hour_resolves_to_the_chosen_occurrence() {
        let zone = &Zone::sweden();
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
        assert!(parse_time_zone("time_zone", "").is_err());
    }

    #[test]
    fn zone_names_are_taken_only_as_the_database_spells_them() {
        assert_eq!(parse_time_zone("time_zone", " Europe/Stockholm ").unwrap().name(), "Europe/Stockholm");
        assert_eq!(parse_time_zone("time_zone", "America/New_York").unwrap().name(), "America/New_York");
        assert_eq!(parse_time_zone("time_zone", "UTC").unwrap().name(), "UTC");
        // Other installations (and older versions of this one) refuse other spellings in exchanged files.
        assert!(parse_time_zone("time_zone", "europe/stockholm").is_err());
        assert!(parse_time_zone("time_zone", "EUROPE/STOCKHOLM").is_err());
        assert!(parse_time_zone("time_zone", "Etc/Unknown").is_err());
    }

    #[test]
    fn sweden_is_the_built_in_database_s_europe_stockholm() {
        let zone = Zone::sweden();
        assert_eq!(zone.name(), DEFAULT_TIME_ZONE);
        assert!(Zone::named(DEFAULT_TIME_ZONE).is_some(), "the database built into the app has Europe/Stockholm");
        // Its history as well as today's rule: Sweden had no summer time in 1970.
        let july_1970 = date(1970, 7, 1).and_hms_opt(12, 0, 0).unwrap();
        assert_eq!(zone.instants(july_1970).single().unwrap().to_rfc3339(), "1970-07-01T11:00:00+00:00");
    }

    #[test]
    fn instants_show_as_the_zone_s_clock_time() {
        let zone = Zone::sweden();
        let at = |text: &str| DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc);
        assert_eq!(zone.local(at("2024-01-24T14:00:00Z")).unwrap().to_string(), "2024-01-24 15:00:00");
        assert_eq!(zone.local(at("2024-04-23T13:00:00Z")).unwrap().to_string(), "2024-04-23 15:00:00");
        // Both instants of the repeated autumn hour show as 02.30.
        assert_eq!(zone.local(at("2024-10-27T00:30:00Z")).unwrap().to_string(), "2024-10-27 02:30:00");
        assert_eq!(zone.local(at("2024-10-27T01:30:00Z")).unwrap().to_string(), "2024-10-27 02:30:00");
        let new_york = Zone::named("America/New_York").unwrap();
        assert_eq!(new_york.local(at("2024-07-01T16:00:00Z")).unwrap().to_string(), "2024-07-01 12:00:00");
    }

    #[test]
    fn years_outside_the_database_are_refused_not_guessed() {
        let zone = &Zone::sweden();
        let noon = NaiveTime::from_hms_opt(12, 0, 0).unwrap();
        let far = date(10_000, 1, 1);
        assert!(matches!(zone.instants(far.and_time(noon)), LocalResult::None));
        let error = to_utc("date", far, noon, zone, RepeatedHour::Earlier).unwrap_err();
        assert!(error.to_string().contains("Året 10000"), "{error}");
    }
}
