//! The commands the UI may call, one file per domain, and the one list that registers them all.
//!
//! Each command is a few lines: take the state, parse, call one core function, map the error to
//! [`crate::ipc_error::IpcError`]. Command and argument names are the IPC contract with
//! `ui/js/api.js`; `commands/tests.rs` keeps the two lists equal.

pub mod app;
mod attendance;
pub mod backups;
pub mod calendar;
mod examples;
pub mod exchange;
mod files;
mod medskick;
pub mod meetings;
mod members;
mod municipalities;
pub mod networks;
mod proposals;
mod reports;
mod settings;

#[cfg(test)]
mod tests;

/// Every command of ours, for `Builder::invoke_handler` (plugin commands register themselves).
pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        app::app_info,
        app::list_labels,
        app::open_link,
        app::first_view_shown,
        settings::get_settings,
        settings::save_settings,
        networks::list_networks,
        networks::switch_network,
        networks::create_network,
        networks::preview_received_network,
        networks::open_received_network,
        municipalities::list_municipalities,
        municipalities::list_municipality_overview,
        members::list_members,
        members::list_person_choices,
        members::list_active_members,
        members::create_member,
        members::update_member,
        members::delete_member,
        members::anonymise_member,
        members::member_extract,
        members::save_member_extract,
        members::preview_member_import,
        members::apply_member_import,
        members::export_members,
        meetings::list_meetings,
        meetings::meeting_overview,
        meetings::meeting_focus_so_far,
        meetings::get_meeting,
        meetings::check_meeting,
        meetings::schedule_meeting,
        meetings::reschedule_meeting,
        meetings::cancel_meeting,
        meetings::reinstate_meeting,
        meetings::save_meeting_record,
        meetings::record_attendance,
        attendance::preview_teams_attendance,
        attendance::apply_teams_attendance,
        meetings::add_meeting_presentation,
        meetings::remove_meeting_presentation,
        meetings::preview_meeting_series,
        meetings::create_meeting_series,
        examples::list_themes,
        examples::add_theme,
        examples::rename_theme,
        examples::search_examples,
        examples::examples_overview,
        examples::get_example,
        examples::create_example,
        examples::update_example,
        examples::delete_example,
        examples::add_presentation,
        examples::remove_presentation,
        examples::export_examples,
        examples::example_collection,
        calendar::export_invitation,
        calendar::export_calendar_feed,
        files::choose_import_file,
        files::next_window_drop,
        calendar::preview_ics_import,
        calendar::apply_ics_import,
        calendar::save_invitation_draft,
        calendar::get_smtp_settings,
        calendar::save_smtp_settings,
        calendar::forget_smtp_password,
        calendar::send_invitations,
        calendar::meeting_answers,
        calendar::set_meeting_answer,
        calendar::choose_answer_files,
        calendar::preview_dropped_answers,
        calendar::apply_answer_files,
        calendar::upcoming_invitation_count,
        calendar::invite_member_to_upcoming,
        exchange::export_bundle,
        exchange::preview_bundle_import,
        exchange::apply_bundle_import,
        exchange::exchange_overview,
        exchange::save_installation_identity,
        exchange::preview_sync_folder,
        exchange::apply_sync_folder,
        exchange::cancel_exchange,
        backups::list_backups,
        backups::cancel_backup,
        backups::create_backup,
        backups::restore_backup,
        backups::restore_backup_from_file,
        medskick::search_medskick,
        medskick::get_medskick,
        medskick::create_medskick,
        medskick::update_medskick,
        medskick::delete_medskick,
        medskick::change_medskick_status,
        medskick::medskick_compilation,
        medskick::export_medskick_compilation,
        proposals::list_proposals,
        proposals::get_proposal,
        proposals::create_proposal,
        proposals::update_proposal,
        proposals::delete_proposal,
        proposals::proposal_overview,
        proposals::export_proposal_overview,
        reports::yearly_report,
        reports::export_yearly_report,
    ]
}
