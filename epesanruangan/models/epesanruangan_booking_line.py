from odoo import api, fields, models


class EpesanruanganBookingLine(models.Model):
    _name = "epesanruangan.booking.line"
    _description = "Requested Equipment"
    _order = "booking_id, id"

    booking_id = fields.Many2one(
        "epesanruangan.booking", required=True, ondelete="cascade", index=True
    )
    equipment_id = fields.Many2one("epesanruangan.equipment", required=True, ondelete="restrict")
    qty_requested = fields.Integer(string="Requested", required=True, default=1)
    qty_approved = fields.Integer(string="Approved", default=0)
    qty_available = fields.Integer(string="Available", compute="_compute_qty_available")
    state = fields.Selection(
        [
            ("requested", "Requested"),
            ("approved", "Approved"),
            ("reduced", "Reduced"),
            ("unavailable", "Unavailable"),
        ],
        default="requested",
        required=True,
    )
    # stored copies for the usage reports (pivot by unit and month)
    unit_id = fields.Many2one(related="booking_id.unit_id", store=True, string="Work Unit")
    start = fields.Datetime(related="booking_id.start", store=True)
    booking_state = fields.Selection(related="booking_id.state", string="Request Status")

    _qty_positive = models.Constraint(
        "CHECK(qty_requested > 0 AND qty_approved >= 0 AND qty_approved <= qty_requested)",
        "Quantities must be positive and the approved quantity cannot exceed the requested one.",
    )

    @api.depends("equipment_id", "booking_id.start", "booking_id.stop")
    def _compute_qty_available(self):
        for booking in self.booking_id:
            lines = self.filtered(lambda line, b=booking: line.booking_id == b)
            avail = {}
            if booking.start and booking.stop:
                avail = lines.equipment_id._origin._available_qty(
                    booking.start, booking.stop, booking._origin.ids
                )
            for line in lines:
                line.qty_available = avail.get(line.equipment_id.id, 0)
        for line in self.filtered(lambda line: not line.booking_id):
            line.qty_available = line.equipment_id.stock

    def action_mark_unavailable(self):
        self.booking_id._check_role("group_pss")
        self.write({"qty_approved": 0})
