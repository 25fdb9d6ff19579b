import logging
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError

_logger = logging.getLogger(__name__)

# a lock's history stays this long for the staff (who was locked, who unlocked)
KEEP_DAYS = 90


class LayananLoginLock(models.Model):
    """A login refused for a while after repeated failed attempts (res_users.py).

    Kept per login as it was typed, also for a login that no user has: the answer to a
    locked login must not tell whether it exists. The failures themselves are counted
    in layanan.rate.limit; this is the lock they lead to, its end, and who lifted it."""

    _name = "layanan.login.lock"
    _description = "Locked login"
    _order = "locked_until desc, id desc"
    _rec_name = "login"

    login = fields.Char(required=True, readonly=True, index=True)
    user_id = fields.Many2one(
        "res.users",
        readonly=True,
        index="btree_not_null",
        ondelete="cascade",
        help="The user whose login this was when it was locked (none for an unknown login).",
    )
    failures = fields.Integer(
        string="Failed attempts",
        readonly=True,
        help="The failed attempts in the window that locked it.",
    )
    ip = fields.Char(string="Last attempt from", readonly=True)
    locked_until = fields.Datetime(required=True, readonly=True)
    unlocked_by_id = fields.Many2one("res.users", string="Unlocked by", readonly=True)
    unlock_date = fields.Datetime(string="Unlocked on", readonly=True)
    is_locked = fields.Boolean(
        string="Locked", compute="_compute_is_locked", search="_search_is_locked"
    )

    def _compute_is_locked(self):
        now = fields.Datetime.now()
        for lock in self:
            lock.is_locked = lock.locked_until > now

    def _search_is_locked(self, operator, value):
        if operator != "in":
            return NotImplemented
        now = fields.Datetime.now()
        if True in value and False in value:
            return []
        return [("locked_until", ">" if True in value else "<=", now)]

    def action_unlock(self):
        """Lift these locks (a login's failures are forgotten too: the next mistyped
        password does not lock it again), and log it on the user."""
        self._check_can_unlock()
        locks = self.sudo().filtered("is_locked")
        if not locks:
            return True
        now = fields.Datetime.now()
        locks.write({"locked_until": now, "unlock_date": now, "unlocked_by_id": self.env.uid})
        self.env["res.users"]._forget_login_failures(locks.mapped("login"))
        for lock in locks:
            _logger.info("Login %r unlocked by %s", lock.login, self.env.user.login)
            if lock.user_id:
                lock.user_id.partner_id.message_post(
                    body=Markup("<p>%s</p>")
                    % self.env._(
                        "Login %(login)s unlocked by %(user)s.",
                        login=lock.login,
                        user=self.env.user.name,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        return True

    def _check_can_unlock(self):
        user = self.env.user
        if not (
            self.env.su
            or user.has_group("base.group_erp_manager")
            or user.has_group("layanan_base.group_login_unlock")
        ):
            raise AccessError(self.env._("Only an administrator can unlock a login."))

    @api.autovacuum
    def _gc_old_locks(self):
        """Locks long over are history nobody reads any more."""
        limit = fields.Datetime.now() - timedelta(days=KEEP_DAYS)
        self.sudo().search([("locked_until", "<", limit)]).unlink()
