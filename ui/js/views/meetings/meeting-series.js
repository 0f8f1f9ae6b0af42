// The "Skapa serie" page: sessions from a rule or a list of dates, previewed with warnings, then created together.

import { announce, el } from '../../dom.js';
import { field, onSubmit, saving } from '../../parts/form-field.js';
import { toSwedishClock } from '../../parts/swedish-format.js';
import { warningNotice } from './meeting-form.js';

const WEEKDAYS = ['måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag'];

function readSeries(form) {
  const value = (name) => String(form.elements[name]?.value ?? '');
  const kind = value('kind');
  let rule;
  const count = Number.parseInt(value('count'), 10);
  if (kind === 'every_n_weeks') {
    rule = { kind, start: value('start_date'), interval_weeks: Number.parseInt(value('interval_weeks'), 10) || 0, count: Number.isNaN(count) ? 0 : count };
  } else if (kind === 'last_weekday_of_month') {
    rule = { kind, start: value('start_date'), weekday: value('weekday'), count: Number.isNaN(count) ? null : count, until: value('until') };
  } else {
    rule = { kind: 'dates', dates: value('dates').split(/[\s,;]+/).filter(Boolean) };
  }
  return {
    rule,
    title: value('title'),
    start: value('start'),
    end: value('end'),
    time_zone: '',
    teams_url: value('teams_url'),
    agenda: '',
  };
}

function showRuleFields(form) {
  const kind = form.elements.kind.value;
  for (const node of form.querySelectorAll('[data-rule]')) {
    node.hidden = !node.dataset.rule.split(' ').includes(kind);
  }
}

export async function render({ api }) {
  const settings = await api.getSettings();
  const preview = el('div', { class: 'series-preview', 'aria-live': 'polite' });
  const createButton = el('button', { type: 'button', class: 'button button-primary', hidden: true });
  const form = el('form', { class: 'panel form', novalidate: true, id: 'series-form', 'aria-labelledby': 'series-heading' },
    el('h2', { id: 'series-heading', text: 'Regel' }),
    field({
      id: 'series-kind', name: 'kind', label: 'Hur datumen väljs', kind: 'select', value: 'every_n_weeks',
      options: [
        { value: 'every_n_weeks', label: 'Var n:e vecka, till exempel var fjärde tisdag' },
        { value: 'last_weekday_of_month', label: 'Sista veckodagen i månaden, till exempel sista tisdagen' },
        { value: 'dates', label: 'Egna datum' },
      ],
    }),
    el('div', { 'data-rule': 'every_n_weeks last_weekday_of_month' },
      field({ id: 'series-start_date', name: 'start_date', label: 'Från och med', hint: 'ÅÅÅÅ-MM-DD. Vid var n:e vecka blir det första träffens datum och veckodag.' })),
    el('div', { 'data-rule': 'every_n_weeks' },
      field({ id: 'series-interval_weeks', name: 'interval_weeks', label: 'Antal veckor mellan träffarna', type: 'number', value: '4', short: true })),
    el('div', { 'data-rule': 'last_weekday_of_month' },
      field({ id: 'series-weekday', name: 'weekday', label: 'Veckodag', kind: 'select', value: 'tisdag', options: WEEKDAYS.map((d) => ({ value: d, label: d })) }),
      field({ id: 'series-until', name: 'until', label: 'Till och med (valfritt)', hint: 'ÅÅÅÅ-MM-DD. Lämna tomt och ange antal i stället.' })),
    el('div', { 'data-rule': 'every_n_weeks last_weekday_of_month' },
      field({ id: 'series-count', name: 'count', label: 'Antal träffar', type: 'number', value: '5', short: true })),
    el('div', { 'data-rule': 'dates' },
      field({ id: 'series-dates', name: 'dates', label: 'Datum', kind: 'textarea', rows: 4, hint: 'Ett datum per rad, ÅÅÅÅ-MM-DD.' })),
    el('h2', { text: 'Varje träff' }),
    field({ id: 'series-title', name: 'title', label: 'Rubrik', value: 'Nätverksträff – första linjens socialtjänst', required: true }),
    el('div', { class: 'field-row' },
      field({ id: 'series-start', name: 'start', label: 'Start', value: toSwedishClock(settings.default_start), short: true }),
      field({ id: 'series-end', name: 'end', label: 'Slut', value: toSwedishClock(settings.default_end), short: true })),
    field({ id: 'series-teams_url', name: 'teams_url', label: 'Teams-länk', type: 'url', value: settings.teams_url, hint: 'Måste börja med https://.' }),
    el('div', { class: 'form-actions' },
      el('button', { type: 'submit', class: 'button', text: 'Förhandsgranska' }),
      createButton),
    el('div', { class: 'form-status', 'aria-live': 'polite' }),
    preview);
  showRuleFields(form);
  form.elements.kind.addEventListener('change', () => {
    showRuleFields(form);
    preview.replaceChildren();
    createButton.hidden = true;
  });
  form.addEventListener('input', () => { createButton.hidden = true; });

  onSubmit(form, async () => {
    preview.replaceChildren();
    createButton.hidden = true;
    const sessions = await api.previewMeetingSeries(readSeries(form));
    const withWarnings = sessions.filter((s) => s.warnings.length).length;
    preview.replaceChildren(
      el('h2', { text: `Förhandsgranskning: ${sessions.length} träffar` }),
      withWarnings ? el('p', { class: 'muted', text: `${withWarnings} av dem har varningar. Du kan ändra regeln eller skapa träffarna ändå.` }) : null,
      el('ol', { class: 'series-sessions' }, sessions.map((session) => el('li', { class: 'series-session' },
        el('p', { class: 'series-when', text: session.when_label }),
        warningNotice(session.warnings, 'Obs')))));
    createButton.textContent = `Skapa ${sessions.length} träffar`;
    createButton.hidden = false;
    announce(`${sessions.length} träffar i förhandsgranskningen${withWarnings ? `, ${withWarnings} med varningar` : ''}.`);
  }, { errorHeading: 'Serien kunde inte förhandsgranskas' });

  createButton.addEventListener('click', saving(form, async () => {
    const created = await api.createMeetingSeries(readSeries(form));
    announce(`${created.length} träffar är inlagda.`);
    location.hash = '#/traffar';
  }, { errorHeading: 'Serien skapades inte', button: createButton }));

  return el('div', { class: 'view view-meeting-series' },
    el('p', { class: 'breadcrumb' }, el('a', { href: '#/traffar', text: '← Alla träffar' })),
    el('h1', { tabindex: '-1', text: 'Skapa serie' }),
    el('p', { class: 'lead', text: 'Varje träff i serien blir en egen träff som kan ändras eller ställas in för sig. Förhandsgranska först: appen varnar för helgdagar, klämdagar och krockar.' }),
    form);
}
