import base64
import binascii
import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, email_normalize
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.layanan_base.models.layanan_service_request import Transition
from odoo.addons.layanan_base.models.layanan_sop_step import format_duration
from odoo.addons.layanan_base.tools import (
    LINE_LENGTH,
    NAME_LENGTH,
    NOTE_LENGTH,
    check_nik,
    int_param,
    wib_today,
)

from .res_config_settings import SERVICE_TARGET_SECONDS
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
    # the steps that take a reason (layanan.reason.wizard asks it)
    _reason_actions = ("action_send_back",)
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
    id_document_mimetype = fields.Char(
        string="ID document file type",
        readonly=True,
        copy=False,
        help="What the scan is (an image or a PDF), read from the file itself when it is "
        "stored: the form shows it inline accordingly.",
    )
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
    service_duration_display = fields.Char(
        string="Service time", compute="_compute_service_duration_display"
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

    @api.depends("service_duration")
    def _compute_service_duration_display(self):
        for member in self:
            member.service_duration_display = (
                format_duration(self.env, member.service_duration) if member.service_end else ""
            )

    @api.model
    def _service_target(self):
        """The Mutu Baku of the whole counter service in seconds (14 minutes in the SOP,
        a setting)."""
        return int_param(self.env, SERVICE_TARGET_SECONDS)

    @api.depends("state", "expiry_date", "category_id.validity_months")
    def _compute_renewal_due(self):
        today = wib_today()
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

    @api.depends("name", "reference", "member_number", "nik")
    @api.depends_context("library_member_show_reference")
    def _compute_display_name(self):
        """The name, and where two people of one name must be told apart (the choice of
        the record kept at a merge), the reference, member number and NIK beside it."""
        if not self.env.context.get("library_member_show_reference"):
            return super()._compute_display_name()
        for member in self:
            details = [member.reference, member.member_number]
            if member.nik:
                details.append(self.env._("NIK %(nik)s", nik=member.nik))
            member.display_name = f"{member.name} ({', '.join(filter(None, details))})"
        return None

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
        return self.sudo().search(
            [
                ("nik", "=", nik.strip()),
                ("id", "not in", self.ids),
                ("state", "in", MEMBER_STATES),
            ],
            limit=1,
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
        """Refuse uploads that are too big or of the wrong kind (by content, not name).

        The ID document's file type is the one read from the file here, never a value
        given with it."""
        vals.pop("id_document_mimetype", None)
        if "id_document" in vals and not vals["id_document"]:
            vals["id_document_mimetype"] = False
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
            if field == "id_document":
                vals["id_document_mimetype"] = mimetype

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

    # ------------------------------------------------------------------ steps
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
