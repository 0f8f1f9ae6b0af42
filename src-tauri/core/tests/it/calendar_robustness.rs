//! Calendar import on real and hostile files: the corpus from other projects' test suites, the reported attack files, and every crash the fuzzers found.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use natverk_core::calendar::import::{self, ImportAction, ImportPreview};
use natverk_core::{exchange, members, Database};

/// A debug build on a busy two-core machine: far above the milliseconds a file takes, far below a hang.
const TIME_LIMIT: Duration = Duration::from_secs(10);

fn folder(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join(name)
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file() && path.file_name().is_some_and(|n| !n.to_string_lossy().starts_with('.')))
        .collect();
    files.sort();
    files
}

/// Previews `bytes` on a fresh database, failing the test on a panic or on taking too long.
fn timed_preview(name: &str, bytes: &[u8]) -> natverk_core::Result<ImportPreview> {
    let db = Database::open_in_memory().unwrap();
    let started = Instant::now();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| import::preview(db.conn(), bytes)))
        .unwrap_or_else(|_| panic!("{name}: the preview panicked"));
    assert!(started.elapsed() < TIME_LIMIT, "{name}: the preview took {:?}", started.elapsed());
    result
}

/// python icalendar's verdicts, written by `tests/ics-corpus/python_verdicts.py`: file name → VEVENTs read.
fn python_verdicts() -> Vec<(String, usize)> {
    let text = std::fs::read_to_string(folder("ics-corpus").join("python-verdicts.txt")).unwrap();
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let (name, count) = line.split_once('\t').unwrap();
            (name.to_string(), count.trim().parse().unwrap())
        })
        .collect()
}

#[test]
fn every_corpus_file_previews_in_bounded_time_and_every_file_python_reads_events_from_gives_us_events() {
    let files = files_in(&folder("ics-corpus").join("files"));
    let verdicts = python_verdicts();
    assert_eq!(files.len(), verdicts.len(), "python-verdicts.txt is out of date: run the script again");
    let (mut ours, mut importable, mut python, mut missed, mut only_ours) = (0, 0, 0, Vec::new(), Vec::new());
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let python_events = verdicts
            .iter()
            .find(|(file, _)| *file == name)
            .unwrap_or_else(|| panic!("{name} has no python verdict: run the script again"))
            .1;
        let result = timed_preview(&name, &std::fs::read(path).unwrap());
        let our_events = result.as_ref().map_or(0, |preview| preview.events.len());
        if our_events > 0 {
            ours += 1;
        }
        if result.as_ref().is_ok_and(|p| p.events.iter().any(|e| e.action != ImportAction::Rejected)) {
            importable += 1;
        }
        if python_events == 0 && our_events > 0 {
            only_ours.push(name.clone());
        }
        if python_events > 0 {
            python += 1;
            if our_events == 0 {
                missed.push(format!("{name}: {:?}", result.err().map(|e| e.to_string())));
            }
        }
    }
    println!(
        "ics corpus: {} files; python icalendar reads events from {python}, we preview events from {ours} \
         (with at least one importable meeting: {importable})",
        files.len()
    );
    println!("read by us and not by python icalendar: {}", only_ours.join(", "));
    assert!(missed.is_empty(), "python icalendar reads events from these, we do not:\n{}", missed.join("\n"));
}

#[test]
fn the_reported_attack_files_are_refused_or_previewed_within_seconds() {
    let event = |extra: &str| {
        format!("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:attack@test\r\nSUMMARY:Attack\r\nDTSTART:20240917T130000Z\r\n{extra}END:VEVENT\r\nEND:VCALENDAR\r\n")
    };
    for duration in ["P99999999999W", "P99999999D"] {
        let preview = timed_preview(duration, event(&format!("DURATION:{duration}\r\n")).as_bytes()).unwrap();
        assert_eq!(preview.events[0].action, ImportAction::Rejected);
        assert!(preview.events[0].reason.contains("DURATION"), "{}", preview.events[0].reason);
    }

    let depth = 140_000;
    let nested = format!("{}{}", "BEGIN:X\n".repeat(depth), "END:X\n".repeat(depth));
    assert!(nested.len() <= import::MAX_FILE_BYTES);
    let error = timed_preview("deep nesting", nested.as_bytes()).unwrap_err();
    assert!(error.to_string().contains("inga händelser"), "{error}");
    let nested_event = format!("{}{}{}", "BEGIN:X\n".repeat(depth - 10), event(""), "END:X\n".repeat(depth - 10));
    assert!(timed_preview("deep nesting around an event", nested_event.as_bytes()).is_err(), "too deep to be read");

    let slashes = "/".repeat(import::MAX_FILE_BYTES - 300);
    let tzid = event("").replace("DTSTART:20240917T130000Z", &format!("DTSTART;TZID={slashes}:20240917T150000"));
    let preview = timed_preview("2 MB TZID", tzid.as_bytes()).unwrap();
    assert_eq!(preview.events[0].action, ImportAction::Rejected);
    assert!(preview.warnings.iter().any(|w| w.contains("TZID")), "{:?}", preview.warnings);
    let short_slashes = event("DTEND;TZID=x:20240917T150000\r\n")
        .replace("DTSTART:20240917T130000Z", &format!("DTSTART;TZID={}:20240917T150000", "/".repeat(1000)));
    let preview = timed_preview("1000 slashes", short_slashes.as_bytes()).unwrap();
    assert!(preview.events[0].reason.contains("okänd"), "{}", preview.events[0].reason);
}

