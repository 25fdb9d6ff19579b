import base64
import json
from datetime import datetime, timedelta
from urllib.parse import urlencode as url_encode

import pytz
from freezegun import freeze_time
from lxml import etree

from odoo import http
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import PDF, EpesanruanganCase, PortalFormMixin, future

WIB = pytz.timezone("Asia/Jakarta")


@tagged("post_install", "-at_install")
class TestPortal(PortalFormMixin, HttpCase, EpesanruanganCase):
    def test_nrk_login(self):
        self.assertEqual(self.operator.login, "910001")
        self.authenticate(None, None)
        # a visitor who chose no language reads the login page in Indonesian; coming
        # from the Balaikota's home, it asks for the NRK, and offers no sign-up
        page = self.url_open("/web/login?redirect=/my/ruangan").text
        self.assertRegex(page, r'<label[^>]*for="login"[^>]*>NRK</label>')
        self.assertIn('placeholder="NRK Anda (6 digit)"', page)
        self.assertNotIn("/web/signup", page)
        res = self.url_open(
            "/web/login",
            data={
                "login": "910001",
                "password": "910001",
                "csrf_token": http.Request.csrf_token(self),
                "redirect": "/my/ruangan",
            },
        )
        self.assertEqual(res.status_code, 200)
        self.assertTrue(res.url.endswith("/my/ruangan"), res.url)
        res = self.url_open("/my/ruangan")
        self.assertIn("Dinas Uji", res.text)
        self.authenticate(None, None)
        res = self.url_open(
            "/web/login",
            data={
                "login": "910001",
                "password": "salah",
                "csrf_token": http.Request.csrf_token(self),
            },
        )
        self.assertIn("Kata sandi/log masuk salah", res.text)  # "Wrong login/password"
        self.assertIn("/web/login", res.url)

    def test_submit_is_idempotent_and_keeps_the_letter(self):
        self.authenticate("910001", "910001")
        data = self._form()
        first = self._post(data)
        self.assertEqual(first.status_code, 200)
        self.assertIn("Your request was submitted", first.text)
        second = self._post(data)  # the browser sends it again after a network error
        self.assertEqual(second.status_code, 200)
        bookings = self.env["epesanruangan.booking"].search(
            [("idempotency_key", "=", data["idempotency_key"])]
        )
        self.assertEqual(len(bookings), 1)
        self.assertEqual(bookings.state, "submitted")
        self.assertEqual(bookings.unit_id, self.unit)
        self.assertEqual(base64.b64decode(bookings.letter), PDF)
        letters = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", bookings._name),
                    ("res_id", "=", bookings.id),
                    ("res_field", "=", "letter"),
                ]
            )
        )
        self.assertEqual(len(letters), 1)
        self.assertEqual(bookings.line_ids.qty_requested, 2)
        self.assertEqual(bookings.step_log_ids.step, "2")
        self.assertIn(f"/my/ruangan/{bookings.id}", second.url)

    def test_sent_back_request_is_corrected_and_resubmitted(self):
        booking = self.make_booking(start=future(days=8))
        booking.with_user(self.operator).action_submit()
        booking.with_user(self.officer).action_send_back(reason="Peserta terlalu banyak")
        self.authenticate("910001", "910001")
        res = self.url_open(f"/my/ruangan/{booking.id}")
        self.assertIn("Peserta terlalu banyak", res.text)
        res = self.url_open(f"/my/ruangan/baru?booking_id={booking.id}")
        self.assertIn('value="Rapat Uji"', res.text)
        # the operator corrects their own data, which staff can no longer change directly
        data = self._form(
            booking_id=str(booking.id),
            participants="15",
            event_name="Rapat Uji Revisi",
            purpose="Koordinasi terbatas",
        )
        res = self._post(data, letter=None)  # the letter already attached is kept
        self.assertEqual(res.status_code, 200)
        self.assertEqual(booking.state, "submitted")
        self.assertEqual(booking.participants, 15)
        self.assertEqual(
            (booking.event_name, booking.purpose), ("Rapat Uji Revisi", "Koordinasi terbatas")
        )
        self.assertEqual((booking.operator_id, booking.unit_id), (self.operator, self.unit))
        self.assertEqual(base64.b64decode(booking.letter), PDF)
        self.assertEqual(
            self.env["epesanruangan.booking"].search_count(
                [("operator_id", "=", self.operator.id)]
            ),
            1,
        )

    def test_request_with_an_absurd_stored_period_opens(self):
        """A period stored before the model refused it (here ending in year 9999, whose
        last hours are year 10000 in Jakarta) still shows, and the form corrects it."""
        booking = self.make_booking(start=future(days=8))
        self.env.cr.execute(
            "UPDATE epesanruangan_booking SET stop = %s WHERE id = %s",
            (datetime(9999, 12, 31, 22), booking.id),
        )
        booking.invalidate_recordset()
        self.authenticate("910001", "910001")
        res = self.url_open(f"/my/ruangan/{booking.id}")
        self.assertEqual(res.status_code, 200)
        self.assertIn("31 Desember 9999", res.text)
        res = self.url_open(f"/my/ruangan/baru?booking_id={booking.id}")
        self.assertEqual(res.status_code, 200)
        self.assertIn('value="Rapat Uji"', res.text)
        res = self._post(self._form(booking_id=str(booking.id)), letter=None)
        self.assertEqual(res.status_code, 200)
        self.assertEqual(booking.state, "submitted")
        self.assertEqual(booking.stop - booking.start, timedelta(hours=2))

    def test_form_errors_are_shown_not_500(self):
        self.authenticate("910001", "910001")
        res = self._post(self._form(), letter=b"not a pdf at all")
        self.assertEqual(res.status_code, 200)
        self.assertIn("must be a PDF", res.text)
        res = self._post(self._form(participants="500"))
        self.assertIn("holds 40 people", res.text)
        res = self._post(self._form(time_stop="08:00"))
        self.assertIn("end time must be after", res.text)
        res = self._post(self._form(), letter=None)
        self.assertIn("Attach the request letter", res.text)
        res = self._post(self._form(day="bukan-tanggal"))
        self.assertIn("Choose the date", res.text)
        self.assertFalse(
            self.env["epesanruangan.booking"].search([("event_name", "=", "Rapat Portal")])
        )

    def _speak_indonesian(self):
        self.env["res.lang"]._activate_lang("id_ID")
        self.env["ir.module.module"]._load_module_terms(["web", "epesanruangan"], ["id_ID"])
        self.operator.lang = "id_ID"
        self.env.ref("base.public_user").lang = "id_ID"

    def _form_error(self, response):
        self.assertEqual(response.status_code, 200, response.text[:500])
        error = etree.fromstring(response.text, etree.HTMLParser()).xpath(
            "//div[contains(@class, 'o_epesanruangan_error')]"
        )
        return " ".join(error[0].itertext()).strip() if error else ""

    def test_hostile_form_input_gets_a_message_not_500(self):
        """Unicode digits, year 1, huge numbers, NUL bytes: an Indonesian message on the
        form, no request and no equipment line left behind."""
        self._speak_indonesian()
        self.authenticate("910001", "910001")
        Booking, Line = self.env["epesanruangan.booking"], self.env["epesanruangan.booking.line"]
        before = (Booking.search_count([]), Line.search_count([]))
        qty = f"qty_{self.projector.id}"
        huge = "99999999999999999999"
        cases = [
            ({"room_id": "²"}, "Pilih ruangan."),
            ({"room_id": huge}, "Pilih ruangan."),
            ({"participants": "²"}, "Isi jumlah peserta."),
            ({"participants": huge}, "Kapasitas Ruang Uji A hanya 40 orang."),
            ({"day": "0001-01-01", "time_start": "00:00"}, "Pilih tanggal serta jam"),
            ({"day": "0001-01-01"}, "Waktu pemesanan harus di masa mendatang."),
            ({"day": "9999-12-31", "time_start": "22:00", "time_stop": "23:00"}, "paling lambat"),
            ({"time_start": "0²:00"}, "Pilih tanggal serta jam"),
            ({qty: "²"}, "bilangan bulat"),
            ({qty: huge}, "Stok Proyektor Uji hanya 3."),
            ({qty: "1.5"}, "bilangan bulat"),
            ({"event_name": "Rapat\x00Uji"}, "karakter yang tidak diizinkan"),
            ({"purpose": "Koordinasi\x00"}, "karakter yang tidak diizinkan"),
        ]
        for overrides, expected in cases:
            with self.subTest(overrides=overrides):
                self.assertIn(expected, self._form_error(self._post(self._form(**overrides))))
        # another request's id that does not fit the database: back to the list
        res = self._post(self._form(booking_id=huge))
        self.assertEqual(res.status_code, 200)
        self.assertTrue(res.url.endswith("/my/ruangan"), res.url)
        self.assertEqual((Booking.search_count([]), Line.search_count([])), before)
        # a NUL in the one-time key: a new request under a fresh key
        res = self._post(self._form(idempotency_key="kunci\x00"))
        self.assertIn("Permohonan Anda telah diajukan.", res.text)
        booking = Booking.search([("operator_id", "=", self.operator.id)])
        self.assertEqual(booking.state, "submitted")
        self.assertTrue(booking.idempotency_key)
        self.assertNotIn("\x00", booking.idempotency_key)
        # a form "started" in year 1 does not make a step that lasted two thousand years
        res = self._post(self._form(form_started="0001-01-01 00:00:00"))
        booking = Booking.search([("operator_id", "=", self.operator.id)]) - booking
        self.assertEqual(booking.state, "submitted")
        self.assertLess(booking.step_log_ids.duration, 60)  # seconds

    def test_hostile_urls_and_answers_get_no_500(self):
        self._speak_indonesian()
        booking = self.make_booking(start=future(days=8))
        self.authenticate("910001", "910001")
        huge = "99999999999999999999"
        self.assertEqual(self.url_open(f"/my/ruangan/{huge}").status_code, 404)
        res = self.url_open(f"/my/ruangan/baru?booking_id={huge}")
        self.assertTrue(res.url.endswith("/my/ruangan"), res.url)
        csrf = http.Request.csrf_token(self)
        res = self.url_open(f"/my/ruangan/{huge}/batal", data={"csrf_token": csrf})
        self.assertEqual(res.status_code, 404)
        res = self.url_open(
            f"/my/ruangan/{booking.id}/batal", data={"csrf_token": csrf, "reason": "batal\x00"}
        )
        self.assertEqual(res.status_code, 200)
        self.assertIn("karakter yang tidak diizinkan", self._form_error(res))
        self.assertEqual(booking.state, "draft")
        for params, rooms in (
            ({"day": "0001-01-01", "time_start": "00:00", "time_stop": "01:00"}, 0),
            (
                {
                    "day": "2030-01-02",
                    "time_start": "09:00",
                    "time_stop": "10:00",
                    "participants": huge,
                },
                3,
            ),
            ({"day": ["x"], "time_start": {}, "time_stop": 3}, 0),
            (
                {
                    "day": "2030-01-02",
                    "time_start": "09:00",
                    "time_stop": "10:00",
                    "participants": "²",
                },
                0,
            ),
        ):
            with self.subTest(params=params):
                res = self.url_open(
                    "/my/ruangan/ruang_tersedia",
                    data=json.dumps({"params": params}),
                    headers={"Content-Type": "application/json"},
                )
                result = res.json().get("result")
                self.assertIsNotNone(result, res.text[:300])
                free = [room for room in result["rooms"] if room["free"]]
                self.assertFalse(free)
                self.assertGreaterEqual(len(result["rooms"]), rooms)

    def test_hostile_login_gets_a_message_not_500(self):
        self._speak_indonesian()
        # a visitor whose browser speaks Indonesian
        self.authenticate(None, None, session_extra={"context": {"lang": "id_ID"}})
        for login, password in (
            ("²²²²²²", "910001"),
            ("910001\x00", "910001"),
            ("910001", "pass\x00word"),
            ("0001-01-01", "x"),
        ):
            with self.subTest(login=login, password=password):
                res = self.url_open(
                    "/web/login",
                    data={
                        "login": login,
                        "password": password,
                        "csrf_token": http.Request.csrf_token(self),
                    },
                    headers={"Accept-Language": "id-ID,id;q=0.9"},
                )
                self.assertEqual(res.status_code, 200)
                self.assertIn("Kata sandi/log masuk salah", res.text)
                self.assertIn("/web/login", res.url)

    def _notice(self, response, kind="message"):
        cls = "o_epesanruangan_message" if kind == "message" else "o_epesanruangan_error"
        found = etree.fromstring(response.text, etree.HTMLParser()).xpath(
            f"//div[contains(@class, '{cls}')]"
        )
        return " ".join(found[0].itertext()).strip() if found else ""

    def test_url_text_is_no_official_notice(self):
        """A crafted link cannot put its own words in the page's notices."""
        self._speak_indonesian()
        booking = self.make_booking(start=future(days=8))
        self.authenticate("910001", "910001")
        spoof = "Pemesanan Anda dibatalkan, hubungi 0812-0000-0000"
        for param in ("message", "error"):
            res = self.url_open(f"/my/ruangan/{booking.id}?{url_encode({param: spoof})}")
            self.assertEqual(res.status_code, 200)
            page = etree.fromstring(res.text, etree.HTMLParser())
            self.assertNotIn("0812-0000-0000", " ".join(page.xpath("//body")[0].itertext()))
            self.assertFalse(self._notice(res, param))
        # the codes the portal itself sends are shown in the operator's language
        res = self.url_open(f"/my/ruangan/{booking.id}?message=submitted")
        self.assertEqual(self._notice(res), "Permohonan Anda telah diajukan.")
        # an answer the booking cannot take says why, with nothing taken from the URL
        res = self.url_open(
            f"/my/ruangan/{booking.id}/lanjut", data={"csrf_token": http.Request.csrf_token(self)}
        )
        self.assertEqual(res.status_code, 200)
        self.assertNotIn("error=", res.url)
        self.assertIn("langkah ini tidak dapat dilakukan sekarang", self._notice(res, "error"))
        self.assertEqual(booking.state, "draft")
        res = self.url_open(
            f"/my/ruangan/{booking.id}/batal", data={"csrf_token": http.Request.csrf_token(self)}
        )
        self.assertTrue(res.url.endswith("?message=cancelled"), res.url)
        self.assertEqual(self._notice(res), "Pemesanan telah dibatalkan.")
        self.assertEqual(booking.state, "cancelled")

    def test_other_unit_is_hidden(self):
        mine = self.make_booking(event_name="Acara Unit Saya")
        theirs = self.make_booking(event_name="Acara Unit Lain", operator=self.operator2)
        self.authenticate("910001", "910001")
        res = self.url_open("/my/ruangan")
        self.assertIn("Acara Unit Saya", res.text)
        self.assertNotIn("Acara Unit Lain", res.text)
        res = self.url_open(f"/my/ruangan/{theirs.id}")
        self.assertEqual(res.status_code, 404)
        self.assertNotIn("Acara Unit Lain", res.text)
        self.assertEqual(self.url_open("/my/ruangan/999999").status_code, 404)
        res = self.url_open(f"/web/content/epesanruangan.booking/{theirs.id}/letter")
        self.assertIn(res.status_code, (403, 404))
        res = self.url_open(f"/my/ruangan/{mine.id}")
        self.assertIn("Acara Unit Saya", res.text)
        # by RPC
        with self.assertRaises(AccessError):
            theirs.with_user(self.operator).read(["event_name"])
        with self.assertRaises(AccessError):
            mine.with_user(self.operator).write({"state": "scheduled"})
        self.assertEqual(
            self.env["epesanruangan.booking"].with_user(self.operator).search([]), mine
        )
        # posting an answer on another unit's request does nothing
        res = self.url_open(
            f"/my/ruangan/{theirs.id}/batal", data={"csrf_token": http.Request.csrf_token(self)}
        )
        self.assertEqual(res.status_code, 404)
        self.assertEqual(theirs.state, "draft")

    def test_list_query_count(self):
        for days in range(1, 6):
            self.make_booking(start=future(days=days), lines=[(self.projector, 1)])
        self.authenticate("910001", "910001")
        self.url_open("/my/ruangan")  # warm the caches
        with self.assertQueryCount(14):
            res = self.url_open("/my/ruangan")
        self.assertEqual(res.text.count("Rapat Uji"), 5)

    def test_free_rooms_route(self):
        booking = self.run_to(self.make_booking(start=future(days=9)), "scheduled")
        self.authenticate("910001", "910001")
        local = pytz.utc.localize(booking.start).astimezone(WIB)
        res = self.url_open(
            "/my/ruangan/ruang_tersedia",
            data=json.dumps(
                {
                    "params": {
                        "day": local.strftime("%Y-%m-%d"),
                        "time_start": local.strftime("%H:%M"),
                        "time_stop": (local + timedelta(hours=1)).strftime("%H:%M"),
                        "participants": 30,
                    }
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        rooms = {r["id"]: r for r in res.json()["result"]["rooms"]}
        self.assertTrue(rooms[self.room.id]["busy"])
        self.assertFalse(rooms[self.room.id]["free"])
        self.assertTrue(rooms[self.room_big.id]["free"])
        self.assertFalse(rooms[self.room_small.id]["free"], "too small")

    def test_applicant_answers_on_the_portal(self):
        self.run_to(
            self.make_booking(start=future(days=5), room=self.room_big, lines=[(self.sound, 1)]),
            "scheduled",
        )
        booking = self.make_booking(start=future(days=5), lines=[(self.sound, 1)])
        booking.with_user(self.operator).action_submit()
        booking.with_user(self.officer).action_verify()
        booking.with_user(self.pss).action_pss_approve()
        self.assertEqual(booking.state, "waiting_applicant")
        self.authenticate("910001", "910001")
        res = self.url_open(f"/my/ruangan/{booking.id}")
        self.assertIn("Continue without it", res.text)
        res = self.url_open(
            f"/my/ruangan/{booking.id}/lanjut", data={"csrf_token": http.Request.csrf_token(self)}
        )
        self.assertEqual(booking.state, "verified")
        self.assertIn("continues without", res.text)

    def _rpc(self, url, **params):
        res = self.url_open(
            url,
            data=json.dumps({"params": params}),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(res.status_code, 200)
        self.assertNotIn("error", res.json(), res.text)
        return res.json()["result"]

    def _chatter_bodies(self, booking):
        """The messages of the request's page, as its portal chatter fetches them."""
        result = self._rpc(
            "/mail/chatter_fetch",
            thread_model=booking._name,
            thread_id=booking.id,
            fetch_params={"limit": 30},
        )
        return "\n".join(str(m["body"]) for m in result["data"]["mail.message"])

    def test_operator_reads_and_answers_the_notices_on_the_request_page(self):
        # the only sound system is held at that time: PSS cannot give it
        self.run_to(
            self.make_booking(start=future(days=5), room=self.room_big, lines=[(self.sound, 1)]),
            "scheduled",
        )
        booking = self.make_booking(start=future(days=5), lines=[(self.sound, 1)])
        self.assertIn(self.operator.partner_id, booking.message_partner_ids)
        booking.with_user(self.operator).action_submit()
        booking.with_user(self.officer).action_verify()
        booking.with_user(self.pss).action_pss_approve()
        booking.with_user(self.operator).action_applicant_continue()
        booking.with_user(self.head).action_validate()
        booking.with_user(self.head).action_schedule()
        self.assertEqual(booking.state, "scheduled")
        # each notice reaches the operator once (a follower named in the message too)
        notices = booking.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref("mail.mt_comment")
        )
        self.assertEqual(len(notices), 2)
        for notice in notices:
            self.assertEqual(
                notice.notification_ids.filtered(
                    lambda n: n.res_partner_id == self.operator.partner_id
                ).mapped("notification_type"),
                ["email"],
            )
        self.authenticate("910001", "910001")
        page = self.url_open(f"/my/ruangan/{booking.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn('data-res_model="epesanruangan.booking"', page.text)
        self.assertIn('data-allow_composer="1"', page.text)
        bodies = self._chatter_bodies(booking)
        self.assertIn("Not all the equipment is available: Sound Uji (0/1)", bodies)
        self.assertIn(f"Your request {booking.name} is approved", bodies)
        self.assertIn(booking.schedule_display, bodies)
        # the operator answers on the same page
        self._rpc(
            "/mail/message/post",
            thread_model=booking._name,
            thread_id=booking.id,
            post_data={
                "body": "Terima kasih, kami datang pukul 08.30.",
                "message_type": "comment",
                "subtype_xmlid": "mail.mt_comment",
            },
        )
        reply = booking.message_ids[:1]
        self.assertEqual(reply.author_id, self.operator.partner_id)
        self.assertIn("kami datang pukul 08.30", self._chatter_bodies(booking))
        # another unit's operator reads nothing of it
        self.authenticate("910002", "910002")
        res = self.url_open(
            "/mail/chatter_fetch",
            data=json.dumps({"params": {"thread_model": booking._name, "thread_id": booking.id}}),
            headers={"Content-Type": "application/json"},
        )
        self.assertNotIn("Sound Uji", res.text)

    def test_lobby_display_is_public(self):
        # under way now, today (WIB), whatever the time of the test run: the screen
        # leaves out the events that are over
        now = datetime.now(WIB).replace(second=0, microsecond=0)
        local = max(now - timedelta(hours=1), now.replace(hour=0, minute=0))
        start = local.astimezone(pytz.utc).replace(tzinfo=None)
        booking = self.make_booking(start=start, hours=2, event_name="Acara Layar Lobi")
        booking.write({"state": "scheduled"})
        res = self.url_open("/ruangan/layar")
        self.assertEqual(res.status_code, 200)
        self.assertIn("Acara Layar Lobi", res.text)
        # it fetches its data again every minute, by a script (a meta refresh fails
        # WCAG 2.2.1), and has no portal header or footer
        self.assertIn('src="/epesanruangan/static/src/lobby/lobby_screen.js"', res.text)
        self.assertNotIn('http-equiv="refresh"', res.text)
        self.assertNotIn("o_portal", res.text)
        self.assertNotIn("910001", res.text)
        script = self.url_open("/epesanruangan/static/src/lobby/lobby_screen.js")
        self.assertEqual(script.status_code, 200)
        self.assertIn("timeZone: TZ", script.text)
        self.assertIn('"Asia/Jakarta"', script.text)

    @freeze_time("2026-12-10 03:00:00")  # Kamis, 10 Desember 2026, 10.00 WIB
    def test_lobby_marks_the_events_under_way_and_next(self):
        self.env["ir.module.module"]._load_module_terms(["epesanruangan"], ["id_ID"])
        at = datetime(2026, 12, 10)  # UTC, naive as stored; WIB is UTC+7
        for hour, hours, name, room in (
            (0, 1, "Apel Pagi", self.room),  # 07.00-08.00 WIB: over
            (2, 2, "Rapat Sedang Berjalan", self.room),  # 09.00-11.00 WIB
            (5, 1, "Rapat Sesudah Makan Siang", self.room),  # 12.00-13.00 WIB
            (8, 1, "Rapat Sore", self.room),  # 15.00-16.00 WIB
            (4, 2, "Sosialisasi Ruang Besar", self.room_big),  # 11.00-13.00 WIB
        ):
            booking = self.make_booking(
                start=at + timedelta(hours=hour), hours=hours, event_name=name, room=room
            )
            booking.write({"state": "scheduled"})
        res = self.url_open("/ruangan/layar")
        self.assertEqual(res.status_code, 200)
        html = etree.fromstring(res.content, etree.HTMLParser())

        def text(node):
            return " ".join(" ".join(node.itertext()).split())

        rooms = {
            text(section.find("h2")): section
            for section in html.xpath("//section[contains(@class, 'o_lobby_room')]")
        }
        room_a = rooms["Ruang Uji A"]
        (now,) = room_a.xpath(".//*[contains(@class, 'o_lobby_now')]")
        self.assertIn("Sedang berlangsung", text(now))
        self.assertIn("Rapat Sedang Berjalan", text(now))
        self.assertIn("09.00–11.00 WIB", text(now))
        self.assertIn("Dinas Uji", text(now))
        (coming,) = room_a.xpath(".//*[contains(@class, 'o_lobby_next')]")
        self.assertIn("Berikutnya", text(coming))
        self.assertIn("Rapat Sesudah Makan Siang", text(coming))
        self.assertIn("15.00 · Rapat Sore", text(room_a))
        self.assertNotIn("Apel Pagi", res.text, "over: no longer on the screen")
        big = rooms["Ruang Uji Besar"]
        self.assertFalse(big.xpath(".//*[contains(@class, 'o_lobby_now')]"))
        self.assertIn("Berikutnya", text(big))
        self.assertIn("Sosialisasi Ruang Besar", text(big))
        small = rooms["Ruang Uji Kecil"]
        self.assertIn("Tidak ada acara lagi hari ini", text(small))
        # the date and the clock as the server renders them, before the script ticks
        self.assertIn("Kamis, 10 Desember 2026", res.text)
        (clock,) = html.xpath("//*[@id='o_lobby_clock']")
        self.assertEqual(text(clock), "10.00")

    def test_list_filters_by_status_upcoming_first_past_finished(self):
        self.env["res.lang"]._activate_lang("id_ID")
        self.env["ir.module.module"]._load_module_terms(["epesanruangan"], ["id_ID"])
        self.operator.lang = "id_ID"
        now = datetime.now().replace(microsecond=0)
        for days, state, name in (
            (5, "scheduled", "Rapat Lima Hari"),
            (2, "submitted", "Rapat Dua Hari"),
            (1, "cancelled", "Rapat Batal"),
            (3, "rejected", "Rapat Ditolak"),
            (-2, "scheduled", "Rapat Kemarin Lusa"),
            (-9, "done", "Rapat Minggu Lalu"),
        ):
            booking = self.make_booking(start=now + timedelta(days=days), event_name=name)
            booking.write({"state": state})
        self.authenticate("910001", "910001")

        def rows(url):
            html = etree.fromstring(self.url_open(url).content, etree.HTMLParser())
            return [
                (
                    " ".join(row.xpath("./td[2]/text()")).strip(),
                    row.xpath(".//td[last()]//span[contains(@class, 'badge')]/text()")[0],
                )
                for row in html.xpath("//table//tbody/tr")
            ]

        # the events to come first, the soonest on top; those over next; cancelled and
        # rejected last. A scheduled event that has ended reads "Selesai"
        self.assertEqual(
            rows("/my/ruangan"),
            [
                ("Rapat Dua Hari", "Diajukan"),
                ("Rapat Lima Hari", "Dijadwalkan"),
                ("Rapat Kemarin Lusa", "Selesai"),
                ("Rapat Minggu Lalu", "Selesai"),
                ("Rapat Ditolak", "Ditolak"),
                ("Rapat Batal", "Dibatalkan"),
            ],
        )
        page = self.url_open("/my/ruangan").text
        for label in ("Semua", "Dalam proses", "Dijadwalkan", "Selesai", "Dibatalkan atau ditolak"):
            self.assertIn(label, page)
        self.assertEqual(
            [name for name, _status in rows("/my/ruangan?filterby=finished")],
            ["Rapat Kemarin Lusa", "Rapat Minggu Lalu"],
        )
        self.assertEqual(
            [name for name, _status in rows("/my/ruangan?filterby=scheduled")],
            ["Rapat Lima Hari"],
        )
        self.assertEqual(
            [name for name, _status in rows("/my/ruangan?filterby=in_process")],
            ["Rapat Dua Hari"],
        )
        self.assertEqual(
            [name for name, _status in rows("/my/ruangan?filterby=closed")],
            ["Rapat Ditolak", "Rapat Batal"],
        )
        # an unknown filter is no error: the whole list
        self.assertEqual(len(rows("/my/ruangan?filterby=%27%3B--")), 6)
        res = self.url_open("/my/ruangan?filterby=closed")
        self.assertIn("filterby=closed", res.text)  # the filter's menu keeps it
        empty = self.url_open("/my/ruangan?filterby=in_process&page=9")
        self.assertEqual(empty.status_code, 200)

    def test_officer_reads_the_request_letter_in_the_form(self):
        booking = self.make_booking()
        form = (
            self.env["epesanruangan.booking"]
            .with_user(self.officer)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        arch = etree.fromstring(form)
        (viewer,) = arch.xpath("//page[@name='letter']/field[@name='letter']")
        self.assertEqual(viewer.get("widget"), "pdf_viewer")
        # what the viewer loads: the letter itself, for the officer
        self.authenticate("t_petugas", "t_petugas")
        res = self.url_open(
            f"/web/content?model=epesanruangan.booking&id={booking.id}&field=letter"
        )
        self.assertEqual(res.status_code, 200)
        self.assertTrue(res.content.startswith(b"%PDF-"))

    def test_indonesian_portal(self):
        self.env["res.lang"]._activate_lang("id_ID")
        self.env["ir.module.module"]._load_module_terms(["epesanruangan"], ["id_ID"])
        self.operator.lang = "id_ID"
        self.authenticate("910001", "910001")
        res = self.url_open("/my/ruangan")
        self.assertIn("Pesan Sekarang", res.text)

    @mute_logger("odoo.http")
    def test_operator_tour(self):
        self.start_tour("/my/ruangan", "epesanruangan_operator_tour", login="910001")
        booking = self.env["epesanruangan.booking"].search(
            [("event_name", "=", "Rapat Tur Operator")]
        )
        self.assertEqual(len(booking), 1)
        self.assertEqual(booking.state, "cancelled")
        self.assertEqual(booking.decision_note, "Acara ditunda")  # asked, confirmed, kept
        self.assertTrue(booking.letter)
        self.assertEqual(booking.step_log_ids.mapped("step"), ["9", "2"])
