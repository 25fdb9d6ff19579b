import base64
import functools
import math
from datetime import datetime, timedelta

import babel.dates
import psycopg2.errors
import pytz
from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.mimetypes import guess_mimetype
from odoo.tools.misc import babel_locale_parse

from odoo.addons.layanan_base.tools import (
    LINE_LENGTH,
    NOTE_LENGTH,
    TITLE_LENGTH,
    send_queued_mail_soon,
)

from .biroumum_facility import format_idr
from .res_config_settings import BOOKING_WINDOW, MEMBER_CANCEL_HOURS, int_param

TZ = pytz.timezone("Asia/Jakarta")
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
    "access_token",
    "verification_token",
}
# a booking's period; with the booker, what its price and its invoice depend on
PERIOD_FIELDS = {"start", "stop", "facility_id"}
PRICED_FIELDS = PERIOD_FIELDS | {"partner_id"}


def to_local(dt):
    return pytz.utc.localize(dt).astimezone(TZ)


# Parsed once: a list of 80 bookings formats 240 dates, and parsing the locale and the
# pattern at each call cost as much as the formatting itself.
DAY_PATTERN = babel.dates.parse_pattern("EEEE, d MMMM y, HH.mm")
TIME_PATTERN = babel.dates.parse_pattern("HH.mm")
babel_locale = functools.lru_cache(maxsize=32)(babel_locale_parse)


