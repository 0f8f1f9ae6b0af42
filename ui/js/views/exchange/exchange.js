// The Utbyte view: who this installation is, export a .natverk bundle, import one with a preview, and earlier conflicts.

import { announce, el, errorBox } from '../../dom.js';
import { loadLabels } from '../../labels.js';
import { fileChooser, fileImport } from '../../parts/file-import.js';
import { field, onSubmit } from '../../parts/form-field.js';
import { workProgress } from '../../parts/work-progress.js';

/** The progress part of exchange work (`id` names its bar); stopping keeps nothing of what was begun. */
function exchangeProgress(api, id) {
  return workProgress({
    id, action: 'cancel-exchange', listen: api.onExchangeProgress, cancel: api.cancelExchange, className: 'exchange-progress',
  });
}

/** At most this many rows per list in a preview; the counts always tell the whole story. */
const PREVIEW_ROWS = 50;

/** What each scope of an exchange file holds; the scopes' names come from the core (labels.js). */
const SCOPE_HINTS = {
  mine: 'Exemplen du har lagt in här, med teman och kontaktperson. Skicka till värdarna.',
  network: 'Inställningar, medlemmar, träffar, exempel, teman och närvaro. Värdarna skickar detta till medlemmarna.',
};

/** The form naming this installation's municipality and user in the bundles it writes. */
function identityPanel(api, identity, municipalities) {
  const status = el('div', { class: 'form-status', 'aria-live': 'polite' });
  const form = el('form', { class: 'panel form', novalidate: true, 'aria-labelledby': 'identity-heading' },
    el('h2', { id: 'identity-heading', text: 'Avsändare' }),
    el('p', { class: 'muted', text: 'Står i varje utbytesfil du skapar, så att mottagaren ser vem den kommer från.' }),
    field({
      id: 'identity-municipality', name: 'municipality_code', label: 'Din kommun', kind: 'select',
      hint: 'Exemplen du skickar visas under den här kommunen hos värdarna.', value: identity.municipality_code ?? '',
      options: [{ value: '', label: '(ingen kommun vald)' },
        ...[...municipalities].sort((a, b) => a.name.localeCompare(b.name, 'sv')).map((m) => ({ value: m.code, label: m.name }))],
    }),
    field({
      id: 'identity-author', name: 'author_name', label: 'Ditt namn', hint: 'Till exempel Anna Andersson, enhetschef.',
      value: identity.author_name, autocomplete: 'name',
    }),
    el('div', { class: 'form-actions' }, el('button', { type: 'submit', class: 'button', text: 'Spara avsändare' })),
    status);
  onSubmit(form, async () => {
    await api.saveInstallationIdentity(form.elements.municipality_code.value, form.elements.author_name.value);
    status.replaceChildren(el('p', { class: 'notice notice-success', text: 'Avsändaren är sparad.' }));
    announce('Avsändaren är sparad.');
  }, { errorHeading: 'Avsändaren sparades inte' });
  return form;
}

const ENTITY_COUNT_LABELS = {
  network: ['nätverksinställningar', 'nätverksinställningar'],
  themes: ['tema', 'teman'],
  members: ['medlem', 'medlemmar'],
  meetings: ['träff', 'träffar'],
  examples: ['exempel', 'exempel'],
  presentations: ['presentation', 'presentationer'],
  attendance: ['närvaronotering', 'närvaronoteringar'],
};

function countsText(counts) {
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([entity, n]) => `${n} ${(ENTITY_COUNT_LABELS[entity] ?? ['post', 'poster'])[n === 1 ? 0 : 1]}`);
  return parts.length ? parts.join(', ') : 'inga poster';
}

