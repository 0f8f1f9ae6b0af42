// One example's page (#/exempel/<id>): everything about it, the meetings where it was shown, edit, delete and print.

import { announce, el, errorBox } from '../../dom.js';
import { capitalise } from '../../labels.js';
import { field, onSubmit } from '../../parts/form-field.js';
import { confidentialMark } from '../../parts/sharing-mark.js';
import { swedishDate } from '../../parts/swedish-format.js';

function textSection(heading, text, className) {
  if (!text) return null;
  return el('section', { class: 'example-section' },
    el('h2', { text: heading }),
    el('p', { class: `example-text ${className ?? ''}`.trim(), text }));
}

function linkList(api, links) {
  if (!links.length) return null;
  return el('section', { class: 'example-section' },
    el('h2', { text: 'Länkar' }),
    el('ul', { class: 'plain-list' }, links.map((link) => el('li', {},
      // The web view must not navigate away: links open in the user's browser through Rust.
      el('a', {
        href: link.url,
        class: 'external-link',
        onclick: (event) => {
          event.preventDefault();
          api.openLink(link.url).catch((error) => announce(error.message));
        },
      }, link.label || link.url),
      link.label ? el('span', { class: 'muted link-url', text: ` (${link.url})` }) : null))));
}

function presentationSection(api, example, meetings, people, refresh) {
  const held = meetings.filter((m) => m.status !== 'cancelled');
  const status = el('div', { class: 'form-status', 'aria-live': 'polite' });
  const form = el('form', { class: 'inline-form', novalidate: true },
    field({
      id: 'presentation-meeting', name: 'meeting_id', label: 'Träff', kind: 'select',
      options: [{ value: '', label: 'Välj träff' }, ...held.map((m) => ({ value: m.id, label: m.when_label }))],
    }),
    field({
      id: 'presentation-member', name: 'member_id', label: 'Presenterades av (valfritt)', kind: 'select', withError: false,
      options: [{ value: '', label: people.length ? 'Ingen vald' : 'Inga medlemmar är inlagda' },
        ...people.map((p) => ({ value: p.id, label: p.municipality_name ? `${p.name}, ${p.municipality_name}` : p.name }))],
    }),
    el('div', { class: 'form-actions' }, el('button', { type: 'submit', class: 'button button-primary', text: 'Koppla till träffen' })),
    status);
  onSubmit(form, async () => {
    await api.addPresentation(example.id, { meeting_id: form.elements.meeting_id.value, member_id: form.elements.member_id.value || null, note: '' });
    announce('Exemplet är kopplat till träffen.');
    await refresh();
  }, { errorHeading: 'Kopplingen sparades inte' });
  const list = example.presentations.length
    ? el('ul', { class: 'presentation-list' }, example.presentations.map((p) => el('li', { 'data-presentation-id': p.id },
      el('span', { class: 'presentation-when', text: p.meeting_label }),
      p.member_name ? el('span', { text: ` – av ${p.member_name}` }) : null,
      el('button', {
        type: 'button',
        class: 'button button-small no-print',
        'aria-label': `Ta bort kopplingen till träffen ${p.meeting_label}`,
        text: 'Ta bort',
        onclick: async () => {
          try {
            await api.removePresentation(example.id, p.id);
            announce('Kopplingen till träffen är borttagen.');
            await refresh();
          } catch (error) {
            status.replaceChildren(errorBox(error, 'Kopplingen kunde inte tas bort'));
          }
        },
      }))))
    : el('p', { class: 'muted', text: 'Exemplet har inte visats på någon träff ännu.' });
  return el('section', { class: 'example-section panel panel-quiet', 'aria-labelledby': 'presented-heading' },
    el('h2', { id: 'presented-heading', tabindex: '-1', text: 'Visades på träff' }),
    list,
    el('div', { class: 'no-print' }, el('h3', { text: 'Koppla till en träff' }), form));
}

function deleteControls(api, example) {
  const area = el('div', { class: 'delete-area no-print' });
  const ask = el('button', { type: 'button', class: 'button button-danger', text: 'Ta bort exemplet' });
  ask.addEventListener('click', () => {
    area.replaceChildren(el('div', { class: 'notice notice-error', role: 'alert' },
      el('p', { class: 'notice-title', text: `Ta bort ”${example.title}”?` }),
      el('p', { text: 'Exemplet och dess kopplingar till träffar tas bort. Det går inte att ångra.' }),
      el('div', { class: 'form-actions' },
        el('button', {
          type: 'button',
          class: 'button button-danger',
          text: 'Ja, ta bort',
          onclick: async () => {
            try {
              await api.deleteExample(example.id);
              announce('Exemplet är borttaget.');
              location.hash = '#/exempel';
            } catch (error) {
              area.replaceChildren(errorBox(error, 'Exemplet kunde inte tas bort'));
            }
          },
        }),
        el('button', { type: 'button', class: 'button', text: 'Avbryt', onclick: () => { area.replaceChildren(ask); ask.focus(); } }))));
    area.querySelector('.button-danger')?.focus();
  });
  area.append(ask);
  return area;
}

/** Builds the page of one example. */
export async function render({ api, id }) {
  const [example, meetings, people] = await Promise.all([api.getExample(id), api.listMeetings(), api.listPersonChoices()]);
  const container = el('div', { class: 'view view-example' });

  // After a change the page is rebuilt from the stored example; focus returns to the meetings section.
  async function refresh() {
    const rebuilt = await render({ api, id });
    container.replaceWith(rebuilt);
    rebuilt.querySelector('#presented-heading')?.focus();
  }

  const facts = [
    [example.municipalities.length === 1 ? 'Kommun' : 'Kommuner', example.municipalities.map((m) => m.name).join(', ')],
    ['Län', [...new Set(example.municipalities.map((m) => m.region_name))].join(', ')],
    ['Fas', capitalise(example.stage_label)],
    example.started_on ? ['Startade', swedishDate(example.started_on)] : null,
    example.contact_member ? ['Kontaktperson', example.contact_member.name] : null,
    ['Teman', example.themes.length ? example.themes.map((t) => t.name).join(', ') : 'Inga teman valda'],
    ['Delning', example.sharing === 'open'
      ? 'Öppen – får spridas utanför nätverket'
      : 'Inom nätverket – bara för nätverkets medlemmar, tas inte med i öppna utskrifter och exporter'],
  ].filter(Boolean);

  container.append(...[
    el('p', { class: 'breadcrumb no-print' }, el('a', { href: '#/exempel', text: '← Alla exempel' })),
    el('h1', { tabindex: '-1', class: 'example-title', text: example.title }),
    confidentialMark(example, { long: true }),
    example.summary ? el('p', { class: 'lead example-summary', text: example.summary }) : null,
    el('div', { class: 'view-actions no-print' },
      el('a', { class: 'button button-primary', href: `#/exempel/${encodeURIComponent(example.id)}/andra`, text: 'Ändra' }),
      el('button', { type: 'button', class: 'button', text: 'Skriv ut', onclick: () => window.print() })),
    el('dl', { class: 'facts example-facts' }, facts.flatMap(([label, value]) => [el('dt', { text: label }), el('dd', { text: value })])),
    textSection('Beskrivning', example.body, 'example-body'),
    textSection('Uppföljning och resultat', example.evaluation, 'example-evaluation'),
    linkList(api, example.links),
    presentationSection(api, example, meetings, people, refresh),
    deleteControls(api, example),
  ].filter(Boolean)); // Element.append would print null as text
  return container;
}
