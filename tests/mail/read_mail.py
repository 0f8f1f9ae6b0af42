# Reads a received .eml with Python's `email` package and prints its structure as JSON; writes its calendar part to an .ics beside it.
#
# Usage: read_mail.py FILE.eml  ->  {"from", "to", "subject", "x_unsent", "structure", "calendar": {...}, ...}
# The calendar part is saved as FILE.eml.ics so the four calendar parsers can read it.
import email
import json
import sys
from email import policy


def main():
    path = sys.argv[1]
    with open(path, "rb") as handle:
        message = email.message_from_binary_file(handle, policy=policy.default)
    structure = []
    calendars = []
    attachments = []
    plain = []
    for part in message.walk():
        structure.append(part.get_content_type())
        if part.get_content_type() == "text/calendar":
            calendars.append({
                "method": part.get_param("method"),
                "charset": part.get_content_charset(),
                "text": part.get_content(),
            })
        elif part.get_content_disposition() == "attachment":
            attachments.append({"filename": part.get_filename(), "type": part.get_content_type(),
                                "text": part.get_content().decode("utf-8") if isinstance(part.get_content(), bytes)
                                else part.get_content()})
        elif part.get_content_type() == "text/plain":
            plain.append(part.get_content())
    if calendars:
        with open(path + ".ics", "w", encoding="utf-8", newline="") as out:
            out.write(calendars[0]["text"])
    print(json.dumps({
        "from": str(message["From"]),
        "sender": str(message["Sender"]) if message["Sender"] else None,
        "to": str(message["To"]),
        "bcc": str(message["Bcc"]) if message["Bcc"] else None,
        "subject": str(message["Subject"]),
        "x_unsent": message["X-Unsent"],
        "structure": structure,
        "calendars": [{"method": c["method"], "charset": c["charset"]} for c in calendars],
        "calendar_text": calendars[0]["text"] if calendars else None,
        "attachments": attachments,
        "plain": plain,
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
