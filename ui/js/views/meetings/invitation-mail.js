// The meeting page's invitation mail and answers: send by SMTP or save a draft, remind those who have not answered, see and set answers, import replies.

import { announce, el, errorBox, replaceChildren } from '../../dom.js';
import { takeDroppedAnswers } from '../../parts/dropped-answers.js';
import { selectOptions } from '../../parts/form-field.js';

function answerCountsText(counts) {
  return `Ja: ${counts.yes} · Kanske: ${counts.maybe} · Nej: ${counts.no} · Inget svar: ${counts.unanswered}`;
}

function sendReportNode(report) {
  const what = report.method === 'CANCEL' ? 'Avbokningen' : 'Inbjudan';
  const kind = report.refused ? 'notice-warning' : 'notice-success';
  return el('div', { class: `notice ${kind} send-report`, 'data-testid': 'send-report' },
    el('p', { class: 'notice-title', text: `${what}: ${report.delivered} levererade, ${report.refused} inte levererade.` }),
    el('table', { class: 'data-table' },
      el('caption', { class: 'visually-hidden', text: 'Resultat per mottagare' }),
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col', text: 'Mottagare' }),
        el('th', { scope: 'col', text: 'Resultat' }))),
      el('tbody', {}, report.results.map((result) => el('tr', { class: result.delivered ? 'delivered' : 'refused', 'data-email': result.email },
        el('td', { text: `${result.name} <${result.email}>` }),
        el('td', { text: result.delivered ? 'Levererat' : `Inte levererat: ${result.reason}` }))))));
}

/** Sending: by SMTP with a per-recipient result and progress, or as an .eml draft the mail program opens. */
function sendingPart(meeting, api, smtp, onSent) {
  const cancelled = meeting.status === 'cancelled';
  const result = el('div', { class: 'mail-result', 'aria-live': 'polite' });
  const progress = el('progress', { class: 'send-progress', max: '1', value: '0', hidden: true, 'aria-label': 'Utskick' });
  const needsPassword = smtp.settings.username !== '' && !smtp.password_in_memory
    && (smtp.password === 'missing' || smtp.password === 'no_keyring');
  const passwordField = needsPassword
    ? el('div', { class: 'field' },
      el('label', { for: 'smtp-send-password', text: 'Lösenord till e-postservern' }),
      el('p', { class: 'field-hint', id: 'smtp-send-password-hint', text: smtp.password === 'no_keyring'
        ? 'Datorn har ingen nyckelring, så lösenordet sparas inte: appen minns det bara tills den stängs.'
        : 'Lösenordet finns inte sparat. Det används för det här utskicket och minns tills appen stängs.' }),
      el('input', { id: 'smtp-send-password', type: 'password', autocomplete: 'off', 'aria-describedby': 'smtp-send-password-hint' }))
    : null;
  api.onSendProgress(({ done, total }) => {
    progress.hidden = false;
    progress.max = String(total);
    progress.value = String(done);
    progress.setAttribute('aria-valuetext', `${done} av ${total} skickade`);
  });

  const busy = (buttons, on) => buttons.forEach((button) => { button.disabled = on; });
  const send = async (unansweredOnly, buttons) => {
    busy(buttons, true);
    result.replaceChildren(el('p', { text: 'Skickar …' }));
    progress.value = '0';
    try {
      const password = passwordField?.querySelector('input').value || null;
      const report = await api.sendInvitations(meeting.id, unansweredOnly, password);
      result.replaceChildren(sendReportNode(report));
      result.scrollIntoView({ block: 'nearest' });
      announce(`${report.delivered} levererade, ${report.refused} inte levererade.`);
      onSent?.();
    } catch (error) {
      result.replaceChildren(errorBox(error, 'Inget skickades'));
    } finally {
      busy(buttons, false);
      progress.hidden = true;
    }
  };
  const draft = async (unansweredOnly, buttons) => {
    busy(buttons, true);
    try {
      const saved = await api.saveInvitationDraft(meeting.id, unansweredOnly);
      if (saved) {
        result.replaceChildren(el('div', { class: 'notice notice-success', role: 'status' },
          el('p', { class: 'notice-title', text: `Utkastet är sparat och öppnas i e-postprogrammet (${saved.recipients} mottagare som dold kopia).` }),
          el('p', {}, 'Filen finns här: ', el('span', { class: 'path saved-path', text: saved.path }))));
      }
    } catch (error) {
      result.replaceChildren(errorBox(error, 'Utkastet kunde inte skapas'));
    } finally {
      busy(buttons, false);
    }
  };

  const hasServer = smtp.settings.host !== '';
  const sendButton = el('button', { type: 'button', class: 'button button-primary', 'data-action': 'send-invitations',
    text: cancelled ? 'Skicka avbokningen via e-post' : 'Skicka inbjudan via e-post', disabled: !hasServer });
  const draftButton = el('button', { type: 'button', class: 'button', 'data-action': 'save-invitation-draft', text: 'Spara som e-postutkast' });
  const remindButton = cancelled ? null : el('button', { type: 'button', class: 'button', 'data-action': 'remind-unanswered', text: 'Påminn dem som inte svarat' });
  const buttons = [sendButton, draftButton, remindButton].filter(Boolean);
  sendButton.addEventListener('click', () => send(false, buttons));
  draftButton.addEventListener('click', () => draft(false, buttons));
  remindButton?.addEventListener('click', () => (hasServer ? send(true, buttons) : draft(true, buttons)));

  return el('div', { class: 'invitation-mail' },
    hasServer
      ? el('p', { class: 'muted', text: `Skickas via ${smtp.settings.host}, ${smtp.settings.delivery === 'bcc' ? 'samma meddelande till alla som dold kopia' : 'ett meddelande per mottagare'}.` })
      : el('p', { class: 'muted' }, 'Ingen e-postserver är inställd: spara inbjudan som utkast och skicka den från ditt e-postprogram, eller ange servern under ',
        el('a', { href: '#/installningar', text: 'Inställningar' }), '.'),
    passwordField,
    el('div', { class: 'form-actions' }, buttons),
    progress,
    result);
}

