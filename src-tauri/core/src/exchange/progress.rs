//! Progress and stopping for exchange work: the shared [`crate::store::progress`], named where the exchange's callers look for it.

pub use crate::store::progress::{cancelled, CancelFlag, Progress, Silent, Step};
pub(crate) use crate::store::progress::{step, EVERY};
