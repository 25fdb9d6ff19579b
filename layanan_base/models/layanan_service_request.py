from datetime import timedelta
from typing import NamedTuple

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import to_wib


class Transition(NamedTuple):
    """Where a step (an ``action_*`` of a service request) may start from, and which
    roles may do it: ``sources`` are states, ``groups`` XML ids of res.groups (any of
    them; none: the action checks its actor itself, e.g. the request's own member)."""

    sources: tuple
    groups: tuple = ()


class LayananServiceRequest(models.AbstractModel):
    """A request that goes through the steps of a service's SOP, as in Odoo's
    hr_holidays (one guard for every transition, one to-do for whoever acts next) and
    OCA's base_tier_validation (who acts is data, every decision is logged).

    A service declares, on its model:

    - its ``state`` Selection field (tracked);
    - ``_transitions``: {action name: Transition(sources, groups)}; every ``action_*``
      starts with ``self._check_transition("action_x")``;
    - ``_server_fields``: the fields only the steps write (through
      ``_write_server_fields``); a user's create or write that sets them is refused;
    - ``_step_log_model`` and ``_step_log_field``: its log model (inheriting
      ``layanan.step.log.mixin``) and that model's Many2one to the request;
    - its SOP steps as ``layanan.sop.step`` records (res_model = the request's model):
      their Mutu Baku and who does them, which the agency edits in the backend.
    """

    _name = "layanan.service.request"
    _description = "Service request going through SOP steps"
    _inherit = ["mail.thread", "mail.activity.mixin", "layanan.text.limits"]

    _transitions = {}
    _server_fields = ()
    _step_log_model = None
    _step_log_field = None

    next_step_id = fields.Many2one(
        "layanan.sop.step", string="Next step", readonly=True, copy=False, index="btree_not_null"
    )
    next_step_deadline = fields.Datetime(
        string="Next step due",
        readonly=True,
        copy=False,
        help="When the next step is due by its Mutu Baku.",
    )

    # ------------------------------------------------------------------ guards
    def _state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env)).get(self.state)

    def _check_state(self, *states):
        """Each request is in one of `states`, or the step is refused in words (a double
        click or a stale tab cannot skip a step)."""
        for record in self:
            if record.state not in states:
                raise UserError(
                    self.env._(
                        "%(document)s is “%(state)s”: this step is not possible now.",
                        document=record.display_name,
                        state=record._state_label(),
                    )
                )

    def _check_group(self, *xmlids):
        """The current user has one of the roles `xmlids` (the superuser acts for all)."""
        if self.env.su or any(self.env.user.has_group(xmlid) for xmlid in xmlids):
            return
        roles = ", ".join(f"“{self.env.ref(xmlid).sudo().name}”" for xmlid in xmlids)
        raise AccessError(self.env._("Only the role %(role)s may do this step.", role=roles))

    def _check_transition(self, action):
        """The one guard of every step: the role first (nothing to learn about a request
        one may not act on), then the state it starts from."""
        transition = self._transitions[action]
        if transition.groups:
            self._check_group(*transition.groups)
        self._check_state(*transition.sources)

    # ------------------------------------------------------------------ server fields
    def _may_write_server_fields(self):
        """Who may set the server fields directly: the superuser (data files, the
        steps themselves, which write through sudo after their own checks)."""
        return self.env.su

    def _check_server_fields(self, vals, create=False):
        """Refuse a direct change of the fields only the steps write. At creation, a
        field's own default (or nothing) is no change."""
        if self._may_write_server_fields():
            return
        names = []
        for name in self._server_fields:
            if create and f"default_{name}" in self.env.context:
                names.append(name)
            elif name in vals:
                field = self._fields[name]
                default = field.default(self) if (create and field.default) else False
                if not create or vals[name] not in (False, None, default):
                    names.append(name)
        if names:
            raise AccessError(
                self.env._(
                    "%(fields)s of %(document)s change only through its steps (the buttons), "
                    "never directly.",
                    fields=", ".join(
                        self._fields[name]._description_string(self.env) for name in names
                    ),
                    document=self.env["ir.model"]._get(self._name).name,
                )
            )

    def _write_server_fields(self, vals):
        """Write fields of ``_server_fields``; the calling step checked who acts and the
        state."""
        return self.sudo().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_server_fields(vals, create=True)
        return super().create(vals_list)

    def write(self, vals):
        self._check_server_fields(vals)
        return super().write(vals)

    # ------------------------------------------------------------------ SOP steps
    def _sop_step(self, code):
        """The SOP step `code` of this service: configuration, read as the server (a
        member or an operator on the portal does steps too: submit, answer, cancel)."""
        return self.env["layanan.sop.step"].sudo()._get(self._name, code)

    def _step_start(self):
        """When the step now done started: when the previous one ended, else when the
        request was made. A service with a clock of its own (the library's counter)
        says otherwise."""
        self.ensure_one()
        last = (
            self.env[self._step_log_model]
            .sudo()
            .search([(self._step_log_field, "=", self.id)], order="end desc, id desc", limit=1)
        )
        return last.end if last else self.create_date

    def _log_step(self, code, note=False, start=None):
        """Record the SOP step `code` as done now by the current user, from `start`
        (default: ``_step_start``), against its Mutu Baku."""
        step = self._sop_step(code)
        if not step:
            raise UserError(self.env._("The SOP step %(code)s is not configured.", code=code))
        now = fields.Datetime.now()
        self.env[self._step_log_model].sudo().create(
            [
                {
                    self._step_log_field: record.id,
                    "step_id": step.id,
                    "user_id": self.env.user.id,
                    "start": min(start or record._step_start() or now, now),
                    "end": now,
                    "target_seconds": step.target_seconds,
                    "note": note,
                }
                for record in self
            ]
        )

    def _sop_responsible_users(self, step):
        """Who does `step` for this request: by default, what the step record says.
        A service overrides it where the request names its own (a facility's
        manager)."""
        self.ensure_one()
        return step._responsible_users()

    def _sop_activity_summary(self, step):
        return step.name

    def _schedule_next(self, code):
        """The request now waits for the step `code` (False: for nobody): the to-dos of
        the step just done close, and whoever does the next one gets one, due by its Mutu
        Baku (a WIB date)."""
        sop_type_ids = self.env["layanan.sop.step"]._activity_type_ids(self._name)
        records_sudo = self.sudo()
        records_sudo.activity_ids.filtered(
            lambda activity: activity.activity_type_id.id in sop_type_ids
        ).unlink()
        step = self._sop_step(code) if code else self.env["layanan.sop.step"]
        now = fields.Datetime.now()
        deadline = now + timedelta(seconds=step.target_seconds) if step else False
        records_sudo._write_server_fields({"next_step_id": step.id, "next_step_deadline": deadline})
        if not (step and step.activity_type_id):
            return
        # one create for every to-do of every request (a leadership bump moves twenty
        # requests at once); the to-do is the notice: no assignment e-mail rendered
        # inside the request (mail_activity_quick_update)
        activity_type = step.activity_type_id
        model_id = self.env["ir.model"]._get(self._name).id
        due = to_wib(deadline).date()
        vals_list = [
            {
                "activity_type_id": activity_type.id,
                "summary": record._sop_activity_summary(step),
                "note": activity_type.default_note,
                "automated": True,
                "date_deadline": due,
                "res_model_id": model_id,
                "res_id": record.id,
                "user_id": user.id,
            }
            for record in records_sudo
            for user in record._sop_responsible_users(step)
        ]
        if vals_list:
            self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
                vals_list
            )
