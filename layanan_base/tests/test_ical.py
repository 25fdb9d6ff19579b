import datetime

from odoo.tests import BaseCase, tagged

from odoo.addons.layanan_base.tools import ical_calendar, ical_escape, ical_fold


@tagged("post_install", "-at_install")
class TestIcal(BaseCase):
    def test_escape(self):
        self.assertEqual(
            ical_escape("Rapat; evaluasi, anggaran\\2027\r\nbaris dua\nbaris tiga\x07"),
            "Rapat\\; evaluasi\\, anggaran\\\\2027\\nbaris dua\\nbaris tiga",
        )
        self.assertEqual(ical_escape(False), "")

    def test_fold_at_75_octets_never_inside_a_character(self):
        line = "SUMMARY:" + "Gedung Gradhika Bhakti Praja – ruang utama, " * 5
        folded = ical_fold(line)
        physical = folded.encode().split(b"\r\n")
        self.assertGreater(len(physical), 3)
        for part in physical:
            self.assertLessEqual(len(part), 75)
            part.decode()  # whole characters only (the en dash is 3 octets)
        for part in physical[1:]:
            self.assertTrue(part.startswith(b" "))
        self.assertEqual(folded.replace("\r\n ", ""), line)
        self.assertEqual(ical_fold("SUMMARY:pendek"), "SUMMARY:pendek")

    def test_calendar(self):
        start = datetime.datetime(2026, 11, 25, 2, 0)
        text = ical_calendar(
            "Biro Umum: pemesanan saya",
            [
                {
                    "uid": "biroumum-booking-1@example.com",
                    "start": start,
                    "stop": start + datetime.timedelta(hours=3),
                    "stamp": start,
                    "summary": "Rapat, koordinasi",
                    "location": "Ruang A",
                    "status": "TENTATIVE",
                }
            ],
        )
        lines = text.split("\r\n")
        self.assertEqual(lines[0], "BEGIN:VCALENDAR")
        self.assertEqual(lines[-2:], ["END:VCALENDAR", ""])
        for expected in (
            "X-WR-CALNAME:Biro Umum: pemesanan saya",
            "DTSTART:20261125T020000Z",
            "DTEND:20261125T050000Z",
            "DTSTAMP:20261125T020000Z",
            "SUMMARY:Rapat\\, koordinasi",
            "LOCATION:Ruang A",
            "STATUS:TENTATIVE",
        ):
            self.assertIn(expected, lines)
