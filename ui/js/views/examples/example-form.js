// The form to log or edit an example (#/exempel/ny, #/exempel/<id>/andra), with the personnummer warning and "Spara ändå".

import { announce, el } from '../../dom.js';
import { field, fieldGroup, onSubmit, saving, showFieldError, showSaveError } from '../../parts/form-field.js';
import { loadLabels } from '../../labels.js';

const MAX_LINK_ROWS = 20;

/** A field of the example form: ids `example-<name>`, `example-<name>-hint`, `example-<name>-error`. */
function exampleField(name, options) {
  return field({ id: `example-${name}`, name, ...options });
}

function municipalityPicker(municipalities, chosenCodes) {
  const chosen = new Set(chosenCodes);
  const list = el('ul', { class: 'chip-list', 'aria-label': 'Valda kommuner' });
  const add = el('button', {
    type: 'button', class: 'button', id: 'example-municipality-add', text: 'Lägg till kommun',
    onclick: () => {
      if (!picker.value) { picker.focus(); return; }
      chosen.add(picker.value);
      announce(`${names.get(picker.value)} är tillagd.`);
      picker.value = '';
      draw();
    },
  });
  const byRegion = new Map();
  for (const m of municipalities) {
    if (!byRegion.has(m.region_name)) byRegion.set(m.region_name, { group: m.region_name, options: [] });
    byRegion.get(m.region_name).options.push({ value: m.code, label: m.name });
  }
  const pickerField = field({
    id: 'example-municipality-picker', label: 'Kommun att lägga till', labelHidden: true, kind: 'select', withError: false,
    options: [{ value: '', label: 'Välj kommun' }, ...byRegion.values()],
    describedBy: ['example-municipality_codes-hint', 'example-municipality_codes-error'],
    attributes: { 'data-focus-for': 'municipality_codes' },
    wrap: (select) => el('div', { class: 'picker-row' }, select, add),
  });
  const picker = pickerField.querySelector('select');
  const names = new Map(municipalities.map((m) => [m.code, m.name]));

  function draw() {
    list.replaceChildren(...[...chosen].map((code) => el('li', { class: 'chip', 'data-code': code },
      el('span', { text: names.get(code) ?? code }),
      el('input', { type: 'hidden', name: 'municipality_codes', value: code }),
      el('button', {
        type: 'button', class: 'chip-remove', 'aria-label': `Ta bort ${names.get(code) ?? code}`, text: '×',
        onclick: () => { chosen.delete(code); draw(); picker.focus(); announce(`${names.get(code)} är borttagen.`); },
      }))));
    if (!chosen.size) list.append(el('li', { class: 'muted', text: 'Ingen kommun vald ännu.' }));
  }
  draw();
  return fieldGroup({
    id: 'example-municipality_codes', name: 'municipality_codes', legend: 'Kommuner',
    hint: 'Välj en eller flera kommuner som exemplet kommer från.',
  }, list, pickerField);
}

function themeChoices(api, themes, chosenIds) {
  const chosen = new Set(chosenIds);
  const boxes = el('div', { class: 'checkbox-list' });
  const drawTheme = (theme, checked) => {
    const id = `example-theme-${theme.id}`;
    boxes.append(el('div', { class: 'checkbox' },
      el('input', { type: 'checkbox', id, name: 'theme_ids', value: theme.id, checked, 'data-focus-for': 'theme_ids' }),
      el('label', { for: id, text: theme.name })));
  };
  themes.forEach((theme) => drawTheme(theme, chosen.has(theme.id)));
  const newName = el('input', { type: 'text', autocomplete: 'off' });
  const addTheme = () => saveTheme();
  newName.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') { event.preventDefault(); addTheme(); }
  });
  const addButton = el('button', { type: 'button', class: 'button', text: 'Lägg till tema', onclick: addTheme });
  const newTheme = el('details', { class: 'new-theme' },
    el('summary', { text: 'Saknas ett tema? Lägg till ett nytt' }),
    field({
      id: 'example-new-theme', label: 'Nytt tema', control: newName, dataField: 'new_theme',
      wrap: (input) => el('div', { class: 'picker-row' }, input, addButton),
    }));
  const saveTheme = saving(newTheme, async () => {
    const theme = await api.addTheme({ name: newName.value, description: '' });
    drawTheme(theme, true);
    newName.value = '';
    announce(`Temat ${theme.name} är tillagt och valt.`);
  }, {
    button: addButton,
    onError: (error) => {
      showFieldError(newTheme, 'new_theme', error.message);
      announce(error.message);
    },
  });
  return fieldGroup({ id: 'example-theme_ids', name: 'theme_ids', legend: 'Teman' }, boxes, newTheme);
}

