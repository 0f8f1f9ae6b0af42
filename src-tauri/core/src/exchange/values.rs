//! Every incoming value checked by the rules the UI and CLI use: texts and their lengths, dates,
//! clock times, time zones, e-mail, https links, enumerations, ids and child lists.
//!
//! A record that breaks a rule is skipped with a Swedish reason and never stored; the rest of the
//! file still imports. The times that order versions are checked in `merge` (against the clock).

use serde_json::Value;

use super::format::Record;
use crate::examples::{example, themes};
use crate::meetings::{meeting, presentations};
use crate::members::member;
use crate::settings::{self, MAX_REMINDER_MINUTES};
use crate::sweden::{time, validate};

/// How a column's value must look.
#[derive(Clone, Copy)]
enum Rule {
    /// Text that must not be empty, at most this many characters.
    Required(usize),
    /// Text, possibly empty, at most this many characters.
    Text(usize),
    /// An e-mail address; `null` only when the column may be null.
    Email {
        nullable: bool,
    },
    /// An https link, or empty.
    HttpsOrEmpty,
    Date,
    OptionalDate,
    Clock,
    Zone,
    /// One of these codes.
    OneOf(&'static [&'static str]),
    /// `0`/`1` or `true`/`false`.
    Flag,
    /// A whole number from 0 up to this.
    Count(u64),
    /// A record id: 1 to 64 characters without `/` (it joins composite keys) or control characters.
    Id,
    /// An id or `null`.
    OptionalId,
    /// A UTC time in RFC 3339 (a meeting's start and end).
    Instant,
    /// A municipality's four-digit SCB code, or `null`.
    OptionalMunicipality,
}

const REPEATED_HOUR: &[&str] = &["earlier", "later"];

/// The columns checked for each entity (time columns are checked by the merge).
fn rules(entity: &str) -> Vec<(&'static str, Rule)> {
    use Rule::*;
    match entity {
        "network" => vec![
            ("id", Id),
            ("short_name", Text(40)),
            ("organizer_name", Required(settings::NAME_MAX_CHARS)),
            ("organizer_email", Email { nullable: false }),
            ("default_start", Clock),
            ("default_end", Clock),
            ("teams_url", HttpsOrEmpty),
            ("time_zone", Zone),
            ("reminder_minutes", Count(u64::from(MAX_REMINDER_MINUTES))),
        ],
        "themes" => vec![
            ("id", Id),
            ("name", Required(themes::NAME_MAX_CHARS)),
            ("description", Text(themes::DESCRIPTION_MAX_CHARS)),
        ],
        "members" => vec![
            ("id", Id),
            ("name", Required(member::NAME_MAX_CHARS)),
            ("title", Text(member::TITLE_MAX_CHARS)),
            ("municipality_code", OptionalMunicipality),
            ("email", Email { nullable: true }),
            ("phone", Text(member::PHONE_MAX_CHARS)),
            ("fss_member", Flag),
            ("fss_verified_on", OptionalDate),
            ("network_role", OneOf(&["host", "member"])),
            ("status", OneOf(&["active", "left", "interested"])),
            ("joined_on", OptionalDate),
        ],
        "meetings" => vec![
            ("id", Id),
            ("ical_uid", Required(255)),
            ("title", Required(meeting::TITLE_MAX_CHARS)),
            ("local_date", Date),
            ("start_time", Clock),
            ("end_time", Clock),
            ("time_zone", Zone),
            ("repeated_hour", OneOf(REPEATED_HOUR)),
            ("start_utc", Instant),
            ("end_utc", Instant),
            ("teams_url", HttpsOrEmpty),
            ("agenda", Text(meeting::AGENDA_MAX_CHARS)),
            ("focus", Text(meeting::FOCUS_MAX_CHARS)),
            ("notes", Text(meeting::NOTES_MAX_CHARS)),
            ("notes_status", OneOf(&["draft", "final"])),
            ("status", OneOf(&["scheduled", "cancelled"])),
            ("cancel_reason", Text(meeting::CANCEL_REASON_MAX_CHARS)),
            ("sequence", Count(1_000_000)),
        ],
        "examples" => vec![
            ("id", Id),
            ("title", Required(example::TITLE_MAX_CHARS)),
            ("summary", Text(example::SUMMARY_MAX_CHARS)),
            ("body", Text(example::BODY_MAX_CHARS)),
            ("contact_member_id", OptionalId),
            ("stage", OneOf(&["idea", "planned", "implemented", "evaluated"])),
            ("started_on", OptionalDate),
            ("evaluation", Text(example::EVALUATION_MAX_CHARS)),
            ("origin_installation_id", OptionalId),
        ],
        "presentations" => vec![
            ("id", Id),
            ("meeting_id", Id),
            ("example_id", OptionalId),
            ("member_id", OptionalId),
            ("municipality_code", OptionalMunicipality),
            ("note", Text(presentations::NOTE_MAX_CHARS)),
        ],
        "attendance" => {
            vec![("meeting_id", Id), ("member_id", Id), ("status", OneOf(&["present", "absent", "excused"]))]
        }
        _ => Vec::new(),
    }
}

