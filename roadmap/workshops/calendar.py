"""The iCalendar (RFC 5545) file of a workshop, written by hand: escaped text, folded lines,
CRLF line ends, UTC times."""
from roadmap.core.timeutil import utcnow

CRLF = "\r\n"


def escape_text(value):
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n"))


def _utc(moment):
    return moment.strftime("%Y%m%dT%H%M%SZ")


def fold(line):
    """Lines longer than 75 octets continue on the next line after a space (never inside a character)."""
    out, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        limit = 75 if not out else 74
        if len(current) + len(encoded) > limit:
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return (CRLF + " ").join(out)


def workshop_ics(workshop, url, host):
    location = ", ".join(p for p in (workshop.place, workshop.online_url) if p)
    description = workshop.agenda or ""
    if workshop.online_url:
        description = f"{workshop.online_url}\n\n{description}".strip()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Feuille de route//Workshops//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:workshop-{workshop.id}@{escape_text(host)}",
        f"DTSTAMP:{_utc(utcnow())}",
        f"DTSTART:{_utc(workshop.starts_at)}",
        f"DTEND:{_utc(workshop.ends_at)}",
        f"LAST-MODIFIED:{_utc(workshop.updated_at or workshop.created_at)}",
        f"SUMMARY:{escape_text(workshop.title)}",
        f"LOCATION:{escape_text(location)}" if location else None,
        f"DESCRIPTION:{escape_text(description)}" if description else None,
        f"URL:{url}",
        "STATUS:CONFIRMED",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return CRLF.join(fold(line) for line in lines if line is not None) + CRLF
