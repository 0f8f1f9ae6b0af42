//! The four independent iCalendar parsers of the interop tests, run on a file: python `icalendar` and `vobject`, `ical.js` and `node-ical`.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

pub const PARSERS: [&str; 4] = ["icalendar", "vobject", "ical.js", "node-ical"];

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// What one parser understood of a file, as normalised JSON (see read_ics.py / read_ics.mjs).
pub fn read_with(parser: &str, file: &Path) -> Value {
    let ics_dir = workspace().join("tests/ics");
    let output = if parser == "icalendar" || parser == "vobject" {
        let python = workspace().join("target/ics-parsers/venv/bin/python");
        assert!(python.exists(), "python parsers missing: run `make ics-parsers`");
        Command::new(python).arg(ics_dir.join("read_ics.py")).arg(parser).arg(file).output()
    } else {
        assert!(ics_dir.join("node_modules/ical.js").exists(), "JavaScript parsers missing: run `make ics-parsers`");
        Command::new("node").current_dir(&ics_dir).arg("read_ics.mjs").arg(parser).arg(file).output()
    }
    .expect("the parser runs");
    assert!(
        output.status.success(),
        "{parser} failed on {}:\n{}",
        file.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{parser} printed no JSON ({e})"))
}
