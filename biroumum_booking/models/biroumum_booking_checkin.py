from odoo import fields, models

from odoo.addons.layanan_base.tools.qr import qr_svg_data_uri


class BiroumumBooking(models.Model):
    """Check-in and no-shows (layanan_base) for rooms, buildings and venues: an approved
    booking of a facility with a check-in grace period is checked in by its Pengelola
    or by the member's own QR code shown at the door (their portal link); one nobody
    checked in is cancelled as a no-show: its invoice reversed, the member told by the
    cancellation e-mail, the slot free."""

    _inherit = "biroumum.booking"  # pylint: disable=consider-merging-classes-inherited
    _checkin_states = ("approved",)

    checkin_grace_minutes = fields.Integer(related="facility_id.checkin_grace_minutes")

    def _check_checkin_actor(self):
        self._check_actor_staff()

    def _release_as_no_show(self, reason):
        self.sudo().action_cancel(reason=reason)

    def _checkin_url(self):
        """The member's own check-in link (the QR code of the booking page): their
        portal link, which opens the check-in page of this booking only."""
        self.ensure_one()
        return (
            f"{self.get_base_url()}/my/bookings/{self.id}/checkin?access_token={self.access_token}"
        )

    def _checkin_qr(self):
        return qr_svg_data_uri(self._checkin_url())
