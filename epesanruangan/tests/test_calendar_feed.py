from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import EpesanruanganCase, future


def unfold(text):
    return text.replace("\r\n ", "").split("\r\n")


@tagged("post_install", "-at_install")
class TestCalendarFeed(HttpCase, EpesanruanganCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("id_ID")
        cls.env["ir.module.module"]._load_module_terms(["layanan_base", "epesanruangan"], ["id_ID"])
        cls.Feed = cls.env["layanan.calendar.feed"]

    def setUp(self):
        super().setUp()
        self.start = future(days=4)
        self.mine = self.run_to(
            self.make_booking(start=self.start, event_name="Rapat Dinas Uji"), "scheduled"
        )
        self.theirs = self.make_booking(
            start=future(days=5), event_name="Acara Badan Lain", operator=self.operator2
        )
        # the other unit's request, scheduled by the steps of its own operator
        self.theirs.with_user(self.operator2).action_submit()
        self.theirs.with_user(self.officer).action_verify()
        self.theirs.with_user(self.head).action_validate()
        self.theirs.with_user(self.head).action_schedule()
        self.assertEqual(self.theirs.state, "scheduled")

    def _path(self, feed):
        return f"/layanan/ical/{feed.sudo().token}.ics"

    def test_operator_feed(self):
        feed = self.Feed.with_user(self.operator)._get_feed("epesanruangan.booking")
        response = self.url_open(self._path(feed))
        self.assertEqual(response.status_code, 200)
        lines = unfold(response.text)
        self.assertIn("SUMMARY:Rapat Dinas Uji", lines)
        self.assertIn(f"DTSTART:{self.start:%Y%m%dT%H%M%S}Z", lines)
        self.assertIn("LOCATION:Ruang Uji A", lines)
        self.assertNotIn("Acara Badan Lain", response.text)
        # the operator's page offers the subscription, in their language
        self.operator.lang = "id_ID"
        self.authenticate("910001", "910001")
        page = self.url_open("/my/ruangan").text
        self.assertIn("Langganan kalender", page)
        self.assertIn("Buat tautan baru", page)

    def test_officer_room_feed_and_members(self):
        action = self.room.with_user(self.officer).action_calendar_feed()
        feed = self.Feed.with_user(self.officer).browse(action["res_id"])
        text = self.url_open(self._path(feed)).text
        self.assertIn("SUMMARY:Rapat Dinas Uji", unfold(text))
        self.assertIn("SUMMARY:Acara Badan Lain", unfold(text))
        self.assertIn("Dinas Uji", text)  # the work unit, for the staff
        with self.assertRaises(AccessError):
            self.room.with_user(self.operator).action_calendar_feed()
        with self.assertRaises(AccessError):
            feed.with_user(self.operator).read(["token"])

    def test_public_room_feed_and_lobby_link(self):
        path = f"/layanan/ical/publik/ruangan/{self.room.id}.ics"
        response = self.url_open(path)
        self.assertEqual(response.status_code, 200)
        lines = unfold(response.text)
        self.assertEqual(lines.count("SUMMARY:Terisi"), 2)
        self.assertIn(f"DTSTART:{self.start:%Y%m%dT%H%M%S}Z", lines)
        for private in ("Rapat Dinas Uji", "Acara Badan Lain", "Dinas Uji", "Badan Lain"):
            self.assertNotIn(private, response.text)
        self.assertIn(f'href="{path}"', self.url_open("/ruangan/layar").text)
