//! Meetings (träffar) and everything that happens at one: the meeting itself and its SQL,
//! scheduling with holiday and overlap warnings, series of meetings, hosts, attendance,
//! presentations, members' answers to invitations, attendance from Teams' attendance reports, and the
//! read models of the meeting pages.
//!
//! Parts depend on each other in one direction only: `meeting` ← `hosts` ← `schedule` ← `series`;
//! `attendance`, `answers` and `presentations` build on `meeting`; `views` reads them all.
//! `teams_report` reads Teams' attendance files and touches no database; `teams_attendance` matches
//! its people to members and records their attendance through `attendance`. Members are
//! referred to through `crate::members`; examples are never imported here (examples build on meetings).

pub mod answers;
pub mod attendance;
pub mod hosts;
pub mod meeting;
pub mod presentations;
pub mod schedule;
pub mod series;
pub mod teams_attendance;
pub mod teams_report;
pub mod views;

pub use hosts::{hosts, set_hosts, Host};
pub use meeting::{
    cancel, get, input_of, list, reinstate, save_record, Meeting, MeetingInput, MeetingStatus, NotesStatus,
    RecordInput, ValidMeeting, FOCUS_MAX_CHARS,
};
pub use schedule::{check, reschedule, schedule, warnings_for, Scheduled, SchedulingWarning, WarningKind};
pub use views::{
    detail, focus_so_far, overview, FocusEntry, MeetingDetail, Overview, OVERVIEW_FIGURES_MEETINGS,
    OVERVIEW_LIST_LENGTH,
};