/// The most children a record may carry in each list.
const MOST_MUNICIPALITIES: usize = 290;
const MOST_THEMES: usize = 100;
const MOST_LINKS: usize = example::MAX_LINKS;
const MOST_HOSTS: usize = 50;

fn check(column: &str, rule: Rule, value: &Value) -> Result<(), String> {
    let bad = || format!("Fältet {column} har ett ogiltigt värde.");
    let text = || value.as_str().ok_or_else(bad);
    let too_long = |max: usize| format!("Fältet {column} är längre än {max} tecken.");
    match rule {
        Rule::Required(max) => {
            let value = text()?;
            if value.trim().is_empty() {
                return Err(format!("Fältet {column} är tomt."));
            }
            validate::optional_text("x", column, value, max).map_err(|_| too_long(max)).map(drop)
        }
        Rule::Text(max) => validate::optional_text("x", column, text()?, max).map_err(|_| too_long(max)).map(drop),
        Rule::Email { nullable } => match value {
            Value::Null if nullable => Ok(()),
            _ => validate::optional_email("x", text()?)
                .map(drop)
                .map_err(|_| format!("Fältet {column} är ingen e-postadress.")),
        },
        Rule::HttpsOrEmpty => validate::optional_https_url("x", column, text()?)
            .map(drop)
            .map_err(|_| format!("Fältet {column} är ingen https-länk.")),
        Rule::Date => time::parse_date("x", text()?).map(drop).map_err(|_| format!("Fältet {column} är inget datum.")),
        Rule::OptionalDate => match value {
            Value::Null => Ok(()),
            _ => time::parse_date("x", text()?).map(drop).map_err(|_| format!("Fältet {column} är inget datum.")),
        },
        Rule::Clock => {
            time::parse_clock_time("x", text()?).map(drop).map_err(|_| format!("Fältet {column} är ingen klockslag."))
        }
        Rule::Zone => {
            time::parse_time_zone("x", text()?).map(drop).map_err(|_| format!("Fältet {column} är ingen känd tidszon."))
        }
        Rule::OneOf(allowed) => {
            if allowed.contains(&text()?) {
                Ok(())
            } else {
                Err(format!("Fältet {column} har ett okänt värde."))
            }
        }
        Rule::Flag => match value {
            Value::Bool(_) => Ok(()),
            Value::Number(n) if n.as_u64().is_some_and(|n| n <= 1) => Ok(()),
            _ => Err(bad()),
        },
        Rule::Count(max) => match value.as_u64() {
            Some(n) if n <= max => Ok(()),
            _ => Err(bad()),
        },
        Rule::Id => {
            let id = text()?;
            if id.is_empty() || id.chars().count() > 64 || id.contains('/') || id.chars().any(char::is_control) {
                Err(format!("Fältet {column} är inget giltigt id."))
            } else {
                Ok(())
            }
        }
        Rule::OptionalId => match value {
            Value::Null => Ok(()),
            _ => check(column, Rule::Id, value),
        },
        Rule::Instant => chrono::DateTime::parse_from_rfc3339(text()?).map(drop).map_err(|_| bad()),
        Rule::OptionalMunicipality => match value {
            Value::Null => Ok(()),
            _ => {
                let code = text()?;
                if code.len() == 4 && code.bytes().all(|b| b.is_ascii_digit()) {
                    Ok(())
                } else {
                    Err(format!("Fältet {column} är ingen kommunkod."))
                }
            }
        },
    }
}

