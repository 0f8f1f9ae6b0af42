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

import answersReadAtStart from './first-view.js';

/**
 * Tauri's own IPC, which its injected scripts put in every page. The app does not ask Tauri for its
 * global JavaScript API (`withGlobalTauri`: a 41 kB script run before every page, of which this file
 * needs two functions); what @tauri-apps/api's `invoke` and `listen` do is done here the same way.
 */
function tauriInternals() {
  const internals = window.__TAURI_INTERNALS__;
  if (typeof internals?.invoke !== 'function') {
    throw new ApiError({ kind: 'no_backend', message: 'Appen når inte sin databas. Starta Nätverket som skrivbordsapp.' });
  }
  return internals;
}

/** Calls `handler(payload)` for every Tauri event `event` sent to the app, as @tauri-apps/api's `listen` registers it. */
function listen(event, handler) {
  let internals;
  try {
    internals = tauriInternals();
  } catch {
    return; // outside the app there are no events
  }
  const callback = internals.transformCallback((message) => handler(message.payload));
  internals.invoke('plugin:event|listen', { event, target: { kind: 'Any' }, handler: callback }).catch(() => {});
}

/** Set in the window's session once the first load of the page has had the answers read ahead. */
const ANSWERS_READ_AHEAD_TAKEN_KEY = 'natverket:first-view-answers-taken';

/**
 * The answers the app read as it started (first-view.js), for the first load of the page only. The
 * app serves them once and WebKit is told to keep no copy; should it hand a copy back anyway to a
 * later load (after a switch of network or a restore), that load must still ask the commands.
 */
const firstAnswers = (() => {
  if (answersReadAtStart === null) return null;
  try {
    if (sessionStorage.getItem(ANSWERS_READ_AHEAD_TAKEN_KEY) !== null) return null;
    sessionStorage.setItem(ANSWERS_READ_AHEAD_TAKEN_KEY, 'ja');
    performance.mark('first-view-answers-read-ahead'); // for the startup figures and tests/e2e/startup.rs
    return answersReadAtStart;
  } catch {
    return null; // without session storage there is no telling a first load from a later one
  }
})();

/**
 * The answer the app read ahead for the start page to `command`, once, as a promise; undefined when
 * there is none (a later call, a later load, an answer that could not be read).
 */
function answerReadAhead(command) {
  const answer = firstAnswers?.[command];
  if (answer === undefined) return undefined;
  delete firstAnswers[command];
  return Promise.resolve(answer);
}

async function call(command, args = {}) {
  try {
    return await tauriInternals().invoke(command, args);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    if (error && typeof error === 'object' && 'message' in error) throw new ApiError(error);
    throw new ApiError({ message: `Oväntat fel: ${String(error)}` });
  }
}

/** Name of the network, where the database lives and the app version. */
export const appInfo = () => answerReadAhead('app_info') ?? call('app_info');

/** The Swedish labels of every enumeration the UI shows: `{stage: [{code, label}], attendance_status, meeting_status, notes_status, member_status, network_role, exchange_scope, member_import_outcome, calendar_import_action, medskick_status, medskick_addressee, sharing, proposal_status}`. */
export const listLabels = () => answerReadAhead('list_labels') ?? call('list_labels');

/** Every meeting, earliest first. */
export const listMeetings = () => call('list_meetings');

/** The network's settings. */
export const getSettings = () => call('get_settings');

/** Validates and saves the settings; resolves to them as stored. */
export const saveSettings = (settings) => call('save_settings', { settings });

/** The networks this user belongs to: `{ current_name, networks: [{ name, path, current, exists }] }`. */
export const listNetworks = () => call('list_networks');

/** Switches to the known network whose database is `path`: `{ name, message }`. */
export const switchNetwork = (path) => call('switch_network', { path });

/** Creates a network with its own settings (as in Inställningar) and switches to it: `{ name, message }`. */
export const createNetwork = (settings) => call('create_network', { settings });

