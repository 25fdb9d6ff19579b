from odoo import api, fields, models
from odoo.exceptions import AccessError

from .epesanruangan_booking import PSS


def step_only_error(records, names):
    """The refusal of a direct change of `names`, fields of equipment lines: the steps
    of the room request write them."""
    return AccessError(
        records.env._(
            "%(fields)s of a room request change only through the steps of the "
            "request (the buttons), never directly.",
            fields=", ".join(
                records._fields[name]._description_string(records.env) for name in names
            ),
        )
    )


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

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self.env["epesanruangan.booking"].browse(
                {vals["booking_id"] for vals in vals_list if vals.get("booking_id")}
            )._check_lines_editable()
            for vals in vals_list:
                if vals.get("qty_approved") or vals.get("state", "requested") != "requested":
                    raise step_only_error(
                        self, ["qty_approved" if vals.get("qty_approved") else "state"]
                    )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            owned = [name for name in ("state", "booking_id") if name in vals]
            if owned:
                raise step_only_error(self, owned)
            if "equipment_id" in vals or "qty_requested" in vals:
                self.booking_id._check_lines_editable()
            if "qty_approved" in vals:
                # step 5: the equipment subdivision approves or reduces, during the check
                self.booking_id._check_group(PSS)
                self.booking_id._check_state("equipment_check")
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_in_draft(self):
        if not self.env.su:
            self.booking_id._check_lines_editable()

    def action_mark_unavailable(self):
        self.booking_id._check_group(PSS)
        self.write({"qty_approved": 0})
