import base64
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.layanan_base.models.layanan_booking_mixin import no_overlap_constraint
from odoo.addons.layanan_base.models.layanan_service_request import Transition
from odoo.addons.layanan_base.tools import (
    LINE_LENGTH,
    NOTE_LENGTH,
    TITLE_LENGTH,
    format_wib,
    to_wib,
)

HELD_STATES = ("validated", "scheduled")
OPEN_STATES = (
    "draft",
    "submitted",
    "verified",
    "equipment_check",
    "waiting_applicant",
    "validated",
    "scheduled",
    "to_reschedule",
)
# room and time: corrected on the form until the verification, then moved only by
# "Change Room / Time" (room and equipment checks, calendar event, notice)
SCHEDULE_FIELDS = ("room_id", "start", "stop")
SCHEDULE_EDITABLE_STATES = ("draft", "submitted")
# the request as the operator makes it, and the states in which it may still change: the
# operator's data while it is a draft (also when sent back for revision), the event name
# also until the verification (a typo the officer corrects); what the officer verified is
# what is scheduled and reported, and whose request it is decides who sees it
REQUEST_FIELD_STATES = {
    "operator_id": ("draft",),
    "unit_id": ("draft",),
    "letter": ("draft",),
    "letter_filename": ("draft",),
    "participants": ("draft",),
    "purpose": ("draft",),
    "event_name": ("draft", "submitted"),
}
SEND_BACK_STATES = ("submitted", "verified", "equipment_check")
OFFICER = "epesanruangan.group_officer"
PSS = "epesanruangan.group_pss"
HEAD = "epesanruangan.group_head"
# the event report: written until it is sent to the leadership, then what it received
REPORT_FIELDS = ("photo_ids", "report_note", "attendance_actual")
# the periods a booking may have, on every path (portal, backend, RPC, sudo callers): a
# date in year 9999 or year 1 is no booking, and breaks the date arithmetic of the free
# alternatives
MAX_DAYS_AHEAD = 730
MAX_DAYS_BEFORE = 730
MAX_DURATION_DAYS = 31
# far below PostgreSQL's integer (2,147,483,647), far above any Balaikota room
MAX_PARTICIPANTS = 100_000
LETTER_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_PX = 1024


