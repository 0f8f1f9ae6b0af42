// The form to log or edit an example (#/exempel/ny, #/exempel/<id>/andra), with the personnummer warning and "Spara ändå".

import { announce, el, errorBox } from '../../dom.js';
import { STAGES } from './examples.js';

const MAX_LINK_ROWS = 20;

function errorNode(field) {
  return el('p', { class: 'field-error', id: `example-${field}-error`, hidden: true, 'data-error-for': field });
}

function textField({ field, label, hint, value, multiline = false, rows = 4, short = false }) {
  const id = `example-${field}`;
  const hintId = hint ? `${id}-hint` : null;
  const attributes = {
    id, name: field, 'data-focus-for': field, 'aria-describedby': [hintId, `${id}-error`].filter(Boolean).join(' '),
  };
  const control = multiline
    ? el('textarea', { ...attributes, rows }, value ?? '')
    : el('input', { ...attributes, type: 'text', value: value ?? '', autocomplete: 'off', class: short ? 'input-short' : null });
  if (multiline) control.value = value ?? '';
  return el('div', { class: 'field', 'data-field': field },
    el('label', { for: id, text: label }),
    hint ? el('p', { class: 'field-hint', id: hintId, text: hint }) : null,
    errorNode(field),
    control);
}

function municipalityPicker(municipalities, chosenCodes) {
  const chosen = new Set(chosenCodes);
  const list = el('ul', { class: 'chip-list', 'aria-label': 'Valda kommuner' });
  const picker = el('select', {
    id: 'example-municipality-picker', 'data-focus-for': 'municipality_codes',
    'aria-describedby': 'example-municipality_codes-hint example-municipality_codes-error',
  });
  const byRegion = new Map();
  for (const m of municipalities) {
    if (!byRegion.has(m.region_name)) byRegion.set(m.region_name, []);
    byRegion.get(m.region_name).push(m);
  }
  picker.append(el('option', { value: '', text: 'Välj kommun' }),
    ...[...byRegion].map(([region, items]) => el('optgroup', { label: region },
      items.map((m) => el('option', { value: m.code, text: m.name })))));
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
  return el('fieldset', { class: 'field fieldset', 'data-field': 'municipality_codes' },
    el('legend', { text: 'Kommuner' }),
    el('p', { class: 'field-hint', id: 'example-municipality_codes-hint', text: 'Välj en eller flera kommuner som exemplet kommer från.' }),
    errorNode('municipality_codes'),
    list,
    el('div', { class: 'picker-row' },
      el('label', { for: 'example-municipality-picker', class: 'visually-hidden', text: 'Kommun att lägga till' }),
      picker, add));
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
  const newName = el('input', { id: 'example-new-theme', type: 'text', autocomplete: 'off', 'aria-describedby': 'example-new-theme-error' });
  const newError = el('p', { class: 'field-error', id: 'example-new-theme-error', hidden: true });
  const addTheme = async () => {
    newError.hidden = true;
    newName.removeAttribute('aria-invalid');
    try {
      const theme = await api.addTheme({ name: newName.value, description: '' });
      drawTheme(theme, true);
      newName.value = '';
      announce(`Temat ${theme.name} är tillagt och valt.`);
    } catch (error) {
      newError.textContent = error.message;
      newError.hidden = false;
      newName.setAttribute('aria-invalid', 'true');
      newName.focus();
      announce(error.message);
    }
  };
  newName.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') { event.preventDefault(); addTheme(); }
  });
  return el('fieldset', { class: 'field fieldset', 'data-field': 'theme_ids' },
    el('legend', { text: 'Teman' }),
    errorNode('theme_ids'),
    boxes,
    el('details', { class: 'new-theme' },
      el('summary', { text: 'Saknas ett tema? Lägg till ett nytt' }),
      el('div', { class: 'field' },
        el('label', { for: 'example-new-theme', text: 'Nytt tema' }),
        newError,
        el('div', { class: 'picker-row' }, newName,
          el('button', { type: 'button', class: 'button', text: 'Lägg till tema', onclick: addTheme })))));
}

