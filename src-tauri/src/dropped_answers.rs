//! Answers to invitations dropped on the window: told apart from other dropped files by their content, read once, kept under an id.
//!
//! A drop holding an iTIP REPLY (an .ics with `METHOD:REPLY`, or a mail carrying one) or a mail
//! (`.eml`, which no other import takes) is a drop of answers: all its files are read at once, within
//! the answers import's caps, and the window gets `{id, names}` ([`crate::window_drops`]); the
//! preview and the apply use these bytes. Any other drop goes to the import on screen as before
//! ([`crate::chosen_files`]). As with chosen files, the web view never names a path.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use natverk_core::calendar::replies::{self, AnswerFile};
use serde::Serialize;

use crate::ipc_error::IpcError;

/// Dropped answer files as the web view sees them.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DroppedAnswerFiles {
    pub id: String,
    pub names: Vec<String>,
}

/// What a drop is for.
#[derive(Debug)]
pub enum SortedDrop {
    /// Answers to invitations: the files read (or why they could not be).
    Answers { names: Vec<String>, files: Result<Vec<AnswerFile>, IpcError> },
    /// Something else: the first dropped file goes to the import on screen.
    Other(PathBuf),
    /// No file (folders only).
    Nothing,
}

fn is_mail(path: &Path) -> bool {
    path.extension().is_some_and(|extension| extension.eq_ignore_ascii_case("eml"))
}

fn name_of(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "filen".into())
}

/// Reads the dropped files (each within the answers' cap, at most [`replies::MAX_FILES`] and
/// [`replies::MAX_TOTAL_BYTES`] together) and decides what the drop is for.
pub fn sort_drop(paths: &[PathBuf]) -> SortedDrop {
    let dropped: Vec<&PathBuf> = paths.iter().filter(|path| path.is_file()).collect();
    let Some(first) = dropped.first() else { return SortedDrop::Nothing };
    let mut answers = false;
    let mut files = Vec::new();
    let mut failure: Option<natverk_core::Error> = None;
    let mut total: u64 = 0;
    for path in dropped.iter().take(replies::MAX_FILES) {
        answers |= is_mail(path);
        match replies::read_file(path) {
            Ok(file) => {
                answers |= replies::holds_reply(&file.bytes);
                total = total.saturating_add(file.bytes.len() as u64);
                if total > replies::MAX_TOTAL_BYTES {
                    failure.get_or_insert_with(replies::too_much_together);
                    break;
                }
                files.push(file);
            }
            Err(error) => {
                failure.get_or_insert(error);
            }
        }
    }
    if !answers {
        return SortedDrop::Other((*first).clone());
    }
    if dropped.len() > replies::MAX_FILES {
        failure = Some(replies::too_many_files());
    }
    let names = dropped.iter().map(|path| name_of(path)).collect();
    SortedDrop::Answers { names, files: failure.map_or(Ok(files), |error| Err(IpcError::from(error))) }
}

/// The answer files dropped last (managed state of the app); a new drop replaces them.
#[derive(Default)]
pub struct DroppedAnswers {
    inner: Mutex<Kept>,
}

/// A drop's files as read, or why they could not be.
type ReadFiles = Result<Arc<Vec<AnswerFile>>, IpcError>;

#[derive(Default)]
struct Kept {
    counter: u64,
    latest: Option<(String, ReadFiles)>,
}

impl DroppedAnswers {
    /// Keeps a drop's files (or why they could not be read) under a new id.
    pub fn keep(&self, names: Vec<String>, files: Result<Vec<AnswerFile>, IpcError>) -> DroppedAnswerFiles {
        let mut kept = self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        kept.counter += 1;
        let id = format!("svar-{}", kept.counter);
        kept.latest = Some((id.clone(), files.map(Arc::new)));
        DroppedAnswerFiles { id, names }
    }

    /// The files of the drop `id`; refused when a newer drop replaced it.
    pub fn files(&self, id: &str) -> Result<Arc<Vec<AnswerFile>>, IpcError> {
        let kept = self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match &kept.latest {
            Some((latest, files)) if latest == id => files.clone(),
            _ => Err(IpcError {
                kind: "invalid",
                message: "Svarsfilerna är inte kvar. Släpp dem i fönstret igen.".into(),
                field: Some("files"),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/mail/fixtures/replies");

    fn copy_fixture(dir: &Path, name: &str, as_name: &str) -> PathBuf {
        let path = dir.join(as_name);
        std::fs::copy(Path::new(FIXTURES).join(name), &path).unwrap();
        path
    }

    fn names_in(sorted: &SortedDrop) -> Vec<String> {
        match sorted {
            SortedDrop::Answers { files: Ok(files), .. } => files.iter().map(|f| f.name.clone()).collect(),
            other => panic!("not answers read: {other:?}"),
        }
    }

    #[test]
    fn a_reply_is_told_by_its_content_whatever_its_name() {
        let dir = tempfile::tempdir().unwrap();
        let reply = copy_fixture(dir.path(), "google-declined.ics", "invite.ics");
        let mail = copy_fixture(dir.path(), "outlook-accepted.eml", "Accepterat.eml");
        let unnamed = copy_fixture(dir.path(), "outlook-accepted.eml", "meddelande");
        let sorted = sort_drop(&[reply.clone(), mail, unnamed.clone()]);
        assert_eq!(names_in(&sorted), ["invite.ics", "Accepterat.eml", "meddelande"]);
        assert!(matches!(sort_drop(&[unnamed]), SortedDrop::Answers { files: Ok(_), .. }), "a mail without .eml");

        let request = dir.path().join("svar.ics");
        std::fs::write(
            &request,
            "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        )
        .unwrap();
        match sort_drop(std::slice::from_ref(&request)) {
            SortedDrop::Other(path) => assert_eq!(path, request, "an invitation goes to the calendar import"),
            other => panic!("{other:?}"),
        }
        // A drop of an invitation and an answer is a drop of answers; the preview names the invitation.
        assert_eq!(names_in(&sort_drop(&[request, reply])), ["svar.ics", "invite.ics"]);
        assert!(matches!(sort_drop(&[dir.path().to_path_buf()]), SortedDrop::Nothing), "a folder alone");
    }

    #[test]
    fn a_dropped_mail_too_big_to_read_is_refused_in_swedish_and_a_big_other_file_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let big = vec![b'a'; replies::MAX_FILE_BYTES as usize + 1];
        let mail = dir.path().join("stort.eml");
        std::fs::write(&mail, &big).unwrap();
        match sort_drop(&[mail]) {
            SortedDrop::Answers { names, files: Err(error) } => {
                assert_eq!(names, ["stort.eml"]);
                assert!(error.message.contains("stort.eml är större än 10 MB"), "{}", error.message);
            }
            other => panic!("{other:?}"),
        }
        let bundle = dir.path().join("natverket.natverk");
        std::fs::write(&bundle, &big).unwrap();
        assert!(matches!(sort_drop(&[bundle]), SortedDrop::Other(_)), "the bundle import says what is wrong with it");
    }

    #[test]
    fn only_the_latest_drop_is_kept() {
        let dropped = DroppedAnswers::default();
        let first = dropped.keep(vec!["a.eml".into()], Ok(Vec::new()));
        assert!(dropped.files(&first.id).is_ok());
        let second = dropped.keep(vec!["b.eml".into()], Ok(Vec::new()));
        assert_ne!(first.id, second.id);
        assert!(dropped.files(&first.id).unwrap_err().message.contains("Släpp dem i fönstret igen"));
        assert!(dropped.files(&second.id).is_ok());
    }
}
