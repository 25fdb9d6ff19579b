from odoo import fields, models


class EpesanruanganBooking(models.Model):
    _name = "epesanruangan.booking"
    _description = "Room Booking Request"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "start desc, id desc"

    name = fields.Char(string="Event", required=True, tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("verified", "Verified"),
            ("equipment_check", "Equipment check"),
            ("waiting_applicant", "Waiting for the applicant"),
            ("validated", "Validated"),
            ("scheduled", "Scheduled"),
            ("to_reschedule", "To reschedule"),
            ("done", "Done"),
            ("rejected", "Rejected"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    start = fields.Datetime(required=True)
    stop = fields.Datetime(required=True)
