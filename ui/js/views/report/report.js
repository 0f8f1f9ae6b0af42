// The Verksamhetsberättelse (#/rapport): the yearly report for any period, with charts of attendance, printable and saved as Markdown, HTML or CSV.

import { announce, el, errorBox } from '../../dom.js';
import { barChart } from '../../parts/bar-chart.js';
import { field, onSubmit } from '../../parts/form-field.js';

/** The period as the user left it, so coming back shows the same report. */
const lastPeriod = { from: '', to: '' };

function defaultPeriod() {
  const lastYear = new Date().getFullYear() - 1;
  return { from: `${lastYear}-01-01`, to: `${lastYear}-12-31` };
}

function figuresTable(caption, rows, headings) {
  return el('table', { class: 'data-table report-table' },
    el('caption', { text: caption }),
    el('thead', {}, el('tr', {}, headings.map((heading, index) => el('th', { scope: 'col', class: index ? 'numeric' : null, text: heading })))),
    el('tbody', {}, rows.map((cells) => el('tr', {},
      el('th', { scope: 'row', text: cells[0] }),
      cells.slice(1).map((cell) => el('td', { class: 'numeric', text: cell }))))));
}

/** A counted section: a bar chart when there is something to count, a sentence otherwise. */
function countSection(id, heading, counts) {
  return el('section', { class: 'report-section', 'aria-labelledby': `${id}-heading` },
    el('h3', { id: `${id}-heading`, text: heading }),
    counts.length
      ? barChart({ id, title: heading, rows: counts.map((c) => ({ label: c.label, count: c.count })) })
      : el('p', { class: 'muted', text: 'Inga under perioden.' }));
}

function summaryRows(report) {
  return [
    ['Genomförda träffar', report.meetings_held],
    ['Inställda träffar', report.meetings_cancelled],
    ['Planerade träffar', report.meetings_planned],
    ['Närvaro (deltagare totalt)', report.attendances],
    ['Olika deltagare', report.participants],
    ['Kommuner som deltog', report.attendance_by_municipality.filter((c) => c.key).length],
    ['Nya medlemmar', report.new_members],
    ['Loggade exempel', report.examples_logged],
    ['Medskick', report.medskick_raised],
    ['Bevakade förslag', report.proposals_followed.length],
  ].map(([label, value]) => [label, String(value)]);
}

function reportContent(report) {
  const meetingRows = report.meetings.map((m) => [
    `${m.label}${m.outcome === 'inställd' ? ` – inställd${m.cancel_reason ? ` (${m.cancel_reason})` : ''}` : m.outcome === 'planerad' ? ' – planerad' : ''}`,
    m.outcome === 'inställd' ? '–' : String(m.present),
    m.outcome === 'inställd' ? '–' : String(m.absent),
    m.outcome === 'inställd' ? '–' : String(m.excused),
  ]);
  const held = report.meetings.filter((m) => m.outcome !== 'inställd');
  return el('article', { class: 'yearly-report' },
    el('h2', { class: 'report-title', text: `Verksamhetsberättelse för ${report.network_name}, ${report.period_label}` }),
    figuresTable('Sammanfattning', summaryRows(report), ['Vad', 'Antal']),
    el('section', { class: 'report-section', 'aria-labelledby': 'report-meetings-heading' },
      el('h3', { id: 'report-meetings-heading', text: 'Träffar och närvaro' }),
      report.meetings.length
        ? figuresTable('Närvaro per träff', meetingRows, ['Träff', 'Närvarande', 'Frånvarande', 'Anmält förhinder'])
        : el('p', { class: 'muted', text: 'Inga träffar under perioden.' }),
      held.length
        ? barChart({ id: 'chart-attendance-meetings', title: 'Närvarande per träff', rows: held.map((m) => ({ label: m.date, count: m.present })) })
        : null),
    el('div', { class: 'overview-grid' },
      countSection('chart-attendance-municipalities', 'Närvaro per kommun', report.attendance_by_municipality),
      countSection('chart-attendance-regions', 'Närvaro per län', report.attendance_by_region),
      countSection('chart-new-members', 'Nya medlemmar per kommun', report.new_members_by_municipality),
      countSection('chart-examples-themes', 'Exempel per tema', report.examples_by_theme),
      countSection('chart-examples-stages', 'Exempel per fas', report.examples_by_stage),
      countSection('chart-medskick-status', 'Medskick per status', report.medskick_by_status),
      countSection('chart-medskick-addressee', 'Medskick per mottagare', report.medskick_by_addressee)),
    el('section', { class: 'report-section', 'aria-labelledby': 'report-proposals-heading' },
      el('h3', { id: 'report-proposals-heading', text: 'Bevakade förslag' }),
      report.proposals_followed.length
        ? el('ul', { class: 'plain-list' }, report.proposals_followed.map((p) => el('li', {
          text: `${p.title}${p.reference ? ` (${p.reference})` : ''} – ${p.status_label}`,
        })))
        : el('p', { class: 'muted', text: 'Inga under perioden.' })));
}

