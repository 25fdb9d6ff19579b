import datetime

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from odoo.addons.layanan_base.tools import (
    check_nik,
    format_wib,
    format_wib_date,
    format_wib_period,
    from_wib,
    nik_errors,
    parse_id,
    parse_int,
    parse_wib_datetime,
    parse_wib_day_time,
    to_wib,
    wib_day_bounds,
)


@tagged("post_install", "-at_install")
class TestWib(TransactionCase):
    def test_dates_are_read_and_written_in_wib(self):
        utc = datetime.datetime(2026, 12, 6, 23, 30)  # Monday 06.30 in Jakarta
        self.assertEqual(to_wib(utc).strftime("%Y-%m-%d %H:%M"), "2026-12-07 06:30")
        self.assertEqual(from_wib(datetime.datetime(2026, 12, 7, 6, 30)), utc)
        self.assertEqual(format_wib(utc), "Senin, 7 Desember 2026, 06.30 WIB")
        self.assertEqual(format_wib(utc, with_date=False), "06.30 WIB")
        self.assertEqual(format_wib_date(utc), "Senin, 7 Desember 2026")
        self.assertEqual(format_wib_date(datetime.date(2026, 12, 7)), "Senin, 7 Desember 2026")
        self.assertEqual(
            format_wib_period(utc, utc + datetime.timedelta(hours=3)),
            "Senin, 7 Desember 2026, 06.30 - 09.30 WIB",
        )
        self.assertEqual(
            format_wib_period(utc, utc + datetime.timedelta(days=1)),
            "Senin, 7 Desember 2026, 06.30 - Selasa, 8 Desember 2026, 06.30 WIB",
        )
        self.assertEqual(format_wib(False), "")

    def test_a_wib_day_is_utc_from_17_00_the_day_before(self):
        start, stop = wib_day_bounds(datetime.date(2026, 12, 7))
        self.assertEqual(start, datetime.datetime(2026, 12, 6, 17, 0))
        self.assertEqual(stop, datetime.datetime(2026, 12, 7, 17, 0))

    def test_dates_beyond_python_are_said_not_crashed(self):
        self.assertEqual(to_wib(datetime.datetime(9999, 12, 31, 20, 0)).year, 9999)
        with self.assertRaises(ValueError):
            from_wib(datetime.datetime(1, 1, 1, 0, 0))


@tagged("post_install", "-at_install")
class TestNik(TransactionCase):
    def test_one_validator_for_the_three_services(self):
        # Semarang (33 74 01), born 12-05-1990, a woman (day + 40)
        self.assertEqual(nik_errors(self.env, "3374015205900001"), [])
        self.assertEqual(
            nik_errors(
                self.env,
                "3374015205900001",
                birthdate=datetime.date(1990, 5, 12),
                gender="female",
            ),
            [],
        )
        # Arabic-Indic digits are digits to Python's isdigit, not to a NIK
        self.assertEqual(
            nik_errors(self.env, "٣٣٧٤٠١٥٢٠٥٩٠٠٠٠١"), ["The NIK may contain digits only."]
        )
        self.assertEqual(
            nik_errors(self.env, "33740152059000"), ["The NIK must have 16 digits, not 14."]
        )
        self.assertIn(
            "The NIK is a woman's (day 52 = birth day + 40), but the gender entered is male.",
            nik_errors(self.env, "3374015205900001", gender="male"),
        )
        with self.assertRaises(ValidationError):
            check_nik(self.env, "9974011205900001")


@tagged("post_install", "-at_install")
class TestForms(TransactionCase):
    def test_numbers_ids_and_dates_as_forms_post_them(self):
        self.assertEqual(parse_int(" 12 "), 12)
        self.assertEqual(parse_int(""), 0)
        for junk in ("12; DROP TABLE x", "²", "٣", "1e5", "1" * 31):
            with self.assertRaises(ValueError):
                parse_int(junk)
        self.assertEqual(parse_id("42"), 42)
        self.assertEqual(parse_id(str(2**31)), 0)
        self.assertEqual(parse_id("-1"), 0)
        self.assertEqual(parse_id(None), 0)
        self.assertEqual(
            parse_wib_datetime("2026-12-07T09:00"), datetime.datetime(2026, 12, 7, 2, 0)
        )
        self.assertEqual(
            parse_wib_day_time("2026-12-07", "09:00"), datetime.datetime(2026, 12, 7, 2, 0)
        )
        for day, hour in (("2026-13-45", "09:00"), ("x' OR 1=1", "09:00"), (None, "09:00")):
            with self.assertRaises(ValueError):
                parse_wib_day_time(day, hour)
        for value in ("0001-01-01T00:00", "2026-13-45T25:99", "", None, 5):
            with self.assertRaises(ValueError):
                parse_wib_datetime(value)