function linkRows(links) {
  const rows = el('div', { class: 'link-rows' });
  let counter = 0;
  const addRow = (link = { url: '', label: '' }) => {
    const n = ++counter;
    const row = el('div', { class: 'link-row' },
      el('div', { class: 'field' },
        el('label', { for: `example-link-url-${n}`, text: 'Webbadress' }),
        el('input', { id: `example-link-url-${n}`, type: 'url', class: 'link-url', value: link.url, 'data-focus-for': 'links', placeholder: 'https://', 'aria-describedby': 'example-links-error' })),
      el('div', { class: 'field' },
        el('label', { for: `example-link-label-${n}`, text: 'Länktext (valfri)' }),
        el('input', { id: `example-link-label-${n}`, type: 'text', class: 'link-label', value: link.label })),
      el('button', { type: 'button', class: 'button button-small', text: 'Ta bort länken', onclick: () => row.remove() }));
    rows.append(row);
    return row;
  };
  links.forEach((link) => addRow(link));
  return el('fieldset', { class: 'field fieldset', 'data-field': 'links' },
    el('legend', { text: 'Länkar' }),
    el('p', { class: 'field-hint', text: 'Till exempel en rapport eller kommunens webbsida. Adressen måste börja med https://.' }),
    errorNode('links'),
    rows,
    el('button', {
      type: 'button', class: 'button', text: 'Lägg till länk',
      onclick: () => {
        if (rows.children.length >= MAX_LINK_ROWS) return;
        addRow().querySelector('input').focus();
      },
    }));
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
    links: [...form.querySelectorAll('.link-row')].map((row) => ({
      url: row.querySelector('.link-url').value,
      label: row.querySelector('.link-label').value,
    })),
    confirm_sensitive: false,
  };
}

function clearErrors(form) {
  for (const node of form.querySelectorAll('[aria-invalid]')) node.removeAttribute('aria-invalid');
  for (const node of form.querySelectorAll('.field-error[data-error-for]')) { node.hidden = true; node.textContent = ''; }
  form.querySelector('.form-status').replaceChildren();
}

/** Shows `message` at the field named by the backend; returns false when the form has no such field. */
function showFieldError(form, field, message) {
  const node = form.querySelector(`[data-error-for="${CSS.escape(field)}"]`);
  if (!node) return false;
  node.textContent = message;
  node.hidden = false;
  const control = form.querySelector(`[data-focus-for="${CSS.escape(field)}"]`);
  control?.setAttribute('aria-invalid', 'true');
  control?.focus();
  return true;
}

