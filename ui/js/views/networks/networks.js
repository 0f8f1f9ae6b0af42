// The Nätverk view (#/natverk): the networks this user belongs to, switching between them, creating a new one and opening one received from the hosts.

import { announce, el, errorBox } from '../../dom.js';
import { field, onSubmit, showFieldError } from '../../parts/form-field.js';
import { FIELDS, readForm } from '../settings/settings.js';

/** The settings a new network starts from; the name and organizer are the user's to fill in. */
const NEW_NETWORK_DEFAULTS = {
  network_name: '', organizer_name: '', organizer_email: '', default_start: '15.00', default_end: '15.45',
  teams_url: '', time_zone: 'Europe/Stockholm', reminder_minutes: '15',
};

/** Where a message about a switch waits for the reloaded page. */
const SWITCH_MESSAGE_KEY = 'natverket:network-switched';

/**
 * After a switch the whole UI is loaded afresh on the new network's database (header, views and
 * their kept state alike), and this view says what happened.
 */
function reloadInto(message) {
  sessionStorage.setItem(SWITCH_MESSAGE_KEY, message);
  location.hash = '#/natverk';
  location.reload();
}

function networkList(api, networks, status) {
  return el('ul', { class: 'network-list' }, networks.map((network) => el('li', {
    class: network.current ? 'network network-current' : 'network',
    'aria-current': network.current ? 'true' : null,
  },
  el('div', { class: 'network-body' },
    el('p', { class: 'network-name' }, el('span', { text: network.name }),
      network.current ? el('span', { class: 'badge badge-current', text: 'Öppet nu' }) : null),
    el('p', { class: 'muted network-path', text: network.exists ? network.path : `${network.path} – filen saknas` })),
  network.current || !network.exists
    ? null
    : el('button', {
      type: 'button', class: 'button', text: 'Byt till nätverket', 'aria-label': `Byt till nätverket ${network.name}`,
      onclick: async (event) => {
        event.currentTarget.disabled = true;
        try {
          const switched = await api.switchNetwork(network.path);
          reloadInto(switched.message);
        } catch (error) {
          event.currentTarget.disabled = false;
          status.replaceChildren(errorBox(error, 'Nätverket kunde inte öppnas'));
        }
      },
    }))));
}

function newNetworkForm(api) {
  const form = el('form', { class: 'form', novalidate: true, 'aria-labelledby': 'network-new-heading' },
    FIELDS.map((setting) => field({
      id: `network-${setting.key}`, name: setting.key, label: setting.label, hint: setting.hint, type: setting.type,
      value: String(NEW_NETWORK_DEFAULTS[setting.key] ?? ''), short: setting.short,
      required: setting.key === 'network_name' || setting.key === 'organizer_name',
      autocomplete: setting.autocomplete ?? 'off',
      attributes: { inputmode: setting.inputmode, min: setting.min, max: setting.max },
    })),
    el('div', { class: 'form-actions' },
      el('button', { type: 'submit', class: 'button button-primary', text: 'Skapa nätverket' })),
    el('div', { class: 'form-status', 'aria-live': 'polite' }));
  onSubmit(form, async () => {
    const values = readForm(form);
    if (values.reminder_minutes < 0) {
      showFieldError(form, 'reminder_minutes', 'Påminnelsen ska vara ett heltal minuter, till exempel 15.');
      return;
    }
    const created = await api.createNetwork(values);
    reloadInto(created.message);
  }, { errorHeading: 'Nätverket skapades inte' });
  return form;
}

/** Builds the view. */
export async function render({ api }) {
  const { current_name: currentName, networks } = await api.listNetworks();
  const status = el('div', { class: 'form-status', 'aria-live': 'polite' });
  const switched = sessionStorage.getItem(SWITCH_MESSAGE_KEY);
  sessionStorage.removeItem(SWITCH_MESSAGE_KEY);
  if (switched) announce(switched);

  const openStatus = el('div', { class: 'form-status', 'aria-live': 'polite' });
  const chooseButton = el('button', {
    type: 'button', class: 'button button-primary', id: 'network-open-received', text: 'Välj filen du fått…',
    onclick: async () => {
      chooseButton.disabled = true;
      try {
        const preview = await api.previewReceivedNetwork();
        openStatus.replaceChildren(...(preview ? [receivedPreview(preview)] : []));
        openStatus.querySelector('.notice-title')?.focus();
      } catch (error) {
        openStatus.replaceChildren(errorBox(error, 'Filen kan inte öppnas som ett nätverk'));
      }
      chooseButton.disabled = false;
    },
  });

  /** What the chosen file holds and who sent it, with the buttons to open it or not. */
  function receivedPreview(preview) {
    const confirm = el('button', {
      type: 'button', class: 'button button-primary', id: 'network-open-confirm',
      text: preview.fingerprint ? 'Öppna nätverket och godkänn avsändaren som värd' : 'Öppna nätverket',
      onclick: async () => {
        confirm.disabled = true;
        try {
          const opened = await api.openReceivedNetwork();
          reloadInto(opened.message);
        } catch (error) {
          confirm.disabled = false;
          openStatus.replaceChildren(errorBox(error, 'Nätverket kunde inte öppnas'));
        }
      },
    });
    return el('div', { class: 'notice notice-info received-preview' },
      el('p', { class: 'notice-title', tabindex: '-1', text: `Nätverket ”${preview.network_name}”` }),
      el('p', { text: preview.summary }),
      preview.fingerprint
        ? el('p', {}, `Skickat av ${preview.sender_name}. Nyckelns fingeravtryck: `,
          el('code', { class: 'fingerprint', text: preview.fingerprint }),
          '. Jämför fingeravtrycket med avsändaren (till exempel i telefon eller Teams) innan du öppnar.')
        : null,
      el('div', { class: 'form-actions' }, confirm,
        el('button', { type: 'button', class: 'button', text: 'Avbryt', onclick: () => { openStatus.replaceChildren(); chooseButton.focus(); } })));
  }

  return el('div', { class: 'view view-networks' },
    el('h1', { tabindex: '-1', text: 'Nätverk' }),
    switched ? el('p', { class: 'notice notice-success', role: 'status', text: switched }) : null,
    el('p', { class: 'lead', text: `Du arbetar i nätverket ”${currentName}”. Är du med i flera nätverk har vart och ett egna medlemmar, träffar och exempel, i en egen databasfil. Byt nätverk här; appen öppnar det du använde senast nästa gång den startar.` }),
    el('section', { class: 'panel', 'aria-labelledby': 'networks-heading' },
      el('h2', { id: 'networks-heading', text: 'Dina nätverk' }),
      networkList(api, networks, status),
      status),
    el('section', { class: 'panel', 'aria-labelledby': 'network-new-heading' },
      el('h2', { id: 'network-new-heading', text: 'Skapa ett nytt nätverk' }),
      el('p', { text: 'Det nya nätverket får egna inställningar och börjar tomt: inga medlemmar, träffar, teman eller exempel. Du kan ändra allt i Inställningar efteråt.' }),
      newNetworkForm(api)),
    el('section', { class: 'panel', 'aria-labelledby': 'network-open-heading' },
      el('h2', { id: 'network-open-heading', text: 'Öppna ett nätverk du fått' }),
      el('p', { text: 'Har värdarna skickat nätverket till dig? Välj filen: en utbytesfil med hela nätverket (.natverk) eller en databasfil. Du ser vad filen innehåller och vem som skickat den innan något sparas. Nätverket öppnas sedan som ett eget nätverk här, och avsändaren av en utbytesfil godkänns som värd.' }),
      el('div', { class: 'form-actions' }, chooseButton),
      openStatus));
}