#[test]
fn files_real_readers_accept_are_read_with_warnings_instead_of_refused() {
    let db = Database::open_in_memory().unwrap();
    let latin1 = b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:latin1@test\r\nSUMMARY:N\xe4tverkstr\xe4ff i G\xf6teborg\r\nDTSTART:20240917T130000Z\r\nDTEND:20240917T140000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let preview = import::preview(db.conn(), latin1).unwrap();
    assert_eq!(preview.events[0].title, "Nätverksträff i Göteborg");
    assert!(preview.warnings[0].contains("Windows-1252"), "{:?}", preview.warnings);

    let bare = "BEGIN:VEVENT\r\nUID:bare@test\r\nSUMMARY:Utan kalender\r\nDTSTART;TZID=Europe/Stockholm:20240917T150000\r\nEND:VEVENT\r\n";
    let preview = import::preview(db.conn(), bare.as_bytes()).unwrap();
    assert_eq!(preview.to_create, 1, "{preview:?}");
    assert_eq!(
        preview.events[0].when_label, "tisdag 17 september 2024 kl. 15.00–15.45",
        "the network's default length"
    );
    assert!(preview.events[0].reason.contains("vanliga längd"), "{}", preview.events[0].reason);
    assert!(preview.warnings.iter().any(|w| w.contains("VCALENDAR")), "{:?}", preview.warnings);

    let odd = "BEGIN:VCALENDAR\r\nthis line is not a property\r\nBEGIN:X-WEIRD\r\nFOO:bar\r\nEND:X-WEIRD\r\nBEGIN:VEVENT\r\nUID:odd@test\r\nSUMMARY:Udda\r\nDTSTART:20240917T130000Z\r\nDURATION:PT1H\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let preview = import::preview(db.conn(), odd.as_bytes()).unwrap();
    assert_eq!(preview.to_create, 1, "{preview:?}");
    assert!(preview.warnings.iter().any(|w| w.contains("Rad 2")), "{:?}", preview.warnings);
    assert!(preview.warnings.iter().any(|w| w.contains("X-WEIRD")), "{:?}", preview.warnings);
    let json = serde_json::to_value(&preview).unwrap();
    assert!(json["warnings"].is_array() && json["to_create"] == 1, "the preview JSON gains `warnings`: {json}");

    let twice = format!("BEGIN:VCALENDAR\r\n{0}{0}END:VCALENDAR\r\n", bare);
    let preview = import::preview(db.conn(), twice.as_bytes()).unwrap();
    assert_eq!((preview.to_create, preview.rejected), (1, 1), "the same UID twice would make the import fail");
}

/// Every input a fuzz target crashed on, kept under `tests/fuzz-regressions/<target>/`.
#[test]
fn inputs_the_fuzzers_crashed_on_are_handled() {
    for target in ["ics", "member_csv", "bundle", "replies", "network_registry"] {
        let dir = folder("fuzz-regressions").join(target);
        if !dir.is_dir() {
            continue;
        }
        for path in files_in(&dir) {
            let name = path.display().to_string();
            let bytes = std::fs::read(&path).unwrap();
            let db = Database::open_in_memory().unwrap();
            let started = Instant::now();
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match target {
                "ics" => drop(import::preview(db.conn(), &bytes)),
                "member_csv" => drop(members::csv::preview(db.conn(), &bytes)),
                "replies" => {
                    let _ = natverk_core::calendar::replies::holds_reply(&bytes);
                    let file =
                        natverk_core::calendar::replies::AnswerFile { name: "svar.eml".into(), bytes: bytes.clone() };
                    drop(natverk_core::calendar::replies::preview(db.conn(), &[file]));
                }
                "network_registry" => drop(natverk_core::networks::registry::Registry::from_json(&bytes)),
                _ => {
                    drop(exchange::stream::decode(&bytes));
                    drop(exchange::preview_import(&db, &bytes));
                }
            }));
            assert!(outcome.is_ok(), "{name}: panicked");
            assert!(started.elapsed() < TIME_LIMIT, "{name}: took {:?}", started.elapsed());
        }
    }
}
