from odoo import fields, models

from odoo.addons.layanan_base.tools import NAME_LENGTH


class LibraryMemberCategory(models.Model):
    _name = "library.member.category"
    _inherit = ["layanan.text.limits"]
    _description = "Library Member Category"
    _order = "sequence, id"
    _text_limits = {"name": NAME_LENGTH}

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    validity_months = fields.Integer(
        string="Validity (months)", default=12, required=True, help="How long a card is valid."
    )
    active = fields.Boolean(default=True)
    member_count = fields.Integer(compute="_compute_member_count")

    _validity_positive = models.Constraint(
        "CHECK (validity_months > 0)", "The validity must be at least one month."
    )

    def _compute_member_count(self):
        counts = dict(
            self.env["library.member"]._read_group(
                [("category_id", "in", self.ids), ("state", "=", "active")],
                ["category_id"],
                ["__count"],
            )
        )
        for category in self:
            category.member_count = counts.get(category, 0)
