import json
import re

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from odoo.addons.layanan_base.tools import parse_wib_datetime

from .test_portal import slot

REPORT = "biroumum_booking.report_booking_document"


@tagged("post_install", "-at_install")
class TestVerificationToken(HttpCase):
    """The QR code of a printed invoice / Bukti Peminjaman is read by anyone who holds the
    paper: its token opens the public verification page, and nothing else."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.manager = new_test_user(
            env,
            login="bu_vt_mgr",
            groups="biroumum_booking.group_manager,account.group_account_invoice",
        )
        cls.member = new_test_user(
            env, login="bu_vt_m1", groups="base.group_portal", name="Siti Verifikasi"
        )
        cls.other = new_test_user(env, login="bu_vt_m2", groups="base.group_portal")
        cls.room = env["biroumum.facility"].create(
            {
                "name": "Ruang Verifikasi",
                "category": "meeting_room",
                "capacity": 30,
                "price": 100000,
                "manager_user_id": cls.manager.id,
                "resource_calendar_id": env.ref("biroumum_booking.resource_calendar_service").id,
            }
        )

    def _approved_booking(self):
        """A booking made as the member makes it, approved: its invoice is posted."""
        start, stop = slot(5, 9, 11)
        booking = (
            self.env["biroumum.booking"]
            .sudo()
            .create(
                {
                    "facility_id": self.room.id,
                    "partner_id": self.member.partner_id.id,
                    "start": parse_wib_datetime(start),
                    "stop": parse_wib_datetime(stop),
                    "purpose": "Rapat rahasia keluarga",
                    "attendees": 12,
                    "notes": "Catatan pribadi",
                }
            )
        )
        booking._accept_terms(self.env["biroumum.terms"]._get_current("meeting_room"))
        booking.with_user(self.member).action_submit()
        booking.with_user(self.manager).action_approve()
        self.assertTrue(booking.invoice_id)
        return booking.sudo()

    def _printed_token(self, booking):
        """The token that the printed document carries (its QR code and its text)."""
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("biroumum_booking.action_report_booking", booking.ids)[0]
            .decode()
        )
        tokens = re.findall(r"/layanan/verifikasi/([\w-]+)", html)
        self.assertEqual(len(tokens), 1, "the document names its verification page once")
        self.assertFalse(booking.access_token in html, "the portal token is printed")
        return tokens[0]

    def _post_in_chatter(self, booking, token):
        return self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "biroumum.booking",
                "thread_id": booking.id,
                "post_data": {"body": "Pesan palsu", "message_type": "comment"},
                "token": token,
            },
        )

    def test_the_printed_token_opens_only_the_verification_page(self):
        booking = self._approved_booking()
        token = self._printed_token(booking)
        self.assertEqual(token, booking.verification_token)
        self.assertNotEqual(token, booking.access_token)
        self.assertGreaterEqual(len(token), 43)

        # the public page: number, facility, period, status, booker, paid or not; whoever
        # scans the QR reads it in Indonesian (id.po's msgstr, the English beside)
        page = self.url_open(f"/layanan/verifikasi/{token}").text
        self.assertIn("Pemesanan ini sah.", page)  # This booking is valid.
        for shown in (
            booking.name,
            "Ruang Verifikasi",
            "09.00 - 11.00 WIB",
            "Disetujui",  # Approved
            "Siti Verifikasi",
            "Belum dibayar",  # Not paid
        ):
            self.assertIn(shown, page)
        for hidden in (
            "Rapat rahasia keluarga",
            "Catatan pribadi",
            booking.invoice_id.name,
            "200.000",
            booking.access_token,
            booking.invoice_id.access_token,
            f"/my/bookings/{booking.id}",
        ):
            self.assertNotIn(hidden, page)

        chatter = len(booking.message_ids)
        for login in (None, "bu_vt_m2"):
            self.authenticate(login, login)
            # the booking's portal page and its print
            for url in (f"/my/bookings/{booking.id}", f"/my/bookings/{booking.id}/cetak"):
                response = self.url_open(f"{url}?access_token={token}")
                self.assertNotIn("Rapat rahasia keluarga", response.text)
                self.assertNotEqual(response.headers["Content-Type"], "application/pdf")
            # the invoice, as a page and as a PDF
            invoice = booking.invoice_id
            for query in ("", "&report_type=pdf", "&report_type=pdf&download=true"):
                response = self.url_open(f"/my/invoices/{invoice.id}?access_token={token}{query}")
                self.assertNotIn(invoice.name, response.text)
                self.assertNotEqual(response.headers["Content-Type"], "application/pdf")
            # the chatter, as the member
            with mute_logger("odoo.http"):
                with self.assertRaises(JsonRpcException) as refused:
                    self._post_in_chatter(booking, token)
            self.assertIn("NotFound", str(refused.exception))
        booking.invalidate_recordset()
        self.assertEqual(len(booking.message_ids), chatter)
        self.assertNotIn("Pesan palsu", "".join(booking.message_ids.mapped("body")))

        # the portal token still serves the links the member was sent (the test above
        # would see the hole): it opens the booking
        self.authenticate(None, None)
        response = self.url_open(f"/my/bookings/{booking.id}?access_token={booking.access_token}")
        self.assertIn("Rapat rahasia keluarga", response.text)

    def test_verification_page_for_any_string(self):
        booking = self._approved_booking()
        with mute_logger("odoo.http"):
            for token in ("salah", booking.verification_token[:-1], "x" * 43, booking.access_token):
                response = self.url_open(f"/layanan/verifikasi/{token}")
                self.assertEqual(response.status_code, 404, token)
                self.assertNotIn(booking.name, response.text)

    def test_tokens_are_made_by_the_steps_and_never_by_a_print(self):
        """The booking's and its invoice's portal tokens are made by submit and approval;
        the report routes are read-only in Odoo 19, and printing writes nothing (a write
        there made Odoo run the request again on a read/write cursor, and collided with
        the approval's job or a staff edit)."""
        booking = self._approved_booking()
        self.assertTrue(booking.access_token)
        self.assertTrue(booking.invoice_id.access_token)
        tokens = (booking.access_token, booking.invoice_id.access_token)
        self.authenticate("bu_vt_mgr", "bu_vt_mgr")
        context = json.dumps({"force_report_rendering": True})
        # (core's invoice report is left out: Odoo 19 writes its lines' parent_id, a
        # computed field, while rendering it; the README says so)
        for url in (
            f"/report/html/{REPORT}/{booking.id}",
            f"/report/pdf/{REPORT}/{booking.id}?context={context}",
        ):
            with (
                self.assertNoLogs("odoo.http", level="WARNING"),
                self.assertNoLogs("odoo.sql_db", level="ERROR"),
            ):
                response = self.url_open(url, timeout=120)
            self.assertEqual(response.status_code, 200, url)
            if "/report/pdf/" in url:
                self.assertEqual(response.headers["Content-Type"], "application/pdf")
            else:
                self.assertIn(booking.invoice_id.name, response.text)
        # the member's invoice, as a page and as a PDF, finds its token made
        self.authenticate("bu_vt_m1", "bu_vt_m1")
        for query in ("", "?report_type=pdf&download=true"):
            response = self.url_open(f"/my/invoices/{booking.invoice_id.id}{query}", timeout=120)
            self.assertEqual(response.status_code, 200)
        booking.invalidate_recordset()
        self.assertEqual((booking.access_token, booking.invoice_id.access_token), tokens)
        self.assertTrue(booking.verification_token)

    def test_existing_bookings_each_get_their_own_token(self):
        """Odoo fills a new column with one value of its default for every existing row:
        each booking that existed before the token gets a token of its own."""
        bookings = self.env["biroumum.booking"].search([], limit=5) | self._approved_booking()
        self.assertGreater(len(bookings), 1)
        # as before the upgrade: no verification token, the access_token in the QR codes
        self.env.cr.execute(
            "UPDATE biroumum_booking SET verification_token = NULL, "
            "access_token = 'printed-' || id WHERE id IN %s",
            [tuple(bookings.ids)],
        )
        self.env["biroumum.booking"]._init_column("verification_token")
        bookings.invalidate_recordset()
        tokens = bookings.mapped("verification_token")
        self.assertTrue(all(tokens))
        self.assertEqual(len(set(tokens)), len(bookings))
        # the portal tokens that were printed are taken back: an old paper opens nothing
        self.assertFalse(any(bookings.mapped("access_token")))
        booking = bookings[-1]
        response = self.url_open(f"/my/bookings/{booking.id}?access_token=printed-{booking.id}")
        self.assertNotIn("Rapat rahasia keluarga", response.text)

    def test_missing_record_is_not_found(self):
        """/report/<html|pdf>/<our report>/<no such id>: a 404, not a server error."""
        self.authenticate("bu_vt_mgr", "bu_vt_mgr")
        for converter in ("html", "pdf"):
            with (
                mute_logger("odoo.http"),
                self.assertNoLogs("odoo.addons.base.models.ir_qweb", level="ERROR"),
            ):
                response = self.url_open(f"/report/{converter}/{REPORT}/99999999")
            self.assertEqual(response.status_code, 404, converter)
