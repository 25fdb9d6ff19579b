import re

from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged

from .common import EpesanruanganCase

# the card of an entry on /my that leads to `url`
ENTRY = r'<div class="o_portal_index_card ([^"]*)">\s*<a href="{url}"'


@tagged("post_install", "-at_install")
class TestWayIn(HttpCase, EpesanruanganCase):
    """The Balaikota's way in: its public home, the NRK login, its entry on /my for the
    operators only (the visitor reads Indonesian)."""

    def test_public_home(self):
        self.authenticate(None, None)
        page = self.url_open("/ruangan")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Pemesanan Ruangan Balaikota", page.text)  # Balaikota Room Booking
        self.assertIn("surat permohonan", page.text)
        login = re.search(r'<a href="([^"]*)"[^>]*o_epesanruangan_login[^>]*>([^<]*)<', page.text)
        self.assertEqual(login.groups(), ("/web/login?redirect=/my/ruangan", "Masuk dengan NRK"))
        self.assertIn('href="/ruangan/layar"', page.text)  # the public lobby screen
        self.assertNotIn("/web/signup", page.text)
        # the link asks for the NRK, and the operator logs in and lands on the requests
        form = self.url_open(login.group(1)).text
        self.assertRegex(form, r'<label[^>]*for="login"[^>]*>NRK</label>')
        res = self.url_open(
            "/web/login",
            data={
                "login": "910001",
                "password": "910001",
                "redirect": "/my/ruangan",
                "csrf_token": http.Request.csrf_token(self),
            },
        )
        self.assertTrue(res.url.endswith("/my/ruangan"), res.url)
        self.assertIn("Dinas Uji", res.text)
        # logged in, the home leads to the requests
        self.assertIn('href="/my/ruangan"', self.url_open("/ruangan").text)

    def test_a_failed_nrk_login_still_asks_for_the_nrk(self):
        self.authenticate(None, None)
        res = self.url_open(
            "/web/login",
            data={
                "login": "910001",
                "password": "salah",
                "redirect": "/my/ruangan",
                "csrf_token": http.Request.csrf_token(self),
            },
        )
        self.assertIn("Kata sandi/log masuk salah", res.text)
        self.assertRegex(res.text, r'<label[^>]*for="login"[^>]*>NRK</label>')

    def test_root_leads_to_the_balaikota(self):
        res = self.url_open("/", allow_redirects=False)
        if res.status_code in (301, 302, 303):  # the only service installed
            self.assertTrue(res.headers["Location"].endswith("/ruangan"))
        else:
            self.assertIn('href="/ruangan"', res.text)
            self.assertIn("Pemesanan Ruangan Balaikota", res.text)

    def _entries(self, login):
        self.authenticate(login, login)
        page = self.url_open("/my").text
        return {
            url: bool(re.search(ENTRY.format(url=url), page))
            for url in ("/my/ruangan", "/my/bookings", "/my/library-card")
        }

    def test_my_home_offers_the_balaikota_to_its_operators_only(self):
        citizen = new_test_user(
            self.env, login="ep_citizen", groups="base.group_portal", email="warga@example.com"
        )
        self.assertTrue(citizen)
        self.assertTrue(self._entries("910001")["/my/ruangan"])
        self.assertFalse(self._entries("ep_citizen")["/my/ruangan"])
        if "biroumum.booking" in self.env:
            # the Biro Umum's bookings are the citizens', not an NRK operator's
            self.assertFalse(self._entries("910001")["/my/bookings"])
            self.assertTrue(self._entries("ep_citizen")["/my/bookings"])
