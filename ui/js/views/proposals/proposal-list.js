// The Bevakning list (#/bevakning): the proposals the network follows, the nearest deadline first.

import { el } from '../../dom.js';
import { capitalise } from '../../labels.js';
import { swedishDate } from '../../parts/swedish-format.js';

/** "Remisstiden går ut 15 januari 2027", or that nothing is ahead. */
export function nextDateText(proposal) {
  return proposal.next_date ? `${proposal.next_date.what} ${swedishDate(proposal.next_date.date)}` : 'Inget datum framåt';
}

function proposalItem(proposal) {
  return el('li', { class: 'proposal-item', 'data-proposal-id': proposal.id },
    el('h3', {}, el('a', { href: `#/bevakning/${encodeURIComponent(proposal.id)}`, text: proposal.title })),
    el('p', { class: 'proposal-facts' },
      el('span', { class: 'badge', text: capitalise(proposal.status_label) }),
      ` ${[proposal.reference, proposal.responsible_body].filter(Boolean).join(' · ')}`),
    el('p', { class: proposal.next_date ? 'proposal-next' : 'proposal-next muted', text: nextDateText(proposal) }));
}

/** Builds the list page. */
export async function render({ api }) {
  const proposals = await api.listProposals();
  return el('div', { class: 'view view-proposals' },
    el('div', { class: 'view-heading' },
      el('h1', { tabindex: '-1', text: 'Bevakning' }),
      el('div', { class: 'view-actions' },
        el('a', { class: 'button button-primary', href: '#/bevakning/ny', text: 'Nytt förslag att bevaka' }),
        el('a', { class: 'button', href: '#/bevakning/oversikt', text: 'Översikt att skriva ut' }))),
    el('p', { class: 'lead', text: 'Förslag från regeringen och myndigheter som påverkar socialtjänsten: utredningar, promemorior, propositioner och remisser. Närmast datum först.' }),
    el('section', { class: 'panel', 'aria-labelledby': 'proposals-heading' },
      el('h2', { id: 'proposals-heading', text: `${proposals.length} förslag bevakas` }),
      proposals.length
        ? el('ol', { class: 'proposal-list' }, proposals.map(proposalItem))
        : el('p', { class: 'muted', text: 'Inga förslag bevakas ännu. Registrera det första.' })));
}
