from odoo import fields, models


class EpesanruanganReasonWizard(models.TransientModel):
    _name = "epesanruangan.reason.wizard"
    _description = "Note for Send Back, Rejection or Cancellation"

    booking_id = fields.Many2one("epesanruangan.booking", required=True, ondelete="cascade")
    action = fields.Selection(
        [("send_back", "Send back"), ("reject", "Reject"), ("cancel", "Cancel")],
        required=True,
    )
    reason = fields.Text(string="Note", required=True)

    def action_confirm(self):
        self.ensure_one()
        getattr(self.booking_id, f"action_{self.action}")(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
