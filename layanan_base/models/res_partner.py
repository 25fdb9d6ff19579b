from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def write(self, vals):
        """A portal user who changes the address of their own account (in "My account")
        confirms the new address as the first one: until then the account is not
        confirmed. (A change by the staff is the staff's word.)"""
        if "email" not in vals or self.env.user._is_internal():
            return super().write(vals)
        before = {partner.id: partner.email_normalized for partner in self}
        result = super().write(vals)
        changed = self.filtered(lambda p: p.email_normalized != before[p.id])
        users = changed.sudo().user_ids.filtered(lambda u: u.email_confirmed and u.share)
        if users:
            users.email_confirmed = False
            users._send_email_confirmation()
        return result
