// Calendar file actions used by the meeting views: create an invitation or cancellation, export the feed, import an .ics file.

import { announce, el, errorBox } from '../../dom.js';
import { loadLabels } from '../../labels.js';
import { fileChooser, fileImport } from '../../parts/file-import.js';

/** Explains where a calendar file was saved and offers to open the mail program with the attendees addressed. */
function savedNotice(saved, api) {
  const what = saved.method === 'CANCEL' ? 'Avbokningen' : saved.method === 'PUBLISH' ? 'Kalenderflödet' : 'Inbjudan';
  const mailButton = saved.attendee_count > 0
    ? el('button', {
      type: 'button',
      class: 'button',
      text: `Öppna e-postprogrammet (${saved.attendee_count} mottagare)`,
      onclick: () => api.openLink(saved.mailto).catch((error) => announce(error.message)),
    })
    : null;
  return el('div', { class: 'notice notice-success calendar-saved', role: 'status' },
    el('p', { class: 'notice-title', text: `${what} är sparad.` }),
    el('p', {}, 'Filen finns här: ', el('span', { class: 'path saved-path', text: saved.path })),
    saved.attendee_count > 0 ? el('p', { text: 'Bifoga filen i e-postmeddelandet som öppnas.' }) : null,
    mailButton);
}

/** A button that creates the meeting's invitation, or its cancellation when the meeting is cancelled. */
export function invitationActions(meeting, api) {
  const cancelled = meeting.status === 'cancelled';
  const result = el('div', { class: 'calendar-result', 'aria-live': 'polite' });
  const button = el('button', {
    type: 'button',
    class: 'button',
    'data-action': cancelled ? 'create-cancellation' : 'create-invitation',
    text: cancelled ? 'Skapa avbokning' : 'Skapa inbjudan',
  });
  button.addEventListener('click', async () => {
    button.disabled = true;
    result.replaceChildren();
    try {
      const saved = await api.exportInvitation(meeting.id);
      if (saved) result.replaceChildren(savedNotice(saved, api));
    } catch (error) {
      result.replaceChildren(errorBox(error, 'Kalenderfilen kunde inte skapas'));
    } finally {
      button.disabled = false;
    }
  });
  return el('div', { class: 'calendar-actions' }, button, result);
}

function previewTable(preview, labels) {
  const rows = preview.events.map((event) => el('tr', { class: `import-${event.action}` },
    el('td', { text: event.title || '(utan rubrik)' }),
    el('td', { text: event.when_label || '–' }),
    el('td', {}, el('span', { class: `badge badge-${event.action}`, text: labels.title('calendar_import_action', event.action) }),
      event.cancelled ? ' inställd' : ''),
    el('td', { text: event.reason })));
  const skipped = (preview.warnings ?? []).length
    ? el('div', { class: 'notice notice-info ics-warnings' },
      el('p', { class: 'notice-title', text: 'Det här i filen hoppades över; resten kan importeras:' }),
      el('ul', {}, preview.warnings.map((warning) => el('li', { text: warning }))))
    : null;
  const table = el('table', { class: 'data-table' },
    el('caption', { class: 'visually-hidden', text: 'Händelser i kalenderfilen' }),
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col', text: 'Rubrik' }),
      el('th', { scope: 'col', text: 'Tid' }),
      el('th', { scope: 'col', text: 'Vad som händer' }),
      el('th', { scope: 'col', text: 'Anmärkning' }))),
    el('tbody', {}, rows));
  return skipped ? [skipped, table] : table;
}

function summary(preview) {
  return `${preview.to_create} nya, ${preview.to_update} uppdaterade, ${preview.unchanged} oförändrade, ${preview.rejected} importeras inte.`;
}

/** The Träffar view's calendar panel: export the feed, and import an .ics file with a preview first. */
export function calendarPanel(api, onImported) {
  const exportResult = el('div', { class: 'calendar-result', 'aria-live': 'polite' });
  const exportButton = el('button', { type: 'button', class: 'button', 'data-action': 'export-feed', text: 'Exportera kalender' });
  exportButton.addEventListener('click', async () => {
    exportButton.disabled = true;
    try {
      const saved = await api.exportCalendarFeed();
      exportResult.replaceChildren(saved ? savedNotice(saved, api) : '');
    } catch (error) {
      exportResult.replaceChildren(errorBox(error, 'Kalendern kunde inte exporteras'));
    } finally {
      exportButton.disabled = false;
    }
  });

  let labels = null;
  const icsImport = fileImport({
    choose: fileChooser({
      id: 'ics-file',
      kind: 'calendar',
      api,
      label: 'Importera träffar från .ics-fil',
      hint: 'Du ser vad som händer med varje händelse innan något sparas.',
      wrapperClass: 'field import-field',
    }),
    preview: async (file) => {
      labels = await loadLabels(api);
      return api.previewIcsImport(file.id);
    },
    summary,
    details: (preview) => previewTable(preview, labels),
    action: 'apply-ics-import',
    applyButton: (preview) => {
      const importable = preview.to_create + preview.to_update;
      return { text: importable === 1 ? 'Importera 1 träff' : `Importera ${importable} träffar`, disabled: importable === 0 };
    },
    apply: (file) => api.applyIcsImport(file.id),
    doneText: (done) => `Importen är klar: ${summary(done)}`,
    onApplied: onImported,
  });

  return el('section', { class: 'panel', 'aria-labelledby': 'calendar-heading' },
    el('h2', { id: 'calendar-heading', text: 'Kalender' }),
    el('p', { class: 'muted', text: 'Exportera alla träffar som en kalenderfil att prenumerera på, eller hämta in träffar från en .ics-fil (till exempel exporterad från Outlook).' }),
    el('div', { class: 'form-actions' }, exportButton),
    exportResult,
    icsImport.chooser,
    icsImport.result);
}