/** Builds the report page. */
export async function render({ api }) {
  if (!lastPeriod.from) Object.assign(lastPeriod, defaultPeriod());
  const thisYear = new Date().getFullYear();
  const years = [];
  for (let year = thisYear; year >= 2024; year -= 1) years.push(year);
  const yearField = field({
    id: 'report-year', name: 'year', label: 'Kalenderår', kind: 'select', withError: false,
    options: [{ value: '', label: 'Egen period' }, ...years.map((y) => ({ value: String(y), label: String(y) }))],
    value: lastPeriod.from.endsWith('-01-01') && lastPeriod.to === `${lastPeriod.from.slice(0, 4)}-12-31` ? lastPeriod.from.slice(0, 4) : '',
  });
  const form = el('form', { class: 'panel form report-form no-print', novalidate: true, 'aria-label': 'Period' },
    el('div', { class: 'filters' },
      yearField,
      field({ id: 'report-from', name: 'from', label: 'Från och med', value: lastPeriod.from, short: true, hint: 'ÅÅÅÅ-MM-DD' }),
      field({ id: 'report-to', name: 'to', label: 'Till och med', value: lastPeriod.to, short: true, hint: 'ÅÅÅÅ-MM-DD' })),
    el('div', { class: 'form-actions' },
      el('button', { type: 'submit', class: 'button button-primary', text: 'Visa rapporten' }),
      el('button', { type: 'button', class: 'button', text: 'Skriv ut', onclick: () => window.print() }),
      ...[['md', 'Spara som Markdown'], ['html', 'Spara som HTML'], ['csv', 'Spara som CSV för Excel']].map(([format, text]) => el('button', {
        type: 'button', class: 'button', 'data-format': format, text,
        onclick: async () => {
          try {
            const message = await api.exportYearlyReport(format, period());
            if (message) {
              form.querySelector('.form-status').replaceChildren(el('p', { class: 'notice notice-success', text: message }));
              announce(message);
            }
          } catch (error) {
            form.querySelector('.form-status').replaceChildren(errorBox(error, 'Rapporten sparades inte'));
          }
        },
      }))),
    el('div', { class: 'form-status', 'aria-live': 'polite' }));
  const output = el('div', { class: 'report-output', 'aria-live': 'polite' });
  const period = () => ({ from: form.elements.from.value, to: form.elements.to.value });

  form.elements.year.addEventListener('change', () => {
    const year = form.elements.year.value;
    if (!year) return;
    form.elements.from.value = `${year}-01-01`;
    form.elements.to.value = `${year}-12-31`;
    form.requestSubmit();
  });
  const show = onSubmit(form, async () => {
    const report = await api.yearlyReport(period());
    Object.assign(lastPeriod, period());
    output.replaceChildren(reportContent(report));
  }, { errorHeading: 'Rapporten kunde inte tas fram' });
  await show();

  return el('div', { class: 'view view-report' },
    el('h1', { tabindex: '-1', text: 'Verksamhetsberättelse' }),
    el('p', { class: 'lead no-print', text: 'Vad nätverket gjorde under en period: träffar och närvaro, nya medlemmar, exempel, medskick och bevakade förslag. Skriv ut den eller spara den till styrelsen.' }),
    form,
    output);
}
