import base64
from datetime import timedelta

import psycopg2.errors
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.layanan_base.models.layanan_booking_mixin import no_overlap_constraint
from odoo.addons.layanan_base.models.layanan_service_request import Transition
from odoo.addons.layanan_base.tools import (
    LINE_LENGTH,
    NOTE_LENGTH,
    TITLE_LENGTH,
    format_wib_period,
    int_param,
)

from .biroumum_facility import format_idr
from .res_config_settings import BOOKING_WINDOW, MEMBER_CANCEL_HOURS

# far below PostgreSQL's integer (2,147,483,647), far above any venue
MAX_ATTENDEES = 1_000_000
ACTIVE_STATES = ("submitted", "approved")
LETTER_MIMETYPES = ("application/pdf", "image/jpeg", "image/png")
# what a member may set on a booking; everything else is the server's business
MEMBER_FIELDS = {
    "facility_id",
    "start",
    "stop",
    "purpose",
    "attendees",
    "notes",
    "request_letter",
    "request_letter_name",
    "destination",
    "with_driver",
}
# what the booking's own steps (submit, approve, cancel...) set, through sudo: never written
# by a user, or an approval's invoice and calendar event could be skipped
SERVER_FIELDS = {
    "name",
    "state",
    "company_id",
    "quantity",
    "unit_price",
    "amount",
    "terms_id",
    "terms_accepted_at",
    "invoice_id",
    "calendar_event_id",
    "reason",
    "reminder_sent",
    "payment_deadline",
    "access_token",
    "verification_token",
    # a vehicle's hand-over (biroumum_booking_handover): recorded by its step only
    "handover_out_at",
    "odometer_out",
    "fuel_out",
    "condition_out",
    "handover_in_at",
    "odometer_in",
    "fuel_in",
    "condition_in",
    "overdue_notified",
    # check-in and no-show (biroumum_booking_checkin)
    "checked_in_at",
    "no_show",
}
# a booking's period; with the booker, what its price and its invoice depend on
PERIOD_FIELDS = {"start", "stop", "facility_id"}
PRICED_FIELDS = PERIOD_FIELDS | {"partner_id"}


