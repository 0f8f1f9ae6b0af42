// One medskick's page (#/medskick/<id>): what it asks, who raised it where, its status steps with date and answer, edit and delete.

import { announce, el, errorBox } from '../../dom.js';
import { capitalise, loadLabels } from '../../labels.js';
import { field, onSubmit } from '../../parts/form-field.js';
import { swedishDate } from '../../parts/swedish-format.js';
import { sharingBadge } from './medskick-list.js';

function textSection(heading, text, className) {
  if (!text) return null;
  return el('section', { class: 'example-section' },
    el('h2', { text: heading }),
    el('p', { class: `example-text ${className}`, text }));
}

/** The form that moves the medskick on: the possible next statuses, the date and the answer received. */
function statusSection(api, item, labels, refresh) {
  if (!item.next_statuses.length) return null;
  // A dated status can be chosen again to correct its date and answer (as the CLI allows).
  const correctable = ['delivered', 'answered', 'closed'].includes(item.status)
    ? [{ value: item.status, label: `${labels.title('medskick_status', item.status)} – rätta datum och svar` }]
    : [];
  const status = el('div', { class: 'form-status', 'aria-live': 'polite' });
  const form = el('form', { class: 'inline-form medskick-status-form', novalidate: true },
    field({
      id: 'medskick-next-status', name: 'status', label: 'Ny status', kind: 'select',
      options: [
        ...item.next_statuses.map((code) => ({ value: code, label: labels.title('medskick_status', code) })),
        ...correctable,
      ],
    }),
    field({
      id: 'medskick-status-date', name: 'date', label: 'Datum', short: true,
      value: new Date().toLocaleDateString('sv-SE'), hint: 'ÅÅÅÅ-MM-DD. När det framfördes, besvarades eller avslutades.',
    }),
    field({
      id: 'medskick-answer', name: 'answer', label: 'Svar som kom', kind: 'textarea', rows: 4,
      hint: 'Krävs när statusen blir besvarad.',
    }),
    el('div', { class: 'form-actions' }, el('button', { type: 'submit', class: 'button button-primary', text: 'Ändra status' })),
    status);
  onSubmit(form, async () => {
    const saved = await api.changeMedskickStatus(item.id, {
      status: form.elements.status.value, date: form.elements.date.value, answer: form.elements.answer.value,
    });
    announce(`Medskicket är nu ${saved.status_label}.`);
    await refresh();
  }, { errorHeading: 'Statusen ändrades inte' });
  return el('section', { class: 'example-section panel panel-quiet no-print', 'aria-labelledby': 'medskick-status-heading' },
    el('h2', { id: 'medskick-status-heading', tabindex: '-1', text: 'Ändra status' }),
    form);
}

function deleteControls(api, item) {
  const area = el('div', { class: 'delete-area no-print' });
  const ask = el('button', { type: 'button', class: 'button button-danger', text: 'Ta bort medskicket' });
  ask.addEventListener('click', () => {
    area.replaceChildren(el('div', { class: 'notice notice-error', role: 'alert' },
      el('p', { class: 'notice-title', text: `Ta bort ”${item.title}”?` }),
      el('p', { text: 'Medskicket tas bort. Det går inte att ångra.' }),
      el('div', { class: 'form-actions' },
        el('button', {
          type: 'button', class: 'button button-danger', text: 'Ja, ta bort',
          onclick: async () => {
            try {
              await api.deleteMedskick(item.id);
              announce('Medskicket är borttaget.');
              location.hash = '#/medskick';
            } catch (error) {
              area.replaceChildren(errorBox(error, 'Medskicket kunde inte tas bort'));
            }
          },
        }),
        el('button', { type: 'button', class: 'button', text: 'Avbryt', onclick: () => { area.replaceChildren(ask); ask.focus(); } }))));
    area.querySelector('.button-danger')?.focus();
  });
  area.append(ask);
  return area;
}

/** Builds the page of one medskick. */
export async function render({ api, id }) {
  const [item, labels] = await Promise.all([api.getMedskick(id), loadLabels(api)]);
  const container = el('div', { class: 'view view-medskick-detail' });

  async function refresh() {
    const rebuilt = await render({ api, id });
    container.replaceWith(rebuilt);
    rebuilt.querySelector('h1')?.focus();
  }

  const facts = [
    ['Status', capitalise(item.status_label)],
    ['Mottagare', capitalise(item.addressee_label)],
    item.delivered_on ? ['Framfört', swedishDate(item.delivered_on)] : null,
    item.answered_on ? ['Besvarat', swedishDate(item.answered_on)] : null,
    item.closed_on ? ['Avslutat', swedishDate(item.closed_on)] : null,
    item.municipality ? ['Kommun', `${item.municipality.name} (${item.municipality.region_name})`] : null,
    item.raised_by ? ['Väckt av', item.raised_by.name] : null,
    item.meeting ? ['Träff', item.meeting.label] : null,
    ['Teman', item.themes.length ? item.themes.map((t) => t.name).join(', ') : 'Inga teman valda'],
  ].filter(Boolean);

  container.append(...[
    el('p', { class: 'breadcrumb no-print' }, el('a', { href: '#/medskick', text: '← Alla medskick' })),
    el('h1', { tabindex: '-1', class: 'example-title', text: item.title }),
    el('p', {}, sharingBadge(item)),
    el('div', { class: 'view-actions no-print' },
      el('a', { class: 'button button-primary', href: `#/medskick/${encodeURIComponent(item.id)}/andra`, text: 'Ändra' }),
      el('button', { type: 'button', class: 'button', text: 'Skriv ut', onclick: () => window.print() })),
    el('dl', { class: 'facts medskick-facts' }, facts.flatMap(([label, value]) => [el('dt', { text: label }), el('dd', { text: value })])),
    textSection('Beskrivning', item.description, 'medskick-description'),
    textSection('Svar', item.answer, 'medskick-answer'),
    item.examples.length
      ? el('section', { class: 'example-section' }, el('h2', { text: 'Exempel' }),
        el('ul', { class: 'plain-list' }, item.examples.map((e) => el('li', {}, el('a', { href: `#/exempel/${encodeURIComponent(e.id)}`, text: e.title })))))
      : null,
    statusSection(api, item, labels, refresh),
    deleteControls(api, item),
  ].filter(Boolean));
  return container;
}
