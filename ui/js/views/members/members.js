// The Medlemmar view: the member register with search, add/edit form, CSV import with preview, export and GDPR actions.

import { announce, el, errorBox, pagedList } from '../../dom.js';
import { loadLabels } from '../../labels.js';
import { fileChooser, fileImport } from '../../parts/file-import.js';
import { field, onSubmit } from '../../parts/form-field.js';

/** How many members the list shows at once; searching narrows it down. */
const PAGE_SIZE = 50;
/** Preview rows shown at first and per click on "Visa fler rader". */
const PREVIEW_PAGE = 50;

/** A field of the member form: ids `member-<name>`, `member-<name>-hint`, `member-<name>-error`. */
function memberField(name, options) {
  return field({ id: `member-${name}`, name, ...options });
}

/** The municipality is chosen from the controlled list of 290, grouped by region. */
function municipalityField(municipalities, value) {
  const regions = new Map();
  for (const m of municipalities) {
    if (!regions.has(m.region_code)) regions.set(m.region_code, { group: m.region_name, options: [] });
    regions.get(m.region_code).options.push({ value: m.code, label: m.display_name });
  }
  return memberField('municipality_code', {
    label: 'Kommun', hint: 'Alla 290 kommuner, ordnade efter län.', kind: 'select', value,
    options: [{ value: '', label: 'Välj kommun …' }, ...regions.values()],
  });
}

function memberForm(member, municipalities, labels) {
  const v = member ?? { network_role: 'member', status: 'interested' };
  return el('form', { class: 'form member-form', novalidate: true, 'aria-labelledby': 'member-form-heading' },
    el('h2', { id: 'member-form-heading', tabindex: '-1', text: member ? `Ändra ${member.name}` : 'Lägg till medlem' }),
    memberField('name', { label: 'Namn', value: v.name, autocomplete: 'name' }),
    memberField('title', { label: 'Titel eller roll i kommunen', hint: 'Till exempel socialchef eller enhetschef.', value: v.title, autocomplete: 'organization-title' }),
    municipalityField(municipalities, v.municipality_code ?? ''),
    memberField('email', { label: 'E-post i arbetet', type: 'email', hint: 'Till exempel anna.svensson@kommun.se. Varje medlem har en egen adress.', value: v.email, autocomplete: 'email' }),
    memberField('phone', { label: 'Telefon (frivilligt)', type: 'tel', value: v.phone, autocomplete: 'tel' }),
    el('fieldset', { class: 'fieldset' },
      el('legend', { text: 'Medlemskap i FSS' }),
      memberField('fss_member', { label: 'Personen är medlem i FSS', kind: 'checkbox', checked: Boolean(v.fss_member) }),
      memberField('fss_verified_on', { label: 'Medlemskapet kontrollerades', hint: 'Datum som ÅÅÅÅ-MM-DD. Kontrollera minst en gång per år.', value: v.fss_verified_on, short: true, attributes: { class: 'input-date' } })),
    memberField('status', { label: 'Status', hint: 'Bara medlemmar i FSS kan vara aktiva. Den som inte är medlem kan sparas som intresserad.', kind: 'select', value: v.status,
      options: labels.choices('member_status') }),
    memberField('network_role', { label: 'Roll i nätverket', kind: 'select', value: v.network_role,
      options: labels.choices('network_role') }),
    memberField('joined_on', { label: 'Gick med (frivilligt)', hint: 'Datum som ÅÅÅÅ-MM-DD.', value: v.joined_on, short: true, attributes: { class: 'input-date' } }),
    memberField('notes', { label: 'Anteckningar (frivilligt)', hint: 'Skriv bara det som behövs för nätverket.', kind: 'textarea', rows: 3, value: v.notes }),
    el('div', { class: 'form-actions' },
      el('button', { type: 'submit', class: 'button button-primary', text: member ? 'Spara ändringar' : 'Lägg till medlem' }),
      el('button', { type: 'button', class: 'button', 'data-action': 'cancel', text: 'Avbryt' })),
    el('div', { class: 'form-status', 'aria-live': 'polite' }));
}

function readMemberForm(form) {
  const data = new FormData(form);
  const text = (key) => String(data.get(key) ?? '');
  return {
    name: text('name'), title: text('title'), municipality_code: text('municipality_code'), email: text('email'),
    phone: text('phone'), fss_member: form.elements.fss_member.checked, fss_verified_on: text('fss_verified_on'),
    network_role: text('network_role'), status: text('status'), joined_on: text('joined_on'), notes: text('notes'),
  };
}



