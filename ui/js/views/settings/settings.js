// The Inställningar view: edits the network's settings; the backend validates and errors show at the field.

import { announce, el } from '../../dom.js';
import { field, formStatus, onSubmit, showFieldError } from '../../parts/form-field.js';
import { toSwedishClock } from '../../parts/swedish-format.js';
import { backupsPanel } from './backups-panel.js';
import { smtpPanel } from './smtp-panel.js';

/** The form's fields in order: settings key, label, input type, help text (also the new-network form's, in views/networks). */
export const FIELDS = [
  { key: 'network_name', label: 'Nätverkets namn', type: 'text', autocomplete: 'off' },
  { key: 'organizer_name', label: 'Arrangör', type: 'text', hint: 'Står som arrangör i kalenderinbjudningar.', autocomplete: 'organization' },
  { key: 'organizer_email', label: 'Arrangörens e-post', type: 'email', hint: 'Svar på inbjudningar går hit. Exempel: natverk@kommun.se', autocomplete: 'email' },
  { key: 'default_start', label: 'Standardstart för träffar', type: 'text', hint: 'Timmar och minuter, till exempel 15.00.', inputmode: 'numeric', short: true, display: toSwedishClock },
  { key: 'default_end', label: 'Standardslut för träffar', type: 'text', hint: 'Till exempel 15.45.', inputmode: 'numeric', short: true, display: toSwedishClock },
  { key: 'teams_url', label: 'Teams-länk', type: 'url', hint: 'Länken för att ansluta till nätverkets Teams-möten. Måste börja med https://.' },
  { key: 'time_zone', label: 'Tidszon', type: 'text', hint: 'IANA-tidszon, normalt Europe/Stockholm.' },
  { key: 'reminder_minutes', label: 'Påminnelse i kalendern', type: 'number', hint: 'Antal minuter före träffen. 0 betyder ingen påminnelse.', inputmode: 'numeric', min: '0', max: '10080' },
];

function fieldRow(setting, value) {
  return field({
    id: `setting-${setting.key}`,
    name: setting.key,
    label: setting.label,
    hint: setting.hint,
    type: setting.type,
    value: setting.display ? setting.display(value) : String(value ?? ''),
    autocomplete: setting.autocomplete ?? 'off',
    short: setting.short,
    attributes: { inputmode: setting.inputmode, min: setting.min, max: setting.max },
  });
}

export function readForm(form) {
  const data = new FormData(form);
  const settings = {};
  for (const setting of FIELDS) settings[setting.key] = String(data.get(setting.key) ?? '');
  const minutes = settings.reminder_minutes.trim();
  settings.reminder_minutes = /^\d+$/.test(minutes) ? Number(minutes) : -1;
  return settings;
}

/** Builds the settings form filled with the stored values. */
export async function render({ api }) {
  const [settings, info] = await Promise.all([api.getSettings(), api.appInfo()]);
  const form = el('form', { class: 'panel form', novalidate: true, 'aria-labelledby': 'settings-heading' },
    el('h2', { id: 'settings-heading', text: 'Nätverket och träffarna' }),
    FIELDS.map((setting) => fieldRow(setting, settings[setting.key])),
    el('div', { class: 'form-actions' },
      el('button', { type: 'submit', class: 'button button-primary', text: 'Spara inställningar' })),
    el('div', { class: 'form-status', 'aria-live': 'polite' }));

  onSubmit(form, async () => {
    const values = readForm(form);
    if (values.reminder_minutes < 0) {
      showFieldError(form, 'reminder_minutes', 'Påminnelsen ska vara ett heltal minuter, till exempel 15.');
      announce('Inställningarna sparades inte. Påminnelsen ska vara ett heltal minuter.');
      return;
    }
    const saved = await api.saveSettings(values);
    for (const setting of FIELDS) {
      form.elements[setting.key].value = setting.display ? setting.display(saved[setting.key]) : String(saved[setting.key]);
    }
    formStatus(form, 'success', 'Inställningarna är sparade.');
    window.dispatchEvent(new CustomEvent('natverket:settings-saved', { detail: saved }));
  }, { errorHeading: 'Inställningarna sparades inte' });

  const restoredNotice = sessionStorage.getItem('natverket:restored');
  sessionStorage.removeItem('natverket:restored');
  const backups = await backupsPanel(api, (message) => {
    sessionStorage.setItem('natverket:restored', message);
    window.location.reload();
  });
  const smtp = await smtpPanel(api);
  return el('div', { class: 'view view-settings' },
    el('h1', { tabindex: '-1', text: 'Inställningar' }),
    restoredNotice ? el('p', { class: 'notice notice-success', role: 'status', text: restoredNotice }) : null,
    el('p', { class: 'lead', text: 'Uppgifter om nätverket som används när träffar planeras och inbjudningar skapas.' }),
    form,
    smtp,
    backups,
    el('section', { class: 'panel panel-quiet', 'aria-labelledby': 'about-heading' },
      el('h2', { id: 'about-heading', text: 'Om appen' }),
      el('dl', { class: 'facts' },
        el('dt', { text: 'Version' }), el('dd', { text: info.version }),
        el('dt', { text: 'Databas' }), el('dd', { class: 'path', text: info.database_path }))));
}
