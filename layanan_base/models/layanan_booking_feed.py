from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import ical_calendar

# the calendar feeds: from this many days back to the booking window ahead
FEED_DAYS_BEFORE = 90
FEED_DAYS_AHEAD = 730


class LayananBookingResourceMixin(models.AbstractModel):
    """A resource's calendar feeds: its public busy feed and its staff's private one."""

    _inherit = "layanan.booking.resource.mixin"  # pylint: disable=consider-merging-classes-inherited

    # the model of its bookings (a layanan.booking.mixin), and the word naming the
    # resource kind in its public busy feed's address: /layanan/ical/publik/<slug>/<id>.ics
    _booking_model = None
    _feed_public_slug = None

    def _public_feed_path(self):
        """The address of this resource's public busy feed (no personal data)."""
        self.ensure_one()
        return f"/layanan/ical/publik/{self._feed_public_slug}/{self.id}.ics"

    def action_calendar_feed(self):
        """The staff's private feed of this resource's bookings (made at the first
        ask), in its form: the address to copy, a new address, revoke."""
        self.ensure_one()
        return self.env["layanan.calendar.feed"]._get_feed(self._booking_model, self)._form_action()


class LayananBookingMixin(models.AbstractModel):
    """Bookings in iCalendar feeds (``layanan.calendar.feed``): a member's own, a
    resource's for its staff, a resource's public busy periods."""

    _inherit = "layanan.booking.mixin"  # pylint: disable=consider-merging-classes-inherited

    # the calendar feeds: the booking's title column, its booker's Many2one (shown in
    # the staff's resource feeds only), the held states not yet confirmed
    _feed_summary_field = None
    _feed_booker_field = None
    # a longer text of the booking (its notes), at the end of the event's description
    _feed_description_field = None
    _feed_tentative_states = ()

    def _feed_service_name(self):
        """The service's name, in the feeds' calendar names."""
        return self._description

    def _feed_my_domain(self, user):
        """The bookings of `user`'s "my bookings" feed."""
        raise NotImplementedError

    def _feed_states(self):
        """The states whose bookings are in the feeds: those that hold the slot, and
        the done ones (a member's history)."""
        states = dict(self._fields["state"].selection)
        return tuple(self._booking_active_states) + (("done",) if "done" in states else ())

    def _feed_window(self):
        """The period the feeds cover (naive UTC)."""
        now = fields.Datetime.now()
        return now - timedelta(days=FEED_DAYS_BEFORE), now + timedelta(days=FEED_DAYS_AHEAD)

    @api.model
    def _feed_ics(self, title, domain, with_booker=False):
        """The iCalendar text of the bookings of `domain` in the feed window, as the
        current user may see them (their access rules apply): one query for the
        bookings, one for the names of their resources (and bookers)."""
        start, stop = self._feed_window()
        self.flush_model()
        query = self._search(
            domain
            + [("state", "in", self._feed_states()), ("stop", ">", start), ("start", "<", stop)],
            order="start, id",
        )
        booker_field = with_booker and self._feed_booker_field
        columns = {
            "id": "id",
            "start": "start",
            "stop": "stop",
            "state": "state",
            "stamp": "write_date",
            "name": "name",
            "summary": self._feed_summary_field or "name",
            "resource": self._booking_resource_field,
            "details": self._feed_description_field or "name",
            "booker": booker_field or "id",
        }
        rows = self.env.execute_query(
            query.select(*(SQL.identifier(query.table, column) for column in columns.values()))
        )
        field = self._fields[self._booking_resource_field]
        resources = self.env[field.comodel_name].sudo().with_context(active_test=False)
        resources = resources.browse(list({row[7] for row in rows}))
        has_location = "location" in resources._fields
        locations = {
            resource.id: ", ".join(
                part for part in (resource.name, has_location and resource.location) if part
            )
            for resource in resources
        }
        bookers = {}
        if booker_field:
            booker_model = self._fields[booker_field].comodel_name
            bookers = {
                booker.id: booker.display_name
                for booker in self.env[booker_model]
                .sudo()
                .browse(list({row[9] for row in rows if row[9]}))
            }
        labels = dict(self._fields["state"]._description_selection(self.env))
        host = self.env["layanan.calendar.feed"]._feed_host()
        uid = self._name.replace(".", "-")
        events = []
        for booking_id, begin, end, state, stamp, name, summary, resource, text, booker in rows:
            details = [name, labels.get(state, state)]
            if booker_field:
                details.append(bookers.get(booker))
            if self._feed_description_field:
                details.append(text)
            events.append(
                {
                    "uid": f"{uid}-{booking_id}@{host}",
                    "start": begin,
                    "stop": end,
                    "stamp": stamp,
                    "summary": summary or name,
                    "location": locations.get(resource),
                    "description": "\n".join(part for part in details if part),
                    "status": "TENTATIVE" if state in self._feed_tentative_states else "CONFIRMED",
                }
            )
        return ical_calendar(title, events)

    @api.model
    def _public_feed_ics(self, resource):
        """The public busy feed of `resource`: only the periods in which it cannot be
        booked (with its whole, its parts and the buffers), each called "Busy"; no
        name, no purpose, nothing personal."""
        start, stop = self._feed_window()
        host = self.env["layanan.calendar.feed"]._feed_host()
        busy = self.env._("Busy")
        slug = resource._feed_public_slug
        events = [
            {
                "uid": f"{slug}-{resource.id}-{begin:%Y%m%dT%H%M%S}@{host}",
                "start": begin,
                "stop": end,
                "stamp": begin,
                "summary": busy,
            }
            for begin, end in self._busy_periods(resource, start, stop)
        ]
        title = self.env._(
            "%(service)s: busy times of %(resource)s",
            service=self._feed_service_name(),
            resource=resource.name,
        )
        return ical_calendar(title, events)
