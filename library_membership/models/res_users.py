from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _library_portal_entry(self):
        """Whether /my offers the library card: to a member, or an applicant, of the
        library (whose card page says where the application stands); the others find
        the library on its public page."""
        self.ensure_one()
        # the user's own partner, and only whether there is one: the applications are
        # not readable in the portal before the card is issued
        members_sudo = self.env["library.member"].sudo()
        return bool(members_sudo.search_count([("partner_id", "=", self.partner_id.id)], limit=1))
