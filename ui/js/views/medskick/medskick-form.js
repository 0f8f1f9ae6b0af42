// The form to log or edit a medskick (#/medskick/ny, #/medskick/<id>/andra), with the personnummer warning and "Spara ändå".

import { announce, el } from '../../dom.js';
import { loadLabels } from '../../labels.js';
import { field, fieldGroup, onSubmit, showFieldError, showSaveError } from '../../parts/form-field.js';

/** How many examples the form offers to link; the newest come first. */
const EXAMPLE_CHOICES = 100;

/** A field of the medskick form: ids `medskick-<name>`, `medskick-<name>-hint`, `medskick-<name>-error`. */
function medskickField(name, options) {
  return field({ id: `medskick-${name}`, name, ...options });
}

function checkboxGroup({ name, legend, items, chosen, emptyText, hint = null }) {
  const boxes = items.length
    ? el('div', { class: 'checkbox-list' }, items.map((item) => {
      const id = `medskick-${name}-${item.id}`;
      return el('div', { class: 'checkbox' },
        el('input', { type: 'checkbox', id, name, value: item.id, checked: chosen.has(item.id), 'data-focus-for': name }),
        el('label', { for: id, text: item.label }));
    }))
    : el('p', { class: 'muted', text: emptyText });
  return fieldGroup({ id: `medskick-${name}`, name, legend, hint }, boxes);
}

function readForm(form) {
  const data = new FormData(form);
  const text = (name) => String(data.get(name) ?? '');
  return {
    title: text('title'),
    description: text('description'),
    raised_by_member_id: text('raised_by_member_id') || null,
    municipality_code: text('municipality_code'),
    meeting_id: text('meeting_id'),
    theme_ids: data.getAll('theme_ids').map(String),
    example_ids: data.getAll('example_ids').map(String),
    addressee: text('addressee'),
    sharing: text('sharing'),
    confirm_sensitive: false,
  };
}

/** Builds the form, empty for a new medskick or filled with the stored one. */
export async function render({ api, id }) {
  const [item, municipalities, themes, people, meetings, examples, labels] = await Promise.all([
    id ? api.getMedskick(id) : Promise.resolve(null),
    api.listMunicipalities(),
    api.listThemes(),
    api.listPersonChoices(),
    api.listMeetings(),
    api.searchExamples({ limit: EXAMPLE_CHOICES, offset: 0 }),
    loadLabels(api),
  ]);
  const heading = item ? `Ändra ”${item.title}”` : 'Nytt medskick';
  const byRegion = new Map();
  for (const m of municipalities) {
    if (!byRegion.has(m.region_name)) byRegion.set(m.region_name, { group: m.region_name, options: [] });
    byRegion.get(m.region_name).options.push({ value: m.code, label: m.name });
  }
  const held = meetings.filter((m) => m.status !== 'cancelled');
  const sharing = item?.sharing ?? 'network';

  const status = el('div', { class: 'form-status', 'aria-live': 'polite' });
  const form = el('form', { class: 'panel form medskick-form', novalidate: true, 'aria-labelledby': 'medskick-form-heading' },
    el('h2', { id: 'medskick-form-heading', text: 'Om medskicket' }),
    el('p', { class: 'notice notice-info', text: 'Skriv inga uppgifter om enskilda personer. Medskick förs vidare utanför nätverket.' }),
    medskickField('title', { label: 'Rubrik', value: item?.title, required: true }),
    medskickField('description', { label: 'Beskrivning', hint: 'Vad vill ni att mottagaren ska veta eller göra, och varför?', value: item?.description, kind: 'textarea', rows: 6 }),
    medskickField('addressee', { label: 'Mottagare', kind: 'select', value: item?.addressee ?? 'fss', options: labels.choices('medskick_addressee') }),
    medskickField('meeting_id', {
      label: 'Väckt på träffen (valfritt)', kind: 'select', value: item?.meeting?.id ?? '',
      options: [{ value: '', label: 'Ingen träff' }, ...held.map((m) => ({ value: m.id, label: m.when_label }))],
    }),
    medskickField('raised_by_member_id', {
      label: 'Väckt av (valfritt)', kind: 'select', value: item?.raised_by?.id ?? '',
      options: [{ value: '', label: people.length ? 'Ingen vald' : 'Inga medlemmar är inlagda ännu' },
        ...people.map((p) => ({ value: p.id, label: p.municipality_name ? `${p.name}, ${p.municipality_name}` : p.name }))],
    }),
    medskickField('municipality_code', {
      label: 'Kommun (valfri)', kind: 'select', value: item?.municipality?.code ?? '',
      hint: 'Lämnas tom: kommunen hos den som väckte medskicket.',
      options: [{ value: '', label: 'Ingen vald' }, ...byRegion.values()],
    }),
    checkboxGroup({
      name: 'theme_ids', legend: 'Teman', emptyText: 'Inga teman finns.', chosen: new Set(item?.themes.map((t) => t.id) ?? []),
      items: themes.map((t) => ({ id: t.id, label: t.name })),
    }),
    checkboxGroup({
      name: 'example_ids', legend: 'Exempel som medskicket bygger på', emptyText: 'Inga exempel är loggade ännu.',
      chosen: new Set(item?.examples.map((e) => e.id) ?? []),
      items: examples.hits.map((hit) => ({ id: hit.example.id, label: hit.example.title })),
    }),
    fieldGroup({
      id: 'medskick-sharing', name: 'sharing', legend: 'Delning',
      hint: 'Inom nätverket: följer bara med i sammanställningar när du väljer det, och märks då tydligt.',
    }, labels.choices('sharing').map((choice) => field({
      id: `medskick-sharing-${choice.value}`, name: 'sharing', kind: 'radio', value: choice.value,
      label: choice.label, checked: choice.value === sharing, withError: false,
    }))),
    el('div', { class: 'form-actions' },
      el('button', { type: 'submit', class: 'button button-primary', text: 'Spara medskicket' }),
      el('a', { class: 'button', href: item ? `#/medskick/${encodeURIComponent(item.id)}` : '#/medskick', text: 'Avbryt' })),
    status);

  const save = onSubmit(form, async (confirmSensitive = false) => {
    const input = { ...readForm(form), confirm_sensitive: confirmSensitive };
    const saved = item ? await api.updateMedskick(item.id, input) : await api.createMedskick(input);
    announce(`Medskicket ”${saved.title}” är sparat.`);
    location.hash = `#/medskick/${encodeURIComponent(saved.id)}`;
  }, {
    onError: (error) => {
      if (error.kind !== 'sensitive_data') {
        showSaveError(form, error, 'Medskicket sparades inte');
        return;
      }
      showFieldError(form, error.field, error.message);
      status.replaceChildren(el('div', { class: 'notice notice-warning sensitive-warning', role: 'alert' },
        el('p', { class: 'notice-title', text: 'Texten kan innehålla ett personnummer' }),
        el('p', { text: error.message }),
        el('div', { class: 'form-actions' },
          el('button', { type: 'button', class: 'button button-danger', text: 'Spara ändå', onclick: () => save(true) }))));
    },
  });

  return el('div', { class: 'view view-medskick-form' },
    el('p', { class: 'breadcrumb' }, el('a', { href: item ? `#/medskick/${encodeURIComponent(item.id)}` : '#/medskick', text: item ? '← Tillbaka till medskicket' : '← Alla medskick' })),
    el('h1', { tabindex: '-1', text: heading }),
    form);
}
