"""The waiting list (issue 18 item 6) in the Balaikota: an operator whose room is taken
for the period waits for it from the request form; when the period is freed, the first
in line is offered it by e-mail for a limited time, then the next."""

import base64
from datetime import timedelta

import lxml.html
import pytz

from odoo import fields, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import PDF, PortalFormMixin, future
from .test_series import SeriesCase

WIB = pytz.timezone("Asia/Jakarta")


class WaitlistCase(SeriesCase):
    def join(self, user, start=None, hours=2, room=None):
        start = start or future(days=8)
        return (
            self.env["layanan.booking.waitlist"]
            .with_user(user)
            ._join(
                "epesanruangan.booking",
                room or self.room,
                start,
                start + timedelta(hours=hours),
                {"event_name": "Rapat menunggu", "participants": 8, "lines": []},
            )
        )

    def mails_to(self, partner):
        return self.env["mail.mail"].search([("recipient_ids", "in", partner.ids)])


@tagged("post_install", "-at_install")
class TestWaitlist(WaitlistCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.operator3 = new_test_user(
            cls.env,
            login="910003",
            password="910003",
            groups="base.group_portal",
            email="op3@example.com",
        )
        cls.operator3.write({"nrk": "910003", "epesanruangan_unit_id": cls.unit.id})

    def test_a_cancellation_offers_the_period_to_the_first_in_line_then_the_next(self):
        held = self.hold(future(days=8))
        with self.assertRaisesRegex(UserError, "free: book it directly"):
            self.join(self.operator, start=future(days=9))
        first = self.join(self.operator)
        second = self.join(self.operator3)
        with self.assertRaisesRegex(UserError, "already on the waiting list"):
            self.join(self.operator)
        held.with_user(self.officer).action_cancel(reason="Acara batal")
        self.assertEqual((first.state, second.state), ("offered", "waiting"))
        mail = self.mails_to(self.operator.partner_id).filtered(
            lambda m: "Ruang Uji A" in (m.subject or "")
        )
        self.assertEqual(len(mail), 1)
        self.assertIn(f"/daftar-tunggu/{first.token}", mail.body_html)
        # while the offer stands, no one else requests the period from the form
        Booking = self.env["epesanruangan.booking"].with_user(self.operator2)
        with self.assertRaisesRegex(ValidationError, "offered to the first on its waiting list"):
            Booking._check_bookable(self.room, first.start, first.stop, 10)
        # not taken in time: it goes to the next
        first.offer_deadline = fields.Datetime.now() - timedelta(minutes=1)
        self.assertEqual(self.env["layanan.booking.waitlist"]._cron_expire_offers(), 1)
        self.assertEqual((first.state, second.state), ("expired", "offered"))
        with self.assertRaises(AccessError):
            second.with_user(self.operator).action_take()

    def test_a_move_frees_the_period_it_leaves(self):
        held = self.hold(future(days=8))
        entry = self.join(self.operator)
        held.with_user(self.head).action_reschedule(self.room_big, held.start, held.stop)
        self.assertEqual(entry.state, "offered")

    def test_an_offer_is_only_for_a_period_that_is_wholly_free(self):
        early = self.hold(future(days=8), hours=1)
        late = self.hold(future(days=8, hour=3), hours=1)
        entry = self.join(self.operator)
        early.with_user(self.officer).action_cancel(reason="Bentrok")
        self.assertEqual(entry.state, "waiting")  # the rest of it is still held
        late.with_user(self.officer).action_cancel(reason="Bentrok")
        self.assertEqual(entry.state, "offered")


@tagged("post_install", "-at_install")
class TestWaitlistPortal(PortalFormMixin, HttpCase, WaitlistCase):
    def _form(self, **overrides):
        return super()._form(
            **{
                "event_name": "Rapat Menunggu Ruangan",
                f"qty_{self.projector.id}": "1",
                **overrides,
            }
        )

    def test_an_operator_waits_for_a_taken_room_and_takes_the_offer(self):
        self.env["res.lang"]._activate_lang("id_ID")
        self.env["ir.module.module"]._load_module_terms(
            ["layanan_base", "epesanruangan"], ["id_ID"]
        )
        self.operator.lang = "id_ID"
        held = self.hold(future(days=8, hour=3))  # 10.00-12.00 WIB
        self.authenticate("910001", "910001")
        response = self.url_open(
            "/my/ruangan/ajukan",
            data=self._form(),
            files={"letter": ("surat.pdf", PDF, "application/pdf")},
            allow_redirects=False,
        )
        # not submitted: the room is taken, said with its period; the waiting list offered
        self.assertEqual(response.status_code, 200)
        Booking = self.env["epesanruangan.booking"]
        self.assertFalse(Booking.search([("event_name", "=", "Rapat Menunggu Ruangan")]))
        page = lxml.html.fromstring(response.text)
        error = page.xpath('//div[hasclass("o_epesanruangan_error")]')[0].text_content()
        self.assertIn("Ruang Uji A sudah dipesan", error)
        self.assertIn("10.00 - 12.00 WIB", error)
        join = page.xpath('//section[hasclass("o_epesanruangan_waitlist_join")]//form')[0]
        self.assertIn("Masuk daftar tunggu", join.text_content())
        data = {field.get("name"): field.get("value") for field in join.xpath(".//input")}
        response = self.url_open(join.get("action"), data=data, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/my/daftar-tunggu"))
        text = " ".join(
            lxml.html.fromstring(self.url_open("/my/daftar-tunggu").text).text_content().split()
        )
        self.assertIn("Ruang Uji A", text)
        self.assertIn("Menunggu", text)
        entry = self.env["layanan.booking.waitlist"].search(
            [("partner_id", "=", self.operator.partner_id.id)]
        )
        self.assertEqual(entry.state, "waiting")
        # a free room offers no waiting list
        response = self.url_open(
            "/my/ruangan/ajukan",
            data=self._form(room_id=str(self.room_big.id), event_name=""),
            files={"letter": ("surat.pdf", PDF, "application/pdf")},
        )
        self.assertNotIn("o_epesanruangan_waitlist_join", response.text)
        # freed: offered by e-mail, taken on the offer's page
        held.with_user(self.officer).action_cancel(reason="Acara batal")
        self.assertEqual(entry.state, "offered")
        response = self.url_open(
            f"/daftar-tunggu/{entry.token}",
            data={"csrf_token": http.Request.csrf_token(self)},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(entry.state, "booked")
        booking = Booking.browse(entry.booking_id)
        self.assertIn(f"/my/ruangan/{booking.id}", response.headers["Location"])
        self.assertEqual(
            (booking.state, booking.event_name, booking.operator_id, booking.unit_id),
            ("submitted", "Rapat Menunggu Ruangan", self.operator, self.unit),
        )
        self.assertEqual((booking.start, booking.stop), (entry.start, entry.stop))
        self.assertEqual(base64.b64decode(booking.letter), PDF)
        self.assertEqual(
            [(line.equipment_id, line.qty_requested) for line in booking.line_ids],
            [(self.projector, 1)],
        )
        # someone else's link opens nothing
        self.authenticate("910002", "910002")
        response = self.url_open(f"/daftar-tunggu/{entry.token}", allow_redirects=False)
        self.assertTrue(response.headers["Location"].endswith("/my/daftar-tunggu"))
