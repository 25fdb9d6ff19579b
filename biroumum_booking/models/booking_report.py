from odoo import api, models

from odoo.addons.layanan_base.tools import report_records


class ReportBookingDocument(models.AbstractModel):
    """Values of the invoice / Bukti Peminjaman: the bookings, which must exist."""

    _name = "report.biroumum_booking.report_booking_document"
    _description = "Booking invoice / Bukti Peminjaman"

    @api.model
    def _get_report_values(self, docids, data=None):
        return {
            "doc_ids": docids,
            "doc_model": "biroumum.booking",
            "docs": report_records(self.env, "biroumum.booking", docids),
        }
