//! Read models across domains: figures that join members, meetings and examples for a view, and the
//! yearly report (verksamhetsberättelse) over everything the network did in a period.
//!
//! Nothing here writes. This is the one place allowed to read other domains' tables together;
//! no domain module imports `reports`.

pub mod municipalities;
pub mod yearly;
