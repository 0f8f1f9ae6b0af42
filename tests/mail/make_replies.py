# Writes the REPLY fixtures in tests/mail/fixtures/replies/ with python icalendar and vobject, shaped like Outlook's, Google's and Thunderbird's answers.
#
# Run with the test venv: target/ics-parsers/venv/bin/python tests/mail/make_replies.py
# The UID is the seeded meeting of 2024-01-24; the addresses are members in the core's reply tests.
import os
from datetime import datetime, timezone
from email.message import EmailMessage

import icalendar
import vobject
from dateutil import tz

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "replies")
UID = "a0fbe4d4-ffd4-5a1d-860c-5c78d26f2d78@natverket.fss.se"
ORGANIZER = "mailto:natverk@fss.se"
START = datetime(2024, 1, 24, 14, 0, tzinfo=timezone.utc)
END = datetime(2024, 1, 24, 14, 45, tzinfo=timezone.utc)


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as out:
        out.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def outlook_reply(email, name, partstat, stamp, sequence=0, subject_prefix="Accepterat"):
    """Exchange/Outlook: Windows zone names, X-MICROSOFT-CDO-*, a COMMENT, ORGANIZER present."""
    calendar = icalendar.Calendar()
    calendar.add("method", "REPLY")
    calendar.add("prodid", "Microsoft Exchange Server 2010")
    calendar.add("version", "2.0")
    zone = icalendar.Timezone()
    zone.add("tzid", "W. Europe Standard Time")
    standard = icalendar.TimezoneStandard()
    standard.add("dtstart", datetime(1601, 1, 1, 3, 0))
    standard.add("tzoffsetfrom", icalendar.vUTCOffset.from_ical("+0200"))
    standard.add("tzoffsetto", icalendar.vUTCOffset.from_ical("+0100"))
    zone.add_component(standard)
    calendar.add_component(zone)
    event = icalendar.Event()
    attendee = icalendar.vCalAddress(f"mailto:{email}")
    attendee.params["PARTSTAT"] = partstat
    attendee.params["CN"] = name
    event.add("attendee", attendee)
    event.add("comment", "Hälsningar från Outlook", parameters={"LANGUAGE": "sv-SE"})
    event.add("summary", f"{subject_prefix}: Nätverksträff – första linjens socialtjänst", parameters={"LANGUAGE": "sv-SE"})
    event.add("dtstart", datetime(2024, 1, 24, 15, 0), parameters={"TZID": "W. Europe Standard Time"})
    event.add("dtend", datetime(2024, 1, 24, 15, 45), parameters={"TZID": "W. Europe Standard Time"})
    event.add("uid", UID)
    organizer = icalendar.vCalAddress(ORGANIZER)
    organizer.params["CN"] = "Föreningen Sveriges Socialchefer (FSS)"
    event.add("organizer", organizer)
    event.add("class", "PUBLIC")
    event.add("priority", 5)
    event.add("dtstamp", stamp)
    event.add("transp", "OPAQUE")
    event.add("status", "CONFIRMED")
    event.add("sequence", sequence)
    event.add("location", "Microsoft Teams", parameters={"LANGUAGE": "sv-SE"})
    event.add("x-microsoft-cdo-appt-sequence", str(sequence))
    event.add("x-microsoft-cdo-busystatus", "BUSY")
    event.add("x-microsoft-cdo-importance", "1")
    calendar.add_component(event)
    return calendar.to_ical()


