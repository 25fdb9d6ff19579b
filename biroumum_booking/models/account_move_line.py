from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    # the booking a line bills (and, copied to its credit note, credits): an invoice of a
    # series has a line per occurrence, credited one by one
    biroumum_booking_id = fields.Many2one(
        "biroumum.booking",
        string="Booking",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
    )
