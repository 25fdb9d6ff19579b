import contextlib
from unittest.mock import Mock, patch

from odoo.exceptions import AccessDenied, AccessError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

PASSWORD = "Rahasia-2026!"
GENERIC = AccessDenied().args


@tagged("post_install", "-at_install")
class TestLoginThrottle(TransactionCase):
    """Failed logins are counted in the database, per login and per IP: a login is
    locked after 10 failures in 15 minutes, an IP is throttled after its failures over
    all logins; the staff unlock; the answer never tells whether a login exists."""

    def setUp(self):
        super().setUp()
        # the counters have cursors of their own: in a test, ones that wrap the test's
        self.registry_enter_test_mode()
        self.ip = "203.0.113.7"
        self.Users = self.env["res.users"]
        self.user = new_test_user(self.env, login="180901", password=PASSWORD, name="Operator A")
        self.set_param("layanan_base.login_lock_failures", 10)
        self.set_param("layanan_base.login_failures_per_ip", 1000)

    def set_param(self, key, value):
        self.env["ir.config_parameter"].sudo().set_param(key, str(value))
        # in the database before an attempt's own cursors read it
        self.env.flush_all()

    def attempt(self, login, password, ip=None, rpc=False):
        """One login as the login page makes it, from `ip` (or, with `rpc`, as Odoo's
        /xmlrpc and /jsonrpc endpoints make it: without the request): the uid, or the
        refusal's words (None for a plain "wrong login/password"). (Not assertRaises:
        its savepoint would take the failure's count back, which in production is
        committed at once.)"""
        fake_request = None if rpc else Mock(httprequest=Mock(remote_addr=ip or self.ip))
        with patch("odoo.addons.layanan_base.models.res_users.request", fake_request):
            try:
                return self.Users.authenticate(
                    {"type": "password", "login": login, "password": password},
                    {"interactive": False},
                )["uid"]
            except AccessDenied as error:
                return None if error.args == GENERIC else error.args[0]

    def test_ten_failures_lock_the_login_even_for_the_right_password(self):
        for _guess in range(10):
            self.assertIsNone(self.attempt("180901", "123456"))
        refusal = self.attempt("180901", PASSWORD)
        self.assertIn("Too many failed login attempts", refusal)
        self.assertIn("15 minutes", refusal)
        # from any other address too: the lock is the login's
        self.assertEqual(self.attempt("180901", PASSWORD, ip="198.51.100.1"), refusal)
        lock = self.env["layanan.login.lock"].search([("login", "=", "180901")])
        self.assertEqual((lock.user_id, lock.failures, lock.ip), (self.user, 10, self.ip))
        self.assertTrue(self.user.login_locked_until)
        # the lock is on the user's record for the staff
        self.assertIn(
            "locked for 15 minutes after 10 failed attempts",
            self.user.partner_id.message_ids[0].body,
        )

    def test_nine_failures_then_the_right_password_logs_in(self):
        for _guess in range(9):
            self.assertIsNone(self.attempt("180901", "123456"))
        self.assertEqual(self.attempt("180901", PASSWORD), self.user.id)
        self.assertFalse(self.env["layanan.login.lock"].search([("login", "=", "180901")]))

    def test_an_unknown_login_gets_the_same_answer(self):
        for _guess in range(10):
            self.assertIsNone(self.attempt("180901", "123456"))
            self.assertIsNone(self.attempt("189999", "123456"))
        self.assertEqual(self.attempt("189999", "x"), self.attempt("180901", "x"))
        self.assertIn("Too many failed login attempts", self.attempt("189999", "x"))

    def test_a_login_is_counted_whatever_its_spelling_or_path(self):
        for _guess in range(5):
            self.assertIsNone(self.attempt(" 180901", "123456"))
        # RPC with the uid and a password (XML-RPC execute_kw) counts for the same login
        fake_request = Mock(httprequest=Mock(remote_addr=self.ip))
        with patch("odoo.addons.layanan_base.models.res_users.request", fake_request):
            for _guess in range(5):
                with contextlib.suppress(AccessDenied):
                    self.Users._check_uid_passwd(self.user.id, "123456")
        self.assertIn("Too many failed", self.attempt("180901", PASSWORD))

    def test_guesses_over_xmlrpc_lock_the_login_too(self):
        """Odoo's /xmlrpc and /jsonrpc hide the request from the models (its own cooldown
        does not apply there at all): the lock of the login holds all the same."""
        for _guess in range(10):
            self.assertIsNone(self.attempt("180901", "123456", rpc=True))
        self.assertIn("Too many failed", self.attempt("180901", PASSWORD, rpc=True))
        self.assertIn("Too many failed", self.attempt("180901", PASSWORD))

    def test_the_failures_of_an_ip_over_many_logins_throttle_it(self):
        self.set_param("layanan_base.login_failures_per_ip", 5)
        for number in range(5):
            self.assertIsNone(self.attempt(f"18100{number}", "123456"))
        refusal = self.attempt("180901", PASSWORD)
        self.assertIn("Too many failed login attempts", refusal)
        # the same words as a locked login; another address still logs in
        self.assertEqual(self.attempt("180901", PASSWORD, ip="198.51.100.2"), self.user.id)

    def test_a_success_does_not_reset_the_failures_of_its_ip(self):
        """Odoo's cooldown forgets an IP's failures at any success from it: an attacker
        with an account of their own logs in between guesses. Not here."""
        self.set_param("layanan_base.login_failures_per_ip", 5)
        new_test_user(self.env, login="attacker", password=PASSWORD)
        for number in range(4):
            self.assertIsNone(self.attempt(f"18100{number}", "123456"))
        self.assertTrue(self.attempt("attacker", PASSWORD))
        self.assertIsNone(self.attempt("181009", "123456"))
        self.assertIn("Too many failed", self.attempt("attacker", PASSWORD))

    def test_the_lock_ends_by_itself(self):
        for _guess in range(10):
            self.attempt("180901", "123456")
        self.assertIn("Too many failed", self.attempt("180901", PASSWORD))
        # fifteen minutes later (the failures are older than the window as well)
        self.env.cr.execute(
            "UPDATE layanan_login_lock SET locked_until = locked_until - interval '16 minutes'"
        )
        self.env.cr.execute(
            "UPDATE layanan_rate_limit SET window_start = window_start - interval '16 minutes'"
        )
        self.env.invalidate_all()
        self.assertEqual(self.attempt("180901", PASSWORD), self.user.id)

    def test_the_administrator_unlocks_from_the_user_form(self):
        for _guess in range(10):
            self.attempt("180901", "123456")
        admin = new_test_user(self.env, login="useradmin", groups="base.group_erp_manager")
        self.user.with_user(admin).action_unlock_login()
        self.assertFalse(self.user.login_locked_until)
        self.assertIn("unlocked by", self.user.partner_id.message_ids[0].body)
        lock = self.env["layanan.login.lock"].search([("login", "=", "180901")])
        self.assertEqual(lock.unlocked_by_id, admin)
        # the failures are forgotten: one more typo does not lock it again
        self.assertIsNone(self.attempt("180901", "123456"))
        self.assertEqual(self.attempt("180901", PASSWORD), self.user.id)

    def test_a_service_administrator_unlocks_from_the_locked_logins(self):
        for _guess in range(10):
            self.attempt("180901", "123456")
        officer = new_test_user(self.env, login="officer", groups="base.group_user")
        keeper = new_test_user(
            self.env, login="keeper", groups="base.group_user,layanan_base.group_login_unlock"
        )
        Lock = self.env["layanan.login.lock"]
        with self.assertRaises(AccessError):
            Lock.with_user(officer).search([])
        locks = Lock.with_user(keeper).search([("is_locked", "=", True)])
        self.assertEqual(locks.login, "180901")
        locks.action_unlock()
        self.assertEqual(self.attempt("180901", PASSWORD), self.user.id)

    def test_the_limits_are_settings_with_a_range(self):
        self.set_param("layanan_base.login_lock_failures", 3)
        self.set_param("layanan_base.login_lock_minutes", 60)
        for _guess in range(3):
            self.attempt("180901", "123456")
        self.assertIn("60 minutes", self.attempt("180901", PASSWORD))
        # a value out of its range is ignored: the default (10) applies
        self.set_param("layanan_base.login_lock_failures", 1)
        for _guess in range(10):
            self.assertIsNone(self.attempt("189998", "123456"))
        self.assertIn("Too many failed", self.attempt("189998", "123456"))


