import base64
import re
import unicodedata

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools import consteq
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.layanan_base.models.layanan_rate_limit import RateLimited
from odoo.addons.layanan_base.tools import has_control_characters, nik_errors

from ..models.library_member import DOCUMENT_MIMETYPES, EMAIL_RE, MAX_UPLOAD_BYTES

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
# the complaint form's fields, and the complaint's fields they fill
COMPLAINT_FIELDS = {
    "name": "complainant_name",
    "contact": "complainant_contact",
    "subject": "name",
    "description": "description",
}
PHONE_RE = re.compile(r"^[0-9 +\-().]+$")


def member_limits():
    """The longest text each field of the member forms takes (their maxlength): the
    member's own limits, the forms' fields being named as its fields."""
    return request.env["library.member"]._text_limits


def complaint_limits():
    """The longest text each field of the complaint form takes: the complaint's."""
    limits = request.env["library.complaint"]._text_limits
    return {name: limits[field] for name, field in COMPLAINT_FIELDS.items()}


def text_value(post, name):
    """The posted text of ``name``, stripped ("" when missing or sent as a file)."""
    value = post.get(name)
    return value.strip() if isinstance(value, str) else ""


def echo_values(post, limits):
    """The posted text as the page may show it back: without control characters and
    not longer than its field takes."""
    echo = {}
    for name, value in post.items():
        if isinstance(value, str):
            value = "".join(c for c in value if unicodedata.category(c) != "Cc" or c in "\n\r\t")
            value = value[: limits.get(name, 10000)]
        echo[name] = value
    return echo


