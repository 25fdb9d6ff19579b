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
        """Terbilang: the amount in words, in the document's language (num2words): the
        booking's, or the total of the series invoice it is on."""
        self.ensure_one()
        return self.currency_id.amount_to_text(self._billed_total())

    def _series_invoice_lines(self):
        """The lines of the booking's invoice when it bills a series (one per
        occurrence): the document lists them all. None for a booking's own invoice."""
        self.ensure_one()
        lines = self.invoice_id.sudo().invoice_line_ids
        return lines if len(lines) > 1 else lines.browse()

    def _series_credit_notes(self):
        """The posted credit notes of occurrences taken off the series invoice."""
        self.ensure_one()
        if not self._series_invoice_lines():
            return self.env["account.move"]
        return self.invoice_id.sudo().reversal_move_ids.filtered(lambda m: m.state == "posted")

    def _billed_total(self):
        """What the document bills: the invoice's total for a series, else the booking's
        amount."""
        self.ensure_one()
        if self._series_invoice_lines():
            return self.invoice_id.sudo().amount_total
        return self.amount

    def _amount_due_display(self):
        """What is left to pay, as "How to pay" says it: the series invoice's residual
        (its credit notes deducted), else the booking's amount."""
        self.ensure_one()
        if self._series_invoice_lines():
            return self._format_idr(self.invoice_id.sudo().amount_residual)
        return self.amount_display
