// The floor app's script: fetch one value over IPC, show it, and report the first render after paint.

const { invoke } = window.__TAURI__.core;
// The same page milestones as Nätverket's (ms since the page began loading), for comparing.
const marks = { 'script-start': performance.now() };

const text = await invoke('greeting');
document.getElementById('greeting').textContent = text;
marks['view-in-dom'] = performance.now();
requestAnimationFrame(() => requestAnimationFrame(() => {
  marks.painted = performance.now();
  // The browser's own milestones of the page, as Nätverket reports them.
  const [page] = performance.getEntriesByType('navigation');
  if (page) {
    marks['html-fetched'] = page.responseEnd;
    marks['dom-interactive'] = page.domInteractive;
    marks['dom-content-loaded'] = page.domContentLoadedEventStart;
  }
  invoke('report_first_render', { pageMarks: marks }).catch(() => {});
}));
