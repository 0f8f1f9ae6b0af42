//! The network's settings (one row in `network`): its name, the organizer, meeting defaults, Teams link, zone.
//!
//! All SQL for the `network` table lives here. Values are validated and normalised before saving:
//! times become `HH:MM`, links must be https, the zone must be a known IANA zone.

use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::store::clock::now_timestamp;
use crate::sweden::time::{clock, parse_clock_time, parse_time_zone};
use crate::sweden::validate;

/// The longest reminder the app accepts: one week, in minutes.
pub const MAX_REMINDER_MINUTES: u32 = 7 * 24 * 60;

/// Longest network and organizer name (characters).
pub const NAME_MAX_CHARS: usize = 120;

/// The network's settings as the UI edits them and the CLI shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkSettings {
    pub network_name: String,
    pub organizer_name: String,
    /// Empty until a host fills it in; invitations need it.
    pub organizer_email: String,
    /// Default start of a new meeting, `HH:MM`.
    pub default_start: String,
    /// Default end of a new meeting, `HH:MM`.
    pub default_end: String,
    /// Default Teams join link for new meetings; empty when there is none.
    pub teams_url: String,
    /// IANA zone the network meets in.
    pub time_zone: String,
    /// Minutes before a meeting that calendar invitations remind; 0 means no reminder.
    pub reminder_minutes: u32,
}

/// The settings one can change by name with `natverk settings set KEY VALUE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingKey {
    NetworkName,
    OrganizerName,
    OrganizerEmail,
    DefaultStart,
    DefaultEnd,
    TeamsUrl,
    TimeZone,
    ReminderMinutes,
}

impl SettingKey {
    pub const ALL: [SettingKey; 8] = [
        SettingKey::NetworkName,
        SettingKey::OrganizerName,
        SettingKey::OrganizerEmail,
        SettingKey::DefaultStart,
        SettingKey::DefaultEnd,
        SettingKey::TeamsUrl,
        SettingKey::TimeZone,
        SettingKey::ReminderMinutes,
    ];

    /// The name used on the command line.
    pub fn cli_name(self) -> &'static str {
        match self {
            SettingKey::NetworkName => "network-name",
            SettingKey::OrganizerName => "organizer-name",
            SettingKey::OrganizerEmail => "organizer-email",
            SettingKey::DefaultStart => "default-start",
            SettingKey::DefaultEnd => "default-end",
            SettingKey::TeamsUrl => "teams-url",
            SettingKey::TimeZone => "time-zone",
            SettingKey::ReminderMinutes => "reminder-minutes",
        }
    }

    /// The Swedish label shown next to the value.
    pub fn label(self) -> &'static str {
        match self {
            SettingKey::NetworkName => "Nätverkets namn",
            SettingKey::OrganizerName => "Arrangör",
            SettingKey::OrganizerEmail => "Arrangörens e-post",
            SettingKey::DefaultStart => "Standardstart",
            SettingKey::DefaultEnd => "Standardslut",
            SettingKey::TeamsUrl => "Teams-länk",
            SettingKey::TimeZone => "Tidszon",
            SettingKey::ReminderMinutes => "Påminnelse (minuter före)",
        }
    }

    /// Finds a key by its command-line name.
    pub fn from_cli_name(name: &str) -> Result<Self> {
        SettingKey::ALL.into_iter().find(|key| key.cli_name() == name.trim()).ok_or_else(|| {
            let names: Vec<&str> = SettingKey::ALL.iter().map(|k| k.cli_name()).collect();
            Error::invalid("key", format!("Okänd inställning ”{}”. Giltiga namn: {}.", name.trim(), names.join(", ")))
        })
    }

    /// The current value as text.
    pub fn value_of(self, settings: &NetworkSettings) -> String {
        match self {
            SettingKey::NetworkName => settings.network_name.clone(),
            SettingKey::OrganizerName => settings.organizer_name.clone(),
            SettingKey::OrganizerEmail => settings.organizer_email.clone(),
            SettingKey::DefaultStart => settings.default_start.clone(),
            SettingKey::DefaultEnd => settings.default_end.clone(),
            SettingKey::TeamsUrl => settings.teams_url.clone(),
            SettingKey::TimeZone => settings.time_zone.clone(),
            SettingKey::ReminderMinutes => settings.reminder_minutes.to_string(),
        }
    }
}

