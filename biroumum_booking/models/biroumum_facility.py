import babel
import babel.numbers

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from odoo.addons.layanan_base.tools import LINE_LENGTH, NAME_LENGTH, NOTE_LENGTH

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


ID_LOCALE = babel.Locale.parse("id_ID")
IDR_PATTERN = babel.numbers.parse_pattern("#,##0")


def format_idr(amount):
    """Rupiah without decimals: Rp 1.500.000"""
    return "Rp " + IDR_PATTERN.apply(round(amount or 0), ID_LOCALE)


class BiroumumFacility(models.Model):
    _name = "biroumum.facility"
    _description = "Facility"
    _inherit = ["mail.thread", "image.mixin", "layanan.text.limits"]
    _order = "category, name"
    _text_limits = {"name": NAME_LENGTH, "description": NOTE_LENGTH, "location": LINE_LENGTH}

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
    price_display = fields.Char(compute="_compute_price_display", string="Tariff text")

    _price_positive = models.Constraint("CHECK (price >= 0)", "A tariff cannot be negative.")

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
        """Active facilities of `category` that no submitted or approved booking holds in
        [start, stop): one scan of the exclusion constraint's GiST index."""
        Booking = self.env["biroumum.booking"]
        busy = Booking.env.execute_query(
            SQL(
                "SELECT DISTINCT facility_id FROM biroumum_booking WHERE %s",
                Booking._overlap_sql(start, stop),
            )
        )
        return self.search(
            [("category", "=", category), ("id", "not in", [row[0] for row in busy])]
        )

    def _get_price(self, partner):
        """Tariff per unit for this partner's member category (read through sudo: the
        category is staff-only, the price is shown to the member and the public)."""
        self.ensure_one()
        commercial_sudo = partner.commercial_partner_id.sudo()
        category = commercial_sudo.biroumum_member_category or "public"
        line = self.tariff_ids.filtered(lambda t: t.member_category == category)[:1]
        return line.price if line else self.price
