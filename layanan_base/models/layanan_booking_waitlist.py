import secrets
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import format_wib, format_wib_period

# how long the first in line has to take a freed slot (shorter when it starts sooner)
OFFER_HOURS = 24


class LayananBookingWaitlist(models.Model):
    """A member waiting for a taken period of a resource (a Biro Umum facility, a
    Balaikota room). When a booking that held it leaves (cancelled, rejected, released
    as a no-show), the first in line whose period is now free is offered it by e-mail,
    for a limited time, during which no one else may book it; then, if they let it go,
    the next. Taking the offer makes the booking as the service's own form would
    (``_waitlist_book`` on the booking model)."""

    _name = "layanan.booking.waitlist"
    _description = "Waiting list entry for a booked period"
    _order = "id"
    _rec_name = "resource_name"

    booking_model = fields.Char(required=True, readonly=True)
    resource_model = fields.Char(required=True, readonly=True)
    resource_id = fields.Many2oneReference(
        string="Resource ID", model_field="resource_model", required=True, readonly=True, index=True
    )
    resource_name = fields.Char(string="Resource", compute="_compute_resource_name")
    partner_id = fields.Many2one(
        "res.partner", string="Member", required=True, readonly=True, index=True
    )
    start = fields.Datetime(required=True, readonly=True)
    stop = fields.Datetime(required=True, readonly=True)
    period_display = fields.Char(string="Period", compute="_compute_period_display")
    state = fields.Selection(
        [
            ("waiting", "Waiting"),
            ("offered", "Offered"),
            ("booked", "Booked"),
            ("expired", "Offer expired"),
            ("left", "Left the list"),
        ],
        default="waiting",
        required=True,
        readonly=True,
        index=True,
    )
    offer_deadline = fields.Datetime(readonly=True)
    # what the member typed in the service's form, to book with when the offer is taken
    booking_vals = fields.Json(readonly=True)
    booking_id = fields.Many2oneReference(model_field="booking_model", readonly=True)
    token = fields.Char(
        required=True, readonly=True, copy=False, default=lambda self: secrets.token_urlsafe(32)
    )

    _token_unique = models.UniqueIndex("(token)")
    _once_per_member = models.UniqueIndex(
        "(booking_model, resource_id, partner_id, start, stop) "
        "WHERE state IN ('waiting', 'offered')",
        "You are already on the waiting list for this period.",
    )
    _stop_after_start = models.Constraint(
        "CHECK (stop > start)", "The end of a period must be after its start."
    )

    def _compute_resource_name(self):
        for entry in self:
            resource = entry._resource()
            entry.resource_name = resource.sudo().display_name if resource else ""

    def _compute_period_display(self):
        for entry in self:
            entry.period_display = format_wib_period(entry.start, entry.stop, self.env.lang)

    def _resource(self):
        self.ensure_one()
        return self.env[self.resource_model].browse(self.resource_id).exists()

    def _format_deadline(self):
        self.ensure_one()
        return format_wib(self.offer_deadline, self.env.lang)

    def _offer_url(self):
        self.ensure_one()
        return f"{self.get_base_url()}/daftar-tunggu/{self.token}"

    @api.model
    def _portal_open_count(self):
        """How many periods the current user waits for or is offered (the portal home's
        entry shows when there are any)."""
        return self.sudo().search_count(
            [
                ("partner_id", "=", self.env.user.partner_id.id),
                ("state", "in", ("waiting", "offered")),
            ]
        )

    # ------------------------------------------------------------------ joining
    @api.model
    def _join(self, booking_model, resource, start, stop, vals):
        """The current member joins the waiting list of `resource` for [start, stop)
        (a period that is taken: a free one is booked directly). UserError in words."""
        Booking = self.env[booking_model]
        probe = Booking.new(
            {Booking._booking_resource_field: resource.id, "start": start, "stop": stop}
        )
        if not probe._clashing(limit=1):
            raise UserError(self.env._("This period is free: book it directly."))
        partner = self.env.user.partner_id
        waiting = self.sudo().search_count(
            [
                ("booking_model", "=", booking_model),
                ("resource_id", "=", resource.id),
                ("partner_id", "=", partner.id),
                ("start", "=", start),
                ("stop", "=", stop),
                ("state", "in", ("waiting", "offered")),
            ],
            limit=1,
        )
        if waiting:
            raise UserError(self.env._("You are already on the waiting list for this period."))
        return self.sudo().create(
            {
                "booking_model": booking_model,
                "resource_model": resource._name,
                "resource_id": resource.id,
                "partner_id": partner.id,
                "start": start,
                "stop": stop,
                "booking_vals": vals,
            }
        )

    def action_leave(self):
        """The member leaves the list (an offer they hold goes to the next in line)."""
        for entry in self:
            entry._check_member()
        entries = self.sudo()
        offered = entries.filtered(lambda e: e.state == "offered")
        entries.filtered(lambda e: e.state in ("waiting", "offered")).write({"state": "left"})
        for entry in offered:
            self._offer_freed(entry.booking_model, entry._resource(), entry.start, entry.stop)
        return True

    def _check_member(self):
        self.ensure_one()
        if self.sudo().partner_id != self.env.user.partner_id and not self.env.user._is_admin():
            raise AccessError(self.env._("This waiting list entry is not yours."))

    # ------------------------------------------------------------------ offers
    @api.model
    def _offer_freed(self, booking_model, resource, start, stop):
        """A booking of `resource` that held [start, stop) has gone: offer each period
        waited for that overlaps it and is now wholly free to the first in line for
        it (one offer at a time for any moment). Returns the entries offered."""
        if not resource:
            return self.browse()
        Booking = self.env[booking_model]
        # the freeing write, in the database before the probes' SQL reads it
        Booking.flush_model()
        now = fields.Datetime.now()
        candidates = self.sudo().search(
            [
                ("booking_model", "=", booking_model),
                ("resource_id", "=", resource.id),
                ("resource_model", "=", resource._name),
                ("state", "in", ("waiting", "offered")),
                ("start", "<", stop),
                ("stop", ">", start),
                ("start", ">", now),
            ]
        )
        busy = [(e.start, e.stop) for e in candidates if e.state == "offered"]
        offered = self.browse()
        for entry in candidates.filtered(lambda e: e.state == "waiting"):
            if any(entry.start < b_stop and entry.stop > b_start for b_start, b_stop in busy):
                continue
            probe = Booking.new(
                {
                    Booking._booking_resource_field: resource.id,
                    "start": entry.start,
                    "stop": entry.stop,
                }
            )
            if probe._clashing(limit=1):
                continue
            deadline = min(now + timedelta(hours=OFFER_HOURS), entry.start)
            entry.write({"state": "offered", "offer_deadline": deadline})
            busy.append((entry.start, entry.stop))
            offered |= entry
        template = self.env.ref("layanan_base.mail_template_waitlist_offer").sudo()
        for entry in offered:
            template.send_mail(entry.id, email_layout_xmlid="mail.mail_notification_light")
        return offered

    @api.model
    def _offer_holding(self, booking_model, resource, start, stop, partner):
        """The offer to another member that holds part of [start, stop) now, if any:
        while it stands, no one else books that period."""
        return self.sudo().search(
            [
                ("booking_model", "=", booking_model),
                ("resource_id", "=", resource.id),
                ("resource_model", "=", resource._name),
                ("state", "=", "offered"),
                ("offer_deadline", ">", fields.Datetime.now()),
                ("partner_id", "!=", partner.id),
                ("start", "<", stop),
                ("stop", ">", start),
            ],
            limit=1,
        )

    def action_take(self):
        """The member takes the offer: the booking is made as by the service's form
        (and checked again). Returns it."""
        self.ensure_one()
        entry_sudo = self.sudo()
        entry_sudo._check_member()
        if entry_sudo.state != "offered":
            raise UserError(self.env._("This offer is no longer open."))
        if entry_sudo.offer_deadline < fields.Datetime.now():
            raise UserError(self.env._("This offer expired at %s.", entry_sudo._format_deadline()))
        # as the member: the service checks its rules as for its own form
        booking = self.env[entry_sudo.booking_model]._waitlist_book(entry_sudo)
        entry_sudo.write({"state": "booked", "booking_id": booking.id})
        return booking

    @api.model
    def _cron_expire_offers(self):
        """Offers not taken in time expire; each period goes to the next in line."""
        now = fields.Datetime.now()
        expired = self.sudo().search([("state", "=", "offered"), ("offer_deadline", "<", now)])
        expired.write({"state": "expired"})
        for entry in expired:
            self._offer_freed(entry.booking_model, entry._resource(), entry.start, entry.stop)
        # a period that began while still taken: nothing left to wait for
        self.sudo().search([("state", "=", "waiting"), ("start", "<", now)]).write(
            {"state": "expired"}
        )
        return len(expired)


class LayananBookingMixin(models.AbstractModel):
    """What a booking model gives the waiting list: the periods it frees, and how an
    offer taken becomes one of its bookings."""

    _inherit = "layanan.booking.mixin"  # pylint: disable=consider-merging-classes-inherited

    def _waitlist_offer_freed(self):
        """These bookings no longer hold their resource (cancelled, rejected, released):
        their periods, with the time kept free around them, go to the waiting list."""
        Waitlist = self.env["layanan.booking.waitlist"]
        for booking in self:
            Waitlist._offer_freed(
                self._name,
                booking[self._booking_resource_field],
                booking.hold_start or booking.start,
                booking.hold_stop or booking.stop,
            )

    def _waitlist_book(self, entry):
        """The booking the member of waiting list `entry` takes, made and submitted as
        the service's own form would: each booking model that offers a waiting list
        says how."""
        raise UserError(self.env._("This service has no waiting list."))