class EpesanruanganBooking(models.Model):
    _name = "epesanruangan.booking"
    _description = "Room Booking Request"
    _inherit = ["portal.mixin", "layanan.service.request", "layanan.booking.mixin"]
    _booking_resource_field = "room_id"
    _booking_active_states = HELD_STATES
    _booking_reminder_states = ("scheduled",)
    _booker_partner_field = "operator_id.partner_id"
    _feed_summary_field = "event_name"
    _feed_booker_field = "unit_id"
    _feed_description_field = "purpose"
    _order = "start desc, id desc"
    # the operator, who reads the request, answers the service's notices on its page
    _mail_post_access = "read"
    # the steps whose note the reason wizard asks
    _reason_actions = ("action_send_back", "action_reject", "action_cancel")
    _transitions = {
        "action_submit": Transition(("draft",)),  # the operator: _check_operator
        "action_verify": Transition(("submitted",), (OFFICER,)),
        "action_send_back": Transition(SEND_BACK_STATES, (OFFICER,)),
        "action_reject": Transition(
            ("submitted", "verified", "equipment_check", "waiting_applicant"), (OFFICER,)
        ),
        "action_pss_approve": Transition(("equipment_check",), (PSS,)),
        "action_applicant_continue": Transition(("waiting_applicant",)),  # the operator
        "action_validate": Transition(("verified",), (HEAD,)),
        "action_schedule": Transition(("validated", "to_reschedule"), (HEAD,)),
        "action_reschedule": Transition(("validated", "scheduled", "to_reschedule"), (HEAD,)),
        "action_cancel": Transition(OPEN_STATES),  # the operator, or the staff with a reason
        "action_done": Transition(("scheduled",), (OFFICER,)),
        "action_send_report": Transition(("done",), (OFFICER,)),
        "action_schedule_priority": Transition(
            ("draft", "submitted", "verified", "validated"), (HEAD,)
        ),
    }
    _step_log_model = "epesanruangan.step.log"
    _step_log_field = "booking_id"
    # written by the SOP steps only (through sudo, after their own checks): a direct write
    # over RPC would skip a step
    _server_fields = (
        "name",
        "state",
        "idempotency_key",
        "calendar_event_id",
        "decision_note",
        "report_sent",
        "report_date",
        "reminder_sent",
        "step_log_ids",
        "next_step_id",
        "next_step_deadline",
        "checked_in_at",
        "no_show",
    )
    # what the operator types in the request form (its maxlength) and the staff's notes;
    # the event's name reaches the public lobby screen
    _text_limits = {
        "event_name": TITLE_LENGTH,
        "purpose": NOTE_LENGTH,
        "decision_note": NOTE_LENGTH,
        "report_note": NOTE_LENGTH,
        "letter_filename": LINE_LENGTH,
        "idempotency_key": 64,
    }

    name = fields.Char(
        string="Reference", required=True, copy=False, readonly=True, default="/", index=True
    )
    event_name = fields.Char(string="Event", required=True, tracking=True)
    purpose = fields.Text()
    participants = fields.Integer(required=True, default=1, tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("verified", "Verified"),
            ("equipment_check", "Equipment check"),
            ("waiting_applicant", "Waiting for the applicant"),
            ("validated", "Validated"),
            ("scheduled", "Scheduled"),
            ("to_reschedule", "To reschedule"),
            ("done", "Done"),
            ("rejected", "Rejected"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    unit_id = fields.Many2one(
        "epesanruangan.unit", string="Work Unit (SKPD/UKPD)", index=True, tracking=True
    )
    operator_id = fields.Many2one("res.users", index=True, default=lambda self: self.env.user)
    room_id = fields.Many2one(
        "epesanruangan.room", required=True, tracking=True, ondelete="restrict"
    )
    letter = fields.Binary(string="Request Letter (PDF)", attachment=True, copy=False)
    letter_filename = fields.Char(string="Letter File Name")
    line_ids = fields.One2many(
        "epesanruangan.booking.line", "booking_id", string="Equipment", copy=True
    )
    has_equipment = fields.Boolean(compute="_compute_has_equipment")
    is_priority = fields.Boolean(
        string="Leadership Event", help="Jadwal Pimpinan Mendadak: takes the room first."
    )
    idempotency_key = fields.Char(copy=False, readonly=True)
    # indexed: deleting an event makes PostgreSQL look up the bookings pointing at it
    calendar_event_id = fields.Many2one(
        "calendar.event", copy=False, readonly=True, index="btree_not_null"
    )
    decision_note = fields.Text(string="Note to the Applicant", tracking=True, copy=False)
    photo_ids = fields.One2many(
        "epesanruangan.event.photo", "booking_id", string="Event Photos", copy=False
    )
    report_note = fields.Text(string="Event Note", copy=False)
    attendance_actual = fields.Integer(
        string="Actual Attendance", copy=False, help="How many people attended the event."
    )
    report_sent = fields.Boolean(readonly=True, copy=False)
    # the day (WIB) the report went to the leadership
    report_date = fields.Date(readonly=True, copy=False)
    step_log_ids = fields.One2many("epesanruangan.step.log", "booking_id")
    schedule_display = fields.Char(string="Schedule", compute="_compute_schedule_display")
    month = fields.Char(compute="_compute_month", store=True)

    _participants_positive = models.Constraint(
        "CHECK(participants > 0)", "The number of participants must be positive."
    )
    _attendance_not_negative = models.Constraint(
        "CHECK(attendance_actual >= 0)", "The actual attendance cannot be negative."
    )
    _idempotency_unique = models.Constraint(
        "UNIQUE(operator_id, idempotency_key)", "This request was already submitted."
    )
    _room_not_double_booked = no_overlap_constraint(
        HELD_STATES,
        "The room (or a room joined with it) is already booked for this time, or within "
        "the time kept free around a booking.",
    )

    @api.depends("line_ids")
    def _compute_has_equipment(self):
        for booking in self:
            booking.has_equipment = bool(booking.line_ids)

    @api.depends("start", "stop")
    def _compute_schedule_display(self):
        for booking in self:
            if booking.start and booking.stop:
                same_day = to_wib(booking.start).date() == to_wib(booking.stop).date()
                end = format_wib(booking.stop, with_date=not same_day)
                start = format_wib(booking.start)[: -len(" WIB")]
                booking.schedule_display = f"{start}–{end}"
            else:
                booking.schedule_display = ""

    @api.depends("name", "event_name")
    def _compute_display_name(self):
        for booking in self:
            booking.display_name = (
                f"{booking.name} · {booking.event_name}" if booking.event_name else booking.name
            )

    @api.depends("start")
    def _compute_month(self):
        for booking in self:
            booking.month = to_wib(booking.start).strftime("%Y-%m") if booking.start else False

    def _compute_access_url(self):  # pylint: disable=missing-return
        super()._compute_access_url()
        for booking in self:
            booking.access_url = f"/my/ruangan/{booking.id}"

    @api.constrains("letter")
    def _check_letter(self):
        for booking in self.filtered("letter"):
            data = base64.b64decode(booking.with_context(bin_size=False).letter)
            if not data.startswith(b"%PDF-"):
                raise ValidationError(self.env._("The request letter must be a PDF file."))
            if len(data) > LETTER_MAX_BYTES:
                raise ValidationError(self.env._("The request letter must be at most 5 MB."))

    @api.constrains("start", "stop")
    def _check_period(self):
        for booking in self:
            error = self._period_error(booking.start, booking.stop)
            if error:
                raise ValidationError(error)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_participants_value(vals)
        for vals in vals_list:
            if not vals.get("unit_id") and not vals.get("is_priority"):
                operator = self.env["res.users"].browse(vals.get("operator_id") or self.env.uid)
                vals["unit_id"] = operator.epesanruangan_unit_id.id
        bookings = super().create(vals_list)
        bookings._subscribe_operator()
        # the reference after the checks of the create: the sequence is the server's
        for booking_sudo in bookings.sudo().filtered(lambda booking: booking.name == "/"):
            booking_sudo.name = self.env["ir.sequence"].next_by_code("epesanruangan.booking") or "/"
        return bookings

    def write(self, vals):
        self._check_participants_value(vals)
        res = super().write(vals)
        if vals.get("operator_id"):
            self._subscribe_operator()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if not self.env.su and any(booking.state != "draft" for booking in self):
            raise UserError(self.env._("A request that left draft is cancelled, not deleted."))

    # ------------------------------------------------------------------ helpers

    @api.model
    def _check_participants_value(self, vals):
        """Refuse in words a number of participants that PostgreSQL's integer would refuse
        with a database error."""
        participants = vals.get("participants")
        if isinstance(participants, int) and participants > MAX_PARTICIPANTS:
            raise ValidationError(
                self.env._("%s participants: that is more than any room holds.", participants)
            )
        attendance = vals.get("attendance_actual")
        if isinstance(attendance, int) and not 0 <= attendance <= MAX_PARTICIPANTS:
            raise ValidationError(
                self.env._(
                    "%s people attended: enter how many people attended the event.", attendance
                )
            )

    def _check_server_fields(self, vals, create=False):
        """Besides the fields only the steps write: the leadership flag is the head's,
        room and time move by "Change Room / Time" once verified, the operator's data is
        theirs while a draft, and the report is what the leadership received once sent."""
        super()._check_server_fields(vals, create=create)
        if self._may_write_server_fields():
            return
        if "is_priority" in vals and (vals["is_priority"] or not create):
            self._check_group(HEAD)
        if not create and any(name in vals for name in SCHEDULE_FIELDS):
            for booking in self:
                if booking.state not in SCHEDULE_EDITABLE_STATES:
                    raise UserError(
                        self.env._(
                            "%(ref)s is “%(state)s”: move it with “Change Room / Time”, which "
                            "checks the room and the equipment and tells the operator.",
                            ref=booking.name,
                            state=booking._state_label(),
                        )
                    )
        if not create:
            for booking in self:
                frozen = [
                    name
                    for name, states in REQUEST_FIELD_STATES.items()
                    if name in vals and booking.state not in states
                ]
                if frozen:
                    raise UserError(booking._frozen_request_message(frozen))
            if any(name in vals for name in REPORT_FIELDS):
                self.filtered("report_sent")._check_report_editable()

    def _check_lines_editable(self):
        """The equipment requested is the operator's, until the request is submitted."""
        for booking in self:
            if booking.state != "draft":
                raise UserError(
                    self.env._(
                        "The equipment of %(ref)s is fixed once the request is submitted: "
                        "send it back to the operator to change it.",
                        ref=booking.name,
                    )
                )

    def _frozen_request_message(self, names):
        """Why the request's ``names`` no longer change, and which step changes them."""
        self.ensure_one()
        values = {
            "ref": self.name,
            "state": self._state_label(),
            "fields": ", ".join(self._fields[name]._description_string(self.env) for name in names),
        }
        if self.state in SEND_BACK_STATES:
            return self.env._(
                "%(ref)s is “%(state)s”: %(fields)s can no longer change directly; send the "
                "request back to the operator to correct it.",
                **values,
            )
        if self.state in OPEN_STATES:
            return self.env._(
                "%(ref)s is “%(state)s”: %(fields)s can no longer change; cancel the booking "
                "and let the operator submit a new request.",
                **values,
            )
        return self.env._("%(ref)s is “%(state)s”: %(fields)s can no longer change.", **values)

    def _check_report_editable(self):
        """The event report's photos, note and attendance are what the leadership received,
        once sent."""
        for booking in self:
            if booking.report_sent:
                raise UserError(
                    self.env._(
                        "The event report of %(ref)s was already sent to the leadership: its "
                        "photos, note and attendance no longer change.",
                        ref=booking.name,
                    )
                )

    @api.model
    def _period_error(self, start, stop):
        """Why ``start``-``stop`` cannot be a booking's period, or None."""
        now = fields.Datetime.now()
        if start > now + timedelta(days=MAX_DAYS_AHEAD):
            return self.env._(
                "A booking can start at the latest %(days)s days from today.", days=MAX_DAYS_AHEAD
            )
        if start < now - timedelta(days=MAX_DAYS_BEFORE):
            return self.env._(
                "A booking can start at the earliest %(days)s days before today.",
                days=MAX_DAYS_BEFORE,
            )
        if stop - start > timedelta(days=MAX_DURATION_DAYS):
            return self.env._("A booking can last at most %(days)s days.", days=MAX_DURATION_DAYS)
        return None

    def _subscribe_operator(self):
        """The operator follows the request: the service's notices reach them by e-mail
        and on the request's portal page, where they answer."""
        for booking_sudo in self.sudo().filtered("operator_id"):
            partner = booking_sudo.operator_id.partner_id
            if partner not in booking_sudo.message_partner_ids:
                booking_sudo.message_subscribe(partner_ids=partner.ids)

    def _is_operator_of(self, user):
        self.ensure_one()
        return user.share and (
            self.operator_id == user
            or (user.epesanruangan_unit_id and user.epesanruangan_unit_id == self.unit_id)
        )

    def _check_operator(self):
        """The operator of the booking's unit, or service staff acting for them."""
        user = self.env.user
        if user.has_group("epesanruangan.group_officer"):
            return
        for booking in self:
            if not booking._is_operator_of(user):
                raise AccessError(self.env._("Only the operator of the work unit may do this."))

    # ------------------------------------------------------------------ calendar feeds
    def _feed_service_name(self):
        return "Balaikota"

    def _feed_my_domain(self, user):
        return [("operator_id", "=", user.id)]