/** Asks for a file received from the hosts (.natverk or a database) and says what it holds: `{ network_name, summary, sender_name, fingerprint }`; null if cancelled. Nothing is written. */
export const previewReceivedNetwork = () => call('preview_received_network');

/** Opens the previewed file as a new network (a bundle's sender accepted as host) and switches to it: `{ name, message }`. */
export const openReceivedNetwork = () => call('open_received_network');

/** All 290 municipalities. */
export const listMunicipalities = () => call('list_municipalities');

/** Opens an https link in the browser or a mailto link in the mail program. */
export const openLink = (url) => call('open_link', { url });

/** Saves the invitation (or cancellation) for a meeting via the native dialog; null if the user cancelled. */
export const exportInvitation = (meetingId) => call('export_invitation', { meetingId });

/** Saves the calendar feed of all meetings via the native dialog; null if the user cancelled. */
export const exportCalendarFeed = () => call('export_calendar_feed');

/**
 * Asks in the native open dialog for a file to import as `kind` ('members', 'calendar', 'bundle' or 'teams');
 * resolves to `{ id, name }`, or null when cancelled. The app keeps the file; imports take its `id`.
 */
export const chooseImportFile = (kind) => call('choose_import_file', { kind });

/** Handlers of drops on the window by kind: 'file' and 'answers'. */
const dropHandlers = new Map();
let waitingForDrops = false;

/**
 * Asks the app for drops on the window, one after another, for as long as the page lives: each call
 * of `next_window_drop` waits until something newer than the last drop seen is dropped. A waiting
 * command, not an event: see README, Performance (an event listener starts a second JavaScript
 * engine in the app's process).
 */
async function waitForDrops() {
  if (waitingForDrops) return;
  waitingForDrops = true;
  let after = null;
  for (;;) {
    let drop;
    try {
      drop = await call('next_window_drop', { after });
    } catch (error) {
      if (error.kind === 'no_backend') return;
      await new Promise((resolve) => setTimeout(resolve, 1000)); // a failure is not repeated at once
      continue;
    }
    after = drop.seq;
    const { seq: _seq, kind, ...payload } = drop;
    try {
      dropHandlers.get(kind)?.(payload);
    } catch (error) {
      console.error('a drop could not be shown', error); // the next drop is still heard
    }
  }
}

/** Calls `handler({ id, name })` for every file dropped on the window (kept by the app like a chosen one). */
export function onFileDropped(handler) {
  dropHandlers.set('file', handler);
  waitForDrops();
}

/** Saves the meeting's invitation as an .eml draft (native dialog) and opens it in the mail program; null if cancelled. */
export const saveInvitationDraft = (meetingId, unansweredOnly = false) => call('save_invitation_draft', { meetingId, unansweredOnly });

/** The SMTP settings and whether a password is at hand: `{ settings, password, password_in_memory }`. */
export const getSmtpSettings = () => call('get_smtp_settings');

/** Saves the SMTP settings; a password given goes to the keyring (or memory where there is none). */
export const saveSmtpSettings = (settings, password = null) => call('save_smtp_settings', { settings, password });

/** Forgets the SMTP password (keyring and memory). */
export const forgetSmtpPassword = () => call('forget_smtp_password');

/** Sends the invitation (or reminder, with `unansweredOnly`) over SMTP; resolves to the per-recipient report. */
export const sendInvitations = (meetingId, unansweredOnly = false, password = null) =>
  call('send_invitations', { meetingId, unansweredOnly, password });

/** Calls `handler({ done, total })` as a send goes on. */
export function onSendProgress(handler) {
  listen('natverket:utskick', handler);
}

/** Each member's answer to a meeting's invitation, with counts. */
export const meetingAnswers = (meetingId) => call('meeting_answers', { meetingId });

/** Sets (or with '' clears) one member's answer by hand. */
export const setMeetingAnswer = (meetingId, memberId, answer) => call('set_meeting_answer', { meetingId, memberId, answer });

