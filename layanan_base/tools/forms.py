"""What a portal or public form posts, read once for the three services: numbers,
record ids, WIB dates and times, and uploaded files. Each reader raises ValueError (or
returns a neutral value) for anything else; the model method that takes the form turns
that into a message in words."""

import datetime
import re

from .wib import from_wib

# ASCII digits only: "²" or "٣" are digits to Python's int() and isdigit(), no number here
INT_RE = re.compile(r"-?[0-9]{1,30}")
MAX_ID = 2**31 - 1  # PostgreSQL's integer


def form_text(post, name):
    """The posted text of `name`, stripped ("" when missing or sent as a file)."""
    value = post.get(name)
    return value.strip() if isinstance(value, str) else ""


def parse_int(value):
    """A whole number typed in a form; 0 when empty; ValueError otherwise."""
    value = value.strip() if isinstance(value, str) else str(value if value is not None else "")
    if not value:
        return 0
    if not INT_RE.fullmatch(value):
        raise ValueError(value)
    return int(value)


def parse_id(value):
    """A record id from a form or URL, or 0 when it cannot be one."""
    try:
        value = parse_int(value)
    except ValueError:
        return 0
    return value if 0 < value <= MAX_ID else 0


def parse_wib_datetime(value):
    """``2026-11-25T09:00`` (a datetime-local input, in WIB) as naive UTC; ValueError for
    anything else."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(value)
    return from_wib(datetime.datetime.strptime(value.strip()[:16], "%Y-%m-%dT%H:%M"))


def parse_wib_day_time(day, hour):
    """``2026-11-30`` and ``09:00`` (WIB) as naive UTC; ValueError for anything else."""
    if not (isinstance(day, str) and isinstance(hour, str)):
        raise ValueError(day)
    try:
        local = datetime.datetime.combine(
            datetime.date.fromisoformat(day.strip()), datetime.time.fromisoformat(hour.strip())
        )
    except (TypeError, ValueError):
        raise ValueError(day) from None
    return from_wib(local)


def read_upload(upload, max_bytes):
    """(bytes, file name) of an uploaded file, or (None, None) when none was sent.
    Reads at most one byte more than `max_bytes`, so that a huge upload is not read
    whole to be refused: the caller compares the length with its limit."""
    if not upload or not getattr(upload, "filename", None):
        return None, None
    data = upload.read(max_bytes + 1)
    name = "".join(ch for ch in upload.filename if ch.isprintable()).strip()[:200]
    return data, name or "document"
