//! `natverk settings`: show the network's settings and change one at a time.

use clap::Subcommand;

use natverk_core::error::Result;
use natverk_core::settings::{self, SettingKey, SmtpKey};
use natverk_core::store::Database;

use crate::output::{JsonFlag, Output};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Visar inställningarna
    Show(JsonFlag),
    /// Ändrar en inställning: network-name, organizer-name, organizer-email, default-start,
    /// default-end, teams-url, time-zone, reminder-minutes, eller e-postservern: smtp-host, smtp-port,
    /// smtp-security (starttls, tls, none), smtp-user, smtp-from, smtp-delivery (each, bcc)
    Set {
        /// Inställningens namn, till exempel organizer-email
        #[arg(value_parser = AnyKey::from_cli_name)]
        key: AnyKey,
        /// Det nya värdet
        value: String,
    },
}

/// A setting of the network or of its e-mail server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnyKey {
    Network(SettingKey),
    Smtp(SmtpKey),
}

impl AnyKey {
    fn from_cli_name(name: &str) -> Result<Self> {
        match SmtpKey::from_cli_name(name) {
            Some(key) => Ok(AnyKey::Smtp(key)),
            None => SettingKey::from_cli_name(name).map(AnyKey::Network).map_err(|error| {
                let smtp_names: Vec<&str> = SmtpKey::ALL.iter().map(|k| k.cli_name()).collect();
                natverk_core::Error::invalid("key", format!("{error} E-postservern: {}.", smtp_names.join(", ")))
            }),
        }
    }
}

pub fn run(db: &mut Database, command: Command, out: &mut Output) -> Result<()> {
    match command {
        Command::Show(flag) => {
            let current = settings::load(db.conn())?;
            let smtp = settings::load_smtp(db.conn())?;
            if flag.json {
                let mut json = serde_json::to_value(&current).unwrap_or_default();
                json["smtp"] = serde_json::to_value(&smtp).unwrap_or_default();
                return out.json(&json);
            }
            for key in SettingKey::ALL {
                writeln!(out, "{:<27} {:<17} {}", key.label(), key.cli_name(), display_value(key.value_of(&current)))?;
            }
            for key in SmtpKey::ALL {
                writeln!(out, "{:<27} {:<17} {}", key.label(), key.cli_name(), display_value(key.value_of(&smtp)))?;
            }
            Ok(())
        }
        Command::Set { key: AnyKey::Network(key), value } => {
            let changed = settings::load(db.conn())?.with_value(key, &value)?;
            let saved = db.write(|tx| settings::save(tx, &changed))?;
            writeln!(out, "Sparat: {} = {}", key.label(), display_value(key.value_of(&saved)))
        }
        Command::Set { key: AnyKey::Smtp(key), value } => {
            let changed = settings::load_smtp(db.conn())?.with_value(key, &value)?;
            let saved = db.write(|tx| settings::save_smtp(tx, &changed))?;
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
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[test]
    fn every_setting_is_reached_by_its_core_name_and_an_unknown_name_is_refused_in_swedish() {
        for key in SettingKey::ALL {
            let parsed = Cli::try_parse_from(["natverk", "set", key.cli_name(), "x"]).expect("a known setting");
            assert!(
                matches!(parsed.command, Command::Set { key: AnyKey::Network(found), .. } if found == key),
                "{}",
                key.cli_name()
            );
        }
        for key in SmtpKey::ALL {
            let parsed = Cli::try_parse_from(["natverk", "set", key.cli_name(), "x"]).expect("an SMTP setting");
            assert!(matches!(parsed.command, Command::Set { key: AnyKey::Smtp(found), .. } if found == key));
        }
        let error = Cli::try_parse_from(["natverk", "set", "colour", "x"]).unwrap_err().to_string();
        assert!(error.contains("Okänd inställning"), "{error}");
    }
}
