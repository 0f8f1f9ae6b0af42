//! Network settings: seeded values, validation, normalisation; bad input writes nothing.

use natverk_core::settings::{self, SettingKey};
use natverk_core::Database;

use crate::support::snapshot;

#[test]
fn a_new_database_has_the_networks_defaults() {
    let db = Database::open_in_memory().unwrap();
    let current = settings::load(db.conn()).unwrap();
    assert_eq!(current.network_name, "Första linjens socialtjänst");
    assert_eq!((current.default_start.as_str(), current.default_end.as_str()), ("15:00", "15:45"));
    assert_eq!(current.time_zone, "Europe/Stockholm");
    assert_eq!(current.reminder_minutes, 15);
}

#[test]
fn every_setting_can_be_changed_by_name_and_is_normalised() {
    let mut db = Database::open_in_memory().unwrap();
    let changes = [
        ("network-name", " FSS första linjen ", "FSS första linjen"),
        ("organizer-name", "Åsa Öberg", "Åsa Öberg"),
        ("organizer-email", "asa.oberg@are.se", "asa.oberg@are.se"),
        ("default-start", "14.30", "14:30"),
        ("default-end", "1515", "15:15"),
        ("teams-url", "https://teams.microsoft.com/l/meetup-join/abc", "https://teams.microsoft.com/l/meetup-join/abc"),
        ("time-zone", "Europe/Helsinki", "Europe/Helsinki"),
        ("reminder-minutes", "30", "30"),
    ];
    for (name, value, stored) in changes {
        let key = SettingKey::from_cli_name(name).unwrap();
        let changed = settings::load(db.conn()).unwrap().with_value(key, value).unwrap();
        let saved = db.write(|tx| settings::save(tx, &changed)).unwrap();
        assert_eq!(key.value_of(&saved), stored, "{name}");
        assert_eq!(key.value_of(&settings::load(db.conn()).unwrap()), stored, "{name} is stored");
    }
}

#[test]
fn invalid_settings_are_refused_with_a_swedish_reason_and_change_nothing() {
    let mut db = Database::open_in_memory().unwrap();
    let before = snapshot(&db);
    for (name, value, field, words) in [
        ("organizer-email", "asa.oberg", "organizer_email", "ingen giltig e-postadress"),
        ("default-start", "kvart i tre", "default_start", "ingen giltig tid"),
        ("default-end", "14:00", "default_end", "senare än standardstarten"),
        ("teams-url", "http://teams.microsoft.com", "teams_url", "https://"),
        ("time-zone", "Sverige/Stockholm", "time_zone", "ingen känd tidszon"),
        ("reminder-minutes", "-5", "reminder_minutes", "heltal"),
        ("reminder-minutes", "20000", "reminder_minutes", "högst"),
        ("network-name", "   ", "network_name", "måste fyllas i"),
    ] {
        let key = SettingKey::from_cli_name(name).unwrap();
        let error = settings::load(db.conn())
            .unwrap()
            .with_value(key, value)
            .and_then(|changed| db.write(|tx| settings::save(tx, &changed)))
            .unwrap_err();
        assert_eq!(error.field(), Some(field), "{name}={value}: {error}");
        assert!(error.to_string().contains(words), "{name}={value}: {error}");
    }
    assert_eq!(snapshot(&db), before);
    assert_eq!(SettingKey::from_cli_name("colour").unwrap_err().kind(), "invalid");
}
