import logging
from typing import NamedTuple

from odoo import api, fields, models
from odoo.exceptions import ValidationError

_logger = logging.getLogger(__name__)


class IntParam(NamedTuple):
    """A whole-number system parameter: its key, its default and its smallest value."""

    key: str
    default: int
    minimum: int


BOOKING_WINDOW = IntParam("biroumum_booking.booking_window_days", 90, 1)
MEMBER_CANCEL_HOURS = IntParam("biroumum_booking.member_cancel_hours", 24, 0)


def int_param(env, param):
    """The value of `param`, or its default when it is missing or when
    someone wrote there (under Technical > System Parameters, which checks nothing) a
    value that is not a whole number of at least its minimum: a typo there must not break
    the pages and jobs that read it. The Settings page refuses such values itself."""
    key, default, minimum = param
    raw = env["ir.config_parameter"].sudo().get_param(key)
    if raw in (None, False, ""):
        return default
    try:
        value = int(str(raw).strip())
    except ValueError:
        value = None
    if value is None or value < minimum:
        _logger.warning(
            "System parameter %s is %r, not a whole number of at least %s: using %s.",
            key,
            raw,
            minimum,
            default,
        )
        return default
    return value


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
    def get_values(self):
        res = super().get_values()
        res["biroumum_booking_window_days"] = int_param(self.env, BOOKING_WINDOW)
        res["biroumum_member_cancel_hours"] = int_param(self.env, MEMBER_CANCEL_HOURS)
        return res

    @api.constrains("biroumum_booking_window_days", "biroumum_member_cancel_hours")
    def _check_biroumum_booking_limits(self):
        for settings in self:
            if settings.biroumum_booking_window_days < BOOKING_WINDOW.minimum:
                raise ValidationError(self.env._("The booking window must be at least one day."))
            if settings.biroumum_member_cancel_hours < MEMBER_CANCEL_HOURS.minimum:
                raise ValidationError(
                    self.env._("The online cancellation limit cannot be negative.")
                )
