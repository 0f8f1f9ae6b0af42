// Small helpers for building the page safely: text always goes in through textContent, never as HTML.

/**
 * Creates an element. `props` sets attributes (`class`, `aria-*`, `data-*`...) and `text` sets
 * textContent; children are nodes or strings (strings become text nodes).
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'text') node.textContent = String(value);
    else if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Replaces everything inside `container` with `nodes`. */
export function replaceChildren(container, ...nodes) {
  container.replaceChildren(...nodes.flat().filter(Boolean));
}

/** Says `message` to screen readers through the page's polite live region. */
export function announce(message) {
  const region = document.getElementById('announcer');
  if (!region) return;
  region.textContent = '';
  // A fresh text node after a tick makes screen readers read a repeated message again.
  setTimeout(() => { region.textContent = message; }, 30);
}

/** A box explaining an error to the user, announced immediately. */
export function errorBox(error, heading = 'Något gick fel') {
  return el('div', { class: 'notice notice-error', role: 'alert' },
    el('p', { class: 'notice-title', text: heading }),
    el('p', { text: error?.message ?? String(error) }));
}

/**
 * Appends `items` to `container` `pageSize` at a time: the first page at once, the next ones from
 * the returned button ("Visa fler … (N till)"), so that long lists never put thousands of nodes on
 * the page. When the last page is shown the button hides and focus moves to the first new item.
 */
export function pagedList(container, items, makeNode, pageSize, moreLabel = 'Visa fler') {
  let shown = 0;
  const more = el('button', { type: 'button', class: 'button button-quiet' });
  const showMore = () => {
    const nodes = items.slice(shown, shown + pageSize).map(makeNode);
    container.append(...nodes);
    shown += nodes.length;
    more.hidden = shown >= items.length;
    more.textContent = `${moreLabel} (${items.length - shown} till)`;
    return nodes;
  };
  more.addEventListener('click', () => {
    const nodes = showMore();
    announce(`${nodes.length} till visas.`);
    // The button is gone: focus goes to the first new item.
    if (more.hidden && nodes.length) focusWithin(nodes[0]);
  });
  showMore();
  return more;
}

/** Moves focus to `node`'s first link or control, or to `node` itself (made focusable) when it has none. */
export function focusWithin(node) {
  const focusable = 'a, button, input, select, [tabindex]';
  const target = node.querySelector(focusable) ?? node;
  if (!target.matches(focusable)) target.setAttribute('tabindex', '-1');
  target.focus();
}
