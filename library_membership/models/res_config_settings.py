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


# at most a working day (8 hours) for the counter service; the reminder at most 27 days
# before the expiry: fewer than the shortest membership period (one month, at least 28
# days), so the renewal window it opens is always fewer days than the period
SERVICE_TARGET_SECONDS = IntParam("library_membership.service_target_seconds", 840, 60, 28800)
EXPIRY_REMINDER_DAYS = IntParam("library_membership.expiry_reminder_days", 14, 1, 27)


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

    library_service_target_minutes = fields.Integer(
        string="Service standard (minutes)",
        default=SERVICE_TARGET_SECONDS.default // 60,
        help="The time the counter service may take, from the ID document to the printed "
        "card (14 minutes in the SOP).",
    )
    library_expiry_reminder_days = fields.Integer(
        string="Expiry reminder (days before)",
        config_parameter=EXPIRY_REMINDER_DAYS.key,
        default=EXPIRY_REMINDER_DAYS.default,
        help="How many days before a card expires its member gets the reminder e-mail.",
    )

    @api.model
    def get_values(self):
        res = super().get_values()
        seconds = self.env["library.sop.step"].service_target()
        res["library_service_target_minutes"] = round(seconds / 60)
        res["library_expiry_reminder_days"] = int_param(self.env, EXPIRY_REMINDER_DAYS)
        return res

    def set_values(self):
        res = super().set_values()
        self.env["ir.config_parameter"].sudo().set_param(
            SERVICE_TARGET_SECONDS.key, str(self.library_service_target_minutes * 60)
        )
        return res

    def _check_library_limits(self, vals):
        """Refuse a limit out of range in words, before it is stored: a huge one would
        not even fit in the database's integer column."""
        minutes = vals.get("library_service_target_minutes")
        if minutes is not None:
            if minutes < SERVICE_TARGET_SECONDS.minimum // 60:
                raise ValidationError(
                    self.env._("The service standard must be at least one minute.")
                )
            if minutes > SERVICE_TARGET_SECONDS.maximum // 60:
                raise ValidationError(
                    self.env._(
                        "The service standard can be at most %s minutes (a working day).",
                        SERVICE_TARGET_SECONDS.maximum // 60,
                    )
                )
        days = vals.get("library_expiry_reminder_days")
        if days is not None:
            if days < EXPIRY_REMINDER_DAYS.minimum:
                raise ValidationError(
                    self.env._("The expiry reminder must come at least one day before.")
                )
            if days > EXPIRY_REMINDER_DAYS.maximum:
                raise ValidationError(
                    self.env._(
                        "The expiry reminder can come at most %s days before: fewer than "
                        "the shortest membership period (one month).",
                        EXPIRY_REMINDER_DAYS.maximum,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_library_limits(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_library_limits(vals)
        return super().write(vals)
