// Starts the UI: routes between views by the URL hash, keeps navigation state and focus right.

import * as api from './api.js';
import { el, errorBox, replaceChildren } from './dom.js';
import * as examplesView from './views/examples.js';
import * as exchangeView from './views/exchange.js';
import * as meetingsView from './views/meetings.js';
import * as membersView from './views/members.js';
import * as municipalitiesView from './views/municipalities.js';
import * as overviewView from './views/overview.js';
import * as settingsView from './views/settings.js';

/** The app's areas that work today, by the hash they live at. */
const ROUTES = {
  oversikt: { title: 'Översikt', view: overviewView },
  traffar: { title: 'Träffar', view: meetingsView },
  medlemmar: { title: 'Medlemmar', view: membersView },
  exempel: { title: 'Exempel', view: examplesView },
  kommuner: { title: 'Kommuner', view: municipalitiesView },
  utbyte: { title: 'Utbyte', view: exchangeView },
  installningar: { title: 'Inställningar', view: settingsView },
};
const DEFAULT_ROUTE = 'oversikt';

const main = document.getElementById('main');
let renderCount = 0;

function currentRoute() {
  const name = location.hash.replace(/^#\/?/, '').split('/')[0];
  return Object.hasOwn(ROUTES, name) ? name : DEFAULT_ROUTE;
}

function markCurrentLink(route) {
  for (const link of document.querySelectorAll('.app-nav a[data-route]')) {
    if (link.dataset.route === route) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

async function showRoute({ moveFocus }) {
  const route = currentRoute();
  const { title, view } = ROUTES[route];
  const thisRender = ++renderCount;
  markCurrentLink(route);
  document.title = `${title} – Nätverket`;
  main.setAttribute('aria-busy', 'true');
  try {
    const content = await view.render({ api });
    if (thisRender !== renderCount) return; // the user navigated on meanwhile
    replaceChildren(main, content);
  } catch (error) {
    if (thisRender !== renderCount) return;
    replaceChildren(main, el('h1', { text: title }), errorBox(error, 'Vyn kunde inte visas'));
  } finally {
    if (thisRender === renderCount) main.setAttribute('aria-busy', 'false');
  }
  if (moveFocus) main.querySelector('h1')?.focus();
}

async function showNetworkName() {
  try {
    const info = await api.appInfo();
    document.getElementById('network-name').textContent = info.network_name;
  } catch (error) {
    // The database could not be opened: say why instead of showing empty views.
    replaceChildren(main, el('h1', { text: 'Databasen kunde inte öppnas' }), errorBox(error, 'Nätverket kan inte visa några uppgifter'));
    throw error;
  }
}

window.addEventListener('hashchange', () => showRoute({ moveFocus: true }));
window.addEventListener('natverket:settings-saved', (event) => {
  document.getElementById('network-name').textContent = event.detail.network_name;
});

/** After the first view is on screen (two animation frames: laid out and painted), report it for startup measurements. */
function reportFirstRender() {
  requestAnimationFrame(() => requestAnimationFrame(() => {
    api.reportFirstRender().catch(() => {}); // only a measurement; never disturbs the user
  }));
}

showNetworkName()
  .then(() => showRoute({ moveFocus: false }))
  .then(reportFirstRender)
  .catch(() => main.setAttribute('aria-busy', 'false'));
