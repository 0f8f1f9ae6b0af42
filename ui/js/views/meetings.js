// The Träffar view: the network's meetings, upcoming first, then earlier ones, with Swedish dates and status.

import { el } from '../dom.js';
import { calendarPanel, invitationActions } from './calendar-actions.js';

const MONTH_ABBREVIATIONS = ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];

function dateBadge(meeting) {
  const [, month, day] = meeting.date.split('-').map(Number);
  return el('div', { class: 'date-badge', 'aria-hidden': 'true' },
    el('span', { class: 'date-badge-day', text: String(day) }),
    el('span', { class: 'date-badge-month', text: MONTH_ABBREVIATIONS[month - 1] }));
}

function meetingItem(meeting, api) {
  const cancelled = meeting.status === 'cancelled';
  return el('li', { class: cancelled ? 'meeting meeting-cancelled' : 'meeting', 'data-meeting-id': meeting.id },
    dateBadge(meeting),
    el('div', { class: 'meeting-body' },
      el('h3', { class: 'meeting-when', text: meeting.when_label }),
      el('p', { class: 'meeting-title', text: meeting.title }),
      cancelled
        ? el('p', { class: 'meeting-status' },
          el('span', { class: 'badge badge-cancelled', text: 'Inställd' }),
          meeting.cancel_reason ? ` ${meeting.cancel_reason}` : '')
        : null,
      meeting.focus ? el('p', { class: 'meeting-focus', text: meeting.focus }) : null,
      invitationActions(meeting, api)));
}

function meetingSection(id, heading, meetings, emptyText, api) {
  return el('section', { class: 'panel', 'aria-labelledby': id },
    el('h2', { id, text: `${heading} (${meetings.length})` }),
    meetings.length
      ? el('ul', { class: 'meeting-list' }, meetings.map((meeting) => meetingItem(meeting, api)))
      : el('p', { class: 'muted', text: emptyText }));
}

/** Builds the view from the backend's meetings. */
export async function render({ api }) {
  const meetings = await api.listMeetings();
  const now = new Date();
  const upcoming = meetings.filter((m) => new Date(m.end_utc) >= now);
  const earlier = meetings.filter((m) => new Date(m.end_utc) < now).reverse();
  const cancelledCount = meetings.filter((m) => m.status === 'cancelled').length;
  const summary = `Nätverkets Teams-träffar: ${meetings.length} ${meetings.length === 1 ? 'träff' : 'träffar'}`
    + (cancelledCount ? `, varav ${cancelledCount} ${cancelledCount === 1 ? 'inställd' : 'inställda'}.` : '.');
  return el('div', { class: 'view view-meetings' },
    el('h1', { tabindex: '-1', text: 'Träffar' }),
    el('p', { class: 'lead', text: summary }),
    meetingSection('upcoming-heading', 'Kommande träffar', upcoming, 'Inga kommande träffar är inlagda.', api),
    meetingSection('earlier-heading', 'Tidigare träffar', earlier, 'Inga tidigare träffar.', api),
    calendarPanel(api, () => window.dispatchEvent(new HashChangeEvent('hashchange'))));
}
