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

// ---------------------------------------------------------------------------------------------
// The SMTP server invitations are sent through (`smtp_settings`). Its password is never stored
// here: see `calendar::smtp` for the keyring.
// ---------------------------------------------------------------------------------------------

crate::text_enum! {
    /// How the connection to the SMTP server is protected.
    pub enum SmtpSecurity ("anslutningsskydd") {
        StartTls => ("starttls", "STARTTLS (oftast port 587)"),
        Tls => ("tls", "TLS direkt (oftast port 465)"),
        Plain => ("none", "ingen kryptering (bara till den egna datorn)"),
    }
}

crate::text_enum! {
    /// Whether each member gets a message of their own or everyone the same with hidden addresses.
    pub enum SmtpDelivery ("utskick") {
        Each => ("each", "ett meddelande per mottagare"),
        Bcc => ("bcc", "samma meddelande till alla, som dold kopia"),
    }
}

/// Longest host name (RFC 1035) and user name accepted.
pub const SMTP_HOST_MAX_CHARS: usize = 253;
pub const SMTP_USER_MAX_CHARS: usize = 254;

/// The SMTP server settings as the UI edits them and the CLI shows them (no password).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmtpSettings {
    /// Empty until a host fills it in; sending needs it.
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    /// Empty: the server takes mail without logging in.
    pub username: String,
    /// The address the server lets this account send from; empty means the organizer's address.
    pub from_address: String,
    pub delivery: SmtpDelivery,
}

/// The SMTP settings one can change with `natverk settings set smtp-… VALUE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpKey {
    Host,
    Port,
    Security,
    User,
    From,
    Delivery,
}

impl SmtpKey {
    pub const ALL: [SmtpKey; 6] =
        [SmtpKey::Host, SmtpKey::Port, SmtpKey::Security, SmtpKey::User, SmtpKey::From, SmtpKey::Delivery];

    /// The name used on the command line.
    pub fn cli_name(self) -> &'static str {
        match self {
            SmtpKey::Host => "smtp-host",
            SmtpKey::Port => "smtp-port",
            SmtpKey::Security => "smtp-security",
            SmtpKey::User => "smtp-user",
            SmtpKey::From => "smtp-from",
            SmtpKey::Delivery => "smtp-delivery",
        }
    }

    /// The Swedish label shown next to the value.
    pub fn label(self) -> &'static str {
        match self {
            SmtpKey::Host => "E-postserver (SMTP)",
            SmtpKey::Port => "Port",
            SmtpKey::Security => "Anslutningsskydd",
            SmtpKey::User => "Användarnamn",
            SmtpKey::From => "Avsändaradress",
            SmtpKey::Delivery => "Utskick",
        }
    }

    /// Finds a key by its command-line name.
    pub fn from_cli_name(name: &str) -> Option<Self> {
        SmtpKey::ALL.into_iter().find(|key| key.cli_name() == name.trim())
    }

    /// The current value as text.
    pub fn value_of(self, settings: &SmtpSettings) -> String {
        match self {
            SmtpKey::Host => settings.host.clone(),
            SmtpKey::Port => settings.port.to_string(),
            SmtpKey::Security => settings.security.code().to_string(),
            SmtpKey::User => settings.username.clone(),
            SmtpKey::From => settings.from_address.clone(),
            SmtpKey::Delivery => settings.delivery.code().to_string(),
        }
    }
}

impl SmtpSettings {
    /// Checks every field and returns the normalised settings, or the first problem found.
    pub fn validated(&self) -> Result<SmtpSettings> {
        let host = validate::optional_text("smtp_host", "E-postservern", &self.host, SMTP_HOST_MAX_CHARS)?;
        if !host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']')) {
            return Err(Error::invalid(
                "smtp_host",
                format!("”{host}” är inget servernamn. Skriv till exempel smtp.kommun.se."),
            ));
        }
        if self.port == 0 {
            return Err(Error::invalid("smtp_port", "Porten måste vara ett tal mellan 1 och 65535."));
        }
        if self.security == SmtpSecurity::Plain && !host.is_empty() && !is_loopback_host(&host) {
            return Err(Error::invalid(
                "smtp_security",
                "Utan kryptering skickas lösenord och inbjudningar i klartext, så det går bara till den egna datorn \
                 (localhost). Välj STARTTLS eller TLS.",
            ));
        }
        Ok(SmtpSettings {
            host,
            port: self.port,
            security: self.security,
            username: validate::optional_text("smtp_user", "Användarnamnet", &self.username, SMTP_USER_MAX_CHARS)?,
            from_address: validate::optional_email("smtp_from", &self.from_address)?,
            delivery: self.delivery,
        })
    }

    /// A copy with one setting changed from text, as `natverk settings set smtp-…` does.
    pub fn with_value(&self, key: SmtpKey, value: &str) -> Result<SmtpSettings> {
        let mut changed = self.clone();
        let value = value.trim();
        match key {
            SmtpKey::Host => changed.host = value.to_string(),
            SmtpKey::Port => {
                changed.port = value.parse().map_err(|_| {
                    Error::invalid("smtp_port", format!("”{value}” är ingen port. Skriv ett tal, till exempel 587."))
                })?
            }
            SmtpKey::Security => changed.security = SmtpSecurity::parse("smtp_security", value)?,
            SmtpKey::User => changed.username = value.to_string(),
            SmtpKey::From => changed.from_address = value.to_string(),
            SmtpKey::Delivery => changed.delivery = SmtpDelivery::parse("smtp_delivery", value)?,
        }
        Ok(changed)
    }
}

/// Whether `host` names this computer (the only place mail may go unencrypted).
pub fn is_loopback_host(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost") || bare.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The SMTP settings.
pub fn load_smtp(conn: &Connection) -> Result<SmtpSettings> {
    Ok(conn.query_row(
        "SELECT host, port, security, username, from_address, delivery FROM smtp_settings WHERE singleton = 1",
        [],
        |row| {
            Ok(SmtpSettings {
                host: row.get(0)?,
                port: row.get(1)?,
                security: row.get(2)?,
                username: row.get(3)?,
                from_address: row.get(4)?,
                delivery: row.get(5)?,
            })
        },
    )?)
}

/// Validates and saves the SMTP settings; returns them as stored. Invalid input writes nothing.
pub fn save_smtp(tx: &Transaction, settings: &SmtpSettings) -> Result<SmtpSettings> {
    let valid = settings.validated()?;
    tx.execute(
        "UPDATE smtp_settings SET host = ?1, port = ?2, security = ?3, username = ?4, from_address = ?5,
             delivery = ?6, updated_at = ?7
         WHERE singleton = 1",
        rusqlite::params![
            valid.host,
            valid.port,
            valid.security,
            valid.username,
            valid.from_address,
            valid.delivery,
            now_timestamp()
        ],
    )?;
    Ok(valid)
}
