// The printable overview of the proposals the network follows (#/bevakning/oversikt), with exports to Markdown and HTML.

import { announce, el, errorBox } from '../../dom.js';
import { capitalise } from '../../labels.js';
import { field } from '../../parts/form-field.js';
import { nextDateText } from './proposal-list.js';

function printedProposal(proposal) {
  return el('article', { class: 'print-example', 'data-proposal-id': proposal.id },
    el('h3', { text: proposal.title }),
    el('p', { class: 'muted', text: [proposal.reference, proposal.responsible_body, nextDateText(proposal)].filter(Boolean).join(' · ') }),
    proposal.summary ? el('p', { class: 'example-text', text: proposal.summary }) : null,
    proposal.assessment
      ? el('div', {},
        el('h4', { text: 'Nätverkets bedömning' }),
        proposal.assessment_sharing === 'network'
          ? el('p', { class: 'confidential-mark', text: 'Bedömning INOM NÄTVERKET – får inte spridas utanför nätverket' })
          : null,
        el('p', { class: 'example-text', text: proposal.assessment }))
      : null);
}

/** Builds the overview page. */
export async function render({ api }) {
  const confidential = field({
    id: 'overview-include-confidential', name: 'include_confidential', kind: 'checkbox', withError: false,
    label: 'Ta även med bedömningar som bara får delas inom nätverket',
  });
  const box = confidential.querySelector('input');
  const collection = el('div', { class: 'print-collection', 'aria-live': 'polite' });
  const status = el('div', { class: 'form-status', 'aria-live': 'polite' });
  const selection = () => ({ include_confidential: box.checked });

  async function draw() {
    const overview = await api.proposalOverview(selection());
    collection.replaceChildren(
      el('p', { class: 'overview-includes notice notice-info', text: `${overview.count} förslag. ${overview.includes}` }),
      ...overview.groups.map((group) => el('section', { class: 'print-group' },
        el('h2', { class: 'print-group-heading', text: capitalise(group.heading) }),
        group.proposals.map(printedProposal))));
  }
  box.addEventListener('change', () => draw().catch((error) => status.replaceChildren(errorBox(error))));
  const exportButton = (format, text) => el('button', {
    type: 'button', class: 'button', text,
    onclick: async () => {
      try {
        const message = await api.exportProposalOverview(format, selection());
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
  return el('div', { class: 'view view-proposal-overview' },
    el('div', { class: 'no-print' },
      el('p', { class: 'breadcrumb' }, el('a', { href: '#/bevakning', text: '← Alla bevakade förslag' }))),
    el('h1', { tabindex: '-1', text: 'Bevakning – översikt' }),
    el('div', { class: 'panel no-print' },
      confidential,
      el('div', { class: 'form-actions export-actions' },
        el('button', { type: 'button', class: 'button button-primary', text: 'Skriv ut', onclick: () => window.print() }),
        exportButton('md', 'Spara som Markdown'),
        exportButton('html', 'Spara som HTML')),
      status),
    collection);
}
