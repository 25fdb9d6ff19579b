from odoo import api, fields, models
from odoo.exceptions import UserError


class LayananReasonWizard(models.TransientModel):
    """The reason of a step that needs one (reject, cancel, send back), asked before the
    step runs. The request's model lists the steps that take a reason in
    ``_reason_actions``; the wizard runs the step as the user, who passes its checks."""

    _name = "layanan.reason.wizard"
    _description = "Reason of a step"

    res_model = fields.Char(string="Document model", required=True, readonly=True)
    res_ids = fields.Json(string="Documents", required=True, readonly=True)
    action = fields.Char(string="Step", required=True, readonly=True)
    reason = fields.Text(required=True)

    @api.model
    def _open(self, records, action, title):
        """The window that asks the reason of `action` for `records`."""
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_res_model": records._name,
                "default_res_ids": records.ids,
                "default_action": action,
            },
        }

    def action_confirm(self):
        self.ensure_one()
        records = self.env[self.res_model].browse(self.res_ids)
        if self.action not in getattr(records, "_reason_actions", ()):
            raise UserError(self.env._("This step takes no reason."))
        getattr(records, self.action)(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