/** Export: what to include, with or without contact data; the file is saved where the user chooses. */
function exportPanel(api, labels) {
  const result = el('div', { class: 'exchange-result', 'aria-live': 'polite' });
  const radios = labels.choices('exchange_scope').map((scope, index) => field({
    id: `scope-${scope.value}`, name: 'scope', kind: 'radio', value: scope.value, checked: index === 0,
    label: scope.label, hint: SCOPE_HINTS[scope.value], withError: false, wrapperClass: 'choice',
  }));
  const contactsField = field({
    id: 'export-contacts', name: 'contacts', kind: 'checkbox', label: 'Med kontaktuppgifter', withError: false, wrapperClass: 'choice',
    hint: 'Tar med medlemmarnas e-post och telefon. Utan bocken lämnas de utanför och mottagarens egna kontaktuppgifter ändras inte. Anteckningar om medlemmar följer aldrig med.',
  });
  const contacts = contactsField.querySelector('input');
  const recipientField = field({
    id: 'export-recipient', name: 'recipient', label: 'Mottagare (valfritt)', autocomplete: 'email',
    hint: 'Skriv vem filen ska till, till exempel e-postadressen. Då innehåller den bara det som ändrats sedan förra filen till samma mottagare (första gången allt). Lämna tomt för en hel fil.',
  });
  const progress = exchangeProgress(api, 'export-progress');
  const form = el('form', { class: 'panel form', novalidate: true, 'aria-labelledby': 'export-heading' },
    el('h2', { id: 'export-heading', text: 'Skicka' }),
    el('fieldset', { class: 'choices' }, el('legend', { text: 'Vad ska filen innehålla?' }), radios),
    contactsField,
    recipientField,
    el('div', { class: 'form-actions' }, el('button', { type: 'submit', class: 'button button-primary', 'data-action': 'export-bundle', text: 'Skapa utbytesfil' })),
    progress.element,
    result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    result.replaceChildren();
    try {
      const scope = form.querySelector('input[name="scope"]:checked')?.value ?? 'mine';
      progress.start('Skriver utbytesfilen');
      const saved = await api.exportBundle(scope, contacts.checked, form.elements.recipient.value).finally(() => progress.stop());
      if (saved) {
        const since = saved.summary.changes_since ? ` Bara ändringarna sedan förra filen till mottagaren (${saved.summary.changes_since}).` : '';
        const text = `Filen innehåller ${countsText(saved.summary.counts)}${saved.summary.contacts_included ? '' : ', utan kontaktuppgifter'}.${since}`;
        result.replaceChildren(el('div', { class: 'notice notice-success bundle-saved', role: 'status' },
          el('p', { class: 'notice-title', text: 'Utbytesfilen är sparad.' }),
          el('p', {}, 'Filen finns här: ', el('span', { class: 'path saved-path', text: saved.path })),
          el('p', { text }),
          el('p', { text: 'Skicka den som bilaga i e-post eller Teams, eller lägg den i er delade mapp.' })));
        announce(`Utbytesfilen är sparad. ${text}`);
      }
    } catch (error) {
      result.replaceChildren(errorBox(error, 'Utbytesfilen kunde inte skapas'));
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

function sourceText(source, labels) {
  const who = [source.author_name, source.municipality_name].filter(Boolean).join(', ') || `installation ${source.installation_id}`;
  const when = new Date(source.exported_at);
  const date = Number.isNaN(when.getTime()) ? source.exported_at : when.toLocaleString('sv-SE', { dateStyle: 'long', timeStyle: 'short' }).replace(':', '.');
  const scope = labels.label('exchange_scope', source.scope);
  return `Från ${who}, skapad ${date} (${scope}).`;
}

/** Who signed a previewed file: an accepted sender, or a new one with the key's fingerprint and the
 * question whether to accept them (as a host when the file holds the whole network). */
function senderPanel(sender, id, onAccept) {
  if (sender.status !== 'new') {
    const role = sender.is_host ? 'värd' : 'avsändare';
    return el('p', { class: 'sender-accepted', text: `Godkänd ${role}. Fingeravtryck: ${sender.fingerprint}.` });
  }
  const accept = field({
    id, kind: 'checkbox', withError: false, wrapperClass: 'field field-checkbox',
    label: sender.host_required ? 'Fingeravtrycket stämmer: godkänn avsändaren som värd' : 'Fingeravtrycket stämmer: godkänn avsändaren',
  });
  accept.querySelector('input').addEventListener('change', (event) => onAccept(event.target.checked));
  return el('div', { class: 'notice notice-warning sender-new' },
    el('p', { class: 'notice-title', text: 'Ny avsändare' }),
    el('p', {}, 'Nyckelns fingeravtryck: ', el('code', { class: 'fingerprint', text: sender.fingerprint })),
    el('p', { text: 'Jämför fingeravtrycket med avsändaren, till exempel per telefon, innan du godkänner. Därefter känns avsändaren igen, och en fil med en annan nyckel tas inte emot.' }),
    accept);
}

function summaryText(report) {
  return `${report.added.length} nya, ${report.updated.length} uppdaterade, ${report.deleted.length} borttagna, ${report.conflicts.length} konflikter, ${report.skipped.length} hoppas över, ${report.unchanged} oförändrade.`;
}

function valueText(value) {
  if (value === null || value === undefined || value === '') return '(tomt)';
  return Array.isArray(value) ? value.map(valueText).join(', ') : String(value);
}

function changeRows(report) {
  const groups = [
    ['create', 'Ny', report.added],
    ['update', 'Uppdateras', report.updated],
    ['rejected', 'Tas bort', report.deleted],
  ];
  const rows = [];
  for (const [badge, label, changes] of groups) {
    for (const change of changes.slice(0, PREVIEW_ROWS)) {
      rows.push(el('tr', {},
        el('td', {}, el('span', { class: `badge badge-${badge}`, text: label })),
        el('td', { text: change.entity_label }),
        el('td', { text: change.label })));
    }
    if (changes.length > PREVIEW_ROWS) {
      rows.push(el('tr', {}, el('td', { colspan: '3', class: 'muted', text: `… och ${changes.length - PREVIEW_ROWS} till (${label.toLowerCase()}).` })));
    }
  }
  for (const skipped of report.skipped.slice(0, PREVIEW_ROWS)) {
    rows.push(el('tr', {},
      el('td', {}, el('span', { class: 'badge badge-unchanged', text: 'Hoppas över' })),
      el('td', { text: skipped.entity_label }),
      el('td', { text: `${skipped.label} – ${skipped.reason}` })));
  }
  if (!rows.length) return el('p', { class: 'muted', text: 'Inga poster ändras.' });
  return el('table', { class: 'data-table exchange-changes' },
    el('caption', { class: 'visually-hidden', text: 'Poster som ändras' }),
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col', text: 'Vad som händer' }),
      el('th', { scope: 'col', text: 'Typ' }),
      el('th', { scope: 'col', text: 'Post' }))),
    el('tbody', {}, rows));
}

function conflictList(conflicts) {
  if (!conflicts.length) return null;
  return el('div', { class: 'exchange-conflicts' },
    el('h4', { text: 'Konflikter: ändrade både här och hos avsändaren sedan förra utbytet' }),
    el('p', { class: 'muted', text: 'Den senast ändrade versionen behålls. Den andra sparas och visas under Konflikter nedan, så inget försvinner.' }),
    el('ul', { class: 'conflict-list' }, conflicts.slice(0, PREVIEW_ROWS).map((conflict) => {
      const kept = conflict.winner === 'incoming' ? 'avsändarens version' : 'din version';
      const what = conflict.local_deleted ? 'Borttagen här men ändrad hos avsändaren.'
        : conflict.incoming_deleted ? 'Ändrad här men borttagen hos avsändaren.' : null;
      return el('li', { class: 'conflict' },
        el('p', { class: 'conflict-title' }, el('strong', { text: `${conflict.entity_label}: ${conflict.label}` }), ` – ${kept} behålls.`),
        what ? el('p', { text: what }) : null,
        conflict.differences.length ? el('dl', { class: 'facts conflict-fields' },
          conflict.differences.filter((d) => d.field !== 'updated_at').flatMap((d) => [
            el('dt', { text: d.field }),
            el('dd', { text: `Här: ${valueText(d.local)} · Hos avsändaren: ${valueText(d.incoming)}` }),
          ])) : null);
    })));
}

function nothingToImport(preview) {
  return preview.added.length + preview.updated.length + preview.deleted.length === 0 && preview.conflicts.length === 0;
}

/** Import: choose a .natverk file, see what is added, updated, deleted and what conflicts, then apply. */
function importPanel(api, labels, onImported) {
  const progress = exchangeProgress(api, 'import-progress');
  let previewed = null;
  let accepted = false;
  const bundleImport = fileImport({
    choose: fileChooser({
      id: 'bundle-file',
      kind: 'bundle',
      api,
      label: 'Importera en utbytesfil (.natverk)',
      hint: 'Du ser vad som läggs till, ändras, tas bort och vad som krockar innan något sparas.',
    }),
    preview: (file) => api.previewBundleImport(file.id),
    summary: summaryText,
    details: (preview) => {
      previewed = preview;
      accepted = false;
      return [
        el('p', { class: 'bundle-source', text: sourceText(preview.source, labels) }),
        senderPanel(preview.sender, 'accept-sender', (checked) => {
          accepted = checked;
          const apply = document.querySelector("[data-action='apply-bundle-import']");
          if (apply) apply.disabled = !checked || nothingToImport(preview);
        }),
        preview.notices.map((notice) => el('p', { class: 'notice notice-info', text: notice })),
        changeRows(preview),
        conflictList(preview.conflicts),
      ];
    },
    action: 'apply-bundle-import',
    applyButton: (preview) => {
      const nothing = nothingToImport(preview);
      return { text: nothing ? 'Inget att importera' : 'Importera ändringarna', disabled: nothing || preview.sender.status === 'new' };
    },
    apply: (file) => {
      progress.start('Läser in utbytesfilen');
      return api.applyBundleImport(file.id, accepted, accepted && Boolean(previewed?.sender.host_required)).finally(() => progress.stop());
    },
    doneText: (done) => `Importen är klar: ${summaryText(done)}`,
    onApplied: onImported,
    resultClass: 'exchange-result import-result',
  });
  return el('section', { class: 'panel', 'aria-labelledby': 'import-heading' },
    el('h2', { id: 'import-heading', text: 'Ta emot' }),
    bundleImport.chooser,
    progress.element,
    bundleImport.result);
}

function storedConflictsPanel(overview) {
  if (!overview.conflict_count) return null;
  const describe = (version) => {
    if (version === 'deleted') return 'borttagen';
    try {
      const record = JSON.parse(version);
      return record.title ?? record.name ?? record.description ?? record.status ?? version;
    } catch {
      return version;
    }
  };
  return el('section', { class: 'panel', 'aria-labelledby': 'conflicts-heading' },
    el('h2', { id: 'conflicts-heading', text: `Konflikter (${overview.conflict_count})` }),
    el('p', { class: 'muted', text: overview.conflict_count > overview.conflicts.length ? `De ${overview.conflicts.length} senaste visas.` : 'Versioner som inte behölls vid en import, så att du kan föra över något för hand.' }),
    el('table', { class: 'data-table stored-conflicts' },
      el('caption', { class: 'visually-hidden', text: 'Sparade konflikter' }),
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col', text: 'Post' }),
        el('th', { scope: 'col', text: 'Behölls' }),
        el('th', { scope: 'col', text: 'Behölls inte' }),
        el('th', { scope: 'col', text: 'Upptäckt' }))),
      el('tbody', {}, overview.conflicts.map((c) => el('tr', {},
        el('td', { text: c.label }),
        el('td', { text: describe(c.kept_version) }),
        el('td', { text: describe(c.lost_version) }),
        el('td', { text: c.detected_at.slice(0, 10) }))))));
}

