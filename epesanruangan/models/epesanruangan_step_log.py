from odoo import api, fields, models

# SOP steps and their Mutu Baku (service standard) in minutes
STEPS = [
    ("1", "1. Log in with NRK"),
    ("2", "2. Submit the request"),
    ("3", "3. Verify the request"),
    ("4", "4. Check equipment availability"),
    ("5", "5. Verify equipment (PSS)"),
    ("6", "6. Applicant answers about equipment"),
    ("7", "7. Validate room and equipment"),
    ("8", "8. Set the schedule"),
    ("9", "9. Cancel the booking"),
    ("10", "10. Upload photos and report"),
]
TARGETS = {"1": 5, "2": 10, "3": 15, "4": 15, "5": 15, "6": 15, "7": 15, "8": 15, "9": 15, "10": 20}


class EpesanruanganStepLog(models.Model):
    _name = "epesanruangan.step.log"
    _description = "SOP Step Log"
    _order = "date desc, id desc"

    booking_id = fields.Many2one(
        "epesanruangan.booking", required=True, ondelete="cascade", index=True
    )
    step = fields.Selection(STEPS, required=True)
    user_id = fields.Many2one("res.users", string="Actor", required=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    duration = fields.Float(string="Duration (min)", digits=(16, 1))
    target = fields.Integer(string="Mutu Baku (min)", compute="_compute_target", store=True)
    overdue = fields.Boolean(compute="_compute_target", store=True)
    note = fields.Char()
    unit_id = fields.Many2one(related="booking_id.unit_id", store=True, string="Work Unit")

    @api.depends("step", "duration")
    def _compute_target(self):
        for log in self:
            log.target = TARGETS.get(log.step, 0)
            log.overdue = log.duration > log.target
