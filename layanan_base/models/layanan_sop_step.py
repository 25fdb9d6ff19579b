from odoo import api, fields, models, tools

from ..tools import TITLE_LENGTH


class LayananSopStep(models.Model):
    """One step of a service's SOP and its service standard (Mutu Baku): who does it
    and how long it may take. The agency edits these records in the backend (each service
    lists its own under its Configuration menu); the code never holds a target time."""

    _name = "layanan.sop.step"
    _inherit = ["layanan.text.limits"]
    _description = "SOP step and its service standard (Mutu Baku)"
    # the agency's managers edit the steps' names: as long as a title, no more
    _text_limits = {"name": TITLE_LENGTH}
    _order = "res_model, sequence, id"

    name = fields.Char(required=True, translate=True)
    res_model = fields.Char(
        string="Service document", required=True, index=True, help="e.g. library.member"
    )
    code = fields.Char(required=True, help="How the service's code names the step.")
    sequence = fields.Integer(default=10)
    target_seconds = fields.Integer(string="Mutu Baku (seconds)", required=True)
    target_display = fields.Char(string="Mutu Baku", compute="_compute_target_display")
    responsible_group_id = fields.Many2one(
        "res.groups",
        string="Done by (role)",
        help="Every active user of this role gets the to-do when the request reaches this "
        "step; the first who does the step closes it for all.",
    )
    responsible_user_id = fields.Many2one(
        "res.users",
        string="Done by (person)",
        domain=[("share", "=", False)],
        help="One person gets the to-do instead of the whole role.",
    )
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="To-do",
        help="The activity scheduled for whoever does this step.",
    )

    _code_unique = models.UniqueIndex("(res_model, code)", "Each SOP step has one standard.")
    _target_positive = models.Constraint(
        "CHECK (target_seconds > 0)", "The target time must be positive."
    )

    @api.depends("target_seconds")
    def _compute_target_display(self):
        for step in self:
            step.target_display = format_duration(self.env, step.target_seconds)

    @api.model
    def _get(self, res_model, code):
        """The step `code` of the service document `res_model` (cached: it is read at
        every step of every request)."""
        step_id = self._get_id(res_model, code)
        return self.browse(step_id) if step_id else self.browse()

    @api.model
    @tools.ormcache("res_model", "code")
    def _get_id(self, res_model, code):
        step = self.sudo().search([("res_model", "=", res_model), ("code", "=", code)], limit=1)
        return step.id

    @api.model
    @tools.ormcache("res_model")
    def _activity_type_ids(self, res_model):
        """The to-do types of the steps of `res_model` (cached: every step of every
        request closes its service's step to-dos)."""
        steps = self.sudo().search([("res_model", "=", res_model)])
        return frozenset(steps.activity_type_id.ids)

    def _responsible_users(self):
        """Who does this step: the person named, else every active internal user of the
        role."""
        self.ensure_one()
        if self.responsible_user_id:
            return self.responsible_user_id
        return self.responsible_group_id.sudo().all_user_ids.filtered(
            lambda user: user.active and not user.share
        )

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        if {"res_model", "code", "activity_type_id"} & set(vals):
            self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()


def format_duration(env, seconds):
    """``5 menit 41 detik`` (in the user's language): a service time as people read it."""
    seconds = int(seconds or 0)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(env._("%(count)s hours", count=hours))
    if minutes:
        parts.append(env._("%(count)s minutes", count=minutes))
    if seconds or not parts:
        parts.append(env._("%(count)s seconds", count=seconds))
    return " ".join(parts)
