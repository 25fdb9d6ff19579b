"""The month calendar of a facility (layanan.booking.mixin._availability_month): its
weeks, the booked times of each WIB day with the buffers and the linked facilities, its
opening hours, and the months a visitor may open."""

from datetime import date, datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.layanan_base.models.layanan_booking_availability import parse_month

from .common import NOW, BiroumumCase


def wib(day, hour, minute=0, month=11):
    """`day` `month` 2026, hour:minute WIB, as naive UTC."""
    return datetime(2026, month, day, hour, minute) - timedelta(hours=7)


@tagged("post_install", "-at_install")
@freeze_time(NOW)  # Monday 23 November 2026, 08.00 WIB
class TestAvailabilityMonth(BiroumumCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Facility = cls.env["biroumum.facility"]
        common = {"manager_user_id": cls.manager.id, "price": 0}
        cls.hall = Facility.create(
            {"name": "Gedung Bulan", "category": "building", "buffer_after": 30, **common}
        )
        cls.hall_room = Facility.create(
            {
                "name": "Ruang Dalam Gedung",
                "category": "meeting_room",
                "parent_id": cls.hall.id,
                **common,
            }
        )
        cls.Booking = cls.env["biroumum.booking"].with_context(lang="en_US")

    def _submitted(self, facility, start, stop):
        booking = self._booking(facility=facility, start=start, stop=stop)
        booking.action_submit()
        self.assertEqual(booking.state, "submitted")
        return booking

    def _days(self, month):
        return {day["date"]: day for week in month["weeks"] for day in week}

    def test_the_month_is_weeks_of_seven_days_monday_first(self):
        month = self.Booking._availability_month(self.room, 2026, 11)
        self.assertEqual((month["param"], month["title"]), ("2026-11", "November 2026"))
        # 1 November 2026 is a Sunday, 30 November a Monday: six weeks
        self.assertEqual(len(month["weeks"]), 6)
        self.assertTrue(all(len(week) == 7 for week in month["weeks"]))
        self.assertEqual(
            [week[0]["date"] for week in month["weeks"]],
            [date(2026, 10, 26) + timedelta(weeks=n) for n in range(6)],
        )
        self.assertEqual(month["day_names"][0], ("Monday", "Mon"))
        days = self._days(month)
        self.assertEqual(days[date(2026, 10, 26)]["status"], "other")
        self.assertFalse(days[date(2026, 10, 26)]["in_month"])
        self.assertEqual(days[date(2026, 12, 6)]["status"], "other")
        self.assertEqual(days[date(2026, 11, 1)]["status"], "past")
        self.assertEqual(days[date(2026, 11, 22)]["status"], "past")
        today = days[date(2026, 11, 23)]
        self.assertTrue(today["today"])
        self.assertEqual(today["status"], "free")
        self.assertEqual(today["hours"], ["06.00-22.00"])
        self.assertEqual(today["label"], "Monday, 23 November 2026")
        # the service's calendar: closed on Sunday
        self.assertEqual(days[date(2026, 11, 29)]["status"], "closed")
        # in Indonesian
        month = self.Booking.with_context(lang="id_ID")._availability_month(self.room, 2026, 12)
        self.assertEqual(month["title"], "Desember 2026")
        self.assertEqual(month["day_names"][0], ("Senin", "Sen"))
        self.assertEqual(self._days(month)[date(2026, 12, 7)]["label"], "Senin, 7 Desember 2026")

    def test_a_booking_is_busy_on_its_wib_days(self):
        self._submitted(self.room, wib(25, 9), wib(25, 12))
        # 22.00-02.00 WIB: 15.00-19.00 UTC on the 26th, two WIB days
        self._submitted(self.free_room, wib(26, 22), wib(27, 2))
        days = self._days(self.Booking._availability_month(self.room, 2026, 11))
        self.assertEqual(days[date(2026, 11, 25)]["status"], "busy")
        self.assertEqual(days[date(2026, 11, 25)]["busy"], ["09.00-12.00"])
        self.assertEqual(days[date(2026, 11, 24)]["status"], "free")
        self.assertEqual(days[date(2026, 11, 24)]["busy"], [])
        days = self._days(self.Booking._availability_month(self.free_room, 2026, 11))
        self.assertEqual(days[date(2026, 11, 26)]["busy"], ["22.00-24.00"])
        self.assertEqual(days[date(2026, 11, 27)]["busy"], ["00.00-02.00"])
        self.assertEqual(days[date(2026, 11, 25)]["status"], "free")
        # no opening hours: always open, never closed
        self.assertFalse(any(day["status"] == "closed" for day in days.values()))

    def test_one_busy_query_for_the_month(self):
        busy_periods = type(self.Booking)._busy_periods
        with patch.object(
            type(self.Booking), "_busy_periods", autospec=True, side_effect=busy_periods
        ) as spy:
            self.Booking._availability_month(self.room, 2026, 12)
        self.assertEqual(spy.call_count, 1)
        _self, resource, start, stop = spy.call_args.args
        self.assertEqual(resource, self.room)
        # the month's days from today on: 1-31 December, WIB
        self.assertEqual((start, stop), (wib(1, 0, month=12), wib(1, 0, month=12) + timedelta(31)))

    def test_a_buffer_widens_the_busy_time(self):
        self._submitted(self.hall, wib(25, 9), wib(25, 11))
        days = self._days(self.Booking._availability_month(self.hall, 2026, 11))
        # the 30 minutes after it to tidy up, and a new booking's own 30 minutes after
        self.assertEqual(days[date(2026, 11, 25)]["busy"], ["08.30-11.30"])

    def test_a_booked_building_shows_its_rooms_busy(self):
        self._submitted(self.hall, wib(25, 9), wib(25, 11))
        days = self._days(self.Booking._availability_month(self.hall_room, 2026, 11))
        self.assertEqual(days[date(2026, 11, 25)]["status"], "busy")
        self.assertEqual(days[date(2026, 11, 25)]["busy"], ["09.00-11.30"])
        # and a booked room, its building
        self._submitted(self.hall_room, wib(27, 13), wib(27, 14))
        days = self._days(self.Booking._availability_month(self.hall, 2026, 11))
        self.assertEqual(days[date(2026, 11, 27)]["busy"], ["12.30-14.00"])

    def test_holidays_close_their_day_in_the_month(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Libur Bulan Uji",
                "calendar_id": self.calendar.id,
                "date_from": wib(28, 0, month=12),
                "date_to": wib(28, 23, 59, month=12),
            }
        )
        days = self._days(self.Booking._availability_month(self.room, 2026, 12))
        # late in the month: a month is asked in parts, none of it guessed
        self.assertEqual(days[date(2026, 12, 28)]["status"], "closed")
        self.assertEqual(days[date(2026, 12, 28)]["holiday"], "Libur Bulan Uji")
        self.assertEqual(days[date(2026, 12, 17)]["hours"], ["06.00-22.00"])
        self.assertEqual(days[date(2026, 12, 29)]["hours"], ["06.00-22.00"])
        self.assertEqual(days[date(2026, 12, 27)]["status"], "closed")  # a Sunday

    def test_the_months_of_the_booking_window(self):
        """This month to the month of the window's last day (90 days: 21 February
        2027); the address may ask for any month, or for something that is none."""
        of = self.Booking._availability_month_of
        month = of(self.room, "2026-12")
        self.assertEqual(month["prev"], {"param": "2026-11", "title": "November 2026"})
        self.assertEqual(month["next"], {"param": "2027-01", "title": "January 2027"})
        first = of(self.room, "2026-11")
        self.assertFalse(first["prev"])
        last = of(self.free_room, "2027-02")  # always open (21 February is a Sunday)
        self.assertEqual(last["prev"]["param"], "2027-01")
        self.assertFalse(last["next"])
        days = self._days(last)
        self.assertEqual(days[date(2027, 2, 21)]["status"], "free")
        self.assertEqual(days[date(2027, 2, 22)]["status"], "beyond")
        self.assertEqual(days[date(2027, 2, 22)]["busy"], [])
        # outside the window: its nearest month
        self.assertEqual(of(self.room, "2031-05")["param"], "2027-02")
        self.assertEqual(of(self.room, "2020-05")["param"], "2026-11")
        for bad in (None, "", "abc", "2026-13", "2026-00", "0000-01", "9999-12", "2026-12\x00"):
            with self.subTest(bulan=bad):
                self.assertEqual(of(self.room, bad)["param"], "2026-11")
        self.assertEqual(parse_month(" 2027-1 "), (2027, 1))
        self.assertIsNone(parse_month(["2027-01"]))
        # a longer window (the Settings): more months
        self.env["ir.config_parameter"].sudo().set_param(
            "biroumum_booking.booking_window_days", "400"
        )
        self.assertEqual(of(self.room, "2031-05")["param"], "2027-12")
