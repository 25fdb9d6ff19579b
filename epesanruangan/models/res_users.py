import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

NRK_RE = re.compile(r"^[0-9]{6}$")


class ResUsers(models.Model):
    _inherit = "res.users"

    nrk = fields.Char(
        string="NRK",
        copy=False,
        help="Nomor Registrasi Kepegawaian; for operators it is also their login.",
    )
    epesanruangan_unit_id = fields.Many2one(
        "epesanruangan.unit", string="Work Unit (SKPD/UKPD)", index=True
    )

    _nrk_unique = models.Constraint("UNIQUE(nrk)", "This NRK is already used by another user.")

    @api.constrains("nrk")
    def _check_nrk(self):
        for user in self.filtered("nrk"):
            if not NRK_RE.match(user.nrk):
                raise ValidationError(self.env._("The NRK must be 6 digits."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("nrk"):
                vals["nrk"] = vals["nrk"].strip()
                vals.setdefault("login", vals["nrk"])
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("nrk"):
            vals["nrk"] = vals["nrk"].strip()
            # operators log in with their NRK: keep the login in step
            follow = self.filtered(lambda u: u.share or not u.login or u.login == u.nrk)
            if follow and "login" not in vals:
                super(ResUsers, follow).write(dict(vals, login=vals["nrk"]))
                return super(ResUsers, self - follow).write(vals) if self - follow else True
        return super().write(vals)
