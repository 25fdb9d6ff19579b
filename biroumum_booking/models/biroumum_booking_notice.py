import logging

from markupsafe import Markup

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

BATCH = 50
# a notice that announces a state is not sent once the booking has left it (approved,
# then cancelled before the job ran: the cancellation is the news)
STATES_ANNOUNCED = {"mail_template_booking_approved": ("approved", "done")}


class BiroumumBookingNotice(models.Model):
    """A booking's e-mail notice (submitted, approved, rejected, cancelled), queued by the
    decision and composed by a job right after it commits.

    The decision (state, calendar event, invoice) is the transaction; the notice follows
    it: the Pengelola does not wait for the template and the .ics to be rendered, and a
    broken template never rolls an approval back. The e-mail itself goes out through
    Odoo's mail queue, as before, so the member sees no difference."""

    _name = "biroumum.booking.notice"
    _description = "Booking notice to send"
    _order = "id"

    booking_id = fields.Many2one(
        "biroumum.booking", required=True, ondelete="cascade", index=True, readonly=True
    )
    template = fields.Selection(
        [
            ("mail_template_booking_submitted", "Booking received"),
            ("mail_template_booking_approved", "Booking approved"),
            ("mail_template_booking_rejected", "Booking rejected"),
            ("mail_template_booking_cancelled", "Booking cancelled"),
        ],
        required=True,
        readonly=True,
    )
    with_ics = fields.Boolean(string="With the calendar file", readonly=True)

    @api.model
    def _queue(self, bookings, template, with_ics=False):
        """One notice per booking, sent by the job as soon as this transaction commits."""
        if not bookings:
            return self.browse()
        notices = self.sudo().create(
            [
                {"booking_id": booking.id, "template": template, "with_ics": with_ics}
                for booking in bookings
            ]
        )
        self.env.ref("biroumum_booking.ir_cron_send_booking_notices").sudo()._trigger()
        return notices

    @api.model
    def _send_queued(self, limit=BATCH):
        """Compose and queue the e-mails of the oldest notices; returns how many were
        handled. A notice that cannot be composed (a template broken by an edit) is
        reported on its booking for the staff instead, and not tried again."""
        self.env.cr.execute(
            "SELECT id FROM biroumum_booking_notice ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED",
            [limit],
        )
        notices = self.sudo().browse([row[0] for row in self.env.cr.fetchall()])
        for notice in notices:
            booking_sudo = notice.booking_id.sudo()
            announced = STATES_ANNOUNCED.get(notice.template)
            if announced and booking_sudo.state not in announced:
                continue
            try:
                with self.env.cr.savepoint():
                    booking_sudo._send_template(notice.template, ics=notice.with_ics)
            except Exception as error:  # any failure is reported on the booking, not raised
                _logger.warning(
                    "Booking %s: the notice %s could not be composed",
                    booking_sudo.name,
                    notice.template,
                    exc_info=True,
                )
                booking_sudo.message_post(
                    body=Markup("<p>%s</p><p><code>%s</code></p>")
                    % (
                        self.env._(
                            "The e-mail '%(notice)s' could not be sent to the booker: check "
                            "its template under Settings > Technical > Email Templates.",
                            notice=dict(
                                notice._fields["template"]._description_selection(self.env)
                            )[notice.template],
                        ),
                        str(error),
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        notices.unlink()
        return len(notices)

    @api.model
    def _cron_send(self):
        """The job: every queued notice, committed batch by batch."""
        Cron = self.env["ir.cron"]
        while True:
            done = self._send_queued()
            remaining = self.search_count([])
            # no time left in this run: the cron runs again at once for the rest
            time_left = Cron._commit_progress(done, remaining=remaining)
            if not (done and remaining and time_left):
                return
