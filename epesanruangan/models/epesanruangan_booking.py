import base64
import io
import logging
from datetime import datetime, timedelta

import psycopg2
import pytz
from babel.dates import format_datetime
from PIL import Image

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.image import image_process

from odoo.addons.layanan_base.tools import (
    LINE_LENGTH,
    NOTE_LENGTH,
    TITLE_LENGTH,
    send_queued_mail_soon,
)

from .epesanruangan_step_log import TARGETS

_logger = logging.getLogger(__name__)

WIB = pytz.timezone("Asia/Jakarta")
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
# written by the SOP steps only (through sudo, after their own checks): a direct write
# over RPC would skip a step
STEP_FIELDS = (
    "name",
    "state",
    "idempotency_key",
    "calendar_event_id",
    "decision_note",
    "report_sent",
    "last_step_date",
    "sla_deadline",
    "sla_role",
    "step_log_ids",
)
STEP_FIELD_CREATE_VALUES = {"name": "/", "state": "draft"}
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
# the event report: written until it is sent to the leadership, then what it received
REPORT_FIELDS = ("photo_ids", "report_note")
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


def to_wib(dt):
    try:
        return pytz.utc.localize(dt).astimezone(WIB)
    except OverflowError:
        # the last hours of year 9999 (UTC) are in year 10000 in Jakarta
        return WIB.localize(datetime.max)


def format_wib(dt, with_date=True):
    """``Senin, 23 November 2026, 09.00 WIB``."""
    if not dt:
        return ""
    pattern = "EEEE, d MMMM y, HH.mm" if with_date else "HH.mm"
    return format_datetime(to_wib(dt), pattern, locale="id_ID") + " WIB"


def step_only_error(records, names):
    """The refusal of a direct change of `names`, fields of `records` (a room request or
    its equipment lines): the steps of the request write them."""
    return AccessError(
        records.env._(
            "%(fields)s of a room request change only through the steps of the "
            "request (the buttons), never directly.",
            fields=", ".join(
                records._fields[name]._description_string(records.env) for name in names
            ),
        )
    )


