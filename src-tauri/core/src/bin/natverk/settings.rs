//! `natverk settings`: show the network's settings and change one at a time.

use clap::Subcommand;

use natverk_core::error::Result;
use natverk_core::settings::{self, SettingKey};
use natverk_core::store::Database;

use crate::output::{JsonFlag, Output};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Visar inställningarna
    Show(JsonFlag),
    /// Ändrar en inställning: network-name, organizer-name, organizer-email, default-start,
    /// default-end, teams-url, time-zone eller reminder-minutes
    Set {
        /// Inställningens namn, till exempel organizer-email
        #[arg(value_parser = SettingKey::from_cli_name)]
        key: SettingKey,
        /// Det nya värdet
        value: String,
    },
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
            assert!(matches!(parsed.command, Command::Set { key: found, .. } if found == key), "{}", key.cli_name());
        }
        let error = Cli::try_parse_from(["natverk", "set", "colour", "x"]).unwrap_err().to_string();
        assert!(error.contains("Okänd inställning"), "{error}");
    }
}