fn check_children(record: &Record) -> Result<(), String> {
    let list = |field: &str| record.get(field).and_then(Value::as_array);
    if let Some(items) = list("municipalities") {
        if items.len() > MOST_MUNICIPALITIES {
            return Err("Exemplet har fler kommuner än Sverige har.".into());
        }
        for item in items {
            check("municipalities", Rule::OptionalMunicipality, item)?;
        }
    }
    if let Some(items) = list("themes") {
        if items.len() > MOST_THEMES {
            return Err(format!("Exemplet har fler än {MOST_THEMES} teman."));
        }
        for item in items {
            check("themes", Rule::Id, item)?;
        }
    }
    if let Some(items) = list("hosts") {
        if items.len() > MOST_HOSTS {
            return Err(format!("Träffen har fler än {MOST_HOSTS} värdar."));
        }
        for item in items {
            check("hosts", Rule::Id, item)?;
        }
    }
    if let Some(items) = list("links") {
        if items.len() > MOST_LINKS {
            return Err(format!("Exemplet har fler än {MOST_LINKS} länkar."));
        }
        for item in items {
            let parts = item.as_array().filter(|parts| parts.len() == 3).ok_or("En länk har fel form.")?;
            check("links", Rule::Count(MOST_LINKS as u64), &parts[0])?;
            validate::https_url("x", "Länken", parts[1].as_str().unwrap_or_default())
                .map_err(|_| "En länk i exemplet är ingen https-länk.".to_string())?;
            check("links", Rule::Text(example::LINK_LABEL_MAX_CHARS), &parts[2])?;
        }
    }
    Ok(())
}

/// Why a deletion's key may not be used for `entity` (whose key has `key_columns` parts joined by
/// `/`), or `None` when it is a well-formed key.
pub(crate) fn invalid_key(key: &str, key_columns: usize) -> Option<String> {
    let parts: Vec<&str> = key.split('/').collect();
    if parts.len() != key_columns || parts.iter().any(|part| check("id", Rule::Id, &Value::from(*part)).is_err()) {
        return Some("Borttagningen gäller en post med ett ogiltigt id.".into());
    }
    None
}

/// Why `record` of `entity` may not be stored, or `None` when every value follows the rules.
pub(crate) fn invalid_value(entity: &str, record: &Record) -> Option<String> {
    for (column, rule) in rules(entity) {
        if let Some(value) = record.get(column) {
            if let Err(reason) = check(column, rule, value) {
                return Some(reason);
            }
        }
    }
    check_children(record).err()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples::Stage;
    use crate::meetings::attendance::AttendanceStatus;
    use crate::meetings::{MeetingStatus, NotesStatus};
    use crate::members::{MemberStatus, NetworkRole};

    fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> Vec<&'static str> {
        all.iter().copied().map(code).collect()
    }

    /// The enumerations' codes here are the ones the domains store.
    #[test]
    fn the_codes_checked_are_the_domains_codes() {
        let listed = |entity: &str, column: &str| -> Vec<&'static str> {
            rules(entity)
                .into_iter()
                .find_map(|(c, rule)| match rule {
                    Rule::OneOf(allowed) if c == column => Some(allowed.to_vec()),
                    _ => None,
                })
                .unwrap_or_default()
        };
        assert_eq!(listed("members", "network_role"), codes(NetworkRole::ALL, NetworkRole::code));
        assert_eq!(listed("members", "status"), codes(MemberStatus::ALL, MemberStatus::code));
        assert_eq!(listed("meetings", "status"), codes(MeetingStatus::ALL, MeetingStatus::code));
        assert_eq!(listed("meetings", "notes_status"), codes(NotesStatus::ALL, NotesStatus::code));
        assert_eq!(listed("examples", "stage"), codes(Stage::ALL, Stage::code));
        assert_eq!(listed("attendance", "status"), codes(AttendanceStatus::ALL, AttendanceStatus::code));
    }
}
