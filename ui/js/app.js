// Starts the UI: routes between views by the URL hash, keeps navigation state and focus right.

import * as api from './api.js';
import { el, errorBox, replaceChildren } from './dom.js';
import { loadLabels } from './labels.js';

/**
 * The app's areas by the hash they live at. A view's module is loaded the first time it is shown,
 * so that starting the app parses only the first view's code. A route's `data`, where it has one,
 * asks for what the view shows first while its code loads, instead of after (the start page:
 * README, Performance); the view's `render` gets it as `data`.
 */
const ROUTES = {
  oversikt: {
    title: 'Översikt',
    load: () => import('./views/overview/overview.js'),
    data: () => Promise.all([api.meetingOverview(), loadLabels(api)]),
  },
  traffar: { title: 'Träffar', load: () => import('./views/meetings/meetings.js') },
  medlemmar: { title: 'Medlemmar', load: () => import('./views/members/members.js') },
  exempel: { title: 'Exempel', load: () => import('./views/examples/examples.js') },
  medskick: { title: 'Medskick', load: () => import('./views/medskick/medskick.js') },
  bevakning: { title: 'Bevakning', load: () => import('./views/proposals/proposals.js') },
  rapport: { title: 'Verksamhetsberättelse', load: () => import('./views/report/report.js') },
  kommuner: { title: 'Kommuner', load: () => import('./views/municipalities/municipalities.js') },
  utbyte: { title: 'Utbyte', load: () => import('./views/exchange/exchange.js') },
  installningar: { title: 'Inställningar', load: () => import('./views/settings/settings.js') },
  natverk: { title: 'Nätverk', load: () => import('./views/networks/networks.js') },
};
const DEFAULT_ROUTE = 'oversikt';

// System fonts on Windows and macOS (see app.css); Linux gets the app's own font, the stylesheet's default.
const userAgent = navigator.userAgent;
document.documentElement.dataset.platform = /Windows/.test(userAgent) ? 'windows' : /Macintosh/.test(userAgent) ? 'macos' : 'linux';
// On Linux the page draws with its own font (app.css). Its two faces are made ready while the first
// view's data comes, so that the first layout has them: a face still loading at that point is
// drawn with a fallback font looked up through fontconfig, and laid out again when it arrives.
const fontsReady = document.documentElement.dataset.platform === 'linux'
  ? Promise.all(['400 1rem "Nätverket Sans"', '700 1rem "Nätverket Sans"'].map((font) => document.fonts.load(font)))
  : Promise.resolve();

const main = document.getElementById('main');
let renderCount = 0;
/** Milestones of the first view (ms since the page began loading), sent with the first-render report. */
const startupMarks = { 'script-start': performance.now() };

function currentRoute() {
  const name = location.hash.replace(/^#\/?/, '').split('/')[0];
  return Object.hasOwn(ROUTES, name) ? name : DEFAULT_ROUTE;
}

/** Marks the menu's link (or the header's "Byt nätverk") to the view on screen as the current page. */
function markCurrentLink(route) {
  for (const link of document.querySelectorAll('.app-nav a[data-route], .app-switch[data-route]')) {
    if (link.dataset.route === route) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

async function showRoute({ moveFocus }) {
  const route = currentRoute();
  const { title, load, data } = ROUTES[route];
  const thisRender = ++renderCount;
  markCurrentLink(route);
  document.title = `${title} – Nätverket`;
  main.setAttribute('aria-busy', 'true');
  try {
    const [view, firstData] = await Promise.all([
      load().finally(() => { startupMarks[`${route}-module-loaded`] ??= performance.now(); }),
      data?.().finally(() => { startupMarks[`${route}-data-received`] ??= performance.now(); }),
    ]);
    const content = await view.render({ api, data: firstData });
    startupMarks[`${route}-data-built`] ??= performance.now();
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

/** The network's name in the header, or, when the database could not be opened, why nothing can be shown. */
function showNetworkName(info) {
  if (info.status === 'fulfilled') {
    document.getElementById('network-name').textContent = info.value.network_name;
    return true;
  }
  replaceChildren(main, el('h1', { text: 'Databasen kunde inte öppnas' }),
    errorBox(info.reason, 'Nätverket kan inte visa några uppgifter'));
  main.setAttribute('aria-busy', 'false');
  return false;
}

window.addEventListener('hashchange', () => showRoute({ moveFocus: true }));
// Answers to invitations dropped on any view go to the answers of the meeting they answer. The drop is
// heard from the start; the code that shows it is loaded with the first drop, not before the first view.
api.onAnswersDropped((drop) => {
  import('./parts/dropped-answers.js').then(({ answersDropped }) => answersDropped(api, drop));
});
window.addEventListener('natverket:settings-saved', (event) => {
  document.getElementById('network-name').textContent = event.detail.network_name;
});

/**
 * The first view's milestones with the browser's own (when the page arrived and was parsed) and the
 * marks views set with `performance.mark`. WebKitGTK keeps no resource timings for tauri:// files.
 */
function allStartupMarks() {
  const marks = { ...startupMarks };
  const [page] = performance.getEntriesByType('navigation');
  if (page) {
    marks['html-fetched'] = page.responseEnd;
    marks['dom-interactive'] = page.domInteractive;
    marks['dom-content-loaded'] = page.domContentLoadedEventStart;
  }
  for (const mark of performance.getEntriesByType('mark')) marks[mark.name] ??= mark.startTime;
  return marks;
}

/** After the first view is on screen (two animation frames: laid out and painted), tells the app, with the marks for startup measurements. */
function firstViewShown() {
  startupMarks['view-in-dom'] = performance.now();
  requestAnimationFrame(() => {
    startupMarks['first-frame'] = performance.now();
    requestAnimationFrame(() => {
      startupMarks.painted = performance.now();
      api.firstViewShown(allStartupMarks()).catch(() => {}); // housekeeping and measurement; never disturbs the user
    });
  });
}

/**
 * The page stays undrawn (`starting` on <html>, see app.css) until the header's data, the first view
 * and (on Linux) the font's faces are in place: otherwise WebKitGTK lays out and paints the empty
 * frame first and then the whole page again, which put the first view ~10 ms later (README,
 * Performance). A face that cannot be loaded does not hold the page back (its text falls back to
 * sans-serif). Should something hang, the frame is shown anyway after SHOW_FRAME_ANYWAY_MS, with the
 * view area marked busy.
 */
const SHOW_FRAME_ANYWAY_MS = 3000;
function showPage() {
  document.documentElement.classList.remove('starting');
}
setTimeout(showPage, SHOW_FRAME_ANYWAY_MS);

// The header's data, the first view and the font are fetched side by side; showRoute never rejects.
Promise.allSettled([api.appInfo().finally(() => performance.mark('app-info-received')), showRoute({ moveFocus: false }), fontsReady]).then(([info]) => {
  showPage();
  if (showNetworkName(info)) firstViewShown();
});
