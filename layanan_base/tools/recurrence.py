"""Recurring bookings: the occurrences of a repeated period, in WIB.

A weekly coordination meeting, a monthly event: the first period repeats daily, weekly
(on chosen weekdays) or monthly (the same day of the month; a month without that day is
skipped), until a date (inclusive, in WIB) or for a number of occurrences, at most
MAX_OCCURRENCES. Pure functions: no database."""

import calendar
import datetime

import babel.dates

from .wib import from_wib, to_wib

FREQUENCIES = ("daily", "weekly", "monthly")
MAX_OCCURRENCES = 100
# a rule that never meets its end is stopped after this many days of search
MAX_SPAN_DAYS = 3 * 366


def occurrences(start, stop, frequency, until=None, count=None, weekdays=None):
    """[(start, stop)] naive UTC, the first period first, then each repetition at the
    same WIB time. `weekdays` (0 = Monday) for weekly: the first period's own weekday
    when empty. ValueError in English words a caller translates: no end (or a negative
    count), too many, or repetitions that overlap one another."""
    if frequency not in FREQUENCIES:
        raise ValueError("frequency")
    if (not until and not count) or (count and count < 0):
        raise ValueError("end")
    if count and count > MAX_OCCURRENCES:
        raise ValueError("count")
    first, last = to_wib(start).replace(tzinfo=None), to_wib(stop).replace(tzinfo=None)
    length = last - first
    weekdays = set(weekdays or ()) or {first.weekday()}
    wanted = count or MAX_OCCURRENCES + 1
    found = []
    for day in _days(first, frequency, weekdays):
        if until and day.date() > until:
            break
        if (day - first).days > MAX_SPAN_DAYS:
            break
        found.append((from_wib(day), from_wib(day + length)))
        if len(found) >= wanted:
            break
    if len(found) > MAX_OCCURRENCES:
        raise ValueError("count")
    # a period longer than the interval (a two-day event every day) meets itself
    if any(
        begin < previous_end
        for (begin, _end), (_s, previous_end) in zip(found[1:], found, strict=False)
    ):
        raise ValueError("overlap")
    return found


def weekday_names(lang):
    """[(0, "Sen"), ... (6, "Min")]: the weekly repetition's days, Monday first,
    abbreviated in `lang` (Indonesian when none)."""
    return sorted(babel.dates.get_day_names("abbreviated", locale=lang or "id_ID").items())


def _days(first, frequency, weekdays):
    """The WIB start of each repetition, from the first on."""
    if frequency == "daily":
        day = first
        while True:
            yield day
            day += datetime.timedelta(days=1)
    elif frequency == "weekly":
        day = first
        while True:
            if day.weekday() in weekdays or day == first:
                yield day
            day += datetime.timedelta(days=1)
    else:
        year, month = first.year, first.month
        while True:
            if first.day <= calendar.monthrange(year, month)[1]:
                yield first.replace(year=year, month=month)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
