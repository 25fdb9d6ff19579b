from odoo import fields, models

from .epesanruangan_booking import OFFICER


class EpesanruanganBooking(models.Model):
    """Check-in and no-shows (layanan_base) for the Balaikota's rooms: a scheduled event
    in a room with a check-in grace period is checked in by an officer at the door; one
    nobody checked in is cancelled as a no-show (step 9, with the reason), the operator
    told on the request, the room free at once."""

    _inherit = "epesanruangan.booking"  # pylint: disable=consider-merging-classes-inherited
    _checkin_states = ("scheduled",)

    room_checkin_grace = fields.Integer(related="room_id.checkin_grace_minutes")

    def _check_checkin_actor(self):
        self._check_group(OFFICER)

    def _release_as_no_show(self, reason):
        self.ensure_one()
        self.sudo().write({"state": "cancelled", "decision_note": reason})
        self.flush_recordset(["state"])
        self._sync_calendar_event()
        self._log_step("9", note=reason)
        self._schedule_next(False)
        self._notify_operator(reason)
        # the room goes to whoever waits for the rest of the period
        self.sudo()._waitlist_offer_freed()
