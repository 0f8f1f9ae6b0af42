// One meeting as a list item (date badge, when, title, cancelled, focus) and its Teams button: shared by Översikt and Träffar.

import { announce, el } from '../dom.js';

const MONTH_ABBREVIATIONS = ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];

function dateBadge(meeting) {
  const [, month, day] = meeting.date.split('-').map(Number);
  return el('div', { class: 'date-badge', 'aria-hidden': 'true' },
    el('span', { class: 'date-badge-day', text: String(day) }),
    el('span', { class: 'date-badge-month', text: MONTH_ABBREVIATIONS[month - 1] }));
}

/** One meeting in a list, its date line linking to the meeting's page; `labels` from labels.js name its status. */
export function meetingItem(meeting, labels) {
  const cancelled = meeting.status === 'cancelled';
  return el('li', { class: cancelled ? 'meeting meeting-cancelled' : 'meeting', 'data-meeting-id': meeting.id },
    dateBadge(meeting),
    el('div', { class: 'meeting-body' },
      el('h3', { class: 'meeting-when' },
        el('a', { href: `#/traffar/${encodeURIComponent(meeting.id)}`, text: meeting.when_label })),
      el('p', { class: 'meeting-title', text: meeting.title }),
      cancelled
        ? el('p', { class: 'meeting-status' },
          el('span', { class: 'badge badge-cancelled', text: labels.title('meeting_status', meeting.status) }),
          meeting.cancel_reason ? ` ${meeting.cancel_reason}` : '')
        : null,
      meeting.focus ? el('p', { class: 'meeting-focus', text: meeting.focus }) : null));
}

/**
 * The button that opens a meeting's Teams link `url` in the browser (a failure is announced), with
 * `text` on it; `absent` (a node) stands in its place when the meeting has no link.
 */
export function teamsButton(api, url, text, absent) {
  if (!url) return absent;
  return el('button', {
    type: 'button',
    class: 'button button-primary',
    text,
    onclick: async () => {
      try { await api.openLink(url); } catch (error) { announce(error.message); }
    },
  });
}
