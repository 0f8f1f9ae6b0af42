// One "choose a file → preview → apply" flow, shared by the three imports (member list, calendar file, exchange file).

import { announce, el, errorBox } from '../dom.js';
import { field } from './form-field.js';

/** A chosen file as the import flow sees it; `bytes()` reads the file once, on first use. */
function chosenFile(picked) {
  let bytes = null;
  return {
    name: picked.name,
    size: picked.size,
    bytes: () => (bytes ??= picked.arrayBuffer().then((buffer) => new Uint8Array(buffer))),
  };
}

/**
 * The "choose a file" step as an `<input type="file">` field (label, hint). Returns a chooser: a
 * function that takes `onChosen` and returns `{ element, reset }`; it calls `onChosen(file)` each time
 * the user picks a file, with `file` as `{ name, size, bytes() }`. A chooser that runs the native
 * dialog from Rust can take its place: anything that builds its own control and hands over an object
 * the import's `preview` and `apply` understand.
 */
export function fileInputChooser({ id, label, hint, accept, wrapperClass = null }) {
  return (onChosen) => {
    const input = el('input', { type: 'file', accept });
    input.addEventListener('change', () => {
      const picked = input.files?.[0];
      if (picked) onChosen(chosenFile(picked));
    });
    return {
      element: field({ id, label, hint, control: input, withError: false, wrapperClass }),
      reset: () => { input.value = ''; },
    };
  };
}

/**
 * An import in three steps: the user chooses a file (`choose`, see fileInputChooser), `preview(file)`
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

  const chooser = choose(showPreview);
  return { chooser: chooser.element, result, clear };
}
