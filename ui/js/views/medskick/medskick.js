// The Medskick view's router: the list, a new medskick, the compilation, a medskick's page and its form.

import * as detailView from './medskick-detail.js';
import * as formView from './medskick-form.js';
import * as listView from './medskick-list.js';
import * as printView from './medskick-print.js';

/** Routes #/medskick, #/medskick/ny, #/medskick/sammanstallning, #/medskick/<id> and #/medskick/<id>/andra. */
export async function render({ api }) {
  const parts = location.hash.replace(/^#\/?/, '').split('/').slice(1).map(decodeURIComponent);
  if (parts[0] === 'ny') return formView.render({ api, id: null });
  if (parts[0] === 'sammanstallning') return printView.render({ api });
  if (parts[0] && parts[1] === 'andra') return formView.render({ api, id: parts[0] });
  if (parts[0]) return detailView.render({ api, id: parts[0] });
  return listView.render({ api });
}
