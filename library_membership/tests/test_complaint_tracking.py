import re

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestComplaintTracking(HttpCase):
    """A complainant follows the complaint through a private link; the public pages'
    words (issue 17, item 11), as a visitor who chose no language reads them."""

    def _csrf(self, url):
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def _complain(self, **values):
        url = "/perpustakaan/pengaduan"
        data = {
            "csrf_token": self._csrf(url),
            "name": "Ani",
            "contact": "ani.lacak@example.com",
            "subject": "Loket tutup",
            "description": "Loket tutup jam 11",
        }
        data.update(values)
        response = self.url_open(url, data=data)
        self.assertEqual(response.status_code, 200)
        complaint = self.env["library.complaint"].search([], limit=1, order="id desc")
        return response, complaint

    def test_complaint_form_says_perihal(self):
        """The form's field and its error use one word: "Perihal"."""
        page = self.url_open("/perpustakaan/pengaduan")
        self.assertIn('<label class="form-label" for="lc_subject">Perihal</label>', page.text)
        self.assertNotIn("Judul", page.text)
        response, _complaint = self._complain(subject="")
        self.assertIn("Perihal wajib diisi.", response.text)
        self.assertNotIn("Judul", response.text)

    def test_the_complainant_follows_the_complaint(self):
        response, complaint = self._complain()
        self.assertTrue(complaint.access_token)
        link = f"/perpustakaan/pengaduan/{complaint.id}?access_token={complaint.access_token}"
        # the thank-you page gives the link
        self.assertIn(f'href="{link}"', response.text)
        self.assertIn("Pantau pengaduan saya", response.text)  # Follow my complaint
        # the acknowledgment e-mail too
        mail = self.env["mail.mail"].search(
            [("model", "=", "library.complaint"), ("res_id", "=", complaint.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertIn(complaint.reference, mail.subject)
        self.assertIn(f'href="{complaint.get_base_url()}{link}"', mail.body_html)
        self.assertIn("ani.lacak@example.com", mail.email_to)
        # the page: number, status, no answer yet
        page = self.url_open(link)
        self.assertEqual(page.status_code, 200)
        self.assertIn(f"Pengaduan <span>{complaint.reference}</span>", page.text)
        self.assertIn("Loket tutup", page.text)
        self.assertIn(">Baru<", page.text)  # New
        self.assertIn("WIB", page.text)
        self.assertNotIn("Jawaban kami", page.text)  # Our answer
        # answered: the status and the answer
        officer = new_test_user(
            self.env, login="lm_track_officer", groups="library_membership.group_officer"
        )
        complaint = complaint.with_user(officer)
        complaint.action_start()
        complaint.response = "Mulai besok loket buka sampai jam 15."
        complaint.action_resolve()
        page = self.url_open(link)
        self.assertIn(">Selesai<", page.text)  # Resolved
        self.assertIn("Jawaban kami", page.text)
        self.assertIn("Mulai besok loket buka sampai jam 15.", page.text)

    def test_a_wrong_link_is_not_found_in_indonesian(self):
        _response, complaint = self._complain()
        _response, other = self._complain(contact="08123456789", subject="Lain")
        self.assertFalse(other.email_from)
        self.assertTrue(other.access_token, "a complainant without e-mail has the link too")
        url = f"/perpustakaan/pengaduan/{complaint.id}"
        tokens = ("", "?access_token=salah", f"?access_token={other.access_token}")
        for query in (*tokens, "?access_token=é", "?access_token=%00"):
            with self.subTest(query=query):
                page = self.url_open(url + query)
                self.assertEqual(page.status_code, 404)
                self.assertIn("Error 404", page.text)
                self.assertNotIn("Traceback", page.text)
                self.assertNotIn(complaint.reference, page.text)
        for complaint_id in (999999999, 2**31, 2**63, 0):
            with self.subTest(complaint_id=complaint_id):
                page = self.url_open(f"/perpustakaan/pengaduan/{complaint_id}?access_token=x")
                self.assertEqual(page.status_code, 404)

    def test_application_page_says_pendaftaran(self):
        """The status page of an application names it by its number: "Pendaftaran
        DAF/...", the seed's word, not "aplikasi"."""
        member = self.env.ref("library_membership.library_member_to_revise_demo")
        member._portal_ensure_token()
        page = self.url_open(
            f"/perpustakaan/pendaftaran/{member.id}?access_token={member.access_token}"
        )
        self.assertEqual(page.status_code, 200)
        self.assertIn(f"Pendaftaran <span>{member.reference}</span>", page.text)
        self.assertNotIn("aplikasi", page.text.lower())
