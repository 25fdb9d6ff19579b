import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

NRK_RE = re.compile(r"[0-9]{6}", re.ASCII)


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
            if not NRK_RE.fullmatch(user.nrk):
                raise ValidationError(self.env._("The NRK must be 6 digits."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._clean_nrk(vals)
            if vals.get("nrk"):
                vals.setdefault("login", vals["nrk"])
        users = super().create(vals_list)
        users._sync_nrk_login()
        return users

    def write(self, vals):
        self._clean_nrk(vals)
        # staff whose login is their NRK keep logging in with it when it changes
        follow = (
            self.filtered(lambda u: not u.login or u.login == u.nrk)
            if vals.get("nrk") and "login" not in vals
            else self.browse()
        )
        res = super().write(vals)
        if {"nrk", "login", "group_ids"} & set(vals):
            self._sync_nrk_login(follow)
        return res

    def _epesanruangan_operator(self):
        """A work unit's operator: a portal account with an NRK or a work unit (SOP step
        1), who books Balaikota rooms in the portal."""
        self.ensure_one()
        return self.share and bool(self.nrk or self.epesanruangan_unit_id)

    def _layanan_operator_account(self):
        return super()._layanan_operator_account() or self._epesanruangan_operator()

    @api.model
    def _clean_nrk(self, vals):
        if "nrk" in vals:
            nrk = vals["nrk"]
            vals["nrk"] = str(nrk).strip() or False if nrk not in (False, None) else False

    def _sync_nrk_login(self, follow=None):
        """Operators (portal users) log in with their NRK (SOP step 1), whatever the
        path that made them or gave them the NRK: the invitation, the user form, RPC."""
        for user in self:
            if user.nrk and user.login != user.nrk and (user.share or user in (follow or ())):
                user.write({"login": user.nrk})
