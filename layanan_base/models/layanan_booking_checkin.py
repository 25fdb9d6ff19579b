from collections import Counter
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..tools import format_wib

# how long before its start a booking may be checked in
CHECKIN_EARLY_MINUTES = 30


class LayananBookingResourceMixin(models.AbstractModel):
    _inherit = "layanan.booking.resource.mixin"  # pylint: disable=consider-merging-classes-inherited

    checkin_grace_minutes = fields.Integer(
        string="Check-in grace (minutes)",
        help="A booking not checked in within these minutes after its start is released "
        "as a no-show, and the slot is free again. 0: no check-in asked.",
    )

    _checkin_grace_not_negative = models.Constraint(
        "CHECK (checkin_grace_minutes >= 0)", "A check-in grace period cannot be negative."
    )


class LayananBookingMixin(models.AbstractModel):
    """Check-in and no-shows: a resource that asks for a check-in (its grace period)
    has each booking in ``_checkin_states`` checked in from half an hour before its
    start until the grace period after it (``action_check_in``: by its staff, or through
    the booker's own link); one not checked in by then is released as a no-show by
    ``_cron_release_no_shows`` (the service says how: ``_release_as_no_show``), which
    frees the slot. The no-shows are counted per booker (``booker_no_show_count``)."""

    _inherit = "layanan.booking.mixin"  # pylint: disable=consider-merging-classes-inherited

    # the states in which a booking is checked in (the ones that hold the resource for
    # sure); none: the service asks for no check-in
    _checkin_states = ()

    checked_in_at = fields.Datetime(string="Checked in at", readonly=True, copy=False)
    no_show = fields.Boolean(string="No-show", readonly=True, copy=False)
    booker_no_show_count = fields.Integer(
        string="Booker's no-shows", compute="_compute_booker_no_show_count"
    )

    def _compute_booker_no_show_count(self):
        path = self._booker_partner_field
        counts = Counter()
        if path:
            partners = self.sudo().mapped(path)
            no_shows = self.sudo().search([(path, "in", partners.ids), ("no_show", "=", True)])
            counts = Counter(booking.mapped(path).id for booking in no_shows)
        for booking in self:
            partner = booking.sudo().mapped(path) if path else None
            booking.booker_no_show_count = counts[partner.id] if partner else 0

    def _checkin_grace(self):
        self.ensure_one()
        return self[self._booking_resource_field].checkin_grace_minutes

    def _checkin_window(self):
        """(first, last) moment of the check-in, UTC."""
        self.ensure_one()
        return (
            self.start - timedelta(minutes=CHECKIN_EARLY_MINUTES),
            self.start + timedelta(minutes=self._checkin_grace()),
        )

    def _checkin_asked(self):
        """Whether this booking is one to check in (its resource asks for it)."""
        self.ensure_one()
        return bool(self._checkin_states and self._checkin_grace())

    def _checkin_open(self):
        """Whether it can be checked in now."""
        self.ensure_one()
        if not self._checkin_asked() or self.checked_in_at:
            return False
        if self.state not in self._checkin_states:
            return False
        first, last = self._checkin_window()
        return first <= fields.Datetime.now() <= last

    def _check_checkin_actor(self):
        """Who may check a booking in besides the holder of its booker's link (which
        calls action_check_in through sudo): the service's staff."""
        raise AccessError(self.env._("Only the staff check a booking in."))

    def action_check_in(self):
        self.ensure_one()
        if not self.env.su:
            self._check_checkin_actor()
        if self.checked_in_at:
            return True
        if self.state not in self._checkin_states:
            raise UserError(self.env._("Only a booking that is confirmed is checked in."))
        resource = self[self._booking_resource_field]
        if not self._checkin_asked():
            raise UserError(self.env._("%s asks for no check-in.", resource.display_name))
        first, last = self._checkin_window()
        now = fields.Datetime.now()
        if now < first:
            raise UserError(
                self.env._(
                    "The check-in opens at %s, half an hour before the start.",
                    format_wib(first, self.env.lang),
                )
            )
        if now > last:
            raise UserError(
                self.env._(
                    "The check-in closed at %s: the booking was released as a no-show.",
                    format_wib(last, self.env.lang),
                )
            )
        # in the database's terms: a release as a no-show that committed meanwhile (the
        # job locks the row) leaves nothing to check in
        self.flush_recordset()
        checked = self.env.execute_query(
            SQL(
                "UPDATE %s SET checked_in_at = %s, write_uid = %s, write_date = %s "
                "WHERE id = %s AND state IN %s AND checked_in_at IS NULL RETURNING id",
                SQL.identifier(self._table),
                now,
                self.env.uid,
                now,
                self.id,
                tuple(self._checkin_states),
            )
        )
        self.invalidate_recordset(["checked_in_at", "write_uid", "write_date"])
        if not checked and self.checked_in_at:  # a double click's first one
            return True
        if not checked:
            raise UserError(
                self.env._("The booking was released as a no-show: it can no longer be checked in.")
            )
        self.sudo().message_post(
            body=self.env._("Checked in at %s.", format_wib(now, self.env.lang))
        )
        return True

    @api.model
    def _cron_release_no_shows(self, limit=500):
        """The bookings whose resource asks for a check-in, not checked in by the end of
        the grace period: released as no-shows. The rows are locked with SKIP LOCKED, so
        that two servers running the job release each booking once."""
        if not self._checkin_states:
            return 0
        resource_model = self.env[self._fields[self._booking_resource_field].comodel_name]
        self.flush_model(["state", "checked_in_at", "start", self._booking_resource_field])
        resource_model.flush_model(["checkin_grace_minutes"])
        self.env.cr.execute(
            SQL(
                """
                SELECT booking.id
                  FROM %(bookings)s booking
                  JOIN %(resources)s resource ON resource.id = booking.%(resource_field)s
                 WHERE booking.state IN %(states)s
                   AND booking.checked_in_at IS NULL
                   AND resource.checkin_grace_minutes > 0
                   AND booking.start + make_interval(mins => resource.checkin_grace_minutes)
                       < %(now)s
                 ORDER BY booking.start
                 LIMIT %(limit)s
                   FOR UPDATE OF booking SKIP LOCKED
                """,
                bookings=SQL.identifier(self._table),
                resources=SQL.identifier(resource_model._table),
                resource_field=SQL.identifier(self._booking_resource_field),
                states=tuple(self._checkin_states),
                now=fields.Datetime.now(),
                limit=limit,
            )
        )
        bookings = self.sudo().browse([row[0] for row in self.env.cr.fetchall()])
        for booking in bookings:
            booker = booking._booker_partner()
            booking = booking.with_context(lang=booker.lang or None)
            booking.no_show = True
            booking._release_as_no_show(
                booking.env._(
                    "Not checked in within %(minutes)s minutes of the start: released as a "
                    "no-show.",
                    minutes=booking._checkin_grace(),
                )
            )
        return len(bookings)

    def _release_as_no_show(self, reason):
        """Free this booking's slot as a no-show, with `reason`, telling its booker (the
        service's own cancellation)."""
        raise NotImplementedError
