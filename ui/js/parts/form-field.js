// The one way the UI builds form fields (label, control, hint, error slot) and shows, clears and announces their errors.

import { announce, el, errorBox } from '../dom.js';

/**
 * The `<option>`s for `options`: `{ value, label }` items, or `{ group, options }` for an `<optgroup>`.
 * The option whose value is `value` is selected.
 */
export function selectOptions(options, value) {
  return options.map((option) => (option.group !== undefined
    ? el('optgroup', { label: option.group }, selectOptions(option.options, value))
    : el('option', { value: option.value, text: option.label, selected: option.value === value })));
}

function joinIds(...ids) {
  return ids.flat().filter(Boolean).join(' ') || null;
}

/**
 * One form field. The control gets `id`, the hint `${id}-hint`, the error slot `${id}-error`, and the
 * control's `aria-describedby` names both, so a screen reader reads the hint and, once shown, the error.
 * The wrapper carries `data-field` (the field's `name`), which is how `showFieldError` finds the field a
 * backend error names.
 *
 * - `kind`: 'input' (default, with `type`), 'textarea', 'select' (`options`, see selectOptions),
 *   'checkbox' or 'radio' (control before its label; `checked`), or pass a ready `control` element.
 * - `required` adds "(obligatoriskt)" to the label and `aria-required`; `short` narrows a text input.
 * - `withError: false` leaves out the error slot (search and filter fields that never show one).
 * - `describedBy` adds more ids (a group's hint or error); `attributes` go onto the control as they are.
 * - `labelHidden` keeps the label for screen readers only; `wrap(control)` puts the control in a row with
 *   other nodes (a button beside it); `wrapperClass` replaces the wrapper's classes.
 */
export function field({
  id, name = null, label, hint = null, kind = 'input', type = 'text', value = '', checked = false, options = [],
  rows = 4, required = false, short = false, autocomplete = 'off', attributes = {}, control = null,
  withError = true, describedBy = [], labelHidden = false, wrap = null, wrapperClass = null, dataField = name,
}) {
  const hintId = hint ? `${id}-hint` : null;
  const errorId = withError ? `${id}-error` : null;
  const described = joinIds(hintId, describedBy, errorId);
  const { class: extraClass, ...otherAttributes } = attributes;
  const common = {
    id, name, 'aria-describedby': described, 'aria-required': required ? 'true' : null, ...otherAttributes,
  };
  const check = kind === 'checkbox' || kind === 'radio';
  if (control) {
    for (const [attribute, attributeValue] of Object.entries(common)) {
      if (attributeValue !== null && attributeValue !== undefined && !control.hasAttribute(attribute)) {
        control.setAttribute(attribute, String(attributeValue));
      }
    }
    if (extraClass) control.classList.add(...extraClass.split(' '));
  } else if (kind === 'textarea') {
    control = el('textarea', { ...common, rows, class: extraClass }, value ?? '');
    control.value = value ?? '';
  } else if (kind === 'select') {
    control = el('select', { ...common, class: extraClass }, selectOptions(options, value));
  } else if (check) {
    control = el('input', { ...common, type: kind, value: value || null, checked, class: extraClass });
  } else {
    control = el('input', {
      ...common, type, value: value ?? '', autocomplete, class: joinIds(short ? 'input-short' : null, extraClass),
    });
  }
  const labelNode = el('label', {
    for: id, class: labelHidden ? 'visually-hidden' : null, text: required ? `${label} (obligatoriskt)` : label,
  });
  const hintNode = hint ? el('p', { class: 'field-hint', id: hintId, text: hint }) : null;
  const errorNode = withError ? el('p', { class: 'field-error', id: errorId, hidden: true }) : null;
  const placed = wrap ? wrap(control) : control;
  return check
    ? el('div', { class: wrapperClass ?? 'field field-check', 'data-field': dataField }, placed, labelNode, hintNode, errorNode)
    : el('div', { class: wrapperClass ?? 'field', 'data-field': dataField }, labelNode, hintNode, errorNode, placed);
}

