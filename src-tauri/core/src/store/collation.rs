//! Swedish alphabetical order (å, ä, ö after z; é with e; case ignored first) for Rust and for SQL.
//!
//! The rules come from ICU4X's Swedish collation data, registered in SQLite as `COLLATE swedish`.

use std::cmp::Ordering;
use std::sync::LazyLock;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use icu_locale_core::locale;
use rusqlite::Connection;

/// The collation's name in SQL: `ORDER BY name COLLATE swedish`.
pub const SQL_NAME: &str = "swedish";

static SWEDISH: LazyLock<Option<CollatorBorrowed<'static>>> =
    LazyLock::new(|| Collator::try_new(locale!("sv").into(), CollatorOptions::default()).ok());

/// Compares two strings in Swedish alphabetical order.
pub fn compare(a: &str, b: &str) -> Ordering {
    match SWEDISH.as_ref() {
        Some(collator) => collator.compare(a, b),
        // The Swedish data is compiled into the binary; this fallback only guards against a broken build.
        None => a.to_lowercase().cmp(&b.to_lowercase()),
    }
}

/// Makes `COLLATE swedish` available on a connection.
pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_collation(SQL_NAME, compare)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_letters_sort_after_z_in_their_own_order() {
        let mut names = vec!["Örebro", "Ale", "Åre", "Älmhult", "Zürich", "Ystad", "ale", "Eda", "Ödeshög", "Åmål"];
        names.sort_by(|a, b| compare(a, b));
        assert_eq!(names, ["ale", "Ale", "Eda", "Ystad", "Zürich", "Åmål", "Åre", "Älmhult", "Ödeshög", "Örebro"]);
    }

    #[test]
    fn sql_can_order_by_the_swedish_collation() {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        let sorted: Vec<String> = conn
            .prepare("SELECT column1 FROM (VALUES ('Östersund'), ('Arjeplog'), ('Åsele'), ('Älvdalen'), ('Vännäs')) ORDER BY column1 COLLATE swedish")
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(sorted, ["Arjeplog", "Vännäs", "Åsele", "Älvdalen", "Östersund"]);
    }
}