/** Asks for answer files (.ics/.eml) and previews them; null if cancelled. */
export const chooseAnswerFiles = () => call('choose_answer_files');

/** Previews the answer files dropped on the window (`dropId` from onAnswersDropped). */
export const previewDroppedAnswers = (dropId) => call('preview_dropped_answers', { dropId });

/** Calls `handler({ id, names })` when answers to invitations (.eml, or .ics with METHOD:REPLY) are dropped on the window. */
export function onAnswersDropped(handler) {
  dropHandlers.set('answers', handler);
  waitForDrops();
}

/** Stores the answers in the files previewed last (chosen or dropped), as previewed. */
export const applyAnswerFiles = () => call('apply_answer_files');

/** How many upcoming meetings the member would be invited to in one step. */
export const upcomingInvitationCount = (memberId) => call('upcoming_invitation_count', { memberId });

/** Invites a newly active member to every upcoming meeting: SMTP report, or drafts saved in a chosen folder; null if cancelled. */
export const inviteMemberToUpcoming = (memberId) => call('invite_member_to_upcoming', { memberId });

/** What importing the chosen .ics file would do. */
export const previewIcsImport = (fileId) => call('preview_ics_import', { fileId });

/** Imports the previewed .ics file, exactly as the preview said. */
export const applyIcsImport = (fileId) => call('apply_ics_import', { fileId });

/** The backups in the backup folder, newest first. */
export const listBackups = () => call('list_backups');

/** Makes a backup now; resolves to its path. */
export const createBackup = () => call('create_backup');

/** Replaces the database with a backup from the list (by file name). */
export const restoreBackup = (fileName) => call('restore_backup', { fileName });

/** Replaces the database with a backup file picked in the native dialog; false if cancelled. */
export const restoreBackupFromFile = () => call('restore_backup_from_file');

/** Stops the backup or restore under way at its next step while that is safe; nothing of it is kept. */
export const cancelBackup = () => call('cancel_backup');

let backupProgressHandler = null;
let listeningToBackupProgress = false;

/** Calls `handler({ what, done, total })` (pages; `total` 0: unknown) as a backup or restore goes on; the latest handler wins. */
export function onBackupProgress(handler) {
  backupProgressHandler = handler;
  if (listeningToBackupProgress) return;
  listeningToBackupProgress = true;
  listen('natverket:sakerhetskopia-framsteg', (payload) => backupProgressHandler?.(payload));
}
/** Every member who is not anonymised, in Swedish alphabetical order. */
export const listMembers = () => call('list_members');

/** Validates and adds a member; resolves to them as stored. */
export const createMember = (member) => call('create_member', { member });

/** Validates and changes a member; resolves to them as stored. */
export const updateMember = (id, member) => call('update_member', { id, member });

/** Deletes a member for good. */
export const deleteMember = (id) => call('delete_member', { id });

/** Removes a member's personal data (GDPR); their municipality's examples stay. */
export const anonymiseMember = (id) => call('anonymise_member', { id });

/** The register extract of a member (everything stored about them) as text. */
export const memberExtract = (id) => call('member_extract', { id });

/** Asks where to save the register extract and saves it; resolves to the path, or null when cancelled. */
export const saveMemberExtract = (id) => call('save_member_extract', { id });

/** What importing the chosen CSV file would do, row by row; writes nothing. */
export const previewMemberImport = (fileId) => call('preview_member_import', { fileId });

/** Imports exactly what the preview of that file with `token` showed, or nothing. */
export const applyMemberImport = (fileId, token) => call('apply_member_import', { fileId, token });

/** Asks where to save and exports the members for Excel; resolves to {path, count}, or null when cancelled. */
export const exportMembers = () => call('export_members');

/** All 290 municipalities with participants, examples and when they last presented. */
export const listMunicipalityOverview = () => call('list_municipality_overview');
/** Every theme with its number of examples, in Swedish order. */
export const listThemes = () => call('list_themes');

