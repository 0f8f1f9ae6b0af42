// Shared parts of the meeting forms: the schedule fields, the host picker and live date warnings.

import { el } from '../../dom.js';
import { field, fieldGroup } from '../../parts/form-field.js';
import { toSwedishClock } from '../../parts/swedish-format.js';

/** The schedule fields of a meeting, filled from `meeting` (or defaults). */
export function scheduleFields(form, meeting) {
  return [
    field({ id: `${form}-title`, name: 'title', label: 'Rubrik', value: meeting.title, required: true }),
    el('div', { class: 'field-row' },
      field({ id: `${form}-date`, name: 'date', label: 'Datum', value: meeting.date, hint: 'ÅÅÅÅ-MM-DD, till exempel 2024-09-03.', required: true }),
      field({ id: `${form}-start`, name: 'start', label: 'Start', value: toSwedishClock(meeting.start), short: true, hint: 'Till exempel 15.00' }),
      field({ id: `${form}-end`, name: 'end', label: 'Slut', value: toSwedishClock(meeting.end), short: true, hint: 'Till exempel 15.45' })),
    field({ id: `${form}-teams_url`, name: 'teams_url', label: 'Teams-länk', type: 'url', value: meeting.teams_url, hint: 'Länken för att ansluta. Måste börja med https://.' }),
    field({ id: `${form}-agenda`, name: 'agenda', label: 'Dagordning', kind: 'textarea', value: meeting.agenda, rows: 4 }),
    field({
      id: `${form}-repeated_hour`,
      name: 'repeated_hour',
      label: 'Om tiden infaller två gånger',
      kind: 'select',
      value: meeting.repeated_hour ?? 'earlier',
      hint: 'Gäller bara natten när sommartiden slutar, då en timme upprepas.',
      options: [
        { value: 'earlier', label: 'Första gången (sommartid)' },
        { value: 'later', label: 'Andra gången (vintertid)' },
      ],
    }),
  ];
}

/** Reads the schedule fields into a MeetingInput for the backend. */
export function readSchedule(formNode) {
  const data = new FormData(formNode);
  const text = (name) => String(data.get(name) ?? '');
  return {
    title: text('title'),
    date: text('date'),
    start: text('start'),
    end: text('end'),
    time_zone: '',
    repeated_hour: text('repeated_hour') || 'earlier',
    teams_url: text('teams_url'),
    agenda: text('agenda'),
  };
}

/** Checkboxes to pick hosts among the active members. */
export function hostPicker(form, members, chosen = []) {
  if (!members.length) {
    return el('p', { class: 'muted', text: 'Värdar väljs bland nätverkets aktiva medlemmar. Inga aktiva medlemmar finns ännu.' });
  }
  return fieldGroup({ id: `${form}-hosts`, name: 'hosts', legend: 'Värdar', className: 'field checkbox-group' },
    members.map((member) => {
      const id = `${form}-host-${member.id}`;
      return el('div', { class: 'checkbox' },
        el('input', { type: 'checkbox', id, name: 'hosts', value: member.id, checked: chosen.includes(member.id) }),
        el('label', { for: id, text: member.municipality_name ? `${member.name}, ${member.municipality_name}` : member.name }));
    }));
}

export function readHosts(formNode) {
  return [...formNode.querySelectorAll('input[name="hosts"]:checked')].map((input) => input.value);
}



/** A notice listing scheduling warnings (or nothing when there are none). */
export function warningNotice(warnings, heading = 'Tänk på det här innan du skickar inbjudan') {
  if (!warnings?.length) return null;
  return el('div', { class: 'notice notice-warning', 'data-warnings': String(warnings.length) },
    el('p', { class: 'notice-title', text: heading }),
    el('ul', { class: 'warning-list' },
      warnings.map((warning) => el('li', { 'data-kind': warning.kind, text: warning.message }))));
}

/** Re-checks the date and time as the host types and shows warnings in `region`. */
export function liveWarnings(formNode, region, api, id = null) {
  let latest = 0;
  const refresh = async () => {
    const mine = ++latest;
    try {
      const warnings = await api.checkMeeting(readSchedule(formNode), id);
      if (mine !== latest) return;
      region.replaceChildren(...[warningNotice(warnings)].filter(Boolean));
    } catch {
      // Incomplete input (a half-typed time): the save shows the real error at its field.
      if (mine === latest) region.replaceChildren();
    }
  };
  for (const name of ['date', 'start', 'end', 'repeated_hour']) {
    formNode.elements[name]?.addEventListener('change', refresh);
  }
  return refresh;
}
