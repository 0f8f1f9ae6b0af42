//! Gives back the memory startup used once the first view is on screen: SQLite's page cache and the free pages the allocator keeps.
//!
//! Startup reads what Översikt shows (with 100,000 examples some 230 database pages) and builds
//! and drops many short-lived values. Without this the app keeps that memory for as long as it is
//! open, which for this app is all month: ~2 MiB more with a large database (README, Performance).

use crate::state::AppState;

/// Frees the connection's page cache and returns the allocator's free memory to the system. Runs
/// after the first view, off the main thread; failure is only logged, since nothing depends on it.
pub fn release_after_first_view(state: &AppState) {
    if state.read(|db| db.release_cache_memory()).is_err() {
        log::warn!("databasens cacheminne kunde inte lämnas tillbaka");
    }
    return_free_memory_to_the_system();
}

/// glibc keeps freed memory for later allocations; `malloc_trim` hands whole free pages in every
/// arena back to the system. Other platforms' allocators do this on their own.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn return_free_memory_to_the_system() {
    // SAFETY: malloc_trim only walks glibc's own arenas under their locks; it takes no pointers
    // from us and may be called from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn return_free_memory_to_the_system() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn after_the_memory_is_given_back_the_network_reads_and_saves_as_before() {
        let folder = tempfile::tempdir().expect("a temporary folder");
        let state = AppState::open(folder.path());
        let before = state.read(|db| natverk_core::settings::load(db.conn())).expect("the settings");

        release_after_first_view(&state);
        release_after_first_view(&state); // a reloaded page tells the shell again

        let after = state.read(|db| natverk_core::settings::load(db.conn())).expect("the settings again");
        assert_eq!(after.network_name, before.network_name);
        state.write(|tx| natverk_core::settings::save(tx, &after).map(|_| ())).expect("a save after the release");
    }
}
