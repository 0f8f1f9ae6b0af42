//! Entry point of the `natverk` command line: parse arguments, run, map errors to stderr and an exit code.

use std::process::ExitCode;

use clap::Parser;
mod cli;

use cli::{run, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut stdout = std::io::stdout().lock();
    match run(cli, &mut stdout) {
        Ok(()) => ExitCode::SUCCESS,
        // Output piped into `head` and the like: the reader left, which is not an error.
        Err(natverk_core::Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("natverk: fel: {error}");
            ExitCode::FAILURE
        }
    }
}