function linkRows(links) {
  const rows = el('div', { class: 'link-rows' });
  let counter = 0;
  const addRow = (link = { url: '', label: '' }) => {
    const n = ++counter;
    const row = el('div', { class: 'link-row' },
      field({
        id: `example-link-url-${n}`, label: 'Webbadress', type: 'url', value: link.url, withError: false,
        describedBy: ['example-links-hint', 'example-links-error'],
        attributes: { class: 'link-url', 'data-focus-for': 'links', placeholder: 'https://' },
      }),
      field({
        id: `example-link-label-${n}`, label: 'Länktext (valfri)', value: link.label, withError: false,
        attributes: { class: 'link-label' },
      }),
      el('button', { type: 'button', class: 'button button-small', text: 'Ta bort länken', onclick: () => row.remove() }));
    rows.append(row);
    return row;
  };
  links.forEach((link) => addRow(link));
  return fieldGroup({
    id: 'example-links', name: 'links', legend: 'Länkar',
    hint: 'Till exempel en rapport eller kommunens webbsida. Adressen måste börja med https://.',
  },
    rows,
    el('button', {
      type: 'button', class: 'button', text: 'Lägg till länk',
      onclick: () => {
        if (rows.children.length >= MAX_LINK_ROWS) return;
        addRow().querySelector('input').focus();
      },
    }));
}

/** Who may read the example: inside the network (the default) or open. */
function sharingChoice(current) {
  const descriptions = {
    network: 'Bara nätverkets medlemmar. Exemplet tas inte med i öppna utskrifter och exporter. Välj det här för till exempel planer som inte är offentliga ännu.',
    open: 'Får spridas utanför nätverket, till exempel i en utskrift eller export som skickas vidare.',
  };
  const choices = [
    { value: 'network', label: 'Inom nätverket' },
    { value: 'open', label: 'Öppen' },
  ];
  return fieldGroup({
    id: 'example-sharing', name: 'sharing', legend: 'Vem får läsa exemplet?',
    hint: 'Förvalt är inom nätverket. Ändra till öppen bara om allt i exemplet får läsas av andra.',
  }, choices.map((choice) => field({
    id: `example-sharing-${choice.value}`, name: 'sharing', kind: 'radio', value: choice.value,
    label: choice.label, hint: descriptions[choice.value], withError: false,
    checked: (current ?? 'network') === choice.value, describedBy: ['example-sharing-hint', 'example-sharing-error'],
    attributes: choice.value === 'network' ? { 'data-focus-for': 'sharing' } : {},
  })));
}

function readForm(form) {
  const data = new FormData(form);
  return {
    title: String(data.get('title') ?? ''),
    summary: String(data.get('summary') ?? ''),
    body: String(data.get('body') ?? ''),
    municipality_codes: data.getAll('municipality_codes').map(String),
    contact_member_id: String(data.get('contact_member_id') ?? '') || null,
    theme_ids: data.getAll('theme_ids').map(String),
    stage: String(data.get('stage') ?? ''),
    started_on: String(data.get('started_on') ?? ''),
    evaluation: String(data.get('evaluation') ?? ''),
    sharing: String(data.get('sharing') ?? 'network'),
    links: [...form.querySelectorAll('.link-row')].map((row) => ({
      url: row.querySelector('.link-url').value,
      label: row.querySelector('.link-label').value,
    })),
    confirm_sensitive: false,
  };
}

