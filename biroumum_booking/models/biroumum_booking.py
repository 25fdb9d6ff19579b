from odoo import fields, models


class BiroumumBooking(models.Model):
    _name = "biroumum.booking"
    _description = "Facility Booking"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "start desc, id desc"

    name = fields.Char(required=True, readonly=True, copy=False, default="/")
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("cancelled", "Cancelled"),
            ("done", "Done"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    facility_id = fields.Many2one("biroumum.facility", required=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Booker", required=True, index=True)
    start = fields.Datetime(required=True)
    stop = fields.Datetime(required=True)
