// The only module that talks to the Rust backend: one function per command, failures as ApiError.

/** A failed command: `kind` is stable for code to act on, `message` is Swedish for people, `field` names a form input. */
export class ApiError extends Error {
  constructor({ kind = 'internal', message = 'Något gick fel.', field = null } = {}) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.field = field;
  }
}

function tauriInvoke() {
  const invoke = window.__TAURI__?.core?.invoke;
  if (typeof invoke !== 'function') {
    throw new ApiError({ kind: 'no_backend', message: 'Appen når inte sin databas. Starta Nätverket som skrivbordsapp.' });
  }
  return invoke;
}

async function call(command, args = {}) {
  try {
    return await tauriInvoke()(command, args);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    if (error && typeof error === 'object' && 'message' in error) throw new ApiError(error);
    throw new ApiError({ message: `Oväntat fel: ${String(error)}` });
  }
}

/** Name of the network, where the database lives and the app version. */
export const appInfo = () => call('app_info');

/** Every meeting, earliest first. */
export const listMeetings = () => call('list_meetings');

/** The network's settings. */
export const getSettings = () => call('get_settings');

/** Validates and saves the settings; resolves to them as stored. */
export const saveSettings = (settings) => call('save_settings', { settings });

/** All 290 municipalities. */
export const listMunicipalities = () => call('list_municipalities');

/** Opens an https link in the browser or a mailto link in the mail program. */
export const openLink = (url) => call('open_link', { url });

/** Saves the invitation (or cancellation) for a meeting via the native dialog; null if the user cancelled. */
export const exportInvitation = (meetingId) => call('export_invitation', { meetingId });

/** Saves the calendar feed of all meetings via the native dialog; null if the user cancelled. */
export const exportCalendarFeed = () => call('export_calendar_feed');

/** What importing these .ics bytes would do. */
export const previewIcsImport = (bytes) => call('preview_ics_import', { bytes: Array.from(bytes) });

/** Imports these .ics bytes, exactly as the preview said. */
export const applyIcsImport = (bytes) => call('apply_ics_import', { bytes: Array.from(bytes) });

/** The backups in the backup folder, newest first. */
export const listBackups = () => call('list_backups');

/** Makes a backup now; resolves to its path. */
export const createBackup = () => call('create_backup');

/** Replaces the database with a backup from the list (by file name). */
export const restoreBackup = (fileName) => call('restore_backup', { fileName });

/** Replaces the database with a backup file picked in the native dialog; false if cancelled. */
export const restoreBackupFromFile = () => call('restore_backup_from_file');

/** Tells the app that the first view has rendered (prints the startup time when measuring; otherwise nothing). */
export const reportFirstRender = () => call('report_first_render');
