from odoo import fields, models, tools


class LibraryMemberStepReport(models.Model):
    """Average and 90th percentile time of each SOP step per officer and day."""

    _name = "library.member.step.report"
    _description = "Service Time Analysis"
    _auto = False
    _order = "day desc, step"

    day = fields.Date(readonly=True)
    step = fields.Char(string="Step code", readonly=True)
    sop_step_id = fields.Many2one("layanan.sop.step", string="SOP step", readonly=True)
    officer_id = fields.Many2one("res.users", readonly=True)
    count = fields.Integer(string="Services", readonly=True)
    avg_duration = fields.Float(string="Average (s)", readonly=True, aggregator="avg")
    p90_duration = fields.Float(string="90th percentile (s)", readonly=True, aggregator="max")
    max_duration = fields.Integer(string="Longest (s)", readonly=True, aggregator="max")
    target_seconds = fields.Integer(string="Target (s)", readonly=True, aggregator="avg")
    exceeded_count = fields.Integer(string="Over the target", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE VIEW {self._table} AS (
                SELECT min(s.id) AS id,
                       (s.end AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Jakarta')::date AS day,
                       s.step AS step,
                       s.step_id AS sop_step_id,
                       s.user_id AS officer_id,
                       count(*) AS count,
                       avg(s.duration)::float AS avg_duration,
                       percentile_cont(0.9) WITHIN GROUP (ORDER BY s.duration)::float
                           AS p90_duration,
                       max(s.duration) AS max_duration,
                       max(s.target_seconds) AS target_seconds,
                       count(*) FILTER (WHERE s.exceeded) AS exceeded_count
                  FROM library_member_step s
              GROUP BY 2, s.step, s.step_id, s.user_id
            )"""
        )
