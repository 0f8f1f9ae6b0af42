// Reads an .ics file with ical.js (Mozilla's, used by Thunderbird) or node-ical and prints what it understood as normalised JSON.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const [parser, path] = process.argv.slice(2);
const text = readFileSync(path, 'utf8');

const utc = (date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');
const address = (value) => String(value ?? '').replace(/^mailto:/i, '');

async function withIcalJs() {
  const ICAL = (await import('ical.js')).default;
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    const person = (property) => ({
      cn: property.getParameter('cn') ?? null,
      email: address(property.getFirstValue()),
      role: property.getParameter('role') ?? null,
      partstat: property.getParameter('partstat') ?? null,
      rsvp: property.getParameter('rsvp') ?? null,
    });
    const organizer = vevent.getFirstProperty('organizer');
    return {
      uid: event.uid,
      sequence: event.sequence ?? 0,
      status: vevent.getFirstPropertyValue('status') ?? '',
      summary: event.summary ?? '',
      description: event.description ?? '',
      location: event.location ?? '',
      url: vevent.getFirstPropertyValue('url') ?? '',
      // toJSDate resolves the time only through the file's own data, as Thunderbird does.
      start_utc: utc(event.startDate.toJSDate()),
      end_utc: utc(event.endDate.toJSDate()),
      organizer: organizer ? { cn: organizer.getParameter('cn') ?? null, email: address(organizer.getFirstValue()) } : null,
      attendees: vevent.getAllProperties('attendee').map(person),
      alarms: vevent.getAllSubcomponents('valarm').map((alarm) => alarm.getFirstPropertyValue('trigger').toString()),
    };
  });
  return { method: calendar.getFirstPropertyValue('method') ?? '', calname: calendar.getFirstPropertyValue('x-wr-calname') ?? '', events };
}

function withNodeIcal() {
  const ical = require('node-ical');
  const data = ical.sync.parseICS(text);
  const values = Object.values(data);
  const calendar = values.find((v) => v.type === 'VCALENDAR') ?? {};
  const list = (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
  const plain = (value) => (value && typeof value === 'object' && 'val' in value ? value.val : value ?? '');
  const events = values.filter((v) => v.type === 'VEVENT').map((event) => {
    const person = (value) => ({
      cn: value?.params?.CN ?? null,
      email: address(plain(value)),
      role: value?.params?.ROLE ?? null,
      partstat: value?.params?.PARTSTAT ?? null,
      rsvp: value?.params?.RSVP === undefined ? null : String(value.params.RSVP).toUpperCase(),
    });
    const alarms = Object.values(event).filter((v) => v && v.type === 'VALARM').map((a) => String(plain(a.trigger)));
    return {
      uid: event.uid,
      sequence: Number(event.sequence ?? 0),
      status: String(event.status ?? ''),
      summary: String(plain(event.summary)),
      description: String(plain(event.description)),
      location: String(plain(event.location)),
      url: String(plain(event.url)),
      start_utc: utc(event.start),
      end_utc: utc(event.end),
      organizer: event.organizer ? { cn: event.organizer.params?.CN ?? null, email: address(plain(event.organizer)) } : null,
      attendees: list(event.attendee).map(person),
      alarms,
    };
  });
  return { method: String(calendar.method ?? ''), calname: String(plain(calendar['WR-CALNAME']) ?? ''), events };
}

const result = parser === 'ical.js' ? await withIcalJs() : withNodeIcal();
process.stdout.write(JSON.stringify(result));
