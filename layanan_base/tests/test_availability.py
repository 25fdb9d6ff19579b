"""The month calendar's pieces that live here: reading ``?bulan=``, a day's times and
opening, and the shared template (the services' tests render it with their bookings)."""

from datetime import date, datetime

import lxml.html

from odoo.tests import TransactionCase, tagged

from odoo.addons.layanan_base.models.layanan_booking_availability import (
    day_opening,
    day_times,
    parse_month,
)
from odoo.addons.layanan_base.tools import WIB, wib_day_bounds


def cell(day, status, **extra):
    return {
        "date": day,
        "label": f"Hari {day.day}",
        "in_month": status != "other",
        "today": False,
        "status": status,
        "busy": [],
        "hours": [],
        "closed": status == "closed",
        "holiday": "",
        **extra,
    }


@tagged("post_install", "-at_install")
class TestAvailabilityPieces(TransactionCase):
    def test_the_month_of_the_address(self):
        self.assertEqual(parse_month("2027-01"), (2027, 1))
        self.assertEqual(parse_month(" 2027-1 "), (2027, 1))
        for bad in (None, "", "2027", "2027-13", "2027-00", "0000-05", "9999-01", "x-y", 202701):
            with self.subTest(value=bad):
                self.assertIsNone(parse_month(bad))
        self.assertIsNone(parse_month("2027-01\x00"))
        self.assertIsNone(parse_month(["2027-01"]))

    def test_a_period_within_a_wib_day(self):
        day_start, day_stop = wib_day_bounds(date(2026, 12, 7))
        # 22.00 WIB on the 6th to 02.00 WIB on the 7th, naive UTC
        start, stop = datetime(2026, 12, 6, 15), datetime(2026, 12, 6, 19)
        self.assertEqual(day_times(start, stop, day_start, day_stop), "00.00-02.00")
        self.assertEqual(day_times(start, stop, *wib_day_bounds(date(2026, 12, 6))), "22.00-24.00")

    def test_a_day_of_opening_hours(self):
        self.assertEqual(
            day_opening(None, *wib_day_bounds(date(2026, 12, 7))),
            {"closed": False, "hours": [], "holiday": ""},
        )
        open_ = WIB.localize(datetime(2026, 12, 7, 6)), WIB.localize(datetime(2026, 12, 7, 22))
        holiday = (
            WIB.localize(datetime(2026, 12, 8)),
            WIB.localize(datetime(2026, 12, 9)),
            "Libur Uji",
        )
        opening = ([open_], [holiday, holiday])
        monday = day_opening(opening, *wib_day_bounds(date(2026, 12, 7)))
        self.assertEqual(monday, {"closed": False, "hours": ["06.00-22.00"], "holiday": ""})
        # a holiday asked twice (a month is asked in parts) is named once
        tuesday = day_opening(opening, *wib_day_bounds(date(2026, 12, 8)))
        self.assertEqual(tuesday, {"closed": True, "hours": [], "holiday": "Libur Uji"})

    def test_the_template_says_each_day_in_words(self):
        self.env["res.lang"]._activate_lang("id_ID")
        self.env["ir.module.module"]._load_module_terms(["layanan_base"], ["id_ID"])
        week = [
            cell(date(2026, 11, 30), "other"),
            cell(date(2026, 12, 1), "past"),
            cell(date(2026, 12, 2), "busy", busy=["09.00-12.00"], hours=["06.00-22.00"]),
            cell(date(2026, 12, 3), "free", today=True),
            cell(date(2026, 12, 4), "closed", holiday="Libur Uji"),
            cell(date(2026, 12, 5), "beyond"),
            cell(date(2026, 12, 6), "other"),
        ]
        month = {
            "title": "Desember 2026",
            "param": "2026-12",
            "prev": False,
            "next": {"param": "2027-01", "title": "Januari 2027"},
            "day_names": [(f"Hari{n}", f"H{n}") for n in range(7)],
            "weeks": [week],
        }
        html = (
            self.env["ir.qweb"]
            .with_context(lang="id_ID")
            ._render("layanan_base.availability_month", {"month": month, "month_url": "/x/1"})
        )
        page = lxml.html.fromstring(str(html))
        self.assertIn("Desember 2026", page.xpath("string(//table/caption)"))
        self.assertEqual(len(page.xpath("//thead//th[@scope='col']")), 7)
        self.assertFalse(page.xpath("//a[contains(@class, 'o_layanan_month_prev')]"))
        self.assertEqual(
            page.xpath("//a[contains(@class, 'o_layanan_month_next')]/@href"),
            ["/x/1?bulan=2027-01#o_layanan_availability"],
        )

        def text(day):
            (td,) = page.xpath(f"//td[@data-date='{day}']")
            return " ".join(td.text_content().split())

        self.assertEqual(text("2026-11-30"), "")
        self.assertIn("Sudah lewat", text("2026-12-01"))
        self.assertIn("Terpesan 09.00-12.00", text("2026-12-02"))
        self.assertIn("Buka 06.00-22.00", text("2026-12-02"))
        self.assertNotIn("Tersedia", text("2026-12-02"))
        self.assertIn("Tersedia", text("2026-12-03"))
        self.assertIn("Hari ini", text("2026-12-03"))
        self.assertIn("Tutup Libur Uji", text("2026-12-04"))
        self.assertIn("Belum dibuka untuk pemesanan", text("2026-12-05"))
