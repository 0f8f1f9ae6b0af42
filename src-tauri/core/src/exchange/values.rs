//! Every incoming value checked by the rules the UI and CLI use: texts and their lengths, dates,
//! clock times, time zones, e-mail, https links, enumerations, ids and child lists.
//!
//! A record that breaks a rule is skipped with a Swedish reason and never stored; the rest of the
//! file still imports. The times that order versions are checked in `merge` (against the clock).

use serde_json::Value;

use super::format::Record;
use crate::examples::{example, themes};
use crate::medskick::item as medskick;
use crate::meetings::{meeting, presentations};
use crate::members::member;
use crate::proposals::proposal;
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
/// The sharing levels (`crate::sharing::Sharing`): who may read an example, a medskick, an assessment.
const SHARING: &[&str] = &["network", "open"];
const MEDSKICK_STATUS: &[&str] = &["new", "gathering", "delivered", "answered", "closed"];
const MEDSKICK_ADDRESSEE: &[&str] = &["fss", "skr", "government", "socialstyrelsen", "other"];
const PROPOSAL_STATUS: &[&str] = &["watching", "remiss", "decided", "in_force", "closed"];

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
            ("sharing", OneOf(SHARING)),
            ("origin_installation_id", OptionalId),
        ],
        "medskick" => vec![
            ("id", Id),
            ("title", Required(medskick::TITLE_MAX_CHARS)),
            ("description", Text(medskick::DESCRIPTION_MAX_CHARS)),
            ("raised_by_member_id", OptionalId),
            ("municipality_code", OptionalMunicipality),
            ("meeting_id", OptionalId),
            ("addressee", OneOf(MEDSKICK_ADDRESSEE)),
            ("status", OneOf(MEDSKICK_STATUS)),
            ("delivered_on", OptionalDate),
            ("answered_on", OptionalDate),
            ("closed_on", OptionalDate),
            ("answer", Text(medskick::ANSWER_MAX_CHARS)),
            ("sharing", OneOf(SHARING)),
            ("origin_installation_id", OptionalId),
        ],
        "proposals" => vec![
            ("id", Id),
            ("title", Required(proposal::TITLE_MAX_CHARS)),
            ("reference", Text(proposal::REFERENCE_MAX_CHARS)),
            ("responsible_body", Text(proposal::BODY_MAX_CHARS)),
            ("published_on", OptionalDate),
            ("remiss_deadline", OptionalDate),
            ("decision_on", OptionalDate),
            ("in_force_on", OptionalDate),
            ("summary", Text(proposal::SUMMARY_MAX_CHARS)),
            ("assessment", Text(proposal::ASSESSMENT_MAX_CHARS)),
            ("assessment_sharing", OneOf(SHARING)),
            ("status", OneOf(PROPOSAL_STATUS)),
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

/// The most children a record may carry in a list: (entity, field, most, what people are told).
const MOST_CHILDREN: &[(&str, &str, usize, &str)] = &[
    ("examples", "municipalities", 290, "Exemplet har fler kommuner än Sverige har."),
    ("examples", "themes", 100, "Exemplet har för många teman."),
    ("examples", "links", example::MAX_LINKS, "Exemplet har för många länkar."),
    ("meetings", "hosts", 50, "Träffen har för många värdar."),
    ("medskick", "themes", medskick::MAX_THEMES, "Medskicket har för många teman."),
    ("medskick", "examples", medskick::MAX_EXAMPLES, "Medskicket pekar på för många exempel."),
    ("proposals", "links", proposal::MAX_LINKS, "Förslaget har för många länkar."),
    ("proposals", "medskick", proposal::MAX_RELATED, "Förslaget har för många kopplade medskick."),
    ("proposals", "examples", proposal::MAX_RELATED, "Förslaget har för många kopplade exempel."),
];

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

fn check_children(entity: &str, record: &Record) -> Result<(), String> {
    for (owner, field, most, too_many) in MOST_CHILDREN {
        if *owner != entity {
            continue;
        }
        let Some(items) = record.get(*field).and_then(Value::as_array) else { continue };
        if items.len() > *most {
            return Err((*too_many).to_string());
        }
        for item in items {
            match *field {
                "municipalities" => check(field, Rule::OptionalMunicipality, item)?,
                "links" => {
                    let label_max = if entity == "proposals" {
                        proposal::LINK_LABEL_MAX_CHARS
                    } else {
                        example::LINK_LABEL_MAX_CHARS
                    };
                    let parts = item.as_array().filter(|parts| parts.len() == 3).ok_or("En länk har fel form.")?;
                    check("links", Rule::Count(*most as u64), &parts[0])?;
                    validate::https_url("x", "Länken", parts[1].as_str().unwrap_or_default())
                        .map_err(|_| "En länk är ingen https-länk.".to_string())?;
                    check("links", Rule::Text(label_max), &parts[2])?;
                }
                _ => check(field, Rule::Id, item)?,
            }
        }
    }
    Ok(())
}

/// The rules between a record's fields that the domain's own forms hold to.
fn check_together(entity: &str, record: &Record) -> Result<(), String> {
    let text = |column: &str| record.get(column).and_then(Value::as_str).unwrap_or_default();
    let date = |column: &str| record.get(column).and_then(Value::as_str).filter(|date| !date.is_empty());
    match entity {
        "medskick" if text("status") == "answered" && text("answer").trim().is_empty() => {
            Err("Ett besvarat medskick saknar svaret.".into())
        }
        "proposals" => {
            if let (Some(published), Some(deadline)) = (date("published_on"), date("remiss_deadline")) {
                if deadline < published {
                    return Err("Remisstiden går ut innan förslaget publicerades.".into());
                }
            }
            if let (Some(decision), Some(in_force)) = (date("decision_on"), date("in_force_on")) {
                if in_force < decision {
                    return Err("Förslaget träder i kraft före beslutet.".into());
                }
            }
            Ok(())
        }
        _ => Ok(()),
    }
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
    check_children(entity, record).err().or_else(|| check_together(entity, record).err())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples::Stage;
    use crate::medskick::{Addressee, Status as MedskickStatus};
    use crate::meetings::attendance::AttendanceStatus;
    use crate::meetings::{MeetingStatus, NotesStatus};
    use crate::members::{MemberStatus, NetworkRole};
    use crate::proposals::proposal::Status as ProposalStatus;
    use crate::sharing::Sharing;

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
        assert_eq!(listed("examples", "sharing"), codes(Sharing::ALL, Sharing::code));
        assert_eq!(listed("medskick", "sharing"), codes(Sharing::ALL, Sharing::code));
        assert_eq!(listed("proposals", "assessment_sharing"), codes(Sharing::ALL, Sharing::code));
        assert_eq!(listed("medskick", "status"), codes(MedskickStatus::ALL, MedskickStatus::code));
        assert_eq!(listed("medskick", "addressee"), codes(Addressee::ALL, Addressee::code));
        assert_eq!(listed("proposals", "status"), codes(ProposalStatus::ALL, ProposalStatus::code));
    }
}