class BiroumumBooking(models.Model):
    _name = "biroumum.booking"
    _description = "Facility Booking"
    _inherit = [
        "portal.mixin",
        "layanan.service.request",
        "layanan.verification.mixin",
        "layanan.stored.document",
        "layanan.booking.mixin",
    ]
    _order = "start desc, id desc"
    _booking_resource_field = "facility_id"
    _booking_active_states = ACTIVE_STATES
    _booking_reminder_states = ("approved",)
    _booker_partner_field = "partner_id"
    # the calendar feeds: a submitted booking is tentative until it is approved
    _feed_summary_field = "purpose"
    _feed_booker_field = "partner_id"
    _feed_description_field = "notes"
    _feed_tentative_states = ("submitted",)
    # where each step starts from; who acts is checked by the step itself: the member
    # for their own booking, the manager of THIS facility (_check_actor_staff)
    _transitions = {
        "action_submit": Transition(("draft",)),
        "action_approve": Transition(("submitted",)),
        "action_reject": Transition(("submitted",)),
        "action_cancel": Transition(("draft", "submitted", "approved")),
        "action_done": Transition(("approved",)),
    }
    _server_fields = tuple(sorted(SERVER_FIELDS))
    # the steps that ask their reason first (layanan.reason.wizard)
    _reason_actions = ("action_reject", "action_cancel")
    _verification_path = "/layanan/verifikasi"
    # the invoice / Bukti Peminjaman, stored by the approval's job (printed once)
    _document_report = "biroumum_booking.report_booking_document"
    # what the member types in the booking form (its maxlength) and the staff's reason
    _text_limits = {
        "purpose": TITLE_LENGTH,
        "notes": NOTE_LENGTH,
        "destination": LINE_LENGTH,
        "reason": NOTE_LENGTH,
        "request_letter_name": LINE_LENGTH,
    }

    name = fields.Char(required=True, readonly=True, copy=False, default="/")
    # not indexed here (the base indexes it): the submission's second UPDATE of the
    # booking (its portal token and its next step) must stay a HOT update; an indexed
    # column makes it a new tuple that the exclusion constraint checks again, and that
    # check deadlocks with a concurrent submission of the same slot (the race)
    next_step_id = fields.Many2one(index=False)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("cancelled", "Cancelled"),
            ("done", "Done"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    facility_id = fields.Many2one("biroumum.facility", required=True, index=True, tracking=True)
    category = fields.Selection(related="facility_id.category", store=True)
    manager_user_id = fields.Many2one(related="facility_id.manager_user_id")
    partner_id = fields.Many2one(
        "res.partner", string="Booker", required=True, index=True, tracking=True
    )
    purpose = fields.Char(string="Purpose (event)", required=True)
    attendees = fields.Integer(string="People / passengers", default=1)
    notes = fields.Text()
    request_letter = fields.Binary(string="Request letter", attachment=True)
    request_letter_name = fields.Char()
    destination = fields.Char()
    with_driver = fields.Boolean(string="With driver")
    override_holiday = fields.Boolean(
        string="Allow on holidays",
        help="Staff only: accept a booking outside opening hours or on a public holiday.",
    )
    currency_id = fields.Many2one(related="facility_id.currency_id")
    # set by the server (_update_amount), never taken from a form
    quantity = fields.Float(string="Hours / days", readonly=True)
    unit_price = fields.Monetary(readonly=True)
    amount = fields.Monetary(readonly=True, tracking=True)
    terms_id = fields.Many2one("biroumum.terms", string="Accepted terms", readonly=True)
    terms_accepted_at = fields.Datetime(readonly=True)
    # indexed: posting or paying an invoice looks up its booking (payment_state), and
    # deleting an event or a draft invoice makes PostgreSQL look up the bookings pointing at it
    invoice_id = fields.Many2one("account.move", readonly=True, copy=False, index="btree_not_null")
    payment_state = fields.Selection(related="invoice_id.payment_state", string="Payment")
    calendar_event_id = fields.Many2one(
        "calendar.event", readonly=True, copy=False, index="btree_not_null"
    )
    reason = fields.Text(string="Reason (reject / cancel)", readonly=True, copy=False)
    period_display = fields.Char(compute="_compute_period_display", string="Period")
    amount_display = fields.Char(compute="_compute_period_display", string="Amount text")
    color = fields.Integer(compute="_compute_color")

    # the backend list's order: an index scan of the first page, not a sort of all rows
    _start_id_desc_idx = models.Index("(start DESC, id DESC)")
    _no_overlap = no_overlap_constraint(
        ACTIVE_STATES,
        "This facility (or a linked one) is already booked for that period, or within the "
        "time kept free around a booking.",
    )

    # ------------------------------------------------------------------ computes
    def _update_amount(self):
        """The server's price; an invoiced booking keeps what was invoiced."""
        for booking in self.sudo():
            if booking.invoice_id:
                continue
            quantity, price, amount = booking._price_for(
                booking.facility_id, booking.partner_id, booking.start, booking.stop
            )
            super(BiroumumBooking, booking).write(
                {"quantity": quantity, "unit_price": price, "amount": amount}
            )
        return True

    @api.depends("start", "stop", "amount")
    def _compute_period_display(self):
        for booking in self:
            booking.period_display = booking._format_period()
            booking.amount_display = format_idr(booking.amount)

    @api.depends("state")
    def _compute_color(self):
        colors = {"submitted": 3, "approved": 10, "rejected": 1, "cancelled": 1, "done": 4}
        for booking in self:
            booking.color = colors.get(booking.state, 0)

    def _format_period(self, start=None, stop=None):
        """Senin, 23 November 2026, 09.00 - 12.00 WIB (in the user's language): the
        booking's period, or the one given (a move not written yet)."""
        self.ensure_one()
        return format_wib_period(start or self.start, stop or self.stop, self.env.lang)

    @api.model
    def _format_idr(self, amount):
        return format_idr(amount)

    # ------------------------------------------------------------------ SOP
    def _sop_responsible_users(self, step):
        """The facility's manager decides on its bookings; a facility without one falls
        back to whoever the step names."""
        self.ensure_one()
        return self.sudo().facility_id.manager_user_id or super()._sop_responsible_users(step)

    def _sop_activity_summary(self, step):
        return self.env._("Approve or reject booking %s", self.name)

    # ------------------------------------------------------------------ rules
    def _is_staff(self):
        return self.env.user.has_group("biroumum_booking.group_manager")

    @api.model
    def _check_period(self, start, stop):
        """The one rule of a period, in words (the database's CHECK is the net)."""
        if stop <= start:
            raise ValidationError(self.env._("The end must be after the start."))

    def _check_rules(self, check_start=True):
        """Every rule of a booking that takes a slot; raises ValidationError in plain words.

        `check_start=False` when staff change a booking without moving its start (extend a
        booking under way): its start may have passed, the rest must still hold."""
        now = fields.Datetime.now()
        window = int_param(self.env, BOOKING_WINDOW)
        for booking in self:
            facility = booking.facility_id
            self._check_period(booking.start, booking.stop)
            if check_start and booking.start < now:
                raise ValidationError(self.env._("A booking cannot start in the past."))
            if check_start and booking.start > now + timedelta(days=window):
                raise ValidationError(
                    self.env._("Bookings are accepted at most %s days ahead.", window)
                )
            if facility.capacity and booking.attendees > facility.capacity:
                raise ValidationError(
                    self.env._(
                        "%(facility)s holds at most %(capacity)s people.",
                        facility=facility.name,
                        capacity=facility.capacity,
                    )
                )
            if booking.attendees < 0:
                raise ValidationError(self.env._("The number of people cannot be negative."))
            if not booking.override_holiday:
                booking._check_opening_hours()
            booking._check_free()

    def _check_opening_hours(self):
        """Within the facility's opening hours, not on a holiday: the facility's rule."""
        self.ensure_one()
        facility = self.facility_id
        reason = facility._closed_reasons(self.start, self.stop)[facility.id]
        if reason:
            raise ValidationError(reason)

    def _check_move_free(self, vals):
        """Before a move of submitted or approved bookings is written: the new period must
        be free. Once written, PostgreSQL would refuse it at the flush, in no words the
        staff could read."""
        Facility = self.env["biroumum.facility"]
        for booking in self.filtered(lambda b: b.state in ACTIVE_STATES):
            facility = (
                Facility.browse(vals["facility_id"])
                if "facility_id" in vals
                else booking.facility_id
            )
            start = fields.Datetime.to_datetime(vals["start"]) if "start" in vals else booking.start
            stop = fields.Datetime.to_datetime(vals["stop"]) if "stop" in vals else booking.stop
            if facility and start and stop and stop > start:
                booking._check_free(facility, start, stop)

    def _write_guarded(self, vals):
        """Write under a savepoint: an overlap refused by PostgreSQL becomes a clear message.

        A clash is expected here (first come, first served), so the refused UPDATE is not
        logged as a server error (as Odoo's mail presence mutes its expected conflicts).
        It is the row's last UPDATE of the transaction: its caller writes everything else
        first, while the booking is still outside the constraint. A later UPDATE of the
        row that PostgreSQL cannot make in place (HOT: a full page) is checked against
        the constraint again, and that check deadlocks with a concurrent submission of
        the same slot that waits on this one."""
        try:
            with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                self.sudo().write(vals)
                self.sudo().flush_recordset()
        except psycopg2.errors.ExclusionViolation:
            raise ValidationError(self[:1]._clash_message()) from None

    def _check_actor_staff(self):
        """Only the manager of THIS facility or a Biro Umum administrator."""
        user = self.env.user
        if self.env.su or user.has_group("biroumum_booking.group_admin"):
            return
        for booking in self:
            if booking.facility_id.manager_user_id != user:
                raise AccessError(
                    self.env._(
                        "Only the manager of %s or a Biro Umum administrator may do this.",
                        booking.facility_id.name,
                    )
                )

    @api.constrains("request_letter")
    def _check_request_letter(self):
        """A request letter is a PDF or a picture of one, whatever the file is called."""
        for booking in self:
            if booking.request_letter and (
                guess_mimetype(base64.b64decode(booking.request_letter)) not in LETTER_MIMETYPES
            ):
                raise ValidationError(
                    self.env._("The request letter must be a PDF or an image (JPEG, PNG).")
                )

    # ------------------------------------------------------------------ CRUD
    @api.model
    def _check_attendees_value(self, vals):
        """Refuse in words a number of people that PostgreSQL's integer would refuse with
        a database error (the portal form has the same limit)."""
        attendees = vals.get("attendees")
        if isinstance(attendees, int) and not 0 <= attendees <= MAX_ATTENDEES:
            if attendees < 0:
                raise ValidationError(self.env._("The number of people cannot be negative."))
            raise ValidationError(self.env._("The number of people is too large."))

    @api.model_create_multi
    def create(self, vals_list):
        staff = self.env.su or self._is_staff()
        for vals in vals_list:
            self._check_attendees_value(vals)
            if not staff:
                # members book for themselves; price, state and links are the server's
                for key in list(vals):
                    if key not in MEMBER_FIELDS:
                        vals.pop(key)
                vals["partner_id"] = self.env.user.partner_id.id
            elif not self.env.su:
                # staff book for a member (or duplicate a booking): a new draft, priced
                # by the server, whose member still has to accept the terms
                for key in SERVER_FIELDS - {"company_id"}:
                    vals.pop(key, None)
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code("biroumum.booking")
        bookings = super().create(vals_list)
        bookings._update_amount()
        return bookings

    def write(self, vals):
        self._check_attendees_value(vals)
        if not self.env.su:
            if not self._is_staff():
                raise AccessError(self.env._("Only Biro Umum staff may change a booking."))
            self._check_server_fields(vals)
            if PRICED_FIELDS & set(vals):
                # rejected, cancelled and done bookings are history
                self._check_state("draft", "submitted", "approved")
        if not PRICED_FIELDS & set(vals):
            return super().write(vals)
        check_rules = PERIOD_FIELDS & set(vals)
        if check_rules:
            self._check_move_free(vals)
        before = {booking.id: booking._priced_values() for booking in self}
        res = super().write(vals)
        changed = self.filtered(lambda b: b._priced_values() != before[b.id])
        if check_rules:
            for booking in changed.filtered(lambda b: b.state in ACTIVE_STATES):
                # a booking under way may be extended: only a moved start must be ahead
                booking._check_rules(check_start=booking.start != before[booking.id][0])
        # the invoice follows the booking: the old one is reversed, the new price invoiced
        rebilled = changed.sudo().filtered(lambda b: b.state in ("approved", "done"))
        notes = {booking.id: booking._release_invoice() for booking in rebilled}
        changed._update_amount()
        for booking in changed.filtered("calendar_event_id"):
            booking.calendar_event_id.sudo().write(booking._calendar_event_vals())
        rebilled.filtered(lambda b: b.amount > 0)._create_invoices()
        for booking in rebilled:
            if booking.invoice_id:
                notes[booking.id].append(self.env._("New invoice: %s.", booking.invoice_id.name))
            if notes[booking.id]:
                booking.message_post(body=Markup("<br/>").join(notes[booking.id]))
        return res

    def _check_server_fields(self, vals, create=False):
        """At creation, create() itself keeps what a user sets to what they may set (a
        member's fields; a staff's new draft without the steps' fields)."""
        if create:
            return None
        return super()._check_server_fields(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(booking.state != "draft" for booking in self):
            raise UserError(self.env._("A booking that was submitted is never deleted: cancel it."))

    # ------------------------------------------------------------------ actions
    def action_submit(self):
        self._check_transition("action_submit")
        if not (self.env.su or self._is_staff()):
            # a member books once the address of the account is proven
            self.env.user._check_email_confirmed()
        for booking in self:
            if not (self.env.su or self._is_staff()) and (
                booking.partner_id != self.env.user.partner_id
            ):
                raise AccessError(self.env._("You can only submit your own bookings."))
            if not (booking.terms_id and booking.terms_accepted_at):
                raise ValidationError(
                    self.env._("You must accept the Terms and Conditions before booking.")
                )
            booking._check_rules()
            # the portal token of the links the member is sent, made here rather than by
            # the first page or print that needs it (a read that would write), and the
            # manager's to-do: written while the booking is a draft, so that the state
            # is the row's last UPDATE (_write_guarded)
            booking.sudo()._portal_ensure_token()
            booking._notify_submitted()
            booking.sudo().flush_recordset()
            booking._write_guarded({"state": "submitted"})
        return True

    def _accept_terms(self, terms):
        """Record the consent to exactly this version of the category's terms."""
        self.ensure_one()
        if not terms or terms.category != self.facility_id.category:
            raise ValidationError(
                self.env._("You must accept the Terms and Conditions before booking.")
            )
        self.sudo().write({"terms_id": terms.id, "terms_accepted_at": fields.Datetime.now()})

    def action_approve(self):
        self._check_transition("action_approve")
        self._check_actor_staff()
        bookings = self.sudo()
        for booking in bookings:
            booking.write(
                {
                    "state": "approved",
                    "payment_deadline": booking._payment_deadline_after_approval(),
                }
            )
        self._schedule_next(False)
        # the invitation (the calendar event, the e-mail with its .ics) is made by a job
        # once the approval is committed
        bookings._queue_notice("approved")
        # Last, so that the invoice number is held as briefly as possible: posting takes
        # the journal's next number by writing it under its unique index, and PostgreSQL
        # makes every other approval that posts in this journal wait on that entry until
        # this transaction commits.
        bookings.filtered(lambda b: b.amount > 0)._create_invoices()
        return True

    def action_reject(self, reason=None):
        self._check_transition("action_reject")
        self._check_actor_staff()
        if not reason:
            return self.env["layanan.reason.wizard"]._open(
                self, "action_reject", self.env._("Reason to reject")
            )
        for booking in self.sudo():
            booking.write({"state": "rejected", "reason": reason})
        self._schedule_next(False)
        self._queue_notice("rejected")
        # the period goes to whoever waits for it
        self.sudo()._waitlist_offer_freed()
        return True

    # ------------------------------------------------------------------ series
    def action_approve_series(self):
        """Approve every submitted booking of the series (each checked as one is)."""
        return self._series_in(("submitted",)).action_approve()

    def action_reject_series(self, reason=None):
        """Reject every submitted booking of the series, with one reason."""
        return self._series_in(("submitted",)).action_reject(reason=reason)

    def action_cancel_series(self, reason=None):
        """Cancel every booking of the series still held, with one reason."""
        return self._series_in(ACTIVE_STATES).action_cancel(reason=reason)

    def _member_cancel_deadline(self):
        hours = int_param(self.env, MEMBER_CANCEL_HOURS)
        return self.start - timedelta(hours=hours)

    def action_cancel(self, reason=None):
        self._check_transition("action_cancel")
        if self.env.su or self._is_staff():
            self._check_actor_staff()
            if not reason:
                return self.env["layanan.reason.wizard"]._open(
                    self, "action_cancel", self.env._("Reason to cancel")
                )
        else:
            for booking in self:
                if booking.partner_id != self.env.user.partner_id:
                    raise AccessError(self.env._("You can only cancel your own bookings."))
                if fields.Datetime.now() > booking._member_cancel_deadline():
                    raise UserError(
                        self.env._(
                            "Booking %s can no longer be cancelled online: "
                            "please contact the Biro Umum.",
                            booking.name,
                        )
                    )
            reason = reason or self.env._("Cancelled by the member.")
        # what a paid booking gets back, decided by who cancels (the rules for the member)
        refund_percents = {
            booking.id: booking._refund_percent()
            for booking in self
            if booking.sudo().invoice_id.payment_state in ("paid", "in_payment")
        }
        for booking in self.sudo():
            booking.write({"state": "cancelled", "reason": reason, "payment_deadline": False})
        # at once: the occurrences of a series cancelled together, one credit note
        self.sudo()._reverse_invoice(
            self.env._("Cancellation of %s", ", ".join(self.mapped("name"))),
            refund_percents=refund_percents,
        )
        for booking in self.sudo():
            if booking.calendar_event_id:
                event = booking.calendar_event_id
                booking.calendar_event_id = False
                event.unlink()
        self._schedule_next(False)
        self._queue_notice("cancelled")
        # the period goes to whoever waits for it (a period not begun yet)
        self.sudo()._waitlist_offer_freed()
        return True

    def action_done(self):
        self._check_transition("action_done")
        self._check_actor_staff()
        self.sudo().write({"state": "done"})
        return True

    # ------------------------------------------------------------------ business

    # ------------------------------------------------------------------ calendar feeds
    def _feed_service_name(self):
        return "Biro Umum"

    def _feed_my_domain(self, user):
        return [("partner_id", "=", user.partner_id.id)]
