//! Several networks: each network is its own database file. This domain remembers which networks
//! the user belongs to (a small registry file), creates a new network's database (its own name and
//! settings, none of the FSS network's meetings or themes) and opens a network received from its hosts
//! (a database file, or a `.natverk` bundle of the whole network imported through the exchange).
//!
//! Parts: `registry` (the list of known networks, read as untrusted input) ← `create` (new and
//! received networks). Builds on `store`, `settings` and `exchange`; no domain imports it.

pub mod create;
pub mod registry;

pub use create::{
    create_network, folder_for_new_network, open_received_network, preview_received_network, ReceivedNetwork,
    ReceivedPreview,
};
pub use registry::{default_registry_path, KnownNetwork, Registry, REGISTRY_FILE_NAME};