class BiroumumBooking(models.Model):
    _name = "biroumum.booking"
    _description = "Facility Booking"
    _inherit = [
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "layanan.verification.mixin",
        "layanan.stored.document",
        "layanan.text.limits",
    ]
    _order = "start desc, id desc"
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
    start = fields.Datetime(required=True, tracking=True)
    stop = fields.Datetime(required=True, tracking=True)
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
    reminder_sent = fields.Boolean(readonly=True, copy=False)
    period_display = fields.Char(compute="_compute_period_display", string="Period")
    amount_display = fields.Char(compute="_compute_period_display", string="Amount text")
    color = fields.Integer(compute="_compute_color")

    _stop_after_start = models.Constraint(
        "CHECK (stop > start)", "The end of a booking must be after its start."
    )
    # the backend list's order: an index scan of the first page, not a sort of all rows
    _start_id_desc_idx = models.Index("(start DESC, id DESC)")
    _no_overlap = models.Constraint(
        "EXCLUDE USING gist (int4range(facility_id, facility_id, '[]') WITH =, "
        "tsrange(start, stop, '[)') WITH &&) WHERE (state IN ('submitted', 'approved'))",
        "This facility is already booked for that period.",
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

    @api.model
    def _price_for(self, facility, partner, start, stop):
        """(quantity, unit price, amount) computed on the server only."""
        if not (facility and start and stop) or stop <= start:
            return 0.0, 0.0, 0.0
        if facility.tariff_unit == "day":
            first, last = to_local(start).date(), to_local(stop - timedelta(seconds=1)).date()
            quantity = (last - first).days + 1
        else:
            quantity = math.ceil((stop - start).total_seconds() / 3600.0)
        price = facility._get_price(partner)
        return float(quantity), price, quantity * price

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

    def _compute_access_url(self):
        super()._compute_access_url()
        for booking in self:
            booking.access_url = f"/my/bookings/{booking.id}"
        return None

    def _format_period(self, start=None, stop=None):
        """Senin, 23 November 2026, 09.00 - 12.00 WIB (in the user's language): the
        booking's period, or the one given (a move not written yet)."""
        self.ensure_one()
        start, stop = start or self.start, stop or self.stop
        if not (start and stop):
            return ""
        locale = babel_locale(self.env.lang or "id_ID")
        start, stop = to_local(start), to_local(stop)
        end_pattern = TIME_PATTERN if start.date() == stop.date() else DAY_PATTERN
        return f"{DAY_PATTERN.apply(start, locale)} - {end_pattern.apply(stop, locale)} WIB"

    @api.model
    def _format_idr(self, amount):
        return format_idr(amount)

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.name

    def _init_column(self, column_name):
        """The upgrade that gives the documents their own verification token also takes
        back the portal tokens that the QR codes printed until then carried: whoever
        saw such a paper holds its booking's access_token. A booking gets a new one with
        its next e-mail; its member still opens it by logging in."""
        result = super()._init_column(column_name)
        if column_name == "verification_token":
            self.env.cr.execute(
                "UPDATE biroumum_booking SET access_token = NULL WHERE access_token IS NOT NULL"
            )
        return result

    def _document_lang(self):
        """The booker's language, as Odoo prints an invoice in its customer's."""
        self.ensure_one()
        return self.partner_id.lang or self.company_id.partner_id.lang or super()._document_lang()

    def _document_values(self):
        """What the invoice / Bukti Peminjaman shows: a moved booking (new period, new
        invoice), a paid invoice or a booking marked done is a new document."""
        facility = self.facility_id
        return (
            *super()._document_values(),
            self.name,
            self.state,
            self.partner_id.name,
            self.partner_id.biroumum_institution,
            facility.name,
            facility.location,
            facility.category,
            facility.tariff_unit,
            self.start,
            self.stop,
            self.purpose,
            self.attendees,
            self.destination,
            self.quantity,
            self.unit_price,
            self.amount,
            self.invoice_id.name,
            self.invoice_id.payment_state,
            self.verification_token,
        )

    def _payment_label(self):
        """Paid, not paid or free of charge: what the public verification page says of
        the payment (never the amount or the invoice)."""
        self.ensure_one()
        if not self.invoice_id:
            return self.env._("Free of charge") if not self.amount else self.env._("Not paid")
        if self.invoice_id.payment_state in ("paid", "in_payment"):
            return self.env._("Paid")
        return self.env._("Not paid")

    # ------------------------------------------------------------------ rules
    def _is_staff(self):
        return self.env.user.has_group("biroumum_booking.group_manager")

    def _check_rules(self, check_start=True):
        """Every rule of a booking that takes a slot; raises ValidationError in plain words.

        `check_start=False` when staff change a booking without moving its start (extend a
        booking under way): its start may have passed, the rest must still hold."""
        now = fields.Datetime.now()
        window = int_param(self.env, BOOKING_WINDOW)
        for booking in self:
            facility = booking.facility_id
            if booking.stop <= booking.start:
                raise ValidationError(self.env._("The end must be after the start."))
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
        self.ensure_one()
        calendar = self.facility_id.resource_calendar_id
        if not calendar:
            return
        start = pytz.utc.localize(self.start)
        stop = pytz.utc.localize(self.stop)
        calendar = calendar.sudo()
        holidays = calendar._leave_intervals_batch(start, stop, tz=TZ)[False]
        names = sorted({name for iv in holidays for name in iv[2].mapped("name")})
        if names or list(holidays):
            raise ValidationError(
                self.env._(
                    "%(facility)s is closed on a public holiday in that period (%(holiday)s).",
                    facility=self.facility_id.name,
                    holiday=", ".join(names),
                )
            )
        day_start = start.astimezone(TZ).replace(hour=0, minute=0, second=0)
        day_stop = stop.astimezone(TZ).replace(hour=23, minute=59, second=59)
        opening = calendar._attendance_intervals_batch(day_start, day_stop, tz=TZ)[False]

        def covered(moment, strict_start):
            for iv_start, iv_stop, _recs in opening:
                if strict_start and iv_start <= moment < iv_stop:
                    return True
                if not strict_start and iv_start < moment <= iv_stop:
                    return True
            return False

        if (
            self.facility_id.tariff_unit == "day"
            and start.astimezone(TZ).date() != stop.astimezone(TZ).date()
        ):
            # lent over several days: pick up and return within opening hours
            ok = covered(start, True) and covered(stop, False)
        else:
            # the whole period inside one opening interval (merged)
            merged = []
            for iv_start, iv_stop, _recs in sorted(opening, key=lambda iv: iv[0]):
                if merged and iv_start <= merged[-1][1]:
                    merged[-1][1] = max(merged[-1][1], iv_stop)
                else:
                    merged.append([iv_start, iv_stop])
            ok = any(a <= start and stop <= b for a, b in merged)
        if not ok:
            raise ValidationError(
                self.env._(
                    "%(facility)s is open only during its opening hours (%(hours)s).",
                    facility=self.facility_id.name,
                    hours=self.facility_id.opening_hours,
                )
            )

    def _clash_message(self, facility=None, start=None, stop=None):
        return self.env._(
            "%(facility)s is already booked in the period %(period)s. Please choose another time.",
            facility=(facility or self.facility_id).name,
            period=self._format_period(start, stop),
        )

    @api.model
    def _overlap_sql(self, start, stop):
        """Active bookings overlapping [start, stop), written as the exclusion constraint
        is, so that PostgreSQL answers from its GiST index however long the history."""
        self.flush_model(["facility_id", "start", "stop", "state"])
        return SQL(
            "tsrange(start, stop, '[)') && tsrange(%s, %s, '[)') AND state IN %s",
            start,
            stop,
            ACTIVE_STATES,
        )

    @api.model
    def _facility_sql(self, facility_id):
        return SQL(
            "int4range(facility_id, facility_id, '[]') = int4range(%s, %s, '[]')",
            facility_id,
            facility_id,
        )

    def _check_free(self, facility=None, start=None, stop=None):
        """The booking's period (or the one given) is held by no other booking."""
        self.ensure_one()
        facility, start, stop = facility or self.facility_id, start or self.start, stop or self.stop
        clash = self.env.execute_query(
            SQL(
                "SELECT 1 FROM biroumum_booking WHERE %s AND %s AND id != %s LIMIT 1",
                self._facility_sql(facility.id),
                self._overlap_sql(start, stop),
                self.id or 0,
            )
        )
        if clash:
            raise ValidationError(self._clash_message(facility, start, stop))

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
        """Write under a savepoint: an overlap refused by PostgreSQL becomes a clear message."""
        try:
            with self.env.cr.savepoint():
                if vals.get("state") in ACTIVE_STATES:
                    # a clash is expected here (first come, first served): probe the
                    # constraint without logging the refused query as a server error
                    self.env.cr.execute(
                        SQL(
                            "UPDATE biroumum_booking SET state = %s WHERE id IN %s",
                            vals["state"],
                            tuple(self.ids),
                        ),
                        log_exceptions=False,
                    )
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

    def _check_state(self, allowed):
        for booking in self:
            if booking.state not in allowed:
                labels = dict(self._fields["state"]._description_selection(self.env))
                raise UserError(
                    self.env._(
                        "Booking %(name)s is %(state)s: this step is not possible.",
                        name=booking.name,
                        state=labels[booking.state],
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
                self._check_state(["draft", "submitted", "approved"])
        if not PRICED_FIELDS & set(vals):
            return super().write(vals)
        check_rules = PERIOD_FIELDS & set(vals) and not (
            self.env.su and self.env.context.get("skip_rules")
        )
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

    def _priced_values(self):
        return (self.start, self.stop, self.facility_id.id, self.partner_id.id)

    def _reverse_invoice(self, ref):
        """Take back the booking's invoice: a posted one by a credit note (reconciled with
        it when unpaid; left in draft for finance when paid), a draft one is cancelled.
        Returns the credit note (none when finance has reversed the invoice already)."""
        self.ensure_one()
        invoice = self.invoice_id.sudo()
        if invoice.state == "posted" and invoice.payment_state != "reversed":
            return invoice._reverse_moves(
                [{"ref": ref}], cancel=invoice.payment_state == "not_paid"
            )
        if invoice.state == "draft":
            invoice.button_cancel()
        return invoice.browse()

    def _release_invoice(self):
        """Before a changed booking is invoiced again: reverse its invoice and unlink it.
        Returns what the chatter says of it."""
        self.ensure_one()
        invoice = self.invoice_id
        if not invoice:
            return []
        was_draft = invoice.state == "draft"
        refund = self._reverse_invoice(self.env._("Change of %s", self.name))
        self.sudo().invoice_id = False
        if refund.state == "posted":
            note = self.env._(
                "The booking changed: invoice %(invoice)s is reversed by credit note %(refund)s.",
                invoice=invoice.name,
                refund=refund.name,
            )
        elif refund:
            note = self.env._(
                "The booking changed: invoice %s was paid, so its credit note is left in "
                "draft for finance to settle.",
                invoice.name,
            )
        elif was_draft:
            note = self.env._(
                "The booking changed: draft invoice %s is cancelled.", invoice.display_name
            )
        else:  # finance had reversed it already
            return []
        return [note]

    def _check_server_fields(self, vals):
        """Refuse a user's write of what only the booking's steps set."""
        forbidden = sorted(SERVER_FIELDS & set(vals))
        if forbidden:
            raise AccessError(
                self.env._(
                    "These fields of a booking are set by its steps (submit, approve, reject, "
                    "cancel) and cannot be changed directly: %s.",
                    ", ".join(
                        self._fields[name]._description_string(self.env) for name in forbidden
                    ),
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(booking.state != "draft" for booking in self):
            raise UserError(self.env._("A booking that was submitted is never deleted: cancel it."))

    # ------------------------------------------------------------------ actions
    def action_submit(self):
        self._check_state(["draft"])
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
            booking._write_guarded({"state": "submitted"})
            # the portal token of the links the member is sent, made here rather than by
            # the first page or print that needs it (a read that would write)
            booking.sudo()._portal_ensure_token()
            booking._notify_submitted()
        return True

    def _accept_terms(self, terms):
        """Record the consent to exactly this version of the category's terms."""
        self.ensure_one()
        if not terms or terms.category != self.facility_id.category:
            raise ValidationError(
                self.env._("You must accept the Terms and Conditions before booking.")
            )
        self.sudo().with_context(skip_rules=True).write(
            {"terms_id": terms.id, "terms_accepted_at": fields.Datetime.now()}
        )

    def action_approve(self):
        self._check_state(["submitted"])
        self._check_actor_staff()
        bookings = self.sudo()
        for booking in bookings:
            booking.write({"state": "approved"})
            booking.activity_unlink(["mail.mail_activity_data_todo"])
        # the invitation (the calendar event, the e-mail with its .ics) is made by a job
        # once the approval is committed
        self.env["biroumum.booking.notice"]._queue(
            bookings, "mail_template_booking_approved", with_event=True
        )
        # Last, so that the invoice number is held as briefly as possible: posting takes
        # the journal's next number by writing it under its unique index, and PostgreSQL
        # makes every other approval that posts in this journal wait on that entry until
        # this transaction commits.
        bookings.filtered(lambda b: b.amount > 0)._create_invoices()
        return True

    def action_reject(self, reason=None):
        self._check_state(["submitted"])
        self._check_actor_staff()
        if not reason:
            return self._open_reason_wizard("reject")
        for booking in self.sudo():
            booking.write({"state": "rejected", "reason": reason})
            booking.activity_unlink(["mail.mail_activity_data_todo"])
        self.env["biroumum.booking.notice"]._queue(self, "mail_template_booking_rejected")
        return True

    def _member_cancel_deadline(self):
        hours = int_param(self.env, MEMBER_CANCEL_HOURS)
        return self.start - timedelta(hours=hours)

    def action_cancel(self, reason=None):
        self._check_state(["draft", "submitted", "approved"])
        if self.env.su or self._is_staff():
            self._check_actor_staff()
            if not reason:
                return self._open_reason_wizard("cancel")
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
        for booking in self.sudo():
            booking.write({"state": "cancelled", "reason": reason})
            booking.activity_unlink(["mail.mail_activity_data_todo"])
            booking._reverse_invoice(self.env._("Cancellation of %s", booking.name))
            if booking.calendar_event_id:
                event = booking.calendar_event_id
                booking.calendar_event_id = False
                event.unlink()
        self.env["biroumum.booking.notice"]._queue(self, "mail_template_booking_cancelled")
        return True

    def action_done(self):
        self._check_state(["approved"])
        self._check_actor_staff()
        self.sudo().write({"state": "done"})
        return True

    def action_reset_draft(self):
        self._check_state(["rejected", "cancelled"])
        self._check_actor_staff()
        # a new booking rather than a reopened one: the history stays as it was
        return False

    def _open_reason_wizard(self, mode):
        return {
            "type": "ir.actions.act_window",
            "res_model": "biroumum.booking.reason",
            "view_mode": "form",
            "target": "new",
            "context": {"default_booking_ids": self.ids, "default_mode": mode},
        }

    def action_view_invoice(self):
        """The booking's invoice: the accounting document for whoever may read it; for
        the facility's manager, who is no accountant, its print from the booking (the
        invoice / Bukti Peminjaman, read only)."""
        self.ensure_one()
        self.check_access("read")
        if self.invoice_id.has_access("read"):
            return {
                "type": "ir.actions.act_window",
                "res_model": "account.move",
                "view_mode": "form",
                "res_id": self.invoice_id.id,
            }
        return self.env.ref("biroumum_booking.action_report_booking").report_action(self)

    # ------------------------------------------------------------------ business
    def _invoice_vals(self, journal):
        """The customer invoice of the booking, in `journal` (a sales journal of the
        booking's company). Its one line books the revenue on the facility's income
        account, or on the journal's default account: never on an account guessed from
        the member's other invoices, which is what Odoo does for a line without product."""
        self.ensure_one()
        unit = self.env._("hours") if self.facility_id.tariff_unit == "hour" else self.env._("days")
        label = self.env._(
            "%(facility)s, %(period)s (%(qty)s %(unit)s x %(price)s)",
            facility=self.facility_id.name,
            period=self._format_period(),
            qty=int(self.quantity),
            unit=unit,
            price=format_idr(self.unit_price),
        )
        account = (
            self.facility_id.with_company(self.company_id).income_account_id
            or journal.default_account_id
        )
        return {
            "move_type": "out_invoice",
            "journal_id": journal.id,
            "partner_id": self.partner_id.id,
            "currency_id": self.currency_id.id,
            "invoice_date": to_local(fields.Datetime.now()).date(),  # the day in WIB
            "invoice_origin": self.name,
            "ref": self.name,
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": label,
                        "account_id": account.id,
                        "quantity": self.quantity,
                        "price_unit": self.unit_price,
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
        }

    def _create_invoices(self):
        """Create and post one customer invoice per booking, in one batch per company.

        The invoices are created without mail tracking: logging the fields of a record that
        has just been made (fields_get on every line write) took 10-20% of the invoice's
        CPU, and the booking it comes from is on the invoice already (Source Document)."""
        Journal = self.env["account.journal"].sudo()
        for company, bookings in self.grouped("company_id").items():
            journal = Journal.search(
                [*Journal._check_company_domain(company), ("type", "=", "sale")], limit=1
            )
            if not journal:
                raise UserError(
                    self.env._(
                        "The booking cannot be approved: %(company)s has no sales journal "
                        "for its invoices. Ask finance to set up Accounting first.",
                        company=company.display_name,
                    )
                )
            moves = (
                self.env["account.move"]
                .sudo()
                .with_company(company)
                .with_context(tracking_disable=True)
                .create([booking._invoice_vals(journal) for booking in bookings])
            )
            for booking, move in zip(bookings, moves, strict=True):
                booking.invoice_id = move
        self.invoice_id.action_post()
        # the invoice's portal token (its e-mail, the member's invoice page and PDF), made
        # with the invoice rather than by the first page or print that reads it
        for invoice in self.invoice_id:
            invoice._portal_ensure_token()

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
        booking = self.sudo()
        manager = booking.facility_id.manager_user_id
        if manager:
            # the "submitted" mail below already tells the manager: no assignment mail
            booking.with_context(mail_activity_quick_update=True).activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=manager.id,
                summary=self.env._("Approve or reject booking %s", booking.name),
                date_deadline=to_local(fields.Datetime.now()).date(),  # today in WIB
            )
        self.env["biroumum.booking.notice"]._queue(booking, "mail_template_booking_submitted")

    @api.model
    def _cron_send_reminders(self):
        """The day before: remind the booker of an approved booking."""
        now_local = datetime.now(TZ)
        tomorrow = (now_local + timedelta(days=1)).replace(hour=0, minute=0, second=0)
        start = tomorrow.astimezone(pytz.utc).replace(tzinfo=None)
        stop = start + timedelta(days=1)
        bookings = self.search(
            [
                ("state", "=", "approved"),
                ("reminder_sent", "=", False),
                ("start", ">=", start),
                ("start", "<", stop),
            ]
        )
        bookings_sudo = bookings.sudo()
        bookings_sudo._send_template("mail_template_booking_reminder")
        bookings_sudo.reminder_sent = True
        return bookings

    @api.model
    def _busy_periods(self, facility, start, stop):
        """Booked periods of a facility (no personal data), for the availability calendar."""
        return self.env.execute_query(
            SQL(
                "SELECT start, stop FROM biroumum_booking WHERE %s AND %s ORDER BY start",
                self._facility_sql(facility.id),
                self._overlap_sql(start, stop),
            )
        )

    @api.model
    def _month_calendar(self, facility, first, last):
        """(busy, free): the booked periods of a facility in [first, last) and the free
        periods between them, as (start, stop) pairs in UTC."""
        busy = self._busy_periods(facility, first, last)
        free, cursor = [], first
        for start, stop in busy:
            if start > cursor:
                free.append((cursor, start))
            cursor = max(cursor, stop)
        if cursor < last:
            free.append((cursor, last))
        return busy, free