def outlook_mail(calendar_bytes, sender, subject):
    """The message Outlook sends with its reply: text/plain and text/calendar; method=REPLY, base64."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "Föreningen Sveriges Socialchefer (FSS) <natverk@fss.se>"
    message["Subject"] = subject
    message["Content-Class"] = "urn:content-classes:calendarmessage"
    message.set_content("Jag kommer gärna.\n")
    message.add_alternative(calendar_bytes, maintype="text", subtype="calendar",
                            params={"method": "REPLY", "charset": "utf-8"}, cte="base64")
    return bytes(message)


def google_reply(email, partstat, stamp):
    """Google Calendar: UTC times, CN equal to the address, X-NUM-GUESTS, written with vobject."""
    calendar = vobject.iCalendar()
    calendar.add("prodid").value = "-//Google Inc//Google Calendar 70.9054//EN"
    calendar.add("method").value = "REPLY"
    calendar.add("calscale").value = "GREGORIAN"
    event = calendar.add("vevent")
    utc = tz.tzutc()  # vobject names only dateutil's UTC as Z
    event.add("dtstart").value = START.replace(tzinfo=utc)
    event.add("dtend").value = END.replace(tzinfo=utc)
    event.add("dtstamp").value = stamp.replace(tzinfo=utc)
    organizer = event.add("organizer")
    organizer.value = ORGANIZER
    organizer.params["CN"] = ["Föreningen Sveriges Socialchefer (FSS)"]
    event.add("uid").value = UID
    attendee = event.add("attendee")
    attendee.value = f"mailto:{email}"
    attendee.params.update({"CUTYPE": ["INDIVIDUAL"], "ROLE": ["REQ-PARTICIPANT"], "PARTSTAT": [partstat],
                            "CN": [email], "X-NUM-GUESTS": ["0"]})
    event.add("created").value = datetime(2024, 1, 10, 9, 0, tzinfo=utc)
    event.add("description").value = ""
    event.add("last-modified").value = stamp.replace(tzinfo=utc)
    event.add("location").value = "Microsoft Teams"
    event.add("sequence").value = "0"
    event.add("status").value = "CONFIRMED"
    event.add("summary").value = "Nätverksträff – första linjens socialtjänst"
    event.add("transp").value = "OPAQUE"
    return calendar.serialize()


def thunderbird_reply(email, name, partstat, stamp):
    """Thunderbird (Lightning): Europe/Stockholm with VTIMEZONE, RSVP on the attendee, and no ORGANIZER."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "REPLY")
    zone = icalendar.Timezone()
    zone.add("tzid", "Europe/Stockholm")
    standard = icalendar.TimezoneStandard()
    standard.add("tzname", "CET")
    standard.add("dtstart", datetime(1970, 10, 25, 3, 0))
    standard.add("tzoffsetfrom", icalendar.vUTCOffset.from_ical("+0200"))
    standard.add("tzoffsetto", icalendar.vUTCOffset.from_ical("+0100"))
    zone.add_component(standard)
    calendar.add_component(zone)
    event = icalendar.Event()
    event.add("created", datetime(2024, 1, 11, 8, 0, tzinfo=timezone.utc))
    event.add("last-modified", stamp)
    event.add("dtstamp", stamp)
    event.add("uid", UID)
    event.add("summary", "Nätverksträff – första linjens socialtjänst")
    attendee = icalendar.vCalAddress(f"mailto:{email}")
    attendee.params.update({"RSVP": "TRUE", "CN": name, "PARTSTAT": partstat, "ROLE": "REQ-PARTICIPANT"})
    event.add("attendee", attendee)
    event.add("dtstart", datetime(2024, 1, 24, 15, 0), parameters={"TZID": "Europe/Stockholm"})
    event.add("dtend", datetime(2024, 1, 24, 15, 45), parameters={"TZID": "Europe/Stockholm"})
    event.add("sequence", 0)
    calendar.add_component(event)
    return calendar.to_ical()


def main():
    os.makedirs(HERE, exist_ok=True)
    stamp = datetime(2024, 1, 12, 10, 15, tzinfo=timezone.utc)
    accepted = outlook_reply("asa.oberg@are.se", "Åsa Öberg", "ACCEPTED", stamp)
    write("outlook-accepted.eml", outlook_mail(accepted, "Åsa Öberg <asa.oberg@are.se>",
                                               "Accepterat: Nätverksträff – första linjens socialtjänst"))
    # Åsa changes her mind a day later: the later DTSTAMP wins whatever order the files come in.
    later = datetime(2024, 1, 13, 8, 0, tzinfo=timezone.utc)
    write("outlook-changed-to-tentative.ics",
          outlook_reply("asa.oberg@are.se", "Åsa Öberg", "TENTATIVE", later, subject_prefix="Preliminärt"))
    write("google-declined.ics", google_reply("bo.ek@stockholm.se", "DECLINED", stamp))
    write("thunderbird-tentative-no-organizer.ics",
          thunderbird_reply("cecilia.lund@malmo.se", "Cecilia Lund", "TENTATIVE", stamp))
    write("google-not-a-member.ics", google_reply("okand.person@example.se", "ACCEPTED", stamp))
    unknown_uid = google_reply("bo.ek@stockholm.se", "ACCEPTED", stamp).replace(UID, "okand-handelse@example.com")
    write("google-unknown-uid.ics", unknown_uid)


if __name__ == "__main__":
    main()
