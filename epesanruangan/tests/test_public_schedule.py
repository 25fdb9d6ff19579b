"""The rooms' public schedule (/ruangan/jadwal): the rooms, and each room's month of
busy periods, for a visitor who is not logged in; never who booked or for what."""

from datetime import date, datetime, timedelta

import lxml.html
import pytz
from babel.dates import format_date

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import EpesanruanganCase

WIB = pytz.timezone("Asia/Jakarta")


def wib(day, hour):
    """`day` (a date) at `hour` WIB, as naive UTC."""
    return (
        WIB.localize(datetime.combine(day, datetime.min.time()).replace(hour=hour))
        .astimezone(pytz.utc)
        .replace(tzinfo=None)
    )


@tagged("post_install", "-at_install")
class TestPublicSchedule(HttpCase, EpesanruanganCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("id_ID")
        cls.env["ir.module.module"]._load_module_terms(["layanan_base", "epesanruangan"], ["id_ID"])
        Room = cls.env["epesanruangan.room"]
        cls.whole = Room.create(
            {"name": "Aula Gabungan Uji", "capacity": 120, "location": "Blok Uji, Lantai 9"}
        )
        cls.part = Room.create(
            {"name": "Aula Sisi Timur Uji", "capacity": 60, "parent_id": cls.whole.id}
        )
        cls.archived = Room.create({"name": "Ruang Lama Uji", "capacity": 10, "active": False})
        # a weekday ten days ahead: its month is this month or the next
        cls.day = datetime.now(WIB).date() + timedelta(days=10)

    def _page(self, url):
        res = self.url_open(url)
        self.assertEqual(res.status_code, 200, url)
        return res.text, lxml.html.fromstring(res.text)

    def _day(self, room, day):
        text, page = self._page(f"/ruangan/jadwal/{room.id}?bulan={day:%Y-%m}")
        (cell,) = page.xpath(f'//td[@data-date="{day.isoformat()}"]')
        return " ".join(cell.text_content().split()), text

    def test_the_rooms_are_listed_for_a_visitor_from_the_home(self):
        _text, home = self._page("/ruangan")
        self.assertIn("/ruangan/jadwal", home.xpath("//a/@href"))
        text, page = self._page("/ruangan/jadwal")
        self.assertIn("Jadwal Ruangan", text)
        self.assertIn("Aula Gabungan Uji", text)
        self.assertIn("Kapasitas: 120 orang", " ".join(page.text_content().split()))
        self.assertIn("Blok Uji, Lantai 9", text)
        self.assertIn(f"/ruangan/jadwal/{self.whole.id}", page.xpath("//a/@href"))
        self.assertNotIn("Ruang Lama Uji", text)

    def test_a_room_month_shows_busy_times_and_nothing_of_who_or_what(self):
        booking = self.make_booking(
            start=wib(self.day, 9), hours=3, room=self.room, event_name="Rapat Rahasia Uji"
        )
        self.run_to(booking, "scheduled")
        text, page = self._day(self.room, self.day)
        self.assertIn("Terpesan 09.00-12.00", text)
        self.assertNotIn("Tersedia", text)
        _text, html = self._page(f"/ruangan/jadwal/{self.room.id}?bulan={self.day:%Y-%m}")
        self.assertEqual(
            html.xpath('string(//*[@id="o_layanan_month_title"])').strip(),
            format_date(self.day, "LLLL y", locale="id_ID"),
        )
        page = self.url_open(f"/ruangan/jadwal/{self.room.id}?bulan={self.day:%Y-%m}").text
        for private in ("Rapat Rahasia Uji", "Dinas Uji", "910001", self.operator.name):
            self.assertNotIn(private, page)
        # the day before is free
        text, _page = self._day(self.room, self.day - timedelta(days=1))
        self.assertIn("Tersedia", text)

    def test_a_booked_whole_room_makes_its_part_busy(self):
        self.room.buffer_after = 30  # not the joined room's: no effect on it
        self.whole.buffer_after = 15
        booking = self.make_booking(start=wib(self.day, 13), hours=2, room=self.whole)
        self.run_to(booking, "validated")
        text, _page = self._day(self.part, self.day)
        self.assertIn("Terpesan 13.00-15.15", text)
        text, _page = self._day(self.whole, self.day)
        self.assertIn("Terpesan 12.45-15.15", text)
        text, _page = self._day(self.room, self.day)
        self.assertIn("Tersedia", text)

    def test_months_and_bad_addresses(self):
        url = f"/ruangan/jadwal/{self.room.id}"
        today = datetime.now(WIB).date()
        _text, page = self._page(url)
        self.assertEqual(
            page.xpath('string(//*[@id="o_layanan_month_title"])').strip(),
            format_date(today, "LLLL y", locale="id_ID"),
        )
        (next_link,) = page.xpath("//a[contains(@class, 'o_layanan_month_next')]/@href")
        _text, page = self._page(next_link)
        next_first = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
        self.assertEqual(
            page.xpath('string(//*[@id="o_layanan_month_title"])').strip(),
            format_date(next_first, "LLLL y", locale="id_ID"),
        )
        # the window is the request form's (730 days): no month after it
        last = today + timedelta(days=730)
        _text, page = self._page(f"{url}?bulan={last.year + 5}-01")
        self.assertEqual(
            page.xpath('string(//*[@id="o_layanan_month_title"])').strip(),
            format_date(date(last.year, last.month, 1), "LLLL y", locale="id_ID"),
        )
        self.assertFalse(page.xpath("//a[contains(@class, 'o_layanan_month_next')]"))
        for query in ("bulan=x", "bulan=2026-99", "bulan=%00", "bulan=-1"):
            with self.subTest(query=query):
                self._page(f"{url}?{query}")
        with mute_logger("odoo.http"):
            for missing in (self.archived.id, 999999, 2147483648, "99999999999999999999", "1%00"):
                res = self.url_open(f"/ruangan/jadwal/{missing}")
                self.assertEqual(res.status_code, 404)
                self.assertNotIn("Traceback", res.text)

    def _queries(self, url):
        self.url_open(url)  # warm the caches
        before = self.cr.sql_log_count
        self.url_open(url)
        return self.cr.sql_log_count - before

    def test_more_bookings_or_rooms_ask_no_more_queries(self):
        url = f"/ruangan/jadwal/{self.room.id}?bulan={self.day:%Y-%m}"
        first = self.make_booking(start=wib(self.day, 8), hours=1)
        first.write({"state": "scheduled"})
        few = self._queries(url)
        few_rooms = self._queries("/ruangan/jadwal")
        for hour in (10, 12, 14, 16):
            booking = self.make_booking(start=wib(self.day, hour), hours=1)
            booking.write({"state": "scheduled"})
            self.room.copy({"name": f"Ruang Salinan {hour}"})
        self.assertIn("Terpesan 16.00-17.00", self._day(self.room, self.day)[0])
        self.assertEqual(self._queries(url), few)
        self.assertEqual(self._queries("/ruangan/jadwal"), few_rooms)
