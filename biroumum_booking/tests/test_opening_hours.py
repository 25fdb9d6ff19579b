import time
from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.layanan_base.tools import wib_day_bounds

from .common import NOW, BiroumumCase

# the week of NOW (Monday 23 November 2026): Wednesday is a holiday, Sunday is closed
MONDAY, TUESDAY, WEDNESDAY = date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25)
SUNDAY = date(2026, 11, 29)


def wib(day, hour):
    """A naive UTC datetime, as Odoo stores it, of `hour` o'clock WIB on `day`."""
    return datetime(day.year, day.month, day.day, hour) - timedelta(hours=7)


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestOpeningHours(BiroumumCase):
    """One function says when a facility is open (its opening hours, its holidays): the
    booking rule, the availability grid, the "free" filter and the price preview all ask
    it, so that none of them calls a closed day free."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "Hari Libur Uji",
                "calendar_id": cls.calendar.id,
                "date_from": wib(WEDNESDAY, 0),
                "date_to": wib(WEDNESDAY, 23).replace(minute=59),
            }
        )

    def _opening(self, facility, day):
        return facility._opening_intervals(*wib_day_bounds(day))[facility.id]

    def test_opening_intervals_of_a_day(self):
        opening, holidays = self._opening(self.room, MONDAY)
        self.assertEqual(
            [(a.strftime("%a %H.%M"), b.strftime("%H.%M")) for a, b in opening],
            [("Mon 06.00", "22.00")],
        )
        self.assertEqual(holidays, [])
        # Sunday: outside the opening hours
        self.assertEqual(self._opening(self.room, SUNDAY), ([], []))
        # the calendar's holiday: closed, with the holiday's name
        opening, holidays = self._opening(self.room, WEDNESDAY)
        self.assertEqual(opening, [])
        self.assertEqual([name for _a, _b, name in holidays], ["Hari Libur Uji"])
        # no opening hours: always open
        self.assertIsNone(self._opening(self.free_room, SUNDAY))

    def test_facilities_sharing_a_calendar_ask_it_once(self):
        start, stop = wib_day_bounds(MONDAY)
        self.room._opening_intervals(start, stop)  # warm the caches
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self.room._opening_intervals(start, stop)
        one = self.env.cr.sql_log_count - before
        copies = self.room.copy() | self.room.copy() | self.room.copy() | self.car
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        result = (self.room | copies)._opening_intervals(start, stop)
        # the facilities are read once more (all of them in one query), the calendar once
        self.assertLessEqual(self.env.cr.sql_log_count - before, one + 1)
        self.assertEqual(len({id(value) for value in result.values()}), 1)

    def test_the_rule_of_a_period(self):
        room, car = self.room, self.car
        for facility, start, stop, expected in [
            (room, wib(MONDAY, 9), wib(MONDAY, 12), False),
            (room, wib(TUESDAY, 6), wib(TUESDAY, 22), False),
            (room, wib(MONDAY, 21), wib(MONDAY, 23), "opening hours"),
            (room, wib(TUESDAY, 5), wib(TUESDAY, 7), "opening hours"),
            (room, wib(SUNDAY, 9), wib(SUNDAY, 12), "opening hours"),
            (room, wib(WEDNESDAY, 9), wib(WEDNESDAY, 12), "Hari Libur Uji"),
            (self.free_room, wib(SUNDAY, 9), wib(SUNDAY, 12), False),
            # lent by the day over a Sunday: picked up and returned within opening hours
            (car, wib(date(2026, 11, 28), 9), wib(date(2026, 11, 30), 9), False),
            (car, wib(date(2026, 11, 28), 9), wib(SUNDAY, 9), "opening hours"),
            # ... but not over a holiday
            (car, wib(MONDAY, 9), wib(date(2026, 11, 26), 9), "Hari Libur Uji"),
        ]:
            with self.subTest(facility=facility.name, start=start, stop=stop):
                reason = facility._closed_reasons(start, stop)[facility.id]
                if expected:
                    self.assertIn(expected, reason)
                    self.assertIn(facility.name, reason)
                else:
                    self.assertFalse(reason)
                # the booking rule is this one
                booking = self._booking(facility, start, stop, attendees=1)
                if expected:
                    with self.assertRaisesRegex(ValidationError, expected):
                        booking.action_submit()
                    self.assertEqual(booking.state, "draft")
                else:
                    booking.action_submit()
                    self.assertEqual(booking.state, "submitted")

    def test_the_free_filter_leaves_out_closed_facilities(self):
        Facility = self.env["biroumum.facility"]
        monday = Facility._free_facilities("meeting_room", wib(MONDAY, 9), wib(MONDAY, 12))
        self.assertIn(self.room, monday)
        self.assertIn(self.free_room, monday)
        for day in (SUNDAY, WEDNESDAY):
            with self.subTest(day=day):
                free = Facility._free_facilities("meeting_room", wib(day, 9), wib(day, 12))
                self.assertNotIn(self.room, free)
                self.assertIn(self.free_room, free)  # no opening hours: always open
        late = Facility._free_facilities("meeting_room", wib(MONDAY, 21), wib(MONDAY, 23))
        self.assertNotIn(self.room, late)

    def test_the_availability_grid_says_closed(self):
        days = {
            day["date"]: day
            for day in self.env["biroumum.booking"]._availability(self.room, MONDAY, 7)
        }
        self.assertEqual(len(days), 7)
        self.assertFalse(days[MONDAY]["closed"])
        self.assertEqual(days[MONDAY]["hours"], ["06.00-22.00"])
        self.assertTrue(days[SUNDAY]["closed"])
        self.assertEqual(days[SUNDAY]["hours"], [])
        self.assertFalse(days[SUNDAY]["holiday"])
        self.assertTrue(days[WEDNESDAY]["closed"])
        self.assertEqual(days[WEDNESDAY]["holiday"], "Hari Libur Uji")
        always = self.env["biroumum.booking"]._availability(self.free_room, MONDAY, 7)
        self.assertFalse(any(day["closed"] for day in always))

    def test_long_periods_are_answered_at_their_ends(self):
        """A long lending, or an absurd period typed in the address: the same answer,
        at a cost that does not grow with the period."""
        always = self.calendar.copy({"name": "24 jam"})
        always.attendance_ids = [
            Command.clear(),
            *(
                Command.create(
                    {"name": str(day), "dayofweek": str(day), "hour_from": 0, "hour_to": 24}
                )
                for day in range(7)
            ),
        ]
        hall = self.room.copy({"name": "Aula 24 Jam", "resource_calendar_id": always.id})
        monday, year_later = date(2026, 11, 30), date(2027, 11, 29)
        for facility, stop, expected in [
            (self.car, wib(year_later, 9), False),  # by the day: picked up, returned open
            (self.car, wib(year_later, 23), "opening hours"),
            (self.car, wib(date(2027, 11, 28), 9), "opening hours"),  # a Sunday
            (self.room, wib(year_later, 9), "opening hours"),  # by the hour: closed nights
            (hall, wib(year_later, 9), False),
            (hall, datetime(9999, 12, 31, 16, 0), False),
        ]:
            with self.subTest(facility=facility.name, stop=stop):
                reason = facility._closed_reasons(wib(monday, 9), stop)[facility.id]
                if expected:
                    self.assertIn(expected, reason)
                else:
                    self.assertFalse(reason)
        # a holiday in the middle of a long lending is seen
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Libur Tengah",
                "calendar_id": self.calendar.id,
                "date_from": wib(date(2027, 6, 1), 0),
                "date_to": wib(date(2027, 6, 1), 23),
            }
        )
        reason = self.car._closed_reasons(wib(monday, 9), wib(year_later, 9))[self.car.id]
        self.assertIn("Libur Tengah", reason)
        started = time.monotonic()
        free = self.env["biroumum.facility"]._free_facilities(
            "meeting_room", wib(monday, 9), datetime(9999, 12, 31, 16, 0)
        )
        self.assertLess(time.monotonic() - started, 2)
        self.assertNotIn(self.room, free)
        self.assertIn(hall, free)
