import subprocess

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import NOW, BiroumumCase


@tagged("post_install", "-at_install")
class TestManagerSeesTheInvoice(BiroumumCase):
    """A facility's manager (Pengelola) sees and prints the invoices of the bookings of
    their facilities, read only, without being an accountant."""

    def setUp(self):
        super().setUp()
        # wkhtmltopdf must not wait on this test's transaction through the live server
        self.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        with freeze_time(NOW):
            self.booking = self._booking()
            self.booking.action_submit()
            self.booking.with_user(self.manager).action_approve()
            self._run_notice_job()  # (the approved booking's document is stored)
        self.invoice = self.booking.invoice_id
        self.assertEqual(self.invoice.state, "posted")

    def test_the_invoice_button_opens_the_invoice_for_the_manager(self):
        self.assertFalse(self.manager.has_group("account.group_account_invoice"))
        action = self.booking.with_user(self.manager).action_view_invoice()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_name"], "biroumum_booking.report_booking_document")
        self.assertEqual(action["context"]["active_ids"], self.booking.ids)
        # an accountant gets the invoice itself
        accountant = self.env.ref("base.user_admin")
        action = self.booking.with_user(accountant).action_view_invoice()
        self.assertEqual((action["res_model"], action["res_id"]), ("account.move", self.invoice.id))

    def test_the_manager_prints_invoice_and_booking_confirmation(self):
        pdf, fmt = (
            self.env["ir.actions.report"]
            .with_user(self.manager)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("biroumum_booking.action_report_booking", self.booking.ids)
        )
        self.assertEqual(fmt, "pdf")
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        self.assertIn(self.invoice.name, text)
        self.assertIn("Rp 300.000", text)

    def test_the_manager_reads_no_other_invoice_and_writes_none(self):
        with self.assertRaises(AccessError):
            self.invoice.with_user(self.manager).write({"ref": "diubah"})
        with freeze_time(NOW):
            other = self._booking(
                self.car, start=self.booking.start, stop=self.booking.stop, attendees=2
            )
            other.action_submit()
            other.with_user(self.manager2).action_approve()
        with self.assertRaises(AccessError):
            other.with_user(self.manager).action_view_invoice()
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(self.manager)._render_qweb_html(
                "biroumum_booking.action_report_booking", other.ids
            )
