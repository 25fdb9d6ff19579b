from odoo import models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _process(self, provider_code, payment_data):
        """A confirmed payment of a booking's invoice is posted and reconciled at once,
        in the provider's own notification (the webhook), rather than by the member's
        status page or Odoo's job minutes later: the booking reads "Lunas" within the
        second, and its Pengelola sees it. The same transaction processed twice (a
        replayed webhook, two servers) registers one payment: the second finds it done
        and post-processed, or waits on the first's row and is retried by Odoo."""
        tx = super()._process(provider_code, payment_data)
        if (
            tx
            and tx.state == "done"
            and not tx.is_post_processed
            and tx.invoice_ids
            and self.env["biroumum.booking"]
            .sudo()
            .search_count([("invoice_id", "in", tx.invoice_ids.ids)], limit=1)
        ):
            tx._post_process()
        return tx
