from odoo import api, models
from odoo.exceptions import ValidationError

from ..tools import text_error


class LayananTextLimits(models.AbstractModel):
    """Text fields with a maximum length, refused in words by the model itself (whatever
    the path: a portal form, the backend, RPC), before anything is stored.

    A model lists its limits in ``_text_limits`` ({field name: characters}); Char and
    Text fields that are not listed are still refused when they hold a control
    character. An Html field is checked only when listed (a long text that staff
    write, such as terms and conditions). (``fields.Char(size=...)`` would cut the
    text silently.)"""

    _name = "layanan.text.limits"
    _description = "Text fields with a maximum length"

    _text_limits = {}

    @api.model
    def _check_text_limits(self, vals):
        for name, value in vals.items():
            field = self._fields.get(name)
            if not isinstance(value, str) or field is None:
                continue
            if field.type not in ("char", "text") and not (
                field.type == "html" and name in self._text_limits
            ):
                continue
            error = text_error(
                self.env,
                field._description_string(self.env),
                value,
                self._text_limits.get(name),
            )
            if error:
                raise ValidationError(error)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_text_limits(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_text_limits(vals)
        return super().write(vals)
