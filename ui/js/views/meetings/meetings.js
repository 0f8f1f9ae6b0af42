// The Träffar view: the meeting list, and by sub-route a meeting's page, a new meeting, a series and the focus so far.

import { el, pagedList } from '../../dom.js';
import { loadLabels } from '../../labels.js';
import { calendarPanel } from './calendar-actions.js';
import { meetingItem } from '../../parts/meeting-item.js';
import * as detailPage from './meeting-detail.js';
import * as newPage from './meeting-new.js';
import * as seriesPage from './meeting-series.js';
import * as focusPage from './meeting-focus.js';

/** Meetings shown at first in each list; the rest behind a button, so long histories stay light. */
const PAGE = 20;

function meetingSection(id, heading, meetings, emptyText, labels) {
  const list = el('ul', { class: 'meeting-list' });
  const more = pagedList(list, meetings, (meeting) => meetingItem(meeting, labels), PAGE);
  return el('section', { class: 'panel', 'aria-labelledby': id },
    el('h2', { id, text: `${heading} (${meetings.length})` }),
    meetings.length ? [list, more] : el('p', { class: 'muted', text: emptyText }));
}

async function renderList({ api }) {
  const [meetings, labels] = await Promise.all([api.listMeetings(), loadLabels(api)]);
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
    meetingSection('upcoming-heading', 'Kommande träffar', upcoming, 'Inga kommande träffar är inlagda.', labels),
    meetingSection('earlier-heading', 'Tidigare träffar', earlier, 'Inga tidigare träffar.', labels),
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
