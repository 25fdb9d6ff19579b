from datetime import time, timedelta

import babel
import babel.numbers

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.intervals import Intervals

from odoo.addons.layanan_base.tools import LINE_LENGTH, NAME_LENGTH, NOTE_LENGTH, WIB, to_wib

CATEGORIES = [
    ("vehicle", "Vehicle"),
    ("building", "Building"),
    ("meeting_room", "Meeting room"),
    ("venue", "Venue / yard"),
]
# URL slugs of the portal catalogue: /layanan/<slug>
CATEGORY_SLUGS = {
    "kendaraan": "vehicle",
    "gedung": "building",
    "ruang-rapat": "meeting_room",
    "venue": "venue",
}


# a calendar's weeks repeat (every week, or every two): beyond this, only the ends of a
# period are detailed
DETAILED_DAYS = 15

ID_LOCALE = babel.Locale.parse("id_ID")
IDR_PATTERN = babel.numbers.parse_pattern("#,##0")


def format_idr(amount):
    """Rupiah without decimals: Rp 1.500.000"""
    return "Rp " + IDR_PATTERN.apply(round(amount or 0), ID_LOCALE)


def _attendances(calendar_sudo, start, stop):
    """The calendar's attendances in [start, stop) (aware), merged: the morning and the
    afternoon that touch are one opening. A long period: its ends only, or all of it
    when the calendar is open around the clock (see _opening_intervals)."""

    def merged(begin, end):
        # an attendance until 24.00 ends at 23:59:59.999999: it touches the next day
        return Intervals(
            (a, b + timedelta(microseconds=1) if b.time() == time.max else b, recs)
            for a, b, recs in calendar_sudo._attendance_intervals_batch(begin, end, tz=WIB)[False]
        )

    detail = timedelta(days=DETAILED_DAYS)
    if stop - start <= 2 * detail:
        return merged(start, stop)
    head = merged(start, start + detail)
    if [(begin, end) for begin, end, _recs in head] == [(start, start + detail)]:
        return Intervals([(start, stop, next(iter(head))[2])])
    return head | merged(stop - detail, stop)


