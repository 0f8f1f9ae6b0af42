// One proposal's page (#/bevakning/<id>): dates, summary, the network's assessment and its sharing level, links, related medskick and examples.

import { announce, el, errorBox } from '../../dom.js';
import { capitalise } from '../../labels.js';
import { swedishDate } from '../../parts/swedish-format.js';
import { nextDateText } from './proposal-list.js';

function textSection(heading, text, className, extra = null) {
  if (!text) return null;
  return el('section', { class: 'example-section' }, el('h2', { text: heading }), extra, el('p', { class: `example-text ${className}`, text }));
}

function relatedList(heading, items, route) {
  if (!items.length) return null;
  return el('section', { class: 'example-section' }, el('h2', { text: heading }),
    el('ul', { class: 'plain-list' }, items.map((item) => el('li', {}, el('a', { href: `#/${route}/${encodeURIComponent(item.id)}`, text: item.title })))));
}

function deleteControls(api, proposal) {
  const area = el('div', { class: 'delete-area no-print' });
  const ask = el('button', { type: 'button', class: 'button button-danger', text: 'Ta bort förslaget' });
  ask.addEventListener('click', () => {
    area.replaceChildren(el('div', { class: 'notice notice-error', role: 'alert' },
      el('p', { class: 'notice-title', text: `Sluta bevaka ”${proposal.title}”?` }),
      el('p', { text: 'Förslaget och nätverkets bedömning tas bort. Det går inte att ångra.' }),
      el('div', { class: 'form-actions' },
        el('button', {
          type: 'button', class: 'button button-danger', text: 'Ja, ta bort',
          onclick: async () => {
            try {
              await api.deleteProposal(proposal.id);
              announce('Förslaget är borttaget.');
              location.hash = '#/bevakning';
            } catch (error) {
              area.replaceChildren(errorBox(error, 'Förslaget kunde inte tas bort'));
            }
          },
        }),
        el('button', { type: 'button', class: 'button', text: 'Avbryt', onclick: () => { area.replaceChildren(ask); ask.focus(); } }))));
    area.querySelector('.button-danger')?.focus();
  });
  area.append(ask);
  return area;
}

/** Builds the page of one proposal. */
export async function render({ api, id }) {
  const proposal = await api.getProposal(id);
  const facts = [
    ['Status', capitalise(proposal.status_label)],
    proposal.reference ? ['Beteckning', proposal.reference] : null,
    proposal.responsible_body ? ['Ansvarig', proposal.responsible_body] : null,
    proposal.published_on ? ['Publicerad', swedishDate(proposal.published_on)] : null,
    proposal.remiss_deadline ? ['Remisstid till', swedishDate(proposal.remiss_deadline)] : null,
    proposal.decision_on ? ['Beslut', swedishDate(proposal.decision_on)] : null,
    proposal.in_force_on ? ['Träder i kraft', swedishDate(proposal.in_force_on)] : null,
    ['Nästa datum', nextDateText(proposal)],
  ].filter(Boolean);
  const sharingBadge = el('p', {}, el('span', {
    class: proposal.assessment_sharing === 'network' ? 'badge badge-confidential' : 'badge badge-open',
    text: `Bedömningen delas: ${proposal.assessment_sharing_label}`,
  }));
  return el('div', { class: 'view view-proposal' }, ...[
    el('p', { class: 'breadcrumb no-print' }, el('a', { href: '#/bevakning', text: '← Alla bevakade förslag' })),
    el('h1', { tabindex: '-1', class: 'example-title', text: proposal.title }),
    el('div', { class: 'view-actions no-print' },
      el('a', { class: 'button button-primary', href: `#/bevakning/${encodeURIComponent(proposal.id)}/andra`, text: 'Ändra' }),
      el('button', { type: 'button', class: 'button', text: 'Skriv ut', onclick: () => window.print() })),
    el('dl', { class: 'facts proposal-facts-list' }, facts.flatMap(([label, value]) => [el('dt', { text: label }), el('dd', { text: value })])),
    textSection('Sammanfattning', proposal.summary, 'proposal-summary'),
    textSection('Nätverkets bedömning', proposal.assessment, 'proposal-assessment', sharingBadge),
    proposal.links.length
      ? el('section', { class: 'example-section' }, el('h2', { text: 'Länkar' }),
        el('ul', { class: 'plain-list' }, proposal.links.map((link) => el('li', {}, el('a', {
          href: link.url, class: 'external-link',
          onclick: (event) => { event.preventDefault(); api.openLink(link.url).catch((error) => announce(error.message)); },
        }, link.label || link.url)))))
      : null,
    relatedList('Medskick', proposal.medskick, 'medskick'),
    relatedList('Exempel', proposal.examples, 'exempel'),
    deleteControls(api, proposal),
  ].filter(Boolean));
}
