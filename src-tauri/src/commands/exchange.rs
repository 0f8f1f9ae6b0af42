//! Commands for exchange between installations: bundles out and in, the sync folder, this installation's identity.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::Utc;
use natverk_core::exchange;
use serde::Serialize;
use tauri::{AppHandle, Emitter, State};

use crate::chosen_files::{ChosenFiles, ImportKind};
use crate::desktop::{pick_folder, pick_save_path, FileType};
use crate::ipc_error::IpcError;
use crate::state::AppState;

/// The stop button of the exchange work under way (sync, import, export).
#[derive(Default)]
pub struct ExchangeCancel(exchange::CancelFlag);

/// Exchange work's progress, sent to the window as `natverket:utbyte-framsteg` events
/// (`{what, done, total}`); the window's "Avbryt" stops it at its next step.
struct WindowProgress<'a> {
    app: &'a AppHandle,
    cancel: &'a exchange::CancelFlag,
}

impl<'a> WindowProgress<'a> {
    /// Progress for new work: an earlier "Avbryt" does not stop it.
    fn start(app: &'a AppHandle, cancel: &'a ExchangeCancel) -> Self {
        cancel.0.reset();
        WindowProgress { app, cancel: &cancel.0 }
    }
}

impl exchange::Progress for WindowProgress<'_> {
    fn report(&self, step: exchange::Step) {
        // The window shows progress only; a lost event changes nothing.
        let _ = self.app.emit("natverket:utbyte-framsteg", step);
    }

    fn keep_going(&self) -> bool {
        !self.cancel.is_cancelled()
    }
}

/// Stops the exchange work under way at its next step; what it had begun is not kept.
#[tauri::command]
pub fn cancel_exchange(cancel: State<'_, ExchangeCancel>) {
    cancel.0.cancel();
}

/// Where an exchange bundle was saved and what it holds.
#[derive(Serialize)]
pub struct SavedBundle {
    path: String,
    summary: exchange::ExportSummary,
}

/// Exports "mina exempel" or the whole network into a `.natverk` file the user picks; `None` if
/// cancelled. With a `recipient`, only what changed since the last file to them (the first time everything).
#[tauri::command(async)]
pub fn export_bundle(
    app: AppHandle,
    state: State<'_, AppState>,
    cancel: State<'_, ExchangeCancel>,
    scope: String,
    include_contacts: bool,
    recipient: Option<String>,
) -> Result<Option<SavedBundle>, IpcError> {
    let scope = exchange::Scope::parse("scope", &scope)?;
    let file_name = format!(
        "natverket-{}-{}.natverk",
        if scope == exchange::Scope::Mine { "mina-exempel" } else { "hela-natverket" },
        Utc::now().format("%Y-%m-%d")
    );
    let bundle_type = FileType { name: "Utbytesfil för Nätverket", extensions: &[exchange::FILE_EXTENSION] };
    let Some(path) = pick_save_path(&app, "Spara utbytesfil", &file_name, bundle_type) else {
        return Ok(None);
    };
    let options = exchange::ExportOptions { scope, include_contacts, compress: true };
    let recipient = recipient.filter(|name| !name.trim().is_empty());
    let progress = WindowProgress::start(&app, &cancel);
    let summary = state.with_database(|db| match &recipient {
        Some(recipient) => exchange::export_for_recipient(db, &path, options, recipient),
        None => exchange::export_bundle_to_file_with(db, &path, options, &progress),
    })?;
    Ok(Some(SavedBundle { path: path.display().to_string(), summary }))
}

/// What importing the chosen bundle (`file_id` from `choose_import_file` or a drop) would do.
#[tauri::command(async)]
pub fn preview_bundle_import(
    state: State<'_, AppState>,
    files: State<'_, ChosenFiles>,
    file_id: String,
) -> Result<exchange::ImportReport, IpcError> {
    let bytes = files.read_for_preview(&file_id, ImportKind::Bundle)?;
    state.read(|db| exchange::preview_import(db, &bytes))
}

