// The Kommuner view: all 290 municipalities by region (shown 60 at a time), searchable, with participants, examples and last presentation.

import { announce, el, focusWithin } from '../../dom.js';
import { field } from '../../parts/form-field.js';

/** Municipalities shown at first and added per click, so the view never holds all 290 rows at once. */
const PAGE = 60;

function regionSection(region, items, total) {
  const headingId = `region-${region.code}`;
  return el('section', { class: 'panel region', 'aria-labelledby': headingId, 'data-region': region.code },
    el('h2', { id: headingId, text: `${region.name} (${items.length < total ? `${items.length} av ${total}` : total})` }),
    el('div', { class: 'table-scroll' },
      el('table', { class: 'data-table municipalities-table' },
        el('thead', {}, el('tr', {},
          el('th', { scope: 'col', text: 'Kommun' }),
          el('th', { scope: 'col', class: 'numeric', text: 'Deltagare' }),
          el('th', { scope: 'col', class: 'numeric', text: 'Exempel' }),
          el('th', { scope: 'col', text: 'Presenterade senast' }))),
        el('tbody', {}, items.map((m) => el('tr', { 'data-code': m.code, class: m.participates ? 'participates' : null },
          el('th', { scope: 'row' }, m.display_name,
            m.participates ? el('span', { class: 'badge badge-active', text: 'Deltar' }) : null),
          el('td', { class: 'numeric', text: String(m.participants) }),
          el('td', { class: 'numeric', text: String(m.examples) }),
          el('td', { text: m.last_presented_label ?? '–' })))))));
}

/** Builds the view from the backend's overview of all municipalities. */
export async function render({ api }) {
  const overview = await api.listMunicipalityOverview();
  const participating = overview.filter((m) => m.participates).length;
  const results = el('div', { class: 'region-list' });
  const count = el('p', { class: 'muted', 'aria-live': 'polite' });
  const search = el('input', { type: 'search', autocomplete: 'off' });
  const onlyParticipating = el('input', { type: 'checkbox' });
  const more = el('button', { type: 'button', class: 'button button-quiet' });
  let limit = PAGE;

  function show() {
    const query = search.value.trim().toLocaleLowerCase('sv');
    const found = overview.filter((m) => (!onlyParticipating.checked || m.participates)
      && (!query || `${m.name} ${m.display_name} ${m.region_name} ${m.code}`.toLocaleLowerCase('sv').includes(query)));
    const page = found.slice(0, limit);
    const regions = new Map();
    for (const m of page) {
      if (!regions.has(m.region_code)) regions.set(m.region_code, { region: { code: m.region_code, name: m.region_name }, items: [] });
      regions.get(m.region_code).items.push(m);
    }
    const regionTotals = new Map();
    for (const m of found) regionTotals.set(m.region_code, (regionTotals.get(m.region_code) ?? 0) + 1);
    results.replaceChildren(...[...regions.values()].map(({ region, items }) => regionSection(region, items, regionTotals.get(region.code))));
    if (!found.length) {
      results.replaceChildren(el('p', { class: 'panel muted', text: onlyParticipating.checked && !participating
        ? 'Ingen kommun deltar i nätverket ännu. En kommun deltar när den har minst en aktiv medlem.'
        : 'Ingen kommun matchar sökningen.' }));
    }
    count.textContent = found.length < overview.length
      ? `Visar ${page.length} av ${found.length} kommuner som matchar (av ${overview.length}).`
      : `Visar ${page.length} av ${overview.length} kommuner.`;
    more.hidden = found.length <= page.length;
    more.textContent = `Visa fler kommuner (${found.length - page.length} till)`;
    return page;
  }
  const showFirstPage = () => {
    limit = PAGE;
    show();
  };
  more.addEventListener('click', () => {
    const shownBefore = limit;
    limit += PAGE;
    const page = show();
    announce(`${page.length - shownBefore} kommuner till visas.`);
    // The button is gone: put focus on the first municipality it added.
    const first = more.hidden && results.querySelector(`tr[data-code="${page[shownBefore]?.code}"] th`);
    if (first) focusWithin(first);
  });
  search.addEventListener('input', showFirstPage);
  onlyParticipating.addEventListener('change', showFirstPage);
  show();

  return el('div', { class: 'view view-municipalities' },
    el('h1', { tabindex: '-1', text: 'Kommuner' }),
    el('p', { class: 'lead', text: `Sveriges 290 kommuner län för län. ${participating} ${participating === 1 ? 'kommun deltar' : 'kommuner deltar'} i nätverket med minst en aktiv medlem.` }),
    el('div', { class: 'panel filters' },
      field({ id: 'municipality-search', label: 'Sök kommun eller län', hint: 'Till exempel Gävle, Falu kommun eller Dalarna.', control: search, withError: false }),
      field({ id: 'municipality-participating', kind: 'checkbox', label: 'Visa bara kommuner som deltar i nätverket', control: onlyParticipating, withError: false }),
      count),
    results,
    more);
}
