"""The availability calendars of the bookable resources: a resource's days, with the
periods that hold it (no personal data) and its opening hours, a month at a time across
the booking window (the Biro Umum facility page, the Balaikota's public room schedule)."""

import calendar
import re
from datetime import date, timedelta

import babel.dates

from odoo import api, models

from ..tools import WIB, to_wib, wib_day_bounds, wib_today
from ..tools.wib import DATE_PATTERN, babel_locale

MONTH_PARAM = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


def parse_month(value):
    """(year, month) of a ``YYYY-MM`` value (the calendars' ``?bulan=``); None for
    anything else (absent, a typo, month 13, year 0)."""
    match = MONTH_PARAM.match(value or "") if isinstance(value, str) else None
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (1 <= month <= 12 and date.min.year < year < date.max.year):
        return None
    return year, month


def day_times(start, stop, day_start, day_stop):
    """09.00-12.00: the part of [start, stop) within the day (naive UTC, or aware)."""
    if start.tzinfo is None:
        start, stop, day_start, day_stop = map(to_wib, (start, stop, day_start, day_stop))
    from_ = max(start, day_start).astimezone(WIB).strftime("%H.%M")
    to_ = "24.00" if stop >= day_stop else stop.astimezone(WIB).strftime("%H.%M")
    return f"{from_}-{to_}"


def day_opening(opening, day_start, day_stop):
    """One day of a resource's opening (``_availability_opening``): its opening hours
    ("06.00-22.00"), whether it is closed, and the names of its holidays."""
    if opening is None:
        return {"closed": False, "hours": [], "holiday": ""}
    intervals, holidays = opening
    day_start, day_stop = to_wib(day_start), to_wib(day_stop)
    hours = [
        day_times(begin, end, day_start, day_stop)
        for begin, end in intervals
        if begin < day_stop and end > day_start
    ]
    names = [name for begin, end, name in holidays if begin < day_stop and end > day_start]
    holiday = ", ".join(dict.fromkeys(filter(None, names)))
    return {"closed": not hours, "hours": hours, "holiday": holiday}