/** One line per file in a sync folder: who sent it and what it changes (or why it cannot be read). */
function syncFileItems(report, labels) {
  return report.files.map((file) => {
    const name = file.file.split(/[\\/]/).pop();
    const skipped = file.report?.skipped ?? [];
    return el('li', {},
      el('strong', { text: name }), ' – ',
      file.error ? el('span', { class: 'field-error-text', text: file.error })
        : `${sourceText(file.report.source, labels)} ${summaryText(file.report)}`,
      file.report?.sender.status === 'new'
        ? el('span', { class: 'sender-new' }, ' Ny avsändare, fingeravtryck ', el('code', { class: 'fingerprint', text: file.report.sender.fingerprint }), '.')
        : null,
      skipped.length ? el('ul', {}, skipped.slice(0, PREVIEW_ROWS).map((item) =>
        el('li', { text: `${item.entity_label}: ${item.label} – ${item.reason}` }))) : null);
  });
}

/** What to say when a sync run found no file to read: none at all, or only files read before. */
function noNewFiles(report) {
  return report.unopened > 0
    ? `Inga nya filer från de andra installationerna (${report.unopened} lästa tidigare öppnades inte).`
    : 'Inga andra installationers filer fanns i mappen ännu.';
}

/** Sync-folder mode: pick a folder the municipality already syncs, see what the others' files there
 * would change, then merge them and write ours. */
