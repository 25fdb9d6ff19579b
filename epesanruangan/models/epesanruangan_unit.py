from odoo import fields, models

from odoo.addons.layanan_base.tools import NAME_LENGTH


class EpesanruanganUnit(models.Model):
    _name = "epesanruangan.unit"
    _inherit = ["layanan.text.limits"]
    _description = "Work Unit (SKPD/UKPD)"
    _order = "name"
    _text_limits = {"name": NAME_LENGTH, "code": NAME_LENGTH}

    name = fields.Char(required=True)
    code = fields.Char()
    active = fields.Boolean(default=True)
    operator_ids = fields.One2many("res.users", "epesanruangan_unit_id", string="Operators")

    _code_unique = models.Constraint("UNIQUE(code)", "The code of a work unit must be unique.")
