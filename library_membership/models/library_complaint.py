from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import email_split

from odoo.addons.layanan_base.models.layanan_service_request import Transition
from odoo.addons.layanan_base.tools import (
    NAME_LENGTH,
    NOTE_LENGTH,
    TITLE_LENGTH,
    form_text,
    format_wib,
    has_control_characters,
    send_queued_mail_soon,
)

from .library_member import EMAIL_RE
from .portal_form import FormErrors, check_text_limits
from .server_fields import manager_imports

OFFICER = "library_membership.group_officer"
# the public form's fields, and the complaint's fields they fill
PORTAL_FIELDS = {
    "name": "complainant_name",
    "contact": "complainant_contact",
    "subject": "name",
    "description": "description",
}

# Fields that only the actions (Take in hand, Resolve, Reopen) and the server change: a
# direct write or create that sets them is refused, except as superuser (data files, the
# public form, the mail alias, the actions themselves) and in the manager's imports.
SERVER_FIELDS = ("state", "reference", "date_received", "date_resolved", "response_hours")


class LibraryComplaint(models.Model):
    """A complaint about the service (Pengaduan Layanan)."""

    _name = "library.complaint"
    _description = "Library Service Complaint"
    _inherit = ["layanan.service.request", "portal.mixin"]
    _server_fields = SERVER_FIELDS + ("next_step_id", "next_step_deadline")
    _transitions = {
        "action_start": Transition(("new",), (OFFICER,)),
        "action_resolve": Transition(("new", "in_progress"), (OFFICER,)),
        "action_reopen": Transition(("resolved",), (OFFICER,)),
    }
    _order = "id desc"
    # what the complainant types in the public form (its maxlength) and the response
    _text_limits = {
        "name": TITLE_LENGTH,
        "complainant_name": NAME_LENGTH,
        "complainant_contact": NAME_LENGTH,
        "email_from": NAME_LENGTH,
        "description": NOTE_LENGTH,
        "response": NOTE_LENGTH,
    }

    name = fields.Char(string="Subject", required=True, tracking=True)
    reference = fields.Char(readonly=True, copy=False, default="/", index=True)
    channel = fields.Selection(
        [("telephone", "Telephone"), ("sms", "SMS"), ("email", "Email"), ("web", "Web")],
        required=True,
        default="telephone",
        tracking=True,
    )
    state = fields.Selection(
        [("new", "New"), ("in_progress", "In progress"), ("resolved", "Resolved")],
        default="new",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    complainant_name = fields.Char(string="Complainant")
    complainant_contact = fields.Char(string="Phone or email")
    email_from = fields.Char(string="Email")
    description = fields.Text(string="Complaint")
    response = fields.Text(tracking=True)
    member_id = fields.Many2one("library.member", index="btree_not_null")
    user_id = fields.Many2one("res.users", string="Handled by", tracking=True)
    date_received = fields.Datetime(
        string="Received", default=fields.Datetime.now, required=True, readonly=True, copy=False
    )
    date_resolved = fields.Datetime(string="Resolved on", readonly=True, copy=False)
    response_hours = fields.Float(
        string="Time to respond (hours)",
        compute="_compute_response_hours",
        store=True,
        aggregator="avg",
    )

    @api.depends("date_received", "date_resolved")
    def _compute_response_hours(self):
        for complaint in self:
            if complaint.date_received and complaint.date_resolved:
                delta = complaint.date_resolved - complaint.date_received
                complaint.response_hours = round(delta.total_seconds() / 3600, 2)
            else:
                complaint.response_hours = 0

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for complaint in self:
            complaint.access_url = f"/perpustakaan/pengaduan/{complaint.id}"
        return result

    def _wib_display(self, name):
        """The date and time of the field ``name`` as the complainant reads it (WIB)."""
        return format_wib(self[name], self.env.lang)

    def _may_write_server_fields(self):
        return super()._may_write_server_fields() or manager_imports(self.env)

    def _check_resolved_response(self, vals):
        """Refuse a change of the response of a resolved complaint: it is the one
        e-mailed to the complainant. Reopen makes it editable again (and Resolve sends
        the new one)."""
        if "response" not in vals or self.env.su:
            return
        response = vals["response"] or ""
        if any(c.state == "resolved" and (c.response or "") != response for c in self):
            raise AccessError(
                self.env._(
                    "The response of a resolved complaint was sent to the complainant and "
                    "cannot change: reopen the complaint to change it."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        complaints = super().create(vals_list)
        for complaint in complaints.filtered(lambda c: c.reference == "/"):
            complaint._write_server_fields(
                {"reference": self.env["ir.sequence"].next_by_code("library.complaint")}
            )
        # complaints from the public (web form, e-mail) wait for an officer's answer, and
        # their complainant follows them through a private link
        public = complaints.filtered(lambda c: c.channel in ("web", "email"))
        public._schedule_next("answer")
        for complaint in public:
            complaint.sudo()._portal_ensure_token()
        return complaints

    def _sop_activity_summary(self, step):
        return self.env._("Answer the complaint %(ref)s", ref=self.reference)

    def write(self, vals):
        self._check_server_fields(vals)
        self._check_resolved_response(vals)
        return super().write(vals)

    @api.model
    def _create_from_web(self, vals):
        """A complaint from the public form (as the superuser: the form checked the
        values). Counts against the rate limit of the complainant's IP and e-mail
        address; RateLimited, in words, when over it."""
        self.env["layanan.rate.limit"]._hit("library_complaint", email=vals.get("email_from"))
        complaint = self.create(dict(vals, channel="web"))
        if complaint.email_from:
            # the acknowledgment: the number and the private link to follow the complaint
            template = self.env.ref("library_membership.mail_template_complaint_received")
            template.send_mail(complaint.id, force_send=False)
            send_queued_mail_soon(self.env)
        return complaint

    @api.model
    def _portal_limits(self):
        """The longest text each field of the public form takes: its field's."""
        return {name: self._text_limits[field] for name, field in PORTAL_FIELDS.items()}

    @api.model
    def _create_from_portal(self, post):
        """The complaint of the public form `post`, as the superuser once the form is
        checked. FormErrors names what is wrong, field by field; UserError (RateLimited)
        when the complainant sends too many."""
        env = self.env
        texts = {name: form_text(post, name) for name in PORTAL_FIELDS}
        errors = {}
        if not texts["name"]:
            errors["name"] = env._("Your name is required.")
        if not texts["subject"]:
            errors["subject"] = env._("The subject is required.")
        if not texts["description"]:
            errors["description"] = env._("Describe your complaint.")
        if not texts["contact"]:
            errors["contact"] = env._("Give a phone number or an email so that we can answer.")
        check_text_limits(env, texts, self._portal_limits(), errors)
        if errors:
            raise FormErrors(errors)
        vals = {field: texts[name] for name, field in PORTAL_FIELDS.items()}
        vals["email_from"] = texts["contact"] if EMAIL_RE.match(texts["contact"]) else False
        return self.sudo()._create_from_web(vals)

    @api.model
    def _fit_text(self, name, value):
        """``value`` as the field ``name`` takes it: control characters dropped and cut
        to its limit (an e-mail's subject or sender, which nobody typed in our form)."""
        if not isinstance(value, str):
            return value
        value = "".join(c for c in value if not has_control_characters(c))
        return value[: self._text_limits[name]]

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """An email to the complaints alias creates a complaint."""
        values = dict(custom_values or {})
        email = (email_split(msg_dict.get("email_from") or "") or [False])[0]
        values.setdefault("name", msg_dict.get("subject") or self.env._("Complaint by email"))
        values.update(
            channel="email",
            email_from=email,
            complainant_contact=email,
            complainant_name=msg_dict.get("email_from"),
        )
        for name in ("name", "email_from", "complainant_contact", "complainant_name"):
            values[name] = self._fit_text(name, values[name])
        return super().message_new(msg_dict, custom_values=values)

    def action_start(self):
        self._check_transition("action_start")
        self._write_server_fields({"state": "in_progress", "user_id": self.env.user.id})

    def action_resolve(self):
        self._check_transition("action_resolve")
        for complaint in self:
            if not (complaint.response or "").strip():
                raise UserError(self.env._("Write the response before resolving."))
        # each complaint keeps its handler; the unhandled ones go to whoever resolves them
        vals = {"state": "resolved", "date_resolved": fields.Datetime.now()}
        unhandled = self.filtered(lambda c: not c.user_id)
        (self - unhandled)._write_server_fields(vals)
        unhandled._write_server_fields(dict(vals, user_id=self.env.user.id))
        # the to-dos close with the complaint (the tracked state says who resolved it)
        self._schedule_next(False)
        template = self.env.ref("library_membership.mail_template_complaint_response")
        for complaint in self.filtered("email_from"):
            template.send_mail(complaint.id)
            send_queued_mail_soon(self.env)

    def action_reopen(self):
        self._check_transition("action_reopen")
        self._write_server_fields({"state": "in_progress", "date_resolved": False})
        self._schedule_next("answer")  # answered again: the to-do comes back
