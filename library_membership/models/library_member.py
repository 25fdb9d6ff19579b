import base64
import binascii
import datetime
import re

from dateutil.relativedelta import relativedelta
from werkzeug.urls import url_encode

from odoo import Command, api, fields, models
from odoo.exceptions import ConcurrencyError, UserError, ValidationError
from odoo.tools import SQL, email_normalize, format_date, format_datetime, hash_sign
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.layanan_base.models.layanan_service_request import Transition
from odoo.addons.layanan_base.tools import (
    LINE_LENGTH,
    NAME_LENGTH,
    NOTE_LENGTH,
    check_nik,
    int_param,
    send_queued_mail_soon,
)
from odoo.addons.layanan_base.tools.signed_link import verify_signed

from .res_config_settings import EXPIRY_REMINDER_DAYS, SERVICE_TARGET_SECONDS
from .server_fields import manager_imports

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# the scope of the signed links that put a card in an existing portal account
PORTAL_LINK_SCOPE = "library_membership.portal_link"
DOCUMENT_MIMETYPES = ("image/jpeg", "image/png", "image/webp", "application/pdf")
PHOTO_MIMETYPES = ("image/jpeg", "image/png", "image/webp")
EMAIL_RE = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")
# SOP steps done with the applicant at the counter: the first one starts the service
# clock (the SOP's 14 minutes) if the officer has not started it; the cross-check and
# the revision of an online application can happen before the applicant comes.
COUNTER_STEPS = ("register", "form", "input", "photo", "print")
# the states of a member (an application is not one yet): one NIK, one member
MEMBER_STATES = ("verified", "active", "expired")
# the online applications an officer has not decided yet
PENDING_STATES = ("submitted", "to_revise")
# Fields that only the actions (the SOP buttons, the card print, the cron) change: a
# direct write or create that sets them is refused, except as superuser (data files,
# the online form, the actions themselves) and in the manager's imports.
SERVER_FIELDS = (
    "state",
    "channel",
    "reference",
    "sop_step",
    "service_start",
    "service_end",
    "service_duration",
    "service_exceeded",
    "member_number",
    "card_date",
    "expiry_date",
    "revision_note",
    "revision_count",
    "merged_into_id",
    "partner_id",
    "verification_token",
    "next_step_id",
    "next_step_deadline",
)
OFFICER = "library_membership.group_officer"
MANAGER = "library_membership.group_manager"


