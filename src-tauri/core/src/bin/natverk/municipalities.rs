//! `natverk municipalities`: Sweden's 290 municipalities, region by region (read only).

use clap::Subcommand;

use natverk_core::error::Result;
use natverk_core::store::Database;
use natverk_core::sweden::municipalities;

use crate::output::{JsonFlag, Output};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Listar alla 290 kommuner, län för län
    List(JsonFlag),
}

pub fn run(db: &Database, command: Command, out: &mut Output) -> Result<()> {
    match command {
        Command::List(flag) => {
            let list = municipalities::list(db.conn())?;
            if flag.json {
                return out.json(&list);
            }
            let mut current_region = None;
            for municipality in &list {
                if current_region != Some(&municipality.region_code) {
                    writeln!(out, "\n{} ({})", municipality.region_name, municipality.region_code)?;
                    current_region = Some(&municipality.region_code);
                }
                writeln!(out, "  {}  {:<22} {}", municipality.code, municipality.name, municipality.display_name)?;
            }
            writeln!(out, "\n{} kommuner.", list.len())
        }
    }
}
