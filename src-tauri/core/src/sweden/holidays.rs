//! The Swedish working calendar: public holidays computed by rule, de facto days off, klämdagar and weekends.
//!
//! Every holiday is derived from its rule (Easter by the Gregorian computus, midsummer and All
//! Saints as "the Saturday between …"), so the calendar works for any year without a typed-in table.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::time;

/// What kind of day a date is, when it is not an ordinary working day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecialDay {
    /// A public holiday by law (allmän helgdag), with its Swedish name.
    PublicHoliday(&'static str),
    /// Not a holiday by law, but a day when most people are off (midsommarafton, julafton …).
    DayOff(&'static str),
}

impl SpecialDay {
    /// The day's Swedish name ("midsommarafton", "Kristi himmelsfärdsdag").
    pub fn name(self) -> &'static str {
        match self {
            SpecialDay::PublicHoliday(name) | SpecialDay::DayOff(name) => name,
        }
    }
}

/// Easter Sunday of `year` in the Gregorian calendar (the anonymous Gregorian computus, "Meeus/Jones/Butcher").
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    // The computus always yields a day in March or April, so this date exists.
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).unwrap_or(NaiveDate::MIN)
}

/// The first `weekday` on or after `from`.
fn weekday_on_or_after(from: NaiveDate, weekday: Weekday) -> NaiveDate {
    let ahead = (7 + weekday.num_days_from_monday() - from.weekday().num_days_from_monday()) % 7;
    from + Days::new(u64::from(ahead))
}

fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MIN)
}

/// Every public holiday and de facto day off of `year`, in date order.
pub fn special_days(year: i32) -> Vec<(NaiveDate, SpecialDay)> {
    use SpecialDay::{DayOff, PublicHoliday};
    let easter = easter_sunday(year);
    let midsummer_eve = weekday_on_or_after(ymd(year, 6, 19), Weekday::Fri);
    let mut days = vec![
        (ymd(year, 1, 1), PublicHoliday("nyårsdagen")),
        (ymd(year, 1, 6), PublicHoliday("trettondedag jul")),
        (easter - Days::new(2), PublicHoliday("långfredagen")),
        (easter - Days::new(1), DayOff("påskafton")),
        (easter, PublicHoliday("påskdagen")),
        (easter + Days::new(1), PublicHoliday("annandag påsk")),
        (ymd(year, 5, 1), PublicHoliday("första maj")),
        (easter + Days::new(39), PublicHoliday("Kristi himmelsfärdsdag")),
        (easter + Days::new(49), PublicHoliday("pingstdagen")),
        (ymd(year, 6, 6), PublicHoliday("Sveriges nationaldag")),
        (midsummer_eve, DayOff("midsommarafton")),
        (midsummer_eve + Days::new(1), PublicHoliday("midsommardagen")),
        (weekday_on_or_after(ymd(year, 10, 31), Weekday::Sat), PublicHoliday("alla helgons dag")),
        (ymd(year, 12, 24), DayOff("julafton")),
        (ymd(year, 12, 25), PublicHoliday("juldagen")),
        (ymd(year, 12, 26), PublicHoliday("annandag jul")),
        (ymd(year, 12, 31), DayOff("nyårsafton")),
    ];
    days.sort_by_key(|(date, _)| *date);
    days
}

/// The holiday or day off on `date`, if any. A public holiday wins over a day off on the same date.
pub fn special_day(date: NaiveDate) -> Option<SpecialDay> {
    let days = special_days(date.year());
    let on_date = days.iter().filter(|(day, _)| *day == date).map(|(_, kind)| *kind);
    let mut found = None;
    for kind in on_date {
        if matches!(kind, SpecialDay::PublicHoliday(_)) || found.is_none() {
            found = Some(kind);
        }
    }
    found
}

/// Saturday or Sunday.
pub fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// A day most people do not work: a weekend, a public holiday or a de facto day off.
pub fn is_day_off(date: NaiveDate) -> bool {
    is_weekend(date) || special_day(date).is_some()
}

/// If `date` is a klämdag — a working day squeezed between a holiday (or day off) and a weekend,
/// which many take off — the holiday it leans on.
pub fn squeeze_day_next_to(date: NaiveDate) -> Option<SpecialDay> {
    if is_day_off(date) {
        return None;
    }
    let before = date.pred_opt()?;
    let after = date.succ_opt()?;
    if !(is_day_off(before) && is_day_off(after)) {
        return None;
    }
    special_day(before).or_else(|| special_day(after))
}

/// Why a date is a poor day for a meeting, as Swedish sentences (empty for an ordinary working day).
pub fn date_concerns(date: NaiveDate) -> Vec<(DateConcern, String)> {
    let day = capitalised(&time::long_date(date));
    let mut concerns = Vec::new();
    match special_day(date) {
        Some(SpecialDay::PublicHoliday(name)) => {
            concerns.push((DateConcern::PublicHoliday, format!("{day} är {name}, en allmän helgdag.")));
        }
        Some(SpecialDay::DayOff(name)) => {
            concerns.push((DateConcern::DayOff, format!("{day} är {name}, då de flesta är lediga.")));
        }
        None => {}
    }
    if let Some(holiday) = squeeze_day_next_to(date) {
        concerns.push((
            DateConcern::SqueezeDay,
            format!("{day} är en klämdag (intill {}), då många tar ledigt.", holiday.name()),
        ));
    }
    if is_weekend(date) {
        concerns.push((DateConcern::Weekend, format!("{day} är en {}.", time::weekday_name(date.weekday()))));
    }
    concerns
}

