import re
from contextlib import ExitStack, contextmanager
from unittest.mock import patch

from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.layanan_base.controllers.home import LayananHome

EMAIL_HOME = {
    "sequence": 10,
    "url": "/uji-email",
    "name": "Layanan Uji Email",
    "summary": "Satu baris tentang layanan email.",
    "login": "email",
    "paths": ("/uji-email",),
}
NRK_HOME = {
    "sequence": 20,
    "url": "/uji-nrk",
    "name": "Layanan Uji NRK",
    "summary": "Satu baris tentang layanan NRK.",
    "login": "nrk",
    "paths": ("/uji-nrk", "/my/uji-nrk"),
}


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


@contextmanager
def service_homes(*homes):
    """The services installed are `homes` (each service's controller adds its own:
    every override answers `homes` here)."""
    with ExitStack() as stack:
        for cls in (LayananHome, *_subclasses(LayananHome)):
            if "_layanan_service_homes" in vars(cls):
                stack.enter_context(
                    patch.object(cls, "_layanan_service_homes", lambda self: list(homes))
                )
        yield


@tagged("post_install", "-at_install")
class TestHome(HttpCase):
    """`/` leads to the service(s) installed; the login page asks for the service's
    login (the visitor reads Indonesian: the public user's language)."""

    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].set_param("auth_signup.invitation_scope", "b2c")

    def _login_field(self, page):
        label = re.search(r'<label[^>]*for="login"[^>]*>\s*([^<]*?)\s*</label>', page).group(1)
        placeholder = re.search(r'<input[^>]*name="login"[^>]*>', page).group(0)
        return label, re.search(r'placeholder="([^"]*)"', placeholder).group(1)

    def test_one_service_leads_straight_to_it(self):
        with service_homes(NRK_HOME):
            res = self.url_open("/", allow_redirects=False)
        self.assertIn(res.status_code, (302, 303))
        self.assertTrue(res.headers["Location"].endswith("/uji-nrk"), res.headers["Location"])

    def test_several_services_are_listed(self):
        with service_homes(NRK_HOME, EMAIL_HOME):
            res = self.url_open("/")
        self.assertEqual(res.status_code, 200)
        self.assertIn("Layanan Publik", res.text)  # Public Services
        names = re.findall(r'<h2 class="h5 card-title">([^<]*)</h2>', res.text)
        self.assertEqual(names, ["Layanan Uji Email", "Layanan Uji NRK"])  # by sequence
        self.assertIn('href="/uji-email"', res.text)
        self.assertIn("Satu baris tentang layanan NRK.", res.text)

    def test_members_and_staff_keep_their_way(self):
        portal = new_test_user(self.env, login="lb_home_portal", groups="base.group_portal")
        self.assertTrue(portal)
        self.authenticate("lb_home_portal", "lb_home_portal")
        res = self.url_open("/", allow_redirects=False)
        self.assertTrue(res.headers["Location"].endswith("/my"), res.headers["Location"])
        new_test_user(self.env, login="lb_home_staff", groups="base.group_user")
        self.authenticate("lb_home_staff", "lb_home_staff")
        res = self.url_open("/", allow_redirects=False)
        self.assertIn("/odoo", res.headers["Location"])

    def test_login_asks_for_the_services_login(self):
        with service_homes(EMAIL_HOME, NRK_HOME):
            nrk = self.url_open("/web/login?redirect=/my/uji-nrk/5").text
            email = self.url_open("/web/login?redirect=/uji-email").text
            no_hint = self.url_open("/web/login").text
        self.assertEqual(self._login_field(nrk), ("NRK", "NRK Anda (6 digit)"))
        self.assertNotIn("/web/signup", nrk)  # operators do not sign up themselves
        for page in (email, no_hint):
            self.assertEqual(self._login_field(page), ("Email", "Email Anda"))
            self.assertIn("Belum punya akun? Daftar", page)  # No account yet? Register
        with service_homes(NRK_HOME):
            only_nrk = self.url_open("/web/login").text
        self.assertEqual(self._login_field(only_nrk)[0], "NRK")
        self.assertNotIn("/web/signup", only_nrk)

    def test_no_register_link_when_signup_is_closed(self):
        self.env["ir.config_parameter"].set_param("auth_signup.invitation_scope", "b2b")
        with service_homes(EMAIL_HOME):
            page = self.url_open("/web/login?redirect=/uji-email").text
        self.assertNotIn("/web/signup", page)
