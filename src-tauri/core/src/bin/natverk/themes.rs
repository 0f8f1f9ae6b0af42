//! `natverk themes`: the themes examples are sorted under — list them with counts, add one.

use clap::Subcommand;

use natverk_core::error::Result;
use natverk_core::examples::themes;
use natverk_core::store::Database;

use crate::output::{JsonFlag, Output};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Listar teman med antal exempel
    List(JsonFlag),
    /// Lägger till ett tema
    Add {
        /// Temats namn
        name: String,
        /// Kort beskrivning
        #[arg(long, default_value = "")]
        description: String,
    },
}

pub fn run(db: &mut Database, command: Command, out: &mut Output) -> Result<()> {
    match command {
        Command::List(flag) => {
            let list = themes::list(db.conn())?;
            if flag.json {
                return out.json(&list);
            }
            for theme in &list {
                writeln!(out, "{:<45} {:>3} exempel", theme.name, theme.example_count)?;
            }
            Ok(())
        }
        Command::Add { name, description } => {
            let theme = db.write(|tx| themes::add(tx, &themes::ThemeInput { name, description }))?;
            writeln!(out, "Temat ”{}” är tillagt (id {}).", theme.name, theme.id)
        }
    }
}
