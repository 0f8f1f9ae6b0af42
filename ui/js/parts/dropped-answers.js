// Answers to invitations dropped anywhere on the window: the meeting page's answers section previews them, and from another view the app opens the meeting they answer first.

import { el, errorBox } from '../dom.js';

/** Answers sections on screen that take a drop; the newest one still in the page gets it. */
const targets = new Set();
/** A drop waiting for the meeting page opened for it. */
let pending = null;

function newestTarget() {
  for (const known of targets) if (!known.element.isConnected) targets.delete(known);
  return [...targets].pop();
}

/** Puts a notice above the view on screen (it goes with the view). */
function noticeAboveView(node) {
  document.getElementById('main')?.prepend(node);
}

async function openTheMeetingAnswered(api, drop) {
  let preview;
  try {
    preview = await api.previewDroppedAnswers(drop.id);
  } catch (error) {
    noticeAboveView(errorBox(error, 'Svarsfilerna kunde inte läsas'));
    return;
  }
  const answered = preview.answers.find((found) => found.meeting_id && found.status === 'stored')
    ?? preview.answers.find((found) => found.meeting_id);
  if (!answered) {
    const reasons = [...preview.answers.map((found) => `${found.email}: ${found.reason}`), ...preview.warnings];
    noticeAboveView(el('div', { class: 'notice notice-warning', role: 'alert' },
      el('p', { class: 'notice-title', text: `${drop.names.join(', ')}: inga svar på någon av nätverkets träffar.` }),
      reasons.length ? el('ul', {}, reasons.map((reason) => el('li', { text: reason }))) : null));
    return;
  }
  pending = drop;
  location.hash = `#/traffar/${answered.meeting_id}`;
}

/**
 * Answers dropped on the window (app.js listens with `api.onAnswersDropped` from the start and loads
 * this module at the first drop): the answers section on screen previews them; from any other view
 * the app opens the page of the meeting they answer, whose answers section then previews them.
 */
export function answersDropped(api, drop) {
  const target = newestTarget();
  if (target) target.take(drop);
  else openTheMeetingAnswered(api, drop);
}

/** Makes an answers section (`element`) take dropped answers with `take(drop)`; a drop waiting for it is taken now. */
export function takeDroppedAnswers(element, take) {
  targets.add({ element, take });
  if (pending) {
    const drop = pending;
    pending = null;
    take(drop);
  }
}