/**
 * A group of controls that shares one legend, hint and error slot (`${id}-hint`, `${id}-error`): chosen
 * municipalities, themes, links, hosts. `showFieldError` marks and focuses the group's control that
 * carries `data-focus-for` (or its first control) when the backend names `name`.
 */
export function fieldGroup({ id, name, legend, hint = null, className = 'field fieldset' }, ...children) {
  return el('fieldset', { class: className, 'data-field': name },
    el('legend', { text: legend }),
    hint ? el('p', { class: 'field-hint', id: `${id}-hint`, text: hint }) : null,
    el('p', { class: 'field-error', id: `${id}-error`, hidden: true }),
    children.flat(Infinity));
}

/** Hides every field error in `form`, drops `aria-invalid`, and empties the form's status line. */
export function clearFormErrors(form) {
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  for (const message of form.querySelectorAll('.field-error')) {
    message.hidden = true;
    message.textContent = '';
  }
  form.querySelector('.form-status')?.replaceChildren();
}

/**
 * Shows `message` at the field whose wrapper has `data-field="${fieldKey}"`, marks its control invalid
 * and focuses it. Returns false when `form` has no such field (the caller then shows the error elsewhere).
 */
export function showFieldError(form, fieldKey, message) {
  const key = CSS.escape(fieldKey);
  const wrapper = form.querySelector(`[data-field="${key}"]`);
  const errorNode = wrapper?.querySelector(':scope > .field-error');
  if (!errorNode) return false;
  errorNode.textContent = message;
  errorNode.hidden = false;
  const control = wrapper.querySelector(`[data-focus-for="${key}"]`)
    ?? wrapper.querySelector(`[name="${key}"]:not([type="hidden"])`)
    ?? wrapper.querySelector('input:not([type="hidden"]), select, textarea');
  control?.setAttribute('aria-invalid', 'true');
  control?.focus();
  return true;
}

/** Puts a one-line notice (`kind`: success, error, warning, info) in the form's status line. */
export function formStatus(form, kind, text) {
  form.querySelector('.form-status')?.replaceChildren(el('p', { class: `notice notice-${kind}`, text }));
}

/**
 * After a failed save: the error at the field it names (announced as "`heading`. message"), or, when it
 * names none, a box with `heading` and the message in the form's status line.
 */
export function showSaveError(form, error, heading) {
  if (error.field && showFieldError(form, error.field, error.message)) {
    announce(`${heading}. ${error.message}`);
  } else {
    form.querySelector('.form-status')?.replaceChildren(errorBox(error, heading));
  }
}

/**
 * The one way a form saves: returns `run(...args)`, which empties the form's errors, disables its
 * submit button (or `button`), awaits `save(...args)`, and on failure shows the error with
 * `showSaveError(form, error, errorHeading)`, or hands it to `onError(error)` instead when given; the
 * button is enabled again either way (with its focus back, if it had it). `form` may be any element holding fields and a `.form-status`.
 */
export function saving(form, save, { errorHeading = 'Det sparades inte', onError = null, button = null } = {}) {
  return async (...args) => {
    clearFormErrors(form);
    const submit = button ?? form.querySelector('button[type="submit"]');
    const hadFocus = submit !== null && document.activeElement === submit;
    if (submit) submit.disabled = true;
    try {
      await save(...args);
    } catch (error) {
      if (onError) onError(error);
      else showSaveError(form, error, errorHeading);
    } finally {
      if (submit) submit.disabled = false;
      // A disabled button loses focus; give it back unless something else (an invalid field) took it.
      const focusLost = !document.activeElement || document.activeElement === document.body;
      if (hadFocus && focusLost && submit.isConnected) submit.focus();
    }
  };
}

/** Runs `save` (see `saving`) each time `form` is submitted, instead of the browser's own submit; returns `run`. */
export function onSubmit(form, save, options = {}) {
  const run = saving(form, save, options);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run();
  });
  return run;
}
