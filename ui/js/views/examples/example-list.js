// The Exempel list (#/exempel): overview chart, and search as you type with filters by theme, län, kommun, fas and delning.

import { announce, el } from '../../dom.js';
import { loadLabels } from '../../labels.js';
import { barChart } from '../../parts/bar-chart.js';
import { field } from '../../parts/form-field.js';
import { highlightedText } from '../../parts/highlight.js';
import { confidentialMark } from '../../parts/sharing-mark.js';

const PAGE_SIZE = 20;
const TYPING_PAUSE_MS = 250;

/** The search as the user left it, so coming back from an example shows the same results. */
const lastSearch = { text: '', theme_id: '', region_code: '', municipality_code: '', stage: '', sharing: '', offset: 0 };

/** Municipality names joined for a result line: "Åre, Östersund". */
function placeNames(example) {
  return example.municipalities.map((m) => m.name).join(', ');
}

function regionsOf(municipalities) {
  const regions = new Map();
  for (const m of municipalities) regions.set(m.region_code, m.region_name);
  return [...regions].map(([code, name]) => ({ code, name })).sort((a, b) => a.code.localeCompare(b.code));
}

function selectField({ id, name, label, options, value }) {
  return field({ id, name, label, kind: 'select', options, value, withError: false });
}

function overviewSection(overview) {
  if (overview.total === 0) {
    return el('section', { class: 'panel', 'aria-labelledby': 'examples-empty-heading' },
      el('h2', { id: 'examples-empty-heading', text: 'Inga exempel ännu' }),
      el('p', { text: 'Här samlas kommunernas exempel på hur de ställer om mot en tillgänglig första linje. Logga det första exemplet.' }));
  }
  const shortList = (items, emptyText) => (items.length
    ? el('ul', { class: 'plain-list' }, items.map((example) => el('li', {},
      el('a', { href: `#/exempel/${encodeURIComponent(example.id)}`, text: example.title }),
      el('span', { class: 'muted', text: ` – ${placeNames(example)} ` }),
      confidentialMark(example))))
    : el('p', { class: 'muted', text: emptyText }));
  return el('section', { class: 'panel examples-overview', 'aria-labelledby': 'examples-overview-heading' },
    el('h2', { id: 'examples-overview-heading', text: `Översikt: ${overview.total} exempel` }),
    el('div', { class: 'overview-grid' },
      el('div', {},
        el('h3', { text: 'Per tema' }),
        overview.per_theme.length
          ? barChart({ id: 'chart-themes', title: 'Antal exempel per tema', rows: overview.per_theme })
          : el('p', { class: 'muted', text: 'Inga exempel har tema ännu.' })),
      el('div', {},
        el('h3', { text: 'Per län' }),
        barChart({ id: 'chart-regions', title: 'Antal exempel per län', rows: overview.per_region })),
      el('div', {},
        el('h3', { text: 'Nyast' }),
        shortList(overview.newest, 'Inga exempel.')),
      el('div', {},
        el('h3', { text: `Inte visade på någon träff (${overview.not_presented_count})` }),
        shortList(overview.not_presented, 'Alla exempel har visats på en träff.'))));
}

function resultItem(hit) {
  const example = hit.example;
  const facts = [placeNames(example), example.stage_label, example.themes.map((t) => t.name).join(', ')].filter(Boolean);
  return el('li', { class: 'example-hit', 'data-example-id': example.id },
    el('h3', { class: 'example-hit-title' },
      el('a', { href: `#/exempel/${encodeURIComponent(example.id)}` }, highlightedText(hit.title))),
    el('p', { class: 'example-hit-facts' }, el('span', { text: facts.join(' · ') }), confidentialMark(example)),
    hit.snippet.length ? el('p', { class: 'example-hit-snippet' }, highlightedText(hit.snippet)) : null);
}

