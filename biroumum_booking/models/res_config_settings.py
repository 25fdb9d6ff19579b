import logging
from typing import NamedTuple

from odoo import api, fields, models
from odoo.exceptions import ValidationError

_logger = logging.getLogger(__name__)


class IntParam(NamedTuple):
    """A whole-number system parameter: its key, its default, its smallest and its
    largest value (beyond it, the dates computed with it overflow, or mean nothing)."""

    key: str
    default: int
    minimum: int
    maximum: int


# at most ten years ahead; at most a year's notice to cancel online
BOOKING_WINDOW = IntParam("biroumum_booking.booking_window_days", 90, 1, 3650)
MEMBER_CANCEL_HOURS = IntParam("biroumum_booking.member_cancel_hours", 24, 0, 8760)


def int_param(env, param):
    """The value of `param`, or its default when it is missing or when
    someone wrote there (under Technical > System Parameters, which checks nothing) a
    value that is not a whole number from its minimum to its maximum: a typo there must
    not break the pages and jobs that read it. The Settings page refuses such values
    itself."""
    key, default, minimum, maximum = param
    raw = env["ir.config_parameter"].sudo().get_param(key)
    if raw in (None, False, ""):
        return default
    try:
        value = int(str(raw).strip())
    except ValueError:
        value = None
    if value is None or not minimum <= value <= maximum:
        _logger.warning(
            "System parameter %s is %r, not a whole number from %s to %s: using %s.",
            key,
            raw,
            minimum,
            maximum,
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

    def _check_biroumum_booking_limits(self, vals):
        """Refuse a limit out of range in words, before it is stored: a huge one would
        not even fit in the database's integer column."""
        window = vals.get("biroumum_booking_window_days")
        if window is not None:
            if window < BOOKING_WINDOW.minimum:
                raise ValidationError(self.env._("The booking window must be at least one day."))
            if window > BOOKING_WINDOW.maximum:
                raise ValidationError(
                    self.env._("The booking window can be at most %s days.", BOOKING_WINDOW.maximum)
                )
        hours = vals.get("biroumum_member_cancel_hours")
        if hours is not None:
            if hours < MEMBER_CANCEL_HOURS.minimum:
                raise ValidationError(
                    self.env._("The online cancellation limit cannot be negative.")
                )
            if hours > MEMBER_CANCEL_HOURS.maximum:
                raise ValidationError(
                    self.env._(
                        "The online cancellation limit can be at most %s hours.",
                        MEMBER_CANCEL_HOURS.maximum,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_biroumum_booking_limits(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_biroumum_booking_limits(vals)
        return super().write(vals)
