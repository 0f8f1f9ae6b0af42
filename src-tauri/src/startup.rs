//! Startup measurement: with NATVERKET_REPORT_FIRST_RENDER=1 the app prints when its first view has rendered with data.
//!
//! `bench/startup.sh` reads the line `first-render-ms=<ms>` from stdout to compare the app with the
//! minimal Tauri app in `bench/floor/`. Without the variable the command does nothing, so users
//! never see output.

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;
use std::time::Instant;

/// Environment variable that turns the report on (value `1`).
pub const REPORT_FIRST_RENDER_ENV: &str = "NATVERKET_REPORT_FIRST_RENDER";

static PROCESS_START: OnceLock<Instant> = OnceLock::new();
static REPORTED: AtomicBool = AtomicBool::new(false);

/// Remembers when `main` started; called first thing in `main`.
pub fn mark_process_start() {
    PROCESS_START.get_or_init(Instant::now);
}

fn wanted() -> bool {
    std::env::var(REPORT_FIRST_RENDER_ENV).is_ok_and(|value| value == "1")
}

fn print_elapsed(key: &str) {
    let elapsed = PROCESS_START.get().map(|start| start.elapsed().as_millis()).unwrap_or_default();
    let mut stdout = std::io::stdout().lock();
    // A closed stdout must not break the app: the report is only for measurements.
    let _ = writeln!(stdout, "{key}={elapsed}");
    let _ = stdout.flush();
}

/// Prints `first-render-ms=<ms since main started>` once, if the environment asks for it, after
/// the UI's milestones as `page-<name>-ms=<ms since the page began loading>`.
pub fn report_first_render(page_marks: &BTreeMap<String, f64>) {
    if wanted() && !REPORTED.swap(true, Ordering::SeqCst) {
        {
            let mut stdout = std::io::stdout().lock();
            for (name, ms) in page_marks {
                let name: String = name.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').take(40).collect();
                let _ = writeln!(stdout, "page-{name}-ms={ms:.0}");
            }
        }
        print_elapsed("first-render-ms");
    }
}

/// Prints `startup-<step>-ms=<ms since main started>` for a step on the way to the first view, if
/// the environment asks for it: shows where startup time goes (`bench/startup.sh` prints them).
pub fn mark(step: &str) {
    if wanted() && !REPORTED.load(Ordering::SeqCst) {
        print_elapsed(&format!("startup-{step}-ms"));
    }
}
