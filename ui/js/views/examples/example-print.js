// The printable collection (#/exempel/utskrift): choose examples and a theme, print them grouped by theme or export Markdown/HTML; only open examples unless the user includes those shared inside the network.

import { announce, el, errorBox } from '../../dom.js';
import { field } from '../../parts/form-field.js';
import { confidentialMark } from '../../parts/sharing-mark.js';
import { swedishDate } from '../../parts/swedish-format.js';

/** How many examples the chooser lists at once; narrow by theme to reach the rest. */
const CHOOSER_LIMIT = 100;

function printedExample(example) {
  const facts = [
    example.sharing === 'open' ? null : ['Delning', 'Inom nätverket – får inte spridas utanför nätverket'],
    [example.municipalities.length === 1 ? 'Kommun' : 'Kommuner', example.municipalities.map((m) => `${m.name} (${m.region_name})`).join(', ')],
    ['Fas', example.stage_label],
    example.started_on ? ['Startade', swedishDate(example.started_on)] : null,
    example.contact_member ? ['Kontaktperson', example.contact_member.name] : null,
    ['Visades på träff', example.presentations.length ? example.presentations.map((p) => p.meeting_label).join('; ') : 'Inte ännu'],
  ].filter(Boolean);
  return el('article', { class: 'print-example' },
    el('h3', {}, el('span', { text: example.title }), ' ', confidentialMark(example)),
    el('dl', { class: 'facts' }, facts.flatMap(([label, value]) => [el('dt', { text: label }), el('dd', { text: value })])),
    example.summary ? el('p', { class: 'example-text', text: example.summary }) : null,
    example.body ? el('div', {}, el('h4', { text: 'Beskrivning' }), el('p', { class: 'example-text', text: example.body })) : null,
    example.evaluation ? el('div', {}, el('h4', { text: 'Uppföljning och resultat' }), el('p', { class: 'example-text', text: example.evaluation })) : null,
    example.links.length
      ? el('div', {}, el('h4', { text: 'Länkar' }), el('ul', {}, example.links.map((l) => el('li', { text: l.label ? `${l.label}: ${l.url}` : l.url }))))
      : null);
}

/** Builds the chooser and the collection it prints. */
export async function render({ api }) {
  const themes = await api.listThemes();
  const themeField = field({
    id: 'print-theme', name: 'theme_id', label: 'Tema', kind: 'select', withError: false,
    options: [{ value: '', label: 'Alla teman' }, ...themes.map((t) => ({ value: t.id, label: `${t.name} (${t.example_count})` }))],
  });
  const themeSelect = themeField.querySelector('select');
  const includeField = field({
    id: 'print-include-confidential', name: 'include_confidential', kind: 'checkbox', withError: false,
    label: 'Ta med exempel som bara delas inom nätverket',
    hint: 'Utan bocken kommer bara öppna exempel med, så att samlingen kan skickas utanför nätverket. Med bocken märks de ”Inom nätverket”.',
  });
  const includeBox = includeField.querySelector('input');
  const scopeNote = el('p', { class: 'notice notice-info print-scope', id: 'print-scope', role: 'status' });
  const chooser = el('fieldset', { class: 'fieldset print-chooser' }, el('legend', { text: 'Exempel att ta med' }));
  const collection = el('div', { class: 'print-collection', 'aria-live': 'polite' });
  const status = el('div', { class: 'form-status', 'aria-live': 'polite' });

  const selection = () => ({
    theme_id: themeSelect.value,
    include_confidential: includeBox.checked,
    example_ids: [...chooser.querySelectorAll('input[type="checkbox"]:checked')].map((box) => box.value),
  });

  async function drawCollection() {
    const chosen = selection();
    if (!chosen.example_ids.length) {
      scopeNote.textContent = includeBox.checked
        ? 'Samlingen får innehålla exempel som bara delas inom nätverket.'
        : 'Samlingen innehåller bara öppna exempel.';
      collection.replaceChildren(el('p', { class: 'muted', text: 'Inga exempel är valda.' }));
      return;
    }
    const found = await api.exampleCollection(chosen);
    scopeNote.textContent = found.scope_note;
    collection.replaceChildren(...[
      el('h2', { class: 'print-only', text: found.title }),
      el('p', { class: 'print-only print-scope-printed', text: found.scope_note }),
      found.groups.length ? null : el('p', { class: 'muted', text: 'Inget av de valda exemplen är öppet. Bocka i rutan ovan för att ta med exempel som bara delas inom nätverket.' }),
      ...found.groups.map((group) => el('section', { class: 'print-group' },
        el('h2', { class: 'print-group-heading', text: group.heading }),
        group.examples.map(printedExample))),
    ].filter(Boolean));
  }

  async function drawChooser() {
    const found = await api.searchExamples({ theme_id: themeSelect.value, limit: CHOOSER_LIMIT, offset: 0 });
    chooser.replaceChildren(...[el('legend', { text: 'Exempel att ta med' }),
      found.hits.length
        ? el('div', { class: 'checkbox-list' }, found.hits.map((hit) => el('div', { class: 'checkbox' },
          el('input', { type: 'checkbox', id: `print-${hit.example.id}`, value: hit.example.id, checked: true }),
          el('label', { for: `print-${hit.example.id}` },
            el('span', { text: hit.example.title }), ' ', confidentialMark(hit.example)))))
        : el('p', { class: 'muted', text: 'Inga exempel under det här temat.' }),
      found.total > found.hits.length
        ? el('p', { class: 'field-hint', text: `Visar de ${found.hits.length} senaste av ${found.total}. Välj ett tema för att se fler.` })
        : null].filter(Boolean));
    await drawCollection();
  }

  themeSelect.addEventListener('change', () => drawChooser().catch((error) => status.replaceChildren(errorBox(error))));
  includeBox.addEventListener('change', () => drawCollection().catch((error) => status.replaceChildren(errorBox(error))));
  chooser.addEventListener('change', () => drawCollection().catch((error) => status.replaceChildren(errorBox(error))));

  const exportButton = (format, text) => el('button', {
    type: 'button', class: 'button', text,
    onclick: async () => {
      try {
        const message = await api.exportExamples(format, selection());
        if (message) {
          status.replaceChildren(el('p', { class: 'notice notice-success', text: message }));
          announce(message);
        }
      } catch (error) {
        status.replaceChildren(errorBox(error, 'Exporten misslyckades'));
      }
    },
  });

  await drawChooser();
  return el('div', { class: 'view view-example-print' },
    el('div', { class: 'no-print' },
      el('p', { class: 'breadcrumb' }, el('a', { href: '#/exempel', text: '← Alla exempel' })),
      el('h1', { tabindex: '-1', text: 'Skriv ut och exportera exempel' }),
      el('p', { class: 'lead', text: 'Välj exempel och tema. Samlingen nedan grupperas efter tema och kan skrivas ut eller sparas som Markdown eller HTML.' }),
      el('div', { class: 'panel' },
        themeField,
        chooser,
        includeField,
        scopeNote,
        el('div', { class: 'form-actions' },
          el('button', { type: 'button', class: 'button button-primary', text: 'Skriv ut', onclick: () => window.print() }),
          exportButton('md', 'Exportera som Markdown'),
          exportButton('html', 'Exportera som HTML')),
        status)),
    collection);
}