/** Builds the form, empty for a new example or filled with the stored one. */
export async function render({ api, id }) {
  const [example, municipalities, themes, people] = await Promise.all([
    id ? api.getExample(id) : Promise.resolve(null),
    api.listMunicipalities(),
    api.listThemes(),
    api.listPersonChoices(),
  ]);
  const heading = example ? `Ändra ”${example.title}”` : 'Logga ett exempel';
  const stageSelect = el('select', { id: 'example-stage', name: 'stage', 'data-focus-for': 'stage', 'aria-describedby': 'example-stage-error' },
    STAGES.map((s) => el('option', { value: s.code, text: s.label, selected: (example?.stage ?? 'idea') === s.code })));
  const contactSelect = el('select', { id: 'example-contact', name: 'contact_member_id', 'data-focus-for': 'contact_member_id', 'aria-describedby': 'example-contact_member_id-error' },
    el('option', { value: '', text: people.length ? 'Ingen vald' : 'Inga medlemmar är inlagda ännu' }),
    people.map((p) => el('option', {
      value: p.id, selected: example?.contact_member?.id === p.id, text: p.municipality_name ? `${p.name}, ${p.municipality_name}` : p.name,
    })));

  const status = el('div', { class: 'form-status', 'aria-live': 'polite' });
  const form = el('form', { class: 'panel form example-form', novalidate: true, 'aria-labelledby': 'example-form-heading' },
    el('h2', { id: 'example-form-heading', text: 'Om exemplet' }),
    el('p', { class: 'notice notice-info', text: 'Skriv inga uppgifter om enskilda personer, som namn eller personnummer. Exemplen delas mellan kommuner.' }),
    textField({ field: 'title', label: 'Rubrik', value: example?.title }),
    textField({ field: 'summary', label: 'Sammanfattning', hint: 'Två–tre meningar om vad exemplet handlar om.', value: example?.summary, multiline: true, rows: 3 }),
    textField({ field: 'body', label: 'Beskrivning', hint: 'Vad gör ni, varför, hur har ni gjort och vilka resultat syns hittills?', value: example?.body, multiline: true, rows: 10 }),
    municipalityPicker(municipalities, example?.municipalities.map((m) => m.code) ?? []),
    el('div', { class: 'field' },
      el('label', { for: 'example-contact', text: 'Kontaktperson (valfri)' }), errorNode('contact_member_id'), contactSelect),
    themeChoices(api, themes, example?.themes.map((t) => t.id) ?? []),
    el('div', { class: 'field' }, el('label', { for: 'example-stage', text: 'Fas' }), errorNode('stage'), stageSelect),
    textField({ field: 'started_on', label: 'Startdatum (valfritt)', hint: 'ÅÅÅÅ-MM-DD, till exempel 2024-03-01.', value: example?.started_on ?? '', short: true }),
    textField({ field: 'evaluation', label: 'Uppföljning och kunskapsstöd (valfritt)', hint: 'Hur följs arbetet upp? Vilken kunskap eller evidens bygger det på?', value: example?.evaluation, multiline: true, rows: 4 }),
    linkRows(example?.links ?? []),
    el('div', { class: 'form-actions' },
      el('button', { type: 'submit', class: 'button button-primary', text: 'Spara exemplet' }),
      el('a', { class: 'button', href: example ? `#/exempel/${encodeURIComponent(example.id)}` : '#/exempel', text: 'Avbryt' })),
    status);

  async function save(confirmSensitive) {
    clearErrors(form);
    const input = { ...readForm(form), confirm_sensitive: confirmSensitive };
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      const saved = example ? await api.updateExample(example.id, input) : await api.createExample(input);
      announce(`Exemplet ”${saved.title}” är sparat.`);
      location.hash = `#/exempel/${encodeURIComponent(saved.id)}`;
    } catch (error) {
      if (error.kind === 'sensitive_data') {
        showFieldError(form, error.field, error.message);
        const confirm = el('button', { type: 'button', class: 'button button-danger', text: 'Spara ändå', onclick: () => save(true) });
        status.replaceChildren(el('div', { class: 'notice notice-warning sensitive-warning', role: 'alert' },
          el('p', { class: 'notice-title', text: 'Texten kan innehålla ett personnummer' }),
          el('p', { text: error.message }),
          el('div', { class: 'form-actions' }, confirm)));
      } else if (error.field && showFieldError(form, error.field, error.message)) {
        announce(`Exemplet sparades inte. ${error.message}`);
      } else {
        status.replaceChildren(errorBox(error, 'Exemplet sparades inte'));
      }
    } finally {
      button.disabled = false;
    }
  }
  form.addEventListener('submit', (event) => { event.preventDefault(); save(false); });

  return el('div', { class: 'view view-example-form' },
    el('p', { class: 'breadcrumb' }, el('a', { href: example ? `#/exempel/${encodeURIComponent(example.id)}` : '#/exempel', text: example ? '← Tillbaka till exemplet' : '← Alla exempel' })),
    el('h1', { tabindex: '-1', text: heading }),
    form);
}
