from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _biroumum_portal_entry(self):
        """Whether /my offers the Biro Umum's bookings: to every member (a citizen who
        signed up finds the way in before a first booking), but not to an operator
        account of another service (the Balaikota's NRK) unless it has booked here."""
        self.ensure_one()
        # under the user's own rights (``env.user`` is a superuser record)
        bookings = self.env["biroumum.booking"].with_user(self)
        return not self._layanan_operator_account() or bool(bookings.search_count([], limit=1))
