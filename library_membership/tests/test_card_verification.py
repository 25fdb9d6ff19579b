from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.layanan_base.tools import qr_svg_data_uri

from .common import NIK_FEMALE, PHOTO

CARD = "library_membership.action_report_member_card"


@tagged("post_install", "-at_install")
class TestCardVerification(HttpCase):
    """The QR code of a member card opens the card's public verification page: whose
    card it is and whether it is valid, nothing personal beyond the name."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = new_test_user(
            cls.env, login="lm_cv_officer", groups="library_membership.group_officer"
        )
        cls.member = cls.env["library.member"].create(
            {
                "name": "Ratna Kartika",
                "id_type": "ktp",
                "nik": NIK_FEMALE,
                "place_of_birth": "Kudus",
                "birthdate": "1995-08-21",
                "gender": "female",
                "street": "Jl. Rahasia 9, Kudus",
                "phone": "0812 7777 1234",
                "email": "ratna.kartika@example.com",
                "category_id": cls.env.ref("library_membership.category_public").id,
                "state": "verified",
                "image_1920": PHOTO,
            }
        )
        cls.member.with_user(cls.officer).action_print_card()

    def test_card_qr_opens_the_verification_page(self):
        member = self.member
        self.assertEqual(member.state, "active")
        url = member._verification_url()
        self.assertRegex(url, r"/perpustakaan/kartu/[\w-]{43}$")
        self.assertNotIn(member.member_number, url)
        if member.access_token:
            self.assertNotIn(member.access_token, url)
        # the card's QR is that URL's (the member number, sequential, stays on the
        # barcode that the counter scans); TestQr checks that the SVG draws its value
        html = (
            self.env["ir.actions.report"]
            .with_user(self.officer)
            ._render_qweb_html(CARD, member.ids)[0]
            .decode()
        )
        self.assertIn(qr_svg_data_uri(url, border=0), html)
        self.assertNotIn(qr_svg_data_uri(member.member_number, border=0), html)

        # whoever scans the QR reads the page in Indonesian (id.po's words)
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        for shown in (
            "Kartu ini berlaku.",  # This card is valid.
            "Ratna Kartika",
            member.member_number,
            member.category_id.with_context(lang="id_ID").name,
            member.expiry_date.strftime("%d-%m-%Y"),
            "Aktif",  # Active
        ):
            self.assertIn(shown, page.text)
        for hidden in (
            NIK_FEMALE,
            "1995",
            "21-08",
            "Kudus",
            "Rahasia",
            "7777",
            "ratna.kartika",
            member.reference,
            "data:image",
            "/web/image",
            "access_token",
        ):
            self.assertNotIn(hidden, page.text)

        # an expired card says so
        member.sudo()._write_server_fields({"state": "expired"})
        page = self.url_open(url)
        self.assertIn("Kartu ini sudah berakhir.", page.text)  # This card has expired.
        self.assertIn("Berakhir", page.text)  # Expired
        self.assertNotIn("Kartu ini berlaku", page.text)

    def test_no_page_for_other_tokens_or_members_without_a_card(self):
        applicant = self.env.ref("library_membership.library_member_draft_demo")
        self.assertTrue(applicant.verification_token)
        with mute_logger("odoo.http"):
            for token in (
                applicant.verification_token,
                self.member.verification_token[:-1],
                "salah",
                self.member.access_token or "x",
                self.member.member_number,
            ):
                response = self.url_open(f"/perpustakaan/kartu/{token}")
                self.assertEqual(response.status_code, 404, token)
                self.assertNotIn("Ratna Kartika", response.text)

    def test_portal_card_shows_the_same_qr(self):
        user = new_test_user(self.env, login="lm_cv_member", groups="base.group_portal")
        self.member.sudo().partner_id = user.partner_id
        self.authenticate("lm_cv_member", "lm_cv_member")
        page = self.url_open("/my/library-card").text
        self.assertIn(self.member.member_number, page)
        self.assertIn(qr_svg_data_uri(self.member._verification_url(), border=0), page)

    def test_missing_record_is_not_found(self):
        """/report/<html|pdf>/<our report>/<no such id>: a 404, not a server error."""
        self.authenticate("lm_cv_officer", "lm_cv_officer")
        for converter in ("html", "pdf"):
            with mute_logger("odoo.http"):
                response = self.url_open(
                    f"/report/{converter}/library_membership.report_member_card/99999999"
                )
            self.assertEqual(response.status_code, 404, converter)
