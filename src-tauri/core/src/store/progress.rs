//! Progress of long work (exchange import, export and sync; backup and restore), and stopping it: the core reports steps to
//! a [`Progress`] it is given; the CLI prints them on a terminal, the window shows a progress bar.
//!
//! Work that is stopped returns an error before anything is committed, so nothing half-done is kept.

use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::{Error, Result};

/// How far one piece of work has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Step {
    /// What is being done, in Swedish ("Läser utbytesfilen").
    pub what: &'static str,
    pub done: u64,
    pub total: u64,
}

/// Receives progress; [`Progress::keep_going`] is asked at every step.
pub trait Progress {
    /// Shows `step`.
    fn report(&self, step: Step);
    /// Whether to continue; `false` stops the work (nothing of it is kept).
    fn keep_going(&self) -> bool {
        true
    }
}

/// No one is watching.
pub struct Silent;

impl Progress for Silent {
    fn report(&self, _step: Step) {}
}

/// A stop button: work that reports to it stops at its next step once [`CancelFlag::cancel`] was called.
#[derive(Debug, Default)]
pub struct CancelFlag(AtomicBool);

impl CancelFlag {
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Clears the flag for the next piece of work.
    pub fn reset(&self) {
        self.0.store(false, Ordering::SeqCst);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// The error work returns when it was stopped.
pub fn cancelled() -> Error {
    Error::invalid("cancel", "Avbrutet. Inget av det som påbörjades har sparats.")
}

/// Reports `step` and stops the work (with [`cancelled`]) if asked to.
pub(crate) fn step(progress: &dyn Progress, what: &'static str, done: u64, total: u64) -> Result<()> {
    progress.report(Step { what, done, total });
    if progress.keep_going() {
        Ok(())
    } else {
        Err(cancelled())
    }
}

/// How often (in records) long loops report.
pub(crate) const EVERY: u64 = 2_000;
