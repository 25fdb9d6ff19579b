import re

from odoo.tests import HttpCase, new_test_user, tagged

from .common import LibraryCase

ENTRY = r'<div class="o_portal_index_card ([^"]*)">\s*<a href="/my/library-card"'


@tagged("post_install", "-at_install")
class TestWayIn(HttpCase, LibraryCase):
    """The library's way in: its public home (the SOP's entries), the e-mail login, its
    entry on /my for its members and applicants only (the visitor reads Indonesian)."""

    def test_public_home_has_the_sops_entries(self):
        page = self.url_open("/perpustakaan").text
        for text in (
            "Persyaratan",  # Requirements
            "KTP, KK, KTM",
            "Tidak dipungut biaya.",  # Free of charge.
            "14 menit",  # 14 minutes
            "024-8317963",
            "08179504572",
            "perpusdajateng@yahoo.com",
            'href="/perpustakaan/daftar"',
        ):
            self.assertIn(text, page)
        login = re.search(r'<a href="([^"]*)" class="o_library_login">([^<]*)<', page)
        self.assertEqual(
            login.groups(),
            ("/web/login?redirect=/my/library-card", "Masuk untuk melihat kartu anggota Anda"),
        )
        form = self.url_open(login.group(1)).text
        self.assertRegex(form, r'<label[^>]*for="login"[^>]*>Email</label>')

    def test_root_leads_to_the_library(self):
        res = self.url_open("/", allow_redirects=False)
        if res.status_code in (301, 302, 303):  # the only service installed
            self.assertTrue(res.headers["Location"].endswith("/perpustakaan"))
        else:
            self.assertIn('href="/perpustakaan"', res.text)

    def test_my_home_offers_the_card_to_members_only(self):
        member_user = new_test_user(self.env, login="lm_way_member", groups="base.group_portal")
        new_test_user(self.env, login="lm_way_other", groups="base.group_portal")
        self.Member.sudo().create(self._member_vals(partner_id=member_user.partner_id.id))
        self.authenticate("lm_way_member", "lm_way_member")
        card = re.search(ENTRY, self.url_open("/my").text)
        self.assertTrue(card)
        self.assertNotIn("d-none", card.group(1))
        self.authenticate("lm_way_other", "lm_way_other")
        self.assertNotIn('href="/my/library-card"', self.url_open("/my").text)
