from odoo import api, models
from odoo.exceptions import ValidationError

from ..tools import int_param


class ResConfigSettings(models.TransientModel):
    """Whole-number settings of the services, each a system parameter with its range
    (``tools.IntParam``): read through ``int_param`` (a bad value typed under Technical
    falls back to the default), and refused in words on the Settings page."""

    _inherit = "res.config.settings"

    @api.model
    def _layanan_int_settings(self):
        """{settings field: (IntParam, factor)}: the field shows the parameter divided by
        `factor` (minutes of a parameter kept in seconds: 60). Each service adds its
        own."""
        return {}

    @api.model
    def get_values(self):
        res = super().get_values()
        for name, (param, factor) in self._layanan_int_settings().items():
            res[name] = int_param(self.env, param) // factor
        return res

    def set_values(self):
        res = super().set_values()
        set_param = self.env["ir.config_parameter"].sudo().set_param
        for name, (param, factor) in self._layanan_int_settings().items():
            if not getattr(self._fields[name], "config_parameter", None):
                set_param(param.key, str(self[name] * factor))
        return res

    @api.model
    def _check_layanan_int_settings(self, vals):
        """Refuse a value out of its range in words, before it is stored (a huge one
        would not even fit in the database's integer column)."""
        for name, (param, factor) in self._layanan_int_settings().items():
            value = vals.get(name)
            if value is None or value is False:
                continue
            minimum, maximum = -(-param.minimum // factor), param.maximum // factor
            if not minimum <= value <= maximum:
                raise ValidationError(
                    self.env._(
                        "%(setting)s must be from %(minimum)s to %(maximum)s.",
                        setting=self._fields[name]._description_string(self.env),
                        minimum=minimum,
                        maximum=maximum,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_layanan_int_settings(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_layanan_int_settings(vals)
        return super().write(vals)
