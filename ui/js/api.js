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

/** The overview: next meeting, upcoming and past meetings, attendance figures. */
export const meetingOverview = () => call('meeting_overview');

/** What every meeting so far focused on, earliest first. */
export const meetingFocusSoFar = () => call('meeting_focus_so_far');

/** One meeting with hosts, attendance, presentations and date warnings. */
export const getMeeting = (id) => call('get_meeting', { id });

/** Warnings (holidays, klämdagar, weekends, overlaps) for a meeting as typed, without saving. */
export const checkMeeting = (input, id = null) => call('check_meeting', { input, id });

/** Schedules a new meeting; resolves to `{ meeting, warnings }`. */
export const scheduleMeeting = (input, hosts = []) => call('schedule_meeting', { input, hosts });

/** Changes a meeting (same id); `hosts` null keeps the hosts. Resolves to `{ meeting, warnings }`. */
export const rescheduleMeeting = (id, input, hosts = null) => call('reschedule_meeting', { id, input, hosts });

/** Cancels a meeting with a reason. */
export const cancelMeeting = (id, reason) => call('cancel_meeting', { id, reason });

/** Takes back a cancellation. */
export const reinstateMeeting = (id) => call('reinstate_meeting', { id });

/** Saves focus, minutes and their status. */
export const saveMeetingRecord = (id, record) => call('save_meeting_record', { id, record });

/** Records attendance: `entries` is a list of `{ member_id, status }` (status null clears). */
export const recordAttendance = (id, entries) => call('record_attendance', { id, entries });

/** Active members (id, name, municipality), for attendance and hosts. */
export const listActiveMembers = () => call('list_active_members');

/** Records a presentation at meeting `id`. */
export const addPresentation = (id, input) => call('add_presentation', { id, input });

/** Removes a presentation. */
export const removePresentation = (id) => call('remove_presentation', { id });

/** The sessions a series would create, with warnings; nothing is saved. */
export const previewMeetingSeries = (input) => call('preview_meeting_series', { input });

/** Creates every session of a series as its own meeting. */
export const createMeetingSeries = (input) => call('create_meeting_series', { input });
