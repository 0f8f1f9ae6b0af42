//! The floor app: one window, one data command and the same first-render report as Nätverket, nothing else.
//!
//! Whatever this costs in startup time and memory is the price of Tauri + WebKitGTK itself;
//! `bench/startup.sh` divides Nätverket's numbers by these.

use std::io::Write;
use std::sync::OnceLock;
use std::time::Instant;

static PROCESS_START: OnceLock<Instant> = OnceLock::new();

/// The data the page shows, fetched over IPC like Nätverket's first view.
#[tauri::command]
fn greeting() -> String {
    "Hej från Tauri".to_string()
}

/// Prints `<key>=<ms since main started>` when NATVERKET_REPORT_FIRST_RENDER=1, like Nätverket.
fn report(key: &str) {
    if std::env::var("NATVERKET_REPORT_FIRST_RENDER").is_ok_and(|value| value == "1") {
        let elapsed = PROCESS_START.get().map(|start| start.elapsed().as_millis()).unwrap_or_default();
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "{key}={elapsed}");
        let _ = stdout.flush();
    }
}

/// Prints the page's milestones (`page-<name>-ms=<ms since the page began loading>`) before the
/// first render, as Nätverket does.
#[tauri::command]
fn report_first_render(page_marks: Option<std::collections::BTreeMap<String, f64>>) {
    if std::env::var("NATVERKET_REPORT_FIRST_RENDER").is_ok_and(|value| value == "1") {
        let mut stdout = std::io::stdout().lock();
        for (name, ms) in page_marks.unwrap_or_default() {
            let name: String = name.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').take(40).collect();
            let _ = writeln!(stdout, "page-{name}-ms={ms:.0}");
        }
    }
    report("first-render-ms");
}

fn main() {
    PROCESS_START.get_or_init(Instant::now);
    let app = tauri::Builder::default()
        // The same startup steps Nätverket reports, for comparing where the time goes.
        .setup(|_| {
            report("startup-setup-ms");
            Ok(())
        })
        .on_page_load(|_webview, payload| match payload.event() {
            tauri::webview::PageLoadEvent::Started => report("startup-page-load-started-ms"),
            tauri::webview::PageLoadEvent::Finished => report("startup-page-load-finished-ms"),
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