/** Builds the list page. */
export async function render({ api }) {
  const [overview, themes, municipalities, labels] = await Promise.all([
    api.examplesOverview(), api.listThemes(), api.listMunicipalities(), loadLabels(api),
  ]);
  const regions = regionsOf(municipalities);
  const searchField = field({
    id: 'example-search', name: 'text', type: 'search', value: lastSearch.text, withError: false,
    label: 'Sök bland exemplen', wrapperClass: 'field field-search',
    hint: 'Sök på ord i rubrik, text och teman. Början av ett ord räcker, till exempel ”tillgäng”.',
  });
  const searchInput = searchField.querySelector('input');
  const themeSelect = selectField({
    id: 'filter-theme', name: 'theme_id', label: 'Tema', value: lastSearch.theme_id,
    options: [{ value: '', label: 'Alla teman' }, ...themes.map((t) => ({ value: t.id, label: `${t.name} (${t.example_count})` }))],
  });
  const regionSelect = selectField({
    id: 'filter-region', name: 'region_code', label: 'Län', value: lastSearch.region_code,
    options: [{ value: '', label: 'Alla län' }, ...regions.map((r) => ({ value: r.code, label: r.name }))],
  });
  const municipalitySelect = selectField({ id: 'filter-municipality', name: 'municipality_code', label: 'Kommun', value: '', options: [] });
  const stageSelect = selectField({
    id: 'filter-stage', name: 'stage', label: 'Fas', value: lastSearch.stage,
    options: [{ value: '', label: 'Alla faser' }, ...labels.choices('stage')],
  });
  const sharingSelect = selectField({
    id: 'filter-sharing', name: 'sharing', label: 'Delning', value: lastSearch.sharing,
    options: [{ value: '', label: 'Alla exempel' }, ...labels.choices('sharing')],
  });

  function fillMunicipalities() {
    const select = municipalitySelect.querySelector('select');
    const region = regionSelect.querySelector('select').value;
    const chosen = municipalities.filter((m) => !region || m.region_code === region);
    select.replaceChildren(
      el('option', { value: '', text: region ? 'Alla kommuner i länet' : 'Alla kommuner' }),
      ...chosen.map((m) => el('option', { value: m.code, text: m.name })),
    );
    select.value = chosen.some((m) => m.code === lastSearch.municipality_code) ? lastSearch.municipality_code : '';
  }
  fillMunicipalities();

  const status = el('p', { class: 'search-status', role: 'status', 'aria-live': 'polite' });
  const results = el('ol', { class: 'example-hits', 'aria-labelledby': 'examples-results-heading' });
  const pager = el('div', { class: 'pager' });
  const form = el('form', { class: 'search-form', role: 'search', 'aria-label': 'Sök exempel' },
    searchField,
    el('div', { class: 'filters' }, themeSelect, regionSelect, municipalitySelect, stageSelect, sharingSelect));

  let requestNumber = 0;
  async function runSearch() {
    const thisRequest = ++requestNumber;
    const data = new FormData(form);
    Object.assign(lastSearch, {
      text: String(data.get('text') ?? ''),
      theme_id: String(data.get('theme_id') ?? ''),
      region_code: String(data.get('region_code') ?? ''),
      municipality_code: String(data.get('municipality_code') ?? ''),
      stage: String(data.get('stage') ?? ''),
      sharing: String(data.get('sharing') ?? ''),
    });
    results.setAttribute('aria-busy', 'true');
    try {
      const found = await api.searchExamples({ ...lastSearch, limit: PAGE_SIZE });
      if (thisRequest !== requestNumber) return; // a newer search is on its way
      results.replaceChildren(...found.hits.map(resultItem));
      const first = found.total ? found.offset + 1 : 0;
      const last = found.offset + found.hits.length;
      status.textContent = found.total === 0
        ? 'Inga exempel matchar sökningen.'
        : `${found.total_is_exact ? '' : 'Mer än '}${found.total.toLocaleString('sv-SE')} exempel hittades${found.total > found.hits.length ? `, visar ${first}–${last}` : ''}.`
          + (lastSearch.text.trim() && !found.by_relevance
            ? ' Så många träffar visas med de nyaste först; skriv fler ord för att få de mest relevanta först.'
            : '');
      pager.replaceChildren(...[
        found.offset > 0 ? el('button', { type: 'button', class: 'button', text: 'Föregående sida', onclick: () => { lastSearch.offset = Math.max(0, found.offset - PAGE_SIZE); runSearch(); } }) : null,
        last < found.total ? el('button', { type: 'button', class: 'button', text: 'Nästa sida', onclick: () => { lastSearch.offset = found.offset + PAGE_SIZE; runSearch(); } }) : null,
      ].filter(Boolean));
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
    lastSearch.offset = 0;
    typingTimer = setTimeout(runSearch, TYPING_PAUSE_MS);
  });
  form.addEventListener('change', (event) => {
    if (event.target === searchInput) return;
    if (event.target.name === 'region_code') fillMunicipalities();
    lastSearch.offset = 0;
    runSearch();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(typingTimer);
    lastSearch.offset = 0;
    runSearch();
  });
  await runSearch();

  return el('div', { class: 'view view-examples' },
    el('div', { class: 'view-heading' },
      el('h1', { tabindex: '-1', text: 'Exempel' }),
      el('div', { class: 'view-actions' },
        el('a', { class: 'button button-primary', href: '#/exempel/ny', text: 'Logga ett exempel' }),
        el('a', { class: 'button', href: '#/exempel/utskrift', text: 'Skriv ut och exportera' }))),
    el('p', { class: 'lead', text: 'Kommunernas exempel på en lättillgänglig, tidig och kunskapsbaserad första linje. Sök på ord eller filtrera på tema, län, kommun, fas och delning.' }),
    overviewSection(overview),
    el('section', { class: 'panel', 'aria-labelledby': 'examples-results-heading' },
      el('h2', { id: 'examples-results-heading', text: 'Sök exempel' }),
      form, status, results, pager));
}
