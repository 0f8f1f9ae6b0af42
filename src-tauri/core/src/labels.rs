//! The Swedish words for every enumeration the UI shows, served from the core so the UI never types them again.

use serde::Serialize;

use crate::calendar::import::ImportAction;
use crate::examples::Stage;
use crate::exchange::Scope;
use crate::medskick::{Addressee, Status as MedskickStatus};
use crate::meetings::answers::Answer;
use crate::meetings::attendance::AttendanceStatus;
use crate::meetings::teams_attendance::{MatchedBy, PlannedChange, UnmatchedReason};
use crate::meetings::{MeetingStatus, NotesStatus};
use crate::members::csv::RowOutcome;
use crate::members::{MemberStatus, NetworkRole};
use crate::proposals::Status as ProposalStatus;
use crate::settings::{SmtpDelivery, SmtpSecurity};
use crate::sharing::Sharing;

/// One value of an enumeration: the code the backend stores and the Swedish label people read.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Label {
    pub code: &'static str,
    pub label: &'static str,
}

/// Every enumeration the UI offers as a choice, in declaration order.
#[derive(Debug, Clone, Serialize)]
pub struct Labels {
    pub stage: Vec<Label>,
    /// Who may read what members write (examples, medskick, assessments): inside the network or open.
    pub sharing: Vec<Label>,
    pub attendance_status: Vec<Label>,
    pub meeting_status: Vec<Label>,
    pub notes_status: Vec<Label>,
    pub member_status: Vec<Label>,
    pub network_role: Vec<Label>,
    pub exchange_scope: Vec<Label>,
    /// What a member import does with a row.
    pub member_import_outcome: Vec<Label>,
    /// What a calendar import does with an event.
    pub calendar_import_action: Vec<Label>,
    /// Medskick: how far it has come, whom it is for.
    pub medskick_status: Vec<Label>,
    pub medskick_addressee: Vec<Label>,
    /// Where a proposal the network follows is in its course.
    pub proposal_status: Vec<Label>,
    /// A member's answer to an invitation (ja, kanske, nej).
    pub answer: Vec<Label>,
    /// Attendance from a Teams report: how a person was matched, what happens, why someone was not matched.
    pub teams_matched_by: Vec<Label>,
    pub teams_change: Vec<Label>,
    pub teams_unmatched_reason: Vec<Label>,
    pub smtp_security: Vec<Label>,
    pub smtp_delivery: Vec<Label>,
}

macro_rules! labels_of {
    ($enum:ty) => {
        <$enum>::ALL.iter().map(|value| Label { code: value.code(), label: value.label() }).collect()
    };
}

/// The labels of every enumeration the UI shows.
pub fn catalogue() -> Labels {
    Labels {
        stage: labels_of!(Stage),
        sharing: labels_of!(Sharing),
        attendance_status: labels_of!(AttendanceStatus),
        meeting_status: labels_of!(MeetingStatus),
        notes_status: labels_of!(NotesStatus),
        member_status: labels_of!(MemberStatus),
        network_role: labels_of!(NetworkRole),
        exchange_scope: labels_of!(Scope),
        member_import_outcome: labels_of!(RowOutcome),
        calendar_import_action: labels_of!(ImportAction),
        medskick_status: labels_of!(MedskickStatus),
        medskick_addressee: labels_of!(Addressee),
        proposal_status: labels_of!(ProposalStatus),
        answer: labels_of!(Answer),
        teams_matched_by: labels_of!(MatchedBy),
        teams_change: labels_of!(PlannedChange),
        teams_unmatched_reason: labels_of!(UnmatchedReason),
        smtp_security: labels_of!(SmtpSecurity),
        smtp_delivery: labels_of!(SmtpDelivery),
    }
}
