from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..tools import format_wib_period, wib_day_bounds, wib_today


def no_overlap_constraint(states, message):
    """The exclusion constraint that keeps two bookings from holding one resource (a
    facility, a room) at once while in `states`, in PostgreSQL, across transactions and
    servers. It compares what each booking holds (``_compute_hold``): its period widened
    by the resource's buffers (``hold_start``, ``hold_stop``), on the resource's whole
    (``hold_resource_id``: the building, or the facility itself) and its part
    (``hold_part_id``: the room within the building; 0 for the whole).

    ``int4range(x, x, '[]') WITH =`` lets an integer column join a GiST index without the
    btree_gist extension. The part is NULLIF'd to NULL for the whole, and
    ``int4range(NULL, NULL, '[]')`` is the unbounded range ``(,)``: the whole overlaps
    each of its parts, two different parts do not overlap. ``'[)'`` lets back-to-back
    periods touch. A booking model declares it as a class attribute:
    ``_no_overlap = no_overlap_constraint(HELD_STATES, "...")``."""
    state_list = ", ".join(f"'{state}'" for state in states)
    return models.Constraint(
        "EXCLUDE USING gist ("
        "int4range(hold_resource_id, hold_resource_id, '[]') WITH =, "
        "int4range(NULLIF(hold_part_id, 0), NULLIF(hold_part_id, 0), '[]') WITH &&, "
        f"tsrange(hold_start, hold_stop, '[)') WITH &&) WHERE (state IN ({state_list}))",
        message,
    )


class LayananBookingResourceMixin(models.AbstractModel):
    """What can be booked (a Biro Umum facility, a Balaikota room): the buffers its
    bookings keep free around them (to clean a hall, to refuel a vehicle) and its place
    among linked resources. A resource model inherits it and declares ``parent_id`` (the
    whole it is part of: the building of a meeting room, the joined room of a partition)
    and ``child_ids``; two levels: a whole is part of nothing."""

    _name = "layanan.booking.resource.mixin"
    _description = "Bookable resource"

    buffer_before = fields.Integer(
        string="Buffer before (minutes)",
        default=0,
        help="Kept free before each booking (to prepare). Applies to bookings made or "
        "moved after a change.",
    )
    buffer_after = fields.Integer(
        string="Buffer after (minutes)",
        default=0,
        help="Kept free after each booking (to tidy up, refuel). Applies to bookings made "
        "or moved after a change.",
    )

    _buffers_not_negative = models.Constraint(
        "CHECK (buffer_before >= 0 AND buffer_after >= 0)", "A buffer cannot be negative."
    )

    @api.constrains("parent_id")
    def _check_parent(self):
        for resource in self:
            parent = resource.parent_id
            if not parent:
                continue
            if parent == resource:
                raise ValidationError(
                    self.env._("%s cannot be part of itself.", resource.display_name)
                )
            if parent.parent_id:
                raise ValidationError(
                    self.env._(
                        "%(parent)s is itself part of %(whole)s: %(resource)s can only be "
                        "part of a whole.",
                        parent=parent.display_name,
                        whole=parent.parent_id.display_name,
                        resource=resource.display_name,
                    )
                )
            if resource.child_ids:
                raise ValidationError(
                    self.env._(
                        "%(resource)s has parts of its own, so it cannot be part of %(parent)s.",
                        resource=resource.display_name,
                        parent=parent.display_name,
                    )
                )

    def _hold_key(self):
        """(whole id, part id or None): what a booking of this resource holds."""
        self.ensure_one()
        if self.parent_id:
            return self.parent_id.id, self.id
        return self.id, None

    def _buffers(self):
        """(before, after) as timedeltas."""
        self.ensure_one()
        return timedelta(minutes=self.buffer_before), timedelta(minutes=self.buffer_after)


