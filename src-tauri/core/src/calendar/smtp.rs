//! Sending invitation mail over SMTP: the connection (TLS, STARTTLS, or none to this computer only), the password, and a result per recipient.
//!
//! Every recipient gets a transaction of its own on a reused connection, so a server that refuses
//! one address leaves the others delivered and reported. The connection and login are tried before
//! the first message, so a wrong password, an unreachable server or a TLS failure stops with a
//! Swedish error before anything is sent. The password is taken from the caller (kept in memory by
//! the app), `NATVERK_SMTP_PASSWORD` (scripts) or the operating system's keyring, and is never
//! written to the database or a log.

use std::time::Duration;

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::transport::smtp::SmtpTransport;
use lettre::{Message, Transport};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::settings::{is_loopback_host, SmtpSecurity, SmtpSettings};

/// The environment variable scripts give the SMTP password in.
pub const PASSWORD_ENV: &str = "NATVERK_SMTP_PASSWORD";

/// Debug builds only: a PEM file of a certificate authority to trust besides the system's, so the
/// tests can run a TLS server with a certificate they made. Release builds ignore it.
pub const TEST_CA_ENV: &str = "NATVERKET_SMTP_TEST_CA";

/// The keyring service the password is stored under (the entry is `user@host`).
const KEYRING_SERVICE: &str = "Nätverket SMTP";

/// How long one network step may take before the server counts as unreachable.
const TIMEOUT: Duration = Duration::from_secs(30);

/// Where the password for sending comes from, when the caller has none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PasswordState {
    /// The server takes mail without logging in (no user name set).
    NotNeeded,
    /// Given in `NATVERK_SMTP_PASSWORD`.
    FromEnvironment,
    /// Stored in the operating system's keyring.
    InKeyring,
    /// The keyring works but holds no password for this account: ask for it.
    Missing,
    /// This system has no keyring service: ask for the password each time (kept in memory only).
    NoKeyring,
}

fn keyring_entry(settings: &SmtpSettings) -> std::result::Result<keyring::Entry, keyring::Error> {
    keyring::Entry::new(KEYRING_SERVICE, &format!("{}@{}", settings.username, settings.host))
}

fn environment_password() -> Option<String> {
    std::env::var(PASSWORD_ENV).ok().filter(|password| !password.is_empty())
}

/// The password for the configured account: from the environment, else from the keyring.
fn stored_password(settings: &SmtpSettings) -> (PasswordState, Option<String>) {
    if settings.username.is_empty() {
        return (PasswordState::NotNeeded, None);
    }
    if let Some(password) = environment_password() {
        return (PasswordState::FromEnvironment, Some(password));
    }
    match keyring_entry(settings).and_then(|entry| entry.get_password()) {
        Ok(password) => (PasswordState::InKeyring, Some(password)),
        Err(keyring::Error::NoEntry) => (PasswordState::Missing, None),
        Err(_) => (PasswordState::NoKeyring, None),
    }
}

/// Whether a password is at hand for the configured account, and where from (never the password).
pub fn password_state(settings: &SmtpSettings) -> PasswordState {
    stored_password(settings).0
}

/// Saves the password in the operating system's keyring; says so plainly where there is none.
pub fn remember_password(settings: &SmtpSettings, password: &str) -> Result<()> {
    if settings.username.is_empty() || settings.host.is_empty() {
        return Err(Error::invalid(
            "smtp_password",
            "Ange e-postserver och användarnamn innan du sparar ett lösenord.",
        ));
    }
    keyring_entry(settings).and_then(|entry| entry.set_password(password)).map_err(|_| {
        Error::invalid(
            "smtp_password",
            "Datorn har ingen nyckelring (lösenordsförvaring) som appen kan använda, så lösenordet sparades inte. \
             Appen frågar efter det varje gång du skickar och glömmer det när den stängs.",
        )
    })
}

