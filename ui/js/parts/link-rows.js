// The links of a form as editable rows (address, optional text, remove), with a button to add one; and reading them back.

import { announce, el } from '../dom.js';
import { field, fieldGroup } from './form-field.js';

/**
 * A field group `name` with one row per link in `links` (`{ url, label }`); ids start with `idPrefix`.
 * Removing a row moves focus to the add button; at most `maxRows` rows.
 */
export function linkRows({ idPrefix, name = 'links', legend = 'Länkar', hint, links, maxRows }) {
  const rows = el('div', { class: 'link-rows' });
  const groupId = `${idPrefix}-${name}`;
  let counter = 0;
  let addButton;
  const addRow = (link = { url: '', label: '' }) => {
    const n = ++counter;
    const row = el('div', { class: 'link-row' },
      field({
        id: `${idPrefix}-link-url-${n}`, label: `Webbadress ${n}`, type: 'url', value: link.url, withError: false,
        describedBy: [`${groupId}-hint`, `${groupId}-error`],
        attributes: { class: 'link-url', 'data-focus-for': name, placeholder: 'https://' },
      }),
      field({
        id: `${idPrefix}-link-label-${n}`, label: `Länktext ${n} (valfri)`, value: link.label, withError: false,
        attributes: { class: 'link-label' },
      }),
      el('button', {
        type: 'button', class: 'button button-small', text: 'Ta bort länken',
        'aria-label': `Ta bort länken ${n}`,
        onclick: () => {
          row.remove();
          addButton.hidden = false;
          addButton.focus();
          announce('Länken är borttagen. Den försvinner när du sparar.');
        },
      }));
    rows.append(row);
    addButton.hidden = rows.children.length >= maxRows;
    return row;
  };
  addButton = el('button', {
    type: 'button', class: 'button', text: 'Lägg till länk',
    onclick: () => {
      if (rows.children.length >= maxRows) return;
      addRow().querySelector('input').focus();
    },
  });
  links.forEach((link) => addRow(link));
  return fieldGroup({ id: groupId, name, legend, hint }, rows, addButton);
}

/** The links in `form`'s link rows, in order; rows left empty are dropped. */
export function linksIn(form) {
  return [...form.querySelectorAll('.link-row')]
    .map((row) => ({ url: row.querySelector('.link-url').value.trim(), label: row.querySelector('.link-label').value.trim() }))
    .filter((link) => link.url || link.label);
}
