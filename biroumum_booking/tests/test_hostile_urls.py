from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestHostileUrls(HttpCase):
    """Every route of the portal that takes a token, an id or a slug answers a junk one
    with "not found" (or the member's own page), never with a server error."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member = new_test_user(cls.env, login="bu_urls_member", groups="base.group_portal")

    def _status(self, path):
        return self.url_open(path, allow_redirects=False).status_code

    @mute_logger("odoo.http", "odoo.sql_db")
    def test_verification_token_of_any_shape_is_not_found(self):
        tokens = (
            "abc%00def",
            "%00",
            "abc%01",
            "%C3%A9",
            "%F0%9F%98%80",
            "' OR 1=1 --",
            "x" * 5000,
            "%25",
        )
        for token in tokens:
            with self.subTest(token=token[:20]):
                response = self.url_open(f"/layanan/verifikasi/{token}")
                self.assertEqual(response.status_code, 404)
                self.assertNotIn("Traceback", response.text)

    @mute_logger("odoo.http", "odoo.sql_db")
    def test_public_slugs_and_ids_of_any_shape_are_not_found(self):
        for path in (
            "/layanan/abc%00",
            "/layanan/%00",
            "/layanan/%E2%98%83",
            "/layanan/fasilitas/2147483648",
            "/layanan/fasilitas/99999999999999999999",
            "/layanan/fasilitas/1%00",
        ):
            with self.subTest(path=path):
                self.assertEqual(self._status(path), 404)

    @mute_logger("odoo.http", "odoo.sql_db")
    def test_member_urls_of_any_shape(self):
        self.authenticate("bu_urls_member", "bu_urls_member")
        for path, status in (
            ("/my/bookings/page/%00", 404),
            ("/my/bookings/page/2147483648", 200),
            ("/my/bookings/2147483648", 303),
            ("/my/bookings/99999999999999999999", 303),
            ("/my/bookings/1?access_token=%00", 303),
            ("/my/bookings/1?access_token=%C3%A9", 303),
            ("/my/bookings/2147483648/cetak", 303),
            ("/my/bookings/1%00/cetak", 404),
        ):
            with self.subTest(path=path):
                self.assertEqual(self._status(path), status)
