import logging

from werkzeug.urls import url_encode

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import email_normalize, hash_sign, single_email_re

from ..tools import NAME_LENGTH, text_error
from ..tools.signed_link import verify_signed

_logger = logging.getLogger(__name__)

# the scope of the signed links that confirm an account's e-mail address
CONFIRM_SCOPE = "layanan_base.email_confirmation"


class EmailNotConfirmed(UserError):
    """The account's e-mail address is not confirmed yet: the page that shows this
    offers to send the confirmation e-mail again."""


class ResUsers(models.Model):
    """An e-mail address proves itself before it grants anything.

    An account made at /web/signup without an invitation (``email_confirmed`` False)
    cannot book nor have a library card linked until the link sent to its address is
    opened. The link is signed with Odoo's own ``hash_sign`` (the machinery of
    auth_signup's tokens): nothing is stored but the flag."""

    _inherit = "res.users"

    email_confirmed = fields.Boolean(
        string="E-mail address confirmed",
        default=True,
        copy=False,
        help="Off for an account that its owner made at the sign-up page, until a link "
        "sent to its e-mail address is opened (the confirmation link, or the library's "
        "link to a card); until then the account cannot book a facility nor have a library "
        "card. Accounts made by the staff or from an invitation, and accounts whose "
        "password was set through an e-mailed link, are confirmed.",
    )

    # ------------------------------------------------------------------ signup
    @api.model
    def signup(self, values, token=None):
        """A token (an invitation, a password reset) proves the address it was sent to:
        the account is confirmed when it keeps that address, and left to confirm when
        its new owner typed another one."""
        if not token:
            return super().signup(values, token)
        partner = self.env["res.partner"]._signup_retrieve_partner(
            token, check_validity=True, raise_exception=True
        )
        proven = partner.email_normalized
        had_user = bool(partner.user_ids)
        result = super().signup(values, token)
        user = partner.with_context(active_test=False).user_ids[:1]
        if proven and user.email_normalized == proven:
            user.email_confirmed = True
        elif not had_user:
            user.email_confirmed = False
        return result

    @api.model
    def _signup_create_user(self, values):
        # no partner: an uninvited visitor made the account; its address is unproven
        if "partner_id" not in values:
            values = dict(values, email_confirmed=False)
        return super()._signup_create_user(values)

    @api.model
    def _signup_check_login(self, login):
        """The login of a new account made at the sign-up page: an e-mail address (the
        confirmation goes there; staff logins such as NRKs are not for the taking)."""
        error = text_error(self.env, self.env._("Email"), login, NAME_LENGTH)
        if error:
            raise UserError(error)
        if not single_email_re.match(login or ""):
            raise UserError(self.env._("Please fill in a valid e-mail address."))

    @api.model
    def _signup_find_accounts(self, login):
        """The accounts, archived ones too, that already hold `login` as their login or
        as their e-mail address (in other capitals too)."""
        normalized = email_normalize(login or "") or login
        return self.with_context(active_test=False).search(
            ["|", ("login", "=", login), ("email_normalized", "=", normalized)]
        )

    @api.model
    def _signup_unconfirmed(self, values, redirect=None):
        """Sign up a visitor without an invitation, and say nothing about the address.

        A new address gets an account that is not confirmed and an e-mail with the link
        that confirms it; an address that already has an account gets an e-mail that
        says someone tried to register with it. Both answer the same, and no duplicate
        login reaches the database (it would log an error)."""
        login = (values.get("login") or "").strip()
        self._signup_check_login(login)
        self.env["layanan.rate.limit"]._hit("signup", email=login)
        existing = self._signup_find_accounts(login)
        if existing:
            _logger.info("Signup with the address of an existing account <%s>", login)
            # the time of the answer tells nothing either: a new account's password
            # hashing is most of it
            self._crypt_context().hash(values.get("password") or "")
            existing[:1]._send_signup_attempt_notice()
            return self.browse()
        self.signup(dict(values, login=login))
        user = self.search(self._get_login_domain(login), limit=1)
        user._send_email_confirmation(redirect)
        return user

    def _signup_page_url(self, page):
        """The login or the password-reset page, with the account's login filled in."""
        self.ensure_one()
        return f"{self.get_base_url()}/web/{page}?{url_encode({'login': self.login})}"

    def _send_signup_attempt_notice(self):
        template = self.env.ref("layanan_base.mail_template_signup_attempt")
        for user in self.filtered(lambda u: u.email and u.active):
            template.sudo().send_mail(user.id, force_send=False)

    # ------------------------------------------------------------------ confirmation
    def _email_confirmation_url(self, redirect=None):
        """The link that confirms the account's address, valid as long as Odoo's own
        invitations (auth_signup.signup.validity.hours)."""
        self.ensure_one()
        hours = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("auth_signup.signup.validity.hours", 144)
            or 144
        )
        token = hash_sign(
            self.env(su=True),
            CONFIRM_SCOPE,
            [self.id, self.email_normalized],
            expiration_hours=max(hours, 1),
        )
        query = {"token": token}
        if redirect:
            query["redirect"] = redirect
        return f"{self.get_base_url()}/web/signup/confirm?{url_encode(query)}"

    def _send_email_confirmation(self, redirect=None):
        template = self.env.ref("layanan_base.mail_template_email_confirmation").with_context(
            confirmation_redirect=redirect
        )
        for user in self.filtered(lambda u: u.email and not u.email_confirmed):
            template.sudo().send_mail(user.id, force_send=False)

    def _resend_email_confirmation(self):
        """Send the confirmation link again, at the owner's request (rate-limited)."""
        self.ensure_one()
        if self.email_confirmed:
            return False
        if not self.email:
            raise UserError(self.env._("Your account has no e-mail address to confirm."))
        self.env["layanan.rate.limit"]._hit("email_confirmation", email=self.email)
        self.sudo()._send_email_confirmation()
        return True

    @api.model
    def _confirm_email(self, token):
        """The account whose address the link `token` confirms (now confirmed), or an
        empty recordset when the link is not valid (any more)."""
        payload = verify_signed(self.env, CONFIRM_SCOPE, token)
        if not isinstance(payload, list) or len(payload) != 2:
            return self.browse()
        user_id, email = payload
        user = self.sudo().with_context(active_test=False).browse(int(user_id)).exists()
        if not user or not user.active or not email or user.email_normalized != email:
            return self.browse()
        if not user.email_confirmed:
            user.email_confirmed = True
            _logger.info("E-mail address of <%s> confirmed", user.login)
        return user

    def _check_email_confirmed(self):
        """Refuse, in words, what an account may do only once its address is proven
        (book a facility...)."""
        for user in self:
            if not user.email_confirmed:
                raise EmailNotConfirmed(
                    self.env._(
                        "Your e-mail address %(email)s is not confirmed yet. Open the link "
                        "in the e-mail we sent to it, or have the e-mail sent again with "
                        "the button “Send the confirmation e-mail again”.",
                        email=user.email or user.login,
                    )
                )

    # ------------------------------------------------------------------ password reset
    def reset_password(self, login):
        """The public "Reset password" page: the same answer whether the address has an
        account or not, and no more than a few requests per address and per IP."""
        error = text_error(self.env, self.env._("Email"), login, NAME_LENGTH)
        if error:
            raise UserError(error)
        login = (login or "").strip()
        self.env["layanan.rate.limit"]._hit("reset_password", email=login)
        users = self.search(self._get_login_domain(login)) or self.search(
            self._get_email_domain(login)
        )
        if len(users) != 1 or not users.email:
            _logger.info("Password reset for <%s>: %s accounts, nothing sent", login, len(users))
            return False
        return super().reset_password(login)
