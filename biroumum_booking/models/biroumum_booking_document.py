from odoo import models

from odoo.addons.layanan_base.tools import format_letter_date, wib_today


class BiroumumBooking(models.Model):
    """What the invoice / Bukti Peminjaman prints beyond the booking itself: the dates
    of a letter and the amount in words."""

    _inherit = "biroumum.booking"

    def _document_issue_date(self):
        """The day the document is issued: the invoice's date, or the day it is rendered
        (an approved booking's document is rendered once and stored)."""
        self.ensure_one()
        return self.invoice_id.invoice_date or wib_today()

    def _format_letter_date(self, day):
        return format_letter_date(day, self.env.lang)

    def _amount_in_words(self):
        """Terbilang: the amount in words, in the document's language (num2words)."""
        self.ensure_one()
        return self.currency_id.amount_to_text(self.amount)
