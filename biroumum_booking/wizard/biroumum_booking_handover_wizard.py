from odoo import fields, models

from ..models.biroumum_booking_handover import FUEL_LEVELS


class BiroumumBookingHandoverWizard(models.TransientModel):
    """What the Pengelola reads off the vehicle when it goes out or comes back."""

    _name = "biroumum.booking.handover.wizard"
    _description = "Vehicle hand-over"

    booking_id = fields.Many2one("biroumum.booking", required=True, readonly=True)
    direction = fields.Selection(
        [("out", "Vehicle handed over"), ("in", "Vehicle returned")], required=True, readonly=True
    )
    vehicle_id = fields.Many2one(related="booking_id.facility_id.fleet_vehicle_id")
    last_odometer = fields.Float(string="Last odometer reading (km)", readonly=True, digits=(12, 0))
    odometer = fields.Float(string="Odometer (km)", required=True, digits=(12, 0))
    fuel = fields.Selection(FUEL_LEVELS, string="Fuel level", required=True, default="100")
    condition = fields.Text(help="Scratches, dents, cleanliness, what is missing.")
    photo_ids = fields.Many2many("ir.attachment", string="Photos")

    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        booking = self.env["biroumum.booking"].browse(values.get("booking_id"))
        if booking and "last_odometer" in fields_list:
            if values.get("direction") == "in":
                values["last_odometer"] = booking.odometer_out
            else:
                values["last_odometer"] = booking._vehicle_last_odometer()
            values.setdefault("odometer", values["last_odometer"])
        return values

    def action_confirm(self):
        self.ensure_one()
        self.booking_id._record_handover(
            self.direction, self.odometer, self.fuel, self.condition, self.photo_ids
        )
        return {"type": "ir.actions.act_window_close"}