class EpesanruanganBooking(models.Model):
    _name = "epesanruangan.booking"
    _description = "Room Booking Request"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin", "layanan.text.limits"]
    _order = "start desc, id desc"
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
    start = fields.Datetime(required=True, tracking=True)
    stop = fields.Datetime(required=True, tracking=True)
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
    photo_ids = fields.Many2many(
        "ir.attachment",
        "epesanruangan_booking_photo_rel",
        "booking_id",
        "attachment_id",
        string="Event Photos",
        copy=False,
    )
    report_note = fields.Text(string="Event Note", copy=False)
    report_sent = fields.Boolean(readonly=True, copy=False)
    step_log_ids = fields.One2many("epesanruangan.step.log", "booking_id")
    last_step_date = fields.Datetime(readonly=True, copy=False)
    sla_deadline = fields.Datetime(
        string="Next Step Due", readonly=True, copy=False, help="Mutu Baku of the next step"
    )
    sla_role = fields.Selection(
        [
            ("operator", "Operator SKPD/UKPD"),
            ("officer", "Service Officer"),
            ("pss", "Equipment Subdivision (PSS)"),
            ("head", "Head of Service Subdivision"),
        ],
        string="Next Actor",
        readonly=True,
        copy=False,
    )
    schedule_display = fields.Char(string="Schedule", compute="_compute_schedule_display")
    month = fields.Char(compute="_compute_month", store=True)

    _stop_after_start = models.Constraint(
        "CHECK(stop > start)", "The end of the booking must be after its start."
    )
    _participants_positive = models.Constraint(
        "CHECK(participants > 0)", "The number of participants must be positive."
    )
    _idempotency_unique = models.Constraint(
        "UNIQUE(operator_id, idempotency_key)", "This request was already submitted."
    )
    _room_not_double_booked = models.Constraint(
        """EXCLUDE USING gist (
            int4range(room_id, room_id, '[]') WITH =,
            tsrange(start, stop, '[)') WITH &&
        ) WHERE (state IN ('validated', 'scheduled'))""",
        "The room is already booked for this time.",
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
        self._check_server_fields(vals_list, create=True)
        for vals in vals_list:
            self._check_participants_value(vals)
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("epesanruangan.booking") or "/"
            if not vals.get("unit_id") and not vals.get("is_priority"):
                operator = self.env["res.users"].browse(vals.get("operator_id") or self.env.uid)
                vals["unit_id"] = operator.epesanruangan_unit_id.id
        for vals in vals_list:
            self._check_photos_linked(vals.get("photo_ids"))
        bookings = super().create(vals_list)
        for booking_sudo in bookings.sudo().filtered("photo_ids"):
            booking_sudo._shrink_photos(booking_sudo.photo_ids)
        return bookings

    def write(self, vals):
        self._check_server_fields([vals])
        self._check_participants_value(vals)
        before_sudo = None
        if "photo_ids" in vals:
            self._check_photos_linked(vals["photo_ids"])
            before_sudo = {booking.id: booking.photo_ids for booking in self.sudo()}
        res = super().write(vals)
        if before_sudo is not None:
            for booking_sudo in self.sudo():
                booking_sudo._shrink_photos(booking_sudo.photo_ids - before_sudo[booking_sudo.id])
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

    def _check_server_fields(self, vals_list, create=False):
        """Refuse what only the SOP steps may change. The steps write through sudo after
        their own checks; the superuser (data files, scripts) is trusted."""
        if self.env.su:
            return
        for vals in vals_list:
            owned = [
                name
                for name in STEP_FIELDS
                if name in vals
                and not (create and vals[name] in (False, None, STEP_FIELD_CREATE_VALUES.get(name)))
            ]
            if owned:
                raise step_only_error(self, owned)
            if "is_priority" in vals and (vals["is_priority"] or not create):
                self._check_role("group_head")
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
        """The event report's photos and note are what the leadership received, once sent."""
        for booking in self:
            if booking.report_sent:
                raise UserError(
                    self.env._(
                        "The event report of %(ref)s was already sent to the leadership: its "
                        "photos and note no longer change.",
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

    def _state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env)).get(self.state)

    def _check_photos_linked(self, commands):
        """Photos linked to a booking are resized as the superuser: the caller must be
        allowed to change each of them (an upload of theirs, a file of a record they may
        edit), not only to read it (a public file, the company's logo)."""
        if not commands or self.env.su:
            return
        ids = set()
        for command in commands:
            if command[0] == fields.Command.LINK:
                ids.add(command[1])
            elif command[0] == fields.Command.SET:
                ids.update(command[2])
        # only what is new: the photo widget sends back the photos already linked
        for booking_sudo in self.sudo():
            ids -= set(booking_sudo.photo_ids.ids)
        photos = self.env["ir.attachment"].browse(ids).exists()
        if photos and photos._filtered_access("write") != photos:
            raise AccessError(
                self.env._(
                    "You can only add event photos that you uploaded, or files of a record "
                    "you may change."
                )
            )

    def _shrink_photos(self, photos_sudo):
        """Event photos at most PHOTO_MAX_PX wide or high: a phone's 4000x3000 photos
        would make the leadership's report PDF heavy and slow to render. Only the photos
        just added to this booking, and only its own: uploaded for it, or bound to no
        record (another record's file, a field's file or a public file is never
        rewritten)."""
        self.ensure_one()
        for photo in photos_sudo:
            own = photo.res_model == self._name and photo.res_id == self.id
            unbound = not (photo.res_model or photo.res_id)
            if photo.res_field or photo.public or not (own or unbound):
                continue
            if not (photo.mimetype or "").startswith("image/") or not photo.datas:
                continue
            try:
                with Image.open(io.BytesIO(photo.raw)) as image:
                    size = image.size
            except (OSError, Image.DecompressionBombError):
                continue
            if max(size) > PHOTO_MAX_PX:
                photo.raw = image_process(photo.raw, size=(PHOTO_MAX_PX, PHOTO_MAX_PX), quality=85)

    def _conflicts(self, room=None, start=None, stop=None):
        """Other bookings holding the room at an overlapping time."""
        self.ensure_one()
        return self.sudo().search(
            [
                ("id", "!=", self.id),
                ("room_id", "=", (room or self.room_id).id),
                ("state", "in", list(HELD_STATES)),
                ("start", "<", stop or self.stop),
                ("stop", ">", start or self.start),
            ],
            order="start",
        )

    def _check_role(self, group):
        """The action is allowed to the members of ``group`` (xml id in this addon)."""
        if not self.env.user.has_group(f"epesanruangan.{group}"):
            raise AccessError(
                self.env._(
                    "Only the role “%(role)s” may do this step.",
                    role=self.env.ref(f"epesanruangan.{group}").sudo().name,
                )
            )

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

    def _check_state(self, *states):
        for booking in self:
            if booking.state not in states:
                raise UserError(
                    self.env._(
                        "%(ref)s is “%(state)s”: this step is not possible now.",
                        ref=booking.name,
                        state=booking._state_label(),
                    )
                )

    def _log_step(self, step, note=False, since=None):
        now = fields.Datetime.now()
        self.env["epesanruangan.step.log"].sudo().create(
            [
                {
                    "booking_id": booking.id,
                    "step": step,
                    "user_id": self.env.user.id,
                    "date": now,
                    "duration": max(
                        (
                            now - (since or booking.last_step_date or booking.create_date or now)
                        ).total_seconds()
                        / 60.0,
                        0.0,
                    ),
                    "note": note,
                }
                for booking in self
            ]
        )
        self.sudo().write({"last_step_date": now})

    def _next(self, role, step):
        """Record who acts next and by when (Mutu Baku); schedule their activity."""
        now = fields.Datetime.now()
        self_sudo = self.sudo()
        self_sudo.activity_feedback(["epesanruangan.mail_activity_type_sop"])
        self_sudo.write(
            {
                "sla_role": role,
                "sla_deadline": now + timedelta(minutes=TARGETS[step]) if role else False,
            }
        )
        group = {
            "officer": "group_officer",
            "pss": "group_pss",
            "head": "group_head",
        }.get(role)
        if not group:
            return
        users = (
            self.env.ref(f"epesanruangan.{group}")
            .sudo()
            .all_user_ids.filtered(lambda u: u.active and not u.share)
        )
        summary = dict(
            self.env["epesanruangan.step.log"]._fields["step"]._description_selection(self.env)
        )[step]
        # the activity is the notice: no assignment mail rendered inside the request; one
        # create per user for all the bookings (their name shows reference and event)
        for user in users:
            self_sudo.with_context(mail_activity_quick_update=True).activity_schedule(
                "epesanruangan.mail_activity_type_sop", user_id=user.id, summary=summary
            )

    def _notify_operator(self, body, attachments=None):
        # the mails leave with the mail queue, not inside the staff member's request
        for booking in self.sudo().with_context(mail_notify_force_send=False):
            partners = booking.operator_id.partner_id
            booking.message_post(
                body=body,
                partner_ids=partners.ids,
                subtype_xmlid="mail.mt_comment",
                attachments=attachments or [],
            )
        send_queued_mail_soon(self.env)

    def _write_held(self, vals):
        """Write a state that holds the room; the exclusion constraint has the last word."""
        for booking in self:
            room = self.env["epesanruangan.room"].browse(vals.get("room_id", booking.room_id.id))
            other = booking._conflicts(room, vals.get("start"), vals.get("stop"))
            if other:
                raise UserError(
                    self.env._(
                        "%(room)s is already booked by %(ref)s (%(event)s) on %(when)s.",
                        room=room.name,
                        ref=other[0].name,
                        event=other[0].event_name,
                        when=other[0].schedule_display,
                    )
                )
        try:
            with self.env.cr.savepoint():
                self.sudo().write(vals)
                self.flush_recordset()
        except psycopg2.errors.ExclusionViolation as exc:
            raise UserError(
                self.env._("The room is already booked for this time. Choose another room or time.")
            ) from exc

    def _lock_and_check_equipment(self, start=None, stop=None):
        """Lock the stock rows counted, then check what the lines take for the period
        (the booking's own, or ``start``-``stop`` where it is about to move)."""
        for booking in self:
            lines = booking.line_ids.filtered("qty_approved")
            self.env["epesanruangan.equipment"]._lock(lines.equipment_id.ids)
            avail = lines.equipment_id._available_qty(
                start or booking.start, stop or booking.stop, booking.ids
            )
            for line in lines:
                if line.qty_approved > avail.get(line.equipment_id.id, 0):
                    raise UserError(
                        self.env._(
                            "Only %(avail)s × %(item)s are free for this period; "
                            "%(qty)s were approved.",
                            avail=max(avail.get(line.equipment_id.id, 0), 0),
                            item=line.equipment_id.name,
                            qty=line.qty_approved,
                        )
                    )

    def _reserve_priority_equipment(self):
        """The leadership event takes the equipment it asks for, as far as it is free
        (the bumped bookings have just freed theirs). Lines PSS already decided keep
        their quantities; what cannot be given is noted on the request."""
        self.ensure_one()
        # the head's step (role checked by the caller): the approval is the system's
        unchecked_sudo = self.line_ids.sudo().filtered(lambda line: line.state == "requested")
        if not unchecked_sudo:
            return
        self.env["epesanruangan.equipment"]._lock(unchecked_sudo.equipment_id.ids)
        avail = unchecked_sudo.equipment_id._available_qty(self.start, self.stop, self.ids)
        for line_sudo in unchecked_sudo:
            free = max(avail.get(line_sudo.equipment_id.id, 0), 0)
            qty = min(line_sudo.qty_requested, free)
            avail[line_sudo.equipment_id.id] = free - qty  # two lines of one item share it
            line_sudo.write(
                {
                    "qty_approved": qty,
                    "state": "approved"
                    if qty >= line_sudo.qty_requested
                    else ("reduced" if qty else "unavailable"),
                }
            )
        short = unchecked_sudo.filtered(lambda line: line.state != "approved")
        if short:
            self.sudo().message_post(
                body=self.env._(
                    "Not all the equipment is free for this leadership event: %(items)s. "
                    "The equipment subdivision (PSS) must find the rest.",
                    items=", ".join(
                        f"{line.equipment_id.name} ({line.qty_approved}/{line.qty_requested})"
                        for line in short
                    ),
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _ics_attachment(self):
        self.ensure_one()
        event = self.calendar_event_id.sudo()
        ics = event._get_ics_file().get(event.id) if event else None
        return [("jadwal-acara.ics", ics)] if ics else []

    def _sync_calendar_event(self):
        """Scheduled bookings live in the Calendar app; others do not."""
        for booking in self.sudo():
            event = booking.calendar_event_id
            if booking.state != "scheduled":
                booking.calendar_event_id = False
                event.with_context(no_mail_to_attendees=True).unlink()
                continue
            officers = self.env.ref("epesanruangan.group_officer").all_user_ids.filtered(
                lambda u: u.active and not u.share
            )
            vals = {
                "name": f"{booking.event_name} ({booking.name})",
                "start": booking.start,
                "stop": booking.stop,
                "location": booking.room_id.name,
                "description": booking.purpose or "",
                "partner_ids": [(6, 0, (booking.operator_id.partner_id | officers.partner_id).ids)],
                "user_id": self.env.user.id if not self.env.user.share else False,
                "res_model_id": self.env["ir.model"]._get_id(booking._name),
                "res_id": booking.id,
            }
            ctx = {"no_mail_to_attendees": True, "dont_notify": True, "mail_create_nolog": True}
            if event:
                event.with_context(**ctx).write(vals)
            else:
                booking.calendar_event_id = (
                    self.env["calendar.event"].with_context(**ctx).create(vals)
                )

    def _free_slots_same_room(self, count=3, step_minutes=30, days=7):
        """The nearest free times for the same room and duration (07.00–21.00 WIB), in
        the future and within the periods a booking may have."""
        self.ensure_one()
        duration = self.stop - self.start
        horizon = timedelta(days=days)
        now = fields.Datetime.now()
        latest = now + timedelta(days=MAX_DAYS_AHEAD)
        # what is stored may predate the limits (year 9999, years long): such a period has
        # no free time near it, and the arithmetic below stays within Python's dates
        if duration > timedelta(days=MAX_DURATION_DAYS) or not (
            now - horizon <= self.start <= latest + horizon
        ):
            return []
        busy = self.sudo().search(
            [
                ("id", "!=", self.id),
                ("room_id", "=", self.room_id.id),
                ("state", "in", list(HELD_STATES)),
                ("start", "<", self.stop + horizon),
                ("stop", ">", self.start - horizon),
            ]
        )
        intervals = [(b.start, b.stop) for b in busy]
        found = []
        for i in range(1, int(horizon / timedelta(minutes=step_minutes))):
            for sign in (1, -1):
                start = self.start + sign * i * timedelta(minutes=step_minutes)
                stop = start + duration
                if not now <= start <= latest:
                    continue
                local_start, local_stop = to_wib(start), to_wib(stop)
                if local_start.hour < 7 or local_start.date() != local_stop.date():
                    continue
                if (local_stop.hour, local_stop.minute) > (21, 0):
                    continue
                if any(s < stop and e > start for s, e in intervals):
                    continue
                found.append((start, stop))
            if len(found) >= count:
                break
        return sorted(found[:count])

    def _alternatives(self):
        """Free alternatives: other rooms at the same time, the same room at other times.
        None for a period a booking may not have (stored before the limits): the head
        types a real one in "Change Room / Time"."""
        self.ensure_one()
        result = []
        if self._period_error(self.start, self.stop):
            return result
        rooms = (
            self.env["epesanruangan.room"]._free_rooms(
                self.start, self.stop, self.participants, self.ids
            )
            - self.room_id
        )
        for room in rooms:
            result.append(
                {"room_id": room.id, "start": self.start, "stop": self.stop, "kind": "room"}
            )
        for start, stop in self._free_slots_same_room():
            result.append(
                {"room_id": self.room_id.id, "start": start, "stop": stop, "kind": "time"}
            )
        return result

    # ------------------------------------------------------------------ SOP steps

    def action_submit(self, form_started=None):
        """Step 2: the operator submits the request."""
        self._check_operator()
        self._check_state("draft")
        for booking in self:
            if not booking.letter:
                raise UserError(self.env._("Attach the request letter (PDF) before submitting."))
            if booking.start <= fields.Datetime.now():
                raise UserError(self.env._("The booking must start in the future."))
            if booking.participants > booking.room_id.capacity:
                raise UserError(
                    self.env._(
                        "%(room)s holds %(cap)s people; %(n)s participants were requested.",
                        room=booking.room_id.name,
                        cap=booking.room_id.capacity,
                        n=booking.participants,
                    )
                )
        self.sudo().write({"state": "submitted", "decision_note": False})
        self._log_step("2", since=form_started)
        self._next("officer", "3")
        return True

    def action_verify(self):
        """Step 3: the officer verifies purpose, schedule, room and documents."""
        self._check_role("group_officer")
        self._check_state("submitted")
        for booking in self:
            other = booking._conflicts()
            if other:
                raise UserError(
                    self.env._(
                        "%(room)s is already taken by %(ref)s at that time: send the request "
                        "back or reject it.",
                        room=booking.room_id.name,
                        ref=other[0].name,
                    )
                )
            booking._log_step("3")
            if booking.line_ids:
                # step 4: the system computes the availability per item for the period
                avail = booking.line_ids.equipment_id._available_qty(
                    booking.start, booking.stop, booking.ids
                )
                # the system's proposal, written for the officer (role checked above)
                for line_sudo in booking.line_ids.sudo():
                    line_sudo.qty_approved = max(
                        min(line_sudo.qty_requested, avail.get(line_sudo.equipment_id.id, 0)), 0
                    )
                booking.sudo().write({"state": "equipment_check"})
                booking._log_step("4")
                booking._next("pss", "5")
            else:
                booking.sudo().write({"state": "verified"})
                booking._next("head", "7")
        return True

    def action_send_back(self, reason=False):
        """Step 3 (alternative): back to the operator with a note."""
        self._check_role("group_officer")
        self._check_state(*SEND_BACK_STATES)
        if not reason:
            raise UserError(self.env._("Write a note for the applicant."))
        self.sudo().write({"state": "draft", "decision_note": reason})
        self._log_step("3", note=reason)
        self._next("operator", "2")
        self._notify_operator(
            self.env._("Your request was sent back for correction: %(note)s", note=reason)
        )
        return True

    def action_reject(self, reason=False):
        """Step 3 (alternative): reject with a reason."""
        self._check_role("group_officer")
        self._check_state("submitted", "verified", "equipment_check", "waiting_applicant")
        if not reason:
            raise UserError(self.env._("Write the reason of the rejection."))
        self.sudo().write({"state": "rejected", "decision_note": reason})
        self._log_step("3", note=reason)
        self._next(False, "3")
        self._notify_operator(self.env._("Your request was rejected: %(note)s", note=reason))
        return True

    def action_pss_approve(self):
        """Step 5: PSS approves, reduces or refuses each equipment line."""
        self._check_role("group_pss")
        self._check_state("equipment_check")
        for booking in self:
            booking._lock_and_check_equipment()
            # the line's status follows PSS's quantities (role checked above)
            for line_sudo in booking.line_ids.sudo():
                if line_sudo.qty_approved >= line_sudo.qty_requested:
                    line_sudo.state = "approved"
                elif line_sudo.qty_approved > 0:
                    line_sudo.state = "reduced"
                else:
                    line_sudo.state = "unavailable"
            booking._log_step("5")
            short = booking.line_ids.filtered(lambda line: line.state != "approved")
            if short:
                booking.sudo().write({"state": "waiting_applicant"})
                booking._next("operator", "6")
                items = ", ".join(
                    f"{line.equipment_id.name} ({line.qty_approved}/{line.qty_requested})"
                    for line in short
                )
                booking._notify_operator(
                    self.env._(
                        "Not all the equipment is available: %(items)s. Please tell us on the "
                        "portal whether you continue without it or cancel the booking.",
                        items=items,
                    )
                )
            else:
                booking.sudo().write({"state": "verified"})
                booking._next("head", "7")
        return True

    def action_applicant_continue(self):
        """Step 6: the operator continues without the missing equipment."""
        self._check_operator()
        self._check_state("waiting_applicant")
        self.sudo().write({"state": "verified"})
        self._log_step("6", note=self.env._("Continue without the missing equipment"))
        self._next("head", "7")
        return True

    def action_validate(self):
        """Step 7: the head validates room and equipment (the room is held from now on)."""
        self._check_role("group_head")
        self._check_state("verified")
        for booking in self:
            booking._lock_and_check_equipment()
            booking._write_held({"state": "validated"})
            booking._log_step("7")
            booking._next("head", "8")
        return True

    def action_schedule(self):
        """Step 8: the head sets the schedule; the operator receives it with an .ics."""
        self._check_role("group_head")
        self._check_state("validated", "to_reschedule")
        for booking in self:
            if booking.state == "to_reschedule":
                booking._lock_and_check_equipment()
            booking._write_held({"state": "scheduled"})
            booking._sync_calendar_event()
            booking._log_step("8")
            booking._next(False, "8")
            booking._notify_operator(
                self.env._(
                    "Your request %(ref)s is approved: %(event)s in %(room)s, %(when)s.",
                    ref=booking.name,
                    event=booking.event_name,
                    room=booking.room_id.name,
                    when=booking.schedule_display,
                ),
                attachments=booking._ics_attachment(),
            )
        return True

    def action_reschedule(self, room, start, stop):
        """Step 8 (change): another room or time, chosen from the free slots."""
        self._check_role("group_head")
        self._check_state("validated", "scheduled", "to_reschedule")
        self.ensure_one()
        if stop <= start:
            raise UserError(self.env._("The end of the booking must be after its start."))
        error = self._period_error(start, stop)
        if error:
            raise UserError(error)
        if room.capacity < self.participants:
            raise UserError(self.env._("This room is too small for the participants."))
        was = self.state
        vals = {"room_id": room.id, "start": start, "stop": stop}
        # the equipment must be free where the booking goes, not where it was
        self._lock_and_check_equipment(start, stop)
        if was == "to_reschedule":
            self.sudo().write(vals)
            return self.action_schedule()
        self._write_held(vals)
        if was == "scheduled":
            self._sync_calendar_event()
            self._log_step("8", note=self.env._("Schedule changed"))
            self._notify_operator(
                self.env._(
                    "The schedule of %(ref)s changed: %(room)s, %(when)s.",
                    ref=self.name,
                    room=room.name,
                    when=self.schedule_display,
                ),
                attachments=self._ics_attachment(),
            )
        return True

    def action_cancel(self, reason=False):
        """Step 9: cancel; the room and the equipment are free at once."""
        self._check_state(*OPEN_STATES)
        staff = self.env.user.has_group("epesanruangan.group_officer")
        if not staff:
            self._check_operator()
            if any(b.start <= fields.Datetime.now() for b in self):
                raise UserError(self.env._("The event has started: it can no longer be cancelled."))
        elif not reason:
            raise UserError(self.env._("Write the reason of the cancellation."))
        self.sudo().write({"state": "cancelled", "decision_note": reason or False})
        self.flush_recordset(["state"])
        self._sync_calendar_event()
        self._log_step("9", note=reason)
        self._next(False, "9")
        if staff:
            self._notify_operator(self.env._("Your booking was cancelled: %(note)s", note=reason))
        return True

    def action_done(self):
        """The event took place."""
        self._check_role("group_officer")
        self._check_state("scheduled")
        if any(b.stop > fields.Datetime.now() for b in self):
            raise UserError(self.env._("The event has not ended yet."))
        self.sudo().write({"state": "done"})
        for booking in self:
            booking._next("officer", "10")
        return True

    def action_send_report(self):
        """Step 10: photos and note to the leadership as a PDF report."""
        self._check_role("group_officer")
        self._check_state("done")
        for booking in self:
            if booking.report_sent:
                raise UserError(
                    self.env._(
                        "The event report of %(ref)s was already sent to the leadership.",
                        ref=booking.name,
                    )
                )
            if not booking.photo_ids:
                raise UserError(self.env._("Upload at least one photo of the event."))
            # the flag first, written at once: a second request sending the same report
            # waits for this row, then fails and is retried, and sees the report sent
            booking.sudo().write({"report_sent": True})
            booking.flush_recordset(["report_sent"])
            pdf, _fmt = (
                self.env["ir.actions.report"]
                .sudo()
                ._render_qweb_pdf("epesanruangan.action_report_event", booking.ids)
            )
            leaders = (
                self.env.ref("epesanruangan.group_leader")
                .sudo()
                .all_user_ids.filtered(lambda u: u.active and not u.share)
            )
            booking.sudo().message_post(
                body=self.env._(
                    "Event report of %(event)s (%(ref)s) for the leadership.",
                    event=booking.event_name,
                    ref=booking.name,
                ),
                partner_ids=leaders.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
                attachments=[(f"Laporan Acara {booking.name}.pdf", pdf)],
            )
            booking._log_step("10")
            booking._next(False, "10")
        return True

    def action_schedule_priority(self):
        """Jadwal Pimpinan Mendadak: the leadership event takes the room at once.

        Colliding bookings move to "to reschedule" in the same transaction, their
        operators are told and the head gets an activity to offer them alternatives.
        """
        self._check_role("group_head")
        self._check_state("draft", "submitted", "verified", "validated")
        self.ensure_one()
        if not self.is_priority:
            raise UserError(self.env._("Only a leadership event can take a booked room."))
        bumped = self._conflicts()
        if bumped:
            bumped.sudo().write({"state": "to_reschedule"})
            bumped.flush_recordset(["state"])
            bumped._sync_calendar_event()
        self._reserve_priority_equipment()
        self._lock_and_check_equipment()
        self._write_held({"state": "scheduled"})
        self._sync_calendar_event()
        self._log_step("8", note=self.env._("Leadership event"))
        self._next(False, "8")
        # one step log and one round of activities for all of them, then each operator
        bumped._log_step("8", note=self.env._("Moved by a leadership event"))
        bumped._next("head", "8")
        for booking in bumped:
            booking._notify_operator(
                self.env._(
                    "A sudden leadership event needs %(room)s on %(when)s. Your booking "
                    "%(ref)s will be moved; the service will offer you another room or time.",
                    room=booking.room_id.name,
                    when=booking.schedule_display,
                    ref=booking.name,
                )
            )
        return bumped

    def action_open_alternatives(self):
        self.ensure_one()
        self._check_role("group_head")
        wizard = self.env["epesanruangan.reschedule.wizard"].create(
            {
                "booking_id": self.id,
                "room_id": self.room_id.id,
                "start": self.start,
                "stop": self.stop,
                "alternative_ids": [(0, 0, alt) for alt in self._alternatives()],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Free alternatives"),
            "res_model": wizard._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_print_report(self):
        return self.env.ref("epesanruangan.action_report_event").report_action(self)
