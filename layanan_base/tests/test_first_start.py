import base64
import io

from PIL import Image

from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.layanan_base.hooks import SERVICE_LANG, setup_company


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (20, 60, 120)).save(buffer, "PNG")
    return base64.b64encode(buffer.getvalue())


LOGO = _png()


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
                # the services' word, not core's Malay "Log masuk"
                self.assertTrue(">Masuk<" in page.text, "the login button is not in Indonesian")
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
        self.assertTrue(">Masuk<" in page.text, "the login page is not in Indonesian")

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


@tagged("post_install", "-at_install")
class TestFirstStartCompany(HttpCase):
    """The company that Odoo's own pages show is the agency, in Indonesia, in rupiah and
    in WIB: no "YourCompany", "Your logo", dollars or Brisbane in front of a citizen."""

    def test_a_company_without_entries_is_indonesian_in_rupiah_and_wib(self):
        company = self.env["res.company"].create(
            {"name": "Kantor Baru", "currency_id": self.env.ref("base.USD").id}
        )
        setup_company(self.env, company)
        self.assertEqual(company.currency_id, self.env.ref("base.IDR"))
        self.assertEqual(company.country_id, self.env.ref("base.id"))
        self.assertEqual(company.partner_id.tz, "Asia/Jakarta")

    def test_a_company_with_entries_keeps_its_currency(self):
        line = self.env["account.move.line"].sudo().search([], limit=1)
        if not line:
            self.skipTest("no journal entries in this database (installed without demo)")
        company = line.company_id
        before = (company.currency_id, company.partner_id.country_id)
        setup_company(self.env, company)
        self.assertEqual((company.currency_id, company.partner_id.country_id), before)

    def test_the_agency_is_the_company_on_every_page(self):
        """Set once on the agency page: the company (hence the portal's logo, name and
        copyright, Odoo's e-mail layout) follows, and a change follows too."""
        agency = self.env["layanan.agency"].create(
            {
                "sequence": 0,
                "name": "Dinas Uji Coba Provinsi Jawa Tengah",
                "letterhead": "PEMERINTAH PROVINSI JAWA TENGAH\nDINAS UJI COBA",
                "street": "Jl. Pemuda No. 1",
                "city": "Semarang",
                "logo": LOGO,
            }
        )
        company = self.env.company
        self.assertEqual(company.name, "Dinas Uji Coba Provinsi Jawa Tengah")
        self.assertEqual(company.city, "Semarang")
        self.assertFalse(company.uses_default_logo)
        agency.name = "Dinas Uji Coba Prov. Jateng"
        self.assertEqual(company.name, "Dinas Uji Coba Prov. Jateng")
        member = new_test_user(self.env, login="first_start_member", groups="base.group_portal")
        self.authenticate(member.login, member.login)
        page = self.url_open("/my")
        self.assertIn(
            'Copyright &copy; <span itemprop="name">Dinas Uji Coba Prov. Jateng</span>', page.text
        )
        # the logo is named by the agency (core's "Logo of ..." is never translated)
        self.assertIn('alt="Dinas Uji Coba Prov. Jateng"', page.text)
        self.assertNotIn("YourCompany", page.text)

    def test_the_pagers_arrows_are_named_in_indonesian(self):
        """Core's Indonesian leaves the pagers' arrows "Previous" and "Next" (a member
        with two invoices read them on the invoice's page)."""
        self.env["ir.module.module"]._load_module_terms(["portal", "layanan_base"], [SERVICE_LANG])
        QWeb = self.env["ir.qweb"].with_context(lang=SERVICE_LANG)
        html = str(QWeb._render("portal.record_pager", {"prev_record": "/a", "next_record": "/b"}))
        self.assertIn('aria-label="Dokumen sebelumnya"', html)
        self.assertIn('aria-label="Dokumen berikutnya"', html)
        self.assertNotIn("Previous", html)
        self.assertNotIn('"Next"', html)
