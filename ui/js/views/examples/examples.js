// The Exempel view's router: the list, a new example, the printable collection, an example's page and its form.

import * as detailView from './example-detail.js';
import * as formView from './example-form.js';
import * as listView from './example-list.js';
import * as printView from './example-print.js';

/** Routes #/exempel, #/exempel/ny, #/exempel/utskrift, #/exempel/<id> and #/exempel/<id>/andra. */
export async function render({ api }) {
  const parts = location.hash.replace(/^#\/?/, '').split('/').slice(1).map(decodeURIComponent);
  if (parts[0] === 'ny') return formView.render({ api, id: null });
  if (parts[0] === 'utskrift') return printView.render({ api });
  if (parts[0] && parts[1] === 'andra') return formView.render({ api, id: parts[0] });
  if (parts[0]) return detailView.render({ api, id: parts[0] });
  return listView.render({ api });
}
