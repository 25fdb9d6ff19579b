import base64
import logging

from markupsafe import Markup

from odoo import Command, api, models
from odoo.exceptions import UserError

from odoo.addons.layanan_base.tools import send_queued_mail_soon

_logger = logging.getLogger(__name__)

BATCH = 50
# the notices a decision announces, in the order a booking's e-mails leave
NOTICES = ("submitted", "approved", "rejected", "cancelled", "paid")
# a notice that announces a state is not sent once the booking has left it (approved,
# then cancelled before the job ran: the cancellation is the news); an approval's
# document is stored while the booking stands
STATES_ANNOUNCED = {
    "approved": ("approved", "done"),
    "document": ("approved", "done"),
    "paid": ("approved", "done"),
}


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

    _inherit = "biroumum.booking"  # pylint: disable=consider-merging-classes-inherited

    def _notice_labels(self):
        return {
            "submitted": self.env._("Booking received"),
            "approved": self.env._("Booking approved"),
            "rejected": self.env._("Booking rejected"),
            "cancelled": self.env._("Booking cancelled"),
            "paid": self.env._("Payment received"),
        }

    def _queue_notice(self, notice):
        """The notice `notice` of these bookings, made by the job as soon as this
        transaction commits."""
        if not self:
            return
        self.env["biroumum.booking.notice.queue"].sudo().create(
            [{"booking_id": booking.id, "notice": notice} for booking in self]
        )
        self.env.ref("biroumum_booking.ir_cron_send_booking_notices").sudo()._trigger()

    @api.model
    def _send_notices(self, limit=BATCH):
        """Make the calendar events and the e-mails of the `limit` notices that have
        waited longest, or when none waits, store the documents of the approvals whose
        e-mails have been made; returns how many notices were handled. Each step runs
        for the whole batch at once (one create of the events, one rendering of each
        template); when it fails, it runs again booking by booking, and what cannot be
        made (a template broken by an edit) is reported on its booking for the staff
        instead, and not tried again."""
        Queue = self.env["biroumum.booking.notice.queue"].sudo()
        # the e-mails first; the documents once no e-mail waits (each batch commits, so
        # the e-mails leave before the PDFs of a burst of approvals are rendered)
        entries = Queue.search([("notice", "!=", "document")], limit=limit) or Queue.search(
            [("notice", "=", "document")], limit=limit
        )
        queued = [(entry.booking_id, entry.notice) for entry in entries]
        entries.unlink()
        live = {notice: self.sudo().browse() for notice in (*NOTICES, "document")}
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
        for notice in NOTICES:
            batch = live[notice]
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
        # the approval's invoice / Bukti Peminjaman, printed once and stored: the
        # member's and the staff's prints are served from it (layanan.stored.document);
        # in a later pass, once the e-mails have left
        approved._queue_notice("document")
        live["document"]._notice_step(
            lambda batch: batch._store_documents(),
            self.env._(
                "The invoice / Bukti Peminjaman could not be stored: it is printed anew "
                "each time it is asked for."
            ),
            "document",
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
            remaining = self.env["biroumum.booking.notice.queue"].sudo().search_count([])
            # no time left in this run: the cron runs again at once for the rest
            time_left = Cron._commit_progress(done, remaining=remaining)
            if not (done and remaining and time_left):
                return

    def _calendar_event_vals(self):
        self.ensure_one()
        partners = self.partner_id | self.facility_id.manager_user_id.partner_id
        return {
            "name": f"{self.name} - {self.facility_id.name}: {self.purpose}",
            "start": self.start,
            "stop": self.stop,
            "location": self.facility_id.location or self.facility_id.name,
            "user_id": self.facility_id.manager_user_id.id or self.env.user.id,
            "partner_ids": [Command.set(partners.ids)],
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": self.id,
        }

    def _create_calendar_events(self):
        """The calendar events of these approved bookings, made in one create."""
        events = (
            self.env["calendar.event"]
            .sudo()
            .with_context(no_mail_to_attendees=True, dont_notify=True, mail_create_nolog=True)
            .create([booking._calendar_event_vals() for booking in self])
        )
        for booking, event in zip(self, events, strict=True):
            booking.calendar_event_id = event

    def _send_template(self, xmlid, ics=False):
        """Queue the e-mail `xmlid` of each booking, the template rendered once for all of
        them; with `ics`, each e-mail carries the .ics of its booking's calendar event."""
        template = self.env.ref(f"biroumum_booking.{xmlid}", raise_if_not_found=False)
        if not (template and self):
            return
        mails = template.sudo().send_mail_batch(self.ids)
        send_queued_mail_soon(self.env)
        with_event = self.filtered("calendar_event_id") if ics else self.browse()
        if not with_event:
            return
        files = with_event.calendar_event_id.sudo()._get_ics_file()
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                [
                    {
                        "name": f"{booking.name.replace('/', '-')}.ics",
                        "datas": base64.b64encode(files[booking.calendar_event_id.id]),
                        "mimetype": "text/calendar",
                        "res_model": self._name,
                        "res_id": booking.id,
                    }
                    for booking in with_event
                    if files.get(booking.calendar_event_id.id)
                ]
            )
        )
        ics_of = {attachment.res_id: attachment for attachment in attachments}
        for mail in mails.filtered(lambda m: m.res_id in ics_of):
            mail.attachment_ids = [Command.link(ics_of[mail.res_id].id)]

    def _notify_submitted(self):
        self.ensure_one()
        # the facility's manager gets the to-do; the "submitted" mail below already
        # tells them (no assignment mail)
        self._schedule_next("decide")
        self.sudo()._queue_notice("submitted")

    def _send_reminders(self):
        """The day before: the reminder e-mail to the booker of an approved booking."""
        self._send_template("mail_template_booking_reminder")
