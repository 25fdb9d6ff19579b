from odoo import fields, models


class BiroumumBookingReason(models.TransientModel):
    _name = "biroumum.booking.reason"
    _description = "Reason to Reject or Cancel a Booking"

    booking_ids = fields.Many2many("biroumum.booking", required=True)
    mode = fields.Selection([("reject", "Reject"), ("cancel", "Cancel")], required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        if self.mode == "reject":
            self.booking_ids.action_reject(reason=self.reason)
        else:
            self.booking_ids.action_cancel(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
