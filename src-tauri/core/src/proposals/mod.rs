//! Bevakning: government and agency proposals that affect social services (SOU, Ds, propositions,
//! remisser), with their dates, the network's assessment of what they mean for the first line, and
//! the medskick and examples they relate to; a list by the next deadline and a compiled overview.
//!
//! Parts depend on each other in one direction only: `proposal` ← `overview`. Proposals build on
//! examples and medskick (what they relate to); neither of those imports `proposals`.

pub mod overview;
pub mod proposal;

pub use proposal::{
    create, delete, get, list, update, NextDate, Proposal, ProposalInput, ProposalLink, RelatedItem, Status,
};