/// The kinds of trouble [`date_concerns`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateConcern {
    PublicHoliday,
    DayOff,
    SqueezeDay,
    Weekend,
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn easter_falls_on_the_known_sundays() {
        for (year, month, day) in
            [(2024, 3, 31), (2025, 4, 20), (2026, 4, 5), (2019, 4, 21), (2038, 4, 25), (2008, 3, 23)]
        {
            assert_eq!(easter_sunday(year), date(year, month, day), "Easter {year}");
        }
    }

    #[test]
    fn the_movable_holidays_of_2024_and_2025_are_where_the_almanac_has_them() {
        assert_eq!(special_day(date(2024, 3, 29)), Some(SpecialDay::PublicHoliday("långfredagen")));
        assert_eq!(special_day(date(2024, 3, 30)), Some(SpecialDay::DayOff("påskafton")));
        assert_eq!(special_day(date(2024, 4, 1)), Some(SpecialDay::PublicHoliday("annandag påsk")));
        assert_eq!(special_day(date(2024, 5, 9)), Some(SpecialDay::PublicHoliday("Kristi himmelsfärdsdag")));
        assert_eq!(special_day(date(2025, 5, 29)), Some(SpecialDay::PublicHoliday("Kristi himmelsfärdsdag")));
        assert_eq!(special_day(date(2024, 5, 19)), Some(SpecialDay::PublicHoliday("pingstdagen")));
        assert_eq!(special_day(date(2024, 6, 21)), Some(SpecialDay::DayOff("midsommarafton")));
        assert_eq!(special_day(date(2024, 6, 22)), Some(SpecialDay::PublicHoliday("midsommardagen")));
        assert_eq!(special_day(date(2025, 6, 20)), Some(SpecialDay::DayOff("midsommarafton")));
        assert_eq!(special_day(date(2024, 11, 2)), Some(SpecialDay::PublicHoliday("alla helgons dag")));
        assert_eq!(special_day(date(2025, 11, 1)), Some(SpecialDay::PublicHoliday("alla helgons dag")));
        assert_eq!(special_day(date(2024, 12, 24)), Some(SpecialDay::DayOff("julafton")));
        assert_eq!(special_day(date(2024, 6, 6)), Some(SpecialDay::PublicHoliday("Sveriges nationaldag")));
        assert_eq!(special_day(date(2024, 4, 23)), None);
    }

    #[test]
    fn every_year_has_midsummer_eve_on_a_friday_and_all_saints_on_a_saturday() {
        for year in 2000..2100 {
            let days = special_days(year);
            let eve = days.iter().find(|(_, kind)| kind.name() == "midsommarafton").unwrap().0;
            assert_eq!(eve.weekday(), Weekday::Fri, "{year}");
            assert!((19..=25).contains(&eve.day()) && eve.month() == 6, "{year}: {eve}");
            let saints = days.iter().find(|(_, kind)| kind.name() == "alla helgons dag").unwrap().0;
            assert_eq!(saints.weekday(), Weekday::Sat, "{year}");
            assert!(saints >= date(year, 10, 31) && saints <= date(year, 11, 6), "{year}: {saints}");
            assert_eq!(easter_sunday(year).weekday(), Weekday::Sun, "{year}");
        }
    }

    #[test]
    fn the_friday_after_ascension_is_a_squeeze_day_but_an_ordinary_friday_is_not() {
        assert_eq!(squeeze_day_next_to(date(2025, 5, 30)), Some(SpecialDay::PublicHoliday("Kristi himmelsfärdsdag")));
        assert_eq!(squeeze_day_next_to(date(2025, 5, 23)), None);
        // 2026: nationaldagen is a Saturday, so Friday 5 June is an ordinary working day.
        assert_eq!(squeeze_day_next_to(date(2026, 6, 5)), None);
        // 2024: trettondedag jul on a Saturday; 2027: on a Wednesday, so no squeeze day either side.
        assert_eq!(squeeze_day_next_to(date(2027, 1, 5)), None);
        // 2025: 1 maj is a Thursday, so Friday 2 May is a klämdag.
        assert!(squeeze_day_next_to(date(2025, 5, 2)).is_some());
    }

    #[test]
    fn concerns_are_written_in_swedish() {
        let concerns = date_concerns(date(2024, 6, 21));
        assert_eq!(concerns.len(), 1);
        assert_eq!(concerns[0].1, "Fredag 21 juni 2024 är midsommarafton, då de flesta är lediga.");
        let squeeze = date_concerns(date(2025, 5, 30));
        assert_eq!(squeeze[0].0, DateConcern::SqueezeDay);
        assert!(squeeze[0].1.contains("klämdag"), "{}", squeeze[0].1);
        let saturday = date_concerns(date(2024, 9, 7));
        assert_eq!(saturday, vec![(DateConcern::Weekend, "Lördag 7 september 2024 är en lördag.".to_string())]);
        assert!(date_concerns(date(2024, 4, 23)).is_empty());
    }
}
