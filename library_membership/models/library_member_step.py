from odoo import api, fields, models

from .library_sop_step import STEPS


class LibraryMemberStep(models.Model):
    """One SOP step done for a member: who did it, when, and how long it took."""

    _name = "library.member.step"
    _description = "Library Membership SOP Step"
    _order = "end desc, id desc"

    member_id = fields.Many2one("library.member", required=True, ondelete="cascade", index=True)
    step = fields.Selection(STEPS, required=True)
    officer_id = fields.Many2one("res.users", index=True)
    start = fields.Datetime(required=True)
    end = fields.Datetime(required=True, index=True)
    duration = fields.Integer(
        string="Duration (s)", compute="_compute_duration", store=True, aggregator="avg"
    )
    target_seconds = fields.Integer(string="Target (s)", aggregator="avg")
    exceeded = fields.Boolean(string="Over the target", compute="_compute_duration", store=True)

    @api.depends("start", "end", "target_seconds")
    def _compute_duration(self):
        for line in self:
            line.duration = max(int((line.end - line.start).total_seconds()), 0)
            line.exceeded = bool(line.target_seconds) and line.duration > line.target_seconds
