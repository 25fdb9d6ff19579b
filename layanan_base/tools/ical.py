"""iCalendar (RFC 5545) text for the calendar feeds, written directly: a feed of a
year's bookings is a few thousand short lines, which a library would only slow down."""

import re
from datetime import UTC, datetime

# a content line longer than this many octets (without its CRLF) is folded
LINE_OCTETS = 75
# the control characters TEXT may not hold (all but the tab), dropped
CONTROL_CHARACTERS = dict.fromkeys([*range(0x09), *range(0x0A, 0x20), 0x7F])
FORBIDDEN = re.compile("[\x00-\x08\x0a-\x1f\x7f]")


def ical_escape(value):
    """TEXT as RFC 5545 3.3.11 writes it: backslash, semicolon and comma escaped, a
    line break as \\n; the other control characters (which it forbids) dropped."""
    text = str(value or "")
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return text.translate(CONTROL_CHARACTERS) if FORBIDDEN.search(text) else text


def ical_fold(line):
    """`line` folded (RFC 5545 3.1): no physical line longer than 75 octets, each
    continuation starting with a space; never inside a UTF-8 character."""
    data = line.encode()
    if len(data) <= LINE_OCTETS:
        return line
    parts, start, limit = [], 0, LINE_OCTETS
    while start < len(data):
        end = min(start + limit, len(data))
        # back off to the first byte of a character (continuation bytes are 10xxxxxx)
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1
        parts.append(data[start:end].decode())
        start, limit = end, LINE_OCTETS - 1  # the leading space is an octet too
    return "\r\n ".join(parts)


def ical_datetime(value):
    """A naive UTC datetime (as Odoo stores them) as an iCalendar UTC date-time."""
    return "%04d%02d%02dT%02d%02d%02dZ" % (  # noqa: UP031 (strftime: 3 times slower)
        value.year,
        value.month,
        value.day,
        value.hour,
        value.minute,
        value.second,
    )


def ical_calendar(name, events, now=None):
    """The text of a VCALENDAR named `name` with `events`: dicts with uid, start, stop
    (naive UTC), summary and optionally location, description, status, stamp."""
    stamp = ical_datetime(now or datetime.now(UTC).replace(tzinfo=None))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Layanan Publik//Kalender//ID",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ical_escape(name)}",
        "X-WR-TIMEZONE:Asia/Jakarta",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
    ]
    for event in events:
        lines.append("BEGIN:VEVENT")
        lines.append(f"UID:{event['uid']}")
        lines.append(f"DTSTAMP:{ical_datetime(event['stamp']) if event.get('stamp') else stamp}")
        lines.append(f"DTSTART:{ical_datetime(event['start'])}")
        lines.append(f"DTEND:{ical_datetime(event['stop'])}")
        lines.append(f"SUMMARY:{ical_escape(event['summary'])}")
        if event.get("location"):
            lines.append(f"LOCATION:{ical_escape(event['location'])}")
        if event.get("description"):
            lines.append(f"DESCRIPTION:{ical_escape(event['description'])}")
        lines.append(f"STATUS:{event.get('status') or 'CONFIRMED'}")
        if event.get("transparent"):
            lines.append("TRANSP:TRANSPARENT")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(ical_fold(line) for line in lines) + "\r\n"
