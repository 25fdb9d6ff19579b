import contextlib
import logging
import math
from datetime import timedelta

from markupsafe import Markup
from werkzeug.urls import url_encode

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessDenied, UserError
from odoo.http import request
from odoo.tools import email_normalize, hash_sign, single_email_re

from ..hooks import portal_template_user
from ..tools import NAME_LENGTH, IntParam, int_param, text_error
from ..tools.signed_link import verify_signed

_logger = logging.getLogger(__name__)

# the scope of the signed links that confirm an account's e-mail address
CONFIRM_SCOPE = "layanan_base.email_confirmation"


class EmailNotConfirmed(UserError):
    """The account's e-mail address is not confirmed yet: the page that shows this
    offers to send the confirmation e-mail again."""


LOCK_FAILURES = IntParam("layanan_base.login_lock_failures", 10, 3, 1000)
WINDOW_MINUTES = IntParam("layanan_base.login_failure_window_minutes", 15, 1, 1440)
LOCK_MINUTES = IntParam("layanan_base.login_lock_minutes", 15, 1, 1440)
IP_FAILURES = IntParam("layanan_base.login_failures_per_ip", 30, 3, 1000000)
# failures are counted per minute in layanan.rate.limit and summed over the window: the
# window slides by the minute instead of starting afresh every quarter of an hour
BUCKET_SECONDS = 60
NO_LIMIT = 2**31 - 1
# the first key of the advisory lock that makes one login's attempts take turns
ADVISORY_CLASS = 0x4C4C


def login_key(login):
    """A login as its failures and its lock are kept: the same for every spelling that
    reaches the same account, and storable (no NUL, bounded)."""
    return str(login).replace("\x00", "").strip().lower()[:200]


