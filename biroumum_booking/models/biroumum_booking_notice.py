import logging

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

BATCH = 50
# the notices a decision announces, in the order a booking's e-mails leave
NOTICES = ("submitted", "approved", "rejected", "cancelled")
# a notice that announces a state is not sent once the booking has left it (approved,
# then cancelled before the job ran: the cancellation is the news)
STATES_ANNOUNCED = {"approved": ("approved", "done")}


class BiroumumBooking(models.Model):
    """What a booking's decision announces, made by a job (``ir.cron``, triggered by the
    decision) right after the decision commits: the e-mail to the booker (received,
    approved, rejected, cancelled) and, for an approval, the invitation: the calendar
    event of the booker and the Pengelola, whose .ics the e-mail carries, and the
    approved booking's document (invoice / Bukti Peminjaman), rendered once and stored
    for its prints.

    The decision (state, invoice) is the transaction; its announcements follow it: the
    Pengelola does not wait for the event, the template and the .ics to be made, and a
    broken template or calendar never rolls an approval back. The e-mails leave through
    Odoo's mail queue; the event is in the calendar a second or two after the approval."""

    _inherit = "biroumum.booking"

    notice_pending = fields.Char(
        string="Notices to send",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The notices of the decisions that the job has not made yet "
        "(submitted, approved, rejected, cancelled), oldest first.",
    )

    def _notice_labels(self):
        return {
            "submitted": self.env._("Booking received"),
            "approved": self.env._("Booking approved"),
            "rejected": self.env._("Booking rejected"),
            "cancelled": self.env._("Booking cancelled"),
        }

    def _queue_notice(self, notice):
        """The notice `notice` of these bookings, made by the job as soon as this
        transaction commits."""
        for booking in self.sudo():
            pending = booking.notice_pending
            booking.notice_pending = f"{pending},{notice}" if pending else notice
        if self:
            self.env.ref("biroumum_booking.ir_cron_send_booking_notices").sudo()._trigger()

    @api.model
    def _send_notices(self, limit=BATCH):
        """Make the calendar events and the e-mails of the notices of the `limit` bookings
        that have waited longest; returns how many notices were handled. Each step runs
        for the whole batch at once (one create of the events, one rendering of each
        template); when it fails, it runs again booking by booking, and what cannot be
        made (a template broken by an edit) is reported on its booking for the staff
        instead, and not tried again."""
        bookings = self.sudo().search([("notice_pending", "!=", False)], order="id", limit=limit)
        queued = [(b, notice) for b in bookings for notice in b.notice_pending.split(",")]
        bookings.notice_pending = False
        live = {notice: self.sudo().browse() for notice in NOTICES}
        for booking, notice in queued:
            if booking.state in STATES_ANNOUNCED.get(notice, (booking.state,)):
                live[notice] |= booking
        labels = self._notice_labels()
        approved = live["approved"]
        approved.filtered(lambda b: not b.calendar_event_id)._notice_step(
            lambda batch: batch._create_calendar_events(),
            self.env._("The booking could not be put in the calendar."),
            "approved",
        )
        # the approval's invoice / Bukti Peminjaman, printed once and stored: the
        # member's and the staff's prints are served from it (layanan.stored.document)
        approved._notice_step(
            lambda batch: batch._store_documents(),
            self.env._(
                "The invoice / Bukti Peminjaman could not be stored: it is printed anew "
                "each time it is asked for."
            ),
            "approved",
        )
        for notice, batch in live.items():
            batch._notice_step(
                lambda batch, notice=notice: batch._send_template(
                    f"mail_template_booking_{notice}", ics=notice == "approved"
                ),
                self.env._(
                    "The e-mail '%(notice)s' could not be sent to the booker: check its "
                    "template under Settings > Technical > Email Templates.",
                    notice=labels[notice],
                ),
                notice,
            )
        return len(queued)

    def _notice_step(self, run, failure, notice):
        """`run(bookings)` for these bookings at once under a savepoint; when it is
        refused (a template that does not render, a calendar that refuses the event: a
        UserError), for each booking on its own, reporting `failure` on the booking (and
        in the log): one bad booking must not stop the others. Any other error fails
        the job, which Odoo's cron runs again."""
        if not self:
            return
        try:
            with self.env.cr.savepoint():
                run(self)
            return
        except UserError as error:
            if len(self) == 1:
                self._report_notice(failure, notice, error)
                return
        for booking in self:
            try:
                with self.env.cr.savepoint():
                    run(booking)
            except UserError as error:
                booking._report_notice(failure, notice, error)

    def _report_notice(self, failure, notice, error):
        """Tell the staff on the booking what was not done, and why (and the log)."""
        self.ensure_one()
        booking_sudo = self.sudo()
        _logger.warning("Booking %s, %s: %s", booking_sudo.name, notice, failure, exc_info=error)
        booking_sudo.message_post(
            body=Markup("<p>%s</p><p><code>%s</code></p>") % (failure, str(error)),
            subtype_xmlid="mail.mt_note",
        )

    @api.model
    def _cron_send_notices(self):
        """The job: every queued notice, committed batch by batch."""
        Cron = self.env["ir.cron"]
        while True:
            done = self._send_notices()
            remaining = self.sudo().search_count([("notice_pending", "!=", False)])
            # no time left in this run: the cron runs again at once for the rest
            time_left = Cron._commit_progress(done, remaining=remaining)
            if not (done and remaining and time_left):
                return
