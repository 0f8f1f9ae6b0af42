// The Bevakning view's router: the list by next deadline, a new proposal, the overview, a proposal's page and its form.

import * as detailView from './proposal-detail.js';
import * as formView from './proposal-form.js';
import * as listView from './proposal-list.js';
import * as overviewView from './proposal-overview.js';

/** Routes #/bevakning, #/bevakning/ny, #/bevakning/oversikt, #/bevakning/<id> and #/bevakning/<id>/andra. */
export async function render({ api }) {
  const parts = location.hash.replace(/^#\/?/, '').split('/').slice(1).map(decodeURIComponent);
  if (parts[0] === 'ny') return formView.render({ api, id: null });
  if (parts[0] === 'oversikt') return overviewView.render({ api });
  if (parts[0] && parts[1] === 'andra') return formView.render({ api, id: parts[0] });
  if (parts[0]) return detailView.render({ api, id: parts[0] });
  return listView.render({ api });
}