class ResUsers(models.Model):
    """Two guards of the accounts of the public services.

    An e-mail address proves itself before it grants anything: an account made at
    /web/signup without an invitation (``email_confirmed`` False) cannot book nor have a
    library card linked until the link sent to its address is opened. The link is
    signed with Odoo's own ``hash_sign`` (the machinery of auth_signup's tokens):
    nothing is stored but the flag.

    Login throttling holds across all workers and servers (Odoo's own counts per IP in
    each worker's memory, and forgets an IP's failures at any success from it). Failed
    attempts are counted in PostgreSQL (layanan.rate.limit, in a cursor of their own: a
    failure counts even when its request is rolled back), per login and per IP:
    - a login with too many failures in the window is locked for a while
      (layanan.login.lock), for any password, until it expires or the staff unlock it;
    - an IP with too many failures in the window, over all logins, is refused until its
      failures age out of the window (password spraying over the 6-digit NRKs).
    A locked login and a throttled IP get the same answer, whether the login exists or
    not. A success resets nothing: the failures count until they age out."""

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

    # ------------------------------------------------------------------ portal
    def _layanan_operator_account(self):
        """Whether the account was made for a work unit's operator of a service that
        has no self-signup (the Balaikota's NRK login), not for a citizen: the
        citizens' services are not offered to it in /my unless it uses them. False
        here; a service with such operators says otherwise."""
        self.ensure_one()
        return False

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
    def _create_user_from_template(self, values):
        """A portal account made for an existing contact (an invitation, the library
        card's) speaks the portal template's language (Bahasa Indonesia) like one made
        at the sign-up page, not the language of whoever typed the contact in."""
        if values.get("partner_id") and not values.get("lang"):
            lang = portal_template_user(self.env).lang
            if lang:
                values = dict(values, lang=lang)
        return super()._create_user_from_template(values)

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

    def _action_reset_password(self, signup_type="reset"):
        """Odoo's password reset, its e-mail's subject in the services' words.

        Core gives the reset e-mail a subject of its code ("Password reset"), whose
        Indonesian ("Reset Kata sandi") no addon's id.po can correct. The reset e-mail
        (not the invitations', which are mail templates) is sent here as core sends it:
        the same token, body (auth_signup.reset_password_email, in the services' words
        by reset_password_email_words), sender and queue; only the subject is ours.
        Whatever core refuses (an archived account, one without an e-mail address) it
        refuses in its own words."""
        if (
            signup_type != "reset"
            or self.env.context.get("create_user")
            or self.env.context.get("install_mode")
            or self.env.context.get("import_file")
            or self.filtered(lambda user: not user.active or not user.email)
        ):
            return super()._action_reset_password(signup_type)
        self.partner_id.signup_prepare(signup_type="reset")
        template = self.env.ref("auth_signup.reset_password_email")
        for user in self:
            lang = user.lang or self.env.lang or "en_US"
            body = (
                self.env["mail.render.mixin"]
                .with_context(lang=lang)
                ._render_template(
                    template,
                    model="res.users",
                    res_ids=user.ids,
                    engine="qweb_view",
                    options={"post_process": True},
                )[user.id]
            )
            with contextlib.closing(self.env.cr.savepoint()):
                mail = (
                    self.env["mail.mail"]
                    .sudo()
                    .create(
                        {
                            "subject": self.with_context(lang=lang).env._("Reset your password"),
                            "email_from": user.company_id.email_formatted or user.email_formatted,
                            "email_to": user.email,
                            "email_cc": False,
                            "body_html": body,
                            "auto_delete": True,
                            "message_type": "user_notification",
                            "recipient_ids": [],
                            "partner_ids": [],
                            "scheduled_date": False,
                        }
                    )
                )
                mail.send()
            _logger.info("Password reset email sent for user <%s> to <%s>", user.login, user.email)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Password reset"),
                "message": self.env._("A link to choose a new password was sent by e-mail."),
                "sticky": False,
            },
        }

    login_locked_until = fields.Datetime(
        compute="_compute_login_locked_until",
        groups="base.group_erp_manager",
        help="Too many failed login attempts: nobody can log in with this login before "
        "this time, unless an administrator unlocks it.",
    )

    def _compute_login_locked_until(self):
        keys = {user.id: login_key(user.login or "") for user in self}
        locks = (
            self.env["layanan.login.lock"]
            .sudo()
            .search([("login", "in", list(set(keys.values()))), ("is_locked", "=", True)])
        )
        until = {}
        for lock in locks:
            until[lock.login] = max(until.get(lock.login, lock.locked_until), lock.locked_until)
        for user in self:
            user.login_locked_until = until.get(keys[user.id], False)

    @contextlib.contextmanager
    def _assert_can_auth(self, user=None):
        """Replaces Odoo's per-worker cooldown (its base.login_cooldown_* parameters no
        longer apply) with the database-backed one its docstring invites.

        Odoo's own skips an attempt without a request, and its /xmlrpc and /jsonrpc
        endpoints hide the request from the models: guesses there were not limited at
        all. Here the login's count and lock hold on every path; only the IP's needs the
        request."""
        ip = request.httprequest.remote_addr if request else None
        with self._login_guard(self._login_of(user), ip):
            yield

    def _login(self, credential, user_agent_env):
        # a NUL byte in the login (a hostile or broken form) cannot reach PostgreSQL: it
        # is a wrong login, said as such, not a server error (every service's login)
        login = credential.get("login")
        if isinstance(login, str) and "\x00" in login:
            raise AccessDenied()
        return super()._login(credential, user_agent_env)

    def action_unlock_login(self):
        """Unlock the login of these users (the button of the user form)."""
        keys = [login_key(user.login or "") for user in self]
        locks = self.env["layanan.login.lock"].search(
            [("login", "in", keys), ("is_locked", "=", True)]
        )
        return locks.action_unlock()

    # ------------------------------------------------------------------ the guard
    @api.model
    def _login_of(self, user):
        """The login of `user`: as typed, or the login of a user id (RPC with a uid and
        a password, the second factor of a login)."""
        if isinstance(user, int) and not isinstance(user, bool):
            self.env.cr.execute("SELECT login FROM res_users WHERE id = %s", [user])
            row = self.env.cr.fetchone()
            return row[0] if row else f"#{user}"
        return user if isinstance(user, str) else None

    @contextlib.contextmanager
    def _login_guard(self, login, ip):
        """Around one login attempt of `login` from `ip`: refuse it when the login is
        locked or the IP throttled; count it when it fails (AccessDenied), and lock the
        login when its failures reach the limit.

        The attempts of one login take turns (an advisory lock held across the check,
        the password and the count), so that the limit holds exactly even when the
        guesses arrive at once on every worker of every server."""
        registry = self.env.registry
        key = login_key(login) if login else None
        with registry.cursor() as lock_cr:
            if key:
                lock_cr.execute(
                    "SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [ADVISORY_CLASS, key]
                )
            # a cursor begun after the lock was granted, to see the previous attempt
            refusal = self._login_refusal(key, ip)
            if refusal:
                _logger.warning(
                    "Login attempt refused for login:%s from %s: too many failures", login, ip
                )
                raise AccessDenied(refusal)
            try:
                yield
            except AccessDenied:
                self._login_failed(login, key, ip)
                # (ends the turn; in tests, where every cursor is a savepoint of one
                # transaction, it also keeps the count made after this cursor began)
                lock_cr.commit()
                raise

    @api.model
    def _login_refusal(self, key, ip):
        """The answer to an attempt that may not even be tried, or None."""
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            minutes = None
            if key:
                lock = env["layanan.login.lock"].search(
                    [("login", "=", key), ("locked_until", ">", cr.now())],
                    order="locked_until desc",
                    limit=1,
                )
                if lock:
                    left = (lock.locked_until - cr.now()).total_seconds()
                    minutes = max(math.ceil(left / 60), 1)
            if minutes is None and ip:
                window = int_param(env, WINDOW_MINUTES)
                if self._recent_failures(cr, f"login:ip:{ip}", window) >= int_param(
                    env, IP_FAILURES
                ):
                    minutes = window
        if minutes is None:
            return None
        return self.env._(
            "Too many failed login attempts. Logging in with this account or from your "
            "address is paused: please try again in %(minutes)s minutes, or ask an "
            "administrator to unlock the account.",
            minutes=minutes,
        )

    @api.model
    def _recent_failures(self, cr, counter_key, minutes):
        cr.execute(
            """SELECT coalesce(sum(hits), 0) FROM layanan_rate_limit
                WHERE key = %s AND window_seconds = %s
                  AND window_start > (now() AT TIME ZONE 'UTC') - make_interval(mins => %s)""",
            [counter_key, BUCKET_SECONDS, minutes],
        )
        return cr.fetchone()[0]

    @api.model
    def _login_failed(self, login, key, ip):
        """Count a failed attempt, and lock the login when it reached the limit."""
        counters = [f"login:user:{key}"] if key else []
        if ip:
            counters.append(f"login:ip:{ip}")
        if not counters:
            return
        self.env["layanan.rate.limit"]._count(counters, limits=[(BUCKET_SECONDS, NO_LIMIT)])
        if not key:
            return
        with self.env.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            window = int_param(env, WINDOW_MINUTES)
            failures = self._recent_failures(cr, f"login:user:{key}", window)
            if failures < int_param(env, LOCK_FAILURES):
                return
            minutes = int_param(env, LOCK_MINUTES)
            user = (
                env["res.users"]
                .with_context(active_test=False)
                .search(self._get_login_domain(login), limit=1)
            )
            env["layanan.login.lock"].create(
                {
                    "login": key,
                    "user_id": user.id,
                    "failures": failures,
                    "ip": ip,
                    "locked_until": cr.now() + timedelta(minutes=minutes),
                }
            )
            user_id, lang = user.id, user.lang
        _logger.warning(
            "Login %r locked for %s minutes after %s failed attempts in %s minutes "
            "(the last from %s)",
            login,
            minutes,
            failures,
            window,
            ip,
        )
        if user_id:
            self._note_login_lock(user_id, lang, login, minutes, failures, window, ip)

    @api.model
    def _note_login_lock(self, user_id, lang, login, minutes, failures, window, ip):
        """The lock on the user's contact, for the staff. The lock holds whatever
        happens to its note: a contact locked by a long transaction must not hold the
        login attempt up."""
        try:
            with self.env.registry.cursor() as cr:
                cr.execute("SET LOCAL lock_timeout = '5s'")
                env = api.Environment(cr, SUPERUSER_ID, {"lang": lang or self.env.lang})
                text = env._(
                    "Login %(login)s locked for %(minutes)s minutes after %(failures)s "
                    "failed attempts in %(window)s minutes (the last one from %(ip)s).",
                    login=login,
                    minutes=minutes,
                    failures=failures,
                    window=window,
                    ip=ip or "?",
                )
                env["res.users"].browse(user_id).partner_id.message_post(
                    body=Markup("<p>%s</p>") % text, subtype_xmlid="mail.mt_note"
                )
        except Exception:
            _logger.warning("The lock of %r could not be noted on its user", login)

    @api.model
    def _forget_login_failures(self, keys):
        """Forget the failures of these logins (`login_key`s): after an unlock, the next
        mistyped password starts a new count."""
        self.env["layanan.rate.limit"].sudo().search(
            [("key", "in", [f"login:user:{key}" for key in keys])]
        ).unlink()
