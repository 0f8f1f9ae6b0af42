//! Meeting series: sessions from a rule ("var fjärde tisdag", "sista tisdagen i månaden") or a list
//! of dates, previewed with warnings and then created as independent meetings in one transaction.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use rusqlite::{Connection, Transaction};
use serde::{Deserialize, Serialize};

use super::meeting::MeetingInput;
use super::schedule::{self, Scheduled, SchedulingWarning};
use crate::error::{Error, Result};

use crate::sweden::time::{self, parse_date, RepeatedHour};

/// Most sessions one series may create: two years of monthly meetings, a year of weekly ones.
pub const MAX_SESSIONS: usize = 52;

/// How the dates of a series are chosen.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SeriesRule {
    /// Every `interval_weeks` weeks from `start` (same weekday), `count` sessions: "var fjärde tisdag".
    EveryNWeeks { start: String, interval_weeks: u32, count: u32 },
    /// The last `weekday` of each month from the month of `start` (not before `start`),
    /// `count` sessions or up to and including `until`: "sista tisdagen i månaden".
    LastWeekdayOfMonth {
        start: String,
        weekday: String,
        #[serde(default)]
        count: Option<u32>,
        #[serde(default)]
        until: String,
    },
    /// Exactly these dates (`YYYY-MM-DD`), in any order.
    Dates { dates: Vec<String> },
}

/// A series as the host fills it in: the rule, and what every session has in common.
#[derive(Debug, Clone, Deserialize)]
pub struct SeriesInput {
    pub rule: SeriesRule,
    #[serde(default)]
    pub title: String,
    /// Empty start, end and zone come from the network's settings.
    #[serde(default)]
    pub start: String,
    #[serde(default)]
    pub end: String,
    #[serde(default)]
    pub time_zone: String,
    #[serde(default)]
    pub teams_url: String,
    #[serde(default)]
    pub agenda: String,
}

/// One session of a previewed series.
#[derive(Debug, Clone, Serialize)]
pub struct SeriesSession {
    pub date: NaiveDate,
    pub when_label: String,
    pub warnings: Vec<SchedulingWarning>,
}

/// Reads a weekday in Swedish ("tisdag") or English ("tuesday").
pub(crate) fn parse_weekday(field: &'static str, text: &str) -> Result<Weekday> {
    let wanted = text.trim().to_lowercase();
    let found = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun]
        .into_iter()
        .find(|day| time::weekday_name(*day) == wanted || wanted.parse::<Weekday>().ok() == Some(*day));
    found.ok_or_else(|| {
        Error::invalid(field, format!("”{}” är ingen veckodag. Skriv till exempel tisdag.", text.trim()))
    })
}

fn check_count(count: u32) -> Result<usize> {
    let count = count as usize;
    if count == 0 || count > MAX_SESSIONS {
        return Err(Error::invalid("count", format!("Antalet träffar ska vara mellan 1 och {MAX_SESSIONS}.")));
    }
    Ok(count)
}

