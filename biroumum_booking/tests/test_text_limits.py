import re
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import NOW, BiroumumCase

TOO_LONG = "is too long: at most %s characters"
NOT_ALLOWED = "contains characters that are not allowed"


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestTextLimits(BiroumumCase):
    """What people type has a maximum and no NUL, refused in words by the model itself
    (the portal form, the backend and RPC alike), with nothing stored."""

    def _refused(self, records, vals, message):
        before = [records.read(list(vals))] if records else None
        with self.assertRaisesRegex(ValidationError, message):
            records.write(vals)
        if before:
            records.invalidate_recordset()
            self.assertEqual(records.read(list(vals)), before[0])

    def test_booking_texts(self):
        booking = self._booking().with_user(self.manager)
        self._refused(booking, {"purpose": "x" * 201}, "Purpose \\(event\\) " + TOO_LONG % 200)
        self._refused(booking, {"notes": "x" * 5001}, TOO_LONG % 5000)
        self._refused(booking, {"destination": "x" * 501}, TOO_LONG % 500)
        self._refused(booking, {"purpose": "Rapat\x00"}, NOT_ALLOWED)
        self._refused(booking, {"notes": "baris 1\x1bbaris 2"}, NOT_ALLOWED)
        # what fits is stored as typed, line breaks and tabs included
        booking.write({"purpose": "x" * 200, "notes": "baris 1\nbaris 2\tdan tab"})
        self.assertEqual(len(booking.purpose), 200)
        # the member's booking (created by the portal through sudo) is refused the same
        Booking = self.env["biroumum.booking"].with_user(self.member).sudo()
        count = Booking.search_count([])
        with self.assertRaisesRegex(ValidationError, TOO_LONG % 200):
            self._booking(purpose="x" * 100_000)
        self.assertEqual(Booking.search_count([]), count)

    def test_reason_of_a_rejection(self):
        booking = self._booking()
        booking.with_user(self.member).action_submit()
        booking = booking.with_user(self.manager)
        with self.assertRaisesRegex(ValidationError, TOO_LONG % 5000):
            booking.action_reject(reason="x" * 100_000)
        self.assertEqual((booking.state, booking.reason), ("submitted", False))

    def test_facility_and_terms_texts(self):
        room = self.room.with_user(self.admin)
        self._refused(room, {"name": "x" * 129}, TOO_LONG % 128)
        self._refused(room, {"location": "x" * 501}, TOO_LONG % 500)
        self._refused(room, {"description": "x" * 5001}, TOO_LONG % 5000)
        self._refused(room, {"name": "Ruang\x00A"}, NOT_ALLOWED)
        terms = self.terms_room.with_user(self.admin)
        body = terms.body
        with self.assertRaisesRegex(ValidationError, TOO_LONG % 50000):
            terms.write({"body": "<p>%s</p>" % ("x" * 50_000)})
        self.assertEqual(terms.body, body)
        self.assertTrue(terms.active, "no new version either")

    def test_partner_fields_of_the_biro_umum(self):
        # who edits contacts and sees the Biro Umum's fields (the signup writes them too)
        clerk = new_test_user(
            self.env,
            login="bu_contacts",
            groups="base.group_partner_manager,biroumum_booking.group_manager",
        )
        partner = self.member.partner_id.with_user(clerk)
        # a longer NIK would be cut to its column's 16 characters and pass as valid
        self._refused(partner, {"biroumum_nik": "3374014107900001999"}, TOO_LONG % 16)
        self._refused(partner, {"biroumum_institution": "x" * 129}, TOO_LONG % 128)
        self._refused(partner, {"biroumum_institution": "Dinas\x00"}, NOT_ALLOWED)
        # a contact's own fields stay core's business
        partner.write({"comment": "<p>catatan</p>", "street": "Jl. Pemuda 1"})
        self.assertEqual(partner.street, "Jl. Pemuda 1")


@tagged("post_install", "-at_install")
class TestBookingFormLimits(HttpCase):
    """The booking form takes at most what the booking stores, and says so."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member = new_test_user(cls.env, login="bu_limits_member", groups="base.group_portal")
        cls.room = cls.env.ref("biroumum_booking.facility_room_a_demo")
        cls.car = cls.env["biroumum.facility"].search([("category", "=", "vehicle")], limit=1)

    def _post(self, facility, **values):
        url = f"/layanan/fasilitas/{facility.id}"
        page = self.url_open(url).text
        terms = self.env["biroumum.terms"]._get_current(facility.category)
        day = (datetime.now() + timedelta(days=30)).date()
        while day.weekday() == 6:
            day += timedelta(days=1)
        data = {
            "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1),
            "start": f"{day}T09:00",
            "stop": f"{day}T10:00",
            "purpose": "Rapat warga",
            "attendees": "1",
            "terms_id": str(terms.id),
            "terms_accepted": "on",
            **values,
        }
        return page, self.url_open(f"{url}/pesan", data=data, allow_redirects=False)

    def test_form_maxlength_is_the_models_and_longer_text_is_refused(self):
        self.authenticate("bu_limits_member", "bu_limits_member")
        limits = self.env["biroumum.booking"]._text_limits
        Booking = self.env["biroumum.booking"].sudo()
        before = Booking.search_count([])
        for facility, field, label in (
            (self.room, "purpose", "Purpose (event)"),
            (self.room, "notes", "Notes"),
            (self.car, "destination", "Destination"),
        ):
            with self.subTest(field=field):
                page, response = self._post(facility, **{field: "x" * 100_000})
                self.assertRegex(page, rf'name="{field}"[^>]*maxlength="{limits[field]}"')
                self.assertEqual(response.status_code, 200)
                self.assertIn(
                    f"{label} is too long: at most {limits[field]} characters "
                    "(this one has 100000).",
                    response.text,
                )
                self.assertLess(len(response.text), 60_000, "the page does not echo it all")
        self.assertEqual(Booking.search_count([]), before)
