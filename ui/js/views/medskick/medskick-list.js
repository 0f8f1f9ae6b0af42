// The Medskick list (#/medskick): search as you type, filters by status, addressee, theme and sharing level.

import { announce, el } from '../../dom.js';
import { capitalise, loadLabels } from '../../labels.js';
import { field } from '../../parts/form-field.js';
import { highlightedText } from '../../parts/highlight.js';

const TYPING_PAUSE_MS = 250;

/** The search as the user left it, so coming back from a medskick shows the same list. */
const lastSearch = { text: '', status: '', addressee: '', theme_id: '', meeting_id: '', sharing: '' };

function selectField({ id, name, label, options, value }) {
  return field({ id, name, label, kind: 'select', options, value, withError: false });
}

/** The line of facts under a medskick's title: status, addressee, place, meeting, sharing. */
export function medskickFacts(item) {
  return [
    capitalise(item.status_label),
    `till ${item.addressee_label}`,
    item.municipality?.name,
    item.meeting ? `träffen ${item.meeting.date}` : null,
    item.themes.map((t) => t.name).join(', '),
  ].filter(Boolean).join(' · ');
}

/** A badge saying how far the medskick may be shared; the confidential one stands out. */
export function sharingBadge(item) {
  return el('span', {
    class: item.sharing === 'network' ? 'badge badge-confidential' : 'badge badge-open',
    text: capitalise(item.sharing_label),
  });
}

function resultItem(hit) {
  const item = hit.medskick;
  return el('li', { class: 'medskick-hit', 'data-medskick-id': item.id },
    el('h3', { class: 'medskick-hit-title' },
      el('a', { href: `#/medskick/${encodeURIComponent(item.id)}` }, highlightedText(hit.title))),
    el('p', { class: 'medskick-hit-facts' }, sharingBadge(item), ` ${medskickFacts(item)}`),
    hit.snippet.length ? el('p', { class: 'medskick-hit-snippet' }, highlightedText(hit.snippet)) : null);
}

/** Builds the list page. */
export async function render({ api }) {
  const [themes, meetings, labels] = await Promise.all([api.listThemes(), api.listMeetings(), loadLabels(api)]);
  const searchField = field({
    id: 'medskick-search', name: 'text', type: 'search', value: lastSearch.text, withError: false,
    label: 'Sök bland medskicken', wrapperClass: 'field field-search',
    hint: 'Sök på ord i rubrik, beskrivning och svar. Början av ett ord räcker.',
  });
  const searchInput = searchField.querySelector('input');
  const form = el('form', { class: 'search-form', role: 'search', 'aria-label': 'Sök medskick' },
    searchField,
    el('div', { class: 'filters' },
      selectField({
        id: 'medskick-filter-status', name: 'status', label: 'Status', value: lastSearch.status,
        options: [{ value: '', label: 'Alla' }, { value: 'open', label: 'Öppna (ny, samlas, framförd)' }, ...labels.choices('medskick_status')],
      }),
      selectField({
        id: 'medskick-filter-addressee', name: 'addressee', label: 'Mottagare', value: lastSearch.addressee,
        options: [{ value: '', label: 'Alla mottagare' }, ...labels.choices('medskick_addressee')],
      }),
      selectField({
        id: 'medskick-filter-theme', name: 'theme_id', label: 'Tema', value: lastSearch.theme_id,
        options: [{ value: '', label: 'Alla teman' }, ...themes.map((t) => ({ value: t.id, label: t.name }))],
      }),
      selectField({
        id: 'medskick-filter-meeting', name: 'meeting_id', label: 'Träff', value: lastSearch.meeting_id,
        options: [{ value: '', label: 'Alla träffar' },
          ...meetings.filter((m) => m.status !== 'cancelled').map((m) => ({ value: m.id, label: m.when_label }))],
      }),
      selectField({
        id: 'medskick-filter-sharing', name: 'sharing', label: 'Delning', value: lastSearch.sharing,
        options: [{ value: '', label: 'Alla' }, ...labels.choices('sharing')],
      })));

  const status = el('p', { class: 'search-status', role: 'status', 'aria-live': 'polite' });
  const results = el('ol', { class: 'medskick-hits', 'aria-labelledby': 'medskick-results-heading' });

  let requestNumber = 0;
  async function runSearch() {
    const thisRequest = ++requestNumber;
    const data = new FormData(form);
    for (const key of Object.keys(lastSearch)) lastSearch[key] = String(data.get(key) ?? '');
    const onlyOpen = lastSearch.status === 'open';
    results.setAttribute('aria-busy', 'true');
    try {
      const found = await api.searchMedskick({ ...lastSearch, status: onlyOpen ? '' : lastSearch.status, only_open: onlyOpen });
      if (thisRequest !== requestNumber) return;
      results.replaceChildren(...found.hits.map(resultItem));
      status.textContent = found.total === 0
        ? 'Inga medskick matchar.'
        : `${found.total} medskick${found.total > found.hits.length ? `, visar de ${found.hits.length} första` : ''}.`;
    } catch (error) {
      if (thisRequest !== requestNumber) return;
      status.textContent = `Sökningen misslyckades: ${error.message}`;
      announce(status.textContent);
    } finally {
      if (thisRequest === requestNumber) results.removeAttribute('aria-busy');
    }
  }

  let typingTimer = null;
  searchInput.addEventListener('input', () => {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(runSearch, TYPING_PAUSE_MS);
  });
  form.addEventListener('change', (event) => {
    if (event.target !== searchInput) runSearch();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(typingTimer);
    runSearch();
  });
  await runSearch();

  return el('div', { class: 'view view-medskick' },
    el('div', { class: 'view-heading' },
      el('h1', { tabindex: '-1', text: 'Medskick' }),
      el('div', { class: 'view-actions' },
        el('a', { class: 'button button-primary', href: '#/medskick/ny', text: 'Nytt medskick' }),
        el('a', { class: 'button', href: '#/medskick/sammanstallning', text: 'Sammanställning' }))),
    el('p', { class: 'lead', text: 'Behov och frågor som medlemmarna vill att nätverket för vidare till FSS styrelse, SKR, regeringen eller Socialstyrelsen.' }),
    el('section', { class: 'panel', 'aria-labelledby': 'medskick-results-heading' },
      el('h2', { id: 'medskick-results-heading', text: 'Sök medskick' }),
      form, status, results));
}
