// The form to register or edit a proposal (#/bevakning/ny, #/bevakning/<id>/andra): reference, dates, summary, assessment and its sharing level, links, related medskick and examples.

import { announce, el } from '../../dom.js';
import { loadLabels } from '../../labels.js';
import { field, fieldGroup, onSubmit } from '../../parts/form-field.js';
import { linkRows, linksIn } from '../../parts/link-rows.js';

const RELATED_CHOICES = 100;
/** The most links a proposal may have (the core's `proposals::MAX_LINKS`). */
const MAX_LINKS = 20;

function proposalField(name, options) {
  return field({ id: `proposal-${name}`, name, ...options });
}

function checkboxGroup({ name, legend, items, chosen, emptyText }) {
  const boxes = items.length
    ? el('div', { class: 'checkbox-list' }, items.map((item) => {
      const id = `proposal-${name}-${item.id}`;
      return el('div', { class: 'checkbox' },
        el('input', { type: 'checkbox', id, name, value: item.id, checked: chosen.has(item.id), 'data-focus-for': name }),
        el('label', { for: id, text: item.label }));
    }))
    : el('p', { class: 'muted', text: emptyText });
  return fieldGroup({ id: `proposal-${name}`, name, legend }, boxes);
}

function dateField(name, label, value) {
  return proposalField(name, { label, value: value ?? '', short: true, hint: 'ÅÅÅÅ-MM-DD' });
}

/** Builds the form, empty for a new proposal or filled with the stored one. */
export async function render({ api, id }) {
  const [proposal, medskick, examples, labels] = await Promise.all([
    id ? api.getProposal(id) : Promise.resolve(null),
    api.searchMedskick({ limit: RELATED_CHOICES }),
    api.searchExamples({ limit: RELATED_CHOICES, offset: 0 }),
    loadLabels(api),
  ]);
  const sharing = proposal?.assessment_sharing ?? 'network';
  // A new proposal starts with one empty link row to fill in.
  const links = proposal?.links?.length ? proposal.links : [{ url: '', label: '' }];
  const form = el('form', { class: 'panel form proposal-form', novalidate: true, 'aria-labelledby': 'proposal-form-heading' },
    el('h2', { id: 'proposal-form-heading', text: 'Om förslaget' }),
    proposalField('title', { label: 'Namn', value: proposal?.title, required: true }),
    proposalField('reference', { label: 'Beteckning', hint: 'Till exempel SOU 2023:40, Ds 2024:3, prop. 2024/25:89 eller remissens diarienummer.', value: proposal?.reference }),
    proposalField('responsible_body', { label: 'Ansvarig', hint: 'Departement eller myndighet.', value: proposal?.responsible_body }),
    proposalField('status', {
      label: 'Status', kind: 'select', value: proposal?.status ?? '',
      options: [{ value: '', label: 'Välj automatiskt (på remiss om remisstid anges)' }, ...labels.choices('proposal_status')],
    }),
    el('div', { class: 'filters' },
      dateField('published_on', 'Publicerad', proposal?.published_on),
      dateField('remiss_deadline', 'Remisstid till', proposal?.remiss_deadline),
      dateField('decision_on', 'Beslut', proposal?.decision_on),
      dateField('in_force_on', 'Träder i kraft', proposal?.in_force_on)),
    proposalField('summary', { label: 'Sammanfattning', kind: 'textarea', rows: 4, value: proposal?.summary }),
    proposalField('assessment', { label: 'Nätverkets bedömning', hint: 'Vad betyder förslaget för första linjen?', kind: 'textarea', rows: 4, value: proposal?.assessment }),
    fieldGroup({ id: 'proposal-assessment_sharing', name: 'assessment_sharing', legend: 'Delning av bedömningen' },
      labels.choices('sharing').map((choice) => field({
        id: `proposal-assessment-sharing-${choice.value}`, name: 'assessment_sharing', kind: 'radio', value: choice.value,
        label: choice.label, checked: choice.value === sharing, withError: false,
      }))),
    linkRows({
      idPrefix: 'proposal', links, maxRows: MAX_LINKS,
      hint: 'Till exempel förslaget hos regeringen eller remissinstansernas lista. Adressen måste börja med https://.',
    }),
    checkboxGroup({
      name: 'medskick_ids', legend: 'Medskick som hör till förslaget', emptyText: 'Inga medskick ännu.',
      chosen: new Set(proposal?.medskick.map((m) => m.id) ?? []),
      items: medskick.hits.map((hit) => ({ id: hit.medskick.id, label: hit.medskick.title })),
    }),
    checkboxGroup({
      name: 'example_ids', legend: 'Exempel som hör till förslaget', emptyText: 'Inga exempel ännu.',
      chosen: new Set(proposal?.examples.map((e) => e.id) ?? []),
      items: examples.hits.map((hit) => ({ id: hit.example.id, label: hit.example.title })),
    }),
    el('div', { class: 'form-actions' },
      el('button', { type: 'submit', class: 'button button-primary', text: 'Spara förslaget' }),
      el('a', { class: 'button', href: proposal ? `#/bevakning/${encodeURIComponent(proposal.id)}` : '#/bevakning', text: 'Avbryt' })),
    el('div', { class: 'form-status', 'aria-live': 'polite' }));

  onSubmit(form, async () => {
    const data = new FormData(form);
    const text = (name) => String(data.get(name) ?? '');
    const input = {
      title: text('title'), reference: text('reference'), responsible_body: text('responsible_body'),
      published_on: text('published_on'), remiss_deadline: text('remiss_deadline'), decision_on: text('decision_on'),
      in_force_on: text('in_force_on'), summary: text('summary'), assessment: text('assessment'),
      assessment_sharing: text('assessment_sharing'), status: text('status'),
      links: linksIn(form),
      medskick_ids: data.getAll('medskick_ids').map(String),
      example_ids: data.getAll('example_ids').map(String),
    };
    const saved = proposal ? await api.updateProposal(proposal.id, input) : await api.createProposal(input);
    announce(`Förslaget ”${saved.title}” är sparat.`);
    location.hash = `#/bevakning/${encodeURIComponent(saved.id)}`;
  }, { errorHeading: 'Förslaget sparades inte' });

  return el('div', { class: 'view view-proposal-form' },
    el('p', { class: 'breadcrumb' }, el('a', { href: proposal ? `#/bevakning/${encodeURIComponent(proposal.id)}` : '#/bevakning', text: proposal ? '← Tillbaka till förslaget' : '← Alla bevakade förslag' })),
    el('h1', { tabindex: '-1', text: proposal ? `Ändra ”${proposal.title}”` : 'Nytt förslag att bevaka' }),
    form);
}
