from odoo import fields, models


class BiroumumFacility(models.Model):
    _name = "biroumum.facility"
    _description = "Facility"
    _inherit = ["mail.thread"]
    _order = "category, name"

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    category = fields.Selection(
        [
            ("vehicle", "Vehicle"),
            ("building", "Building"),
            ("meeting_room", "Meeting room"),
            ("venue", "Venue / yard"),
        ],
        required=True,
        tracking=True,
    )
