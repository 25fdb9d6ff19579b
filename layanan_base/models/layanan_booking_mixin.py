from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..tools import format_wib_period, wib_day_bounds, wib_today


def no_overlap_constraint(resource_column, states, message):
    """The exclusion constraint that keeps two bookings of one resource (a facility, a
    room) from holding overlapping periods while in `states`, in PostgreSQL, across
    transactions and servers. ``int4range(x, x, '[]') WITH =`` lets the integer column
    join a GiST index without the btree_gist extension; ``'[)'`` lets back-to-back
    periods touch. A booking model declares it as a class attribute:
    ``_no_overlap = no_overlap_constraint("room_id", HELD_STATES, "...")``."""
    state_list = ", ".join(f"'{state}'" for state in states)
    return models.Constraint(
        f"EXCLUDE USING gist (int4range({resource_column}, {resource_column}, '[]') WITH =, "
        f"tsrange(start, stop, '[)') WITH &&) WHERE (state IN ({state_list}))",
        message,
    )


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

    start = fields.Datetime(required=True, tracking=True)
    stop = fields.Datetime(required=True, tracking=True)
    # (each booking model has its calendar_event_id: a Many2one to calendar.event here
    # would make this base, and the library with it, depend on the Calendar app)
    period_display = fields.Char(string="Period", compute="_compute_period_display")
    reminder_sent = fields.Boolean(readonly=True, copy=False)

    _stop_after_start = models.Constraint(
        "CHECK (stop > start)", "The end of a booking must be after its start."
    )

    @api.depends("start", "stop")
    def _compute_period_display(self):
        for booking in self:
            booking.period_display = format_wib_period(booking.start, booking.stop, self.env.lang)

    # ------------------------------------------------------------------ availability
    @api.model
    def _overlap_sql(self, start, stop):
        """Bookings holding their resource in [start, stop), written as the exclusion
        constraint is."""
        self.flush_model([self._booking_resource_field, "start", "stop", "state"])
        return SQL(
            "tsrange(start, stop, '[)') && tsrange(%s, %s, '[)') AND state IN %s",
            start,
            stop,
            tuple(self._booking_active_states),
        )

    @api.model
    def _resource_sql(self, resource_id):
        column = SQL.identifier(self._booking_resource_field)
        return SQL(
            "int4range(%s, %s, '[]') = int4range(%s, %s, '[]')",
            column,
            column,
            resource_id,
            resource_id,
        )

    @api.model
    def _busy_periods(self, resource, start, stop):
        """The (start, stop) periods that hold `resource` in [start, stop), oldest first
        (no personal data: for the availability calendars)."""
        return self.env.execute_query(
            SQL(
                "SELECT start, stop FROM %s WHERE %s AND %s ORDER BY start",
                SQL.identifier(self._table),
                self._resource_sql(resource.id),
                self._overlap_sql(start, stop),
            )
        )

    @api.model
    def _busy_resource_ids(self, start, stop, exclude_ids=()):
        """The ids of the resources held in [start, stop) by bookings other than
        `exclude_ids`."""
        rows = self.env.execute_query(
            SQL(
                "SELECT DISTINCT %s FROM %s WHERE %s AND NOT (id = ANY(%s))",
                SQL.identifier(self._booking_resource_field),
                SQL.identifier(self._table),
                self._overlap_sql(start, stop),
                list(exclude_ids) or [0],
            )
        )
        return {row[0] for row in rows}

    def _clashing(self, resource=None, start=None, stop=None, limit=None):
        """The other bookings holding this booking's resource (or `resource`) in its
        period (or [start, stop)), the earliest first; at most `limit` of them."""
        self.ensure_one()
        resource = resource or self[self._booking_resource_field]
        ids = self.env.execute_query(
            SQL(
                "SELECT id FROM %s WHERE %s AND %s AND id != %s ORDER BY start LIMIT %s",
                SQL.identifier(self._table),
                self._resource_sql(resource.id),
                self._overlap_sql(start or self.start, stop or self.stop),
                self.id or 0,
                limit,
            )
        )
        return self.sudo().browse([row[0] for row in ids])

    def _clash_message(self, resource=None, start=None, stop=None):
        return self.env._(
            "%(resource)s is already booked in the period %(period)s. Please choose another time.",
            resource=(resource or self[self._booking_resource_field]).display_name,
            period=format_wib_period(start or self.start, stop or self.stop, self.env.lang),
        )

    def _check_free(self, resource=None, start=None, stop=None):
        """This booking's period (or the one given) is held by no other booking: a
        kinder, earlier message than the exclusion constraint's (one row asked for: it
        runs at every submission)."""
        if self._clashing(resource, start, stop, limit=1):
            raise ValidationError(self._clash_message(resource, start, stop))

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
