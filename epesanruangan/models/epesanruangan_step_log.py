from odoo import fields, models


class EpesanruanganStepLog(models.Model):
    """One SOP step done for a room request (its Mutu Baku is a layanan.sop.step)."""

    _name = "epesanruangan.step.log"
    _inherit = ["layanan.step.log.mixin"]
    _description = "SOP Step Log"

    booking_id = fields.Many2one(
        "epesanruangan.booking", required=True, ondelete="cascade", index=True
    )
    unit_id = fields.Many2one(related="booking_id.unit_id", store=True, string="Work Unit")
