from odoo import api, fields, models

from .layanan_sop_step import format_duration


class LayananStepLogMixin(models.AbstractModel):
    """One SOP step done for a service request: who did it, from when to when, and how
    it stands against its Mutu Baku. Each service has its own log model (with its
    Many2one to its request) that inherits this; the request's ``_log_step`` writes
    it."""

    _name = "layanan.step.log.mixin"
    _description = "SOP step done"
    _order = "end desc, id desc"

    step_id = fields.Many2one("layanan.sop.step", string="SOP step", required=True, index=True)
    step = fields.Char(related="step_id.code", store=True, string="Step code")
    user_id = fields.Many2one("res.users", string="Done by", index=True)
    start = fields.Datetime(required=True)
    end = fields.Datetime(required=True, index=True)
    duration = fields.Integer(
        string="Duration (s)", compute="_compute_duration", store=True, aggregator="avg"
    )
    duration_display = fields.Char(string="Duration", compute="_compute_duration_display")
    target_seconds = fields.Integer(
        string="Mutu Baku (s)", aggregator="avg", help="The step's standard when it was done."
    )
    exceeded = fields.Boolean(string="Over the Mutu Baku", compute="_compute_duration", store=True)
    note = fields.Char()

    @api.depends("start", "end", "target_seconds")
    def _compute_duration(self):
        for log in self:
            log.duration = max(int((log.end - log.start).total_seconds()), 0)
            log.exceeded = bool(log.target_seconds) and log.duration > log.target_seconds

    @api.depends("duration")
    def _compute_duration_display(self):
        for log in self:
            log.duration_display = format_duration(self.env, log.duration)
