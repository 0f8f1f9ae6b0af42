//! Where commands print: standard output as Swedish lines or JSON, with write errors mapped to the core error once.

use std::io::Write;
use std::path::PathBuf;

use natverk_core::error::{Error, Result};

/// Standard output (or a buffer in tests) for one command.
///
/// `writeln!(out, ...)` works on it because it has a `write_fmt` method, like `std::fmt::Write`
/// and `std::io::Write` do; here it returns the core's `Result`, so command code needs no `map_err`.
pub struct Output<'a> {
    sink: &'a mut dyn Write,
}

impl<'a> Output<'a> {
    pub fn new(sink: &'a mut dyn Write) -> Self {
        Output { sink }
    }

    /// Writes formatted text; called by `write!` and `writeln!`.
    pub fn write_fmt(&mut self, text: std::fmt::Arguments<'_>) -> Result<()> {
        self.sink.write_fmt(text).map_err(stdout_error)
    }

    /// Writes `value` as pretty-printed JSON and a newline: the stable machine-readable output.
    pub fn json<T: serde::Serialize>(&mut self, value: &T) -> Result<()> {
        serde_json::to_writer_pretty(&mut *self.sink, value).map_err(|error| stdout_error(error.into()))?;
        writeln!(self)
    }
}

/// What every import takes: the file, a dry run that only previews, and JSON output.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Filen som ska läsas in
    pub file: std::path::PathBuf,
    /// Visa bara vad som skulle hända; ändra ingenting
    #[arg(long)]
    pub dry_run: bool,
    /// Skriv ut resultatet som JSON
    #[arg(long)]
    pub json: bool,
}

/// The `--json` flag shared by the commands that can answer in JSON.
#[derive(Debug, clap::Args)]
pub struct JsonFlag {
    /// Skriv ut som JSON
    #[arg(long)]
    pub json: bool,
}

/// True when the reader of standard output went away (output piped into `head` and the like),
/// which is not an error: the command ends quietly with exit code 0.
pub fn reader_left(error: &Error) -> bool {
    matches!(error, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
}

/// A failed write to standard output, as the one error type.
fn stdout_error(source: std::io::Error) -> Error {
    Error::Io { path: PathBuf::from("<standard ut>"), source }
}
