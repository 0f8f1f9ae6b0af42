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
            commands::list_themes,
            commands::add_theme,
            commands::rename_theme,
            commands::search_examples,
            commands::examples_overview,
            commands::get_example,
            commands::create_example,
            commands::update_example,
            commands::delete_example,
            commands::add_presentation,
            commands::remove_presentation,
            commands::list_person_choices,
            commands::export_examples,
            commands::example_collection,
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
