from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    biroumum_booking_window_days = fields.Integer(
        string="Booking window (days)",
        config_parameter="biroumum_booking.booking_window_days",
        default=90,
        help="How many days ahead members may book a facility.",
    )
    biroumum_member_cancel_hours = fields.Integer(
        string="Online cancellation (hours before the start)",
        config_parameter="biroumum_booking.member_cancel_hours",
        default=24,
        help="Until how many hours before the start a member may cancel a booking in the "
        "portal; later, the Biro Umum cancels it.",
    )

    @api.constrains("biroumum_booking_window_days", "biroumum_member_cancel_hours")
    def _check_biroumum_booking_limits(self):
        for settings in self:
            if settings.biroumum_booking_window_days < 1:
                raise ValidationError(self.env._("The booking window must be at least one day."))
            if settings.biroumum_member_cancel_hours < 0:
                raise ValidationError(
                    self.env._("The online cancellation limit cannot be negative.")
                )
