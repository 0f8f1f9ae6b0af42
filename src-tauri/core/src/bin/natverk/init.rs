//! `natverk init`: opening the database creates or upgrades it; this reports what is in it.

use std::path::Path;

use natverk_core::error::Result;
use natverk_core::meetings;
use natverk_core::store::Database;
use natverk_core::sweden::municipalities;

use crate::output::Output;

pub fn run(db: &Database, path: &Path, out: &mut Output) -> Result<()> {
    let municipality_count = municipalities::list(db.conn())?.len();
    let meeting_count = meetings::list(db.conn())?.len();
    writeln!(
        out,
        "Databasen är klar: {} ({municipality_count} kommuner, {meeting_count} träffar, schemaversion {}).",
        path.display(),
        db.schema_version()?
    )
}
