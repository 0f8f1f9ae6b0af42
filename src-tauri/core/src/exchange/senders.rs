//! Senders you recognise: the installations whose signed bundles this installation has accepted,
//! with the key each signs with and whether it was accepted as a host.
//!
//! The first file from an installation shows its key's fingerprint and who it says it is; the user
//! accepts the sender once (as a host if it sends the whole network). Later files must carry the same
//! key; a changed key is refused. Only an accepted host may send a network file.

use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::Serialize;

use super::format::{bundle_error, Provenance};
use crate::error::Result;
use crate::store::clock::now_timestamp;
use crate::store::keys;

/// What the user decided about a sender not seen before, for this import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Acceptance {
    /// Accept a new sender (after comparing the fingerprint with them).
    pub accept_sender: bool,
    /// Accept them as a host, so that they may send the whole network.
    pub as_host: bool,
}

impl Acceptance {
    /// Accepts a new sender as a member (their "mina exempel" files).
    pub fn sender() -> Self {
        Acceptance { accept_sender: true, as_host: false }
    }

    /// Accepts a new sender as a host.
    pub fn host() -> Self {
        Acceptance { accept_sender: true, as_host: true }
    }
}

/// The sender of a bundle as the preview shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SenderCheck {
    /// `accepted` (seen before with this key), `new` (never seen), or `accepted_now` (accepted by this import).
    pub status: &'static str,
    /// The key's fingerprint, for comparing with the sender ("3f2a 91c0 …").
    pub fingerprint: String,
    /// Whether the sender is (or is accepted as) a host.
    pub is_host: bool,
    /// Whether the file needs a host (a network file).
    pub host_required: bool,
}

/// An accepted sender.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AcceptedSender {
    pub installation_id: String,
    pub author_name: String,
    pub municipality_name: Option<String>,
    pub fingerprint: String,
    pub is_host: bool,
    pub accepted_at: String,
}

/// Every accepted sender, hosts first.
pub fn list(conn: &Connection) -> Result<Vec<AcceptedSender>> {
    let mut statement = conn.prepare(
        "SELECT installation_id, author_name, municipality_name, public_key, is_host, accepted_at
         FROM exchange_senders ORDER BY is_host DESC, author_name, installation_id",
    )?;
    let rows = statement.query_map([], |row| {
        Ok(AcceptedSender {
            installation_id: row.get(0)?,
            author_name: row.get(1)?,
            municipality_name: row.get(2)?,
            fingerprint: keys::fingerprint(&row.get::<_, String>(3)?),
            is_host: row.get(4)?,
            accepted_at: row.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Checks the signer of a bundle from `source` against the accepted senders. A changed key, a
/// member sending the whole network, or (when `applied`) a new sender not accepted is refused
/// with a Swedish error; a new sender accepted here is remembered.
pub(super) fn check(
    tx: &Transaction,
    source: &Provenance,
    public_key: &str,
    network_file: bool,
    applied: bool,
    acceptance: Acceptance,
) -> Result<SenderCheck> {
    let who = source.sender_name();
    let fingerprint = keys::fingerprint(public_key);
    let known: Option<(String, bool)> = tx
        .query_row(
            "SELECT public_key, is_host FROM exchange_senders WHERE installation_id = ?1",
            [&source.installation_id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    match known {
        Some((key, _)) if key != public_key => Err(bundle_error(format!(
            "är signerad med en annan nyckel än den du godkände för {who} (fingeravtryck nu {fingerprint}). \
             Det kan vara en förfalskning, eller en ny dator hos avsändaren. Kontrollera med avsändaren. \
             Inget har importerats."
        ))),
        Some((_, is_host)) => {
            if network_file && !is_host {
                return Err(bundle_error(format!(
                    "innehåller hela nätverket, men {who} är inte godkänd som värd. Bara värdarna skickar hela \
                     nätverket. Inget har importerats."
                )));
            }
            Ok(SenderCheck { status: "accepted", fingerprint, is_host, host_required: network_file })
        }
        None => {
            let accepting = applied && acceptance.accept_sender && (acceptance.as_host || !network_file);
            if applied && !accepting {
                let what = if network_file { "som värd" } else { "som avsändare" };
                return Err(bundle_error(format!(
                    "kommer från en ny avsändare, {who} (fingeravtryck {fingerprint}). Jämför fingeravtrycket med \
                     avsändaren och godkänn hen {what} innan du importerar. Inget har importerats."
                )));
            }
            if accepting {
                tx.execute(
                    "INSERT INTO exchange_senders (installation_id, public_key, author_name, municipality_name, is_host, accepted_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    (
                        &source.installation_id,
                        public_key,
                        &source.author_name,
                        &source.municipality_name,
                        acceptance.as_host,
                        now_timestamp(),
                    ),
                )?;
                return Ok(SenderCheck {
                    status: "accepted_now",
                    fingerprint,
                    is_host: acceptance.as_host,
                    host_required: network_file,
                });
            }
            Ok(SenderCheck { status: "new", fingerprint, is_host: false, host_required: network_file })
        }
    }
}
