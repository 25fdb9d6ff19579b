from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.layanan_base.tools import format_wib
from odoo.addons.layanan_base.tools.qr import qr_svg_data_uri

# how long before its start a booking may be checked in
CHECKIN_EARLY_MINUTES = 30


class BiroumumBooking(models.Model):
    """Check-in and no-shows (rooms, buildings and venues): a facility that asks for a
    check-in (its grace period) has each approved booking checked in from half an hour
    before its start until the grace period after it, by the staff or by the member's
    own QR code shown at the door; a booking not checked in by then is released as a
    no-show: the slot is free again and the member is told. No-shows are counted per
    member for the staff."""

    _inherit = "biroumum.booking"  # pylint: disable=consider-merging-classes-inherited

    checked_in_at = fields.Datetime(string="Checked in at", readonly=True, copy=False)
    no_show = fields.Boolean(string="No-show", readonly=True, copy=False)
    checkin_grace_minutes = fields.Integer(related="facility_id.checkin_grace_minutes")
    partner_no_show_count = fields.Integer(
        related="partner_id.biroumum_no_show_count", string="Booker's no-shows"
    )

    def _checkin_window(self):
        """(first, last) moment of the check-in, UTC."""
        self.ensure_one()
        return (
            self.start - timedelta(minutes=CHECKIN_EARLY_MINUTES),
            self.start + timedelta(minutes=self.checkin_grace_minutes),
        )

    def _checkin_open(self):
        """Whether this booking asks for a check-in that can be made now."""
        self.ensure_one()
        if self.state != "approved" or self.checked_in_at or not self.checkin_grace_minutes:
            return False
        first, last = self._checkin_window()
        return first <= fields.Datetime.now() <= last

    def _checkin_url(self):
        """The member's own check-in link (the QR code of the booking page): their
        portal link, which opens the check-in page of this booking only."""
        self.ensure_one()
        return (
            f"{self.get_base_url()}/my/bookings/{self.id}/checkin?access_token={self.access_token}"
        )

    def _checkin_qr(self):
        return qr_svg_data_uri(self._checkin_url())

    def action_check_in(self):
        """Check the booking in: by its facility's staff (the button), or by whoever
        holds the member's link (the controller, through sudo)."""
        self.ensure_one()
        if not self.env.su:
            self._check_actor_staff()
        if self.checked_in_at:
            return True
        if self.state != "approved" or self.category == "vehicle":
            raise UserError(self.env._("Only an approved booking is checked in."))
        if not self.checkin_grace_minutes:
            raise UserError(self.env._("%s asks for no check-in.", self.facility_id.name))
        first, last = self._checkin_window()
        now = fields.Datetime.now()
        if now < first:
            raise UserError(
                self.env._(
                    "The check-in opens at %s, half an hour before the start.",
                    format_wib(first, self.env.lang),
                )
            )
        if now > last:
            raise UserError(
                self.env._(
                    "The check-in closed at %s: the booking was released as a no-show.",
                    format_wib(last, self.env.lang),
                )
            )
        self.sudo().write({"checked_in_at": now})
        self.sudo().message_post(
            body=self.env._("Checked in at %s.", format_wib(now, self.env.lang))
        )
        return True

    @api.model
    def _cron_release_no_shows(self, limit=500):
        """The approved bookings whose facility asks for a check-in, not checked in by
        the end of the grace period: cancelled as no-shows (the slot frees at once, the
        invoice is reversed as on any cancellation, the member receives the
        cancellation e-mail with the reason). The rows are locked with SKIP LOCKED, so
        that two servers running the job release each booking once."""
        self.env.cr.execute(
            SQL(
                """
                SELECT booking.id
                  FROM biroumum_booking booking
                  JOIN biroumum_facility facility ON facility.id = booking.facility_id
                 WHERE booking.state = 'approved'
                   AND booking.checked_in_at IS NULL
                   AND facility.checkin_grace_minutes > 0
                   AND booking.category != 'vehicle'
                   AND booking.start + make_interval(mins => facility.checkin_grace_minutes)
                       < %(now)s
                 ORDER BY booking.start
                 LIMIT %(limit)s
                   FOR UPDATE OF booking SKIP LOCKED
                """,
                now=fields.Datetime.now(),
                limit=limit,
            )
        )
        bookings = self.sudo().browse([row[0] for row in self.env.cr.fetchall()])
        for booking in bookings:
            booking.with_context(lang=booking.partner_id.lang or None).no_show = True
            reason = booking.with_context(lang=booking.partner_id.lang or None).env._(
                "Not checked in within %(minutes)s minutes of the start: released as a no-show.",
                minutes=booking.checkin_grace_minutes,
            )
            booking.action_cancel(reason=reason)
        return len(bookings)