/** Adds a theme `{ name, description }`; resolves to it as stored. */
export const addTheme = (input) => call('add_theme', { input });

/** Renames a theme; resolves to it as stored. */
export const renameTheme = (id, input) => call('rename_theme', { id, input });

/** Full-text search with filters and paging: `{ text, theme_id, region_code, municipality_code, stage, sharing, limit, offset }`. */
export const searchExamples = (query) => call('search_examples', { query });

/** Counts per theme and region, newest examples and those not yet presented. */
export const examplesOverview = () => call('examples_overview');

/** One example with municipalities, themes, links and presentations. */
export const getExample = (id) => call('get_example', { id });

/** Logs a new example; a `sensitive_data` error asks the user to confirm (`confirm_sensitive: true`). */
export const createExample = (input) => call('create_example', { input });

/** Replaces an example's fields. */
export const updateExample = (id, input) => call('update_example', { id, input });

/** Deletes an example. */
export const deleteExample = (id) => call('delete_example', { id });

/** Links an example to a meeting where it was presented `{ meeting_id, member_id, note }`. */
export const addPresentation = (id, input) => call('add_presentation', { id, input });

/** Removes a presentation link from an example. */
export const removePresentation = (id, presentation) => call('remove_presentation', { id, presentation });

/** Members that can be chosen as contact person or presenter. */
export const listPersonChoices = () => call('list_person_choices');

/** Asks where to save and exports `{ example_ids, theme_id }` as 'md' or 'html'; resolves to a message, or null if cancelled. */
export const exportExamples = (format, selection) => call('export_examples', { format, selection });

/** The selected examples grouped by theme, for the printable collection. */
export const exampleCollection = (selection) => call('example_collection', { selection });
/** The overview: next meeting, upcoming and past meetings, attendance figures. */
export const meetingOverview = () => answerReadAhead('meeting_overview') ?? call('meeting_overview');

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

/**
 * What the Teams attendance report chosen as `fileId` (kind 'teams') would record for meeting `meetingId`:
 * `{ report, matched, unmatched, not_in_report, to_set_present, already_present, for_review, warnings, token }`.
 */
export const previewTeamsAttendance = (meetingId, fileId) => call('preview_teams_attendance', { meetingId, fileId });

/** Records the previewed Teams report; members with anmält förhinder change only if in `excusedMemberIds`. */
export const applyTeamsAttendance = (meetingId, fileId, token, excusedMemberIds) =>
  call('apply_teams_attendance', { meetingId, fileId, token, excusedMemberIds });

/** Active members (id, name, municipality), for attendance and hosts. */
export const listActiveMembers = () => call('list_active_members');

/** Records a presentation at meeting `id`. */
export const addMeetingPresentation = (id, input) => call('add_meeting_presentation', { id, input });

/** Removes a presentation. */
export const removeMeetingPresentation = (id) => call('remove_meeting_presentation', { id });

/** The sessions a series would create, with warnings; nothing is saved. */
export const previewMeetingSeries = (input) => call('preview_meeting_series', { input });

/** Creates every session of a series as its own meeting. */
export const createMeetingSeries = (input) => call('create_meeting_series', { input });

/** Exports "mine" or "network" into a .natverk file chosen in the save dialog; null if cancelled. */
export const exportBundle = (scope, includeContacts, recipient = '') => call('export_bundle', { scope, includeContacts, recipient });

/** What importing the chosen .natverk file would add, update, delete, and which conflicts it finds. */
export const previewBundleImport = (fileId) => call('preview_bundle_import', { fileId });

/** Imports the previewed .natverk file atomically. */
export const applyBundleImport = (fileId, acceptSender, asHost) => call('apply_bundle_import', { fileId, acceptSender, asHost });

/** This installation's identity in bundles and the conflicts kept by earlier imports. */
export const exchangeOverview = () => call('exchange_overview');

