// The "Ny träff" page: schedule one meeting, with live warnings about holidays, klämdagar, weekends and overlaps.

import { announce, el } from '../../dom.js';
import { onSubmit } from '../../parts/form-field.js';
import { hostPicker, liveWarnings, readHosts, readSchedule, scheduleFields } from './meeting-form.js';

export async function render({ api }) {
  const [settings, members] = await Promise.all([api.getSettings(), api.listActiveMembers()]);
  const defaults = {
    title: 'Nätverksträff – första linjens socialtjänst',
    date: '',
    start: settings.default_start,
    end: settings.default_end,
    teams_url: settings.teams_url,
    agenda: '',
  };
  const warnings = el('div', { class: 'live-warnings', 'aria-live': 'polite' });
  const form = el('form', { class: 'panel form', novalidate: true, 'aria-labelledby': 'new-meeting-heading', id: 'new-meeting-form' },
    el('h2', { id: 'new-meeting-heading', text: 'Tid och plats' }),
    scheduleFields('new-meeting', defaults),
    hostPicker('new-meeting', members),
    warnings,
    el('div', { class: 'form-actions' },
      el('button', { type: 'submit', class: 'button button-primary', text: 'Lägg in träffen' }),
      el('a', { class: 'button', href: '#/traffar', text: 'Avbryt' })),
    el('div', { class: 'form-status', 'aria-live': 'polite' }));
  liveWarnings(form, warnings, api);

  onSubmit(form, async () => {
    const { meeting, warnings: found } = await api.scheduleMeeting(readSchedule(form), readHosts(form));
    announce(found.length
      ? `Träffen är inlagd. Observera: ${found.map((w) => w.message).join(' ')}`
      : 'Träffen är inlagd.');
    location.hash = `#/traffar/${encodeURIComponent(meeting.id)}`;
  }, { errorHeading: 'Träffen lades inte in' });

  return el('div', { class: 'view view-meeting-new' },
    el('p', { class: 'breadcrumb' }, el('a', { href: '#/traffar', text: '← Alla träffar' })),
    el('h1', { tabindex: '-1', text: 'Ny träff' }),
    el('p', { class: 'lead', text: 'Start och slut är förifyllda från inställningarna. Appen varnar för helgdagar, klämdagar, helger och krockar med andra träffar.' }),
    form);
}
