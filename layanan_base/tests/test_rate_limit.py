from odoo.tests import TransactionCase, tagged

from odoo.addons.layanan_base.models.layanan_rate_limit import RateLimited


@tagged("post_install", "-at_install")
class TestRateLimit(TransactionCase):
    """Five attempts a minute and thirty a day per address, counted in the database."""

    def setUp(self):
        super().setUp()
        # the counter has a cursor of its own: in a test, one that wraps the test's, so
        # that nothing is committed
        self.registry_enter_test_mode()
        self.Limit = self.env["layanan.rate.limit"]

    def _refused(self, scope, **address):
        """Whether this attempt is refused, and with which words. (Not assertRaises: its
        savepoint would take the refused attempt's count back, which in production is
        committed at once.)"""
        try:
            self.Limit._hit(scope, **address)
        except RateLimited as error:
            return error.args[0]
        return False

    def test_the_sixth_attempt_in_a_minute_is_refused_in_words(self):
        for _attempt in range(5):
            self.assertFalse(self._refused("test", email="a@example.com", ip="10.0.0.1"))
        refusal = self._refused("test", email="a@example.com", ip="10.0.0.1")
        self.assertIn("Too many requests", refusal)
        rows = self.Limit.search([("key", "=", "test:ip:10.0.0.1"), ("window_seconds", "=", 60)])
        self.assertEqual(rows.hits, 6)

    def test_each_address_and_each_scope_has_its_own_count(self):
        for _attempt in range(5):
            self.assertFalse(self._refused("test", email="a@example.com", ip="10.0.0.2"))
        # another IP, but the same address: the address is over its limit
        self.assertTrue(self._refused("test", email="A@Example.com ", ip="10.0.0.3"))
        # another address from a fresh IP, and the same IP for another scope, pass
        self.assertFalse(self._refused("test", email="b@example.com", ip="10.0.0.4"))
        self.assertFalse(self._refused("other", ip="10.0.0.2"))

    def test_the_limits_are_settings(self):
        self.env["ir.config_parameter"].set_param("layanan_base.rate_limit_per_minute", "2")
        self.assertFalse(self._refused("test", ip="10.0.0.5"))
        self.assertFalse(self._refused("test", ip="10.0.0.5"))
        self.assertTrue(self._refused("test", ip="10.0.0.5"))
        # the day's limit counts too, whatever the minute allows
        self.env["ir.config_parameter"].set_param("layanan_base.rate_limit_per_minute", "100")
        self.env["ir.config_parameter"].set_param("layanan_base.rate_limit_per_day", "3")
        self.assertTrue(self._refused("test", ip="10.0.0.5"))

    def test_old_windows_are_vacuumed(self):
        self.Limit._hit("test", ip="10.0.0.6")
        self.env.cr.execute(
            "UPDATE layanan_rate_limit SET window_start = window_start - interval '3 days'"
            " WHERE key = 'test:ip:10.0.0.6'"
        )
        self.Limit._gc_old_windows()
        self.assertFalse(self.Limit.search([("key", "=", "test:ip:10.0.0.6")]))
