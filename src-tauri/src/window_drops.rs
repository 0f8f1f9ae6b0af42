//! Drops on the window handed to the web view as the answer to a waiting command, not as an event.
//!
//! A Tauri event listener is registered by evaluating a script in the page, and WebKitGTK hands the
//! result of every evaluated script back to the app's own process as a JavaScript value: the first
//! one starts a JavaScript engine there (1.4 MiB more PSS at startup; README, Performance). The
//! window listens for drops for its whole life, so it asks instead: `next_window_drop` waits until
//! something newer than what the page has seen is dropped and answers with it ([`WindowDrop`]).
//! Only the newest drop is kept, as before: a page that asks late gets it once, a page that asks
//! for the first time waits for the next one.

use serde::Serialize;
use tokio::sync::watch;

use crate::chosen_files::ChosenFile;
use crate::dropped_answers::DroppedAnswerFiles;
use crate::ipc_error::IpcError;

/// What was dropped, as the web view sees it: `{kind: "answers", id, names}` or `{kind: "file", id, name}`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Dropped {
    /// Answers to invitations ([`crate::dropped_answers`]), for the answers preview.
    Answers(DroppedAnswerFiles),
    /// Any other file, kept like a chosen one, for the import on screen.
    File(ChosenFile),
}

/// A drop with its number: the page passes the last number it got to wait for the next drop.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct WindowDrop {
    pub seq: u64,
    #[serde(flatten)]
    pub dropped: Dropped,
}

/// The newest drop on the window (managed state of the app), and whoever waits for the next one.
pub struct WindowDrops {
    newest: watch::Sender<Option<WindowDrop>>,
}

impl Default for WindowDrops {
    fn default() -> Self {
        Self { newest: watch::Sender::new(None) }
    }
}

impl WindowDrops {
    /// Hands a drop to the page that waits (or to the next page that asks).
    pub fn post(&self, dropped: Dropped) {
        self.newest.send_modify(|newest| {
            let seq = newest.as_ref().map_or(1, |drop| drop.seq.saturating_add(1));
            *newest = Some(WindowDrop { seq, dropped });
        });
    }

    fn newest_seq(&self) -> u64 {
        self.newest.borrow().as_ref().map_or(0, |drop| drop.seq)
    }

    /// The first drop numbered after `after`; with `None`, the first drop from now on.
    pub async fn next_after(&self, after: Option<u64>) -> Result<WindowDrop, IpcError> {
        let after = after.unwrap_or_else(|| self.newest_seq());
        let mut receiver = self.newest.subscribe();
        let newer = receiver
            .wait_for(|newest| newest.as_ref().is_some_and(|drop| drop.seq > after))
            .await
            .map_err(|_| IpcError::internal("fönstret tar inte längre emot släppta filer"))?;
        newer.clone().ok_or_else(|| IpcError::internal("den släppta filen försvann"))
    }
}

#[cfg(test)]
mod tests {
    use std::future::Future;

    use super::*;

    fn file(id: &str) -> Dropped {
        Dropped::File(ChosenFile { id: id.into(), name: format!("{id}.csv") })
    }

    fn now<T>(future: impl Future<Output = T>) -> Option<T> {
        let mut future = std::pin::pin!(future);
        let mut context = std::task::Context::from_waker(std::task::Waker::noop());
        match future.as_mut().poll(&mut context) {
            std::task::Poll::Ready(value) => Some(value),
            std::task::Poll::Pending => None,
        }
    }

    #[test]
    fn a_page_that_asks_for_the_first_time_waits_for_the_next_drop_and_gets_each_drop_once() {
        let drops = WindowDrops::default();
        drops.post(file("fil-1"));
        assert!(now(drops.next_after(None)).is_none(), "a drop before the page asked is not handed to it");

        drops.post(file("fil-2"));
        let second = now(drops.next_after(Some(1))).expect("newer than 1").unwrap();
        assert_eq!((second.seq, second.dropped), (2, file("fil-2")));
        assert!(now(drops.next_after(Some(second.seq))).is_none(), "the same drop twice");
    }

    #[test]
    fn a_waiting_page_gets_the_drop_when_it_comes() {
        let drops = WindowDrops::default();
        let mut waiting = std::pin::pin!(drops.next_after(None));
        let mut context = std::task::Context::from_waker(std::task::Waker::noop());
        assert!(waiting.as_mut().poll(&mut context).is_pending());
        let answers =
            Dropped::Answers(DroppedAnswerFiles { id: "svar-1".into(), names: vec!["Accepterat.eml".into()] });
        drops.post(answers.clone());
        match waiting.as_mut().poll(&mut context) {
            std::task::Poll::Ready(Ok(drop)) => assert_eq!(drop.dropped, answers),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_page_sees_the_kind_beside_the_fields_it_had_from_the_events() {
        let answers = WindowDrop {
            seq: 3,
            dropped: Dropped::Answers(DroppedAnswerFiles { id: "svar-2".into(), names: vec!["a.eml".into()] }),
        };
        assert_eq!(
            serde_json::to_value(&answers).unwrap(),
            serde_json::json!({"seq": 3, "kind": "answers", "id": "svar-2", "names": ["a.eml"]})
        );
        let dropped_file = WindowDrop { seq: 4, dropped: file("fil-9") };
        assert_eq!(
            serde_json::to_value(&dropped_file).unwrap(),
            serde_json::json!({"seq": 4, "kind": "file", "id": "fil-9", "name": "fil-9.csv"})
        );
    }
}
