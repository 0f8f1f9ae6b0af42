// The mark on an example (or any item members write) that is shared only inside the network: "Inom nätverket".

import { el } from '../dom.js';

/** Whether an item with this sharing code must stay inside the network. */
export function isConfidential(item) {
  return item.sharing !== 'open';
}

/**
 * A badge saying "Inom nätverket" for an item shared only inside the network, or null for an open one.
 * The badge is plain text (no icon only), so screen readers read it where it stands.
 */
export function confidentialMark(item, { long = false } = {}) {
  if (!isConfidential(item)) return null;
  return el('span', {
    class: 'badge badge-confidential',
    title: 'Delas bara inom nätverket och tas inte med i öppna utskrifter och exporter',
    text: long ? 'Inom nätverket – får inte spridas utanför nätverket' : 'Inom nätverket',
  });
}
