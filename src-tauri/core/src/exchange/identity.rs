//! Who this installation is in the bundles it sends: its id, municipality and the person using
//! it, and the network it belongs to.

use rusqlite::{Connection, Transaction};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::settings;
use crate::store::installation;
use crate::sweden::municipalities;

/// This installation and its network, as bundles name them.
#[derive(Debug, Clone)]
pub(crate) struct LocalIdentity {
    pub installation_id: String,
    pub municipality_code: Option<String>,
    pub municipality_name: Option<String>,
    pub author_name: String,
    pub network_id: String,
    pub network_name: String,
}

pub(crate) fn local_identity(conn: &Connection) -> Result<LocalIdentity> {
    let own = installation::get(conn)?;
    let municipality_name = match &own.municipality_code {
        Some(code) => Some(municipalities::get(conn, code)?.name),
        None => None,
    };
    let (network_id, network_name) = settings::network_identity(conn)?;
    Ok(LocalIdentity {
        installation_id: own.id,
        municipality_code: own.municipality_code,
        municipality_name,
        author_name: own.author_name,
        network_id,
        network_name,
    })
}

/// This installation's identity as other installations see it in bundles.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct InstallationIdentity {
    pub id: String,
    pub municipality_code: Option<String>,
    pub municipality_name: Option<String>,
    pub author_name: String,
}

/// Who this installation is (id, municipality, the person using it).
pub fn identity(conn: &Connection) -> Result<InstallationIdentity> {
    let local = local_identity(conn)?;
    Ok(InstallationIdentity {
        id: local.installation_id,
        municipality_code: local.municipality_code,
        municipality_name: local.municipality_name,
        author_name: local.author_name,
    })
}

/// Sets the municipality and the person named in this installation's bundles. The id never changes.
pub fn save_identity(tx: &Transaction, municipality_code: &str, author_name: &str) -> Result<InstallationIdentity> {
    let code = municipality_code.trim();
    let author = author_name.trim();
    let code = if code.is_empty() {
        None
    } else {
        if !municipalities::exists(tx, code)? {
            return Err(Error::invalid("municipality_code", "Välj en kommun i listan."));
        }
        Some(code)
    };
    if author.chars().count() > 200 {
        return Err(Error::invalid("author_name", "Namnet får vara högst 200 tecken."));
    }
    installation::set_sender(tx, code, author)?;
    identity(tx)
}
