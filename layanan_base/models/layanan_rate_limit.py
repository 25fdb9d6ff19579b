import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools import SQL

from ..tools import IntParam, int_param

_logger = logging.getLogger(__name__)

PER_MINUTE = IntParam("layanan_base.rate_limit_per_minute", 5, 1, 10000)
PER_DAY = IntParam("layanan_base.rate_limit_per_day", 30, 1, 1000000)
# (window in seconds, its limit): a script is stopped within the minute, a patient one
# within the day
WINDOWS = ((60, PER_MINUTE), (86400, PER_DAY))


class RateLimited(UserError):
    """Too many attempts of one kind from one address (IP or e-mail)."""


class LayananRateLimit(models.Model):
    """How many times an address (an IP, an e-mail) did something that sends mail or
    answers a question (sign up, apply online, complain, reset a password), per window.

    Kept in PostgreSQL, counted with one atomic upsert, so that the limit holds across
    all the workers and servers of a deployment; counted in a cursor of its own, so that
    an attempt counts even when its request fails and is rolled back."""

    _name = "layanan.rate.limit"
    _description = "Rate limit counter"
    _order = "window_start desc, id desc"

    key = fields.Char(required=True, readonly=True, help="What is counted, e.g. signup:ip:1.2.3.4")
    window_seconds = fields.Integer(string="Window (seconds)", required=True, readonly=True)
    window_start = fields.Datetime(required=True, readonly=True)
    hits = fields.Integer(required=True, readonly=True, default=0)

    _key_window_unique = models.UniqueIndex("(key, window_seconds, window_start)")

    @api.model
    def _limits(self):
        return [(seconds, int_param(self.env, param)) for seconds, param in WINDOWS]

    @api.model
    def _count(self, keys, limits=None):
        """Count one hit of each key in each window; return {key: over the limit}."""
        limits = limits or self._limits()
        over = dict.fromkeys(keys, False)
        with self.env.registry.cursor() as cr:
            for key in keys:
                for seconds, limit in limits:
                    cr.execute(
                        SQL(
                            """INSERT INTO layanan_rate_limit
                                       (key, window_seconds, window_start, hits, create_date,
                                        write_date, create_uid, write_uid)
                               VALUES (%(key)s, %(seconds)s,
                                       to_timestamp(floor(extract(epoch FROM now())
                                           / %(seconds)s) * %(seconds)s) AT TIME ZONE 'UTC',
                                       1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC',
                                       %(uid)s, %(uid)s)
                               ON CONFLICT (key, window_seconds, window_start)
                               DO UPDATE SET hits = layanan_rate_limit.hits + 1,
                                             write_date = EXCLUDED.write_date
                               RETURNING hits""",
                            key=key,
                            seconds=seconds,
                            uid=self.env.uid,
                        )
                    )
                    if cr.fetchone()[0] > limit:
                        over[key] = True
        return over

    @api.model
    def _hit(self, scope, email=None, ip=None):
        """One attempt of `scope` (signup, apply, complaint...) from this request's IP and,
        when given, for this e-mail address. Raises RateLimited, in words, when either
        went over its limit in the last minute or day."""
        if ip is None and request:
            ip = request.httprequest.remote_addr
        keys = []
        if ip:
            keys.append(f"{scope}:ip:{ip}")
        if email:
            keys.append(f"{scope}:email:{email.strip().lower()[:254]}")
        over = [key for key, is_over in self._count(keys).items() if is_over]
        if over:
            _logger.warning("Rate limit reached: %s", ", ".join(over))
            raise RateLimited(
                self.env._(
                    "Too many requests from your address. Please wait a moment and try again."
                )
            )

    @api.autovacuum
    def _gc_old_windows(self):
        """Counters of windows long past count nothing any more."""
        longest = max(seconds for seconds, _param in WINDOWS)
        limit = fields.Datetime.now() - timedelta(seconds=2 * longest)
        self.env.cr.execute("DELETE FROM layanan_rate_limit WHERE window_start < %s", [limit])
