from odoo import api, fields, models

from odoo.addons.layanan_base.tools import IntParam

# at most a working day (8 hours) for the counter service; the reminder at most 27 days
# before the expiry: fewer than the shortest membership period (one month, at least 28
# days), so the renewal window it opens is always fewer days than the period
SERVICE_TARGET_SECONDS = IntParam("library_membership.service_target_seconds", 840, 60, 28800)
EXPIRY_REMINDER_DAYS = IntParam("library_membership.expiry_reminder_days", 14, 1, 27)


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    library_service_target_minutes = fields.Integer(
        string="Service standard (minutes)",
        default=SERVICE_TARGET_SECONDS.default // 60,
        help="The time the counter service may take, from the ID document to the printed "
        "card (14 minutes in the SOP; at most a working day, 480 minutes).",
    )
    library_expiry_reminder_days = fields.Integer(
        string="Expiry reminder (days before)",
        config_parameter=EXPIRY_REMINDER_DAYS.key,
        default=EXPIRY_REMINDER_DAYS.default,
        help="How many days before a card expires its member gets the reminder e-mail "
        "(at most 27: fewer than the shortest membership period, one month).",
    )

    @api.model
    def _layanan_int_settings(self):
        return dict(
            super()._layanan_int_settings(),
            library_service_target_minutes=(SERVICE_TARGET_SECONDS, 60),
            library_expiry_reminder_days=(EXPIRY_REMINDER_DAYS, 1),
        )
