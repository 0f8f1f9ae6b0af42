//! `natverk demo`: fills a new database with invented but realistic data, for demos and performance measurement.

use std::path::Path;

use natverk_core::demo::{self, DemoSize};
use natverk_core::error::Result;
use natverk_core::store::Database;

use crate::output::Output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Antal exempel
    #[arg(long, default_value_t = 100_000, value_name = "N")]
    examples: usize,
    /// Antal medlemmar
    #[arg(long, default_value_t = 2_353, value_name = "M")]
    members: usize,
    /// Antal träffar
    #[arg(long, default_value_t = 500, value_name = "K")]
    meetings: usize,
    /// Andel aktiva FSS-medlemmar i procent (de som får inbjudningar)
    #[arg(long, default_value_t = 85, value_name = "PROCENT")]
    active_percent: u8,
    /// Slumpfrö; samma frö ger exakt samma data
    #[arg(long, default_value_t = 1, value_name = "S")]
    seed: u64,
    /// Skriv ut resultatet som JSON
    #[arg(long)]
    json: bool,
}

pub fn run(db: &mut Database, path: &Path, args: Args, out: &mut Output) -> Result<()> {
    let size = DemoSize {
        examples: args.examples,
        members: args.members,
        meetings: args.meetings,
        active_percent: args.active_percent,
        seed: args.seed,
    };
    // The core fills the database in its own transactions (and refuses a database that is not new).
    let summary = demo::generate(db, &size)?;
    if args.json {
        return out.json(&summary);
    }
    writeln!(
        out,
        "Exempeldata skapades i {}: {} medlemmar ({} aktiva), {} träffar, {} exempel, {} kopplingar till kommuner, \
         {} till teman, {} presentationer, {} närvaronoteringar.",
        path.display(),
        summary.members,
        summary.active_members,
        summary.meetings,
        summary.examples,
        summary.example_municipalities,
        summary.example_themes,
        summary.presentations,
        summary.attendance
    )
}
