import uuid

import pytz

from odoo import http
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import PDF, EpesanruanganCase, future

TOO_LONG = "is too long: at most %s characters"
NOT_ALLOWED = "contains characters that are not allowed"
WIB = pytz.timezone("Asia/Jakarta")


@tagged("post_install", "-at_install")
class TestTextLimits(EpesanruanganCase):
    """What people type has a maximum and no NUL, refused in words by the model itself
    (the portal form, the backend and RPC alike), with nothing stored."""

    def _refused(self, records, vals, message):
        before = records.read(list(vals))
        with self.assertRaisesRegex(ValidationError, message):
            records.write(vals)
        records.invalidate_recordset()
        self.assertEqual(records.read(list(vals)), before)

    def test_request_texts(self):
        booking = self.make_booking().with_user(self.officer)
        # the event's name reaches the public lobby screen
        self._refused(booking, {"event_name": "x" * 100_000}, "Event " + TOO_LONG % 200)
        self._refused(booking, {"purpose": "x" * 5001}, TOO_LONG % 5000)
        self._refused(booking, {"report_note": "x" * 5001}, TOO_LONG % 5000)
        self._refused(booking, {"event_name": "Rapat\x00"}, NOT_ALLOWED)
        self._refused(booking, {"purpose": "Uji\x07"}, NOT_ALLOWED)
        booking.write({"event_name": "x" * 200, "purpose": "baris 1\nbaris 2"})
        self.assertEqual(len(booking.event_name), 200)
        Booking = self.env["epesanruangan.booking"]
        count = Booking.search_count([])
        with self.assertRaisesRegex(ValidationError, TOO_LONG % 200):
            self.make_booking(event_name="x" * 201)
        self.assertEqual(Booking.search_count([]), count)

    def test_note_to_the_applicant(self):
        booking = self.make_booking()
        booking.with_user(self.operator).action_submit()
        with self.assertRaisesRegex(ValidationError, TOO_LONG % 5000):
            booking.with_user(self.officer).action_send_back(reason="x" * 100_000)
        self.assertEqual((booking.state, booking.decision_note), ("submitted", False))

    def test_configuration_names(self):
        admin = new_test_user(self.env, login="t_ep_admin", groups="epesanruangan.group_admin")
        for record, vals, message in (
            (self.room, {"name": "x" * 129}, TOO_LONG % 128),
            (self.room, {"location": "x" * 501}, TOO_LONG % 500),
            (self.room, {"facilities": "x" * 5001}, TOO_LONG % 5000),
            (self.projector, {"name": "x" * 129}, TOO_LONG % 128),
            (self.projector, {"uom": "unit\x00"}, NOT_ALLOWED),
            (self.unit, {"name": "x" * 129}, TOO_LONG % 128),
            (self.unit, {"code": "UJI\x00"}, NOT_ALLOWED),
        ):
            with self.subTest(model=record._name, vals=str(vals)[:30]):
                self._refused(record.with_user(admin), vals, message)


@tagged("post_install", "-at_install")
class TestRequestFormLimits(HttpCase, EpesanruanganCase):
    """The request form takes at most what the request stores, and says so."""

    def test_form_maxlength_is_the_models_and_longer_text_is_refused(self):
        self.authenticate("910001", "910001")
        limits = self.env["epesanruangan.booking"]._text_limits
        page = self.url_open("/my/ruangan/baru").text
        for field in ("event_name", "purpose"):
            self.assertRegex(page, rf'name="{field}"[^>]*maxlength="{limits[field]}"')
        Booking = self.env["epesanruangan.booking"]
        before = Booking.search_count([])
        start = pytz.utc.localize(future(days=8)).astimezone(WIB)
        for field, label in (("event_name", "Event"), ("purpose", "Purpose")):
            with self.subTest(field=field):
                data = {
                    "csrf_token": http.Request.csrf_token(self),
                    "idempotency_key": str(uuid.uuid4()),
                    "event_name": "Rapat Portal",
                    "purpose": "Koordinasi",
                    "participants": "10",
                    "day": start.strftime("%Y-%m-%d"),
                    "time_start": "09:00",
                    "time_stop": "11:00",
                    "room_id": str(self.room.id),
                    field: "x" * 100_000,
                }
                response = self.url_open(
                    "/my/ruangan/ajukan",
                    data=data,
                    files={"letter": ("surat.pdf", PDF, "application/pdf")},
                )
                self.assertEqual(response.status_code, 200)
                self.assertIn(
                    f"{label} is too long: at most {limits[field]} characters "
                    "(this one has 100000).",
                    response.text,
                )
                self.assertLess(len(response.text), 60_000, "the page does not echo it all")
        self.assertEqual(Booking.search_count([]), before)