/** Scrolls `node` into view once it is on screen (a drop from another view previews before its page is shown). */
function revealWhenShown(node, framesLeft = 300) {
  if (node.isConnected) requestAnimationFrame(() => node.scrollIntoView?.({ block: 'nearest' }));
  else if (framesLeft > 0) requestAnimationFrame(() => revealWhenShown(node, framesLeft - 1));
}

/** The answers: counts, a line per member the host can set by hand, and importing reply files. */
function answersPart(meeting, api, labels) {
  const counts = el('p', { class: 'answer-counts', 'data-testid': 'answer-counts' });
  const table = el('tbody');
  const status = el('div', { class: 'form-status', 'aria-live': 'polite' });
  const choices = [{ value: '', label: 'Inget svar' }, ...labels.choices('answer')];

  const show = (answers) => {
    counts.textContent = answerCountsText(answers.counts);
    table.replaceChildren(...answers.rows.map((row) => {
      const id = `answer-${row.member_id}`;
      const select = el('select', { id, 'data-member-id': row.member_id }, selectOptions(choices, row.answer ?? ''));
      select.addEventListener('change', async () => {
        try {
          show(await api.setMeetingAnswer(meeting.id, row.member_id, select.value));
          status.textContent = `Svaret för ${row.name} är sparat.`;
        } catch (error) {
          status.replaceChildren(errorBox(error, 'Svaret sparades inte'));
        }
      });
      const when = row.answered_at ? new Date(row.answered_at).toLocaleString('sv-SE', { dateStyle: 'short', timeStyle: 'short' }) : '–';
      return el('tr', { 'data-member-id': row.member_id },
        el('th', { scope: 'row' }, el('label', { for: id, text: row.name })),
        el('td', {}, select),
        el('td', { text: row.answered_at ? `${when}${row.source === 'manual' ? ' (satt av värden)' : ''}` : '–' }));
    }));
  };
  const reload = async () => show(await api.meetingAnswers(meeting.id));

  const importResult = el('div', { class: 'answers-import', 'aria-live': 'polite' });
  let latest = 0; // a newer choice or drop wins over a preview still on its way
  /** Shows what `loadPreview()` found (null: the user cancelled), with the button that stores it. */
  const showPreview = async (loadPreview, reading = null) => {
    const mine = ++latest;
    replaceChildren(importResult, reading ? el('p', { class: 'muted', text: reading }) : null);
    try {
      const preview = await loadPreview();
      if (mine !== latest) return;
      if (!preview) return;
      const applyButton = el('button', { type: 'button', class: 'button button-primary', 'data-action': 'apply-answer-files',
        text: `Spara ${preview.stored} svar`, disabled: preview.stored === 0 });
      applyButton.addEventListener('click', async () => {
        applyButton.disabled = true;
        try {
          const done = await api.applyAnswerFiles();
          const message = `${done.stored} svar sparades.`;
          importResult.replaceChildren(el('p', { class: 'notice notice-success', role: 'status', text: message }));
          announce(message);
          await reload();
        } catch (error) {
          applyButton.disabled = false;
          importResult.replaceChildren(errorBox(error, 'Svaren sparades inte'));
        }
      });
      const summary = `I filerna: ${preview.stored} svar att spara, ${preview.older} äldre än ett som redan finns, ${preview.unmatched} utan träff eller medlem.`;
      replaceChildren(importResult, el('div', { class: 'import-preview-panel' },
        el('h4', { class: 'import-preview-heading', text: 'Förhandsgranskning av svaren' }),
        el('p', { class: 'import-summary', text: summary }),
        el('ul', { class: 'answer-preview' }, preview.answers.map((found) => el('li', { class: `found-${found.status}`,
          text: `${labels.title('answer', found.answer)}: ${found.member_name || found.email} – ${found.meeting_label} (${found.file})${found.reason ? `. ${found.reason}` : ''}` }))),
        preview.warnings.length ? el('ul', { class: 'notice notice-info' }, preview.warnings.map((w) => el('li', { text: w }))) : null,
        el('div', { class: 'form-actions' }, applyButton)));
      revealWhenShown(importResult);
      announce(summary);
    } catch (error) {
      if (mine === latest) importResult.replaceChildren(errorBox(error, 'Svarsfilerna kunde inte läsas'));
    }
  };
  const chooseButton = el('button', { type: 'button', class: 'button', 'data-action': 'choose-answer-files', text: 'Läs in svar (.ics eller .eml) …' });
  chooseButton.addEventListener('click', () => showPreview(() => api.chooseAnswerFiles()));
  const dropped = (drop) => showPreview(() => api.previewDroppedAnswers(drop.id), `Läser ${drop.names.join(', ')} …`);

  reload().catch((error) => status.replaceChildren(errorBox(error, 'Svaren kunde inte visas')));
  const node = el('div', { class: 'answers' },
    el('h3', { text: 'Svar' }),
    counts,
    el('table', { class: 'data-table' },
      el('caption', { class: 'visually-hidden', text: 'Medlemmarnas svar på inbjudan' }),
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col', text: 'Medlem' }),
        el('th', { scope: 'col', text: 'Svar' }),
        el('th', { scope: 'col', text: 'Svarade' }))),
      table),
    status,
    el('p', { class: 'muted', text: 'Svar som medlemmarnas kalendrar skickar tillbaka (Ja, Kanske, Nej) kan läsas in här, eller dras från e-postprogrammet och släppas i fönstret; flera filer går bra.' }),
    el('div', { class: 'form-actions' }, chooseButton),
    importResult);
  takeDroppedAnswers(node, dropped);
  return { reload, node };
}

/** The meeting page's panel for invitation mail and answers. */
export async function invitationMailPanel(meeting, api, labels) {
  let smtp;
  try {
    smtp = await api.getSmtpSettings();
  } catch (error) {
    return el('section', { class: 'panel' }, errorBox(error, 'E-postinställningarna kunde inte läsas'));
  }
  const answers = answersPart(meeting, api, labels);
  return el('section', { class: 'panel', 'aria-labelledby': 'invitation-mail-heading' },
    el('h2', { id: 'invitation-mail-heading', text: 'Inbjudan via e-post och svar' }),
    sendingPart(meeting, api, smtp, null),
    answers.node);
}