class LibraryPublic(http.Controller):
    """Public pages of the library: information, online registration, complaints."""

    # ------------------------------------------------------------------ helpers
    def _categories(self):
        return request.env["library.member.category"].sudo().search([])

    def _read_upload(self, upload, errors, required):
        """Return (bytes, filename) of the ID document, or record what is wrong."""
        env = request.env
        if not upload or not getattr(upload, "filename", None):
            if required:
                errors["id_document"] = env._("Upload a scan or photo of your ID document.")
            return None, None
        data = upload.read(MAX_UPLOAD_BYTES + 1)
        if len(data) > MAX_UPLOAD_BYTES:
            errors["id_document"] = env._(
                "The file is larger than %(limit)s MB.", limit=MAX_UPLOAD_BYTES // 1024 // 1024
            )
            return None, None
        if not data:
            errors["id_document"] = env._("The file is empty.")
            return None, None
        if guess_mimetype(data) not in DOCUMENT_MIMETYPES:
            errors["id_document"] = env._(
                "The ID document must be an image (JPEG, PNG) or a PDF file."
            )
            return None, None
        filename = "".join(c for c in upload.filename if unicodedata.category(c) != "Cc")
        return data, filename.strip()[:200] or "document"

    def _validate(self, post, errors):
        """Check the posted form; return the values to write.

        Whether a member already holds the NIK is not asked: the public answer must not
        tell who is registered (the officer sees it at the cross-check)."""
        env = request.env
        values = {name: text_value(post, name) for name in FORM_FIELDS}
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
        birthdate = False
        if values["birthdate"]:
            try:
                birthdate = fields.Date.to_date(values["birthdate"])
            except ValueError:
                birthdate = False
            if not birthdate or birthdate > fields.Date.today() or birthdate.year < 1900:
                errors["birthdate"] = env._("The date of birth is not valid.")
                birthdate = False
        if values["email"] and not EMAIL_RE.match(values["email"]):
            errors["email"] = env._("The email address is not valid.")
        if values["phone"]:
            if not PHONE_RE.match(values["phone"]):
                errors["phone"] = env._(
                    "The phone number may contain only digits, spaces and the signs + - ( )."
                )
            elif not 7 <= len(re.sub(r"[^0-9]", "", values["phone"])) <= 15:
                errors["phone"] = env._("The phone number must have 7 to 15 digits.")
        category = False
        if values["category_id"]:
            category = self._categories().filtered(lambda c: str(c.id) == values["category_id"])
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
        # checked last, so that this message wins: such text is never stored nor searched
        # (a field already refused, a NIK of 17 digits, keeps its own message)
        limits = member_limits()
        for name, value in values.items():
            if has_control_characters(value):
                errors[name] = env._("This field contains characters that are not allowed.")
            elif name not in errors and len(value) > limits.get(name, len(value)):
                errors[name] = env._(
                    "This field is too long: at most %(limit)s characters.",
                    limit=limits[name],
                )
        return {
            "name": values["name"],
            "id_type": values["id_type"],
            "nik": values["nik"] or False,
            "id_number": values["id_number"] or False,
            "place_of_birth": values["place_of_birth"],
            "birthdate": birthdate,
            "gender": values["gender"] or False,
            "street": values["street"],
            "phone": values["phone"],
            "email": values["email"],
            "occupation": values["occupation"],
            "category_id": category.id if category else False,
        }

    # ------------------------------------------------------------------ pages
    @http.route("/perpustakaan", type="http", auth="public", website=True, sitemap=False)
    def library_home(self, **kw):
        steps = request.env["library.member"]._sop_steps()
        return request.render(
            "library_membership.public_home",
            {"steps": steps, "categories": self._categories()},
        )

    @http.route(
        "/perpustakaan/daftar",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        website=True,
        sitemap=False,
    )
    def library_register(self, **post):
        values = {
            "categories": self._categories(),
            "post": post,
            "errors": {},
            "limits": member_limits(),
        }
        if request.httprequest.method != "POST":
            values["post"] = {"id_type": "ktp"}
            return request.render("library_membership.public_register", values)
        errors = values["errors"]
        vals = self._validate(post, errors)
        data, filename = self._read_upload(post.get("id_document"), errors, required=True)
        if errors:
            values["post"] = echo_values(post, values["limits"])
            return request.render("library_membership.public_register", values)
        vals.update(id_document=base64.b64encode(data), id_document_name=filename)
        try:
            with request.env.cr.savepoint():
                request.env["library.member"].sudo()._apply_online(vals)
        except UserError as error:
            # too many applications from this address, or a rule of the member
            errors["form"] = error.args[0]
            values["post"] = echo_values(post, values["limits"])
            status = 429 if isinstance(error, RateLimited) else 200
            return request.render("library_membership.public_register", values, status=status)
        # the same answer whoever applies, the same application sent twice too: the
        # application's reference and private link go to the e-mail address typed
        return request.redirect("/perpustakaan/daftar/terkirim")

    @http.route(
        "/perpustakaan/daftar/terkirim",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
    )
    def library_register_received(self, **kw):
        return request.render("library_membership.public_register_received", {})

    def _member_by_token(self, member_id, access_token):
        """The application, reached only by its own private token (or own rights).

        Whatever token the URL holds (non-ASCII characters too), a wrong link is "not
        found", never a server error.
        """
        member = request.env["library.member"].browse(member_id)
        member_sudo = member.sudo().exists()
        if not member_sudo:
            raise MissingError(request.env._("This application does not exist."))
        try:
            member.check_access("read")
        except AccessError:
            if (
                not access_token
                or not member_sudo.access_token
                or not isinstance(access_token, str)
                # consteq (hmac.compare_digest) takes non-ASCII text only as bytes
                or not consteq(member_sudo.access_token.encode(), access_token.encode())
            ):
                raise
        return member_sudo

    @http.route(
        "/perpustakaan/pendaftaran/<int:member_id>",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        website=True,
        sitemap=False,
    )
    def library_application(self, member_id, access_token=None, **post):
        try:
            member_sudo = self._member_by_token(member_id, access_token)
        except (AccessError, MissingError) as error:
            raise request.not_found() from error
        values = {
            "member": member_sudo,
            "access_token": access_token,
            "categories": self._categories(),
            "errors": {},
            "post": {},
            "limits": member_limits(),
            "corrected": post.get("corrected"),
        }
        if request.httprequest.method == "POST":
            if member_sudo.state != "to_revise":
                values["errors"]["form"] = request.env._(
                    "This application cannot be changed any more."
                )
                return request.render("library_membership.public_application", values)
            values["post"] = echo_values(post, values["limits"])
            errors = values["errors"]
            vals = self._validate(post, errors)
            data, filename = self._read_upload(post.get("id_document"), errors, required=False)
            if data:
                vals.update(id_document=base64.b64encode(data), id_document_name=filename)
            if errors:
                return request.render("library_membership.public_application", values)
            try:
                with request.env.cr.savepoint():
                    member_sudo._applicant_resubmit(vals)
                    member_sudo.flush_recordset()
            except ValidationError as error:
                errors["form"] = error.args[0]
                return request.render("library_membership.public_application", values)
            return request.redirect(
                f"/perpustakaan/pendaftaran/{member_sudo.id}"
                f"?access_token={member_sudo.access_token}&corrected=1"
            )
        return request.render("library_membership.public_application", values)

    @http.route(
        "/perpustakaan/pengaduan",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        website=True,
        sitemap=False,
    )
    def library_complaint(self, **post):
        values = {"post": post, "errors": {}, "done": False, "limits": complaint_limits()}
        if request.httprequest.method != "POST":
            values["post"] = {}
            return request.render("library_membership.public_complaint", values)
        env = request.env
        errors = values["errors"]
        texts = {name: text_value(post, name) for name in COMPLAINT_FIELDS}
        if not texts["name"]:
            errors["name"] = env._("Your name is required.")
        if not texts["subject"]:
            errors["subject"] = env._("The subject is required.")
        if not texts["description"]:
            errors["description"] = env._("Describe your complaint.")
        if not texts["contact"]:
            errors["contact"] = env._("Give a phone number or an email so that we can answer.")
        for name, text in texts.items():
            if has_control_characters(text):
                errors[name] = env._("This field contains characters that are not allowed.")
            elif len(text) > values["limits"][name]:
                errors[name] = env._(
                    "This field is too long: at most %(limit)s characters.",
                    limit=values["limits"][name],
                )
        if errors:
            values["post"] = echo_values(post, values["limits"])
            return request.render("library_membership.public_complaint", values)
        vals = {field: texts[name] for name, field in COMPLAINT_FIELDS.items()}
        vals["email_from"] = texts["contact"] if EMAIL_RE.match(texts["contact"]) else False
        try:
            with env.cr.savepoint():
                complaint_sudo = env["library.complaint"].sudo()._create_from_web(vals)
        except UserError as error:
            # too many complaints from this address, or a rule of the complaint
            errors["form"] = error.args[0]
            values["post"] = echo_values(post, values["limits"])
            status = 429 if isinstance(error, RateLimited) else 200
            return request.render("library_membership.public_complaint", values, status=status)
        values.update(done=True, complaint=complaint_sudo)
        return request.render("library_membership.public_complaint", values)

    @http.route(
        "/perpustakaan/kartu/<string:token>",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
    )
    def library_card_verify(self, token, **kw):
        """What the QR code of a member card opens, for anyone who holds the card: whose
        card it is and whether it is valid. The card's own token, never the member's
        private links; no NIK, birth date, address or photo."""
        member_sudo = request.env["library.member"]._search_verification_token(
            token, [("state", "in", ("active", "expired"))]
        )
        if not member_sudo:
            raise request.not_found()
        return request.render("library_membership.public_card_verify", {"member_sudo": member_sudo})
