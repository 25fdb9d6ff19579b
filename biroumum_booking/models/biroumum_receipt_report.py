from odoo import fields, models, tools


class BiroumumReceiptReport(models.Model):
    """What the retribusi brought in: one row per payment (or refund, negative) of a
    booking's invoice, by day, facility and channel (the provider's payment method:
    QRIS, a bank's virtual account, or finance's own journal), so the treasury sets a
    day against the bank's or the provider's settlement."""

    _name = "biroumum.receipt.report"
    _description = "Retribusi received"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "payment_id"

    payment_id = fields.Many2one("account.payment", readonly=True)
    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    journal_id = fields.Many2one("account.journal", string="Received in", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Member", readonly=True)
    facility_id = fields.Many2one("biroumum.facility", readonly=True)
    category = fields.Selection(related="facility_id.category", store=False)
    provider_id = fields.Many2one("payment.provider", readonly=True)
    payment_method_id = fields.Many2one("payment.method", string="Channel", readonly=True)
    payment_method_line_id = fields.Many2one(
        "account.payment.method.line", string="Payment method", readonly=True
    )
    currency_id = fields.Many2one("res.currency", readonly=True)
    amount = fields.Monetary(string="Received", readonly=True)
    is_refund = fields.Boolean(string="Refund", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT payment.id,
                       payment.id AS payment_id,
                       payment.date,
                       payment.company_id,
                       payment.journal_id,
                       payment.partner_id,
                       booking.facility_id,
                       tx.provider_id,
                       tx.payment_method_id,
                       payment.payment_method_line_id,
                       payment.currency_id,
                       CASE WHEN payment.payment_type = 'inbound'
                            THEN payment.amount ELSE -payment.amount END AS amount,
                       payment.payment_type = 'outbound' AS is_refund
                  FROM account_payment payment
                  LEFT JOIN payment_transaction tx ON tx.id = payment.payment_transaction_id
                  JOIN LATERAL (
                        SELECT b.facility_id
                          FROM account_move__account_payment rel
                          JOIN account_move_line line ON line.move_id = rel.invoice_id
                          JOIN biroumum_booking b ON b.id = line.biroumum_booking_id
                         WHERE rel.payment_id = payment.id
                         LIMIT 1
                       ) booking ON TRUE
                 WHERE payment.state IN ('in_process', 'paid')
            )
            """
        )