class BiroumumFacility(models.Model):
    _name = "biroumum.facility"
    _description = "Facility"
    _inherit = [
        "mail.thread",
        "image.mixin",
        "layanan.text.limits",
        "layanan.booking.resource.mixin",
    ]
    _order = "category, name"
    _text_limits = {"name": NAME_LENGTH, "description": NOTE_LENGTH, "location": LINE_LENGTH}
    _booking_model = "biroumum.booking"
    _feed_public_slug = "fasilitas"

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    category = fields.Selection(CATEGORIES, required=True, tracking=True)
    description = fields.Text()
    capacity = fields.Integer(help="People (or passengers for a vehicle); 0 = no limit.")
    location = fields.Char()
    manager_user_id = fields.Many2one(
        "res.users",
        string="Facility manager",
        tracking=True,
        domain=lambda self: [
            ("all_group_ids", "in", self.env.ref("biroumum_booking.group_manager").ids)
        ],
        help="Pengelola: approves the bookings of this facility.",
    )
    fleet_vehicle_id = fields.Many2one("fleet.vehicle", string="Fleet vehicle")
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Opening hours",
        help="Bookings must fall in these hours and not on its public holidays.",
    )
    opening_hours = fields.Char(related="resource_calendar_id.name", string="Opening hours text")
    tariff_unit = fields.Selection(
        [("hour", "Per hour"), ("day", "Per day")], default="hour", required=True
    )
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.ref("base.IDR")
    )
    price = fields.Monetary(string="Tariff", tracking=True)
    income_account_id = fields.Many2one(
        "account.account",
        company_dependent=True,
        ondelete="restrict",
        string="Income account",
        domain="[('account_type', 'in', ('income', 'income_other'))]",
        help="Where the invoices of this facility's bookings book their revenue. "
        "Empty: the default account of the sales journal.",
    )
    tariff_ids = fields.One2many(
        "biroumum.facility.tariff", "facility_id", string="Tariffs per member category"
    )
    booking_ids = fields.One2many("biroumum.booking", "facility_id")
    parent_id = fields.Many2one(
        "biroumum.facility",
        string="Part of",
        index="btree_not_null",
        ondelete="restrict",
        tracking=True,
        domain="[('id', '!=', id), ('parent_id', '=', False)]",
        help="The building this room is in: a booking of the building holds its rooms, "
        "and a booked room makes the building unavailable for that period.",
    )
    child_ids = fields.One2many("biroumum.facility", "parent_id", string="Parts")
    buffer_before = fields.Integer(tracking=True)
    buffer_after = fields.Integer(tracking=True)
    checkin_grace_minutes = fields.Integer(tracking=True)
    payment_hours = fields.Integer(
        string="Pay within (hours)",
        tracking=True,
        help="A booking with a fee must be paid within so many hours of its approval, or it "
        "is released: the facility becomes free and its invoice is cancelled by a credit "
        "note. 0: no limit.",
    )
    price_display = fields.Char(compute="_compute_price_display", string="Tariff text")

    _price_positive = models.Constraint("CHECK (price >= 0)", "A tariff cannot be negative.")
    _payment_hours_positive = models.Constraint(
        "CHECK (payment_hours >= 0)", "The time to pay cannot be negative."
    )
    # a vehicle is handed over (its odometer), never checked in
    _vehicle_no_checkin = models.Constraint(
        "CHECK (category != 'vehicle' OR checkin_grace_minutes = 0)",
        "A vehicle asks for no check-in: it is handed over.",
    )

    @api.depends("price", "tariff_unit")
    def _compute_price_display(self):
        for facility in self:
            if not facility.price:
                facility.price_display = self.env._("Free of charge")
                continue
            unit = self.env._("hour") if facility.tariff_unit == "hour" else self.env._("day")
            facility.price_display = f"{format_idr(facility.price)} / {unit}"

    @api.constrains("category", "fleet_vehicle_id")
    def _check_fleet_vehicle(self):
        for facility in self:
            if facility.category == "vehicle" and not facility.fleet_vehicle_id:
                raise ValidationError(
                    self.env._("Vehicle %s must be linked to a Fleet vehicle.", facility.name)
                )

    @api.model
    def _free_facilities(self, category, start, stop):
        """Active facilities of `category` that can be booked in [start, stop): no
        submitted or approved booking holds them (one scan of the exclusion constraint's
        GiST index) and they are open then (the booking rule, asked of the free ones
        only, once per calendar)."""
        busy = self.env["biroumum.booking"]._busy_resource_ids(start, stop)
        free = self.search([("category", "=", category), ("id", "not in", list(busy))])
        closed = free._closed_reasons(start, stop)
        return free.filtered(lambda facility: not closed[facility.id])

    # ------------------------------------------------------------------ opening hours
    def _opening_intervals(self, start, stop):
        """When each facility is open in [start, stop) (naive UTC): its opening hours
        (`resource_calendar_id`'s attendances) without its holidays (the calendar's
        leaves and the public ones). The one answer the booking rule, the availability
        grid, the "free" filter and the price preview use.

        {facility id: (opening, holidays)}: `opening` the merged (start, stop) intervals
        (aware, WIB) within [start, stop), `holidays` the (start, stop, name) of the
        holidays that touch it; None for a facility without opening hours (always
        open). Facilities that share a calendar share its answer: asked once.

        A period longer than DETAILED_DAYS (a long lending, or any address a visitor
        types) is detailed at its ends only, so that its cost does not grow with it:
        its middle is open only when the calendar is open around the clock (its first
        DETAILED_DAYS are one opening: the weeks repeat); the holidays are all there."""
        start_wib, stop_wib = to_wib(start), to_wib(stop)
        per_calendar, result = {}, {}
        for facility in self:
            calendar = facility.resource_calendar_id
            if not calendar:
                result[facility.id] = None
                continue
            if calendar.id not in per_calendar:
                calendar_sudo = calendar.sudo()
                leaves = calendar_sudo._leave_intervals_batch(start_wib, stop_wib, tz=WIB)[False]
                opening = _attendances(calendar_sudo, start_wib, stop_wib) - leaves
                per_calendar[calendar.id] = (
                    [(begin, end) for begin, end, _recs in opening],
                    [
                        (begin, end, ", ".join(sorted(set(leaves_.mapped("name")) - {False})))
                        for begin, end, leaves_ in leaves
                    ],
                )
            result[facility.id] = per_calendar[calendar.id]
        return result

    def _closed_reasons(self, start, stop):
        """Why each facility cannot be booked in [start, stop) (naive UTC) by its
        opening hours and holidays, in words; False when it can: {facility id: reason}.
        A period must be within one opening; a facility lent by the day over several
        days is picked up and returned within opening hours; no holiday in between."""
        opening_of = self._opening_intervals(start, stop)
        start_wib, stop_wib = to_wib(start), to_wib(stop)
        reasons = {}
        for facility in self:
            reasons[facility.id] = False
            if opening_of[facility.id] is None:
                continue
            opening, holidays = opening_of[facility.id]
            if holidays:
                reasons[facility.id] = self.env._(
                    "%(facility)s is closed on a public holiday in that period (%(holiday)s).",
                    facility=facility.name,
                    holiday=", ".join(name for _begin, _end, name in holidays if name),
                )
                continue
            if facility.tariff_unit == "day" and start_wib.date() != stop_wib.date():
                is_open = bool(opening) and (opening[0][0], opening[-1][1]) == (start_wib, stop_wib)
            else:
                is_open = len(opening) == 1 and opening[0] == (start_wib, stop_wib)
            if not is_open:
                reasons[facility.id] = self.env._(
                    "%(facility)s is open only during its opening hours (%(hours)s).",
                    facility=facility.name,
                    hours=facility.opening_hours,
                )
        return reasons

    def _get_price(self, partner):
        """Tariff per unit for this partner's member category (read through sudo: the
        category is staff-only, the price is shown to the member and the public)."""
        self.ensure_one()
        commercial_sudo = partner.commercial_partner_id.sudo()
        category = commercial_sudo.biroumum_member_category or "public"
        line = self.tariff_ids.filtered(lambda t: t.member_category == category)[:1]
        return line.price if line else self.price
