import base64
import io

from PIL import Image

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import EpesanruanganCase, future

REPORT = "epesanruangan.report_event"


@tagged("post_install", "-at_install")
class TestEventReportAccess(HttpCase, EpesanruanganCase):
    """The event report goes to the leadership: no public link reaches it."""

    def _sent_report(self):
        booking = self.run_to(self.make_booking(event_name="Rapat Terbatas Pimpinan"), "scheduled")
        booking.write({"start": future(days=-2), "stop": future(days=-2, hour=4)})
        booking.with_user(self.officer).action_done()
        buffer = io.BytesIO()
        Image.new("RGB", (64, 48), "blue").save(buffer, "PNG")
        booking.with_user(self.officer).write(
            {"photo_ids": [(0, 0, {"image": base64.b64encode(buffer.getvalue())})]}
        )
        booking.with_user(self.officer).action_send_report()
        report = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "epesanruangan.booking"),
                ("res_id", "=", booking.id),
                ("name", "=", f"Laporan Acara {booking.name}.pdf"),
            ]
        )
        self.assertEqual(len(report), 1)
        return booking, report

    @mute_logger("odoo.http")
    def test_no_public_link_reaches_the_event_report(self):
        booking, report = self._sent_report()
        # the file has no public token and is not public
        self.assertFalse(report.public)
        self.assertFalse(report.access_token)
        urls = (
            f"/web/content/{report.id}",
            f"/web/content/{report.id}?download=true",
            f"/web/content/ir.attachment/{report.id}/datas",
            f"/report/pdf/{REPORT}/{booking.id}",
            f"/report/html/{REPORT}/{booking.id}",
            f"/my/ruangan/{booking.id}",
        )
        # the public, and an operator of another work unit
        for login in (None, "910002"):
            self.authenticate(login, login)
            for url in urls:
                response = self.url_open(url)
                self.assertNotEqual(response.headers["Content-Type"], "application/pdf", url)
                self.assertNotIn("Rapat Terbatas Pimpinan", response.text, url)
        # the lobby screen shows today's events only, never a report
        self.authenticate(None, None)
        screen = self.url_open("/ruangan/layar").text
        self.assertNotIn("Laporan Acara", screen)
        self.assertNotIn(f"/web/content/{report.id}", screen)
        # the leadership has it
        self.authenticate("t_pimpinan", "t_pimpinan")
        response = self.url_open(f"/web/content/{report.id}")
        self.assertEqual(response.headers["Content-Type"], "application/pdf")

    def test_missing_record_is_not_found(self):
        """/report/<html|pdf>/<our report>/<no such id>: a 404, not a server error."""
        self.authenticate("t_petugas", "t_petugas")
        for converter in ("html", "pdf"):
            with (
                mute_logger("odoo.http"),
                self.assertNoLogs("odoo.addons.base.models.ir_qweb", level="ERROR"),
            ):
                response = self.url_open(f"/report/{converter}/{REPORT}/99999999")
            self.assertEqual(response.status_code, 404, converter)
