from odoo.tests import TransactionCase, tagged

from odoo.addons.layanan_base.tools import text_error


@tagged("post_install", "-at_install")
class TestText(TransactionCase):
    def test_too_long_and_control_characters_are_said_in_words(self):
        self.assertIsNone(text_error(self.env, "Purpose", "Rapat koordinasi", 200))
        self.assertIsNone(text_error(self.env, "Notes", "line 1\nline 2\ttab", 200))
        self.assertIsNone(text_error(self.env, "Purpose", None, 200))
        self.assertEqual(
            text_error(self.env, "Purpose", "x" * 201, 200),
            "Purpose is too long: at most 200 characters (this one has 201).",
        )
        self.assertEqual(
            text_error(self.env, "Purpose", "Rapat\x00", 200),
            "Purpose contains characters that are not allowed.",
        )
        # no limit: only the characters are checked
        self.assertIsNone(text_error(self.env, "Purpose", "x" * 100000, None))
