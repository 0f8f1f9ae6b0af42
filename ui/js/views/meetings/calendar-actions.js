// Calendar file actions used by the meeting views: create an invitation or cancellation, export the feed, import an .ics file.

import { announce, el, errorBox } from '../../dom.js';

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

function previewTable(preview) {
  const rows = preview.events.map((event) => el('tr', { class: `import-${event.action}` },
    el('td', { text: event.title || '(utan rubrik)' }),
    el('td', { text: event.when_label || '–' }),
    el('td', {}, el('span', { class: `badge badge-${event.action}`, text: actionLabel(event.action) }),
      event.cancelled ? ' inställd' : ''),
    el('td', { text: event.reason })));
  return el('table', { class: 'data-table' },
    el('caption', { class: 'visually-hidden', text: 'Händelser i kalenderfilen' }),
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col', text: 'Rubrik' }),
      el('th', { scope: 'col', text: 'Tid' }),
      el('th', { scope: 'col', text: 'Vad som händer' }),
      el('th', { scope: 'col', text: 'Anmärkning' }))),
    el('tbody', {}, rows));
}

function actionLabel(action) {
  return { create: 'Ny träff', update: 'Uppdateras', unchanged: 'Oförändrad', rejected: 'Importeras inte' }[action] ?? action;
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

  const fileInput = el('input', { type: 'file', id: 'ics-file', accept: '.ics,text/calendar', 'aria-describedby': 'ics-file-hint' });
  const importResult = el('div', { class: 'import-result', 'aria-live': 'polite' });
  let chosenBytes = null;

  fileInput.addEventListener('change', async () => {
    importResult.replaceChildren();
    const file = fileInput.files?.[0];
    if (!file) return;
    chosenBytes = new Uint8Array(await file.arrayBuffer());
    try {
      const preview = await api.previewIcsImport(chosenBytes);
      const importable = preview.to_create + preview.to_update;
      const applyButton = el('button', {
        type: 'button',
        class: 'button button-primary',
        'data-action': 'apply-ics-import',
        text: importable === 1 ? 'Importera 1 träff' : `Importera ${importable} träffar`,
        disabled: importable === 0,
      });
      applyButton.addEventListener('click', async () => {
        applyButton.disabled = true;
        try {
          const done = await api.applyIcsImport(chosenBytes);
          importResult.replaceChildren(el('p', { class: 'notice notice-success', role: 'status', text: `Importen är klar: ${summary(done)}` }));
          announce(`Importen är klar: ${summary(done)}`);
          onImported?.();
        } catch (error) {
          importResult.replaceChildren(errorBox(error, 'Importen misslyckades, inget har ändrats'));
        }
      });
      importResult.replaceChildren(
        el('h3', { text: `Förhandsgranskning av ${file.name}` }),
        el('p', { class: 'import-summary', text: summary(preview) }),
        previewTable(preview),
        el('div', { class: 'form-actions' }, applyButton));
      announce(`Förhandsgranskning: ${summary(preview)}`);
    } catch (error) {
      importResult.replaceChildren(errorBox(error, 'Filen kan inte importeras'));
    }
  });

  return el('section', { class: 'panel', 'aria-labelledby': 'calendar-heading' },
    el('h2', { id: 'calendar-heading', text: 'Kalender' }),
    el('p', { class: 'muted', text: 'Exportera alla träffar som en kalenderfil att prenumerera på, eller hämta in träffar från en .ics-fil (till exempel exporterad från Outlook).' }),
    el('div', { class: 'form-actions' }, exportButton),
    exportResult,
    el('div', { class: 'field import-field' },
      el('label', { for: 'ics-file', text: 'Importera träffar från .ics-fil' }),
      el('p', { class: 'field-hint', id: 'ics-file-hint', text: 'Du ser vad som händer med varje händelse innan något sparas.' }),
      fileInput),
    importResult);
}