/// Imports the previewed bundle (the bytes the preview read) atomically, exactly as the preview
/// described; a new sender is accepted (as a host when `as_host`) only when the user said so.
#[tauri::command(async)]
pub fn apply_bundle_import(
    app: AppHandle,
    state: State<'_, AppState>,
    cancel: State<'_, ExchangeCancel>,
    files: State<'_, ChosenFiles>,
    file_id: String,
    accept_sender: bool,
    as_host: bool,
) -> Result<exchange::ImportReport, IpcError> {
    let bytes = files.previewed(&file_id, ImportKind::Bundle)?;
    let acceptance = exchange::Acceptance { accept_sender, as_host };
    let progress = WindowProgress::start(&app, &cancel);
    let done = state.with_database(|db| exchange::apply_import_with(db, &bytes, acceptance, &progress))?;
    files.forget(&file_id);
    Ok(done)
}

/// This installation's identity in bundles, and the conflicts earlier imports kept.
#[derive(Serialize)]
pub struct ExchangeOverview {
    identity: exchange::InstallationIdentity,
    conflicts: Vec<exchange::StoredConflict>,
    conflict_count: usize,
}

#[tauri::command(async)]
pub fn exchange_overview(state: State<'_, AppState>) -> Result<ExchangeOverview, IpcError> {
    state.read(|db| {
        let mut conflicts = exchange::list_conflicts(db.conn())?;
        let conflict_count = conflicts.len();
        conflicts.truncate(20);
        Ok(ExchangeOverview { identity: exchange::identity(db.conn())?, conflicts, conflict_count })
    })
}

/// Sets the municipality and name this installation's bundles carry.
#[tauri::command(async)]
pub fn save_installation_identity(
    state: State<'_, AppState>,
    municipality_code: String,
    author_name: String,
) -> Result<exchange::InstallationIdentity, IpcError> {
    state.write(|tx| exchange::save_identity(tx, &municipality_code, &author_name))
}

/// The sync folder the user chose for the preview on screen, and the network (its database file)
/// it was previewed in: the apply uses that folder and no other, and only in that network, so a
/// folder chosen before a switch of networks is never merged into the next network.
#[derive(Default)]
pub struct ChosenSyncFolder(Mutex<Option<PreviewedFolder>>);

struct PreviewedFolder {
    network: Option<PathBuf>,
    folder: PathBuf,
}

impl ChosenSyncFolder {
    /// Remembers `folder` as the one previewed in the network whose database is `network`.
    fn remember(&self, network: Option<&Path>, folder: PathBuf) {
        let previewed = PreviewedFolder { network: network.map(Path::to_path_buf), folder };
        *self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(previewed);
    }

    /// The folder previewed in the network `network`, given once; an error if none was previewed
    /// or it was previewed in another network (the choice is forgotten either way).
    fn take_for(&self, network: Option<&Path>) -> Result<PathBuf, IpcError> {
        let previewed = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take();
        let choose_again = |message: &str| IpcError { kind: "invalid", message: message.into(), field: None };
        match previewed {
            Some(previewed) if previewed.network.as_deref() == network => Ok(previewed.folder),
            Some(_) => Err(choose_again("Välj synkmappen igen: förhandsgranskningen gjordes i ett annat nätverk.")),
            None => Err(choose_again("Välj synkmappen igen: förhandsgranskningen finns inte längre.")),
        }
    }
}

/// Sync-folder mode, step one: the user picks a folder their municipality already syncs (OneDrive,
/// SharePoint, Nextcloud), and sees what each other installation's file there would change. Nothing
/// is written.
#[tauri::command(async)]
pub fn preview_sync_folder(
    app: AppHandle,
    state: State<'_, AppState>,
    cancel: State<'_, ExchangeCancel>,
    chosen: State<'_, ChosenSyncFolder>,
) -> Result<Option<exchange::SyncReport>, IpcError> {
    let Some(folder) = pick_folder(&app, "Välj synkmappen") else {
        return Ok(None);
    };
    let progress = WindowProgress::start(&app, &cancel);
    let run = exchange::SyncRun { dry_run: true, full: false };
    let (report, network) = state.with_database(|db| {
        let report = exchange::sync_with(
            db,
            &folder,
            exchange::ExportOptions::default(),
            run,
            exchange::Acceptance::default(),
            &progress,
        )?;
        Ok((report, db.path().map(Path::to_path_buf)))
    })?;
    chosen.remember(network.as_deref(), folder);
    Ok(Some(report))
}

