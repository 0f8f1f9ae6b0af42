//! Nätverket's desktop shell: opens the database in the app data folder and serves the UI's commands.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod desktop;
mod ipc_error;
mod startup;
mod state;

use tauri::Manager;

fn main() {
    startup::mark_process_start();
    let app = tauri::Builder::default()
        // A second launch focuses the running window instead of opening a second writer.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .setup(|app| {
            let data_dir = app.path().app_data_dir()?;
            let state = state::AppState::open(&data_dir);
            state.daily_backup();
            app.manage(state);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::list_meetings,
            commands::get_settings,
            commands::save_settings,
            commands::list_municipalities,
            commands::open_link,
            commands::export_invitation,
            commands::export_calendar_feed,
            commands::preview_ics_import,
            commands::apply_ics_import,
            commands::list_backups,
            commands::create_backup,
            commands::restore_backup,
            commands::restore_backup_from_file,
            commands::report_first_render,
        ])
        .build(tauri::generate_context!());
    match app {
        Ok(app) => app.run(|_, _| {}),
        Err(error) => {
            eprintln!("Nätverket kunde inte starta: {error}");
            std::process::exit(1);
        }
    }
}
