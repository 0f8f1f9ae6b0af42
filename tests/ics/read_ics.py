# Reads an .ics file with python `icalendar` or `vobject` and prints what it understood as normalised JSON.
import json
import sys
from datetime import datetime, timezone


def utc(value):
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return "floating:" + value.isoformat()
        return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return "date:" + value.isoformat()


def address(value):
    text = str(value)
    return text[7:] if text.lower().startswith("mailto:") else text


def with_icalendar(data):
    import icalendar

    calendar = icalendar.Calendar.from_ical(data)
    events = []
    for event in calendar.walk("VEVENT"):
        attendees = event.get("ATTENDEE", [])
        if not isinstance(attendees, list):
            attendees = [attendees]
        organizer = event.get("ORGANIZER")
        alarms = [str(a.get("TRIGGER").to_ical().decode()) for a in event.walk("VALARM")]
        events.append({
            "uid": str(event.get("UID")),
            "sequence": int(event.get("SEQUENCE", 0)),
            "status": str(event.get("STATUS", "")),
            "summary": str(event.get("SUMMARY", "")),
            "description": str(event.get("DESCRIPTION", "")),
            "location": str(event.get("LOCATION", "")),
            "url": str(event.get("URL", "")),
            "start_utc": utc(event.decoded("DTSTART")),
            "end_utc": utc(event.decoded("DTEND")),
            "organizer": None if organizer is None else {"cn": organizer.params.get("CN"), "email": address(organizer)},
            "attendees": [
                {"cn": a.params.get("CN"), "email": address(a), "role": a.params.get("ROLE"),
                 "partstat": a.params.get("PARTSTAT"), "rsvp": a.params.get("RSVP")}
                for a in attendees
            ],
            "alarms": alarms,
        })
    return {"method": str(calendar.get("METHOD", "")), "calname": str(calendar.get("X-WR-CALNAME", "")), "events": events}


def with_vobject(data):
    import vobject

    calendar = vobject.readOne(data.decode("utf-8"))
    events = []
    for event in calendar.contents.get("vevent", []):
        def text(name):
            lines = event.contents.get(name)
            return str(lines[0].value) if lines else ""

        def person(line):
            return {"cn": line.params.get("CN", [None])[0], "email": address(line.value),
                    "role": line.params.get("ROLE", [None])[0], "partstat": line.params.get("PARTSTAT", [None])[0],
                    "rsvp": line.params.get("RSVP", [None])[0]}

        organizer = event.contents.get("organizer")
        alarms = []
        for alarm in event.contents.get("valarm", []):
            trigger = alarm.contents["trigger"][0]
            alarms.append(trigger.serialize().strip().split(":", 1)[1])
        events.append({
            "uid": text("uid"),
            "sequence": int(text("sequence") or 0),
            "status": text("status"),
            "summary": text("summary"),
            "description": text("description"),
            "location": text("location"),
            "url": text("url"),
            "start_utc": utc(event.dtstart.value),
            "end_utc": utc(event.dtend.value),
            "organizer": None if not organizer else {"cn": organizer[0].params.get("CN", [None])[0], "email": address(organizer[0].value)},
            "attendees": [person(line) for line in event.contents.get("attendee", [])],
            "alarms": alarms,
        })
    method = calendar.contents.get("method")
    calname = calendar.contents.get("x-wr-calname")
    return {"method": str(method[0].value) if method else "", "calname": str(calname[0].value) if calname else "", "events": events}


if __name__ == "__main__":
    parser, path = sys.argv[1], sys.argv[2]
    with open(path, "rb") as handle:
        data = handle.read()
    read = {"icalendar": with_icalendar, "vobject": with_vobject}[parser]
    print(json.dumps(read(data), ensure_ascii=False))
