import secrets
from datetime import timedelta
from urllib.parse import urlsplit

import psycopg2.errors

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

# how often a feed's last access is written (a calendar app asks every hour or so)
LAST_ACCESS_STEP = timedelta(hours=1)


def new_feed_token():
    return secrets.token_urlsafe(24)


class LayananCalendarFeed(models.Model):
    """A private iCalendar subscription: the address (with its random token) that
    Google Calendar, Outlook or a phone asks for a user's own bookings ("my bookings" of
    a service) or for the bookings of a resource (a facility, a room: for its staff).
    The bookings are read as the owner, under their access rules, so a feed shows no
    more than its owner may see. A new token makes the old address stop working;
    revoking archives the feed."""

    _name = "layanan.calendar.feed"
    _description = "Calendar feed"
    _order = "id desc"

    name = fields.Char(compute="_compute_name")
    token = fields.Char(
        required=True, readonly=True, copy=False, default=lambda self: new_feed_token()
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        default=lambda self: self.env.user,
    )
    # whose bookings: the booking model (a layanan.booking.mixin), and either a resource
    # of it (res_model, res_id) or, without one, the owner's own bookings
    booking_model = fields.Char(required=True, readonly=True)
    res_model = fields.Char(string="Resource model", readonly=True)
    res_id = fields.Many2oneReference(string="Resource", model_field="res_model", readonly=True)
    active = fields.Boolean(default=True)
    last_access = fields.Datetime(readonly=True, copy=False)
    url = fields.Char(string="Feed address", compute="_compute_url")
    webcal_url = fields.Char(string="Subscription link", compute="_compute_url")

    _token_unique = models.Constraint("UNIQUE(token)", "A feed's token must be unique.")
    _one_active_feed = models.UniqueIndex(
        "(user_id, booking_model, COALESCE(res_model, ''), COALESCE(res_id, 0)) WHERE active",
        "This user already has a feed for these bookings.",
    )

    @api.depends("booking_model", "res_model", "res_id")
    def _compute_name(self):
        for feed in self:
            feed.name = feed.sudo()._feed_title()

    @api.depends("token")
    def _compute_url(self):
        base = self.get_base_url()
        for feed in self:
            feed.url = f"{base}/layanan/ical/{feed.token}.ics"
            feed.webcal_url = "webcal://" + feed.url.split("://", 1)[-1]

    # ------------------------------------------------------------------ getting one
    @api.model
    def _booking_model_of(self, booking_model):
        """The booking model named `booking_model` (a layanan.booking.mixin the user
        may read), or a UserError: the name comes from a form."""
        if (
            not isinstance(booking_model, str)
            or booking_model not in self.env
            or booking_model
            not in self.env.registry.descendants(["layanan.booking.mixin"], "_inherit")
            or self.env[booking_model]._abstract
            or not self.env[booking_model].has_access("read")
        ):
            raise UserError(self.env._("These bookings have no calendar feed."))
        return self.env[booking_model]

    @api.model
    def _find(self, booking_model, resource=None):
        """The current user's active feed of `booking_model` (of `resource`, or of
        their own bookings), under their access rules; empty when there is none."""
        return self.search(
            [
                ("user_id", "=", self.env.uid),
                ("booking_model", "=", booking_model),
                ("res_model", "=", resource._name if resource else False),
                ("res_id", "=", resource.id if resource else 0),
            ],
            limit=1,
        )

    @api.model
    def _get_feed(self, booking_model, resource=None):
        """The current user's feed of `booking_model` (of `resource`, or their own
        bookings), made when they have none: only for bookings they may read."""
        Booking = self._booking_model_of(booking_model)
        if resource:
            resource.ensure_one()
            # a resource's feed is the staff's: members have their own bookings' feed
            if not self.env.user._is_internal():
                raise AccessError(self.env._("Only the staff can subscribe to a resource."))
            resource.check_access("read")
            if resource._name != Booking._fields[Booking._booking_resource_field].comodel_name:
                raise UserError(self.env._("These bookings have no calendar feed."))
        feed = self._find(booking_model, resource)
        if feed:
            return feed
        # the owner, target and token are the server's: created through sudo, after
        # the checks above
        try:
            with self.env.cr.savepoint():
                feed_sudo = self.sudo().create(
                    {
                        "user_id": self.env.uid,
                        "booking_model": booking_model,
                        "res_model": resource._name if resource else False,
                        "res_id": resource.id if resource else 0,
                    }
                )
        except psycopg2.errors.UniqueViolation:
            # a double click: the other request made it (one active feed per target)
            raise UserError(
                self.env._("Your calendar feed was just made: please reload the page.")
            ) from None
        return feed_sudo.with_env(self.env)

    # ------------------------------------------------------------------ actions
    def _check_manage(self):
        """The user may manage these feeds: they read them (their own; a service's
        administrators, their resources')."""
        self.check_access("read")
        if not self.env.user._is_internal() and any(f.user_id != self.env.user for f in self):
            raise AccessError(self.env._("You can only manage your own calendar feeds."))

    def action_regenerate(self):
        """A new address: the old one stops working at once. The feed's form again,
        with the new address to copy."""
        self._check_manage()
        for feed_sudo in self.sudo():
            feed_sudo.write({"token": new_feed_token(), "active": True, "last_access": False})
        return self._form_action() if len(self) == 1 else True

    def action_revoke(self):
        """The address stops working; the feed is archived."""
        self._check_manage()
        self.sudo().active = False
        return True

    @api.model
    def _portal_action(self, booking_model, operation):
        """What the portal's "Calendar subscription" block asks: `create` (a feed, or a
        new address for the one there is) or `revoke`. Returns the feed."""
        feed = self._find(booking_model) if isinstance(booking_model, str) else self.browse()
        if operation == "revoke":
            feed.action_revoke()
            return feed
        if operation != "create":
            raise UserError(self.env._("Unknown request."))
        if feed:
            feed.action_regenerate()
            return feed
        return self._get_feed(booking_model)

    def _form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Calendar feed"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }

    # ------------------------------------------------------------------ the feed
    def _feed_title(self):
        """The calendar's name, as the calendar app shows it."""
        self.ensure_one()
        if not self.booking_model or self.booking_model not in self.env:
            return self.env._("Calendar feed")
        Booking = self.env[self.booking_model]
        if not self.res_model:
            return self.env._("%s: my bookings", Booking._feed_service_name())
        resource = self.env[self.res_model].sudo().with_context(active_test=False)
        return f"{Booking._feed_service_name()}: {resource.browse(self.res_id).display_name}"

    def _render_ics(self):
        """The feed's text (iCalendar), as its owner sees the bookings."""
        self.ensure_one()
        feed_sudo = self.sudo()
        user = feed_sudo.user_id
        Booking = self.env[feed_sudo.booking_model].with_user(user).with_context(lang=user.lang)
        if feed_sudo.res_model:
            resource = self.env[feed_sudo.res_model].browse(feed_sudo.res_id)
            domain = [(Booking._booking_resource_field, "=", resource.id)]
        else:
            domain = Booking._feed_my_domain(user)
        title = feed_sudo.with_context(lang=user.lang)._feed_title()
        return Booking._feed_ics(title, domain, with_booker=bool(feed_sudo.res_model))

    def _touch(self):
        """Remember when the feed was last asked for (at most once an hour)."""
        now = fields.Datetime.now()
        for feed_sudo in self.sudo():
            if not feed_sudo.last_access or feed_sudo.last_access < now - LAST_ACCESS_STEP:
                feed_sudo.last_access = now

    @api.model
    def _feed_host(self):
        """The host part of the events' UIDs (stable: the server's own address)."""
        return urlsplit(self.get_base_url()).hostname or "localhost"

    @api.model
    def _public_resource(self, slug, res_id):
        """The active resource (sudo) whose public busy feed is /layanan/ical/publik/
        <slug>/<res_id>.ics, or an empty recordset: the resource models declare their
        slug (``_feed_public_slug``)."""
        for model_name in self.env.registry.descendants(
            ["layanan.booking.resource.mixin"], "_inherit"
        ):
            Resource = self.env[model_name]
            if Resource._abstract or Resource._feed_public_slug != slug:
                continue
            if not 0 < res_id < 2**31:
                return Resource.browse()
            return Resource.sudo().search([("id", "=", res_id)], limit=1)
        return self.env["res.users"].browse()
