//! The error the UI receives from every command: `{kind, message, field}` with a Swedish message.

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct IpcError {
    /// Stable name of the kind of error, for the UI to act on (never match on `message`).
    pub kind: &'static str,
    /// A Swedish sentence for the person using the app.
    pub message: String,
    /// The form field the error belongs to, when it is about one input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
}

impl IpcError {
    pub fn internal(message: &str) -> Self {
        IpcError { kind: "internal", message: message.to_string(), field: None }
    }
}

impl From<natverk_core::Error> for IpcError {
    fn from(error: natverk_core::Error) -> Self {
        IpcError { kind: error.kind(), message: error.to_string(), field: error.field() }
    }
}
