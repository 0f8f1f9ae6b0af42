// The Säkerhetskopior panel of the settings view: list backups, make one now, restore one after a confirmation that says what it holds and whose it is.

import { announce, el, errorBox } from '../../dom.js';
import { workProgress } from '../../parts/work-progress.js';

const dateTime = new Intl.DateTimeFormat('sv-SE', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Stockholm' });

function sizeLabel(bytes) {
  return bytes >= 1_048_576 ? `${(bytes / 1_048_576).toFixed(1).replace('.', ',')} MB` : `${Math.max(1, Math.round(bytes / 1024))} kB`;
}

/**
 * Asks before a restore with a modal dialog; resolves to true when the user confirms. `info` is the
 * core's description of the backup (what it holds, and a warning when another installation made it).
 */
function confirmRestore(description, info) {
  return new Promise((resolve) => {
    const warning = info?.warning
      ? el('p', { id: 'confirm-warning', class: 'notice notice-warning', 'data-other-installation': '', text: info.warning })
      : null;
    const holds = info?.summary ? ` ${info.summary}` : '';
    const dialog = el('dialog', { class: 'confirm-dialog', 'aria-labelledby': 'confirm-title', 'aria-describedby': warning ? 'confirm-warning confirm-text' : 'confirm-text' },
      el('h2', { id: 'confirm-title', text: 'Återställa säkerhetskopian?' }),
      warning,
      el('p', { id: 'confirm-text', text: `Databasen ersätts med ${description}.${holds} Det nuvarande innehållet sparas först som en egen säkerhetskopia, så att du kan ångra.` }),
      el('div', { class: 'form-actions' },
        el('button', { type: 'button', class: 'button button-primary', 'data-action': 'confirm-restore', text: 'Återställ' }),
        el('button', { type: 'button', class: 'button', 'data-action': 'cancel-restore', text: 'Avbryt' })));
    const finish = (answer) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    dialog.querySelector('[data-action="confirm-restore"]').addEventListener('click', () => finish(true));
    dialog.querySelector('[data-action="cancel-restore"]').addEventListener('click', () => finish(false));
    dialog.addEventListener('cancel', (event) => { event.preventDefault(); finish(false); });
    document.body.append(dialog);
    dialog.showModal();
    dialog.querySelector('[data-action="cancel-restore"]').focus();
  });
}

/** Builds the panel; `onRestored` re-renders the app after a restore. */
export async function backupsPanel(api, onRestored) {
  const status = el('div', { class: 'backup-status', 'aria-live': 'polite' });
  const listHolder = el('div', { class: 'backup-list' });
  // The last step of a restore (the replacement of the database) cannot be stopped once begun.
  const progress = workProgress({
    id: 'backup-progress', action: 'cancel-backup', listen: api.onBackupProgress, cancel: api.cancelBackup,
    className: 'backup-progress', unstoppableStep: 'Återställer databasen', quietAfterStop: false,
  });

  async function refresh() {
    const backups = await api.listBackups();
    if (backups.length === 0) {
      listHolder.replaceChildren(el('p', { class: 'muted', text: 'Inga säkerhetskopior ännu.' }));
      return;
    }
    listHolder.replaceChildren(el('table', { class: 'data-table' },
      el('caption', { class: 'visually-hidden', text: 'Säkerhetskopior, nyaste först' }),
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col', text: 'Skapad' }),
        el('th', { scope: 'col', text: 'Typ' }),
        el('th', { scope: 'col', text: 'Storlek' }),
        el('th', { scope: 'col' }, el('span', { class: 'visually-hidden', text: 'Åtgärd' })))),
      el('tbody', {}, backups.slice(0, 20).map((backup) => {
        const when = dateTime.format(new Date(backup.created_at));
        const restore = el('button', { type: 'button', class: 'button button-small', 'data-action': 'restore-backup', 'aria-label': `Återställ säkerhetskopian från ${when}`, text: 'Återställ' });
        restore.addEventListener('click', () => restoreWith(`säkerhetskopian från ${when}`, backup.info, () => api.restoreBackup(backup.file_name)));
        return el('tr', { 'data-file-name': backup.file_name },
          el('td', { text: when }), el('td', { text: backup.reason }), el('td', { text: sizeLabel(backup.size_bytes) }), el('td', {}, restore));
      }))));
  }

  /** `confirm` false: the command asks itself (a file picked in the native dialog is described only after picking). */
  async function restoreWith(description, info, restore, confirm = true) {
    if (confirm && !(await confirmRestore(description, info))) return;
    try {
      progress.start('Återställer säkerhetskopian');
      const done = await restore().finally(() => progress.stop());
      if (done === false) return;
      announce('Databasen är återställd.');
      onRestored?.('Databasen är återställd. Det tidigare innehållet finns kvar som säkerhetskopia.');
    } catch (error) {
      status.replaceChildren(errorBox(error, 'Återställningen gjordes inte'));
    }
  }

  const createButton = el('button', { type: 'button', class: 'button', 'data-action': 'create-backup', text: 'Skapa säkerhetskopia nu' });
  createButton.addEventListener('click', async () => {
    createButton.disabled = true;
    try {
      progress.start('Skapar säkerhetskopian');
      const path = await api.createBackup().finally(() => progress.stop());
      status.replaceChildren(el('p', { class: 'notice notice-success', text: `Säkerhetskopian sparades i ${path}.` }));
      await refresh();
    } catch (error) {
      status.replaceChildren(errorBox(error, 'Säkerhetskopian kunde inte skapas'));
    } finally {
      createButton.disabled = false;
    }
  });
  const fromFileButton = el('button', { type: 'button', class: 'button', 'data-action': 'restore-from-file', text: 'Återställ från fil …' });
  fromFileButton.addEventListener('click', () => restoreWith('den fil du väljer', null, () => api.restoreBackupFromFile(), false));

  try {
    await refresh();
  } catch (error) {
    listHolder.replaceChildren(errorBox(error, 'Säkerhetskopiorna kunde inte läsas'));
  }
  return el('section', { class: 'panel', 'aria-labelledby': 'backups-heading' },
    el('h2', { id: 'backups-heading', text: 'Säkerhetskopior' }),
    el('p', { class: 'muted', text: 'Appen gör en säkerhetskopia varje dag den startas och före varje uppgradering av databasen. De tio senaste dagliga kopiorna sparas.' }),
    el('div', { class: 'form-actions' }, createButton, fromFileButton),
    progress.element,
    status,
    listHolder);
}