/// The last `weekday` of the month that `day` is in.
fn last_weekday_of_month(day: NaiveDate, weekday: Weekday) -> Option<NaiveDate> {
    let first_of_next = NaiveDate::from_ymd_opt(day.year(), day.month(), 1)?.checked_add_months(Months::new(1))?;
    let last = first_of_next.pred_opt()?;
    let back = (7 + last.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
    last.checked_sub_days(Days::new(u64::from(back)))
}

/// The dates a rule gives, earliest first.
pub fn dates(rule: &SeriesRule) -> Result<Vec<NaiveDate>> {
    let too_far = || Error::invalid("start", "Datumen hamnar utanför kalendern. Välj ett annat startdatum.");
    match rule {
        SeriesRule::EveryNWeeks { start, interval_weeks, count } => {
            let start = parse_date("start_date", start)?;
            if !(1..=12).contains(interval_weeks) {
                return Err(Error::invalid("interval_weeks", "Intervallet ska vara mellan 1 och 12 veckor."));
            }
            let count = check_count(*count)?;
            (0..count)
                .map(|n| {
                    start.checked_add_days(Days::new(7 * u64::from(*interval_weeks) * n as u64)).ok_or_else(too_far)
                })
                .collect()
        }
        SeriesRule::LastWeekdayOfMonth { start, weekday, count, until } => {
            let start = parse_date("start_date", start)?;
            let weekday = parse_weekday("weekday", weekday)?;
            let until = if until.trim().is_empty() { None } else { Some(parse_date("until", until)?) };
            let wanted = match (count, until) {
                (Some(count), _) => check_count(*count)?,
                // One more than allowed, to notice an end date too far away.
                (None, Some(_)) => MAX_SESSIONS + 1,
                (None, None) => {
                    return Err(Error::invalid("count", "Ange hur många träffar serien ska ha, eller ett slutdatum."));
                }
            };
            if until.is_some_and(|until| until < start) {
                return Err(Error::invalid("until", "Slutdatumet måste vara efter startdatumet."));
            }
            let mut found = Vec::new();
            let mut month = start.with_day(1).ok_or_else(too_far)?;
            while found.len() < wanted {
                let day = last_weekday_of_month(month, weekday).ok_or_else(too_far)?;
                if until.is_some_and(|until| day > until) {
                    break;
                }
                if day >= start {
                    found.push(day);
                }
                month = month.checked_add_months(Months::new(1)).ok_or_else(too_far)?;
            }
            if found.len() > MAX_SESSIONS {
                return Err(Error::invalid(
                    "until",
                    format!("En serie kan ha högst {MAX_SESSIONS} träffar. Välj ett tidigare slutdatum."),
                ));
            }
            if found.is_empty() {
                return Err(Error::invalid("until", "Ingen träff ryms mellan startdatumet och slutdatumet."));
            }
            Ok(found)
        }
        SeriesRule::Dates { dates } => {
            let mut parsed = Vec::new();
            for text in dates.iter().map(|d| d.trim()).filter(|d| !d.is_empty()) {
                let date = parse_date("dates", text)?;
                if parsed.contains(&date) {
                    return Err(Error::invalid("dates", format!("Datumet {text} står med två gånger.")));
                }
                parsed.push(date);
            }
            if parsed.is_empty() {
                return Err(Error::invalid("dates", "Skriv minst ett datum, till exempel 2024-09-03."));
            }
            if parsed.len() > MAX_SESSIONS {
                return Err(Error::invalid("dates", format!("En serie kan ha högst {MAX_SESSIONS} träffar.")));
            }
            parsed.sort();
            Ok(parsed)
        }
    }
}

fn session_input(input: &SeriesInput, date: NaiveDate) -> MeetingInput {
    MeetingInput {
        title: input.title.clone(),
        date: date.format("%Y-%m-%d").to_string(),
        start: input.start.clone(),
        end: input.end.clone(),
        time_zone: input.time_zone.clone(),
        repeated_hour: RepeatedHour::Earlier,
        teams_url: input.teams_url.clone(),
        agenda: input.agenda.clone(),
    }
}

/// The sessions a series would create, each with its warnings; nothing is saved.
/// An invalid session (a time in the DST gap on one date) refuses the whole series.
pub fn preview(conn: &Connection, input: &SeriesInput) -> Result<Vec<SeriesSession>> {
    dates(&input.rule)?
        .into_iter()
        .map(|date| {
            let session = session_input(input, date);
            let warnings = schedule::check(conn, &session, None)?;
            let network = crate::settings::load(conn)?;
            let start = if session.start.trim().is_empty() { network.default_start } else { session.start };
            let end = if session.end.trim().is_empty() { network.default_end } else { session.end };
            Ok(SeriesSession {
                date,
                when_label: time::long_date_and_time(
                    date,
                    time::parse_clock_time("start", &start)?,
                    time::parse_clock_time("end", &end)?,
                ),
                warnings,
            })
        })
        .collect()
}

/// Creates every session as its own meeting; if one session is invalid, the caller's transaction
/// fails and none is created.
pub fn create(tx: &Transaction, input: &SeriesInput) -> Result<Vec<Scheduled>> {
    dates(&input.rule)?.into_iter().map(|date| schedule::schedule(tx, &session_input(input, date), &[])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn every_fourth_tuesday_from_3_september_2024() {
        let rule = SeriesRule::EveryNWeeks { start: "2024-09-03".into(), interval_weeks: 4, count: 5 };
        assert_eq!(
            dates(&rule).unwrap(),
            vec![date(2024, 9, 3), date(2024, 10, 1), date(2024, 10, 29), date(2024, 11, 26), date(2024, 12, 24)]
        );
    }

    #[test]
    fn the_last_tuesday_of_each_month() {
        let rule = SeriesRule::LastWeekdayOfMonth {
            start: "2024-09-01".into(),
            weekday: "tisdag".into(),
            count: Some(4),
            until: String::new(),
        };
        assert_eq!(
            dates(&rule).unwrap(),
            vec![date(2024, 9, 24), date(2024, 10, 29), date(2024, 11, 26), date(2024, 12, 31)]
        );
        let until = SeriesRule::LastWeekdayOfMonth {
            start: "2024-09-25".into(),
            weekday: "tuesday".into(),
            count: None,
            until: "2024-11-30".into(),
        };
        assert_eq!(dates(&until).unwrap(), vec![date(2024, 10, 29), date(2024, 11, 26)]);
    }

    #[test]
    fn bad_rules_are_refused_with_the_field_named() {
        let zero = SeriesRule::EveryNWeeks { start: "2024-09-03".into(), interval_weeks: 4, count: 0 };
        assert_eq!(dates(&zero).unwrap_err().field(), Some("count"));
        let twice = SeriesRule::Dates { dates: vec!["2024-09-03".into(), "2024-09-03".into()] };
        assert_eq!(dates(&twice).unwrap_err().field(), Some("dates"));
        let no_end = SeriesRule::LastWeekdayOfMonth {
            start: "2024-09-01".into(),
            weekday: "tisdag".into(),
            count: None,
            until: String::new(),
        };
        assert_eq!(dates(&no_end).unwrap_err().field(), Some("count"));
        let bad_day = SeriesRule::LastWeekdayOfMonth {
            start: "2024-09-01".into(),
            weekday: "tisdan".into(),
            count: Some(2),
            until: String::new(),
        };
        assert_eq!(dates(&bad_day).unwrap_err().field(), Some("weekday"));
    }
}
