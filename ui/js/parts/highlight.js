// Renders search-hit segments ({ text, highlighted }) as text nodes and <mark> elements, never as HTML.

import { el } from '../dom.js';

/** A list of nodes for `segments`; highlighted pieces are wrapped in <mark>. */
export function highlightedText(segments) {
  return (segments ?? []).map((segment) => (segment.highlighted
    ? el('mark', { text: segment.text })
    : document.createTextNode(segment.text)));
}
