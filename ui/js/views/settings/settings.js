// The Inställningar view: edits the network's settings; the backend validates and errors show at the field.

import { announce, clearFormErrors, el, showFieldError } from '../../dom.js';
import { backupsPanel } from './backups-panel.js';

/** The form's fields in order: settings key, label, input type, help text. */
const FIELDS = [
  { key: 'network_name', label: 'Nätverkets namn', type: 'text', autocomplete: 'off' },
  { key: 'organizer_name', label: 'Arrangör', type: 'text', hint: 'Står som arrangör i kalenderinbjudningar.', autocomplete: 'organization' },
  { key: 'organizer_email', label: 'Arrangörens e-post', type: 'email', hint: 'Svar på inbjudningar går hit. Exempel: natverk@kommun.se', autocomplete: 'email' },
  { key: 'default_start', label: 'Standardstart för träffar', type: 'text', hint: 'Timmar och minuter, till exempel 15.00.', inputmode: 'numeric', short: true, display: toSwedishClock },
  { key: 'default_end', label: 'Standardslut för träffar', type: 'text', hint: 'Till exempel 15.45.', inputmode: 'numeric', short: true, display: toSwedishClock },
  { key: 'teams_url', label: 'Teams-länk', type: 'url', hint: 'Länken för att ansluta till nätverkets Teams-möten. Måste börja med https://.' },
  { key: 'time_zone', label: 'Tidszon', type: 'text', hint: 'IANA-tidszon, normalt Europe/Stockholm.' },
  { key: 'reminder_minutes', label: 'Påminnelse i kalendern', type: 'number', hint: 'Antal minuter före träffen. 0 betyder ingen påminnelse.', inputmode: 'numeric', min: '0', max: '10080' },
];

function toSwedishClock(value) {
  return String(value).replace(':', '.');
}

function fieldRow(field, value) {
  const inputId = `setting-${field.key}`;
  const hintId = field.hint ? `${inputId}-hint` : null;
  const errorId = `${inputId}-error`;
  return el('div', { class: 'field', 'data-field': field.key },
    el('label', { for: inputId, text: field.label }),
    hintId ? el('p', { class: 'field-hint', id: hintId, text: field.hint }) : null,
    el('p', { class: 'field-error', id: errorId, hidden: true }),
    el('input', {
      id: inputId,
      name: field.key,
      type: field.type,
      value: field.display ? field.display(value) : String(value ?? ''),
      inputmode: field.inputmode,
      min: field.min,
      max: field.max,
      autocomplete: field.autocomplete ?? 'off',
      class: field.short ? 'input-short' : null,
      'aria-describedby': [hintId, errorId].filter(Boolean).join(' '),
    }));
}



function readForm(form) {
  const data = new FormData(form);
  const settings = {};
  for (const field of FIELDS) settings[field.key] = String(data.get(field.key) ?? '');
  const minutes = settings.reminder_minutes.trim();
  settings.reminder_minutes = /^\d+$/.test(minutes) ? Number(minutes) : -1;
  return settings;
}

function formStatus(form, kind, text) {
  const status = form.querySelector('.form-status');
  status.replaceChildren(el('p', { class: `notice notice-${kind}`, text }));
}

/** Builds the settings form filled with the stored values. */
export async function render({ api }) {
  const [settings, info] = await Promise.all([api.getSettings(), api.appInfo()]);
  const form = el('form', { class: 'panel form', novalidate: true, 'aria-labelledby': 'settings-heading' },
    el('h2', { id: 'settings-heading', text: 'Nätverket och träffarna' }),
    FIELDS.map((field) => fieldRow(field, settings[field.key])),
    el('div', { class: 'form-actions' },
      el('button', { type: 'submit', class: 'button button-primary', text: 'Spara inställningar' })),
    el('div', { class: 'form-status', 'aria-live': 'polite' }));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFormErrors(form);
    const values = readForm(form);
    if (values.reminder_minutes < 0) {
      showFieldError(form, 'reminder_minutes', 'Påminnelsen ska vara ett heltal minuter, till exempel 15.');
      announce('Inställningarna sparades inte. Påminnelsen ska vara ett heltal minuter.');
      return;
    }
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      const saved = await api.saveSettings(values);
      for (const field of FIELDS) {
        form.elements[field.key].value = field.display ? field.display(saved[field.key]) : String(saved[field.key]);
      }
      formStatus(form, 'success', 'Inställningarna är sparade.');
      window.dispatchEvent(new CustomEvent('natverket:settings-saved', { detail: saved }));
    } catch (error) {
      if (error.field && showFieldError(form, error.field, error.message)) {
        announce(`Inställningarna sparades inte. ${error.message}`);
      } else {
        formStatus(form, 'error', `Inställningarna sparades inte. ${error.message}`);
      }
    } finally {
      button.disabled = false;
    }
  });

  const restoredNotice = sessionStorage.getItem('natverket:restored');
  sessionStorage.removeItem('natverket:restored');
  const backups = await backupsPanel(api, (message) => {
    sessionStorage.setItem('natverket:restored', message);
    window.location.reload();
  });
  return el('div', { class: 'view view-settings' },
    el('h1', { tabindex: '-1', text: 'Inställningar' }),
    restoredNotice ? el('p', { class: 'notice notice-success', role: 'status', text: restoredNotice }) : null,
    el('p', { class: 'lead', text: 'Uppgifter om nätverket som används när träffar planeras och inbjudningar skapas.' }),
    form,
    backups,
    el('section', { class: 'panel panel-quiet', 'aria-labelledby': 'about-heading' },
      el('h2', { id: 'about-heading', text: 'Om appen' }),
      el('dl', { class: 'facts' },
        el('dt', { text: 'Version' }), el('dd', { text: info.version }),
        el('dt', { text: 'Databas' }), el('dd', { class: 'path', text: info.database_path }))));
}
