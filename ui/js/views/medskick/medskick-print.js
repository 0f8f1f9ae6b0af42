// "Sammanställning av medskick" (#/medskick/sammanstallning): choose addressee, status and whether confidential ones are included; print or export md/html/csv.

import { announce, el, errorBox } from '../../dom.js';
import { capitalise, loadLabels } from '../../labels.js';
import { field } from '../../parts/form-field.js';
import { swedishDate } from '../../parts/swedish-format.js';

function printedMedskick(item) {
  const facts = [
    ['Status', capitalise(item.status_label)],
    item.delivered_on ? ['Framfört', swedishDate(item.delivered_on)] : null,
    item.answered_on ? ['Besvarat', swedishDate(item.answered_on)] : null,
    item.municipality ? ['Kommun', `${item.municipality.name} (${item.municipality.region_name})`] : null,
    item.raised_by ? ['Väckt av', item.raised_by.name] : null,
    item.meeting ? ['Träff', item.meeting.label] : null,
    item.examples.length ? ['Exempel', item.examples.map((e) => e.title).join('; ')] : null,
    ['Delning', capitalise(item.sharing_label)],
  ].filter(Boolean);
  return el('article', { class: 'print-example', 'data-medskick-id': item.id },
    el('h4', { text: item.title }),
    item.sharing === 'network'
      ? el('p', { class: 'confidential-mark', text: 'INOM NÄTVERKET – får inte spridas utanför nätverket' })
      : null,
    el('dl', { class: 'facts' }, facts.flatMap(([label, value]) => [el('dt', { text: label }), el('dd', { text: value })])),
    item.description ? el('p', { class: 'example-text', text: item.description }) : null,
    item.answer ? el('p', { class: 'example-text' }, el('strong', { text: 'Svar: ' }), item.answer) : null);
}

/** Builds the chooser and the compilation it prints. */
export async function render({ api }) {
  const labels = await loadLabels(api);
  const addresseeField = field({
    id: 'compile-addressee', name: 'addressee', label: 'Mottagare', kind: 'select', withError: false,
    options: [{ value: '', label: 'Alla mottagare' }, ...labels.choices('medskick_addressee')],
  });
  const statusField = field({
    id: 'compile-status', name: 'status', label: 'Status', kind: 'select', withError: false,
    options: [{ value: '', label: 'Alla' }, ...labels.choices('medskick_status')],
  });
  const confidentialField = field({
    id: 'compile-include-confidential', name: 'include_confidential', kind: 'checkbox', withError: false,
    label: 'Ta även med medskick som bara får delas inom nätverket',
    hint: 'De märks tydligt. Skicka inte en sådan sammanställning utanför nätverket.',
  });
  const chooser = el('form', { class: 'no-print compile-chooser', 'aria-label': 'Vad sammanställningen ska innehålla' },
    el('div', { class: 'filters' }, addresseeField, statusField), confidentialField);
  const collection = el('div', { class: 'print-collection', 'aria-live': 'polite' });
  const status = el('div', { class: 'form-status', 'aria-live': 'polite' });

  const selection = () => ({
    addressee: chooser.elements.addressee.value,
    status: chooser.elements.status.value,
    include_confidential: chooser.elements.include_confidential.checked,
  });

  async function draw() {
    const compilation = await api.medskickCompilation(selection());
    collection.replaceChildren(
      el('h2', { class: 'compile-title', text: compilation.title }),
      el('p', { class: 'compile-includes notice notice-info', text: `${compilation.count} medskick. ${compilation.includes}` }),
      ...compilation.groups.map((group) => el('section', { class: 'print-group' },
        el('h2', { class: 'print-group-heading', text: `Till ${group.heading}` }),
        group.themes.map((theme) => el('section', {},
          el('h3', { text: theme.heading }),
          theme.items.map(printedMedskick))))),
      compilation.groups.length ? null : el('p', { class: 'muted', text: 'Inga medskick att ta med.' }));
  }
  chooser.addEventListener('change', () => draw().catch((error) => status.replaceChildren(errorBox(error))));
  chooser.addEventListener('submit', (event) => event.preventDefault());

  const exportButton = (format, text) => el('button', {
    type: 'button', class: 'button', text,
    onclick: async () => {
      try {
        const message = await api.exportMedskickCompilation(format, selection());
        if (message) {
          status.replaceChildren(el('p', { class: 'notice notice-success', text: message }));
          announce(message);
        }
      } catch (error) {
        status.replaceChildren(errorBox(error, 'Exporten misslyckades'));
      }
    },
  });

  await draw();
  return el('div', { class: 'view view-medskick-print' },
    el('div', { class: 'no-print' },
      el('p', { class: 'breadcrumb' }, el('a', { href: '#/medskick', text: '← Alla medskick' })),
      el('h1', { tabindex: '-1', text: 'Sammanställning av medskick' }),
      el('p', { class: 'lead', text: 'Medskicken grupperade efter mottagare och tema, att skriva ut eller spara och skicka vidare. Bara öppna medskick tas med om du inte väljer annat.' }),
      el('div', { class: 'panel' },
        chooser,
        el('div', { class: 'form-actions export-actions' },
          el('button', { type: 'button', class: 'button button-primary', text: 'Skriv ut', onclick: () => window.print() }),
          exportButton('md', 'Spara som Markdown'),
          exportButton('html', 'Spara som HTML'),
          exportButton('csv', 'Spara som CSV för Excel')),
        status)),
    collection);
}