/** Builds the form, empty for a new example or filled with the stored one. */
export async function render({ api, id }) {
  const [example, municipalities, themes, people, labels] = await Promise.all([
    id ? api.getExample(id) : Promise.resolve(null),
    api.listMunicipalities(),
    api.listThemes(),
    api.listPersonChoices(),
    loadLabels(api),
  ]);
  const heading = example ? `Ändra ”${example.title}”` : 'Logga ett exempel';
  const stageField = exampleField('stage', {
    label: 'Fas', kind: 'select', value: example?.stage ?? 'idea',
    options: labels.choices('stage'),
  });
  const contactField = field({
    id: 'example-contact', name: 'contact_member_id', label: 'Kontaktperson (valfri)', kind: 'select',
    value: example?.contact_member?.id ?? '',
    options: [{ value: '', label: people.length ? 'Ingen vald' : 'Inga medlemmar är inlagda ännu' },
      ...people.map((p) => ({ value: p.id, label: p.municipality_name ? `${p.name}, ${p.municipality_name}` : p.name }))],
  });

  const status = el('div', { class: 'form-status', 'aria-live': 'polite' });
  const form = el('form', { class: 'panel form example-form', novalidate: true, 'aria-labelledby': 'example-form-heading' },
    el('h2', { id: 'example-form-heading', text: 'Om exemplet' }),
    el('p', { class: 'notice notice-info', text: 'Skriv inga uppgifter om enskilda personer, som namn eller personnummer. Exemplen delas mellan kommuner.' }),
    exampleField('title', { label: 'Rubrik', value: example?.title }),
    exampleField('summary', { label: 'Sammanfattning', hint: 'Två–tre meningar om vad exemplet handlar om.', value: example?.summary, kind: 'textarea', rows: 3 }),
    exampleField('body', { label: 'Beskrivning', hint: 'Vad gör ni, varför, hur har ni gjort och vilka resultat syns hittills?', value: example?.body, kind: 'textarea', rows: 10 }),
    municipalityPicker(municipalities, example?.municipalities.map((m) => m.code) ?? []),
    contactField,
    themeChoices(api, themes, example?.themes.map((t) => t.id) ?? []),
    stageField,
    exampleField('started_on', { label: 'Startdatum (valfritt)', hint: 'ÅÅÅÅ-MM-DD, till exempel 2024-03-01.', value: example?.started_on ?? '', short: true }),
    exampleField('evaluation', { label: 'Uppföljning och kunskapsstöd (valfritt)', hint: 'Hur följs arbetet upp? Vilken kunskap eller evidens bygger det på?', value: example?.evaluation, kind: 'textarea', rows: 4 }),
    linkRows(example?.links ?? []),
    sharingChoice(example?.sharing),
    el('div', { class: 'form-actions' },
      el('button', { type: 'submit', class: 'button button-primary', text: 'Spara exemplet' }),
      el('a', { class: 'button', href: example ? `#/exempel/${encodeURIComponent(example.id)}` : '#/exempel', text: 'Avbryt' })),
    status);

  const save = onSubmit(form, async (confirmSensitive = false) => {
    const input = { ...readForm(form), confirm_sensitive: confirmSensitive };
    const saved = example ? await api.updateExample(example.id, input) : await api.createExample(input);
    announce(`Exemplet ”${saved.title}” är sparat.`);
    location.hash = `#/exempel/${encodeURIComponent(saved.id)}`;
  }, {
    onError: (error) => {
      if (error.kind !== 'sensitive_data') {
        showSaveError(form, error, 'Exemplet sparades inte');
        return;
      }
      showFieldError(form, error.field, error.message);
      const confirm = el('button', { type: 'button', class: 'button button-danger', text: 'Spara ändå', onclick: () => save(true) });
      status.replaceChildren(el('div', { class: 'notice notice-warning sensitive-warning', role: 'alert' },
        el('p', { class: 'notice-title', text: 'Texten kan innehålla ett personnummer' }),
        el('p', { text: error.message }),
        el('div', { class: 'form-actions' }, confirm)));
    },
  });

  return el('div', { class: 'view view-example-form' },
    el('p', { class: 'breadcrumb' }, el('a', { href: example ? `#/exempel/${encodeURIComponent(example.id)}` : '#/exempel', text: example ? '← Tillbaka till exemplet' : '← Alla exempel' })),
    el('h1', { tabindex: '-1', text: heading }),
    form);
}
