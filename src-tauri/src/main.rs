//! Nätverket's desktop shell: opens the database in the app data folder and serves the UI's commands.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod desktop;
mod ipc_error;
mod state;

use tauri::Manager;

fn main() {
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .setup(|app| {
            let data_dir = app.path().app_data_dir()?;
            app.manage(state::AppState::open(&data_dir));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::list_meetings,
            commands::get_settings,
            commands::save_settings,
            commands::list_municipalities,
            commands::open_link,
            commands::list_members,
            commands::create_member,
            commands::update_member,
            commands::delete_member,
            commands::anonymise_member,
            commands::member_extract,
            commands::save_member_extract,
            commands::preview_member_import,
            commands::apply_member_import,
            commands::export_members,
            commands::list_municipality_overview,
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
