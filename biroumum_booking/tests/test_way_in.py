import re

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestWayIn(HttpCase):
    """The Biro Umum's way in: its public home with the seed's REGISTER and LOGIN and
    the four categories, and the e-mail login (the visitor reads Indonesian)."""

    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].set_param("auth_signup.invitation_scope", "b2c")

    def test_public_home_has_register_login_and_the_categories(self):
        page = self.url_open("/layanan").text
        register = re.search(r'<a [^>]*o_biroumum_register[^>]*href="([^"]*)"[^>]*>([^<]*)<', page)
        login = re.search(r'<a [^>]*href="([^"]*)"[^>]*o_biroumum_login[^>]*>([^<]*)<', page)
        self.assertEqual(register.groups(), ("/web/signup?redirect=/layanan", "Daftar"))
        self.assertEqual(login.groups(), ("/web/login?redirect=/layanan", "Masuk"))
        for slug in ("kendaraan", "gedung", "ruang-rapat", "venue"):
            self.assertIn(f'href="/layanan/{slug}"', page)
        form = self.url_open(login.group(1)).text
        self.assertRegex(form, r'<label[^>]*for="login"[^>]*>Email</label>')
        self.assertIn("Belum punya akun? Daftar", form)

    def test_no_register_button_when_signup_is_closed(self):
        self.env["ir.config_parameter"].set_param("auth_signup.invitation_scope", "b2b")
        page = self.url_open("/layanan").text
        self.assertNotIn("o_biroumum_register", page)
        self.assertIn("o_biroumum_login", page)

    def test_root_leads_to_the_biro_umum(self):
        res = self.url_open("/", allow_redirects=False)
        if res.status_code in (301, 302, 303):  # the only service installed
            self.assertTrue(res.headers["Location"].endswith("/layanan"))
        else:
            self.assertIn('href="/layanan"', res.text)
            self.assertIn("Layanan Biro Umum", res.text)  # Biro Umum Services
