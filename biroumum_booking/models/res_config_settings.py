from odoo import api, fields, models

from odoo.addons.layanan_base.tools import IntParam

# at most ten years ahead; at most a year's notice to cancel online
BOOKING_WINDOW = IntParam("biroumum_booking.booking_window_days", 90, 1, 3650)
MEMBER_CANCEL_HOURS = IntParam("biroumum_booking.member_cancel_hours", 24, 0, 8760)


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    biroumum_booking_window_days = fields.Integer(
        string="Booking window (days)",
        config_parameter=BOOKING_WINDOW.key,
        default=BOOKING_WINDOW.default,
        help="How many days ahead members may book a facility.",
    )
    biroumum_member_cancel_hours = fields.Integer(
        string="Online cancellation (hours before the start)",
        config_parameter=MEMBER_CANCEL_HOURS.key,
        default=MEMBER_CANCEL_HOURS.default,
        help="Until how many hours before the start a member may cancel a booking in the "
        "portal; later, the Biro Umum cancels it.",
    )

    @api.model
    def _layanan_int_settings(self):
        return {
            **super()._layanan_int_settings(),
            "biroumum_booking_window_days": (BOOKING_WINDOW, 1),
            "biroumum_member_cancel_hours": (MEMBER_CANCEL_HOURS, 1),
        }