def normalize_phone(phone):
    """Digits only, with the Indonesian +62 prefix written as 0 (0812..., 024...)."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("62"):
        digits = "0" + digits[2:]
    return digits or False


def decode_upload(value):
    """Bytes of a base64 binary field value (False when empty or not base64)."""
    if not value:
        return b""
    if isinstance(value, str):
        value = value.encode()
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None


class LibraryMember(models.Model):
    _name = "library.member"
    _description = "Library Member"
    _inherit = [
        "layanan.service.request",
        "portal.mixin",
        "image.mixin",
        "layanan.verification.mixin",
        "layanan.stored.document",
    ]
    _server_fields = SERVER_FIELDS
    _step_log_model = "library.member.step"
    _step_log_field = "member_id"
    # the SOP's buttons: the states each starts from, and who presses it
    _transitions = {
        "action_start_service": Transition(
            ("draft", "submitted", "to_revise", "verified"), (OFFICER,)
        ),
        "action_register": Transition(("draft", "submitted"), (OFFICER,)),
        "action_form_filled": Transition(("draft",), (OFFICER,)),
        "action_submit": Transition(("draft",), (OFFICER,)),
        "action_crosscheck": Transition(("submitted",), (OFFICER,)),
        "action_send_back": Transition(("submitted", "verified"), (OFFICER,)),
        "action_revised": Transition(("to_revise",), (OFFICER,)),
        "action_photo_taken": Transition(("verified",), (OFFICER,)),
        "action_print_card": Transition(("verified", "active"), (OFFICER,)),
        "action_send_portal_invitation": Transition(("active", "expired"), (OFFICER,)),
        "action_renew": Transition(("active", "expired"), (OFFICER,)),
        "action_cancel": Transition(
            ("draft", "submitted", "to_revise", "verified", "active", "expired"), (OFFICER,)
        ),
        "action_reset_draft": Transition(("cancelled",), (MANAGER,)),
    }
    # the public page of the card's QR code (no personal data but the name)
    _verification_path = "/perpustakaan/kartu"
    # the member card, stored by the Print card button (printed once)
    _document_report = "library_membership.report_member_card"
    _order = "id desc"
    _rec_names_search = ["name", "reference", "nik", "member_number", "id_number"]
    # what the applicant and the officer type; the public form's maxlength too
    _text_limits = {
        "name": NAME_LENGTH,
        "nik": 16,
        "id_number": NAME_LENGTH,
        "place_of_birth": NAME_LENGTH,
        "street": LINE_LENGTH,
        "phone": 32,
        "email": NAME_LENGTH,
        "occupation": NAME_LENGTH,
        "id_document_name": LINE_LENGTH,
        "revision_note": NOTE_LENGTH,
    }

    name = fields.Char(string="Full name", required=True, tracking=True)
    reference = fields.Char(
        readonly=True, copy=False, index=True, default="/", help="Application reference"
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("to_revise", "To revise"),
            ("verified", "Verified"),
            ("active", "Active"),
            ("expired", "Expired"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    channel = fields.Selection(
        [("counter", "Counter"), ("online", "Online")],
        default="counter",
        required=True,
        readonly=True,
        copy=False,
    )
    id_type = fields.Selection(
        [("ktp", "KTP"), ("kk", "KK"), ("ktm", "KTM"), ("sim", "SIM")],
        string="ID document",
        required=True,
        default="ktp",
        tracking=True,
    )
    nik = fields.Char(string="NIK", tracking=True, copy=False, index=True)
    id_number = fields.Char(
        string="Document number",
        tracking=True,
        copy=False,
        help="Number of the student card (KTM) or driving licence (SIM) when there is no NIK.",
    )
    id_document = fields.Binary(string="ID document scan", attachment=True, copy=False)
    id_document_name = fields.Char(string="ID document file name")
    place_of_birth = fields.Char(string="Place of birth", tracking=True)
    birthdate = fields.Date(string="Date of birth", tracking=True)
    gender = fields.Selection([("male", "Male"), ("female", "Female")], tracking=True)
    street = fields.Text(string="Address", tracking=True)
    phone = fields.Char(tracking=True)
    phone_normalized = fields.Char(compute="_compute_phone_normalized", store=True, index=True)
    email = fields.Char(tracking=True)
    email_normalized = fields.Char(compute="_compute_email_normalized", store=True, index=True)
    occupation = fields.Char(string="Occupation / institution", tracking=True)
    category_id = fields.Many2one(
        "library.member.category", string="Member category", tracking=True, index=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="The member's contact; its portal account sees the digital card. Set at the "
        "first card print (a contact of the member's own, invited to the portal at the "
        "member's e-mail address), or by the holder of an account with that address "
        "through the link e-mailed to it; never typed, never matched by e-mail.",
    )
    member_number = fields.Char(readonly=True, copy=False, index=True, tracking=True)
    card_date = fields.Date(string="First card print", readonly=True, copy=False)
    expiry_date = fields.Date(readonly=True, copy=False, tracking=True)
    revision_note = fields.Text(readonly=True, copy=False)
    revision_count = fields.Integer(readonly=True, copy=False)
    merged_into_id = fields.Many2one(
        "library.member", readonly=True, copy=False, index="btree_not_null"
    )
    not_duplicate_ids = fields.Many2many(
        "library.member",
        "library_member_not_duplicate_rel",
        "member_id",
        "other_id",
        string="Checked, not duplicates",
        copy=False,
    )
    duplicate_ids = fields.Many2many(
        "library.member",
        string="Possible duplicates",
        compute="_compute_duplicate_ids",
    )
    duplicate_count = fields.Integer(compute="_compute_duplicate_ids")
    step_ids = fields.One2many("library.member.step", "member_id", string="SOP steps")
    sop_step = fields.Selection(
        [
            ("none", "Not started"),
            ("register", "1. Registered with the officer"),
            ("form", "2. Form filled"),
            ("input", "3. Data entered"),
            ("crosscheck", "4. Cross-checked"),
            ("revision", "5. Revised"),
            ("photo", "6. Photo taken"),
            ("print", "7. Card printed"),
        ],
        string="Last SOP step",
        default="none",
        readonly=True,
        copy=False,
    )
    renewal_due = fields.Boolean(
        compute="_compute_renewal_due",
        help="Expired, or active in the last days of its period (the expiry reminder's).",
    )
    service_start = fields.Datetime(
        default=fields.Datetime.now, copy=False, help="When the applicant came to the counter."
    )
    service_end = fields.Datetime(readonly=True, copy=False)
    service_duration = fields.Integer(
        string="Service time (s)", compute="_compute_service_duration", store=True
    )
    service_exceeded = fields.Boolean(
        string="Over the standard", compute="_compute_service_duration", store=True
    )

    # applications may share a NIK (the officer merges or refuses them at the
    # cross-check); members never do
    _nik_unique = models.UniqueIndex(
        "(nik) WHERE nik IS NOT NULL AND state IN ('verified', 'active', 'expired')",
        "This NIK already belongs to another member.",
    )
    _member_number_unique = models.UniqueIndex(
        "(member_number) WHERE member_number IS NOT NULL",
        "This member number is already used.",
    )
    _name_birthdate_idx = models.Index("(lower(name), birthdate)")
    _reference_unique = models.UniqueIndex(
        "(reference) WHERE reference != '/'", "This reference is already used."
    )

    @api.depends("phone")
    def _compute_phone_normalized(self):
        for member in self:
            member.phone_normalized = normalize_phone(member.phone)

    @api.depends("email")
    def _compute_email_normalized(self):
        for member in self:
            member.email_normalized = email_normalize(member.email or "") or False

    @api.depends("service_start", "service_end")
    def _compute_service_duration(self):
        target = self._service_target()
        for member in self:
            if member.service_start and member.service_end:
                seconds = int((member.service_end - member.service_start).total_seconds())
                member.service_duration = seconds
                member.service_exceeded = seconds > target
            else:
                member.service_duration = 0
                member.service_exceeded = False

    @api.model
    def _service_target(self):
        """The Mutu Baku of the whole counter service in seconds (14 minutes in the SOP,
        a setting)."""
        return int_param(self.env, SERVICE_TARGET_SECONDS)

    @api.depends("state", "expiry_date", "category_id.validity_months")
    def _compute_renewal_due(self):
        today = fields.Date.context_today(self)
        for member in self:
            member.renewal_due = member.state == "expired" or (
                member.state == "active" and member._renewal_from() <= today
            )

    @api.depends(
        "name", "nik", "birthdate", "phone_normalized", "email_normalized", "not_duplicate_ids"
    )
    def _compute_duplicate_ids(self):
        for member in self:
            member.duplicate_ids = member._find_duplicates()
            member.duplicate_count = len(member.duplicate_ids)

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for member in self:
            member.access_url = f"/perpustakaan/pendaftaran/{member.id}"
        return result

    def _find_duplicates(self):
        """Other members with the same NIK, name and birth date, phone or email.

        One query, served by the indexes on nik, (lower(name), birthdate),
        phone_normalized and email_normalized, so it stays fast on 200,000 members.
        """
        self.ensure_one()
        conditions = []
        if self.nik:
            conditions.append(SQL("nik = %s", self.nik))
        if self.name and self.birthdate:
            conditions.append(
                SQL("(lower(name) = lower(%s) AND birthdate = %s)", self.name, self.birthdate)
            )
        if self.phone_normalized:
            conditions.append(SQL("phone_normalized = %s", self.phone_normalized))
        if self.email_normalized:
            conditions.append(SQL("email_normalized = %s", self.email_normalized))
        if not conditions:
            return self.browse()
        self_id = self._origin.id or 0
        query = SQL(
            """SELECT id FROM library_member
                WHERE (%s) AND id != %s AND state != 'cancelled'
                  AND id NOT IN (SELECT other_id FROM library_member_not_duplicate_rel
                                  WHERE member_id = %s)
                  AND id NOT IN (SELECT member_id FROM library_member_not_duplicate_rel
                                  WHERE other_id = %s)
             ORDER BY id LIMIT 20""",
            SQL(" OR ").join(conditions),
            self_id,
            self_id,
            self_id,
        )
        self.env.flush_all()
        ids = [row[0] for row in self.env.execute_query(query)]
        return self.browse(ids)

    @api.constrains("nik", "birthdate", "gender", "id_type", "id_number")
    def _check_nik(self):
        for member in self:
            if member.nik:
                check_nik(self.env, member.nik, member.birthdate, member.gender)
            elif member.id_type in ("ktp", "kk"):
                raise ValidationError(
                    self.env._("A KTP or KK holder must give the NIK (16 digits).")
                )
            elif not member.id_number:
                raise ValidationError(
                    self.env._("Give the NIK or the number of the ID document (KTM or SIM).")
                )

    def _nik_holder(self, nik):
        """The member (verified, active or expired) other than these who holds ``nik``."""
        return (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("nik", "=", nik.strip()),
                    ("id", "not in", self.ids),
                    ("state", "in", MEMBER_STATES),
                ],
                limit=1,
            )
        )

    def _check_nik_free(self, nik, state="draft"):
        """A kinder message than the database's unique index, before it fires: only a
        member's NIK is unique; applications may share one until the cross-check."""
        if not nik or state not in MEMBER_STATES:
            return
        other = self._nik_holder(nik)
        if other:
            raise ValidationError(
                self.env._(
                    "The NIK %(nik)s is already registered (%(member)s).",
                    nik=nik,
                    member=other.reference or other.member_number or "",
                )
            )

    @api.constrains("email")
    def _check_email(self):
        for member in self:
            if member.email and not EMAIL_RE.match(member.email.strip()):
                raise ValidationError(
                    self.env._("The email address %(email)s is not valid.", email=member.email)
                )

    @api.model
    def _check_upload(self, vals):
        """Refuse uploads that are too big or of the wrong kind (by content, not name)."""
        for field, allowed, label in (
            ("image_1920", PHOTO_MIMETYPES, self.env._("The photo")),
            ("id_document", DOCUMENT_MIMETYPES, self.env._("The ID document scan")),
        ):
            if not vals.get(field):
                continue
            data = decode_upload(vals[field])
            if data is None:
                raise ValidationError(self.env._("%(what)s is not a valid file.", what=label))
            if len(data) > MAX_UPLOAD_BYTES:
                raise ValidationError(
                    self.env._(
                        "%(what)s is %(size)s MB; the limit is %(limit)s MB.",
                        what=label,
                        size=round(len(data) / 1024 / 1024, 1),
                        limit=MAX_UPLOAD_BYTES // 1024 // 1024,
                    )
                )
            mimetype = guess_mimetype(data)
            if mimetype not in allowed:
                raise ValidationError(
                    self.env._(
                        "%(what)s must be an image (JPEG, PNG) or, for the ID document, a PDF; "
                        "this file is %(mimetype)s.",
                        what=label,
                        mimetype=mimetype,
                    )
                )

    def _may_write_server_fields(self):
        return super()._may_write_server_fields() or manager_imports(self.env)

    @api.model_create_multi
    def create(self, vals_list):
        # the fields only the steps write first, before anything is looked up
        for vals in vals_list:
            self._check_server_fields(vals, create=True)
        # a NIK freed by a cancellation in this transaction must be free in the database
        self.flush_model(["state", "nik"])
        for vals in vals_list:
            self._check_upload(vals)
            if isinstance(vals.get("nik"), str):
                vals["nik"] = vals["nik"].strip()
            # before the NIK is looked up: PostgreSQL cannot take a NUL
            self._check_text_limits(vals)
            if vals.get("nik"):
                self._check_nik_free(vals["nik"], vals.get("state", "draft"))
        members = super().create(vals_list)
        for member in members.filtered(lambda m: m.reference == "/"):
            member._write_server_fields(
                {"reference": self.env["ir.sequence"].next_by_code("library.member.reference")}
            )
        for member in members.filtered(lambda m: m.state == "submitted"):
            member._portal_ensure_token()
        return members

    def write(self, vals):
        self._check_server_fields(vals)
        self._check_upload(vals)
        if isinstance(vals.get("nik"), str):
            vals["nik"] = vals["nik"].strip()
        # before the NIK is looked up: PostgreSQL cannot take a NUL
        self._check_text_limits(vals)
        if vals.get("nik"):
            self.flush_model(["state", "nik"])
            for member in self:
                member._check_nik_free(vals["nik"], vals.get("state", member.state))
        return super().write(vals)

    # ------------------------------------------------------------------ SOP steps
    def _step_start(self):
        """A step starts when the previous one ended, but not before the counter service
        started; outside the counter service (no clock running) a step takes no time."""
        self.ensure_one()
        now = fields.Datetime.now()
        if not self.service_start:
            return now
        last = self.step_ids.sorted("end")[-1:]
        return max(last.end, self.service_start) if last else self.service_start

    def _log_step(self, code, note=False, start=None):
        """Close the SOP step `code` (layanan.service.request's log, against its Mutu
        Baku), and remember it as the member's last step.

        A step done with the applicant at the counter starts the service clock when it
        is not running; a back-office step (the cross-check of an online application
        before the visit) does not.
        """
        if code in COUNTER_STEPS:
            self.filtered(lambda m: not m.service_start)._write_server_fields(
                {"service_start": fields.Datetime.now()}
            )
        super()._log_step(code, note=note, start=start)
        self._write_server_fields({"sop_step": code})

    def action_start_service(self):
        """The applicant arrives at the counter: the counter service starts now.

        Pressed again before the card is printed, it restarts a clock that was started
        by mistake (a step recorded before the applicant came to the counter).
        """
        self._check_transition("action_start_service")
        for member in self.filtered("service_start"):
            member.message_post(
                body=self.env._(
                    "The service clock started again (it had started on %(start)s).",
                    start=format_datetime(self.env, member.service_start),
                ),
                subtype_xmlid="mail.mt_note",
            )
        self._write_server_fields({"service_start": fields.Datetime.now(), "service_end": False})

    def action_register(self):
        """Step 1: the applicant presents a KTP, KK, KTM or SIM to the officer."""
        self._check_transition("action_register")
        for member in self:
            if not (member.nik or member.id_number):
                raise UserError(self.env._("Record the NIK or the document number first."))
        self._log_step("register")

    def action_form_filled(self):
        """Step 2: the applicant has filled the paper registration form."""
        self._check_transition("action_form_filled")
        self._log_step("form")

    def action_submit(self):
        """Step 3: the officer has typed the data in; the application waits for the cross-check."""
        self._check_transition("action_submit")
        for member in self:
            member._check_complete()
        self._log_step("input")
        self._write_server_fields({"state": "submitted"})

    def _check_complete(self):
        missing = [
            self._fields[name].get_description(self.env)["string"]
            for name in ("name", "birthdate", "gender", "street", "category_id")
            if not self[name]
        ]
        if missing:
            raise UserError(
                self.env._("Fill in before submitting: %(fields)s", fields=", ".join(missing))
            )

    def action_crosscheck(self):
        """Step 4: cross-check against the database; open the duplicates when there are any."""
        self.ensure_one()
        self._check_transition("action_crosscheck")
        self._check_complete()
        if self.duplicate_ids:
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Possible duplicates"),
                "res_model": "library.member.duplicate.wizard",
                "view_mode": "form",
                "target": "new",
                "context": {"default_member_id": self.id},
            }
        self._do_verify()
        return True

    def _do_verify(self):
        """The application becomes a member."""
        self._check_nik_not_held()
        self._log_step("crosscheck")
        self._write_server_fields({"state": "verified", "revision_note": False})
        # the cross-check's to-dos are done
        self._schedule_next(False)

    def _check_nik_not_held(self):
        """An application becomes a member only while no other member holds its NIK: the
        officer merges it into that member, or cancels it."""
        self.flush_model(["state", "nik"])
        for member in self.filtered("nik"):
            holder = member._nik_holder(member.nik)
            if holder:
                number = holder.member_number or holder.reference
                raise UserError(
                    self.env._(
                        "The NIK %(nik)s already belongs to the member %(member)s: merge this "
                        "application into it (Possible duplicates) or cancel it.",
                        nik=member.nik,
                        member=f"{holder.display_name} ({number})",
                    )
                )

    def action_send_back(self):
        """Open the wizard that sends the application back with a note (step 5 begins)."""
        self._check_transition("action_send_back")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send back for revision"),
            "res_model": "library.member.revise.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_member_ids": self.ids},
        }

    def _send_back(self, note):
        self._check_transition("action_send_back")
        if not (note or "").strip():
            raise UserError(self.env._("Say what the applicant has to correct."))
        template = self.env.ref("library_membership.mail_template_member_revision")
        for member in self:
            member._write_server_fields(
                {
                    "state": "to_revise",
                    "revision_note": note,
                    "revision_count": member.revision_count + 1,
                }
            )
            member.message_post(
                body=self.env._("Sent back for revision: %(note)s", note=note),
                subtype_xmlid="mail.mt_note",
            )
            if member.email and member.channel == "online":
                member._portal_ensure_token()
                template.send_mail(member.id, force_send=False)
                send_queued_mail_soon(self.env)

    def action_revised(self):
        """Step 5: the data are corrected (at the counter or by the applicant online)."""
        self._check_transition("action_revised")
        self._log_step("revision")
        self._write_server_fields({"state": "submitted"})

    def _applicant_resubmit(self, vals):
        """The online applicant corrects the application through the private link."""
        self.ensure_one()
        self._check_state("to_revise")
        self.write(dict(vals, state="submitted"))
        self.message_post(
            body=self.env._("The applicant corrected the application online."),
            subtype_xmlid="mail.mt_note",
        )
        self._schedule_next("crosscheck")

    @api.model
    def _apply_online(self, vals):
        """An application from the public form (as the superuser: the form checked the
        values). Returns the application.

        The same application sent again (a double click, a replay, the same KTM or SIM
        sent twice) is the one already waiting for the officer: the same identity
        document and e-mail address, not decided yet. Nothing is stored nor mailed
        again. An application whose NIK a member already holds is stored like any
        other: the public answer never tells who is registered; the officer sees the
        member among the possible duplicates and merges or refuses it.

        Counts against the rate limit of the applicant's IP and e-mail address (the
        confirmation e-mail goes to whatever address is typed); RateLimited, in words,
        when over it."""
        email = (vals.get("email") or "").strip()
        email_key = email_normalize(email) or email.lower()
        identity = ["nik", vals["nik"]] if vals.get("nik") else ["document", vals.get("id_type")]
        if not vals.get("nik"):
            identity.append((vals.get("id_number") or "").strip())
        self._lock_application(":".join(["library_apply", *identity, email_key]))
        domain = [
            ("channel", "=", "online"),
            ("state", "in", PENDING_STATES),
            ("email_normalized", "=", email_key),
        ]
        if vals.get("nik"):
            domain.append(("nik", "=", vals["nik"]))
        else:
            domain += [
                ("nik", "=", False),
                ("id_type", "=", vals.get("id_type")),
                ("id_number", "=", identity[-1]),
            ]
        same = self.search(domain, limit=1)
        if same:
            return same
        self.env["layanan.rate.limit"]._hit("library_apply", email=email_key)
        member = self.create(dict(vals, state="submitted", channel="online", service_start=False))
        member.message_post(
            body=self.env._("Application received online from the public form."),
            subtype_xmlid="mail.mt_note",
        )
        member._schedule_next("crosscheck")
        self.env.ref("library_membership.mail_template_member_confirmation").send_mail(member.id)
        return member

    @api.model
    def _lock_application(self, key):
        """One online application of a kind at a time: the twin of a double click waits
        until the first is stored, then Odoo runs it again from the start (its snapshot
        predates the first), and it finds the first."""
        self.env.cr.execute("SELECT pg_try_advisory_xact_lock(hashtextextended(%s, 0))", [key])
        if self.env.cr.fetchone()[0]:
            return
        self.env.cr.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])
        raise ConcurrencyError("The same online application is being stored.")

    def action_photo_taken(self):
        """Step 6: the member's photo is taken."""
        self._check_transition("action_photo_taken")
        for member in self:
            if not member.image_1920:
                raise UserError(
                    self.env._("%(member)s has no photo yet.", member=member.display_name)
                )
        self._log_step("photo")

    def action_print_card(self):
        """Step 7: print the card. The first print activates the member: here, in the
        action, before the report is made (a report only reads)."""
        self._check_transition("action_print_card")
        self._activate_for_card()
        if len(self) == 1:
            # the card as printed now, served to its later prints (the member's portal,
            # a reprint); a batch is printed at once, not stored member by member
            self._store_documents()
        return self.env.ref("library_membership.action_report_member_card").report_action(self)

    def _document_lang(self):
        """The member's language, or the library's."""
        self.ensure_one()
        return self.partner_id.lang or self.env.company.partner_id.lang or super()._document_lang()

    def _document_values(self):
        """What the card shows: a renewal (new date), a new photo or name is a new card."""
        photo = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "=", self.id),
                    ("res_field", "=", "image_1920"),
                ],
                limit=1,
            )
        )
        return (
            *super()._document_values(),
            self.name,
            self.member_number,
            self.reference,
            self.category_id.name,
            self.expiry_date,
            photo.checksum,
            self.verification_token,
        )

    def _document_check_printable(self):
        self._check_card_printable()
        return super()._document_check_printable()

    def _card_valid(self):
        """Whether the member's card is valid today (its public verification page)."""
        self.ensure_one()
        return (
            self.state == "active"
            and bool(self.expiry_date)
            and self.expiry_date >= fields.Date.context_today(self)
        )

    def _check_card_printable(self):
        """Refuse the card of members who have none: only an active member gets a
        card, whoever asks and however (button, Print menu, report URL, portal). A
        verified member's first card comes from the Print card button, whose action
        activates the member first: the report itself never writes."""
        refused = self.filtered(lambda m: m.state not in ("verified", "active"))
        if refused:
            states = dict(self._fields["state"]._description_selection(self.env))
            names = ", ".join(f"{m.display_name} ({states[m.state]})" for m in refused[:10])
            if len(refused) > 10:
                names += ", ..."
            raise UserError(
                self.env._(
                    "No member card can be printed for %(members)s: a card is printed only "
                    "for a verified or an active member.",
                    members=names,
                )
            )
        first = self.filtered(lambda m: m.state == "verified")
        if first:
            names = ", ".join(first[:10].mapped("display_name"))
            raise UserError(
                self.env._(
                    "The first card of %(members)s is printed with the Print card button "
                    "on the member's form: it activates the membership.",
                    members=names + (", ..." if len(first) > 10 else ""),
                )
            )

    def _activate_for_card(self):
        """Activate verified members whose card is printed for the first time."""
        to_activate = self.filtered(lambda m: m.state == "verified")
        if not to_activate:
            return
        to_activate._check_group(OFFICER)
        for member in to_activate:
            if not member.image_1920:
                raise UserError(
                    self.env._(
                        "%(member)s has no photo: take it before printing the card.",
                        member=member.display_name,
                    )
                )
        if to_activate.filtered(lambda m: m.sop_step != "photo"):
            to_activate.filtered(lambda m: m.sop_step != "photo")._log_step("photo")
        to_activate._log_step("print")
        today = fields.Date.context_today(self)
        now = fields.Datetime.now()
        for member in to_activate:
            months = member.category_id.validity_months or 12
            member._write_server_fields(
                {
                    "state": "active",
                    "member_number": member.member_number or self._next_member_number(),
                    "card_date": member.card_date or today,
                    "expiry_date": today + relativedelta(months=months),
                    "service_end": now,
                }
            )
            member._ensure_portal_contact()

    @api.model
    def _next_member_number(self):
        """Next number of the sequence, skipping numbers already given (e.g. imported)."""
        while True:
            number = self.env["ir.sequence"].next_by_code("library.member.number")
            if not self.with_context(active_test=False).search_count(
                [("member_number", "=", number)], limit=1
            ):
                return number

    def _ensure_portal_contact(self):
        """At the first card print, the member gets a contact of its own (never one
        matched by e-mail: anyone can make an account with any address) and an e-mail at
        its own address that lets the applicant, and only them, reach the card online."""
        for member in self.filtered(lambda m: not m.partner_id and m.email_normalized):
            partner = (
                self.env["res.partner"]
                .sudo()
                .create(
                    {"name": member.name, "email": member.email_normalized, "phone": member.phone}
                )
            )
            member._write_server_fields({"partner_id": partner.id})
        self._send_portal_invitation()

    def _send_portal_invitation(self):
        """Invite each member, at the member's own address, to see the card in the portal.

        No account has the address: Odoo's portal invitation (the account is made for
        the member's own contact, and its password is set through the signup link, which
        proves the address). An account has it: a signed link to that address, which
        the account's holder opens, logged in, to link the card to the account."""
        invitation = self.env.ref("library_membership.mail_template_member_portal_invitation")
        link = self.env.ref("library_membership.mail_template_member_portal_link")
        Users = self.env["res.users"].sudo().with_context(active_test=False)
        for member in self.filtered(lambda m: m.state in ("active", "expired")):
            partner_sudo = member.partner_id.sudo()
            email = member.email_normalized
            if not email or not partner_sudo:
                continue
            user_sudo = partner_sudo.user_ids[:1]
            if user_sudo and user_sudo.login_date:
                continue  # the card is already in an account that is used
            if not user_sudo:
                accounts = Users.search(
                    ["|", ("login", "=", email), ("email_normalized", "=", email)], limit=1
                )
                if accounts:
                    link.sudo().send_mail(member.id, force_send=False)
                    continue
                user_sudo = Users.with_context(no_reset_password=True)._create_user_from_template(
                    {
                        "email": email,
                        "login": email,
                        "partner_id": partner_sudo.id,
                        "company_id": self.env.company.id,
                        "company_ids": [Command.set(self.env.company.ids)],
                    }
                )
            partner_sudo.signup_prepare()
            invitation.sudo().send_mail(member.id, force_send=False)

    def _portal_invitation_url(self):
        """The signup link of the member's own contact, to the card once the password is
        set (the link is valid auth_signup.signup.validity.hours)."""
        partner_sudo = self[:1].partner_id.sudo()
        if not partner_sudo:
            return ""
        return partner_sudo._get_signup_url_for_action(url="/my/library-card")[partner_sudo.id]

    def _portal_link_token(self):
        return hash_sign(
            self.env(su=True),
            PORTAL_LINK_SCOPE,
            [self[:1].id, self[:1].email_normalized],
            expiration_hours=self._portal_link_hours(),
        )

    def _portal_link_hours(self):
        value = (
            self.env["ir.config_parameter"].sudo().get_param("auth_signup.signup.validity.hours")
        )
        try:
            return max(int(value or 144), 1)
        except ValueError:
            return 144

    def _portal_link_url(self):
        """The link that puts the card in the account with the member's address."""
        query = url_encode({"token": self._portal_link_token()})
        return f"{self.get_base_url()}/my/library-card/link?{query}"

    def _portal_reset_url(self):
        """Odoo's "Reset password" page, with the member's address filled in."""
        query = url_encode({"login": self[:1].email_normalized or ""})
        return f"{self[:1].get_base_url()}/web/reset_password?{query}"

    @api.model
    def _link_portal_account(self, token):
        """Link the member of the e-mailed `token` to the logged-in account, which holds
        the member's address: opening the link proves the address (the account is
        confirmed by it). Returns the member; refuses in words otherwise."""
        user = self.env.user
        payload = verify_signed(self.env, PORTAL_LINK_SCOPE, token)
        member_sudo = self.browse()
        if isinstance(payload, list) and len(payload) == 2 and isinstance(payload[0], int):
            member_sudo = self.sudo().browse(payload[0]).exists()
        if (
            not member_sudo
            or not payload[1]
            or member_sudo.email_normalized != payload[1]
            or member_sudo.state not in ("active", "expired")
        ):
            raise UserError(
                self.env._(
                    "This link is not valid or has expired. Ask the library officer to send "
                    "it again."
                )
            )
        if member_sudo.partner_id == user.partner_id:
            return member_sudo
        if member_sudo.partner_id.user_ids:
            raise UserError(self.env._("This library card is already linked to another account."))
        if user.email_normalized != member_sudo.email_normalized:
            raise UserError(
                self.env._(
                    "This link is for the account with the e-mail address %(email)s. Log "
                    "out, then log in with that account and open the link again.",
                    email=member_sudo.email_normalized,
                )
            )
        user.sudo().email_confirmed = True
        member_sudo._write_server_fields({"partner_id": user.partner_id.id})
        member_sudo.message_post(
            body=self.env._(
                "The card was linked to the portal account %(login)s, through the link "
                "e-mailed to the member's address.",
                login=user.login,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return member_sudo

    def action_send_portal_invitation(self):
        """Send the member's e-mail about the card in the portal again."""
        self._check_transition("action_send_portal_invitation")
        for member in self:
            if not member.email_normalized:
                raise UserError(
                    self.env._("%(member)s has no e-mail address.", member=member.display_name)
                )
        self._ensure_portal_contact()
        return True

    def _renewal_from(self):
        """The first day an active membership can be renewed.

        The last days of the period, as many as the expiry reminder gives (the email
        invites the member to renew), but fewer than the period itself: a renewed
        membership is never renewable again before its new last days, so a double click
        or a stale tab cannot add a second period.
        """
        self.ensure_one()
        if not self.expiry_date:
            return fields.Date.context_today(self)
        months = self.category_id.validity_months or 12
        period = self.expiry_date + relativedelta(months=months) - self.expiry_date
        days = min(int_param(self.env, EXPIRY_REMINDER_DAYS), period.days - 1)
        return self.expiry_date - datetime.timedelta(days=days)

    def action_renew(self):
        """Renew expired members, or active ones in the last days of their period, for
        the category's validity, from the current expiry (or today when it is past)."""
        self._check_transition("action_renew")
        not_due = self.filtered(lambda m: not m.renewal_due)
        if not_due:
            raise UserError(
                "\n".join(
                    self.env._(
                        "%(member)s is valid until %(date)s: the membership can be renewed "
                        "from %(first_day)s.",
                        member=member.display_name,
                        date=format_date(self.env, member.expiry_date),
                        first_day=format_date(self.env, member._renewal_from()),
                    )
                    for member in not_due[:10]
                )
            )
        today = fields.Date.context_today(self)
        for member in self:
            months = member.category_id.validity_months or 12
            start = max(member.expiry_date or today, today)
            member._write_server_fields(
                {"state": "active", "expiry_date": start + relativedelta(months=months)}
            )
            member.message_post(
                body=self.env._(
                    "Membership renewed until %(date)s.",
                    date=format_date(self.env, member.expiry_date),
                ),
                subtype_xmlid="mail.mt_note",
            )

    def action_cancel(self):
        self._check_transition("action_cancel")
        self._write_server_fields({"state": "cancelled"})

    def action_reset_draft(self):
        self._check_transition("action_reset_draft")
        # a draft may share its NIK with a member: the cross-check refuses to verify it
        # back to the first SOP step: the buttons start again from "Document presented"
        # and the service time is measured from the next step at the counter
        self._write_server_fields(
            {
                "state": "draft",
                "merged_into_id": False,
                "sop_step": "none",
                "service_start": False,
                "service_end": False,
                "revision_note": False,
            }
        )

    def action_view_duplicates(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Possible duplicates"),
            "res_model": "library.member",
            "view_mode": "list,form",
            "domain": [("id", "in", self.duplicate_ids.ids)],
        }

    # ------------------------------------------------------------------ helpers
    @api.model
    def _sop_steps(self):
        """The SOP's steps and their Mutu Baku, in order (the public page lists them)."""
        return self.env["layanan.sop.step"].sudo().search([("res_model", "=", self._name)])

    def _sop_activity_summary(self, step):
        if step.code == "crosscheck":
            return self.env._("Cross-check the application %(ref)s.", ref=self.reference)
        return super()._sop_activity_summary(step)

    def _merge_into(self, keep):
        """Move this record's history to ``keep`` and cancel it (history is never deleted)."""
        self.ensure_one()
        if keep == self:
            raise UserError(self.env._("A member cannot be merged into itself."))
        self._check_group(OFFICER)
        # one NIK, one person: a record without NIK (KTM or SIM holder) may be the same
        # person as one with a NIK, two different NIKs never are
        if self.nik and keep.nik and self.nik != keep.nik:
            raise UserError(
                self.env._(
                    "%(member)s (NIK %(nik)s) and %(other)s (NIK %(other_nik)s) have different "
                    "NIKs: they are two people and are not merged. Mark them as not "
                    "duplicates instead.",
                    member=self.display_name,
                    nik=self.nik,
                    other=keep.display_name,
                    other_nik=keep.nik,
                )
            )
        values = {}
        for name in (
            "place_of_birth",
            "birthdate",
            "gender",
            "street",
            "phone",
            "email",
            "occupation",
            "category_id",
            "id_document",
            "id_document_name",
            "image_1920",
            "id_number",
            "partner_id",
        ):
            if not keep[name] and self[name]:
                field = self._fields[name]
                values[name] = field.convert_to_write(self[name], self)
        # the portal link moves with the history, as the link flows themselves set it
        partner = values.pop("partner_id", None)
        nik = self.nik if not keep.nik else False
        self.env["mail.message"].sudo().search(
            [("model", "=", self._name), ("res_id", "=", self.id)]
        ).write({"res_id": keep.id})
        self.env["ir.attachment"].sudo().search(
            [
                ("res_model", "=", self._name),
                ("res_id", "=", self.id),
                ("res_field", "=", False),
            ]
        ).write({"res_id": keep.id})
        self._write_server_fields({"state": "cancelled", "merged_into_id": keep.id})
        self.flush_recordset()
        if nik:
            values["nik"] = nik
        if values:
            keep.write(values)
        if partner:
            keep._write_server_fields({"partner_id": partner})
        keep.message_post(
            body=self.env._(
                "Merged with the duplicate application %(ref)s (%(name)s), now cancelled.",
                ref=self.reference,
                name=self.name,
            ),
            subtype_xmlid="mail.mt_note",
        )
        self.message_post(
            body=self.env._("Merged into %(ref)s.", ref=keep.reference),
            subtype_xmlid="mail.mt_note",
        )

    @api.model
    def _cron_expire_members(self):
        today = fields.Date.context_today(self)
        expired = self.search([("state", "=", "active"), ("expiry_date", "<", today)])
        expired._write_server_fields({"state": "expired"})
        days = int_param(self.env, EXPIRY_REMINDER_DAYS)
        soon = self.search(
            [
                ("state", "=", "active"),
                ("expiry_date", "=", today + relativedelta(days=days)),
                ("email", "!=", False),
            ]
        )
        template = self.env.ref("library_membership.mail_template_member_expiry")
        for member in soon:
            template.send_mail(member.id)
        if soon:
            send_queued_mail_soon(self.env)
        return expired
