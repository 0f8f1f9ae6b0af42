//! Startup measurement: with NATVERKET_REPORT_FIRST_RENDER=1 the app prints when its first view has rendered with data.
//!
//! `bench/startup.sh` reads the line `first-render-ms=<ms>` from stdout to compare the app with the
//! minimal Tauri app in `bench/floor/`. Without the variable the command does nothing, so users
//! never see output.

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

/// Environment variable that turns the report on (value `1`).
pub const REPORT_FIRST_RENDER_ENV: &str = "NATVERKET_REPORT_FIRST_RENDER";

static PROCESS_START: OnceLock<Instant> = OnceLock::new();
static REPORTED: AtomicBool = AtomicBool::new(false);
/// The startup steps marked so far, as report lines: kept until the first view is reported, so that
/// the measuring script has nothing to read (and no reason to wake) while the app starts.
static STEPS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Remembers when `main` started; called first thing in `main`.
pub fn mark_process_start() {
    PROCESS_START.get_or_init(Instant::now);
}

fn wanted() -> bool {
    std::env::var(REPORT_FIRST_RENDER_ENV).is_ok_and(|value| value == "1")
}

fn ms_since_start() -> u128 {
    PROCESS_START.get().map(|start| start.elapsed().as_millis()).unwrap_or_default()
}

fn steps() -> std::sync::MutexGuard<'static, Vec<String>> {
    // A panic while the lock was held leaves a list of strings that is still whole.
    STEPS.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Prints `first-render-ms=<ms since main started>` once, if the environment asks for it; after
/// it, the startup steps marked on the way (`startup-<step>-ms=<ms since main started>`) and the
/// UI's milestones (`page-<name>-ms=<ms since the page began loading>`). The time line comes
/// first: `bench/startup.sh` stops its clock when it has read that line, so the detail after it
/// does not count as startup time.
pub fn report_first_render(page_marks: &BTreeMap<String, f64>) {
    if wanted() && !REPORTED.swap(true, Ordering::SeqCst) {
        let elapsed = ms_since_start();
        let mut stdout = std::io::stdout().lock();
        // A closed stdout must not break the app: the report is only for measurements.
        let _ = writeln!(stdout, "first-render-ms={elapsed}");
        let _ = stdout.flush();
        for step in steps().drain(..) {
            let _ = writeln!(stdout, "{step}");
        }
        for (name, ms) in page_marks {
            let name: String = name.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').take(40).collect();
            let _ = writeln!(stdout, "page-{name}-ms={ms:.0}");
        }
        let _ = stdout.flush();
    }
}

/// Notes `startup-<step>-ms=<ms since main started>` for a step on the way to the first view, if
/// the environment asks for it, to be printed with the first-render report: shows where startup
/// time goes (`bench/startup.sh` prints them).
pub fn mark(step: &str) {
    if wanted() && !REPORTED.load(Ordering::SeqCst) {
        let elapsed = ms_since_start();
        steps().push(format!("startup-{step}-ms={elapsed}"));
    }
}