function memberRow(member, labels, onEdit) {
  return el('tr', { 'data-member-id': member.id },
    el('th', { scope: 'row' },
      el('span', { class: 'member-name', text: member.name }),
      member.title ? el('span', { class: 'member-title', text: member.title }) : null),
    el('td', { text: member.municipality_name }),
    el('td', { class: 'member-email', text: member.email ?? '' }),
    el('td', {},
      el('span', { class: `badge badge-status badge-${member.status}`, text: labels.title('member_status', member.status) }),
      member.network_role === 'host' ? el('span', { class: 'badge badge-host', text: labels.title('network_role', 'host') }) : null),
    el('td', {},
      member.fss_member ? 'Ja' : 'Nej',
      member.membership_warning ? el('span', { class: 'badge badge-warning', title: member.membership_warning, text: 'Kontrollera' }) : null),
    el('td', {}, el('button', { type: 'button', class: 'button button-small', 'aria-label': `Ändra ${member.name}`, text: 'Ändra', onclick: () => onEdit(member) })));
}

function matches(member, query) {
  if (!query) return true;
  const haystack = [member.name, member.title, member.email ?? '', member.municipality_name].join(' ').toLocaleLowerCase('sv');
  return query.toLocaleLowerCase('sv').split(/\s+/).every((word) => haystack.includes(word));
}

function previewRow(row, labels) {
  return el('tr', { class: `outcome-${row.outcome}`, 'data-row': String(row.row_number) },
    el('td', { text: String(row.row_number) }),
    el('td', {}, el('span', { class: `badge badge-outcome-${row.outcome}`, text: labels.title('member_import_outcome', row.outcome) })),
    el('td', { text: row.name }),
    el('td', { text: row.email }),
    el('td', { text: row.municipality_name }),
    el('td', { class: 'import-reasons', text: row.reasons.join(' ') }));
}

/** The preview, rejected rows first (they need the user), then the rest in file order, a page at a time. */
function previewTable(preview, labels) {
  const rejectedFirst = (row) => (row.outcome === 'reject' ? 0 : 1);
  const rows = [...preview.rows].sort((a, b) => rejectedFirst(a) - rejectedFirst(b) || a.row_number - b.row_number);
  const body = el('tbody');
  const more = pagedList(body, rows, (row) => previewRow(row, labels), PREVIEW_PAGE, 'Visa fler rader');
  return [
    el('table', { class: 'data-table import-preview' },
      el('caption', { class: 'visually-hidden', text: 'Förhandsgranskning av importen, rad för rad' }),
      el('thead', {}, el('tr', {}, ['Rad', 'Utfall', 'Namn', 'E-post', 'Kommun', 'Orsak'].map((h) => el('th', { scope: 'col', text: h })))),
      body),
    more,
  ];
}

