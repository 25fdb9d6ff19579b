from odoo import fields, models


class LibraryMemberStep(models.Model):
    """One SOP step done for a member: who did it, when, and how long it took against
    its Mutu Baku (layanan.step.log.mixin)."""

    _name = "library.member.step"
    _inherit = ["layanan.step.log.mixin"]
    _description = "Library Membership SOP Step"

    member_id = fields.Many2one("library.member", required=True, ondelete="cascade", index=True)
