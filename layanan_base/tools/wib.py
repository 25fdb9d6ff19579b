"""Western Indonesian Time (WIB, Asia/Jakarta): our users' clock.

Odoo stores datetimes as naive UTC; our business rules (opening hours, "today", the
dates on a letter) and everything a user reads are in WIB. These helpers are the only
place that converts."""

import datetime
import functools

import babel.dates
import pytz

from odoo.tools.misc import babel_locale_parse

WIB = pytz.timezone("Asia/Jakarta")

# Parsed once: a list of 80 bookings formats 240 dates, and parsing the locale and the
# pattern at each call cost as much as the formatting itself.
DAY_PATTERN = babel.dates.parse_pattern("EEEE, d MMMM y, HH.mm")
DATE_PATTERN = babel.dates.parse_pattern("EEEE, d MMMM y")
LETTER_DATE_PATTERN = babel.dates.parse_pattern("d MMMM y")
TIME_PATTERN = babel.dates.parse_pattern("HH.mm")
babel_locale = functools.lru_cache(maxsize=32)(babel_locale_parse)


def to_wib(dt):
    """A naive UTC datetime (as Odoo stores it) as an aware WIB datetime. The last
    hours of year 9999 (UTC) are in year 10000 in Jakarta: they become datetime.max."""
    try:
        return pytz.utc.localize(dt).astimezone(WIB)
    except OverflowError:
        return WIB.localize(datetime.datetime.max)


def from_wib(local):
    """A naive WIB datetime (typed in a form) as naive UTC. ValueError for one that has
    no UTC (0001-01-01 00:00 WIB is in year 0)."""
    try:
        return WIB.localize(local).astimezone(pytz.utc).replace(tzinfo=None)
    except OverflowError:
        raise ValueError(local) from None


def wib_now():
    return datetime.datetime.now(WIB)


def wib_today():
    """Today's date in WIB: a to-do made in the morning is due today, not yesterday."""
    return wib_now().date()


def wib_day_bounds(day):
    """The naive UTC start and end of the WIB day `day` (a date): [start, stop)."""
    start = WIB.localize(datetime.datetime.combine(day, datetime.time.min))
    stop = start + datetime.timedelta(days=1)
    return (
        start.astimezone(pytz.utc).replace(tzinfo=None),
        stop.astimezone(pytz.utc).replace(tzinfo=None),
    )


def format_wib(dt, lang=None, with_date=True):
    """``Senin, 23 November 2026, 09.00 WIB`` (``09.00 WIB`` without the date), in the
    language `lang` (Indonesian by default); "" for no date."""
    if not dt:
        return ""
    locale = babel_locale(lang or "id_ID")
    pattern = DAY_PATTERN if with_date else TIME_PATTERN
    return f"{pattern.apply(to_wib(dt), locale)} WIB"


def format_wib_date(day, lang=None):
    """``Senin, 7 Desember 2026``: a date (or the WIB date of a naive UTC datetime)."""
    if not day:
        return ""
    if isinstance(day, datetime.datetime):
        day = to_wib(day)
    return DATE_PATTERN.apply(day, babel_locale(lang or "id_ID"))


def format_wib_period(start, stop, lang=None):
    """``Senin, 23 November 2026, 09.00 - 12.00 WIB``; the end's date is repeated when
    the period ends on another day."""
    if not (start and stop):
        return ""
    locale = babel_locale(lang or "id_ID")
    start, stop = to_wib(start), to_wib(stop)
    end_pattern = TIME_PATTERN if start.date() == stop.date() else DAY_PATTERN
    return f"{DAY_PATTERN.apply(start, locale)} - {end_pattern.apply(stop, locale)} WIB"


def format_letter_date(day, lang=None):
    """A date as a letter gives it under its place of issue: 7 Desember 2026."""
    if not day:
        return ""
    return LETTER_DATE_PATTERN.apply(day, babel_locale(lang or "id_ID"))