/** Builds the Medlemmar view. */
export async function render({ api }) {
  const [initialMembers, municipalities, labels] = await Promise.all([api.listMembers(), api.listMunicipalities(), loadLabels(api)]);
  let members = initialMembers;
  let query = '';

  const lead = el('p', { class: 'lead' });
  const listStatus = el('div', { 'aria-live': 'polite' });
  const tableBody = el('tbody');
  const membersTable = el('table', { class: 'data-table members-table' },
    el('thead', {}, el('tr', {}, ['Namn', 'Kommun', 'E-post', 'Status', 'FSS-medlem', el('span', { class: 'visually-hidden', text: 'Åtgärd' })]
      .map((h) => el('th', { scope: 'col' }, h)))),
    tableBody);
  const listFooter = el('p', { class: 'muted list-footer' });
  const formArea = el('div', { class: 'member-form-area' });
  const exportStatus = el('div', { class: 'export-status', 'aria-live': 'polite' });

  async function reload() {
    members = await api.listMembers();
    showList();
  }

  function showList() {
    const active = members.filter((m) => m.status === 'active').length;
    const toCheck = members.filter((m) => m.membership_warning).length;
    lead.textContent = `${members.length} ${members.length === 1 ? 'medlem' : 'medlemmar'}, varav ${active} ${active === 1 ? 'aktiv' : 'aktiva'}. `
      + 'Varje deltagare i nätverket måste vara medlem i FSS.'
      + (toCheck ? ` ${toCheck} ${toCheck === 1 ? 'medlemskap behöver' : 'medlemskap behöver'} kontrolleras igen.` : '');
    const found = members.filter((m) => matches(m, query));
    tableBody.replaceChildren(...found.slice(0, PAGE_SIZE).map((m) => memberRow(m, labels, openForm)));
    membersTable.hidden = !found.length;
    if (!members.length) listFooter.textContent = 'Inga medlemmar ännu. Lägg till en medlem eller importera en lista från Excel.';
    else if (!found.length) listFooter.textContent = `Ingen medlem matchar ”${query}”.`;
    else if (found.length > PAGE_SIZE) listFooter.textContent = `Visar ${PAGE_SIZE} av ${found.length}. Sök för att hitta fler.`;
    else listFooter.textContent = `Visar ${found.length} av ${members.length}.`;
  }

  function closeForm() {
    formArea.replaceChildren();
    addButton.focus();
  }

  function gdprPanel(member) {
    const output = el('div', { class: 'gdpr-output', 'aria-live': 'polite' });
    const confirmArea = el('div');
    const confirmAction = (text, buttonText, action) => {
      confirmArea.replaceChildren(el('div', { class: 'notice notice-warning', role: 'alertdialog', 'aria-labelledby': 'gdpr-confirm-text' },
        el('p', { id: 'gdpr-confirm-text', text }),
        el('div', { class: 'form-actions' },
          el('button', { type: 'button', class: 'button button-danger', 'data-action': 'confirm', text: buttonText, onclick: action }),
          el('button', { type: 'button', class: 'button', text: 'Avbryt', onclick: () => confirmArea.replaceChildren() }))));
      confirmArea.querySelector('[data-action="confirm"]').focus();
    };
    const done = async (message) => {
      formArea.replaceChildren();
      await reload();
      listStatus.replaceChildren(el('p', { class: 'notice notice-success', text: message }));
      announce(message);
    };
    const failed = (error) => output.replaceChildren(errorBox(error, 'Åtgärden kunde inte utföras'));
    return el('section', { class: 'gdpr', 'aria-labelledby': 'gdpr-heading' },
      el('h3', { id: 'gdpr-heading', text: 'Personuppgifter (GDPR)' }),
      el('p', { class: 'field-hint', text: 'Registerutdrag visar allt som finns lagrat om personen. Anonymisering tar bort personuppgifterna men behåller kommunens exempel.' }),
      el('div', { class: 'form-actions' },
        el('button', { type: 'button', class: 'button', 'data-action': 'extract', text: 'Visa registerutdrag', onclick: async () => {
          try {
            const text = await api.memberExtract(member.id);
            output.replaceChildren(el('pre', { class: 'extract', tabindex: '0', 'aria-label': 'Registerutdrag', text }),
              el('button', { type: 'button', class: 'button', text: 'Spara utdraget som fil …', onclick: async () => {
                try {
                  const path = await api.saveMemberExtract(member.id);
                  if (path) { output.append(el('p', { class: 'notice notice-success', text: `Utdraget är sparat i ${path}.` })); announce('Utdraget är sparat.'); }
                } catch (error) { failed(error); }
              } }));
          } catch (error) { failed(error); }
        } }),
        el('button', { type: 'button', class: 'button button-danger-outline', 'data-action': 'anonymise', text: 'Anonymisera …', onclick: () => confirmAction(
          `Anonymisera ${member.name}? Namn, e-post, telefon, titel och anteckningar tas bort för gott. Kommunens exempel finns kvar.`,
          'Ja, anonymisera', async () => {
            try { await api.anonymiseMember(member.id); await done(`${member.name} är anonymiserad.`); } catch (error) { failed(error); }
          }) }),
        el('button', { type: 'button', class: 'button button-danger-outline', 'data-action': 'delete', text: 'Radera …', onclick: () => confirmAction(
          `Radera ${member.name} helt? Närvaro och värdskap tas bort. Exempel och presentationer finns kvar utan kontaktperson.`,
          'Ja, radera', async () => {
            try { await api.deleteMember(member.id); await done(`${member.name} är raderad.`); } catch (error) { failed(error); }
          }) })),
      confirmArea, output);
  }

  /** A member who just became active is offered the invitations to every upcoming meeting in one step. */
  async function offerUpcomingInvitations(saved) {
    const count = await api.upcomingInvitationCount(saved.id).catch(() => 0);
    if (!count) return;
    const outcome = el('div', { 'aria-live': 'polite' });
    const button = el('button', { type: 'button', class: 'button', 'data-action': 'invite-to-upcoming',
      text: count === 1 ? 'Skicka inbjudan till den kommande träffen' : `Skicka inbjudningar till de ${count} kommande träffarna` });
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const done = await api.inviteMemberToUpcoming(saved.id);
        if (!done) return;
        outcome.textContent = done.report
          ? `${done.report.delivered} av ${done.report.results.length} inbjudningar levererades till ${saved.name}.`
            + done.report.results.filter((r) => !r.delivered).map((r) => ` ${r.name}: ${r.reason}`).join('')
          : `${done.drafts} utkast (.eml) sparades i ${done.drafts_folder}. Öppna dem i e-postprogrammet och skicka.`;
      } catch (error) {
        outcome.replaceChildren(errorBox(error, 'Inbjudningarna skickades inte'));
      } finally {
        button.disabled = false;
      }
    });
    listStatus.append(el('div', { class: 'notice notice-info upcoming-invitations' },
      el('p', { text: `${saved.name} är aktiv och har inte fått inbjudningarna till de träffar som redan är planerade.` }),
      button, outcome));
  }

  function openForm(member) {
    memberImport.clear();
    const form = memberForm(member, municipalities, labels);
    form.querySelector('[data-action="cancel"]').addEventListener('click', closeForm);
    onSubmit(form, async () => {
      const values = readMemberForm(form);
      const saved = member ? await api.updateMember(member.id, values) : await api.createMember(values);
      formArea.replaceChildren();
      await reload();
      const message = member ? `Ändringarna för ${saved.name} är sparade.` : `${saved.name} är tillagd.`;
      listStatus.replaceChildren(el('p', { class: 'notice notice-success', text: message }));
      announce(message);
      if (saved.membership_warning) listStatus.append(el('p', { class: 'notice notice-warning', text: saved.membership_warning }));
      if (saved.status === 'active' && member?.status !== 'active') await offerUpcomingInvitations(saved);
    }, { errorHeading: 'Medlemmen sparades inte' });
    formArea.replaceChildren(el('div', { class: 'panel' }, form, member ? gdprPanel(member) : null));
    if (member?.membership_warning) form.querySelector('.fieldset').prepend(el('p', { class: 'notice notice-warning', text: member.membership_warning }));
    form.querySelector('h2').focus();
  }

  const memberImport = fileImport({
    choose: fileChooser({
      id: 'member-import-file',
      kind: 'members',
      api,
      label: 'Välj en medlemslista (CSV)',
      hint: 'Spara listan i Excel som CSV. Första raden ska ha kolumnrubriker, till exempel Namn;Titel;Kommun;E-post;FSS-medlem;Status. Du ser vad som händer med varje rad innan något sparas; en befintlig e-postadress uppdaterar medlemmen.',
    }),
    preview: (file) => api.previewMemberImport(file.id),
    summary: (preview) => `${preview.added} läggs till, ${preview.updated} uppdateras, ${preview.rejected} avvisas.`,
    details: (preview) => [
      el('p', { class: 'muted', text: `Filen lästes som ${preview.encoding} med ”${preview.separator}” mellan kolumnerna.`
        + (preview.ignored_columns.length ? ` Kolumner som inte används: ${preview.ignored_columns.join(', ')}.` : '') }),
      preview.rejected ? el('p', { class: 'notice notice-warning', text: 'Avvisade rader importeras inte. Rätta dem i filen och importera den igen, eller importera bara de godkända raderna.' }) : null,
      el('div', { class: 'table-scroll' }, previewTable(preview, labels)),
    ],
    action: 'apply-import',
    applyButton: (preview) => {
      const good = preview.added + preview.updated;
      return { text: `Importera ${good} ${good === 1 ? 'rad' : 'rader'}`, disabled: good === 0 };
    },
    apply: (file, preview) => api.applyMemberImport(file.id, preview.token),
    doneText: (result) => `Importen är klar. Tillagda: ${result.added}, uppdaterade: ${result.updated}`
      + (result.rejected ? `, avvisade rader som inte importerades: ${result.rejected}.` : '.'),
    onApplied: reload,
    resultClass: 'import-area',
    applyFailed: 'Inget importerades',
  });

  const addButton = el('button', { type: 'button', class: 'button button-primary', 'data-action': 'add-member', text: 'Lägg till medlem', onclick: () => openForm(null) });
  const exportButton = el('button', { type: 'button', class: 'button', 'data-action': 'export', text: 'Exportera till Excel …', onclick: async () => {
    try {
      const result = await api.exportMembers();
      if (result) {
        const message = `${result.count} medlemmar exporterades till ${result.path}.`;
        exportStatus.replaceChildren(el('p', { class: 'notice notice-success', text: message }));
        announce(message);
      }
    } catch (error) { exportStatus.replaceChildren(errorBox(error, 'Exporten misslyckades')); }
  } });
  const searchInput = el('input', { type: 'search', autocomplete: 'off' });
  searchInput.addEventListener('input', () => { query = searchInput.value.trim(); showList(); });

  showList();
  return el('div', { class: 'view view-members' },
    el('h1', { tabindex: '-1', text: 'Medlemmar' }),
    lead,
    el('div', { class: 'toolbar' }, addButton, exportButton),
    exportStatus,
    formArea,
    el('section', { class: 'panel', 'aria-labelledby': 'members-list-heading' },
      el('h2', { id: 'members-list-heading', text: 'Medlemsregister' }),
      field({ id: 'member-search', label: 'Sök bland medlemmarna', hint: 'Namn, titel, e-post eller kommun.', control: searchInput, withError: false, wrapperClass: 'field search-field' }),
      listStatus,
      el('div', { class: 'table-scroll' },
        membersTable),
      listFooter),
    el('section', { class: 'panel', 'aria-labelledby': 'import-heading' },
      el('h2', { id: 'import-heading', text: 'Importera från Excel' }),
      memberImport.chooser,
      memberImport.result));
}
