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

    /// Writes formatted text, with control characters from the data shown escaped (see
    /// [`visible`]); called by `write!` and `writeln!`.
    pub fn write_fmt(&mut self, text: std::fmt::Arguments<'_>) -> Result<()> {
        self.sink.write_all(visible(&text.to_string()).as_bytes()).map_err(stdout_error)
    }

    /// Writes `value` as pretty-printed JSON and a newline: the stable machine-readable output.
    pub fn json<T: serde::Serialize>(&mut self, value: &T) -> Result<()> {
        serde_json::to_writer_pretty(&mut *self.sink, value).map_err(|error| stdout_error(error.into()))?;
        writeln!(self)
    }
}

/// `text` as a terminal should show it: control characters that could move the cursor, recolour,
/// clear or reorder what is on screen (C0 and C1 controls such as ESC, and Unicode's bidirectional
/// overrides) are written as `\u{1b}`; line breaks and tabs stay. Text from files and the database
/// reaches the terminal only through this, so a crafted name cannot rewrite what `--dry-run` shows.
pub fn visible(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        let bidi_control = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}');
        if (c.is_control() && c != '\n' && c != '\t') || bidi_control {
            shown.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            shown.push(c);
        }
    }
    shown
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_from_the_data_are_shown_escaped() {
        assert_eq!(visible("Åsa\u{1b}[2J\u{1b}]0;x\u{7}"), "Åsa\\u{1b}[2J\\u{1b}]0;x\\u{7}");
        assert_eq!(visible("a\u{9b}31mb\u{202E}c"), "a\\u{9b}31mb\\u{202e}c");
        assert_eq!(visible("rad ett\n\tindrag"), "rad ett\n\tindrag", "line breaks and tabs stay");
        let mut buffer = Vec::new();
        let title = "x\u{1b}[31m";
        writeln!(Output::new(&mut buffer), "Titel: {title}").unwrap();
        assert_eq!(String::from_utf8(buffer).unwrap(), "Titel: x\\u{1b}[31m\n");
    }
}
