// A meeting's attendance from the report Teams lets the organizer download: choose the file, see who is matched, record it.

import { announce, el } from '../../dom.js';
import { fileImport } from '../../parts/file-import.js';

/**
 * The chooser step: one button, "Importera närvaro från Teams …", that opens the native open dialog
 * (run by the app). Dropped files are left to the page's other imports.
 */
function teamsReportChooser(api) {
  return (onChosen, onFailed) => {
    const chosenName = el('span', { class: 'file-chooser-name' });
    const button = el('button', {
      type: 'button', class: 'button', id: 'teams-attendance-file', 'data-action': 'choose-teams-report',
      text: 'Importera närvaro från Teams …', 'aria-describedby': 'teams-attendance-hint',
    });
    let asking = false;
    button.addEventListener('click', async () => {
      if (asking) return;
      asking = true;
      try {
        const file = await api.chooseImportFile('teams');
        if (file) {
          chosenName.textContent = file.name;
          onChosen(file);
        }
      } catch (error) {
        onFailed(error);
      } finally {
        asking = false;
      }
    });
    const element = el('div', { class: 'field import-field teams-attendance-chooser' },
      el('p', { class: 'field-hint', id: 'teams-attendance-hint',
        text: 'Välj närvarorapporten du laddade ner från Teams (.csv, på svenska eller engelska). Du ser vilka som matchas mot medlemmarna innan något sparas.' }),
      el('div', { class: 'file-chooser' }, button, chosenName));
    return { element, reset: () => { chosenName.textContent = ''; } };
  };
}

function count(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

function summaryLine(preview) {
  const parts = [`${count(preview.to_set_present, 'medlem blir', 'medlemmar blir')} närvarande`];
  if (preview.already_present) parts.push(`${preview.already_present} redan närvarande`);
  if (preview.for_review) parts.push(`${preview.for_review} har anmält förhinder`);
  if (preview.unmatched.length) parts.push(`${count(preview.unmatched.length, 'person', 'personer')} i rapporten är inte medlemmar eller kan inte avgöras`);
  return `${count(preview.report.participants, 'person', 'personer')} i rapporten: ${parts.join(', ')}.`;
}

/** The outcome of the latest apply, shown once more when the page has been drawn again with the new attendance. */
let lastOutcome = null;

/** The tick boxes of the preview on screen: members with anmält förhinder the host makes present. */
let reviewBoxes = [];

function matchedTable(preview, labels) {
  reviewBoxes = [];
  const rows = preview.matched.map((line) => {
    let what;
    if (line.change === 'review') {
      const id = `teams-review-${line.member_id}`;
      const box = el('input', { type: 'checkbox', id, value: line.member_id, 'data-review-member': line.member_id });
      reviewBoxes.push(box);
      what = el('div', { class: 'checkbox' }, box,
        el('label', { for: id, text: `Har anmält förhinder – gör ${line.member_name} närvarande` }));
    } else {
      const look = line.change === 'set_present' ? 'badge-create' : 'badge-unchanged';
      what = el('span', { class: `badge ${look}`, text: labels.title('teams_change', line.change) });
    }
    // What in the report gave the match: the address for e-mail matches, the report's name for name matches.
    const inReport = line.matched_by === 'email' ? line.report_email : line.report_name;
    return el('tr', { 'data-member-id': line.member_id },
      el('th', { scope: 'row', text: line.member_name }),
      el('td', { text: `${labels.label('teams_matched_by', line.matched_by)}: ${inReport}` }),
      el('td', { text: line.duration_label || '–' }),
      el('td', { text: line.current_status ? labels.label('attendance_status', line.current_status) : 'Inte angiven' }),
      el('td', {}, what));
  });
  return el('table', { class: 'data-table teams-matched', 'data-testid': 'teams-matched' },
    el('caption', { text: 'Medlemmar i rapporten' }),
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col', text: 'Medlem' }),
      el('th', { scope: 'col', text: 'Matchad på' }),
      el('th', { scope: 'col', text: 'Tid i mötet' }),
      el('th', { scope: 'col', text: 'Närvaro nu' }),
      el('th', { scope: 'col', text: 'Vad som händer' }))),
    el('tbody', {}, rows));
}

function details(preview, labels) {
  const report = preview.report;
  const about = [report.layout_label, report.meeting_title, report.meeting_start].filter(Boolean).join(' · ');
  return [
    el('p', { class: 'muted teams-report-about', text: `Filen: ${about} (${report.encoding}).` }),
    preview.warnings.length
      ? el('div', { class: 'notice notice-warning', role: 'note' },
        el('p', { class: 'notice-title', text: 'Kontrollera innan du för in närvaron' }),
        el('ul', {}, preview.warnings.map((warning) => el('li', { text: warning }))))
      : null,
    preview.matched.length ? matchedTable(preview, labels) : null,
    preview.unmatched.length
      ? [el('h4', { text: 'Sparas inte – inte medlemmar eller inte säkert vem' }),
        el('ul', { class: 'teams-unmatched', 'data-testid': 'teams-unmatched' }, preview.unmatched.map((person) =>
          el('li', { text: `${person.name}${person.email ? ` <${person.email}>` : ''} – ${labels.label('teams_unmatched_reason', person.reason)}` })))]
      : null,
    preview.not_in_report.length
      ? [el('h4', { text: 'Har närvaro men finns inte i rapporten – ändras inte' }),
        el('ul', { class: 'teams-not-in-report' }, preview.not_in_report.map((member) =>
          el('li', { text: `${member.name} – ${labels.label('attendance_status', member.status)}` })))]
      : null,
  ];
}

/**
 * "Importera närvaro från Teams …" for `meeting`: the chooser and the preview, to place in the
 * attendance section. `onApplied()` runs after the attendance is recorded (the page shows it again).
 */
export function teamsAttendanceImport(meeting, labels, api, onApplied) {
  const teamsImport = fileImport({
    choose: teamsReportChooser(api),
    preview: (file) => api.previewTeamsAttendance(meeting.id, file.id),
    summary: summaryLine,
    details: (preview) => details(preview, labels),
    action: 'apply-teams-attendance',
    applyButton: (preview) => ({ text: 'För in närvaron', disabled: preview.to_set_present + preview.for_review === 0 }),
    apply: (file, preview) => {
      const ticked = reviewBoxes.filter((box) => box.checked).map((box) => box.value);
      return api.applyTeamsAttendance(meeting.id, file.id, preview.token, ticked);
    },
    doneText: (done) => `Närvaron från Teams är införd: ${count(done.recorded, 'medlem', 'medlemmar')} blev närvarande.`,
    onApplied: (done) => {
      const text = `Närvaron från Teams är införd: ${count(done.recorded, 'medlem', 'medlemmar')} blev närvarande.`;
      lastOutcome = { meetingId: meeting.id, text };
      announce(text);
      onApplied();
    },
    previewFailed: 'Rapporten kan inte läsas',
    applyFailed: 'Närvaron fördes inte in, inget har ändrats',
  });
  if (lastOutcome?.meetingId === meeting.id) {
    teamsImport.result.replaceChildren(el('p', { class: 'notice notice-success', role: 'status', 'data-testid': 'teams-attendance-done', text: lastOutcome.text }));
  }
  lastOutcome = null;
  return el('div', { class: 'teams-attendance' },
    el('h3', { text: 'Närvaro från Teams' }),
    teamsImport.chooser,
    teamsImport.result);
}