/** Sets the municipality and the name this installation's bundles carry. */
export const saveInstallationIdentity = (municipalityCode, authorName) =>
  call('save_installation_identity', { municipalityCode, authorName });

/** Tells the app that the first view is on screen: it gives back the memory startup used (and prints the startup time when measuring). */
export const firstViewShown = (pageMarks) => call('first_view_shown', { pageMarks });

/** Asks for a sync folder and previews what the other installations' files there would change (writes nothing); null if cancelled. */
export const previewSyncFolder = () => call('preview_sync_folder');

/** Merges the previewed sync folder's files and writes this installation's own file there. */
export const applySyncFolder = (includeContacts, acceptSenders) => call('apply_sync_folder', { includeContacts, acceptSenders });

/** Medskick found by `{ text, status, only_open, addressee, theme_id, municipality_code, meeting_id, sharing }`, best match (or newest) first. */
export const searchMedskick = (query) => call('search_medskick', { query });

/** One medskick with its person, municipality, meeting, themes and examples. */
export const getMedskick = (id) => call('get_medskick', { id });

/** Logs a medskick (status ny); resolves to it as stored. */
export const createMedskick = (input) => call('create_medskick', { input });

/** Replaces a medskick's text, links, addressee and sharing level; resolves to it as stored. */
export const updateMedskick = (id, input) => call('update_medskick', { id, input });

/** Deletes a medskick. */
export const deleteMedskick = (id) => call('delete_medskick', { id });

/** Moves a medskick to `{ status, date, answer }`; resolves to it as stored. */
export const changeMedskickStatus = (id, change) => call('change_medskick_status', { id, change });

/** "Sammanställning av medskick" for `{ addressee, status, include_confidential }`, grouped by addressee and theme. */
export const medskickCompilation = (selection) => call('medskick_compilation', { selection });

/** Asks where to save and writes the compilation as 'md', 'html' or 'csv'; resolves to a message, or null if cancelled. */
export const exportMedskickCompilation = (format, selection) => call('export_medskick_compilation', { format, selection });

/** Every proposal the network follows, the one with the nearest date ahead first (`next_date: { date, what }`). */
export const listProposals = () => call('list_proposals');

/** One proposal with its links and related medskick and examples. */
export const getProposal = (id) => call('get_proposal', { id });

/** Registers a proposal to follow; resolves to it as stored. */
export const createProposal = (input) => call('create_proposal', { input });

/** Replaces a proposal's fields; resolves to it as stored. */
export const updateProposal = (id, input) => call('update_proposal', { id, input });

/** Deletes a proposal. */
export const deleteProposal = (id) => call('delete_proposal', { id });

/** The compiled overview `{ includes, count, groups }` for `{ include_confidential }`. */
export const proposalOverview = (selection) => call('proposal_overview', { selection });

/** Asks where to save and writes the overview as 'md' or 'html'; resolves to a message, or null if cancelled. */
export const exportProposalOverview = (format, selection) => call('export_proposal_overview', { format, selection });

/** The yearly report (verksamhetsberättelse) for `{ from, to }` (YYYY-MM-DD, both days included). */
export const yearlyReport = (period) => call('yearly_report', { period });

/** Asks where to save and writes the report for `{ from, to }` as 'md', 'html' or 'csv'; resolves to a message, or null if cancelled. */
export const exportYearlyReport = (format, period) => call('export_yearly_report', { format, period });
/** Stops the exchange work under way (sync, import, export) at its next step; nothing of it is kept. */
export const cancelExchange = () => call('cancel_exchange');

let exchangeProgressHandler = null;
let listeningToExchangeProgress = false;

/** Calls `handler({ what, done, total })` as exchange work goes on (`total` 0: unknown); the latest handler wins. */
export function onExchangeProgress(handler) {
  exchangeProgressHandler = handler;
  if (listeningToExchangeProgress) return;
  listeningToExchangeProgress = true;
  listen('natverket:utbyte-framsteg', (payload) => exchangeProgressHandler?.(payload));
}