@tagged("post_install", "-at_install")
class TestLoginThrottlePage(HttpCase):
    """What a person sees on the login page: a locked login gets words in Indonesian,
    the same for a login that does not exist."""

    def setUp(self):
        super().setUp()
        self.env["res.lang"]._activate_lang("id_ID")
        self.env["ir.module.module"]._load_module_terms(["web", "layanan_base"], ["id_ID"])
        self.env.ref("base.public_user").lang = "id_ID"
        self.env["ir.config_parameter"].sudo().set_param("layanan_base.login_lock_failures", 3)
        new_test_user(self.env, login="180902", password=PASSWORD, lang="id_ID")
        self.env.flush_all()
        # a visitor whose browser asks for Indonesian
        self.authenticate(None, None, session_extra={"context": {"lang": "id_ID"}})

    def login_page(self, login, password):
        page = self.url_open("/web/login", headers={"Accept-Language": "id-ID"})
        csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        return self.url_open(
            "/web/login",
            data={"login": login, "password": password, "csrf_token": csrf},
            headers={"Accept-Language": "id-ID"},
        )

    def test_a_locked_login_is_told_in_indonesian_the_same_for_an_unknown_one(self):
        for _guess in range(3):
            self.login_page("180902", "123456")
            self.login_page("189997", "123456")
        known = self.login_page("180902", PASSWORD)
        self.assertIn("/web/login", known.url)
        self.assertIn("Terlalu banyak percobaan masuk yang gagal", known.text)
        unknown = self.login_page("189997", PASSWORD)
        message = known.text.split('<p class="alert alert-danger"')[1].split("</p>")[0]
        self.assertIn(message, unknown.text)