/// Sync-folder mode, step two: the others' files in the previewed folder are merged and this
/// installation's own file is written there.
#[tauri::command(async)]
pub fn apply_sync_folder(
    app: AppHandle,
    state: State<'_, AppState>,
    cancel: State<'_, ExchangeCancel>,
    chosen: State<'_, ChosenSyncFolder>,
    include_contacts: bool,
    accept_senders: bool,
) -> Result<exchange::SyncReport, IpcError> {
    let options = exchange::ExportOptions { scope: exchange::Scope::Network, include_contacts, compress: true };
    // The sync folder holds the network's files from the hosts: new senders the user accepted are hosts.
    let acceptance = exchange::Acceptance { accept_sender: accept_senders, as_host: accept_senders };
    let progress = WindowProgress::start(&app, &cancel);
    sync_chosen_folder(&state, &chosen, options, acceptance, &progress)
}

/// Syncs the network in use with the folder previewed in it. The folder is checked against the
/// network while the database is held, so a switch of networks cannot come between.
fn sync_chosen_folder(
    state: &AppState,
    chosen: &ChosenSyncFolder,
    options: exchange::ExportOptions,
    acceptance: exchange::Acceptance,
    progress: &dyn exchange::Progress,
) -> Result<exchange::SyncReport, IpcError> {
    state.with_database(|db| match chosen.take_for(db.path()) {
        Ok(folder) => {
            exchange::sync_with(db, &folder, options, exchange::SyncRun::default(), acceptance, progress).map(Ok)
        }
        Err(choose_again) => Ok(Err(choose_again)),
    })?
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::NETWORKS_FOLDER;
    use natverk_core::store::DATABASE_FILE_NAME;

    fn network_in_use(state: &AppState) -> Option<PathBuf> {
        state.read(|db| Ok(db.path().map(Path::to_path_buf))).expect("a network is open")
    }

    fn files_in(folder: &Path) -> usize {
        std::fs::read_dir(folder).expect("the sync folder").count()
    }

    #[test]
    fn a_sync_folder_previewed_in_one_network_is_not_synced_with_the_next_after_a_switch() {
        let data = tempfile::tempdir().expect("a temporary folder");
        let state = AppState::open(data.path());
        let sync_folder = data.path().join("OneDrive-FSS");
        std::fs::create_dir(&sync_folder).expect("a sync folder");
        let chosen = ChosenSyncFolder::default();
        let fss = network_in_use(&state);
        let sync = || {
            sync_chosen_folder(
                &state,
                &chosen,
                exchange::ExportOptions::default(),
                exchange::Acceptance::default(),
                &exchange::Silent,
            )
        };

        chosen.remember(fss.as_deref(), sync_folder.clone());
        sync().expect("the network it was previewed in syncs with it");
        assert_eq!(files_in(&sync_folder), 1, "the FSS network's own file is written there");
        let error = sync().expect_err("a preview is applied once");
        assert!(error.message.contains("finns inte längre"), "{}", error.message);

        chosen.remember(fss.as_deref(), sync_folder.clone());
        let skr = data.path().join(NETWORKS_FOLDER).join("skr").join(DATABASE_FILE_NAME);
        let created = crate::state::create_skr_network(&skr);
        state.switch_to_open(created, skr).expect("the switch");
        let error = sync().expect_err("the other network's folder is not used");
        assert_eq!(error.kind, "invalid");
        assert!(error.message.contains("annat nätverk"), "{}", error.message);
        assert_eq!(files_in(&sync_folder), 1, "the new network wrote nothing into the FSS network's folder");

        state.switch_to(fss.as_deref().expect("a file")).expect("back to FSS");
        let error = sync().expect_err("the choice was forgotten, not kept for later");
        assert!(error.message.contains("finns inte längre"), "{}", error.message);
    }
}
