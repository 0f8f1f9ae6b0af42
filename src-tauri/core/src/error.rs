//! The one error type of the core: every failure a caller can meet, with a Swedish message a person understands.
//!
//! Messages never contain personal data beyond what the user just typed, so they are safe to show
//! and log. They never contain SQLite's own text either: an unexpected database failure shows a
//! Swedish sentence, and [`Error::internal_detail`] keeps SQLite's words for the log.

use std::path::PathBuf;

/// Shorthand used throughout the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file exists but is not a SQLite database, or is a SQLite database of another program.
    #[error("Filen {} är inte en databas för Nätverket. Välj en annan fil eller flytta undan den här.", .path.display())]
    NotADatabase { path: PathBuf },

    /// The database file (or its folder) cannot be written.
    #[error("Databasen {} är skrivskyddad. Kontrollera filens behörigheter eller välj en annan plats.", .path.display())]
    ReadOnly { path: PathBuf },

    /// The file could not be opened or created at all.
    #[error("Databasen {} kunde inte öppnas: {reason}", .path.display())]
    CannotOpen { path: PathBuf, reason: String },

    /// The database was written by a newer version of the app.
    #[error("Databasen har skapats av en nyare version av Nätverket (schemaversion {found}, den här versionen känner till {supported}). Uppdatera appen.")]
    SchemaTooNew { found: i64, supported: i64 },

    /// A value given by the user is not acceptable; `field` names the input it belongs to.
    #[error("{message}")]
    Invalid { field: &'static str, message: String },

    /// Free text looks like it holds a Swedish personal identity number; saved only after the user confirms.
    #[error("{message}")]
    SensitiveData { field: &'static str, message: String },

    /// The record asked for does not exist.
    #[error("{what} finns inte (id {id}).")]
    NotFound { what: &'static str, id: String },

    /// Reading or writing a file chosen by the user failed.
    #[error("Filen {} kunde inte läsas eller skrivas: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// An unexpected database failure (a bug or a broken file), not caused by user input.
    #[error("Ett oväntat fel uppstod i databasen, så det som skulle sparas har inte sparats. Försök igen; starta om appen om felet finns kvar.")]
    Database(#[from] rusqlite::Error),

    /// Upgrading the schema failed; nothing was changed.
    #[error("Databasen kunde inte uppgraderas till den här versionen av Nätverket. Inget har ändrats.")]
    Migration(#[from] rusqlite_migration::Error),
}

impl Error {
    /// Builds an [`Error::Invalid`] for `field`.
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Error::Invalid { field, message: message.into() }
    }

    /// A stable, machine-readable name for the kind of error, for the UI and for scripts.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::NotADatabase { .. } => "not_a_database",
            Error::ReadOnly { .. } => "read_only",
            Error::CannotOpen { .. } => "cannot_open",
            Error::SchemaTooNew { .. } => "schema_too_new",
            Error::Invalid { .. } => "invalid",
            Error::SensitiveData { .. } => "sensitive_data",
            Error::NotFound { .. } => "not_found",
            Error::Io { .. } => "io",
            Error::Database(_) => "database",
            Error::Migration(_) => "migration",
        }
    }

    /// What went wrong inside, for the log only: SQLite's or the migration's own words, which the
    /// Swedish message leaves out. `None` for errors whose message says everything.
    pub fn internal_detail(&self) -> Option<String> {
        match self {
            Error::Database(inner) => Some(inner.to_string()),
            Error::Migration(inner) => Some(inner.to_string()),
            Error::CannotOpen { reason, .. } => Some(reason.clone()),
            Error::Io { source, .. } => Some(source.to_string()),
            _ => None,
        }
    }

    /// The input field a validation error belongs to, if any.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Error::Invalid { field, .. } | Error::SensitiveData { field, .. } => Some(field),
            _ => None,
        }
    }
}
