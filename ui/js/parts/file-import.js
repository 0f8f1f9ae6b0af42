// One "choose a file → preview → apply" flow, shared by the three imports (member list, calendar file, exchange file).

import { announce, el, errorBox } from '../dom.js';

/** The file imports on screen that take a dropped file; the newest one still in the page gets it. */
const dropTargets = new Set();
let listeningForDrops = false;

function receiveDrops(api, target) {
  dropTargets.add(target);
  if (listeningForDrops) return;
  listeningForDrops = true;
  api.onFileDropped((file) => {
    for (const known of dropTargets) if (!known.element.isConnected) dropTargets.delete(known);
    const newest = [...dropTargets].pop();
    if (newest) newest.take(file);
    else announce('Här finns ingen import. Släpp filen under Medlemmar, Träffar eller Utbyte.');
  });
}

/**
 * The "choose a file" step: a label, a hint and a button "Välj fil …" that opens the native open dialog
 * (run by the app, `api.chooseImportFile(kind)`), with the chosen file's name beside it. A file dropped
 * on the window while this chooser is on screen is taken as if chosen. The web view never reads the
 * file: it gets `{ id, name }`, and the import's commands take the id.
 *
 * Returns a chooser: a function that takes `onChosen(file)` and `onFailed(error)` and returns
 * `{ element, reset }`.
 */
export function fileChooser({ id, label, hint, kind, api, wrapperClass = null }) {
  return (onChosen, onFailed) => {
    const labelId = `${id}-label`;
    const hintId = `${id}-hint`;
    const nothing = 'Ingen fil vald';
    const chosenName = el('span', { class: 'file-chooser-name', text: nothing });
    const take = (file) => {
      chosenName.textContent = file.name;
      onChosen(file);
    };
    let asking = false;
    const button = el('button', {
      type: 'button', class: 'button', id, text: 'Välj fil …', 'aria-describedby': `${labelId} ${hintId}`,
    });
    button.addEventListener('click', async () => {
      if (asking) return; // the dialog is already open
      asking = true;
      try {
        const file = await api.chooseImportFile(kind);
        if (file) take(file);
      } catch (error) {
        onFailed(error);
      } finally {
        asking = false;
      }
    });
    const element = el('div', { class: wrapperClass ?? 'field', 'data-field': 'file' },
      el('p', { class: 'field-label', id: labelId, text: label }),
      el('p', { class: 'field-hint', id: hintId, text: `${hint} Du kan också dra filen hit och släppa den i fönstret.` }),
      el('div', { class: 'file-chooser' }, button, chosenName));
    receiveDrops(api, { element, take });
    return { element, reset: () => { chosenName.textContent = nothing; } };
  };
}

/**
 * An import in three steps: the user chooses a file (`choose`, see fileChooser), `preview(file)`
 * says what importing it would do, and an apply button runs `apply(file, preview)` with that same file.
 *
 * - `summary(preview)`: one line, shown first and announced.
 * - `details(preview, file)`: the rest of the preview (tables, notices).
 * - `applyButton(preview)`: `{ text, disabled }` of the button, whose `data-action` is `action`.
 * - `doneText(result)`: the success line, shown and announced; then `onApplied(result)` runs.
 * - `resultClass`: classes of the live region holding the preview and the outcome.
 *
 * A failed preview shows `previewFailed` with the error; a failed apply shows `applyFailed` above the
 * preview and lets the user try again. Returns `{ chooser, result, clear }`: the two nodes to place
 * and a function that empties the preview and the chooser.
 */
export function fileImport({
  choose, preview, summary, details, applyButton, action, apply, doneText, onApplied = null,
  resultClass = 'import-result', previewFailed = 'Filen kan inte importeras', applyFailed = 'Importen misslyckades, inget har ändrats',
}) {
  const result = el('div', { class: resultClass, 'aria-live': 'polite' });
  let latest = 0; // a newer file wins over a preview still on its way

  async function showPreview(file) {
    const mine = ++latest;
    result.replaceChildren(el('p', { class: 'muted', text: `Läser ${file.name} …` }));
    let found;
    try {
      found = await preview(file);
    } catch (error) {
      if (mine === latest) result.replaceChildren(errorBox(error, previewFailed));
      return;
    }
    if (mine !== latest) return;
    const { text, disabled } = applyButton(found);
    const button = el('button', { type: 'button', class: 'button button-primary', 'data-action': action, text, disabled });
    const applyError = el('div', { class: 'import-apply-error' });
    button.addEventListener('click', async () => {
      button.disabled = true;
      applyError.replaceChildren();
      try {
        const done = await apply(file, found);
        const message = doneText(done);
        chooser.reset?.();
        result.replaceChildren(el('p', { class: 'notice notice-success', role: 'status', text: message }));
        announce(message);
        await onApplied?.(done);
      } catch (error) {
        button.disabled = false;
        applyError.replaceChildren(errorBox(error, applyFailed));
      }
    });
    const heading = el('h3', { class: 'import-preview-heading', tabindex: '-1', text: `Förhandsgranskning av ${file.name}` });
    const line = summary(found);
    result.replaceChildren(el('div', { class: 'import-preview-panel' },
      applyError,
      heading,
      el('p', { class: 'import-summary', text: line }),
      [details(found, file)].flat(Infinity),
      el('div', { class: 'form-actions' },
        button,
        el('button', { type: 'button', class: 'button', text: 'Avbryt', onclick: clear }))));
    // The preview opens below the chooser: bring it into view and put focus on its heading.
    heading.focus({ preventScroll: true });
    heading.scrollIntoView?.({ block: 'start' });
    announce(`Förhandsgranskning: ${line}`);
  }

  function clear() {
    latest += 1;
    result.replaceChildren();
    chooser.reset?.();
  }

  const chooser = choose(showPreview, (error) => result.replaceChildren(errorBox(error, 'Filen kunde inte väljas')));
  return { chooser: chooser.element, result, clear };
}