impl NetworkSettings {
    /// Checks every field and returns the normalised settings, or the first problem found.
    pub fn validated(&self) -> Result<NetworkSettings> {
        let start = parse_clock_time("default_start", &self.default_start)?;
        let end = parse_clock_time("default_end", &self.default_end)?;
        if end <= start {
            return Err(Error::invalid(
                "default_end",
                format!("Standardslutet ({}) måste vara senare än standardstarten ({}).", clock(end), clock(start)),
            ));
        }
        if self.reminder_minutes > MAX_REMINDER_MINUTES {
            return Err(Error::invalid(
                "reminder_minutes",
                format!("Påminnelsen kan vara högst {MAX_REMINDER_MINUTES} minuter (en vecka) före träffen."),
            ));
        }
        Ok(NetworkSettings {
            network_name: validate::required_text(
                "network_name",
                "Nätverkets namn",
                &self.network_name,
                NAME_MAX_CHARS,
            )?,
            organizer_name: validate::required_text(
                "organizer_name",
                "Arrangörens namn",
                &self.organizer_name,
                NAME_MAX_CHARS,
            )?,
            organizer_email: validate::optional_email("organizer_email", &self.organizer_email)?,
            default_start: start.format("%H:%M").to_string(),
            default_end: end.format("%H:%M").to_string(),
            teams_url: validate::optional_https_url("teams_url", "Teams-länken", &self.teams_url)?,
            time_zone: parse_time_zone("time_zone", &self.time_zone)?.name().to_string(),
            reminder_minutes: self.reminder_minutes,
        })
    }

    /// A copy with one setting changed from text, as `natverk settings set` does.
    pub fn with_value(&self, key: SettingKey, value: &str) -> Result<NetworkSettings> {
        let mut changed = self.clone();
        match key {
            SettingKey::NetworkName => changed.network_name = value.to_string(),
            SettingKey::OrganizerName => changed.organizer_name = value.to_string(),
            SettingKey::OrganizerEmail => changed.organizer_email = value.to_string(),
            SettingKey::DefaultStart => changed.default_start = value.to_string(),
            SettingKey::DefaultEnd => changed.default_end = value.to_string(),
            SettingKey::TeamsUrl => changed.teams_url = value.to_string(),
            SettingKey::TimeZone => changed.time_zone = value.to_string(),
            SettingKey::ReminderMinutes => {
                changed.reminder_minutes = value.trim().parse().map_err(|_| {
                    Error::invalid(
                        "reminder_minutes",
                        format!("”{}” är inget antal minuter. Skriv ett heltal, till exempel 15.", value.trim()),
                    )
                })?
            }
        }
        Ok(changed)
    }
}

/// The network's current settings.
pub fn load(conn: &Connection) -> Result<NetworkSettings> {
    conn.query_row(
        "SELECT name, organizer_name, organizer_email, default_start, default_end, teams_url, time_zone, reminder_minutes
         FROM network WHERE singleton = 1",
        [],
        |row| {
            Ok(NetworkSettings {
                network_name: row.get(0)?,
                organizer_name: row.get(1)?,
                organizer_email: row.get(2)?,
                default_start: row.get(3)?,
                default_end: row.get(4)?,
                teams_url: row.get(5)?,
                time_zone: row.get(6)?,
                reminder_minutes: row.get(7)?,
            })
        },
    )
    .optional()?
    .ok_or(Error::NotFound {
        what: "Nätverkets inställningar",
        id: "network".into(),
    })
}

/// Validates and saves the settings; returns them as stored. Invalid input writes nothing.
pub fn save(tx: &Transaction, settings: &NetworkSettings) -> Result<NetworkSettings> {
    let valid = settings.validated()?;
    tx.execute(
        "UPDATE network SET name = ?1, organizer_name = ?2, organizer_email = ?3, default_start = ?4,
             default_end = ?5, teams_url = ?6, time_zone = ?7, reminder_minutes = ?8, updated_at = ?9
         WHERE singleton = 1",
        rusqlite::params![
            valid.network_name,
            valid.organizer_name,
            valid.organizer_email,
            valid.default_start,
            valid.default_end,
            valid.teams_url,
            valid.time_zone,
            valid.reminder_minutes,
            now_timestamp()
        ],
    )?;
    Ok(valid)
}

/// The network's id and name, as bundles name the network they belong to.
pub(crate) fn network_identity(conn: &Connection) -> Result<(String, String)> {
    Ok(conn.query_row("SELECT id, name FROM network WHERE singleton = 1", [], |row| Ok((row.get(0)?, row.get(1)?)))?)
}
