import logging

from werkzeug.urls import url_encode

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.auth_signup.controllers.main import AuthSignupHome
from odoo.addons.auth_signup.models.res_users import SignupError

from ..tools import NAME_LENGTH, text_error

_logger = logging.getLogger(__name__)


def local_path(url, default="/my"):
    """`url` when it is a path of this site, else `default`: a link of ours never sends
    a visitor elsewhere."""
    if isinstance(url, str) and url.startswith("/") and not url.startswith(("//", "/\\")):
        return url
    return default


class LayananSignup(AuthSignupHome):
    """Odoo's sign-up, where an e-mail address proves itself before it grants anything.

    A visitor without an invitation gets the same answer ("look in your e-mail")
    whether the address is new or already has an account: a new address gets an account
    to confirm through the link sent to it, a known one a notice. With an invitation or
    a password-reset link (a token), Odoo's own flow runs."""

    def get_auth_signup_qcontext(self):
        qcontext = super().get_auth_signup_qcontext()
        if not qcontext.get("token"):
            # Odoo sends a visitor whose `signup_email` has an account to the login page
            # with that account's login: whoever types an address would learn both
            qcontext.pop("signup_email", None)
        return qcontext

    def _prepare_signup_values(self, qcontext):
        env = request.env
        for key, label in (
            ("name", env._("Name")),
            ("login", env._("Email")),
            ("password", env._("Password")),
        ):
            error = text_error(env, label, qcontext.get(key), NAME_LENGTH)
            if error:
                raise UserError(error)
        values = super()._prepare_signup_values(qcontext)
        if not qcontext.get("token") and not (values.get("name") or "").strip():
            raise UserError(env._("Please fill in your name."))
        return values

    @http.route()
    def web_auth_signup(self, *args, **kw):
        qcontext = self.get_auth_signup_qcontext()
        if (
            request.httprequest.method != "POST"
            or qcontext.get("token")
            or "error" in qcontext
            or not qcontext.get("signup_enabled")
        ):
            return super().web_auth_signup(*args, **kw)
        try:
            values = self._prepare_signup_values(qcontext)
            request.env["res.users"].sudo()._signup_unconfirmed(
                values, redirect=local_path(qcontext.get("redirect"), default=None)
            )
            qcontext["signup_sent"] = True
        except UserError as error:
            qcontext["error"] = error.args[0]
        except SignupError as error:
            _logger.warning("Signup failed: %s", error)
            qcontext["error"] = request.env._("Could not create a new account.")
        response = request.render("auth_signup.signup", qcontext)
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        response.headers["Content-Security-Policy"] = "frame-ancestors 'self'"
        return response

    @http.route()
    def web_auth_reset_password(self, *args, **kw):
        """Odoo's password reset, its success said in the services' words: core's
        Indonesian for it is half English ("Instruksi reset password dikirim...",
        "Pasword Anda sukses direset.")."""
        response = super().web_auth_reset_password(*args, **kw)
        qcontext = getattr(response, "qcontext", None)
        if qcontext and qcontext.get("message"):
            if qcontext.get("token"):
                qcontext["message"] = request.env._(
                    "Your new password is saved. You can log in with it now."
                )
            else:
                qcontext["message"] = request.env._(
                    "We have sent an e-mail to the account's address: open the link in it "
                    "to choose a new password."
                )
        return response

    @http.route("/web/signup/confirm", type="http", auth="public", website=True, sitemap=False)
    def web_signup_confirm(self, token=None, redirect=None, **kw):
        """The link of the confirmation e-mail: the account's address is confirmed."""
        user_sudo = request.env["res.users"].sudo()._confirm_email(token)
        redirect = local_path(redirect)
        values = {"status": "confirmed" if user_sudo else "invalid", "next_url": redirect}
        if user_sudo and request.session.uid != user_sudo.id:
            values["next_url"] = "/web/login?" + url_encode(
                {"login": user_sudo.login, "redirect": redirect}
            )
        return request.render("layanan_base.email_confirmation_page", values)

    @http.route(
        "/web/signup/resend",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
        sitemap=False,
    )
    def web_signup_resend(self, redirect=None, **kw):
        """Send the confirmation e-mail of the logged-in account again."""
        values = {"status": "sent", "next_url": local_path(redirect)}
        try:
            if not request.env.user._resend_email_confirmation():
                values["status"] = "confirmed"
        except UserError as error:
            values.update(status="error", error=error.args[0])
        return request.render("layanan_base.email_confirmation_page", values)
