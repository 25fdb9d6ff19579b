import json
import re

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import NIK_FEMALE, PDF_BYTES, make_image, pdf_text

ID_SCAN = ("ktp.jpg", make_image(), "image/jpeg")
FORM = {
    "name": 'Siti O\'Brien <b>"Nur"</b>',
    "id_type": "ktp",
    "nik": NIK_FEMALE,
    "place_of_birth": "Kudus",
    "birthdate": "1995-08-21",
    "gender": "female",
    "street": "Jl. Kudus 5",
    "phone": "0813 1111 2222",
    "email": "siti.online@example.com",
    "occupation": "Mahasiswa",
}


@tagged("post_install", "-at_install")
class TestPublicPages(HttpCase):
    """The public pages, as an applicant who chose no language reads them: in
    Indonesian (the words asserted are id.po's msgstr, the English msgid beside)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category = cls.env.ref("library_membership.category_student")
        cls.Member = cls.env["library.member"]

    def _csrf(self, url):
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def _post_form(self, values=None, file=ID_SCAN, url=None, files_as_text=None):
        url = url or "/perpustakaan/daftar"
        data = dict(FORM, category_id=str(self.category.id), csrf_token=self._csrf(url))
        data.update(values or {})
        files = {"id_document": file} if file else {}
        if files_as_text:  # a text field sent as a file part
            files[files_as_text] = ("x.txt", data.pop(files_as_text).encode(), "text/plain")
        return self.url_open(url, data=data, files=files or None)

    def _count(self):
        return self.Member.search_count([])

    def test_home_page(self):
        page = self.url_open("/perpustakaan")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Tidak dipungut biaya.", page.text)  # Free of charge.
        self.assertIn("024-8317963", page.text)
        self.assertIn("/perpustakaan/daftar", page.text)

    def _received(self, response):
        """The page every accepted application gets, whoever applies: nothing of the
        application on it (its reference and link go to the e-mail address typed)."""
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith("/perpustakaan/daftar/terkirim"), response.url)
        # "Thank you, your application has been received. ..."
        self.assertIn("permohonan Anda telah kami terima", response.text)
        return re.sub(r'csrf_token: "[^"]+"', "", response.text)

    def test_online_registration(self):
        before = self._count()
        response = self._post_form()
        page = self._received(response)
        self.assertEqual(self._count(), before + 1)
        member = self.Member.search([("nik", "=", NIK_FEMALE)])
        self.assertEqual(member.state, "submitted")
        self.assertEqual(member.channel, "online")
        self.assertFalse(member.service_start, "the counter service starts at the counter")
        self.assertEqual(member.name, FORM["name"])
        self.assertNotIn(member.reference, page)
        self.assertNotIn(member.access_token, page)
        # the confirmation email carries the reference and the private link
        mail = self.env["mail.mail"].search(
            [
                ("model", "=", "library.member"),
                ("res_id", "=", member.id),
                ("email_to", "=", "siti.online@example.com"),
            ]
        )
        self.assertEqual(len(mail), 1)
        self.assertIn(member.reference, mail.subject)
        self.assertIn(member.access_token, mail.body_html)
        # the link opens the application: stored verbatim, shown escaped
        link = re.search(r'href="[^"]*(/perpustakaan/pendaftaran/[^"]+)"', mail.body_html)
        application = self.url_open(link.group(1).replace("&amp;", "&"))
        self.assertEqual(application.status_code, 200)
        self.assertIn(member.reference, application.text)
        self.assertIn("Siti O&#39;Brien &lt;b&gt;&#34;Nur&#34;&lt;/b&gt;", application.text)
        self.assertNotIn('<b>"Nur"</b>', application.text)
        # the officer gets an activity to cross-check
        self.assertTrue(member.activity_ids)
        self.assertTrue(member.id_document_name.startswith("ktp"))
        self.assertNotIn("\x00", member.id_document_name)

    def test_online_registration_pdf_document(self):
        response = self._post_form(file=("ktp.pdf", PDF_BYTES, "application/pdf"))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(self.Member.search([("nik", "=", NIK_FEMALE)]).id_document)

    def test_bad_input(self):
        before = self._count()
        cases = [
            # Full name is required.
            ({"name": ""}, None, "Nama lengkap wajib diisi."),
            # The date of birth is not valid.
            ({"birthdate": "31-02-1995"}, None, "Tanggal lahir tidak sah."),
            # The NIK must have 16 digits, not 5.
            ({"nik": "12345"}, None, "NIK harus 16 digit, bukan 5."),
            # The birth date in the NIK (...) differs from the birth date entered (...).
            (
                {"nik": "3374016108959902", "birthdate": "1995-08-22"},
                None,
                "berbeda dengan tanggal lahir yang diisi",
            ),
            # The email address is not valid.
            ({"email": "not-an-email"}, None, "Alamat email tidak sah."),
            # Choose a member category.
            ({"category_id": "999999"}, None, "Pilih kategori anggota."),
            # Choose the gender.
            ({"gender": "x"}, None, "Pilih jenis kelamin."),
            # The ID document must be an image (JPEG, PNG) or a PDF file.
            (
                {},
                ("ktp.pdf", b"MZ\x90\x00 this is an exe", "application/pdf"),
                "harus berupa gambar (JPEG, PNG) atau berkas PDF",
            ),
            (
                {},
                ("ktp.jpg", b"<script>alert(1)</script>", "image/jpeg"),
                "harus berupa gambar (JPEG, PNG) atau berkas PDF",
            ),
            # The file is larger than 5 MB.
            (
                {},
                ("big.jpg", b"\xff\xd8\xff" + b"0" * (5 * 1024 * 1024 + 10), "image/jpeg"),
                "Berkas lebih besar dari 5 MB.",
            ),
            # Upload a scan or photo of your ID document.
            ({}, False, "Unggah pindaian atau foto dokumen identitas Anda."),
        ]
        for values, file, message in cases:
            with self.subTest(message=message):
                kwargs = {"file": file} if file is not None else {}
                response = self._post_form(values, **kwargs)
                self.assertEqual(response.status_code, 200)
                self.assertIn(message, response.text)
        self.assertEqual(self._count(), before, "nothing half-made")

    def test_hostile_input_in_indonesian(self):
        """NUL bytes, impossible dates, digits that are not 0-9, huge texts: a clear
        Indonesian message on the page, never a server error, and no record."""
        self.opener.cookies.set("frontend_lang", "id_ID")
        self.env["res.lang"]._activate_lang("id_ID")
        self.env["ir.module.module"]._load_module_terms(["library_membership"], ["id_ID"])
        before = self._count()
        not_allowed = "Isian ini berisi karakter yang tidak diperbolehkan."
        too_long = "Isian ini terlalu panjang: paling banyak"
        cases = [
            ({"name": "Siti\x00Nur"}, None, not_allowed),
            ({"street": "Jl.\x00 Kudus"}, None, not_allowed),
            ({"place_of_birth": "Ku\x00dus"}, None, not_allowed),
            ({"occupation": "\x00"}, None, not_allowed),
            ({"email": "siti\x00@example.com"}, None, not_allowed),
            ({"nik": "3374016108959\x0002"}, None, not_allowed),
            ({"gender": "female\x00"}, None, not_allowed),
            ({"category_id": f"{self.category.id}\x00"}, None, not_allowed),
            ({"name": "Siti\x1bNur"}, None, not_allowed),
            ({"birthdate": "0001-01-01"}, None, "Tanggal lahir tidak sah."),
            ({"birthdate": "99999-01-01"}, None, "Tanggal lahir tidak sah."),
            ({"birthdate": "1995-08-21\x00"}, None, not_allowed),
            ({"nik": "337401610895990²"}, None, "NIK hanya boleh berisi angka."),
            ({"nik": "٣٣٧٤٠١٦١٠٨٩٥٩٩٠٢"}, None, "NIK hanya boleh berisi angka."),
            ({"phone": "0813²²²²²²²"}, None, "Nomor telepon hanya boleh berisi angka"),
            ({"phone": "٠٨١٣١١١١٢٢٢٢"}, None, "Nomor telepon hanya boleh berisi angka"),
            ({"phone": "0811"}, None, "Nomor telepon harus terdiri dari 7 sampai 15 angka."),
            ({"name": "x" * 100_000}, None, too_long),
            ({"street": "x" * 100_000}, None, too_long),
            ({"occupation": "x" * 100_000}, None, too_long),
            ({"place_of_birth": "x" * 100_000}, None, too_long),
            ({"email": "a" * 100_000 + "@example.com"}, None, too_long),
            ({"id_type": "ktm", "nik": "", "id_number": "x" * 100_000}, None, too_long),
            ({"nik": "3" * 100_000}, None, "NIK harus 16 digit, bukan 100000."),
        ]
        for values, file, message in cases:
            with self.subTest(values=str(values)[:60]):
                kwargs = {"file": file} if file is not None else {}
                response = self._post_form(values, **kwargs)
                self.assertEqual(response.status_code, 200)
                self.assertIn(message, response.text)
                self.assertIn("Perbaiki isian yang ditandai merah.", response.text)
                self.assertNotIn("\x00", response.text)
                self.assertLess(len(response.text), 60_000, "the page does not echo it all")
        # a text field sent as a file, a file name with a NUL byte
        response = self._post_form(files_as_text="name")
        self.assertIn("Nama lengkap wajib diisi.", response.text)
        self.assertEqual(self._count(), before, "nothing half-made")
        response = self._post_form(file=("ktp\x00.jpg", make_image(), "image/jpeg"))
        self.assertEqual(response.status_code, 200)
        member = self.Member.search([("nik", "=", NIK_FEMALE)])
        self.assertTrue(member.id_document_name.startswith("ktp"))
        self.assertNotIn("\x00", member.id_document_name)

    def test_public_answer_does_not_tell_who_is_registered(self):
        """A member's NIK and a new NIK get the same answer; the application with the
        member's NIK is stored for the officer, who sees the member at the cross-check."""
        member = self.env.ref("library_membership.library_member_active_demo")
        self.assertTrue(member.nik)
        before = self._count()
        known = self._received(
            self._post_form(
                {
                    "nik": member.nik,
                    "birthdate": member.birthdate.isoformat(),
                    "gender": member.gender,
                    "name": "Orang Lain",
                    "email": "lain@example.com",
                }
            )
        )
        unknown = self._received(self._post_form())
        self.assertEqual(known, unknown)
        self.assertNotIn("already registered", known)
        self.assertNotIn("sudah terdaftar", known)  # (the NIK) is already registered
        self.assertEqual(self._count(), before + 2)
        application = self.Member.search([("nik", "=", member.nik), ("id", "!=", member.id)])
        self.assertEqual((application.state, application.channel), ("submitted", "online"))
        self.assertIn(member, application.duplicate_ids)
        self.assertEqual(member.state, "active", "the member is untouched")

    def test_the_same_application_twice_is_one(self):
        """A double click, a replay, the same KTM sent twice: one application, one
        e-mail, the same answer. Another e-mail address is another application."""
        Mail = self.env["mail.mail"]
        to_applicants = [("email_to", "in", ("siti.online@example.com", "k@example.com"))]
        before = self._count()
        first = self._received(self._post_form())
        again = self._received(self._post_form())
        self.assertEqual(first, again)
        ktm = {"id_type": "ktm", "nik": "", "id_number": "KTM 2024 001", "email": "k@example.com"}
        self._received(self._post_form(ktm))
        self._received(self._post_form(ktm))
        self.assertEqual(self._count(), before + 2)
        self.assertEqual(Mail.search_count(to_applicants), 2)
        self.assertEqual(len(self.Member.search([("id_number", "=", "KTM 2024 001")])), 1)
        # the applicant who corrects a mistyped address applies again: the officer
        # merges the two at the cross-check
        self._received(self._post_form({"email": "siti.benar@example.com"}))
        applications = self.Member.search([("nik", "=", NIK_FEMALE)])
        self.assertEqual(len(applications), 2)
        self.assertIn(applications[1], applications[0].duplicate_ids)

    def test_rate_limit_per_ip(self):
        """A script sending applications (each one an e-mail to the address typed) or
        complaints is stopped at the sixth in a minute from one IP, in words."""
        self.env["ir.config_parameter"].sudo().set_param("layanan_base.rate_limit_per_minute", "5")
        # Too many requests from your address. Please wait a moment and try again.
        too_many = (
            "Terlalu banyak permintaan dari alamat Anda. Mohon tunggu sebentar, lalu coba lagi."
        )
        before = self._count()
        for serial in range(1, 6):
            values = {"nik": f"337401610895{9910 + serial}", "email": f"s{serial}@example.com"}
            self._received(self._post_form(values))
        values = {"nik": "3374016108959920", "email": "s6@example.com"}
        response = self._post_form(values)
        self.assertEqual(response.status_code, 429)
        self.assertIn(too_many, response.text)
        self.assertIn('value="s6@example.com"', response.text, "what was typed is kept")
        self.assertEqual(self._count(), before + 5)
        # the complaint form has its own count
        Complaint = self.env["library.complaint"]
        count = Complaint.search_count([])
        url = "/perpustakaan/pengaduan"
        good = {"name": "Ani", "contact": "0811", "subject": "Loket", "description": "Tutup"}
        for _i in range(5):
            response = self.url_open(url, data=dict(good, csrf_token=self._csrf(url)))
            # has been received; we will answer you.
            self.assertIn("telah diterima; kami akan menjawab Anda.", response.text)
        response = self.url_open(url, data=dict(good, csrf_token=self._csrf(url)))
        self.assertEqual(response.status_code, 429)
        self.assertIn(too_many, response.text)
        self.assertEqual(Complaint.search_count([]), count + 5)

    def test_token_access_and_revision(self):
        self._post_form()
        member = self.Member.search([("nik", "=", NIK_FEMALE)])
        url = f"/perpustakaan/pendaftaran/{member.id}"
        self.assertEqual(self.url_open(url).status_code, 404)
        self.assertEqual(self.url_open(url + "?access_token=wrong").status_code, 404)
        page = self.url_open(f"{url}?access_token={member.access_token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(member.reference, page.text)
        # another applicant's token does not open this application
        other = self.env.ref("library_membership.library_member_to_revise_demo")
        other._portal_ensure_token()
        self.assertEqual(self.url_open(f"{url}?access_token={other.access_token}").status_code, 404)
        self.assertEqual(
            self.url_open("/perpustakaan/pendaftaran/999999?access_token=x").status_code, 404
        )
        # a submitted application cannot be changed
        data = dict(FORM, category_id=str(self.category.id), access_token=member.access_token)
        data["csrf_token"] = self._csrf("/perpustakaan/daftar")
        response = self.url_open(url, data=dict(data, name="Ganti"))
        # This application cannot be changed any more.
        self.assertIn("Permohonan ini tidak dapat diubah lagi.", response.text)
        self.assertEqual(member.name, FORM["name"])
        # sent back for revision, the applicant corrects through the link
        officer = new_test_user(
            self.env, login="lm_http_officer", groups="library_membership.group_officer"
        )
        member.with_user(officer).action_send_back(reason="Tempat lahir salah")
        page = self.url_open(f"{url}?access_token={member.access_token}")
        self.assertIn("Tempat lahir salah", page.text)
        response = self.url_open(url, data=dict(data, place_of_birth="Semarang"))
        self.assertEqual(response.status_code, 200)
        member.invalidate_recordset()
        self.assertEqual(member.state, "submitted")
        self.assertEqual(member.place_of_birth, "Semarang")
        # noted in the applicant's language: "The applicant corrected the application online."
        self.assertIn(
            "Calon anggota memperbaiki permohonan secara online.",
            "".join(member.message_ids.mapped("body")),
        )

    def test_any_token_in_the_url_is_not_found(self):
        """A token with non-ASCII characters, or an id beyond PostgreSQL's integers, is
        a link that is not valid (404), never a server error."""
        member = self.env.ref("library_membership.library_member_to_revise_demo")
        member._portal_ensure_token()
        url = f"/perpustakaan/pendaftaran/{member.id}"
        for token in ("é", "ك" * 36, "\u00a0", "%00", "%FF", member.access_token + "é", "😀"):
            with self.subTest(token=token):
                response = self.url_open(f"{url}?access_token={token}")
                self.assertEqual(response.status_code, 404)
        csrf = self._csrf("/perpustakaan/daftar")
        response = self.url_open(url, data={"csrf_token": csrf, "access_token": "é"})
        self.assertEqual(response.status_code, 404)
        for member_id in (99999999999, 2**31, 2**63, 0):
            with self.subTest(member_id=member_id):
                response = self.url_open(f"/perpustakaan/pendaftaran/{member_id}?access_token=x")
                self.assertEqual(response.status_code, 404)
        # the right token still opens it
        page = self.url_open(f"{url}?access_token={member.access_token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(member.reference, page.text)

    def test_complaint_form(self):
        Complaint = self.env["library.complaint"]
        before = Complaint.search_count([])
        url = "/perpustakaan/pengaduan"
        response = self.url_open(url, data={"csrf_token": self._csrf(url), "name": "Ani"})
        self.assertIn("Perihal wajib diisi.", response.text)  # The subject is required.
        self.assertEqual(Complaint.search_count([]), before)
        response = self.url_open(
            url,
            data={
                "csrf_token": self._csrf(url),
                "name": "Ani <script>x</script>",
                "contact": "ani@example.com",
                "subject": "Loket tutup",
                "description": "Loket tutup jam 11",
            },
        )
        complaint = Complaint.search([], limit=1, order="id desc")
        self.assertEqual(Complaint.search_count([]), before + 1)
        self.assertEqual(complaint.channel, "web")
        self.assertEqual(complaint.complainant_name, "Ani <script>x</script>")
        self.assertEqual(complaint.email_from, "ani@example.com")
        self.assertTrue(complaint.activity_ids, "an officer is asked to answer")
        self.assertIn(complaint.reference, response.text)

    def test_hostile_correction_and_complaint(self):
        """The correction form and the complaint form take no NUL byte either."""
        self.opener.cookies.set("frontend_lang", "id_ID")
        self.env["res.lang"]._activate_lang("id_ID")
        self.env["ir.module.module"]._load_module_terms(["library_membership"], ["id_ID"])
        not_allowed = "Isian ini berisi karakter yang tidak diperbolehkan."
        self._post_form()
        member = self.Member.search([("nik", "=", NIK_FEMALE)])
        officer = new_test_user(
            self.env, login="lm_http_officer2", groups="library_membership.group_officer"
        )
        member.with_user(officer).action_send_back(reason="Alamat kurang lengkap")
        url = f"/perpustakaan/pendaftaran/{member.id}"
        data = dict(FORM, category_id=str(self.category.id), access_token=member.access_token)
        data.update(street="Jl.\x00", csrf_token=self._csrf("/perpustakaan/daftar"))
        response = self.url_open(url, data=data)
        self.assertEqual(response.status_code, 200)
        self.assertIn(not_allowed, response.text)
        self.assertNotIn("\x00", response.text)
        member.invalidate_recordset()
        self.assertEqual((member.state, member.street), ("to_revise", FORM["street"]))
        Complaint = self.env["library.complaint"]
        before = Complaint.search_count([])
        url = "/perpustakaan/pengaduan"
        good = {"name": "Ani", "contact": "0811", "subject": "Loket", "description": "Tutup"}
        for key in good:
            with self.subTest(field=key):
                values = dict(good, **{key: good[key] + "\x00"}, csrf_token=self._csrf(url))
                response = self.url_open(url, data=values)
                self.assertEqual(response.status_code, 200)
                self.assertIn(not_allowed, response.text)
                self.assertNotIn("\x00", response.text)
        values = dict(good, contact="0" * 100_000, csrf_token=self._csrf(url))
        response = self.url_open(url, data=values)
        self.assertIn("Isian ini terlalu panjang: paling banyak 128 karakter.", response.text)
        self.assertEqual(Complaint.search_count([]), before)

    @mute_logger("odoo.http")
    def test_post_without_csrf_is_refused(self):
        before = self._count()
        response = self.url_open("/perpustakaan/daftar", data=dict(FORM))
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._count(), before)


@tagged("post_install", "-at_install")
class TestPortalCard(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member = cls.env.ref("library_membership.library_member_active_demo")
        cls.portal_user = cls.env.ref("library_membership.user_member_active_demo")
        cls.env["res.lang"]._activate_lang("id_ID")
        cls.env["ir.module.module"]._load_module_terms(["library_membership"], ["id_ID"])

    def test_portal_card(self):
        self.authenticate("rina.perpus", "rina.perpus")
        page = self.url_open("/my/library-card")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.member.member_number, page.text)
        self.assertIn("data:image/svg+xml;base64,", page.text)  # the QR code
        pdf = self.url_open("/my/library-card/pdf")
        self.assertEqual(pdf.headers["Content-Type"], "application/pdf")
        self.assertIn(
            f"kartu-anggota-{self.member.member_number}.pdf", pdf.headers["Content-Disposition"]
        )
        # in test mode Odoo renders reports as HTML: the card's content is there
        self.assertIn(self.member.member_number.encode(), pdf.content)

    def test_portal_card_in_indonesian(self):
        self.portal_user.lang = "id_ID"
        self.authenticate("rina.perpus", "rina.perpus")
        page = self.url_open("/my/library-card")
        self.assertIn("Kartu Anggota Perpustakaan", page.text)
        self.assertIn("Unduh PDF", page.text)

    def test_expired_card_is_shown_but_not_printed(self):
        expired = self.env.ref("library_membership.library_member_expired_demo")
        user = new_test_user(
            self.env, login="lm_portal_expired", groups="base.group_portal", lang="id_ID"
        )
        expired.partner_id = user.partner_id
        self.authenticate("lm_portal_expired", "lm_portal_expired")
        page = self.url_open("/my/library-card")
        self.assertIn(expired.member_number, page.text)
        self.assertIn("Kartu ini sudah berakhir dan tidak dapat dicetak", page.text)
        self.assertNotIn('href="/my/library-card/pdf"', page.text)
        response = self.url_open("/my/library-card/pdf")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith("/my/library-card"), response.url)
        self.assertNotIn("application/pdf", response.headers["Content-Type"])
        self.assertIn("Kartu ini sudah berakhir", response.text)

    def test_other_portal_user_has_no_card(self):
        new_test_user(self.env, login="lm_portal_other", groups="base.group_portal")
        self.authenticate("lm_portal_other", "lm_portal_other")
        page = self.url_open("/my/library-card")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn(self.member.member_number, page.text)
        self.assertEqual(self.url_open("/my/library-card/pdf").status_code, 404)

    def test_public_user_is_sent_to_login(self):
        response = self.url_open("/my/library-card", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])


