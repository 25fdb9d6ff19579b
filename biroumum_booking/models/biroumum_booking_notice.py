import logging

from markupsafe import Markup

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

BATCH = 50
APPROVED = "mail_template_booking_approved"
# a notice that announces a state is not sent once the booking has left it (approved,
# then cancelled before the job ran: the cancellation is the news)
STATES_ANNOUNCED = {APPROVED: ("approved", "done")}


class BiroumumBookingNotice(models.Model):
    """What a booking's decision announces, queued by the decision and made by a job
    right after it commits: the e-mail to the booker (received, approved, rejected,
    cancelled) and, for an approval, the invitation: the calendar event of the booker and
    the Pengelola, whose .ics the e-mail carries, and the approved booking's document
    (invoice / Bukti Peminjaman), rendered once and stored for its prints.

    The decision (state, invoice) is the transaction; its announcements follow it: the
    Pengelola does not wait for the event, the template and the .ics to be made, and a
    broken template or calendar never rolls an approval back. The e-mail goes out through
    Odoo's mail queue, as before; the event is in the calendar a second or two after the
    approval."""

    _name = "biroumum.booking.notice"
    _description = "Booking notice to send"
    _order = "id"

    booking_id = fields.Many2one(
        "biroumum.booking", required=True, ondelete="cascade", index=True, readonly=True
    )
    template = fields.Selection(
        [
            ("mail_template_booking_submitted", "Booking received"),
            (APPROVED, "Booking approved"),
            ("mail_template_booking_rejected", "Booking rejected"),
            ("mail_template_booking_cancelled", "Booking cancelled"),
        ],
        required=True,
        readonly=True,
    )
    with_event = fields.Boolean(
        string="With the calendar event",
        readonly=True,
        help="Put the booking in the calendar of the booker and the Pengelola, and attach "
        "its .ics to the e-mail.",
    )

    @api.model
    def _queue(self, bookings, template, with_event=False):
        """One notice per booking, made by the job as soon as this transaction commits."""
        if not bookings:
            return self.browse()
        notices = self.sudo().create(
            [
                {"booking_id": booking.id, "template": template, "with_event": with_event}
                for booking in bookings
            ]
        )
        self.env.ref("biroumum_booking.ir_cron_send_booking_notices").sudo()._trigger()
        return notices

    @api.model
    def _send_queued(self, limit=BATCH):
        """Make the calendar events and the e-mails of the oldest notices; returns how many
        were handled. Each step runs for the whole batch at once (one create of the
        events, one rendering of each template); when it fails, it runs again notice by
        notice, and what cannot be made (a template broken by an edit) is reported on its
        booking for the staff instead, and not tried again."""
        self.env.cr.execute(
            "SELECT id FROM biroumum_booking_notice ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED",
            [limit],
        )
        notices = self.sudo().browse([row[0] for row in self.env.cr.fetchall()])
        live = notices.filtered(
            lambda n: n.booking_id.state in STATES_ANNOUNCED.get(n.template, [n.booking_id.state])
        )
        live.filtered(lambda n: n.with_event and not n.booking_id.calendar_event_id)._step(
            lambda batch: batch.booking_id._create_calendar_events(),
            lambda notice: self.env._("The booking could not be put in the calendar."),
        )
        # the approval's invoice / Bukti Peminjaman, printed once and stored: the
        # member's and the staff's prints are served from it (layanan.stored.document)
        live.filtered(lambda n: n.template == APPROVED)._step(
            lambda batch: batch.booking_id._store_documents(),
            lambda notice: self.env._(
                "The invoice / Bukti Peminjaman could not be stored: it is printed anew "
                "each time it is asked for."
            ),
        )
        labels = dict(self._fields["template"]._description_selection(self.env))
        for (template, with_event), batch in live.grouped(
            lambda n: (n.template, n.with_event)
        ).items():
            batch._step(
                lambda batch, template=template, with_event=with_event: (
                    batch.booking_id._send_template(template, ics=with_event)
                ),
                lambda notice: self.env._(
                    "The e-mail '%(notice)s' could not be sent to the booker: check its "
                    "template under Settings > Technical > Email Templates.",
                    notice=labels[notice.template],
                ),
            )
        notices.unlink()
        return len(notices)

    def _step(self, run, failure):
        """`run(notices)` for these notices at once under a savepoint; when that fails, for
        each notice on its own, reporting a failure on its booking (and in the log): one
        bad notice must not stop the others."""
        if not self:
            return
        try:
            with self.env.cr.savepoint():
                run(self)
            return
        except Exception as error:
            if len(self) == 1:
                self._report(failure(self), error)
                return
        for notice in self:
            try:
                with self.env.cr.savepoint():
                    run(notice)
            except Exception as error:
                notice._report(failure(notice), error)

    def _report(self, failure, error):
        """Tell the staff on the booking what was not done, and why (and the log)."""
        self.ensure_one()
        booking_sudo = self.booking_id.sudo()
        _logger.warning(
            "Booking %s, %s: %s", booking_sudo.name, self.template, failure, exc_info=error
        )
        booking_sudo.message_post(
            body=Markup("<p>%s</p><p><code>%s</code></p>") % (failure, str(error)),
            subtype_xmlid="mail.mt_note",
        )

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
