// The Inställningar view's e-mail server panel: SMTP host, port, protection, account and delivery; the password goes to the OS keyring, never the database.

import { el } from '../../dom.js';
import { field, formStatus, onSubmit } from '../../parts/form-field.js';
import { loadLabels } from '../../labels.js';

const PASSWORD_STATE = {
  not_needed: 'Inget lösenord behövs (inget användarnamn angivet).',
  from_environment: 'Lösenordet kommer från NATVERK_SMTP_PASSWORD.',
  in_keyring: 'Lösenordet är sparat i datorns nyckelring.',
  missing: 'Inget lösenord är sparat. Skriv det här, eller när du skickar.',
  no_keyring: 'Datorn har ingen nyckelring: lösenordet sparas inte, appen frågar efter det när du skickar och minns det tills den stängs.',
};

function passwordText(status) {
  const text = PASSWORD_STATE[status.password] ?? '';
  return status.password_in_memory && status.password !== 'in_keyring' ? `${text} Ett lösenord finns i minnet för den här sessionen.` : text;
}

/** The SMTP settings form. */
export async function smtpPanel(api) {
  const [status, labels] = await Promise.all([api.getSmtpSettings(), loadLabels(api)]);
  const { settings } = status;
  const passwordStatus = el('p', { class: 'field-hint', 'data-testid': 'smtp-password-state', text: passwordText(status) });
  const form = el('form', { class: 'panel form', novalidate: true, 'aria-labelledby': 'smtp-heading', id: 'smtp-form' },
    el('h2', { id: 'smtp-heading', text: 'E-postserver för inbjudningar' }),
    el('p', { class: 'muted', text: 'Med en e-postserver skickar appen inbjudningar, avbokningar och påminnelser direkt. Utan den sparar du inbjudan som utkast och skickar från ditt e-postprogram.' }),
    field({ id: 'smtp-host', name: 'smtp_host', label: 'Server (SMTP)', hint: 'Till exempel smtp.office365.com eller smtp.kommun.se.', value: settings.host }),
    field({ id: 'smtp-port', name: 'smtp_port', label: 'Port', type: 'number', short: true, value: String(settings.port), attributes: { inputmode: 'numeric', min: '1', max: '65535' } }),
    field({ id: 'smtp-security', name: 'smtp_security', label: 'Anslutningsskydd', kind: 'select', options: labels.choices('smtp_security'), value: settings.security }),
    field({ id: 'smtp-user', name: 'smtp_user', label: 'Användarnamn', hint: 'Oftast din e-postadress. Tomt om servern inte kräver inloggning.', value: settings.username, autocomplete: 'username' }),
    field({ id: 'smtp-password', name: 'smtp_password', label: 'Lösenord', type: 'password', hint: 'Sparas i datorns nyckelring, aldrig i appens databas. Lämna tomt för att behålla det som finns.', autocomplete: 'new-password' }),
    passwordStatus,
    field({ id: 'smtp-from', name: 'smtp_from', label: 'Avsändaradress', type: 'email', hint: 'Adressen kontot skickar från, om den inte är arrangörens. Tomt: arrangörens adress.', value: settings.from_address, autocomplete: 'email' }),
    field({ id: 'smtp-delivery', name: 'smtp_delivery', label: 'Utskick', kind: 'select', options: labels.choices('smtp_delivery'), value: settings.delivery }),
    el('div', { class: 'form-actions' },
      el('button', { type: 'submit', class: 'button button-primary', text: 'Spara e-postserver' }),
      el('button', { type: 'button', class: 'button', 'data-action': 'forget-smtp-password', text: 'Glöm lösenordet' })),
    el('div', { class: 'form-status', 'aria-live': 'polite' }));

  onSubmit(form, async () => {
    const data = new FormData(form);
    const port = Number(String(data.get('smtp_port') ?? '').trim());
    const saved = await api.saveSmtpSettings({
      host: String(data.get('smtp_host') ?? ''),
      port: Number.isInteger(port) && port > 0 && port < 65536 ? port : 0,
      security: String(data.get('smtp_security') ?? 'starttls'),
      username: String(data.get('smtp_user') ?? ''),
      from_address: String(data.get('smtp_from') ?? ''),
      delivery: String(data.get('smtp_delivery') ?? 'each'),
    }, String(data.get('smtp_password') ?? '') || null);
    form.elements.smtp_password.value = '';
    passwordStatus.textContent = passwordText(saved);
    formStatus(form, 'success', 'E-postservern är sparad.');
  }, { errorHeading: 'E-postservern sparades inte' });
  form.querySelector('[data-action="forget-smtp-password"]').addEventListener('click', async () => {
    try {
      passwordStatus.textContent = passwordText(await api.forgetSmtpPassword());
      formStatus(form, 'success', 'Lösenordet är borttaget.');
    } catch (error) {
      formStatus(form, 'error', error.message);
    }
  });
  return form;
}
