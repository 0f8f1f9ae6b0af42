//! Commands for the networks this user belongs to: list them, switch, create a new one, open one received from the hosts.

use std::path::PathBuf;
use std::sync::Mutex;

use natverk_core::networks::{self, create::database_in};
use natverk_core::settings::NetworkSettings;
use serde::Serialize;
use tauri::{AppHandle, State};

use crate::desktop::{pick_import_path, FileType};
use crate::ipc_error::IpcError;
use crate::state::AppState;

/// One network as the Nätverk view lists it.
#[derive(Serialize)]
pub struct ListedNetwork {
    name: String,
    /// Its database file: shown so the user knows where it lives, and sent back to switch to it.
    path: String,
    current: bool,
    exists: bool,
}

/// The networks, the one in use first among equals (marked `current`).
#[derive(Serialize)]
pub struct Networks {
    current_name: String,
    networks: Vec<ListedNetwork>,
}

/// What a switch, a new network or an opened one led to.
#[derive(Serialize)]
pub struct Switched {
    name: String,
    message: String,
}

#[tauri::command(async)]
pub fn list_networks(state: State<'_, AppState>) -> Result<Networks, IpcError> {
    let current_name = state.read(|db| Ok(natverk_core::settings::load(db.conn())?.network_name))?;
    let current_path = state.database_path();
    let current_path = std::path::absolute(&current_path).unwrap_or(current_path);
    let mut registry = state.registry();
    // The network in use is always listed, even before the registry has been written.
    if registry.find(&current_path).is_none() {
        registry.remember(&current_name, &current_path)?;
    }
    let networks = registry
        .networks
        .into_iter()
        .map(|known| ListedNetwork {
            current: known.path == current_path,
            exists: known.path.is_file(),
            name: known.name,
            path: known.path.display().to_string(),
        })
        .collect();
    Ok(Networks { current_name, networks })
}

/// Switches to a network in the registry (never to any other path the web view might send).
#[tauri::command(async)]
pub fn switch_network(state: State<'_, AppState>, path: String) -> Result<Switched, IpcError> {
    let path = PathBuf::from(path);
    if state.registry().find(&path).is_none() {
        return Err(natverk_core::Error::invalid("path", "Nätverket finns inte i listan. Ladda om sidan.").into());
    }
    let name = state.switch_to(&path)?;
    Ok(Switched { message: format!("Du arbetar nu i nätverket ”{name}”."), name })
}

/// Creates a network with `settings` in a folder of its own and switches to it.
#[tauri::command(async)]
pub fn create_network(state: State<'_, AppState>, settings: NetworkSettings) -> Result<Switched, IpcError> {
    let folder = networks::folder_for_new_network(&state.networks_folder(), &settings.network_name);
    let path = database_in(&folder);
    let database = networks::create_network(&path, &settings)?;
    let name = state.switch_to_open(database, path)?;
    Ok(Switched { message: format!("Nätverket ”{name}” är skapat och öppnat."), name })
}

/// The file received from the hosts that the user chose and saw the preview of, kept by the shell
/// between the preview and the opening (the web view never holds its path).
#[derive(Default)]
pub struct ChosenReceivedNetwork(Mutex<Option<PathBuf>>);

/// Asks for a file received from the hosts (a `.natverk` file with the whole network, or a
/// database file) and shows what opening it would give (for a bundle: who sent it and their key's
/// fingerprint); nothing is written. `None` when the user cancels.
#[tauri::command(async)]
pub fn preview_received_network(
    app: AppHandle,
    chosen: State<'_, ChosenReceivedNetwork>,
) -> Result<Option<networks::ReceivedPreview>, IpcError> {
    let file_type =
        FileType { name: "Nätverkets fil (.natverk eller databas)", extensions: &["natverk", "sqlite3", "db"] };
    let Some(received) = pick_import_path(&app, "Öppna ett nätverk du fått", file_type) else {
        return Ok(None);
    };
    let preview = networks::preview_received_network(&received)?;
    *chosen.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(received);
    Ok(Some(preview))
}

/// Opens the previewed file as a new network in a folder of its own (a bundle's sender accepted as
/// a host) and switches to it.
#[tauri::command(async)]
pub fn open_received_network(
    state: State<'_, AppState>,
    chosen: State<'_, ChosenReceivedNetwork>,
) -> Result<Switched, IpcError> {
    let received = chosen.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take().ok_or_else(|| {
        IpcError::from(natverk_core::Error::invalid("file", "Välj filen du fått igen; ingen fil är vald."))
    })?;
    let stem = received.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
    let folder = networks::folder_for_new_network(&state.networks_folder(), &stem);
    let (database, opened) = networks::open_received_network(&received, &database_in(&folder))?;
    let name = state.switch_to_open(database, database_in(&folder))?;
    Ok(Switched { name, message: opened.summary })
}
