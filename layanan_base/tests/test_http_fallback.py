from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestHttpFallback(HttpCase):
    """A URL that no route serves is "not found", whatever characters its path holds."""

    @mute_logger("odoo.http", "odoo.sql_db")
    def test_control_characters_in_a_path_are_not_found(self):
        for path in ("/x%00", "/x%00y/z", "/x%01", "/x%1b[31m", "/layanan-tidak-ada/%7f"):
            with self.subTest(path=path):
                response = self.url_open(path)
                self.assertEqual(response.status_code, 404, response.text[:300])
                self.assertNotIn("Traceback", response.text)

    def test_an_attachment_is_still_served_at_its_url(self):
        """The guard is narrow: a path without control characters still reaches core's
        fallback, which serves a public attachment by its URL."""
        self.env["ir.attachment"].create(
            {
                "name": "salam.txt",
                "raw": b"salam",
                "url": "/layanan_base_test/salam.txt",
                "public": True,
                "mimetype": "text/plain",
            }
        )
        response = self.url_open("/layanan_base_test/salam.txt")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"salam")
