//! Nätverket's desktop shell: opens the database in the app data folder and serves the UI's commands.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod chosen_files;
mod commands;
mod desktop;
mod dropped_answers;
mod first_view;
mod ipc_error;
mod memory;
mod startup;
mod state;
mod window_drops;

use std::sync::Arc;

use tauri::Manager;

/// The log file in the platform's log folder (on Linux ~/.local/share/se.fss.natverket/logs/),
/// rotated at 1 MB with the five newest files kept. Log lines name events and error kinds only,
/// never personal data (no names, e-mail addresses or free text from records). The folder and the
/// files in it are made private at startup ([`make_logs_private`]).
fn log_file() -> tauri::plugin::TauriPlugin<tauri::Wry> {
    use tauri_plugin_log::{RotationStrategy, Target, TargetKind};
    tauri_plugin_log::Builder::new()
        .clear_targets()
        .target(Target::new(TargetKind::LogDir { file_name: Some("natverket".into()) }))
        .max_file_size(1_000_000)
        .rotation_strategy(RotationStrategy::KeepSome(5))
        .level(log::LevelFilter::Info)
        .build()
}

/// On Linux, WebKitGTK composites pages on the GPU by default (through Mesa's software GL where
/// there is no GPU). For this calm UI without animations, drawing without the compositor reaches
/// the first view sooner and uses less memory (see README, Performance), and it avoids the blank
/// windows some GPU drivers give WebKitGTK. `WEBKIT_DISABLE_COMPOSITING_MODE=0` keeps the GPU path.
fn draw_without_gpu_compositing() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        // First thing in main, before any other thread exists: changing the environment is sound.
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
}

/// The page's JavaScript runs in JavaScriptCore's interpreter and baseline JIT only. The optimising
/// compilers (DFG, and FTL after it) pay off for scripts that compute for long, not for a UI that
/// builds a view and waits for the user: at startup JavaScriptCore's own promise functions became hot
/// enough for DFG, which mapped ~2.3 MiB more of JavaScriptCore into the web process for nothing the
/// user could notice (README, Performance). `JSC_useDFGJIT=true` keeps them.
fn run_javascript_without_optimising_compilers() {
    if std::env::var_os("JSC_useDFGJIT").is_none() {
        // First thing in main, before any other thread exists: changing the environment is sound.
        // WebKit's web process inherits the environment and reads JavaScriptCore's options from it.
        std::env::set_var("JSC_useDFGJIT", "false");
    }
}

/// Makes the log folder private (0700 on Unix) and the log files in it (0600): the plugin creates
/// them with the default mode. A file the plugin starts later on rotation sits in the private folder.
fn make_logs_private(app: &tauri::App) {
    let made_private =
        app.path().app_log_dir().map(|folder| natverk_core::store::files::make_folder_and_files_private(&folder));
    if !matches!(made_private, Ok(Ok(()))) {
        log::warn!("loggmappens behörigheter kunde inte sättas");
    }
}

/// Reads the first view's answers on a thread of their own while the window opens (first_view.rs).
fn read_first_view_ahead(app: &tauri::AppHandle, first_view: Arc<first_view::FirstView>) {
    let app = app.clone();
    let reader = Arc::clone(&first_view);
    let started = std::thread::Builder::new().name("first-view".into()).spawn(move || {
        let answers = first_view::read_answers(&app.state::<state::AppState>());
        reader.provide(&answers);
    });
    if started.is_err() {
        first_view.give_up();
    }
}

fn main() {
    startup::mark_process_start();
    draw_without_gpu_compositing();
    run_javascript_without_optimising_compilers();
    // The start page's first answers, read in `setup` and served to the page as a module.
    let first_view = Arc::new(first_view::FirstView::default());
    let app = tauri::Builder::default()
        // A second launch focuses the running window instead of opening a second writer.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }))
        .plugin(log_file())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .on_page_load(|_webview, payload| match payload.event() {
            tauri::webview::PageLoadEvent::Started => startup::mark("page-load-started"),
            tauri::webview::PageLoadEvent::Finished => startup::mark("page-load-finished"),
        })
        // A file dropped on the window is kept by the shell; the import on screen previews it (answers
        // to invitations go to the answers preview).
        .manage(chosen_files::ChosenFiles::default())
        .manage(dropped_answers::DroppedAnswers::default())
        .manage(window_drops::WindowDrops::default())
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                chosen_files::dropped(window.app_handle(), paths.clone());
            }
        })
        .setup(move |app| {
            // Tauri opens the windows of its configuration before this hook; the main window is
            // opened here instead (first_view.rs), and "setup" marked after it, as the floor marks it.
            first_view::open_main_window(app, Arc::clone(&first_view))?;
            startup::mark("setup");
            #[cfg(debug_assertions)]
            chosen_files::listen_for_test_drops(app.handle());
            let data_dir = app.path().app_data_dir()?;
            make_logs_private(app);
            log::info!("Nätverket {} startar", env!("CARGO_PKG_VERSION"));
            let state = state::AppState::open(&data_dir);
            state.start_daily_backup();
            state.remember_current_network();
            app.manage(state);
            read_first_view_ahead(app.handle(), first_view);
            app.manage(desktop::IssuedMailtoLinks::default());
            app.manage(commands::calendar::MailMemory::default());
            app.manage(commands::exchange::ChosenSyncFolder::default());
            app.manage(commands::networks::ChosenReceivedNetwork::default());
            app.manage(commands::exchange::ExchangeCancel::default());
            app.manage(commands::backups::BackupCancel::default());
            startup::mark("database-open");
            Ok(())
        })
        .invoke_handler(commands::handler())
        .build(tauri::generate_context!());
    match app {
        Ok(app) => app.run(|_, _| {}),
        Err(error) => {
            eprintln!("Nätverket kunde inte starta: {error}");
            std::process::exit(1);
        }
    }
}
