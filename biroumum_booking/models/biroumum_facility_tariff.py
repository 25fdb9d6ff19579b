from odoo import fields, models


class BiroumumFacilityTariff(models.Model):
    _name = "biroumum.facility.tariff"
    _description = "Facility Tariff per Member Category"

    facility_id = fields.Many2one("biroumum.facility", required=True, ondelete="cascade")
    member_category = fields.Selection(
        [("public", "Public"), ("government", "Government institution")],
        required=True,
    )
    currency_id = fields.Many2one(related="facility_id.currency_id")
    price = fields.Monetary(required=True, default=0.0)

    _unique_category = models.Constraint(
        "UNIQUE (facility_id, member_category)",
        "One tariff per member category and facility.",
    )
    _price_positive = models.Constraint("CHECK (price >= 0)", "A tariff cannot be negative.")