class LayananBookingMixin(models.AbstractModel):
    _inherit = "layanan.booking.mixin"

    # ------------------------------------------------------------------ what a service says
    @api.model
    def _availability_window_days(self):
        """How many days ahead a booking may start (the service's booking window)."""
        return 90

    @api.model
    def _availability_opening(self, resource, start, stop):
        """When `resource` is open in [start, stop) (naive UTC): (opening, holidays) as
        ``biroumum.facility._opening_intervals`` gives them (aware WIB intervals, and
        (start, stop, name) holidays), or None when it has no opening hours (always
        open, the default)."""
        return None

    # ------------------------------------------------------------------ days
    @api.model
    def _availability(self, resource, first_day, days):
        """The WIB days from `first_day` on, each with the periods (WIB times) that hold
        `resource` that day (one ``_busy_periods`` call for them all) and its opening
        hours (closed, with the holiday's name, when it does not open)."""
        first = wib_day_bounds(first_day)[0]
        last = wib_day_bounds(first_day + timedelta(days=days - 1))[1]
        busy = self._busy_periods(resource, first, last)
        opening = self._availability_opening(resource, first, last)
        result = []
        for offset in range(days):
            day = first_day + timedelta(days=offset)
            day_start, day_stop = wib_day_bounds(day)
            periods = [
                day_times(start, stop, day_start, day_stop)
                for start, stop in busy
                if start < day_stop and stop > day_start
            ]
            result.append(
                {"date": day, "busy": periods, **day_opening(opening, day_start, day_stop)}
            )
        return result

    # ------------------------------------------------------------------ months
    @api.model
    def _availability_months(self):
        """The first and the last month (year, month) of the booking window: this WIB
        month and the month of its last day."""
        today = wib_today()
        last = today + timedelta(days=self._availability_window_days())
        return (today.year, today.month), (last.year, last.month)

    @api.model
    def _availability_month_of(self, resource, value):
        """The month calendar of `resource` that the address asks for (``?bulan=YYYY-MM``):
        this month for a value that is no month, the nearest month of the booking
        window for one outside it."""
        year, month = parse_month(value) or self._availability_months()[0]
        return self._availability_month(resource, year, month)

    @api.model
    def _availability_month(self, resource, year, month):
        """The month calendar of `resource` (a month outside the booking window is
        brought back into it): a dict with

        - ``year``, ``month``, ``param`` (``2026-12``), ``title`` (``Desember 2026``);
        - ``prev`` / ``next``: the ``param`` and ``title`` of the months before and
          after, False outside the booking window;
        - ``day_names``: [(wide, abbreviated)], Monday first;
        - ``weeks``: lists of 7 days, Monday first, from the Monday on or before the 1st
          to the Sunday on or after the last day. Each day: ``date``, ``label``
          (``Senin, 7 Desember 2026``), ``in_month``, ``today`` and ``status``:
          ``other`` (another month's), ``past``, ``beyond`` (after the booking window),
          ``closed``, ``busy`` (some periods taken) or ``free``; the month's days within
          the window also have ``busy`` (["09.00-12.00"], WIB), ``hours``, ``closed``
          and ``holiday`` (``_availability``: one ``_busy_periods`` call)."""
        first_month, last_month = self._availability_months()
        year, month = min(max((year, month), first_month), last_month)
        today = wib_today()
        window_end = today + timedelta(days=self._availability_window_days())
        first = date(year, month, 1)
        last = date(year, month, calendar.monthrange(year, month)[1])
        # the month's days a booking may take: their periods and opening hours
        span_first, span_last = max(first, today), min(last, window_end)
        known = {}
        if span_first <= span_last:
            days = (span_last - span_first).days + 1
            known = {day["date"]: day for day in self._availability(resource, span_first, days)}
        locale = babel_locale(self.env.lang or "id_ID")
        grid_first = first - timedelta(days=first.weekday())
        grid_last = last + timedelta(days=6 - last.weekday())
        weeks, day = [], grid_first
        while day <= grid_last:
            if day.weekday() == 0:
                weeks.append([])
            weeks[-1].append(self._availability_month_day(day, first, today, window_end, known))
            day += timedelta(days=1)
        for week in weeks:
            for cell in week:
                cell["label"] = DATE_PATTERN.apply(cell["date"], locale)

        def neighbour(months):
            year_, month_ = divmod(year * 12 + month - 1 + months, 12)
            month_ += 1
            if not first_month <= (year_, month_) <= last_month:
                return False
            return {
                "param": f"{year_:04d}-{month_:02d}",
                "title": babel.dates.format_date(date(year_, month_, 1), "LLLL y", locale),
            }

        wide = babel.dates.get_day_names("wide", locale=locale)
        short = babel.dates.get_day_names("abbreviated", locale=locale)
        return {
            "year": year,
            "month": month,
            "param": f"{year:04d}-{month:02d}",
            "title": babel.dates.format_date(first, "LLLL y", locale),
            "prev": neighbour(-1),
            "next": neighbour(1),
            "day_names": [(wide[weekday], short[weekday]) for weekday in range(7)],
            "weeks": weeks,
        }

    @api.model
    def _availability_month_day(self, day, first, today, window_end, known):
        """One day of a month calendar (see ``_availability_month``)."""
        cell = {
            "date": day,
            "in_month": (day.year, day.month) == (first.year, first.month),
            "today": day == today,
            "busy": [],
            "hours": [],
            "closed": False,
            "holiday": "",
        }
        if not cell["in_month"]:
            status = "other"
        elif day < today:
            status = "past"
        elif day > window_end:
            status = "beyond"
        else:
            cell.update(known[day])
            status = "closed" if cell["closed"] else ("busy" if cell["busy"] else "free")
        cell["status"] = status
        return cell
