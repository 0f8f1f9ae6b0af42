//! The start page's first answers (header, Översikt, labels), read while the window opens and handed to the page as a module, so its first view waits for no request.
//!
//! Without this, the page asks for them when its script runs, and gets them some 10–15 ms later
//! while its one main thread is busy loading (README, Performance). The shell reads them in `setup`,
//! about 150 ms before the page begins loading, with the same functions the commands use, and
//! serves them once as the contents of `js/first-view.js`, through the main window's hook on the
//! responses to its requests (the window is opened here for that, `"create": false` in
//! tauri.conf.json). The file in `ui/` says `null`: that is what the page gets on every later load
//! (a reload after switching networks or restoring a backup), when the answers are not ready in
//! time or are too old, and where they could not be read (the page then asks the commands, which
//! report the error as always). WebKit is told to keep no copy (`Cache-Control: no-store`), but it
//! hands a module the page preloads (index.html) to a reload all the same, so api.js takes the
//! answers on the window's first load only (the e2e tests of switching networks and restoring a
//! backup fail without that). The answers are JSON, which is also JavaScript, so the module holds
//! no text of ours that could run.

use std::borrow::Cow;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;
use tauri::http;

use crate::commands::app::{app_info_of, list_labels};
use crate::commands::meetings::overview_of;
use crate::ipc_error::IpcError;
use crate::state::AppState;

/// Where the page imports its first answers from (`ui/js/first-view.js`).
pub const MODULE_PATH: &str = "/js/first-view.js";
/// How long the page's request waits for answers still being read before it gets `null` (the
/// async runtime's thread that serves the request waits: once, at startup, and only if the
/// answers are not ready, which they normally are ~100 ms before the page asks). Waiting costs
/// nothing the commands would not: they need the same database, which the reading thread holds.
const WAIT_FOR_ANSWERS: Duration = Duration::from_secs(1);
/// Answers older than this are not served: the page asks for fresh ones instead.
const MAX_AGE: Duration = Duration::from_secs(10);

/// The answers as the commands of the same names would give them; a command whose answer could not
/// be read is left out, so the page asks it and shows its error.
#[derive(Serialize, Default)]
pub struct FirstAnswers {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_info: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meeting_overview: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub list_labels: Option<serde_json::Value>,
}

/// Reads the answers with the commands' own functions.
pub fn read_answers(state: &AppState) -> FirstAnswers {
    fn value<T: Serialize>(answer: Result<T, IpcError>) -> Option<serde_json::Value> {
        answer.ok().and_then(|answer| serde_json::to_value(answer).ok())
    }
    FirstAnswers {
        app_info: value(app_info_of(state)),
        meeting_overview: value(overview_of(state)),
        list_labels: value(Ok(list_labels())),
    }
}

enum Slot {
    /// Being read.
    Pending,
    /// The module's source and when it was made.
    Ready(Vec<u8>, Instant),
    /// Served once already, or given up on.
    Spent,
}

/// The answers between the thread that reads them and the page's one request for them.
pub struct FirstView {
    slot: Mutex<Slot>,
    ready: Condvar,
}

impl Default for FirstView {
    fn default() -> Self {
        Self { slot: Mutex::new(Slot::Pending), ready: Condvar::new() }
    }
}

impl FirstView {
    /// Stores the answers as the module's source and wakes a request waiting for them.
    pub fn provide(&self, answers: &FirstAnswers) {
        let source = match serde_json::to_string(answers) {
            Ok(json) => format!("// The start page's first answers, read by the app as it started (first_view.rs).\nexport default {json};\n"),
            Err(_) => return self.give_up(),
        };
        let mut slot = self.lock();
        if matches!(*slot, Slot::Pending) {
            *slot = Slot::Ready(source.into_bytes(), Instant::now());
        }
        self.ready.notify_all();
    }

    /// No answers will come: the page's request gets the file in `ui/` (`null`).
    pub fn give_up(&self) {
        let mut slot = self.lock();
        if matches!(*slot, Slot::Pending) {
            *slot = Slot::Spent;
        }
        self.ready.notify_all();
    }

