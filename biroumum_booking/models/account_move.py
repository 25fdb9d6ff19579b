from odoo import api, models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _has_to_be_paid(self):
        """No "Bayar Sekarang" that no payment method backs: Odoo offers to pay any open
        invoice online once the portal payment setting is on (it is by default), and a
        member who pressed it found "no payment method available"."""
        return super()._has_to_be_paid() and self._online_payment_available(self.company_id)

    @api.model
    def _online_payment_available(self, company=None):
        """Whether the company has a payment provider its members can pay with."""
        company = company or self.env.company
        return bool(
            self.env["payment.provider"]
            .sudo()
            .search_count(
                [("state", "in", ("enabled", "test")), ("company_id", "=", company.id)], limit=1
            )
        )

    def _invoice_paid_hook(self):
        """A booking's invoice paid: the booking reads "Lunas", its Pengelola is told and
        the member gets the receipt (biroumum.booking._on_paid)."""
        result = super()._invoice_paid_hook()
        invoices = self.filtered(lambda move: move.move_type == "out_invoice")
        if invoices:
            self.env["biroumum.booking"].sudo().search(
                [("invoice_id", "in", invoices.ids)]
            )._on_paid()
        return result

    def _layanan_booking(self):
        """The Biro Umum booking this invoice is of (none for any other invoice): of a
        series invoice, an occurrence still approved or done, whose print lists them all."""
        self.ensure_one()
        bookings = self.env["biroumum.booking"].sudo().search([("invoice_id", "=", self.id)])
        return bookings.filtered(lambda b: b.state in ("approved", "done"))[:1] or bookings[:1]
