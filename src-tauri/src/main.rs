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
            commands::meeting_overview,
            commands::meeting_focus_so_far,
            commands::get_meeting,
            commands::check_meeting,
            commands::schedule_meeting,
            commands::reschedule_meeting,
            commands::cancel_meeting,
            commands::reinstate_meeting,
            commands::save_meeting_record,
            commands::record_attendance,
            commands::list_active_members,
            commands::add_presentation,
            commands::remove_presentation,
            commands::preview_meeting_series,
            commands::create_meeting_series,
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
