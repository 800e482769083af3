"""The iCalendar (RFC 5545) file of a workshop, written by hand: escaped text, folded lines,
CRLF line ends, UTC times; the agenda as plain text (a calendar shows no Markdown), and a
signed link by which invitees without an account can fetch the file."""
from roadmap.accounts.tokens import TokenError, make_token, read_token
from roadmap.core.plaintext import markdown_to_text
from roadmap.core.timeutil import utcnow
from roadmap.territories.service import slugify
from roadmap.workshops.times import utc_to_paris

CALENDAR_LINK_PURPOSE = "workshop-calendar"
CALENDAR_LINK_MAX_AGE = 365 * 24 * 3600  # a programme's year: the link lives as long as the calendar entry

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
    description = markdown_to_text(workshop.agenda)
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


def calendar_filename(workshop):
    """A French name a person recognises in their downloads: atelier-2026-12-15-mobilite.ics."""
    day = utc_to_paris(workshop.starts_at).date().isoformat()
    return f"atelier-{day}-{slugify(workshop.title)[:60].strip('-') or 'atelier'}.ics"


def calendar_key(workshop):
    return make_token(CALENDAR_LINK_PURPOSE, workshop.id)


def workshop_of_key(key):
    """The workshop id a calendar link was made for, or None (tampered, or older than a year)."""
    try:
        return read_token(CALENDAR_LINK_PURPOSE, key, CALENDAR_LINK_MAX_AGE)
    except TokenError:
        return None
