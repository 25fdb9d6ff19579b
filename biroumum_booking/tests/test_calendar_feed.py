import re
from datetime import datetime, timedelta
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger


def unfold(text):
    """The content lines of an iCalendar text (RFC 5545 3.1: CRLF + space continues)."""
    return text.replace("\r\n ", "").split("\r\n")


@tagged("post_install", "-at_install")
class TestCalendarFeed(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env["res.lang"]._activate_lang("id_ID")
        env["ir.module.module"]._load_module_terms(["layanan_base", "biroumum_booking"], ["id_ID"])
        cls.manager = new_test_user(
            env, login="bu_feed_mgr", groups="biroumum_booking.group_manager"
        )
        cls.manager2 = new_test_user(
            env, login="bu_feed_mgr2", groups="biroumum_booking.group_manager"
        )
        cls.member = new_test_user(
            env, login="bu_feed_m1", groups="base.group_portal", name="Siti Feed", lang="id_ID"
        )
        cls.member2 = new_test_user(
            env, login="bu_feed_m2", groups="base.group_portal", name="Budi Lain", lang="id_ID"
        )
        cls.room = env["biroumum.facility"].create(
            {
                "name": "Ruang Feed Uji",
                "category": "meeting_room",
                "location": "Gedung C, Semarang",
                "manager_user_id": cls.manager.id,
            }
        )
        # in five days (the feed covers from 90 days back), 09.00-11.00 WIB
        day = datetime.now().replace(hour=2, minute=0, second=0, microsecond=0)
        cls.start = day + timedelta(days=5)
        Booking = env["biroumum.booking"].sudo()
        cls.booking = Booking.create(
            {
                "facility_id": cls.room.id,
                "partner_id": cls.member.partner_id.id,
                "start": cls.start,
                "stop": cls.start + timedelta(hours=2),
                "purpose": "Rapat koordinasi feed",
                "state": "approved",
            }
        )
        cls.other = Booking.create(
            {
                "facility_id": cls.room.id,
                "partner_id": cls.member2.partner_id.id,
                "start": cls.start + timedelta(days=1),
                "stop": cls.start + timedelta(days=1, hours=3),
                "purpose": "Acara rahasia anggota lain",
                "state": "submitted",
            }
        )
        cls.Feed = env["layanan.calendar.feed"]

    def _get(self, url, **kw):
        return self.url_open(url, allow_redirects=False, **kw)

    def _feed_path(self, feed):
        return f"/layanan/ical/{feed.sudo().token}.ics"

    # ------------------------------------------------------------------ private feeds
    def test_member_feed_shows_own_booking_only(self):
        feed = self.Feed.with_user(self.member)._get_feed("biroumum.booking")
        response = self._get(self._feed_path(feed))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "text/calendar; charset=utf-8")
        self.assertIn("private", response.headers["Cache-Control"])
        self.assertNotIn("Set-Cookie", response.headers)  # no session for a calendar app
        lines = unfold(response.text)
        self.assertEqual(lines[0], "BEGIN:VCALENDAR")
        self.assertIn("X-WR-CALNAME:Biro Umum: pemesanan saya", lines)
        self.assertIn("SUMMARY:Rapat koordinasi feed", lines)
        self.assertIn(f"DTSTART:{self.start:%Y%m%dT%H%M%S}Z", lines)
        self.assertIn(f"DTEND:{self.start + timedelta(hours=2):%Y%m%dT%H%M%S}Z", lines)
        self.assertTrue(
            any(line.startswith(f"UID:biroumum-booking-{self.booking.id}@") for line in lines)
        )
        self.assertIn("LOCATION:Ruang Feed Uji\\, Gedung C\\, Semarang", lines)
        self.assertEqual(lines.count("BEGIN:VEVENT"), 1)
        self.assertNotIn("rahasia", response.text)
        self.assertTrue(feed.sudo().last_access)
        # the calendar app asks again: nothing changed, nothing sent
        again = self._get(
            self._feed_path(feed), headers={"If-None-Match": response.headers["ETag"]}
        )
        self.assertEqual(again.status_code, 304)

    def test_regenerated_and_revoked_feed(self):
        feed = self.Feed.with_user(self.member)._get_feed("biroumum.booking")
        old_path = self._feed_path(feed)
        self.assertEqual(self._get(old_path).status_code, 200)
        feed.action_regenerate()
        new_path = self._feed_path(feed)
        self.assertNotEqual(old_path, new_path)
        with mute_logger("odoo.http"):
            gone = self._get(old_path)
        self.assertEqual(gone.status_code, 404)
        self.assertIn("tidak ada atau sudah dicabut", gone.text)
        self.assertNotIn("Traceback", gone.text)
        self.assertEqual(self._get(new_path).status_code, 200)
        feed.action_revoke()
        self.assertEqual(self._get(new_path).status_code, 404)
        self.assertEqual(self._get("/layanan/ical/tidak-ada.ics").status_code, 404)

    def test_feed_of_an_archived_user_stops(self):
        feed = self.Feed.with_user(self.member)._get_feed("biroumum.booking")
        path = self._feed_path(feed)
        self.assertEqual(self._get(path).status_code, 200)
        self.member.active = False
        self.assertEqual(self._get(path).status_code, 404)

    def test_portal_block_creates_regenerates_and_revokes(self):
        self.authenticate("bu_feed_m1", "bu_feed_m1")
        page = self.url_open("/my/bookings").text
        self.assertIn("Langganan kalender", page)
        self.assertIn("Buat tautan baru", page)
        self.assertNotIn("/layanan/ical/", page)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        form = {
            "csrf_token": csrf,
            "model": "biroumum.booking",
            "operation": "create",
            "redirect": "/my/bookings",
        }
        response = self.url_open("/my/kalender", data=form, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        feed = self.Feed.with_user(self.member)._find("biroumum.booking")
        page = self.url_open("/my/bookings").text
        self.assertIn(f"/layanan/ical/{feed.token}.ics", page)
        self.assertIn("webcal://", page)
        self.assertIn("Cabut", page)
        old_path = self._feed_path(feed)
        self.url_open("/my/kalender", data=form, allow_redirects=False)
        self.assertEqual(self._get(old_path).status_code, 404)
        self.assertEqual(self._get(self._feed_path(feed)).status_code, 200)
        self.url_open("/my/kalender", data={**form, "operation": "revoke"}, allow_redirects=False)
        self.assertEqual(self._get(self._feed_path(feed)).status_code, 404)
        self.assertFalse(self.Feed.with_user(self.member)._find("biroumum.booking"))
        # a tampered form: a message, no traceback
        bad = self.url_open("/my/kalender", data={**form, "model": "res.partner"})
        self.assertEqual(bad.status_code, 400)
        self.assertIn("tidak memiliki kalender", bad.text)

    def test_manager_facility_feed_as_the_manager_sees_it(self):
        action = self.room.with_user(self.manager).action_calendar_feed()
        feed = self.Feed.with_user(self.manager).browse(action["res_id"])
        self.assertEqual(feed.res_model, "biroumum.facility")
        text = self._get(self._feed_path(feed)).text
        lines = unfold(text)
        self.assertIn("SUMMARY:Rapat koordinasi feed", lines)
        self.assertIn("SUMMARY:Acara rahasia anggota lain", lines)
        self.assertIn("STATUS:TENTATIVE", lines)  # submitted, not yet approved
        self.assertIn("Budi Lain", text)  # the booker, for the staff
        # the form's "New address" shows the form again, with the new address
        old_url = feed.url
        again = feed.action_regenerate()
        self.assertEqual((again["res_model"], again["res_id"]), (feed._name, feed.id))
        self.assertNotEqual(feed.url, old_url)
        # another facility's manager gets a feed of nothing: the feed reads as its owner
        action = self.room.with_user(self.manager2).action_calendar_feed()
        feed2 = self.Feed.with_user(self.manager2).browse(action["res_id"])
        text2 = self._get(self._feed_path(feed2)).text
        self.assertNotIn("BEGIN:VEVENT", text2)
        # members subscribe to their own bookings, not to a facility's
        with self.assertRaises(AccessError):
            self.room.with_user(self.member).action_calendar_feed()

    def test_double_click_makes_one_feed(self):
        Feed = self.Feed.with_user(self.member)
        Feed._get_feed("biroumum.booking")
        # the second of two simultaneous requests does not see the first one's feed
        with (
            patch.object(type(self.Feed), "_find", lambda self, *args: self.browse()),
            mute_logger("odoo.sql_db"),
            self.assertRaises(UserError),
        ):
            Feed._get_feed("biroumum.booking")
        self.assertEqual(self.Feed.sudo().search_count([("user_id", "=", self.member.id)]), 1)

    def test_portal_user_cannot_read_another_feed(self):
        feed = self.Feed.with_user(self.member)._get_feed("biroumum.booking")
        as_other = feed.with_user(self.member2)
        with self.assertRaises(AccessError):
            as_other.read(["token"])
        with self.assertRaises(AccessError):
            as_other.action_revoke()
        self.assertFalse(self.Feed.with_user(self.member2).search([("id", "=", feed.id)]))
        with self.assertRaises(AccessError):
            self.Feed.with_user(self.member2).create(
                {"booking_model": "biroumum.booking", "user_id": self.member.id}
            )
        with self.assertRaises(AccessError):
            feed.with_user(self.member2).write({"token": "ditebak"})
        self.assertTrue(feed.sudo().active)

    def test_admin_manages_the_facility_feeds_only(self):
        admin = new_test_user(
            self.env, login="bu_feed_admin", groups="biroumum_booking.group_admin"
        )
        action = self.room.with_user(self.manager).action_calendar_feed()
        staff_feed = self.Feed.browse(action["res_id"])
        member_feed = self.Feed.with_user(self.member)._get_feed("biroumum.booking")
        # the menu's list, as the administrator sees it
        self.assertEqual(self.Feed.with_user(admin).search([]), staff_feed)
        staff_feed.with_user(admin).action_revoke()
        self.assertEqual(self._get(self._feed_path(staff_feed)).status_code, 404)
        with self.assertRaises(AccessError):
            member_feed.with_user(admin).action_revoke()
        self.assertEqual(self._get(self._feed_path(member_feed)).status_code, 200)

    def test_feed_queries_do_not_grow_with_its_bookings(self):
        action = self.room.with_user(self.manager).action_calendar_feed()
        feed = self.Feed.browse(action["res_id"])

        def queries():
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            body = feed.sudo()._render_ics()
            return self.cr.sql_log_count - before, body.count("BEGIN:VEVENT")

        queries()  # the first render also fills the caches (the rules, the groups)
        few = queries()
        partners = self.env["res.partner"].create([{"name": f"Pemesan {n}"} for n in range(20)])
        self.env["biroumum.booking"].sudo().create(
            [
                {
                    "facility_id": self.room.id,
                    "partner_id": partner.id,
                    "start": self.start + timedelta(days=10 + n),
                    "stop": self.start + timedelta(days=10 + n, hours=1),
                    "purpose": f"Acara {n}",
                    "state": "approved",
                }
                for n, partner in enumerate(partners)
            ]
        )
        many = queries()
        self.assertEqual((few[1], many[1]), (2, 22))
        self.assertEqual(many[0], few[0])

    # ------------------------------------------------------------------ the text
    def test_long_purpose_folded_and_escaped(self):
        purpose = "Rapat; evaluasi, anggaran \\ tahun 2027: " + "ruang rapat utama, " * 6
        self.booking.write(
            {"purpose": purpose, "notes": "Baris satu, dua;\nbaris dua\r\nbaris tiga – selesai"}
        )
        feed = self.Feed.with_user(self.member)._get_feed("biroumum.booking")
        response = self._get(self._feed_path(feed))
        for line in response.content.split(b"\r\n"):
            self.assertLessEqual(len(line), 75, line)
        lines = unfold(response.text)
        escaped = purpose.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        self.assertIn(f"SUMMARY:{escaped}", lines)
        self.assertIn("\r\n ", response.text)
        self.assertIn(
            f"DESCRIPTION:{self.booking.name}\\nDisetujui\\n"
            "Baris satu\\, dua\\;\\nbaris dua\\nbaris tiga – selesai",
            lines,
        )

    # ------------------------------------------------------------------ public feed
    def test_public_feed_has_busy_periods_only(self):
        path = self.room._public_feed_path()
        self.assertEqual(path, f"/layanan/ical/publik/fasilitas/{self.room.id}.ics")
        response = self._get(path)
        self.assertEqual(response.status_code, 200)
        self.assertIn("public", response.headers["Cache-Control"])
        lines = unfold(response.text)
        self.assertEqual(lines.count("SUMMARY:Terisi"), 2)
        self.assertIn(f"DTSTART:{self.start:%Y%m%dT%H%M%S}Z", lines)
        for private in ("Rapat koordinasi", "rahasia", "Siti Feed", "Budi Lain", "BU/"):
            self.assertNotIn(private, response.text)
        # the facility's page links it
        page = self._get(f"/layanan/fasilitas/{self.room.id}").text
        self.assertIn(f'href="{path}"', page)

    def test_public_feed_of_no_facility(self):
        self.assertEqual(self._get("/layanan/ical/publik/fasilitas/0.ics").status_code, 404)
        self.assertEqual(self._get("/layanan/ical/publik/entah/1.ics").status_code, 404)
        self.room.active = False
        path = f"/layanan/ical/publik/fasilitas/{self.room.id}.ics"
        self.assertEqual(self._get(path).status_code, 404)
