// The Träffar view: the meeting list, and by sub-route a meeting's page, a new meeting, a series and the focus so far.

import { el } from '../dom.js';
import { calendarPanel } from './calendar-actions.js';
import * as detailPage from './meeting-detail.js';
import * as newPage from './meeting-new.js';
import * as seriesPage from './meeting-series.js';
import * as focusPage from './meeting-focus.js';

const MONTH_ABBREVIATIONS = ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];
/** Past meetings shown at first; the rest behind a button, so long histories stay light. */
const PAST_PAGE = 20;

export function dateBadge(meeting) {
  const [, month, day] = meeting.date.split('-').map(Number);
  return el('div', { class: 'date-badge', 'aria-hidden': 'true' },
    el('span', { class: 'date-badge-day', text: String(day) }),
    el('span', { class: 'date-badge-month', text: MONTH_ABBREVIATIONS[month - 1] }));
}

/** One meeting in a list, its date line linking to the meeting's page. */
export function meetingItem(meeting) {
  const cancelled = meeting.status === 'cancelled';
  return el('li', { class: cancelled ? 'meeting meeting-cancelled' : 'meeting', 'data-meeting-id': meeting.id },
    dateBadge(meeting),
    el('div', { class: 'meeting-body' },
      el('h3', { class: 'meeting-when' },
        el('a', { href: `#/traffar/${encodeURIComponent(meeting.id)}`, text: meeting.when_label })),
      el('p', { class: 'meeting-title', text: meeting.title }),
      cancelled
        ? el('p', { class: 'meeting-status' },
          el('span', { class: 'badge badge-cancelled', text: 'Inställd' }),
          meeting.cancel_reason ? ` ${meeting.cancel_reason}` : '')
        : null,
      meeting.focus ? el('p', { class: 'meeting-focus', text: meeting.focus }) : null));
}

function meetingSection(id, heading, meetings, emptyText, pageSize = Infinity) {
  const list = el('ul', { class: 'meeting-list' });
  let shown = 0;
  const more = el('button', { type: 'button', class: 'button button-quiet' });
  const showMore = () => {
    const next = meetings.slice(shown, shown + pageSize);
    list.append(...next.map(meetingItem));
    shown += next.length;
    more.hidden = shown >= meetings.length;
    more.textContent = `Visa fler (${meetings.length - shown} till)`;
  };
  more.addEventListener('click', showMore);
  showMore();
  return el('section', { class: 'panel', 'aria-labelledby': id },
    el('h2', { id, text: `${heading} (${meetings.length})` }),
    meetings.length ? [list, more] : el('p', { class: 'muted', text: emptyText }));
}

async function renderList({ api }) {
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
    el('div', { class: 'actions' },
      el('a', { class: 'button button-primary', href: '#/traffar/ny', text: 'Ny träff' }),
      el('a', { class: 'button', href: '#/traffar/serie', text: 'Skapa serie' }),
      el('a', { class: 'button', href: '#/traffar/fokus', text: 'Vad träffarna har handlat om' })),
    meetingSection('upcoming-heading', 'Kommande träffar', upcoming, 'Inga kommande träffar är inlagda.'),
    meetingSection('earlier-heading', 'Tidigare träffar', earlier, 'Inga tidigare träffar.', PAST_PAGE),
    calendarPanel(api, () => window.dispatchEvent(new HashChangeEvent('hashchange'))));
}

/** Builds the list, or the page the hash names: #/traffar/ny, #/traffar/serie, #/traffar/fokus, #/traffar/<id>. */
export async function render({ api }) {
  const sub = decodeURIComponent(location.hash.replace(/^#\/?/, '').split('/')[1] ?? '');
  if (sub === 'ny') return newPage.render({ api });
  if (sub === 'serie') return seriesPage.render({ api });
  if (sub === 'fokus') return focusPage.render({ api });
  if (sub) return detailPage.render({ api, id: sub });
  return renderList({ api });
}