function syncPanel(api, labels, onSynced) {
  const contacts = el('input', { type: 'checkbox' });
  const result = el('div', { class: 'sync-result', 'aria-live': 'polite' });
  const button = el('button', { type: 'button', class: 'button', 'data-action': 'sync-folder', text: 'Synkronisera med en mapp …' });
  const progress = exchangeProgress(api, 'sync-progress');

  let acceptNew = null;

  async function apply(applyButton) {
    applyButton.disabled = true;
    try {
      progress.start('Synkroniserar');
      const report = await api.applySyncFolder(contacts.checked, Boolean(acceptNew?.checked)).finally(() => progress.stop());
      const items = syncFileItems(report, labels);
      const written = !report.written
        ? 'Inget hade ändrats här sedan din förra fil, så ingen ny fil skrevs.'
        : report.read_positions_only
          ? `Inget hade ändrats här, men din fil säger hur långt du har läst de andras filer, så att de kan ta bort gamla filer: ${report.written}`
          : `Din fil (${report.full ? 'allt' : 'ändringarna'}): ${report.written}`;
      result.replaceChildren(
        el('p', { class: 'notice notice-success', role: 'status', text: `Synkroniseringen är klar. ${written}` }),
        items.length ? el('ul', { class: 'sync-files' }, items) : el('p', { class: 'muted', text: noNewFiles(report) }));
      announce('Synkroniseringen är klar.');
      onSynced?.();
    } catch (error) {
      result.replaceChildren(errorBox(error, 'Synkroniseringen misslyckades'));
      applyButton.disabled = false;
    }
  }

  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      progress.start('Läser de andras nya filer');
      const preview = await api.previewSyncFolder().finally(() => progress.stop());
      if (!preview) return;
      const items = syncFileItems(preview, labels);
      const newSenders = preview.files.some((file) => file.report?.sender.status === 'new');
      const acceptField = newSenders ? field({
        id: 'accept-sync-senders', kind: 'checkbox', withError: false, wrapperClass: 'field field-checkbox',
        label: 'Fingeravtrycken stämmer: godkänn de nya avsändarna som värdar',
        hint: 'Jämför varje ny avsändares fingeravtryck med avsändaren innan du godkänner. Filer från avsändare du inte godkänner läses inte in.',
      }) : null;
      acceptNew = acceptField?.querySelector('input') ?? null;
      const applyButton = el('button', { type: 'button', class: 'button button-primary', 'data-action': 'apply-sync', text: 'Genomför synkroniseringen' });
      applyButton.addEventListener('click', () => apply(applyButton));
      const heading = el('h3', { class: 'sync-preview-heading', tabindex: '-1', text: 'Förhandsgranskning av synkmappen' });
      result.replaceChildren(
        heading,
        el('p', { class: 'muted', text: 'Inget har ändrats ännu. Så här skulle de andras nya filer ändra din databas; därefter läggs det som ändrats hos dig i mappen.' }),
        items.length ? el('ul', { class: 'sync-files' }, items) : el('p', { class: 'muted', text: noNewFiles(preview) }),
        acceptField,
        el('div', { class: 'form-actions' }, applyButton));
      heading.focus();
      announce('Förhandsgranskningen av synkmappen är klar.');
    } catch (error) {
      result.replaceChildren(errorBox(error, 'Synkmappen kunde inte läsas'));
    } finally {
      button.disabled = false;
    }
  });
  return el('section', { class: 'panel', 'aria-labelledby': 'sync-heading' },
    el('h2', { id: 'sync-heading', text: 'Synkmapp' }),
    el('p', { class: 'muted', text: 'Välj en mapp som din kommun redan delar (OneDrive, SharePoint, Nextcloud). Du ser först vad de andras nya filer skulle ändra; sedan läses de in och det som ändrats hos dig läggs i mappen (första gången allt). Filer du redan läst öppnas inte igen.' }),
    field({ id: 'sync-contacts', kind: 'checkbox', label: 'Med kontaktuppgifter i min fil (e-post och telefon)', control: contacts, withError: false, wrapperClass: 'field field-checkbox' }),
    el('div', { class: 'form-actions' }, button),
    progress.element,
    result);
}

export async function render({ api }) {
  const [overview, municipalities, labels] = await Promise.all([api.exchangeOverview(), api.listMunicipalities(), loadLabels(api)]);
  const container = el('div', { class: 'exchange-view' });
  const conflictsSlot = el('div', {});
  const refreshConflicts = async () => {
    try {
      conflictsSlot.replaceChildren(storedConflictsPanel(await api.exchangeOverview()) ?? '');
    } catch (error) {
      conflictsSlot.replaceChildren(errorBox(error, 'Konflikterna kunde inte visas'));
    }
  };
  conflictsSlot.replaceChildren(storedConflictsPanel(overview) ?? '');
  container.append(
    el('h1', { tabindex: '-1', text: 'Utbyte' }),
    el('p', { class: 'lead', text: 'Skicka dina exempel till värdarna och ta emot hela nätverket tillbaka – som fil i e-post, Teams eller en delad mapp. Samma fil två gånger ändrar ingenting, och inget skrivs över utan att du ser det först.' }),
    exportPanel(api, labels),
    importPanel(api, labels, refreshConflicts),
    syncPanel(api, labels, refreshConflicts),
    conflictsSlot,
    identityPanel(api, overview.identity, municipalities));
  return container;
}
