import contextlib
import logging
import math
from datetime import timedelta

from markupsafe import Markup

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessDenied
from odoo.http import request

from ..tools import IntParam, int_param

_logger = logging.getLogger(__name__)

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
    """Login throttling that holds across all workers and servers (Odoo's own counts per
    IP in each worker's memory, and forgets an IP's failures at any success from it).

    Failed attempts are counted in PostgreSQL (layanan.rate.limit, in a cursor of their
    own: a failure counts even when its request is rolled back), per login and per IP:
    - a login with too many failures in the window is locked for a while
      (layanan.login.lock), for any password, until it expires or the staff unlock it;
    - an IP with too many failures in the window, over all logins, is refused until its
      failures age out of the window (password spraying over the 6-digit NRKs).
    A locked login and a throttled IP get the same answer, whether the login exists or
    not. A success resets nothing: the failures count until they age out."""

    _inherit = "res.users"

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