class LayananBookingMixin(models.AbstractModel):
    """A booking of a resource (a Biro Umum facility, a Balaikota room) for a period:
    availability asked in the exclusion constraint's own terms (so PostgreSQL answers
    from its GiST index however long the history), and the booking's calendar event and
    .ics file.

    A booking model declares ``_booking_resource_field`` (its Many2one to the resource),
    ``_booking_active_states`` (the states that hold the resource) and the constraint
    (``no_overlap_constraint``), and says what its calendar event is
    (``_calendar_event_vals``)."""

    _name = "layanan.booking.mixin"
    _description = "Booking of a resource for a period"

    _booking_resource_field = None
    _booking_active_states = ()
    # the states whose bookings are reminded the day before (``_send_reminders``)
    _booking_reminder_states = ()
    # the path to the booker's partner ("partner_id", "operator_id.partner_id")
    _booker_partner_field = None

    start = fields.Datetime(required=True, tracking=True)
    stop = fields.Datetime(required=True, tracking=True)
    # (each booking model has its calendar_event_id: a Many2one to calendar.event here
    # would make this base, and the library with it, depend on the Calendar app)
    period_display = fields.Char(string="Period", compute="_compute_period_display")
    reminder_sent = fields.Boolean(readonly=True, copy=False)
    # what the booking holds, as the exclusion constraint compares it (_compute_hold):
    # its period widened by the resource's buffers, on the resource's whole and part.
    # Precomputed: the INSERT itself carries them, so the constraint never sees a new
    # row without them (NULL bounds would make an unbounded range)
    hold_start = fields.Datetime(compute="_compute_hold", store=True, precompute=True, copy=False)
    hold_stop = fields.Datetime(compute="_compute_hold", store=True, precompute=True, copy=False)
    hold_resource_id = fields.Integer(
        compute="_compute_hold", store=True, precompute=True, copy=False
    )
    # 0 (stored as such by an Integer field) is the whole: NULLIF makes it NULL in SQL
    hold_part_id = fields.Integer(compute="_compute_hold", store=True, precompute=True, copy=False)

    _stop_after_start = models.Constraint(
        "CHECK (stop > start)", "The end of a booking must be after its start."
    )

    def _hold_depends(self):
        field = self._booking_resource_field
        return ["start", "stop", field, f"{field}.parent_id"] if field else ["start", "stop"]

    @api.depends(lambda self: self._hold_depends())
    def _compute_hold(self):
        """The booking's period widened by its resource's buffers (as they are when the
        booking is made or moved), on the resource's whole and part (again when the
        resource joins or leaves a whole)."""
        for booking in self:
            resource = booking[self._booking_resource_field].sudo()
            if not (resource and booking.start and booking.stop):
                booking.hold_start, booking.hold_stop = booking.start, booking.stop
                booking.hold_resource_id, booking.hold_part_id = resource.id, 0
                continue
            before, after = resource._buffers()
            whole, part = resource._hold_key()
            booking.hold_start, booking.hold_stop = booking.start - before, booking.stop + after
            booking.hold_resource_id, booking.hold_part_id = whole, part or 0

    @api.depends("start", "stop")
    def _compute_period_display(self):
        for booking in self:
            booking.period_display = format_wib_period(booking.start, booking.stop, self.env.lang)

    # ------------------------------------------------------------------ availability
    @api.model
    def _hold_sql(self, resource, start, stop):
        """The bookings that hold what a booking of `resource` for [start, stop) would
        hold (its whole or its part, its period with its buffers), written as the
        exclusion constraint is, so that PostgreSQL answers from its GiST index."""
        self.flush_model(["hold_start", "hold_stop", "hold_resource_id", "hold_part_id", "state"])
        resource = resource.sudo()
        before, after = resource._buffers()
        whole, part = resource._hold_key()
        return SQL(
            "int4range(hold_resource_id, hold_resource_id, '[]') = int4range(%s, %s, '[]')"
            " AND int4range(NULLIF(hold_part_id, 0), NULLIF(hold_part_id, 0), '[]')"
            " && int4range(%s::int, %s::int, '[]')"
            " AND tsrange(hold_start, hold_stop, '[)') && tsrange(%s, %s, '[)')"
            " AND state IN %s",
            whole,
            whole,
            part,
            part,
            start - before,
            stop + after,
            tuple(self._booking_active_states),
        )

    @api.model
    def _busy_periods(self, resource, start, stop, exclude_ids=()):
        """The periods in [start, stop) in which no booking of `resource` can be (no
        personal data: for the availability calendars), merged, oldest first: those of
        the bookings (other than `exclude_ids`) of the resource, of its whole and of its
        parts, each widened by the buffers (theirs, and the resource's own for a booking
        beside them)."""
        before, after = resource.sudo()._buffers()
        rows = self.env.execute_query(
            SQL(
                "SELECT hold_start, hold_stop FROM %s WHERE %s AND NOT (id = ANY(%s))"
                " ORDER BY hold_start",
                SQL.identifier(self._table),
                self._hold_sql(resource, start, stop),
                list(exclude_ids) or [0],
            )
        )
        periods = []
        for hold_start, hold_stop in rows:
            begin, end = hold_start - after, hold_stop + before
            if periods and begin <= periods[-1][1]:
                periods[-1] = (periods[-1][0], max(periods[-1][1], end))
            else:
                periods.append((begin, end))
        return periods

    @api.model
    def _busy_resource_ids(self, start, stop, exclude_ids=()):
        """The ids of the resources that cannot be booked in [start, stop) because of
        bookings other than `exclude_ids` (their own, their whole's, their parts', with
        the buffers): one query for the period, the resources' rules in Python."""
        field = self._fields[self._booking_resource_field]
        resources = self.env[field.comodel_name].sudo().with_context(active_test=False).search([])
        if not resources:
            return set()
        widest_before = max(resources.mapped("buffer_before"))
        widest_after = max(resources.mapped("buffer_after"))
        self.flush_model(["hold_start", "hold_stop", "hold_resource_id", "hold_part_id", "state"])
        rows = self.env.execute_query(
            SQL(
                "SELECT hold_resource_id, hold_part_id, hold_start, hold_stop FROM %s"
                " WHERE tsrange(hold_start, hold_stop, '[)') && tsrange(%s, %s, '[)')"
                " AND state IN %s AND NOT (id = ANY(%s))",
                SQL.identifier(self._table),
                start - timedelta(minutes=widest_before),
                stop + timedelta(minutes=widest_after),
                tuple(self._booking_active_states),
                list(exclude_ids) or [0],
            )
        )
        holds = {}
        for whole, part, hold_start, hold_stop in rows:
            holds.setdefault(whole, []).append((part, hold_start, hold_stop))
        busy = set()
        for resource in resources:
            whole, part = resource._hold_key()
            before, after = resource._buffers()
            begin, end = start - before, stop + after
            if any(
                (not other_part or not part or other_part == part)
                and hold_start < end
                and hold_stop > begin
                for other_part, hold_start, hold_stop in holds.get(whole, ())
            ):
                busy.add(resource.id)
        return busy

    def _clashing(self, resource=None, start=None, stop=None, limit=None):
        """The other bookings that hold what this booking would hold with its resource
        (or `resource`) in its period (or [start, stop)), the earliest first; at most
        `limit` of them."""
        self.ensure_one()
        resource = resource or self[self._booking_resource_field]
        ids = self.env.execute_query(
            SQL(
                "SELECT id FROM %s WHERE %s AND id != %s ORDER BY start LIMIT %s",
                SQL.identifier(self._table),
                self._hold_sql(resource, start or self.start, stop or self.stop),
                self.id or 0,
                limit,
            )
        )
        return self.sudo().browse([row[0] for row in ids])

    def _clash_message(self, resource=None, start=None, stop=None, clash=None):
        """Why the period cannot be booked, in words: the booking that holds it when it
        is another resource's (the building of a room, a room of the building) or sits
        within the buffers."""
        resource = resource or self[self._booking_resource_field]
        start, stop = start or self.start, stop or self.stop
        period = format_wib_period(start, stop, self.env.lang)
        clash_resource = clash and clash[self._booking_resource_field]
        if clash and (clash_resource != resource or clash.start >= stop or clash.stop <= start):
            return self.env._(
                "%(resource)s is not available in the period %(period)s: %(other)s is "
                "booked %(other_period)s, and the time to prepare and tidy up around "
                "bookings is kept free. Please choose another time.",
                resource=resource.display_name,
                period=period,
                other=clash_resource.display_name,
                other_period=format_wib_period(clash.start, clash.stop, self.env.lang),
            )
        if clash:
            return self.env._(
                "%(resource)s is already booked %(other_period)s, which overlaps %(period)s. "
                "Please choose another time.",
                resource=resource.display_name,
                period=period,
                other_period=format_wib_period(clash.start, clash.stop, self.env.lang),
            )
        return self.env._(
            "%(resource)s is already booked in the period %(period)s. Please choose another time.",
            resource=resource.display_name,
            period=period,
        )

    def _check_free(self, resource=None, start=None, stop=None):
        """This booking's period (or the one given) is held by no other booking: a
        kinder, earlier message than the exclusion constraint's (one row asked for: it
        runs at every submission)."""
        clash = self._clashing(resource, start, stop, limit=1)
        if clash:
            raise ValidationError(self._clash_message(resource, start, stop, clash))
        resource = resource or self[self._booking_resource_field]
        offer = self.env["layanan.booking.waitlist"]._offer_holding(
            self._name, resource, start or self.start, stop or self.stop, self._booker_partner()
        )
        if offer:
            raise ValidationError(
                self.env._(
                    "%(resource)s is offered to the first on its waiting list for "
                    "%(period)s until %(deadline)s. Please choose another time, or join "
                    "the waiting list.",
                    resource=resource.display_name,
                    period=offer.period_display,
                    deadline=offer._format_deadline(),
                )
            )

    # ------------------------------------------------------------------ waiting list
    def _booker_partner(self):
        """Who this booking is for (the waiting list's member, the no-show's booker):
        the partner at ``_booker_partner_field``, or the current user's."""
        self.ensure_one()
        path = self._booker_partner_field
        partner = self.sudo().mapped(path) if path else None
        return partner.with_env(self.env) if partner else self.env.user.partner_id

    # ------------------------------------------------------------------ reminders
    @api.model
    def _cron_send_reminders(self):
        """The day before (a WIB day): remind whoever booked each booking that starts
        tomorrow in ``_booking_reminder_states``, once. Returns the bookings reminded."""
        start, stop = wib_day_bounds(wib_today() + timedelta(days=1))
        bookings = self.sudo().search(
            [
                ("state", "in", list(self._booking_reminder_states)),
                ("reminder_sent", "=", False),
                ("start", ">=", start),
                ("start", "<", stop),
            ]
        )
        if bookings:
            bookings._send_reminders()
            bookings.reminder_sent = True
        return bookings.with_env(self.env)

    def _send_reminders(self):
        """Tell the bookers of these bookings that theirs is tomorrow."""
        raise NotImplementedError

    # ------------------------------------------------------------------ calendar
    def _calendar_event_vals(self):
        """The calendar event of this booking (name, start, stop, partner_ids, ...)."""
        raise NotImplementedError

    def _sync_calendar_event(self):
        """Bookings in an active state have their event in the Calendar app (made or
        moved); the others have none."""
        ctx = {"no_mail_to_attendees": True, "dont_notify": True, "mail_create_nolog": True}
        Event = self.env["calendar.event"].sudo().with_context(**ctx)
        to_create = self.browse()
        for booking in self.sudo():
            event = booking.calendar_event_id
            if booking.state not in booking._calendar_states():
                if event:
                    booking.calendar_event_id = False
                    event.with_context(**ctx).unlink()
            elif event:
                event.with_context(**ctx).write(booking._calendar_event_vals())
            else:
                to_create |= booking
        if to_create:
            events = Event.create([booking._calendar_event_vals() for booking in to_create])
            for booking, event in zip(to_create.sudo(), events, strict=True):
                booking.calendar_event_id = event

    def _calendar_states(self):
        """The states whose bookings are in the calendar."""
        return self._booking_active_states

    def _calendar_event_common_vals(self):
        return {
            "start": self.start,
            "stop": self.stop,
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": self.id,
        }

    def _ics_files(self):
        """{booking id: the .ics bytes of its calendar event}."""
        events = self.sudo().calendar_event_id
        files = events._get_ics_file() if events else {}
        return {
            booking.id: files[booking.calendar_event_id.id]
            for booking in self.sudo()
            if files.get(booking.calendar_event_id.id)
        }
