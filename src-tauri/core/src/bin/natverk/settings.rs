//! `natverk settings`: show the network's settings and change one at a time.

use clap::{Subcommand, ValueEnum};

use natverk_core::error::Result;
use natverk_core::settings::{self, SettingKey};
use natverk_core::store::Database;

use crate::choice::Lenient;
use crate::output::{JsonFlag, Output};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Visar inställningarna
    Show(JsonFlag),
    /// Ändrar en inställning: network-name, organizer-name, organizer-email, default-start,
    /// default-end, teams-url, time-zone eller reminder-minutes
    Set {
        /// Inställningens namn, till exempel organizer-email
        #[arg(value_parser = Lenient::<Key>::new())]
        key: Key,
        /// Det nya värdet
        value: String,
    },
}

/// The settings' names as typed after `settings set`: the core's `SettingKey::cli_name`s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Key {
    NetworkName,
    OrganizerName,
    OrganizerEmail,
    DefaultStart,
    DefaultEnd,
    TeamsUrl,
    TimeZone,
    ReminderMinutes,
}

impl From<Key> for SettingKey {
    fn from(key: Key) -> Self {
        match key {
            Key::NetworkName => SettingKey::NetworkName,
            Key::OrganizerName => SettingKey::OrganizerName,
            Key::OrganizerEmail => SettingKey::OrganizerEmail,
            Key::DefaultStart => SettingKey::DefaultStart,
            Key::DefaultEnd => SettingKey::DefaultEnd,
            Key::TeamsUrl => SettingKey::TeamsUrl,
            Key::TimeZone => SettingKey::TimeZone,
            Key::ReminderMinutes => SettingKey::ReminderMinutes,
        }
    }
}

pub fn run(db: &mut Database, command: Command, out: &mut Output) -> Result<()> {
    match command {
        Command::Show(flag) => {
            let current = settings::load(db.conn())?;
            if flag.json {
                return out.json(&current);
            }
            for key in SettingKey::ALL {
                writeln!(out, "{:<27} {:<17} {}", key.label(), key.cli_name(), display_value(key.value_of(&current)))?;
            }
            Ok(())
        }
        Command::Set { key, value } => {
            let key = SettingKey::from(key);
            let changed = settings::load(db.conn())?.with_value(key, &value)?;
            let saved = db.write(|tx| settings::save(tx, &changed))?;
            writeln!(out, "Sparat: {} = {}", key.label(), display_value(key.value_of(&saved)))
        }
    }
}

fn display_value(value: String) -> String {
    if value.is_empty() {
        "(inte angiven)".into()
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::builder::TypedValueParser;

    #[test]
    fn every_setting_is_reached_by_its_core_name_and_no_other_name_exists() {
        let parser = Lenient::<Key>::new();
        for key in SettingKey::ALL {
            let typed = key.cli_name();
            let parsed = parser
                .parse_ref(&clap::Command::new("natverk"), None, typed.as_ref())
                .unwrap_or_else(|e| panic!("settings set {typed}: {e}"));
            assert_eq!(SettingKey::from(parsed), key, "settings set {typed}");
        }
        assert_eq!(Key::value_variants().len(), SettingKey::ALL.len(), "one command-line name per setting");
    }
}