    /// The module's source, once: waits up to `wait` for answers still being read, and gives
    /// nothing for answers older than [`MAX_AGE`] or when they were served before.
    fn take(&self, wait: Duration) -> Option<Vec<u8>> {
        let slot = self.lock();
        let (mut slot, _) = self
            .ready
            .wait_timeout_while(slot, wait, |slot| matches!(slot, Slot::Pending))
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match std::mem::replace(&mut *slot, Slot::Spent) {
            Slot::Ready(source, made) if made.elapsed() <= MAX_AGE => Some(source),
            _ => None,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Slot> {
        // The slot is whole whatever a panicking holder did: each change is one assignment.
        self.slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Opens the main window as configured in `tauri.conf.json` (`"create": false` there), with its
/// requests for [`MODULE_PATH`] answered by [`answer_module_request`].
pub fn open_main_window(app: &tauri::App, first_view: Arc<FirstView>) -> tauri::Result<()> {
    let Some(config) = app.config().app.windows.iter().find(|window| window.label == "main") else {
        return Err(tauri::Error::WindowNotFound);
    };
    tauri::WebviewWindowBuilder::from_config(app.handle(), config)?
        .on_web_resource_request(move |request, response| answer_module_request(&first_view, &request, response))
        .build()?;
    Ok(())
}

/// Gives the page's first request for [`MODULE_PATH`] the answers in place of the file in `ui/`,
/// and tells WebKit to keep no copy of either: a reload must ask again and get `null`, or it would
/// show the answers of the network it has just left.
pub fn answer_module_request(
    first_view: &FirstView,
    request: &http::Request<Vec<u8>>,
    response: &mut http::Response<Cow<'static, [u8]>>,
) {
    if request.uri().path() != MODULE_PATH {
        return;
    }
    if let Some(source) = first_view.take(WAIT_FOR_ANSWERS) {
        *response.body_mut() = Cow::Owned(source);
    }
    response.headers_mut().insert(http::header::CACHE_CONTROL, http::HeaderValue::from_static("no-store"));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers() -> FirstAnswers {
        FirstAnswers {
            app_info: Some(
                serde_json::json!({ "network_name": "Första linjen </script> \u{2028}", "version": "0.1.0" }),
            ),
            meeting_overview: None,
            list_labels: Some(serde_json::json!({ "stage": [] })),
        }
    }

    fn json_of(source: &[u8]) -> serde_json::Value {
        let text = std::str::from_utf8(source).unwrap();
        let json = text.split_once("export default ").unwrap().1.trim_end().strip_suffix(';').unwrap();
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn the_page_gets_the_answers_once_then_the_file_in_ui() {
        let first_view = FirstView::default();
        first_view.provide(&answers());
        let source = first_view.take(Duration::ZERO).expect("the first request gets the answers");
        let json = json_of(&source);
        assert_eq!(json["app_info"]["network_name"], "Första linjen </script> \u{2028}");
        assert!(json.get("meeting_overview").is_none(), "an answer that could not be read is left out");
        assert!(first_view.take(Duration::ZERO).is_none(), "a reload asks the commands");
    }

    #[test]
    fn a_request_waits_for_answers_being_read() {
        let first_view = Arc::new(FirstView::default());
        let reader = {
            let first_view = Arc::clone(&first_view);
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(20));
                first_view.provide(&answers());
            })
        };
        assert!(first_view.take(Duration::from_secs(5)).is_some());
        reader.join().unwrap();
    }

    #[test]
    fn answers_not_ready_in_time_are_not_served_later() {
        let first_view = FirstView::default();
        assert!(first_view.take(Duration::from_millis(1)).is_none());
        first_view.provide(&answers());
        assert!(first_view.take(Duration::ZERO).is_none(), "the page has asked the commands already");
    }

    fn request_for(path: &str) -> http::Request<Vec<u8>> {
        http::Request::builder().uri(format!("tauri://localhost{path}")).body(Vec::new()).unwrap()
    }

    fn file_in_ui() -> http::Response<Cow<'static, [u8]>> {
        http::Response::new(Cow::Borrowed(b"export default null;\n".as_slice()))
    }

    #[test]
    fn the_module_request_gets_the_answers_once_and_webkit_keeps_no_copy() {
        let first_view = FirstView::default();
        first_view.provide(&answers());
        let mut first = file_in_ui();
        answer_module_request(&first_view, &request_for(MODULE_PATH), &mut first);
        assert_eq!(json_of(first.body())["list_labels"]["stage"], serde_json::json!([]));
        assert_eq!(first.headers()[http::header::CACHE_CONTROL], "no-store");

        let mut reload = file_in_ui();
        answer_module_request(&first_view, &request_for(MODULE_PATH), &mut reload);
        assert_eq!(reload.body().as_ref(), b"export default null;\n", "a reload gets the file in ui/");
        assert_eq!(reload.headers()[http::header::CACHE_CONTROL], "no-store");
    }

    #[test]
    fn other_files_are_served_as_they_are() {
        let first_view = FirstView::default();
        first_view.provide(&answers());
        let mut other = file_in_ui();
        answer_module_request(&first_view, &request_for("/js/api.js"), &mut other);
        assert_eq!(other.body().as_ref(), b"export default null;\n");
        assert!(other.headers().get(http::header::CACHE_CONTROL).is_none());
        assert!(first_view.take(Duration::ZERO).is_some(), "the answers still wait for the page");
    }

    #[test]
    fn giving_up_answers_at_once() {
        let first_view = FirstView::default();
        first_view.give_up();
        let asked = Instant::now();
        assert!(first_view.take(Duration::from_secs(5)).is_none());
        assert!(asked.elapsed() < Duration::from_secs(5));
    }
}