@tagged("post_install", "-at_install")
class TestCardPrintUrl(HttpCase):
    """The card's report URL refuses members without a valid card, like the button."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("id_ID")
        cls.env["ir.module.module"]._load_module_terms(["library_membership"], ["id_ID"])
        cls.officer = new_test_user(
            cls.env,
            login="lm_report_officer",
            groups="library_membership.group_officer",
            lang="id_ID",
        )

    @mute_logger("odoo.http")
    def test_report_url_refuses_members_without_a_card(self):
        self.authenticate("lm_report_officer", "lm_report_officer")
        for xmlid in ("library_member_draft_demo", "library_member_expired_demo"):
            member = self.env.ref(f"library_membership.{xmlid}")
            state = member.state
            for converter in ("pdf", "html"):
                with self.subTest(member=xmlid, converter=converter):
                    response = self.url_open(
                        f"/report/{converter}/library_membership.report_member_card/{member.id}"
                    )
                    self.assertEqual(response.status_code, 422)
                    self.assertIn("tidak dapat dicetak", response.text)
                    self.assertNotIn(member.member_number or member.reference, response.text)
            self.assertEqual(member.state, state)

    def test_report_url_only_reads(self):
        """The report routes are read-only in Odoo 19 and the card report only reads: a
        verified member's first card is refused in words (the Print card button
        activates the member first), and an active member's card prints with no write,
        no retry on a read/write cursor and no error in the log."""
        self.authenticate("lm_report_officer", "lm_report_officer")
        verified = self.env.ref("library_membership.library_member_verified_demo")
        self.assertEqual((verified.state, verified.member_number), ("verified", False))
        context = json.dumps({"force_report_rendering": True})
        for converter in ("pdf", "html"):
            with (
                self.assertNoLogs("odoo.sql_db", level="ERROR"),
                self.assertLogs("odoo.http", level="WARNING") as http_logs,
            ):
                response = self.url_open(
                    f"/report/{converter}/library_membership.report_member_card/{verified.id}",
                    params={"context": context},
                    timeout=120,
                )
            self.assertEqual(response.status_code, 422)
            self.assertIn("dicetak dengan tombol Cetak kartu", response.text)
            self.assertNotIn("retrying", "".join(http_logs.output))
        self.env.invalidate_all()
        self.assertEqual((verified.state, verified.member_number), ("verified", False))
        self.assertFalse(verified.step_ids.filtered(lambda s: s.step == "print"))
        # the button activates the member (a read/write call_kw), then the report reads
        verified.with_user(self.officer).action_print_card()
        number, written = verified.member_number, verified.write_date
        self.assertEqual(verified.state, "active")
        for converter in ("pdf", "html"):
            with (
                self.assertNoLogs("odoo.sql_db", level="ERROR"),
                self.assertNoLogs("odoo.http", level="WARNING"),
            ):
                response = self.url_open(
                    f"/report/{converter}/library_membership.report_member_card/{verified.id}",
                    params={"context": context},
                    timeout=120,
                )
            self.assertEqual(response.status_code, 200)
            if converter == "pdf":
                self.assertEqual(response.headers["Content-Type"], "application/pdf")
                text = pdf_text(response.content)
                self.assertIn("Dewi Lestari", text)
                self.assertIn(number, text)
            else:
                self.assertIn(number, response.text)
        self.env.invalidate_all()
        self.assertEqual((verified.member_number, verified.write_date), (number, written))
        self.assertEqual(len(verified.step_ids.filtered(lambda s: s.step == "print")), 1)
