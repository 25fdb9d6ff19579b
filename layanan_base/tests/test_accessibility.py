import re

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestAccessibility(HttpCase):
    """What a screen reader needs on core's pages that the services show: the page's
    language, a name for each icon-only button (axe-core's html-has-lang, button-name,
    image-alt; the system tests run axe-core itself)."""

    def test_pages_say_their_language(self):
        for path in ("/web/login", "/web/signup", "/web/reset_password"):
            with self.subTest(path=path):
                page = self.url_open(path).text
                tag = re.search(r"<html\b[^>]*>", page).group(0)
                self.assertRegex(tag, r'\blang="[a-z]{2}-[A-Z]{2}"')

    def test_show_password_buttons_are_named(self):
        self.env["ir.config_parameter"].set_param("auth_signup.invitation_scope", "b2c")
        for path, count in (("/web/login", 1), ("/web/signup", 2)):
            with self.subTest(path=path):
                page = self.url_open(path).text
                buttons = re.findall(r"<button\b[^>]*o_show_password[^>]*>", page)
                self.assertEqual(len(buttons), count)
                for button in buttons:
                    self.assertRegex(button, r'aria-label="[^"]+"')

    def test_portal_entry_icons_are_decorative(self):
        self.authenticate("portal", "portal")
        page = self.url_open("/my").text
        icons = re.findall(r'<div class="o_portal_icon[^"]*">\s*<img\b[^>]*>', page)
        self.assertTrue(icons)
        for icon in icons:
            self.assertIn('alt=""', icon)
