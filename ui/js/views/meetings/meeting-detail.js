// A meeting's page: schedule and Teams link, edit, cancel or reinstate, focus and minutes, attendance and presentations.

import { announce, el, errorBox } from '../../dom.js';
import { loadLabels } from '../../labels.js';
import { invitationActions } from './calendar-actions.js';
import { invitationMailPanel } from './invitation-mail.js';
import { teamsAttendanceImport } from './teams-attendance.js';
import { teamsButton } from '../../parts/meeting-item.js';
import { field, formStatus, onSubmit, selectOptions } from '../../parts/form-field.js';
import { hostPicker, liveWarnings, readHosts, readSchedule, scheduleFields, warningNotice } from './meeting-form.js';

/** "1 närvarande, 0 frånvarande, 1 anmält förhinder", in the core's words. */
function attendanceText(counts, labels) {
  return ['present', 'absent', 'excused']
    .map((status) => `${counts[status]} ${labels.label('attendance_status', status)}`).join(', ');
}

function rerender() {
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

function factsPanel(detail, labels, api) {
  const { meeting, hosts } = detail;
  const cancelled = meeting.status === 'cancelled';
  const teams = teamsButton(api, meeting.teams_url, 'Öppna Teams-länken', el('span', { class: 'muted', text: 'Ingen Teams-länk ännu' }));
  return el('section', { class: 'panel', 'aria-labelledby': 'facts-heading' },
    el('h2', { id: 'facts-heading', text: 'Träffen' }),
    el('dl', { class: 'facts' },
      el('dt', { text: 'När' }), el('dd', { 'data-testid': 'meeting-when', text: meeting.when_label }),
      el('dt', { text: 'Status' }),
      el('dd', { class: 'meeting-status-value' },
        el('span', { class: `badge badge-${meeting.status}`, text: labels.title('meeting_status', meeting.status) }),
        cancelled && meeting.cancel_reason ? ` ${meeting.cancel_reason}` : ''),
      el('dt', { text: 'Teams' }), el('dd', {}, teams),
      el('dt', { text: 'Värdar' }), el('dd', { text: hosts.length ? hosts.map((h) => h.name).join(', ') : 'Inga valda' }),
      el('dt', { text: 'Inbjudans version' }),
      el('dd', { text: `${meeting.sequence} – höjs när tid, länk eller inställning ändras, så att kalendrar ersätter inbjudan` })),
    meeting.agenda ? [el('h3', { text: 'Dagordning' }), el('p', { class: 'preformatted', text: meeting.agenda })] : null);
}

function editPanel(detail, members, api) {
  const { meeting, hosts } = detail;
  const warnings = el('div', { class: 'live-warnings', 'aria-live': 'polite' });
  const form = el('form', { class: 'form', novalidate: true, id: 'edit-meeting-form' },
    scheduleFields('edit-meeting', meeting),
    hostPicker('edit-meeting', members, hosts.map((h) => h.member_id)),
    warnings,
    el('div', { class: 'form-actions' }, el('button', { type: 'submit', class: 'button button-primary', text: 'Spara ändringarna' })),
    el('div', { class: 'form-status', 'aria-live': 'polite' }));
  liveWarnings(form, warnings, api, meeting.id);
  onSubmit(form, async () => {
    const result = await api.rescheduleMeeting(meeting.id, readSchedule(form), members.length ? readHosts(form) : null);
    announce(result.meeting.sequence > meeting.sequence ? 'Ändringarna är sparade. Skicka en uppdaterad inbjudan.' : 'Ändringarna är sparade.');
    rerender();
  }, { errorHeading: 'Ändringarna sparades inte' });
  return el('details', { class: 'panel panel-details' },
    el('summary', {}, el('h2', { class: 'summary-heading', text: 'Ändra tid, länk och värdar' })),
    form);
}

function cancelPanel(detail, api) {
  const { meeting } = detail;
  if (meeting.status === 'cancelled') {
    const button = el('button', { type: 'button', class: 'button', text: 'Ta tillbaka inställningen' });
    button.addEventListener('click', async () => {
      try {
        await api.reinstateMeeting(meeting.id);
        announce('Träffen blir av igen.');
        rerender();
      } catch (error) { announce(error.message); }
    });
    return el('section', { class: 'panel', 'aria-labelledby': 'cancel-heading' },
      el('h2', { id: 'cancel-heading', text: 'Inställd' }),
      el('p', { text: `Träffen är inställd: ${meeting.cancel_reason}` }),
      button);
  }
  const form = el('form', { class: 'form', novalidate: true, id: 'cancel-meeting-form' },
    field({ id: 'cancel-reason', name: 'reason', label: 'Anledning', hint: 'Syns för deltagarna, till exempel ”pga förhinder”.', required: true }),
    el('div', { class: 'form-actions' }, el('button', { type: 'submit', class: 'button button-danger', text: 'Ställ in träffen' })),
    el('div', { class: 'form-status', 'aria-live': 'polite' }));
  onSubmit(form, async () => {
    await api.cancelMeeting(meeting.id, form.elements.reason.value);
    announce('Träffen är inställd. Skicka en uppdaterad inbjudan så att den försvinner ur kalendrarna.');
    rerender();
  }, { errorHeading: 'Träffen ställdes inte in' });
  return el('section', { class: 'panel', 'aria-labelledby': 'cancel-heading' },
    el('h2', { id: 'cancel-heading', text: 'Ställ in träffen' }),
    el('p', { class: 'muted', text: 'Träffen finns kvar i listan med status inställd och anledningen.' }),
    form);
}

function recordPanel(detail, labels, api) {
  const { meeting } = detail;
  const form = el('form', { class: 'form', novalidate: true, id: 'record-form' },
    field({ id: 'record-focus', name: 'focus', label: 'Fokus', kind: 'textarea', rows: 2, value: meeting.focus, hint: 'En eller två meningar om vad träffen handlade om. Visas på sidan om vad träffarna har handlat om.' }),
    field({ id: 'record-notes', name: 'notes', label: 'Anteckningar', kind: 'textarea', rows: 8, value: meeting.notes }),
    field({
      id: 'record-notes_status',
      name: 'notes_status',
      label: 'Anteckningarnas status',
      kind: 'select',
      value: meeting.notes_status,
      options: labels.choices('notes_status'),
    }),
    el('div', { class: 'form-actions' }, el('button', { type: 'submit', class: 'button button-primary', text: 'Spara fokus och anteckningar' })),
    el('div', { class: 'form-status', 'aria-live': 'polite' }));
  onSubmit(form, async () => {
    await api.saveMeetingRecord(meeting.id, {
      focus: form.elements.focus.value,
      notes: form.elements.notes.value,
      notes_status: form.elements.notes_status.value,
    });
    formStatus(form, 'success', 'Fokus och anteckningar är sparade.');
  }, { errorHeading: 'Det sparades inte' });
  return el('section', { class: 'panel', 'aria-labelledby': 'record-heading' },
    el('h2', { id: 'record-heading', text: 'Fokus och anteckningar' }),
    form);
}

function attendancePanel(detail, labels, api) {
  const { meeting, attendance, attendance_summary: counts } = detail;
  const heading = el('h2', { id: 'attendance-heading', text: 'Närvaro' });
  if (meeting.status === 'cancelled') {
    return el('section', { class: 'panel', 'aria-labelledby': 'attendance-heading' }, heading,
      el('p', { class: 'muted', text: 'Träffen är inställd, så ingen närvaro registreras.' }));
  }
  if (!attendance.length) {
    return el('section', { class: 'panel', 'aria-labelledby': 'attendance-heading' }, heading,
      el('p', { class: 'muted', text: 'Här registreras närvaro för nätverkets aktiva medlemmar. Inga aktiva medlemmar finns ännu.' }),
      teamsAttendanceImport(meeting, labels, api, rerender));
  }
  const summary = el('p', { class: 'attendance-summary', 'data-testid': 'attendance-summary',
    text: attendanceText(counts, labels) });
  const choices = [{ value: '', label: 'Inte angiven' }, ...labels.choices('attendance_status')];
  const form = el('form', { class: 'form form-wide', novalidate: true, id: 'attendance-form' },
    el('table', { class: 'data-table' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Medlem' }), el('th', { scope: 'col', text: 'Kommun' }), el('th', { scope: 'col', text: 'Närvaro' }))),
      el('tbody', {}, attendance.map((row) => {
        const id = `attendance-${row.member_id}`;
        return el('tr', { 'data-member-id': row.member_id },
          el('th', { scope: 'row' }, el('label', { for: id, text: row.name })),
          el('td', { text: row.municipality_name ?? '–' }),
          el('td', {}, el('select', { id, name: 'attendance', 'data-member-id': row.member_id },
            selectOptions(choices, row.status ?? ''))));
      }))),
    el('p', { class: 'field-error', id: 'attendance-form-error', hidden: true }),
    el('div', { class: 'form-actions' }, el('button', { type: 'submit', class: 'button button-primary', text: 'Spara närvaron' })),
    el('div', { class: 'form-status', 'aria-live': 'polite' }));
  onSubmit(form, async () => {
    const entries = [...form.querySelectorAll('select[name="attendance"]')]
      .map((select) => ({ member_id: select.dataset.memberId, status: select.value || null }));
    const rows = await api.recordAttendance(meeting.id, entries);
    const count = (status) => rows.filter((r) => r.status === status).length;
    summary.textContent = attendanceText({ present: count('present'), absent: count('absent'), excused: count('excused') }, labels);
    formStatus(form, 'success', 'Närvaron är sparad.');
  }, { onError: (error) => formStatus(form, 'error', `Närvaron sparades inte. ${error.message}`) });
  return el('section', { class: 'panel', 'aria-labelledby': 'attendance-heading' }, heading, summary, form,
    teamsAttendanceImport(meeting, labels, api, rerender));
}

function presentationsPanel(detail, members, municipalities, api) {
  const { meeting, presentations } = detail;
  const list = presentations.length
    ? el('ul', { class: 'presentation-list' }, presentations.map((p) => {
      const who = [p.member_name, p.municipality_name].filter(Boolean).join(', ');
      const remove = el('button', { type: 'button', class: 'button button-small', text: 'Ta bort', 'aria-label': `Ta bort presentationen ${who || p.note}` });
      remove.addEventListener('click', async () => {
        try { await api.removeMeetingPresentation(p.id); announce('Presentationen är borttagen.'); rerender(); } catch (error) { announce(error.message); }
      });
      return el('li', { class: 'presentation' },
        el('div', {}, el('p', { class: 'presentation-who', text: who || 'Okänd' }),
          p.example_title ? el('p', { text: `Exempel: ${p.example_title}` }) : null,
          p.note ? el('p', { class: 'muted', text: p.note }) : null),
        remove);
    }))
    : el('p', { class: 'muted', text: 'Inga presentationer är antecknade.' });
  const form = el('form', { class: 'form', novalidate: true, id: 'presentation-form' },
    field({ id: 'presentation-member_id', name: 'member_id', label: 'Vem presenterade', kind: 'select', options: [{ value: '', label: 'Ingen vald' }, ...members.map((m) => ({ value: m.id, label: m.municipality_name ? `${m.name}, ${m.municipality_name}` : m.name }))] }),
    field({ id: 'presentation-municipality_code', name: 'municipality_code', label: 'Kommun', kind: 'select', hint: 'Tas från personen om du inte väljer en kommun.', options: [{ value: '', label: 'Ingen vald' }, ...municipalities.map((m) => ({ value: m.code, label: m.name }))] }),
    field({ id: 'presentation-note', name: 'note', label: 'Vad presenterades', hint: 'Några ord om arbetssättet eller exemplet.' }),
    el('div', { class: 'form-actions' }, el('button', { type: 'submit', class: 'button', text: 'Lägg till presentation' })),
    el('div', { class: 'form-status', 'aria-live': 'polite' }));
  onSubmit(form, async () => {
    await api.addMeetingPresentation(meeting.id, {
      member_id: form.elements.member_id.value,
      municipality_code: form.elements.municipality_code.value,
      example_id: '',
      note: form.elements.note.value,
    });
    announce('Presentationen är antecknad.');
    rerender();
  }, { errorHeading: 'Presentationen sparades inte' });
  // Nothing is presented at a cancelled meeting (the core refuses it): the list stays, the form goes.
  const addOrNote = meeting.status === 'cancelled'
    ? el('p', { class: 'muted', text: 'Träffen är inställd, så inga presentationer läggs till.' })
    : form;
  return el('section', { class: 'panel', 'aria-labelledby': 'presentations-heading' },
    el('h2', { id: 'presentations-heading', text: 'Presentationer' }), list, addOrNote);
}

export async function render({ api, id }) {
  let detail;
  try {
    detail = await api.getMeeting(id);
  } catch (error) {
    return el('div', { class: 'view' },
      el('p', { class: 'breadcrumb' }, el('a', { href: '#/traffar', text: '← Alla träffar' })),
      el('h1', { tabindex: '-1', text: 'Träffen hittades inte' }), errorBox(error, 'Träffen kunde inte visas'));
  }
  const [members, municipalities, labels] = await Promise.all([api.listActiveMembers(), api.listMunicipalities(), loadLabels(api)]);
  const sortedMunicipalities = [...municipalities].sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  const { meeting } = detail;
  const mailPanel = await invitationMailPanel(meeting, api, labels);
  return el('div', { class: 'view view-meeting-detail', 'data-meeting-id': meeting.id },
    el('p', { class: 'breadcrumb' }, el('a', { href: '#/traffar', text: '← Alla träffar' })),
    el('h1', { tabindex: '-1', text: meeting.title }),
    el('p', { class: 'lead', text: meeting.when_label }),
    warningNotice(detail.warnings, 'Tänk på datumet'),
    factsPanel(detail, labels, api),
    el('section', { class: 'panel', 'aria-labelledby': 'invitation-heading' },
      el('h2', { id: 'invitation-heading', text: 'Kalenderinbjudan' }),
      el('p', { class: 'muted', text: meeting.status === 'cancelled'
        ? 'Skicka en avbokning så att träffen försvinner ur deltagarnas kalendrar.'
        : 'Skapa en .ics-fil med arrangören och alla aktiva medlemmar. Efter en ändring skapar du en ny fil: kalendrarna uppdaterar då den gamla posten.' }),
      invitationActions(meeting, api)),
    mailPanel,
    editPanel(detail, members, api),
    cancelPanel(detail, api),
    recordPanel(detail, labels, api),
    attendancePanel(detail, labels, api),
    presentationsPanel(detail, members, sortedMunicipalities, api));
}
