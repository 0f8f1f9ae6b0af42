// The series page: what the network's meetings so far have been about, one focus text per meeting.

import { el } from '../../dom.js';
import { loadLabels } from '../../labels.js';

export async function render({ api }) {
  const [entries, labels] = await Promise.all([api.meetingFocusSoFar(), loadLabels(api)]);
  const list = el('ol', { class: 'focus-list' }, entries.map((entry) => {
    const cancelled = entry.status === 'cancelled';
    return el('li', { class: cancelled ? 'focus-entry focus-cancelled' : 'focus-entry' },
      el('h2', { class: 'focus-when' }, el('a', { href: `#/traffar/${encodeURIComponent(entry.meeting_id)}`, text: entry.when_label })),
      cancelled
        ? el('p', {}, el('span', { class: 'badge badge-cancelled', text: labels.title('meeting_status', 'cancelled') }), entry.cancel_reason ? ` ${entry.cancel_reason}` : '')
        : el('p', { class: entry.focus ? 'focus-text' : 'muted', text: entry.focus || 'Inget fokus antecknat ännu.' }));
  }));
  return el('div', { class: 'view view-meeting-focus' },
    el('p', { class: 'breadcrumb' }, el('a', { href: '#/traffar', text: '← Alla träffar' })),
    el('h1', { tabindex: '-1', text: 'Vad nätverksträffarna hittills har handlat om' }),
    el('p', { class: 'lead', text: 'Fokus för varje träff som har hållits, i tidsordning. Fokus skrivs på träffens sida.' }),
    entries.length ? el('section', { class: 'panel' }, list) : el('p', { class: 'muted', text: 'Inga träffar har hållits ännu.' }));
}
