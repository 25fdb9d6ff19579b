import re

from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.layanan_base.controllers.signup import LayananSignup
from odoo.addons.layanan_base.tools import LINE_LENGTH, NAME_LENGTH, nik_errors, text_error

from ..models.biroumum_booking_portal import check_text

MEMBER_FIELDS = ("phone", "biroumum_nik", "biroumum_institution", "street")


class BiroumumSignup(LayananSignup):
    """Pendaftaran Member Baru: the services' signup (an account to confirm through the
    e-mail) with mobile, NIK, institution and address."""

    def get_auth_signup_qcontext(self):
        qcontext = super().get_auth_signup_qcontext()
        for key in MEMBER_FIELDS:
            if key in request.params:
                qcontext[key] = request.params[key]
        return qcontext

    def _prepare_signup_values(self, qcontext):
        # what PostgreSQL cannot store is refused in words, before anything looks it up
        keys = ("login", "name", "password", "confirm_password", *MEMBER_FIELDS)
        check_text(request.env, *(qcontext.get(key) for key in keys))
        values = super()._prepare_signup_values(qcontext)
        if qcontext.get("token"):
            return values  # invitation or password reset: nothing more to ask
        env = request.env
        for key, label, limit in (
            ("biroumum_institution", env._("Institution / organisation"), NAME_LENGTH),
            ("street", env._("Address"), LINE_LENGTH),
        ):
            error = text_error(env, label, qcontext.get(key), limit)
            if error:
                raise UserError(error)
        phone = (qcontext.get("phone") or "").strip()
        if not re.fullmatch(r"\+?[0-9][0-9 \-]{7,18}", phone):
            raise UserError(env._("Please fill in a valid mobile phone number."))
        nik = (qcontext.get("biroumum_nik") or "").strip()
        errors = nik_errors(env, nik)
        if errors:
            raise UserError("\n".join(errors))
        street = (qcontext.get("street") or "").strip()
        if not street:
            raise UserError(env._("Please fill in your address."))
        values.update(
            {
                "phone": phone,
                "biroumum_nik": nik,
                "biroumum_institution": (qcontext.get("biroumum_institution") or "").strip()
                or False,
                "street": street,
            }
        )
        return values
