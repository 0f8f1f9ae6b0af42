// The Översikt view: the next meeting with its Teams link, upcoming and past meetings, attendance figures.

import { el, pagedList } from '../../dom.js';
import { meetingItem, teamsButton } from '../../parts/meeting-item.js';

/** Municipalities shown at first in the attendance table; the rest behind a button. */
const MUNICIPALITY_PAGE = 15;

function nextMeetingPanel(next, api) {
  if (!next) {
    return el('section', { class: 'panel next-meeting', 'aria-labelledby': 'next-heading' },
      el('h2', { id: 'next-heading', text: 'Nästa träff' }),
      el('p', { class: 'muted', text: 'Ingen kommande träff är inlagd.' }),
      el('a', { class: 'button button-primary', href: '#/traffar/ny', text: 'Lägg in en träff' }));
  }
  const join = teamsButton(api, next.teams_url, 'Anslut via Teams', el('p', { class: 'muted', text: 'Teams-länken är inte inlagd ännu.' }));
  return el('section', { class: 'panel next-meeting', 'aria-labelledby': 'next-heading' },
    el('h2', { id: 'next-heading', text: 'Nästa träff' }),
    el('p', { class: 'next-when', text: next.when_label }),
    el('p', { class: 'muted', text: next.title }),
    next.agenda ? el('p', { class: 'preformatted', text: next.agenda }) : null,
    el('div', { class: 'actions' }, join, el('a', { class: 'button', href: `#/traffar/${encodeURIComponent(next.id)}`, text: 'Visa träffen' })));
}

/** The first few meetings of a list (the core sends at most five) and a link to all of them in Träffar. */
function listPanel(id, heading, meetings, total, emptyText, labels) {
  return el('section', { class: 'panel', 'aria-labelledby': id },
    el('h2', { id, text: heading }),
    meetings.length
      ? el('ul', { class: 'meeting-list' }, meetings.map((meeting) => meetingItem(meeting, labels)))
      : el('p', { class: 'muted', text: emptyText }),
    total > meetings.length ? el('p', {}, el('a', { href: '#/traffar', text: `Alla ${total} i Träffar` })) : null);
}

function countsCells(counts) {
  return [
    el('td', { class: 'number', text: String(counts.present) }),
    el('td', { class: 'number', text: String(counts.absent) }),
    el('td', { class: 'number', text: String(counts.excused) }),
  ];
}

function figuresPanel(figures, labels) {
  const heading = el('h2', { id: 'figures-heading', text: 'Närvaro' });
  if (!figures.per_meeting.length) {
    return el('section', { class: 'panel', 'aria-labelledby': 'figures-heading' }, heading,
      el('p', { class: 'muted', text: 'Ingen närvaro är registrerad ännu. Närvaro förs på varje träffs sida.' }));
  }
  const statusHeads = () => ['present', 'absent', 'excused']
    .map((status) => el('th', { scope: 'col', class: 'number', text: labels.title('attendance_status', status) }));
  const municipalityRows = el('tbody');
  const moreMunicipalities = pagedList(municipalityRows, figures.per_municipality, (row) => el('tr', {},
    el('th', { scope: 'row', text: row.municipality_name }),
    el('td', { class: 'number', text: String(row.meetings_attended) }),
    countsCells(row.counts)), MUNICIPALITY_PAGE, 'Visa fler kommuner');
  return el('section', { class: 'panel', 'aria-labelledby': 'figures-heading' }, heading,
    el('table', { class: 'data-table', id: 'figures-per-meeting' },
      el('caption', { text: `Per träff, de ${figures.per_meeting.length} senaste med registrerad närvaro` }),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Träff' }), statusHeads())),
      el('tbody', {}, figures.per_meeting.map((row) => el('tr', {},
        el('th', { scope: 'row' }, el('a', { href: `#/traffar/${encodeURIComponent(row.meeting_id)}`, text: row.when_label })),
        countsCells(row.counts))))),
    el('table', { class: 'data-table', id: 'figures-per-municipality' },
      el('caption', { text: 'Per kommun, vid samma träffar' }),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Kommun' }), el('th', { scope: 'col', class: 'number', text: 'Träffar med närvaro' }), statusHeads())),
      municipalityRows),
    moreMunicipalities);
}

/** The view; `data` is `[overview, labels]`, which app.js asks for beside this module's code (its route's `data`). */
export async function render({ api, data }) {
  const [overview, labels] = data;
  return el('div', { class: 'view view-overview' },
    el('h1', { tabindex: '-1', text: 'Översikt' }),
    nextMeetingPanel(overview.next, api),
    listPanel('overview-upcoming', 'Kommande träffar', overview.upcoming, overview.upcoming_count, 'Inga kommande träffar är inlagda.', labels),
    listPanel('overview-past', 'Senaste träffarna', overview.past, overview.past_count, 'Inga träffar har hållits ännu.', labels),
    figuresPanel(overview.figures, labels),
    el('p', {}, el('a', { href: '#/traffar/fokus', text: 'Vad nätverksträffarna hittills har handlat om' })));
}
