from odoo import api, fields, models

from odoo.addons.layanan_base.tools import (
    LINE_LENGTH,
    NAME_LENGTH,
    NOTE_LENGTH,
    parse_int,
    parse_wib_day_time,
    wib_day_bounds,
    wib_today,
)


class EpesanruanganRoom(models.Model):
    _name = "epesanruangan.room"
    _inherit = ["layanan.text.limits", "layanan.booking.resource.mixin"]
    _description = "Balaikota Room"
    _order = "sequence, name"
    _text_limits = {"name": NAME_LENGTH, "location": LINE_LENGTH, "facilities": NOTE_LENGTH}
    _booking_model = "epesanruangan.booking"
    _feed_public_slug = "ruangan"

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    capacity = fields.Integer(required=True, default=10)
    location = fields.Char(help="Building and floor")
    facilities = fields.Text()
    image = fields.Image(max_width=1024, max_height=1024)
    active = fields.Boolean(default=True)
    parent_id = fields.Many2one(
        "epesanruangan.room",
        string="Part of",
        index="btree_not_null",
        ondelete="restrict",
        domain="[('id', '!=', id), ('parent_id', '=', False)]",
        help="The joined room this room is a part of (a hall whose partitions open): a "
        "booking of the joined room holds its parts, and a booked part makes the joined "
        "room unavailable for that period.",
    )
    child_ids = fields.One2many("epesanruangan.room", "parent_id", string="Parts")

    _capacity_positive = models.Constraint(
        "CHECK(capacity > 0)", "The capacity of a room must be positive."
    )

    @api.model
    def _busy_room_ids(self, start, stop, exclude_ids=()):
        """Rooms held by a validated or scheduled booking overlapping [start, stop)."""
        return self.env["epesanruangan.booking"]._busy_resource_ids(start, stop, exclude_ids)

    @api.model
    def _free_rooms(self, start, stop, participants=0, exclude_ids=()):
        busy = self._busy_room_ids(start, stop, exclude_ids)
        rooms = self.search([("capacity", ">=", participants or 0)])
        return rooms.filtered(lambda r: r.id not in busy)

    @api.model
    def _portal_availability(self, day, time_start, time_stop, participants=0):
        """The rooms as the request form marks them for a period typed in WIB: free (and
        large enough) or busy; none for a period that is no period."""
        try:
            start, stop = parse_wib_day_time(day, time_start), parse_wib_day_time(day, time_stop)
            participants = parse_int(participants)
        except ValueError:
            return []
        if stop <= start:
            return []
        busy = self.sudo()._busy_room_ids(start, stop)
        return [
            {
                "id": room.id,
                "name": room.name,
                "capacity": room.capacity,
                "free": room.id not in busy and room.capacity >= participants,
                "busy": room.id in busy,
            }
            for room in self.search([])
        ]

    @api.model
    def _lobby_screen(self, now=None):
        """The public lobby screen's rooms: today's (WIB) scheduled and held events of
        every room, as the superuser (the screen shows no personal data: the event, its
        time and its work unit). Each room is a dict: ``room``, ``now`` (the event under
        way), ``next`` (the room's next one) and ``later`` (the rest of the day); the
        events over are left out. Each room keeps its place on the screen."""
        now = now or fields.Datetime.now()
        day_start, day_stop = wib_day_bounds(wib_today())
        bookings_sudo = (
            self.env["epesanruangan.booking"]
            .sudo()
            .search(
                [
                    ("state", "in", ("scheduled", "done")),
                    ("start", "<", day_stop),
                    ("stop", ">", max(day_start, now)),
                ],
                order="start",
            )
        )
        rooms = []
        for room in self.sudo().search([]):
            events = bookings_sudo.filtered(lambda b, r=room: b.room_id == r)
            current = events.filtered(lambda b: b.start <= now)[:1]
            coming = events.filtered(lambda b: b.start > now)
            rooms.append({"room": room, "now": current, "next": coming[:1], "later": coming[1:]})
        return rooms
