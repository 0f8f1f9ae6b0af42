//! The sharing level of what members write (examples, medskick, assessments): inside the closed network, or open.

use std::collections::HashSet;

use rusqlite::Connection;

use crate::error::Result;
use crate::text_enum;

text_enum! {
    /// Who may read an item. Everything is shared inside the network unless its author opens it;
    /// printable collections and exports include only open items unless the user chooses otherwise.
    #[derive(Default)]
    pub enum Sharing ("delning") {
        /// Only for the network's members: the default, so that plans can be shared freely.
        #[default]
        Network => ("network", "inom nätverket"),
        /// May leave the network, for instance in a public export.
        Open => ("open", "öppen"),
    }
}

impl Sharing {
    /// Reads a level as people type it: the code, the label, or the short word `nätverket`
    /// that the command line uses (`--sharing nätverket|öppen`).
    pub fn parse_typed(field: &'static str, text: &str) -> Result<Self> {
        match text.trim().to_lowercase().as_str() {
            "nätverket" | "natverket" | "nätverk" => Ok(Sharing::Network),
            "oppen" => Ok(Sharing::Open),
            _ => Sharing::parse(field, text),
        }
    }

    /// Whether an item at this level belongs in an export that includes confidential items or not.
    pub fn may_leave_network(self, include_confidential: bool) -> bool {
        include_confidential || self == Sharing::Open
    }
}

/// The tables whose rows carry a sharing level of their own and are named in other items' exports.
#[derive(Debug, Clone, Copy)]
pub enum SharedTable {
    Examples,
    Medskick,
}

/// The ids of the examples or medskick that may only be shared inside the network, so that an export
/// leaving it names none of them (not even as an open item's related example).
pub fn network_only_ids(conn: &Connection, table: SharedTable) -> Result<HashSet<String>> {
    let sql = match table {
        SharedTable::Examples => "SELECT id FROM examples WHERE sharing = ?1",
        SharedTable::Medskick => "SELECT id FROM medskick WHERE sharing = ?1",
    };
    let mut statement = conn.prepare(sql)?;
    let ids = statement.query_map([Sharing::Network.code()], |row| row.get(0))?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_words_and_the_labels_are_understood() {
        assert_eq!(Sharing::parse_typed("sharing", "nätverket").ok(), Some(Sharing::Network));
        assert_eq!(Sharing::parse_typed("sharing", "Öppen").ok(), Some(Sharing::Open));
        assert_eq!(Sharing::parse_typed("sharing", "inom nätverket").ok(), Some(Sharing::Network));
        assert_eq!(Sharing::parse_typed("sharing", "open").ok(), Some(Sharing::Open));
        assert!(Sharing::parse_typed("sharing", "offentlig").is_err());
    }

    #[test]
    fn only_open_items_leave_unless_confidential_ones_are_asked_for() {
        assert!(!Sharing::Network.may_leave_network(false));
        assert!(Sharing::Network.may_leave_network(true));
        assert!(Sharing::Open.may_leave_network(false));
        assert_eq!(Sharing::default(), Sharing::Network);
    }
}
