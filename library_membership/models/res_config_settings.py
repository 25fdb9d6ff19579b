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


SERVICE_TARGET_SECONDS = IntParam("library_membership.service_target_seconds", 840, 60)
EXPIRY_REMINDER_DAYS = IntParam("library_membership.expiry_reminder_days", 14, 1)


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

    @api.constrains("library_service_target_minutes", "library_expiry_reminder_days")
    def _check_library_limits(self):
        for settings in self:
            if settings.library_service_target_minutes < SERVICE_TARGET_SECONDS.minimum // 60:
                raise ValidationError(
                    self.env._("The service standard must be at least one minute.")
                )
            if settings.library_expiry_reminder_days < EXPIRY_REMINDER_DAYS.minimum:
                raise ValidationError(
                    self.env._("The expiry reminder must come at least one day before.")
                )