/// Removes the password from the keyring (nothing happens when none is stored, or where there is no
/// keyring service to store one in).
pub fn forget_password(settings: &SmtpSettings) -> Result<()> {
    match keyring_entry(settings).and_then(|entry| entry.delete_credential()) {
        Ok(()) | Err(keyring::Error::NoEntry) | Err(keyring::Error::PlatformFailure(_)) => Ok(()),
        Err(_) => Err(Error::invalid("smtp_password", "Lösenordet kunde inte tas bort ur nyckelringen.")),
    }
}

/// One recipient's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecipientResult {
    pub name: String,
    pub email: String,
    pub delivered: bool,
    /// Why not, in Swedish, when not delivered (the server's answer where it gave one).
    pub reason: String,
}

/// What a send did, recipient by recipient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SendReport {
    /// REQUEST or CANCEL.
    pub method: String,
    pub delivered: usize,
    pub refused: usize,
    pub results: Vec<RecipientResult>,
}

/// One message and the recipient its envelope goes to.
pub struct Outgoing {
    pub name: String,
    pub email: String,
    pub message: Message,
}

/// Connects (and logs in) once, then sends each message in a transaction of its own.
/// `progress(done, total)` is called after every recipient.
pub fn send(
    settings: &SmtpSettings,
    password: Option<&str>,
    method: &str,
    outgoing: &[Outgoing],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<SendReport> {
    let settings = settings.validated()?;
    if settings.host.is_empty() {
        return Err(Error::invalid(
            "smtp_host",
            "Ange e-postserver (SMTP) under Inställningar innan du skickar inbjudningar.",
        ));
    }
    let password = match password.filter(|p| !p.is_empty()) {
        Some(given) => Some(given.to_string()),
        None => match stored_password(&settings) {
            (_, Some(found)) => Some(found),
            (PasswordState::NotNeeded, None) => None,
            (PasswordState::NoKeyring, None) => {
                return Err(Error::invalid(
                    "smtp_password",
                    format!(
                        "Datorn har ingen nyckelring där lösenordet kan sparas. Skriv lösenordet när du skickar, \
                         eller ange det i {PASSWORD_ENV}."
                    ),
                ))
            }
            (_, None) => {
                return Err(Error::invalid(
                    "smtp_password",
                    format!(
                    "Lösenordet till e-postservern saknas. Skriv det när du skickar, eller ange det i {PASSWORD_ENV}."
                ),
                ))
            }
        },
    };
    let transport = transport(&settings, password)?;
    transport.test_connection().map_err(|error| connection_error(&settings, &error))?;

    let total = outgoing.len();
    let mut results = Vec::with_capacity(total);
    for (index, item) in outgoing.iter().enumerate() {
        let outcome = send_one(&transport, item);
        results.push(RecipientResult {
            name: item.name.clone(),
            email: item.email.clone(),
            delivered: outcome.is_ok(),
            reason: outcome.err().unwrap_or_default(),
        });
        progress(index.saturating_add(1), total);
    }
    let delivered = results.iter().filter(|r| r.delivered).count();
    Ok(SendReport { method: method.to_string(), delivered, refused: total - delivered, results })
}

/// Sends one message to its one recipient; `Err` is the Swedish reason.
fn send_one(transport: &SmtpTransport, item: &Outgoing) -> std::result::Result<(), String> {
    let recipient = super::mail::address("email", &item.email).map_err(|error| error.to_string())?;
    let envelope = Envelope::new(item.message.envelope().from().cloned(), vec![recipient])
        .map_err(|_| "Meddelandet saknar avsändare.".to_string())?;
    transport.send_raw(&envelope, &item.message.formatted()).map(|_| ()).map_err(|error| {
        let server_said = error.to_string();
        if error.is_permanent() {
            format!("Servern tog inte emot adressen ({server_said}).")
        } else if error.is_transient() {
            format!("Servern bad om ett senare försök ({server_said}); inte skickat.")
        } else {
            format!("Inte skickat: {server_said}.")
        }
    })
}

fn transport(settings: &SmtpSettings, password: Option<String>) -> Result<SmtpTransport> {
    let tls = match settings.security {
        SmtpSecurity::Plain if is_loopback_host(&settings.host) => Tls::None,
        SmtpSecurity::Plain => {
            return Err(Error::invalid("smtp_security", "Okrypterat går bara till den egna datorn (localhost)."))
        }
        SmtpSecurity::StartTls => Tls::Required(tls_parameters(&settings.host)?),
        SmtpSecurity::Tls => Tls::Wrapper(tls_parameters(&settings.host)?),
    };
    let mut builder =
        SmtpTransport::builder_dangerous(settings.host.as_str()).port(settings.port).tls(tls).timeout(Some(TIMEOUT));
    if let Some(password) = password {
        builder = builder.credentials(Credentials::new(settings.username.clone(), password));
    }
    Ok(builder.build())
}

fn tls_parameters(host: &str) -> Result<TlsParameters> {
    let tls_error = |_| Error::invalid("smtp_security", "Krypteringen (TLS) kunde inte förberedas på den här datorn.");
    #[allow(unused_mut)]
    let mut builder = TlsParameters::builder(host.trim_start_matches('[').trim_end_matches(']').to_string());
    #[cfg(debug_assertions)]
    if let Some(path) = std::env::var_os(TEST_CA_ENV) {
        let pem = std::fs::read_to_string(&path).map_err(|source| Error::Io { path: path.into(), source })?;
        // A PEM file may hold several certificates; each is read on its own.
        const END: &str = "-----END CERTIFICATE-----";
        for certificate in pem.split_inclusive(END).filter(|part| part.contains(END)) {
            let certificate =
                lettre::transport::smtp::client::Certificate::from_pem(certificate.trim_start().as_bytes())
                    .map_err(tls_error)?;
            builder = builder.add_root_certificate(certificate);
        }
    }
    builder.build().map_err(tls_error)
}

/// Whether this cause is rustls's own error: rustls reports a handshake the server did not answer in
/// TLS (a port that speaks plain SMTP first) or a certificate it would not accept as an I/O error
/// that carries its own error inside.
fn is_tls_error(cause: &(dyn std::error::Error + 'static)) -> bool {
    let carried = cause.downcast_ref::<std::io::Error>().and_then(std::io::Error::get_ref);
    cause.is::<rustls::Error>() || carried.is_some_and(|inner| inner.is::<rustls::Error>())
}

/// A failure to connect or log in, as the person who set up the server can act on it.
fn connection_error(settings: &SmtpSettings, error: &lettre::transport::smtp::Error) -> Error {
    let server = format!("{}:{}", settings.host, settings.port);
    let text = error.to_string();
    // A failed TLS handshake reaches us as a connection error; its causes carry rustls's error or name it.
    let mut causes = text.to_ascii_lowercase();
    let mut tls_cause = false;
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        causes.push(' ');
        causes.push_str(&cause.to_string().to_ascii_lowercase());
        tls_cause |= is_tls_error(cause);
        source = cause.source();
    }
    let tls_failed = error.is_tls()
        || tls_cause
        || ["starttls", "ssl", "tls", "handshake", "certificate"].iter().any(|word| causes.contains(word));
    let message = if tls_failed {
        format!(
            "Den krypterade anslutningen (TLS) till {server} misslyckades: servern stöder inte vald kryptering, \
             eller dess certifikat godtas inte. Kontrollera anslutningsskydd och port (STARTTLS: oftast 587, TLS: 465). \
             Inget har skickats."
        )
    } else if error.status().is_some_and(|code| {
        let code = code.to_string();
        code.starts_with("535") || code.starts_with("534") || code.starts_with("530")
    }) {
        "E-postservern godtog inte användarnamnet eller lösenordet. Kontrollera dem under Inställningar. Inget har skickats."
            .to_string()
    } else if error.is_response() {
        format!("E-postservern {server} svarade med ett fel ({text}). Inget har skickats.")
    } else {
        format!(
            "Kunde inte ansluta till e-postservern {server}. Kontrollera servernamn och port, och att datorn är \
             ansluten till nätverket. Inget har skickats."
        )
    };
    Error::invalid("smtp_host", message)
}
