import base64
import re

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.layanan_base.tools import form_text, nik_errors, read_upload

from .library_member import DOCUMENT_MIMETYPES, EMAIL_RE, MAX_UPLOAD_BYTES
from .portal_form import FormErrors, check_text_limits

# what the public form posts, named as the member's fields
FORM_FIELDS = (
    "name",
    "id_type",
    "nik",
    "id_number",
    "place_of_birth",
    "birthdate",
    "gender",
    "street",
    "phone",
    "email",
    "occupation",
    "category_id",
)
PHONE_RE = re.compile(r"^[0-9 +\-().]+$")


class LibraryMember(models.Model):
    """The public pages' side of a member: the online application and its correction
    through the private link."""

    _inherit = "library.member"

    @api.model
    def _create_from_portal(self, post):
        """The application of the public form `post` (its ID document scan included), as
        the superuser once the form is checked. FormErrors names what is wrong, field by
        field; UserError (RateLimited) when the applicant sends too many."""
        vals = self._portal_form_values(post, document_required=True)
        return self.sudo()._apply_online(vals)

    def _portal_resubmit(self, post):
        """The applicant's correction of the application sent back for revision."""
        self.ensure_one()
        if self.state != "to_revise":
            raise UserError(self.env._("This application cannot be changed any more."))
        self._applicant_resubmit(self._portal_form_values(post, document_required=False))
        self.flush_recordset()

    @api.model
    def _portal_form_values(self, post, document_required):
        """The member's values of the public form `post`, or FormErrors.

        Whether a member already holds the NIK is not asked: the public answer must not
        tell who is registered (the officer sees it at the cross-check)."""
        env = self.env
        errors = {}
        values = {name: form_text(post, name) for name in FORM_FIELDS}
        self._portal_check_required(values, errors)
        birthdate = self._portal_birthdate(values["birthdate"], errors)
        if values["email"] and not EMAIL_RE.match(values["email"]):
            errors["email"] = env._("The email address is not valid.")
        self._portal_check_phone(values["phone"], errors)
        category = self.env["library.member.category"]
        if values["category_id"]:
            category = (
                category.sudo().search([]).filtered(lambda c: str(c.id) == values["category_id"])
            )
            if not category:
                errors["category_id"] = env._("Choose a member category.")
        if values["nik"]:
            problems = nik_errors(
                env, values["nik"], birthdate=birthdate, gender=values["gender"] or None
            )
            if problems:
                errors["nik"] = " ".join(problems)
        elif values["id_type"] in ("ktp", "kk"):
            errors["nik"] = env._("The NIK is required for a KTP or KK.")
        elif not values["id_number"]:
            errors["id_number"] = env._("The document number is required.")
        check_text_limits(env, values, self._text_limits, errors)
        document = self._portal_document(post.get("id_document"), errors, document_required)
        if errors:
            raise FormErrors(errors)
        vals = dict(
            values,
            nik=values["nik"] or False,
            id_number=values["id_number"] or False,
            birthdate=birthdate,
            gender=values["gender"] or False,
            category_id=category.id,
        )
        if document:
            vals.update(id_document=base64.b64encode(document[0]), id_document_name=document[1])
        return vals

    @api.model
    def _portal_check_required(self, values, errors):
        env = self.env
        required = {
            "name": env._("Full name"),
            "birthdate": env._("Date of birth"),
            "place_of_birth": env._("Place of birth"),
            "gender": env._("Gender"),
            "street": env._("Address"),
            "phone": env._("Phone"),
            "email": env._("Email"),
            "category_id": env._("Member category"),
        }
        for name, label in required.items():
            if not values[name]:
                errors[name] = env._("%(field)s is required.", field=label)
        if values["id_type"] not in ("ktp", "kk", "ktm", "sim"):
            errors["id_type"] = env._("Choose the ID document.")
        if values["gender"] and values["gender"] not in ("male", "female"):
            errors["gender"] = env._("Choose the gender.")

    @api.model
    def _portal_birthdate(self, value, errors):
        """The date of birth typed, or False (and the error) when it cannot be one."""
        if not value:
            return False
        try:
            birthdate = fields.Date.to_date(value)
        except ValueError:
            birthdate = False
        if not birthdate or birthdate > fields.Date.today() or birthdate.year < 1900:
            errors["birthdate"] = self.env._("The date of birth is not valid.")
            return False
        return birthdate

    @api.model
    def _portal_check_phone(self, phone, errors):
        if not phone:
            return
        if not PHONE_RE.match(phone):
            errors["phone"] = self.env._(
                "The phone number may contain only digits, spaces and the signs + - ( )."
            )
        elif not 7 <= len(re.sub(r"[^0-9]", "", phone)) <= 15:
            errors["phone"] = self.env._("The phone number must have 7 to 15 digits.")

    @api.model
    def _portal_document(self, upload, errors, required):
        """(bytes, file name) of the uploaded ID document, or None (and the error)."""
        env = self.env
        data, filename = read_upload(upload, MAX_UPLOAD_BYTES)
        if data is None:
            if required:
                errors["id_document"] = env._("Upload a scan or photo of your ID document.")
            return None
        if len(data) > MAX_UPLOAD_BYTES:
            errors["id_document"] = env._(
                "The file is larger than %(limit)s MB.", limit=MAX_UPLOAD_BYTES // 1024 // 1024
            )
        elif not data:
            errors["id_document"] = env._("The file is empty.")
        elif guess_mimetype(data) not in DOCUMENT_MIMETYPES:
            errors["id_document"] = env._(
                "The ID document must be an image (JPEG, PNG) or a PDF file."
            )
        else:
            return data, filename
        return None
