//! The Swedish words for every enumeration the UI shows, served from the core so the UI never types them again.

use serde::Serialize;

use crate::calendar::import::ImportAction;
use crate::examples::Stage;
use crate::exchange::Scope;
use crate::meetings::answers::Answer;
use crate::meetings::attendance::AttendanceStatus;
use crate::meetings::{MeetingStatus, NotesStatus};
use crate::members::csv::RowOutcome;
use crate::members::{MemberStatus, NetworkRole};
use crate::settings::{SmtpDelivery, SmtpSecurity};

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
    /// A member's answer to an invitation (ja, kanske, nej).
    pub answer: Vec<Label>,
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
        attendance_status: labels_of!(AttendanceStatus),
        meeting_status: labels_of!(MeetingStatus),
        notes_status: labels_of!(NotesStatus),
        member_status: labels_of!(MemberStatus),
        network_role: labels_of!(NetworkRole),
        exchange_scope: labels_of!(Scope),
        member_import_outcome: labels_of!(RowOutcome),
        calendar_import_action: labels_of!(ImportAction),
        answer: labels_of!(Answer),
        smtp_security: labels_of!(SmtpSecurity),
        smtp_delivery: labels_of!(SmtpDelivery),
    }
}
