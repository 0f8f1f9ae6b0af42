//! What a new database starts with: reference data, the network "Första linjens socialtjänst",
//! its starter themes and its five 2024 Teams meetings.
//!
//! Runs once, inside the first migration's transaction. Seeded records get the same ids and
//! timestamps in every installation, so bundles exchanged between installations line up.

use rusqlite::Connection;

use crate::error::Result;
use crate::meetings::{self, MeetingInput};
use crate::settings::{self, NetworkSettings};
use crate::swedish_time::{RepeatedHour, DEFAULT_TIME_ZONE};
use crate::{db, ids, municipalities};

/// The timestamp given to every seeded record.
const SEEDED_AT: &str = "2024-01-01T00:00:00.000Z";

/// Starter themes drawn from the network's aims, with a line on what each covers.
const THEMES: [(&str, &str); 8] = [
    (
        "Enklare ingångar till stöd",
        "Hur invånare lättare hittar och når socialtjänsten, till exempel en gemensam väg in.",
    ),
    ("Ökad tillit", "Arbete som stärker förtroendet för socialtjänsten hos invånare och samarbetspartner."),
    ("Kunskapsbaserat arbete och evidens", "Att bygga insatser på bästa tillgängliga kunskap och följa upp dem."),
    ("Insatser under pågående utredning", "Stöd som kan ges tidigt, medan en utredning fortfarande pågår."),
    ("Insatser utan individuell behovsprövning", "Lättillgängliga insatser som ges utan biståndsbeslut."),
    ("Organisationsförändring", "Hur förvaltningar organiserar om sig mot en första linje."),
    ("Närvaro i utsatta områden", "Uppsökande arbete och fysisk närvaro där behoven är stora."),
    ("Samverkan med andra aktörer", "Samarbete med region, skola, polis, civilsamhälle och andra."),
];

/// The network's 2024 meetings: (date, cancelled because).
const MEETINGS_2024: [(&str, Option<&str>); 5] = [
    ("2024-01-24", None),
    ("2024-02-29", Some("pga förhinder")),
    ("2024-03-26", None),
    ("2024-04-23", None),
    ("2024-05-28", None),
];

/// Fills a freshly migrated database. Called once, by the first migration.
pub(crate) fn seed_new_database(conn: &Connection) -> Result<()> {
    municipalities::insert_reference_data(conn)?;
    conn.execute(
        "INSERT INTO installation (singleton, id, created_at) VALUES (1, ?1, ?2)",
        (ids::new_id(), db::now_timestamp()),
    )?;
    let network = NetworkSettings {
        network_name: "Första linjens socialtjänst".into(),
        organizer_name: "Föreningen Sveriges Socialchefer (FSS)".into(),
        organizer_email: String::new(),
        default_start: "15:00".into(),
        default_end: "15:45".into(),
        teams_url: String::new(),
        time_zone: DEFAULT_TIME_ZONE.into(),
        reminder_minutes: 15,
    };
    settings::insert_network(conn, &ids::seed_id("network", "forsta-linjen"), &network, "FSS", SEEDED_AT)?;

    let mut insert_theme =
        conn.prepare("INSERT INTO themes (id, name, description, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)")?;
    for (name, description) in THEMES {
        insert_theme.execute((ids::seed_id("theme", name), name, description, SEEDED_AT))?;
    }

    for (date, cancelled_because) in MEETINGS_2024 {
        let input = MeetingInput {
            title: "Nätverksträff – första linjens socialtjänst".into(),
            date: date.into(),
            start: network.default_start.clone(),
            end: network.default_end.clone(),
            time_zone: DEFAULT_TIME_ZONE.into(),
            repeated_hour: RepeatedHour::Earlier,
            teams_url: String::new(),
            agenda: String::new(),
        };
        let id =
            meetings::insert(conn, &ids::seed_id("meeting", date), &input.validated(DEFAULT_TIME_ZONE)?, SEEDED_AT)?;
        if let Some(reason) = cancelled_because {
            meetings::mark_cancelled(conn, &id, reason, SEEDED_AT)?;
        }
    }
    Ok(())
}
