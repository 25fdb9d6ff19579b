import logging

import psycopg2

from odoo import models

from .biroumum_facility import format_idr

_logger = logging.getLogger(__name__)


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _process(self, provider_code, payment_data):
        """A confirmed payment of a booking's invoice is posted and reconciled at once,
        in the provider's own notification (the webhook), rather than by the member's
        status page or Odoo's job minutes later: the booking reads "Lunas" within the
        second, and its Pengelola sees it. The same transaction processed twice (a
        replayed webhook, two servers) registers one payment: the second finds it done
        and post-processed, or, delivered at the same moment, conflicts with the first
        on the rows both write (the transaction, the invoice's lines): PostgreSQL refuses
        it (a serialization failure) and Odoo retries it, to find it done. A second
        transaction that paid an invoice already paid (two tabs, two QRIS scans) is given
        back (_give_back_overpayment)."""
        tx = super()._process(provider_code, payment_data)
        if not (tx and tx.state == "done" and not tx.is_post_processed and tx.invoice_ids):
            return tx
        bookings = (
            self.env["biroumum.booking"].sudo().search([("invoice_id", "in", tx.invoice_ids.ids)])
        )
        if not bookings:
            return tx
        paid_before = all(
            invoice.payment_state in ("paid", "in_payment", "reversed")
            for invoice in tx.invoice_ids
        )
        try:
            with self.env.cr.savepoint():
                tx._post_process()
        except psycopg2.OperationalError:
            raise  # a concurrent notification: Odoo retries the request
        except Exception:
            # the confirmation stands; Odoo's post-processing job tries again
            _logger.exception("Transaction %s: post-processing left to the job", tx.reference)
            return tx
        if paid_before and tx.operation != "refund":
            tx._give_back_overpayment(bookings)
        return tx

    def _post_process(self):
        """A refund of a double payment of a booking's invoice (_give_back_overpayment)
        is set against the payment it gives back: nothing stays open for finance."""
        result = super()._post_process()
        for tx in self.filtered(
            lambda t: t.operation == "refund" and t.state == "done" and t.payment_id
        ):
            source_payment = tx.source_transaction_id.payment_id
            if not (source_payment and tx.source_transaction_id.invoice_ids):
                continue
            lines = (tx.payment_id.move_id.line_ids | source_payment.move_id.line_ids).filtered(
                lambda line: (
                    line.account_id.account_type == "asset_receivable" and not line.reconciled
                )
            )
            if len(lines) == 2 and len(lines.account_id) == 1:
                lines.reconcile()
        return result

    def _give_back_overpayment(self, bookings):
        """This confirmed transaction paid invoices that were paid already: refunded
        through its provider where it refunds, else a to-do for finance on its payment;
        the booking says so."""
        self.ensure_one()
        support = self.provider_id.support_refund
        if support in ("partial", "full_only"):
            self._refund()
            note = self.env._(
                "A second payment of %(amount)s (%(reference)s) arrived for an invoice already "
                "paid: it is refunded through %(provider)s.",
                amount=format_idr(self.amount),
                reference=self.reference,
                provider=self.provider_id.name,
            )
        else:
            self.payment_id.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Refund a double payment of %s", format_idr(self.amount)),
                user_id=bookings[:1]._finance_user().id,
            )
            note = self.env._(
                "A second payment of %(amount)s (%(reference)s) arrived for an invoice already "
                "paid: finance refunds it.",
                amount=format_idr(self.amount),
                reference=self.reference,
            )
        for booking in bookings:
            booking.message_post(body=note)
