from odoo import fields, models


class LibraryMemberReviseWizard(models.TransientModel):
    """Send an application back to the applicant with what to correct."""

    _name = "library.member.revise.wizard"
    _description = "Send Back for Revision"

    member_ids = fields.Many2many("library.member", required=True)
    note = fields.Text(string="What to correct", required=True)

    def action_confirm(self):
        self.ensure_one()
        self.member_ids._send_back(self.note)
        return {"type": "ir.actions.act_window_close"}
