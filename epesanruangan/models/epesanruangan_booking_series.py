from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import consteq

from odoo.addons.layanan_base.models.layanan_booking_series import SeriesPreview
from odoo.addons.layanan_base.tools import format_wib_period, parse_id

from .epesanruangan_booking import OFFICER, OPEN_STATES

# the states of a request that may be repeated: one that still stands
REPEAT_STATES = tuple(state for state in OPEN_STATES if state != "to_reschedule")
REJECT_STATES = ("submitted", "verified", "equipment_check", "waiting_applicant")
# where a letter sent with the form waits while the page shows it again (the dates of a
# recurring request, the waiting list): Odoo's pending uploads, removed after a day by
# mail's own vacuum (mail.compose.message._gc_lost_attachments)
PENDING_MODEL = "mail.compose.message"


class EpesanruanganBooking(models.Model):
    """Recurring requests (layanan_base's series): a weekly coordination meeting in the
    same room. Each occurrence is a full request of its own (the letter, the work unit,
    the participants, the equipment), made together with one ``series_uid`` and taken
    through the SOP on its own; the officers act on one occurrence or on the whole
    series (``action_*_series``), each occurrence checked as one is (the equipment
    stock with its locks)."""

    _inherit = "epesanruangan.booking"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------ the rules
    @api.model
    def _check_bookable(self, room, start, stop, participants=0):
        """Every rule a request of `room` for this period must pass to be worth
        submitting, checked without making it: in the future and within the limits,
        a room large enough, free (no validated or scheduled request holds it, no
        waiting list's offer to someone else). ValidationError in words (with the
        clash's room and period)."""
        if start <= fields.Datetime.now():
            raise ValidationError(self.env._("The booking must start in the future."))
        error = self._period_error(start, stop)
        if error:
            raise ValidationError(error)
        if participants > room.capacity:
            raise ValidationError(
                self.env._(
                    "%(room)s holds %(cap)s people; %(n)s participants were requested.",
                    room=room.name,
                    cap=room.capacity,
                    n=participants,
                )
            )
        probe = self.new(
            {"room_id": room.id, "start": start, "stop": stop, "operator_id": self.env.uid}
        )
        probe._check_free()

    # ------------------------------------------------------------------ backend Repeat
    def _check_repeat_actor(self):
        self._check_group(OFFICER)
        if self.state not in REPEAT_STATES:
            raise UserError(self.env._("Only a request that still stands is repeated."))

    def _repeat_check(self, start, stop):
        self._check_bookable(self.room_id, start, stop, self.participants)

    def _series_copy_vals(self):
        """What each occurrence copies of this request: the operator and work unit, the
        event, the participants, the room, the letter and the equipment asked for."""
        self.ensure_one()
        booking_sudo = self.sudo()
        return {
            "event_name": booking_sudo.event_name,
            "purpose": booking_sudo.purpose,
            "participants": booking_sudo.participants,
            "room_id": booking_sudo.room_id.id,
            "operator_id": booking_sudo.operator_id.id,
            "unit_id": booking_sudo.unit_id.id,
            "letter": booking_sudo.letter,
            "letter_filename": booking_sudo.letter_filename,
            "line_ids": [
                fields.Command.create(
                    {"equipment_id": line.equipment_id.id, "qty_requested": line.qty_requested}
                )
                for line in booking_sudo.line_ids
            ],
        }

    def _repeat_create(self, periods):
        """The occurrences of this request (an officer, from the backend): full requests
        of their own, one series with it, submitted when it is (each then goes through
        the SOP, one by one or the whole series)."""
        self.ensure_one()
        self._check_repeat_actor()
        booking_sudo = self.sudo()
        if not booking_sudo.series_uid:
            booking_sudo.series_uid = self._new_series_uid()
        shared = {**self._series_copy_vals(), "series_uid": booking_sudo.series_uid}
        copies = booking_sudo.create(
            [{**shared, "start": start, "stop": stop} for start, stop in periods]
        )
        if self.state != "draft":
            copies.with_env(self.env).action_submit()
        return copies

    # ------------------------------------------------------------------ the whole series
    def action_verify_series(self):
        """Verify every submitted request of the series (SOP step 3)."""
        return self._series_in(("submitted",)).action_verify()

    def action_pss_approve_series(self):
        """Confirm the equipment of every request of the series in the check (step 5),
        each against the stock free in its own period."""
        return self._series_in(("equipment_check",)).action_pss_approve()

    def action_validate_series(self):
        """Validate every verified request of the series (step 7): each takes its room
        and its equipment, or none is validated."""
        return self._series_in(("verified",)).action_validate()

    def action_schedule_series(self):
        """Set the schedule of every validated request of the series (step 8)."""
        return self._series_in(("validated",)).action_schedule()

    def action_reject_series(self, reason=False):
        """Reject every request of the series still under verification, with one
        reason (asked first)."""
        bookings = self._series_in(REJECT_STATES)
        if not reason:
            bookings._check_transition("action_reject")
            return self.env["layanan.reason.wizard"]._open(
                bookings, "action_reject", self.env._("Note to the applicant")
            )
        return bookings.action_reject(reason=reason)

    def action_cancel_series(self, reason=False):
        """Cancel every request of the series still open and not begun, with one
        reason (asked first)."""
        now = fields.Datetime.now()
        bookings = self._series_in(OPEN_STATES).filtered(lambda b: b.start > now)
        if not reason:
            bookings._check_transition("action_cancel")
            return self.env["layanan.reason.wizard"]._open(
                bookings, "action_cancel", self.env._("Note to the applicant")
            )
        return bookings.action_cancel(reason=reason)

    # ------------------------------------------------------------------ the portal form
    @api.model
    def _create_series_from_portal(self, vals, periods, post, key, form_started=None):
        """A recurring request: first the preview (which dates are free, which are not
        and why: SeriesPreview), then, once the operator chose to request the free ones
        (``series_confirm``, the dates in ``series_starts``), those, as one series, each
        a request of its own, submitted together: all or none (a date taken meanwhile
        is told, and nothing is requested). Returns the requests made (sudo)."""
        env = self.env
        room = env["epesanruangan.room"].browse(vals["room_id"])

        def check(start, stop):
            self._check_bookable(room, start, stop, vals["participants"])

        preview = self._series_preview(periods, check)
        if post.get("series_confirm") != "free":
            raise SeriesPreview(preview)
        chosen = set((post.get("series_starts") or "").split(","))
        rows = [row for row in preview if str(row["start"]) in chosen]
        if not rows:
            raise UserError(env._("None of the dates of the series is free."))
        taken = [row for row in rows if row["reason"]]
        if taken:
            raise SeriesPreview(
                preview,
                message=env._(
                    "%(period)s is no longer free, so nothing was requested. The dates "
                    "are shown again: request the free ones, or change the request.",
                    period=format_wib_period(taken[0]["start"], taken[0]["stop"], env.lang),
                ),
            )
        uid = self._new_series_uid()
        bookings_sudo = self.sudo().create(
            [
                {
                    **vals,
                    "start": row["start"],
                    "stop": row["stop"],
                    "series_uid": uid,
                    # the first is the form's, found again by a retried submission
                    "idempotency_key": key if index == 0 else f"{key[:54]}#{index}",
                }
                for index, row in enumerate(rows)
            ]
        )
        bookings_sudo.action_submit(form_started=form_started)
        bookings_sudo.flush_recordset()
        return bookings_sudo

    @api.model
    def _portal_pending_letter(self, post):
        """(bytes, file name) of the letter kept for this operator while the form was
        shown again (``letter_pending``: its id and token), or (None, None)."""
        ident, _sep, token = str(post.get("letter_pending") or "").partition("-")
        attachment = self.env["ir.attachment"].sudo().browse(parse_id(ident)).exists()
        if not (
            attachment
            and token
            and attachment.res_model == PENDING_MODEL
            and not attachment.res_id
            and attachment.create_uid == self.env.user
            and attachment.access_token
            and consteq(attachment.access_token, token)
        ):
            return None, None
        return attachment.raw, attachment.name

    @api.model
    def _portal_keep_letter(self, post):
        """Keep the letter of the form for the page that shows it again (the dates of a
        series, the waiting list): what that page posts back ({"letter_pending",
        "letter_pending_name"}), or {} when there is no valid letter to keep."""
        upload = post.get("letter")
        if getattr(upload, "filename", None):
            upload.seek(0)
        elif self._portal_pending_letter(post)[0] is not None:
            return {
                "letter_pending": post["letter_pending"],
                "letter_pending_name": self._portal_pending_letter(post)[1],
            }
        try:
            vals = self._portal_letter(post)
        except UserError:
            return {}
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": vals["letter_filename"],
                    "datas": vals["letter"],
                    "res_model": PENDING_MODEL,
                    "res_id": 0,
                    "mimetype": "application/pdf",
                }
            )
        )
        token = attachment.generate_access_token()[0]
        return {
            "letter_pending": f"{attachment.id}-{token}",
            "letter_pending_name": vals["letter_filename"],
        }
