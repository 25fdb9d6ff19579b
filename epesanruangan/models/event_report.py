from odoo import api, models

from odoo.addons.layanan_base.tools import report_records


class ReportEvent(models.AbstractModel):
    """Values of the event report: the bookings, which must exist."""

    _name = "report.epesanruangan.report_event"
    _description = "Event Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        return {
            "doc_ids": docids,
            "doc_model": "epesanruangan.booking",
            "docs": report_records(self.env, "epesanruangan.booking", docids),
        }
