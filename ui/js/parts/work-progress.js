// A progress bar for long work the core reports step by step (exchange, backups), with each step read out and a button that stops it.
import { el } from '../dom.js';

/**
 * Builds the progress part. `listen(handler)` subscribes to the work's steps (`{ what, done, total }`,
 * `total` 0 when unknown; `listen(null)` unsubscribes) and `cancel()` asks the core to stop; what was
 * begun is then not kept. A step named `unstoppableStep` disables the button (the work can no longer
 * be stopped once it has begun). With `quietAfterStop` the notice that the work is being stopped stays
 * read out instead of the steps that follow it.
 */
export function workProgress({ id, action, listen, cancel, className = '', unstoppableStep = null, quietAfterStop = true }) {
  const bar = el('progress', { id });
  const label = el('label', { for: id, text: 'Arbetar …' });
  const status = el('p', { class: 'muted', role: 'status' });
  const stop = el('button', { type: 'button', class: 'button', 'data-action': action, text: 'Avbryt' });
  const element = el('div', { class: `work-progress ${className}`.trim(), hidden: true }, label, bar, status, stop);
  let lastStep = '';
  let stopAsked = false;
  stop.addEventListener('click', () => {
    stopAsked = true;
    stop.disabled = true;
    status.textContent = 'Avbryter … Inget av det som påbörjats sparas.';
    cancel().catch(() => {});
  });
  return {
    element,
    start(what) {
      lastStep = '';
      stopAsked = false;
      label.textContent = what;
      bar.removeAttribute('value');
      status.textContent = '';
      stop.disabled = false;
      element.hidden = false;
      listen((step) => {
        label.textContent = step.what;
        if (step.total > 0) {
          bar.max = step.total;
          bar.value = Math.min(step.done, step.total);
        } else {
          bar.removeAttribute('value');
        }
        stop.disabled = stop.disabled || step.what === unstoppableStep;
        if (step.what !== lastStep && !(quietAfterStop && stopAsked)) {
          lastStep = step.what;
          status.textContent = `${step.what} …`;
        }
      });
    },
    stop() {
      element.hidden = true;
      listen(null);
    },
  };
}
