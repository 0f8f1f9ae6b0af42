//! Members of the network: who they are, the FSS-membership rule, their SQL, and member lists as
//! CSV files (import with preview, Excel-safe export).
//!
//! `member` owns the `members` table; `csv` builds on it. Erasure and register extracts reach
//! other domains too and live in `crate::privacy`.

pub mod csv;
pub mod member;

pub use member::{
    active_for_invitation, active_summaries, exists, get, list, membership_warning, person_choices, Invitee, Member,
    MemberInput, MemberStatus, MemberSummary, NetworkRole, PersonChoice, ValidMember, ANONYMISED_NAME,
    MEMBERSHIP_CHECK_VALID_MONTHS, NOT_A_MEMBER_MESSAGE,
};
pub use member::{create, update};
