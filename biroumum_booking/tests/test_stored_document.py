import subprocess
from datetime import datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.base.models import ir_actions_report

from .common import NOW, BiroumumCase

REPORT = "biroumum_booking.action_report_booking"


def pdf_text(pdf):
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(text.split())


def not_rendered(args):
    raise AssertionError("wkhtmltopdf ran: the stored document was not served")


@tagged("post_install", "-at_install")
class TestStoredDocument(BiroumumCase):
    """The approval's job renders the invoice / Bukti Peminjaman once and stores it; the
    prints are served from it, until the booking changes what the document shows."""

    def _approved(self):
        with freeze_time(NOW):
            booking = self._booking()
            booking.action_submit()
            booking.with_user(self.manager).action_approve()
            # the job that follows the approval, running wkhtmltopdf as in production
            Booking = self.env["biroumum.booking"].with_context(force_report_rendering=True)
            while Booking._send_notices(limit=1000):
                pass
        return booking

    def test_prints_are_served_from_the_stored_document(self):
        booking = self._approved()
        stored = booking._document_stored()
        self.assertEqual(len(stored), 1)
        self.assertEqual(stored.name, f"{booking.name.replace('/', '-')}.pdf")
        self.assertIn(booking.invoice_id.name, pdf_text(stored.raw))
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        with patch.object(ir_actions_report, "_run_wkhtmltopdf", not_rendered):
            for user in (self.member, self.manager):
                pdf, kind = Report.with_user(user)._render_qweb_pdf(REPORT, booking.ids)
                self.assertEqual(kind, "pdf")
                self.assertEqual(pdf, stored.raw)
            # another member may not print it, stored or not
            with self.assertRaises(AccessError):
                Report.with_user(self.member2)._render_qweb_pdf(REPORT, booking.ids)
        # the job again, or a second approval's job: nothing rendered twice
        with patch.object(ir_actions_report, "_run_wkhtmltopdf", not_rendered):
            self.assertEqual(
                booking.with_context(force_report_rendering=True)._store_documents(), stored
            )

    def test_a_moved_booking_is_a_new_document(self):
        """A moved booking has a new invoice: its print is rendered anew (never the old
        invoice), and by the print alone nothing is stored."""
        booking = self._approved()
        first_invoice = booking.invoice_id.name
        stored = booking._document_stored()
        with freeze_time(NOW):
            booking.with_user(self.manager).write(
                {"start": datetime(2026, 11, 26, 2, 0), "stop": datetime(2026, 11, 26, 4, 0)}
            )
        self.assertNotEqual(booking.invoice_id.name, first_invoice)
        self.assertFalse(booking._document_stored())
        attachments = self.env["ir.attachment"].search_count([])
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.member)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(REPORT, booking.ids)
        )
        text = pdf_text(pdf)
        self.assertIn(booking.invoice_id.name, text)
        self.assertNotIn(first_invoice, text)
        self.assertIn("Rp 200.000", text)
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments)
        self.assertTrue(stored.exists(), "a print replaces nothing")
