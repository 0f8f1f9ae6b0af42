//! The floor app: one window, one data command and the same first-render report as Nätverket, nothing else.
//!
//! Whatever this costs in startup time and memory is the price of Tauri + WebKitGTK itself;
//! `bench/startup.sh` divides Nätverket's numbers by these.

use std::io::Write;
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

static PROCESS_START: OnceLock<Instant> = OnceLock::new();
/// The startup steps so far, printed after the first-render line, as Nätverket does.
static STEPS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// The data the page shows, fetched over IPC like Nätverket's first view.
#[tauri::command]
fn greeting() -> String {
    "Hej från Tauri".to_string()
}

fn reporting() -> bool {
    std::env::var("NATVERKET_REPORT_FIRST_RENDER").is_ok_and(|value| value == "1")
}

fn ms_since_start() -> u128 {
    PROCESS_START.get().map(|start| start.elapsed().as_millis()).unwrap_or_default()
}

/// Notes `<key>=<ms since main started>` for the report, like Nätverket's startup steps.
fn mark(key: &str) {
    if reporting() {
        let line = format!("{key}={}", ms_since_start());
        STEPS.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(line);
    }
}

/// Prints `first-render-ms=<ms since main started>`, then the startup steps and the page's
/// milestones (`page-<name>-ms=<ms since the page began loading>`), in Nätverket's order.
#[tauri::command]
fn report_first_render(page_marks: Option<std::collections::BTreeMap<String, f64>>) {
    if !reporting() {
        return;
    }
    let elapsed = ms_since_start();
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "first-render-ms={elapsed}");
    let _ = stdout.flush();
    for line in STEPS.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).drain(..) {
        let _ = writeln!(stdout, "{line}");
    }
    for (name, ms) in page_marks.unwrap_or_default() {
        let name: String = name.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').take(40).collect();
        let _ = writeln!(stdout, "page-{name}-ms={ms:.0}");
    }
    let _ = stdout.flush();
}

fn main() {
    PROCESS_START.get_or_init(Instant::now);
    let app = tauri::Builder::default()
        // The same startup steps Nätverket reports, for comparing where the time goes.
        .setup(|_| {
            mark("startup-setup-ms");
            Ok(())
        })
        .on_page_load(|_webview, payload| match payload.event() {
            tauri::webview::PageLoadEvent::Started => mark("startup-page-load-started-ms"),
            tauri::webview::PageLoadEvent::Finished => mark("startup-page-load-finished-ms"),
        })
        .invoke_handler(tauri::generate_handler![greeting, report_first_render])
        .build(tauri::generate_context!());
    match app {
        Ok(app) => app.run(|_, _| {}),
        Err(error) => {
            eprintln!("the floor app could not start: {error}");
            std::process::exit(1);
        }
    }
}
