from odoo import api, fields, models

from odoo.addons.layanan_base.models.layanan_sop_step import format_duration


class LibraryMemberStep(models.Model):
    """One SOP step done for a member: who did it, when, and how long it took against
    its Mutu Baku (layanan.step.log.mixin)."""

    _name = "library.member.step"
    _inherit = ["layanan.step.log.mixin"]
    _description = "Library Membership SOP Step"

    member_id = fields.Many2one("library.member", required=True, ondelete="cascade", index=True)
    target_display = fields.Char(string="Mutu Baku", compute="_compute_target_display")

    @api.depends("target_seconds")
    def _compute_target_display(self):
        for log in self:
            log.target_display = format_duration(self.env, log.target_seconds)
