from odoo.tests import HttpCase, tagged

from odoo.addons.layanan_base.hooks import SERVICE_LANG


@tagged("post_install", "-at_install")
class TestFirstStart(HttpCase):
    """Installing the base makes the services speak Bahasa Indonesia from the first
    start: nobody switches the language by hand."""

    def test_indonesian_is_active_with_odoo_s_own_translations(self):
        lang = self.env["res.lang"]._lang_get(SERVICE_LANG)
        self.assertTrue(lang.active)
        # core's terms are loaded too, not only ours
        login = self.env.ref("web.login").with_context(lang=SERVICE_LANG)
        self.assertIn("Log masuk", login.arch_db)

    def test_visitors_and_new_portal_members_speak_indonesian(self):
        self.assertEqual(self.env.ref("base.public_user").lang, SERVICE_LANG)
        self.assertEqual(self.env.ref("base.template_portal_user_id").lang, SERVICE_LANG)

    def test_a_visitor_meets_the_login_page_in_indonesian(self):
        for headers in ({}, {"Accept-Language": "en-US,en;q=0.9"}):
            with self.subTest(headers=headers):
                self.opener.cookies.clear()
                page = self.url_open("/web/login", headers=headers)
                self.assertEqual(page.status_code, 200)
                self.assertTrue(">Log masuk<" in page.text, "the login button is not in Indonesian")
                self.assertFalse(">Log in<" in page.text, "the login button is in English")

    def test_a_visitor_who_chose_a_language_keeps_it(self):
        self.opener.cookies.set("frontend_lang", "en_US")
        page = self.url_open("/web/login")
        self.assertTrue(">Log in<" in page.text, "the chosen English is not kept")

    def test_a_visitor_from_a_public_page_keeps_its_language_at_the_login(self):
        # a public page (/layanan, /ruangan...) gives the visitor its language's cookie:
        # the login page it links to speaks it too, whatever the browser asks for
        self.opener.cookies.set("frontend_lang", "id_ID")
        page = self.url_open("/web/login", headers={"Accept-Language": "en-US,en;q=0.9"})
        self.assertTrue(">Log masuk<" in page.text, "the login page is not in Indonesian")

    def test_an_invited_contact_gets_an_indonesian_account(self):
        partner = (
            self.env["res.partner"]
            .with_context(lang="en_US")
            .create({"name": "Sri Wahyuni", "email": "sri.wahyuni@example.com", "lang": "en_US"})
        )
        user = (
            self.env["res.users"]
            .with_context(no_reset_password=True)
            ._create_user_from_template(
                {
                    "login": "sri.wahyuni@example.com",
                    "email": "sri.wahyuni@example.com",
                    "partner_id": partner.id,
                }
            )
        )
        self.assertEqual(user.lang, SERVICE_LANG)
        self.assertTrue(user.share)

    def test_the_demo_users_of_the_services_speak_indonesian(self):
        if not self.env["ir.module.module"].search([("name", "=", "base"), ("demo", "=", True)]):
            self.skipTest("a database without demo data")
        data = self.env["ir.model.data"].search(
            [
                ("model", "=", "res.users"),
                ("module", "in", ["biroumum_booking", "library_membership", "epesanruangan"]),
            ]
        )
        users = self.env["res.users"].browse(data.mapped("res_id")).exists()
        self.assertTrue(users, "no demo user of the services")
        self.assertEqual(set(users.mapped("lang")), {SERVICE_LANG})

    def test_the_portal_header_invites_to_log_in_in_indonesian(self):
        # core's id.po leaves "Sign in" in English; the header's link is ours
        view = self.env.ref("layanan_base.portal_user_sign_in").with_context(lang=SERVICE_LANG)
        self.assertIn(">Masuk<", view.arch_db)
        self.assertNotIn("Sign in", view.arch_db)
