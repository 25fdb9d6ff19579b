import base64
import re

from werkzeug.urls import url_encode

from odoo import Command, api, fields, models
from odoo.exceptions import ConcurrencyError, UserError
from odoo.tools import email_normalize, hash_sign
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.layanan_base.hooks import portal_template_user
from odoo.addons.layanan_base.tools import form_text, nik_errors, read_upload, wib_today
from odoo.addons.layanan_base.tools.signed_link import verify_signed

from .library_member import (
    DOCUMENT_MIMETYPES,
    EMAIL_RE,
    MAX_UPLOAD_BYTES,
    PENDING_STATES,
    PORTAL_LINK_SCOPE,
)
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
    """The public side of a member: the online application and its correction through
    the private link, and the card in the member's portal account."""

    _inherit = "library.member"  # pylint: disable=consider-merging-classes-inherited

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
        if not birthdate or birthdate > wib_today() or birthdate.year < 1900:
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

    def _ensure_portal_contact(self):
        """At the first card print, the member gets a contact of its own (never one
        matched by e-mail: anyone can make an account with any address) and an e-mail at
        its own address that lets the applicant, and only them, reach the card online."""
        for member in self.filtered(lambda m: not m.partner_id and m.email_normalized):
            partner = (
                self.env["res.partner"]
                .sudo()
                .create(
                    {
                        "name": member.name,
                        "email": member.email_normalized,
                        "phone": member.phone,
                        # the language of the portal's members (Bahasa Indonesia), not the
                        # officer's who printed the card: the card's e-mail is in it
                        "lang": portal_template_user(self.env).lang or self.env.lang,
                    }
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
