from odoo import api, fields, models

from odoo.addons.layanan_base.tools import TITLE_LENGTH, int_param

from .res_config_settings import SERVICE_TARGET_SECONDS

STEPS = [
    ("register", "1. Register with the officer"),
    ("form", "2. Fill the registration form"),
    ("input", "3. Data entry"),
    ("crosscheck", "4. Cross-check"),
    ("revision", "5. Revision"),
    ("photo", "6. Member photo"),
    ("print", "7. Card print"),
]


class LibrarySopStep(models.Model):
    """The service standard (Mutu Baku) of one SOP step: its target time."""

    _name = "library.sop.step"
    _inherit = ["layanan.text.limits"]
    _description = "Service Standard Step"
    _order = "sequence, id"
    _text_limits = {"name": TITLE_LENGTH}

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(STEPS, required=True)
    sequence = fields.Integer(default=10)
    target_seconds = fields.Integer(string="Target (s)", required=True)

    _code_unique = models.Constraint("UNIQUE (code)", "Each SOP step has one standard.")
    _target_positive = models.Constraint(
        "CHECK (target_seconds > 0)", "The target time must be positive."
    )

    @api.model
    def service_target(self):
        """Target of the whole counter service in seconds (14 minutes in the SOP)."""
        return int_param(self.env, SERVICE_TARGET_SECONDS)
