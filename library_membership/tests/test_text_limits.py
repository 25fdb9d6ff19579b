from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import LibraryCase

TOO_LONG = "is too long: at most %s characters"
NOT_ALLOWED = "contains characters that are not allowed"


@tagged("post_install", "-at_install")
class TestTextLimits(LibraryCase):
    """What people type has a maximum and no NUL, refused in words by the model itself
    (the public forms, the backend and RPC alike), with nothing stored."""

    def _refused(self, records, vals, message):
        before = records.read(list(vals))
        with self.assertRaisesRegex(ValidationError, message):
            records.write(vals)
        records.invalidate_recordset()
        self.assertEqual(records.read(list(vals)), before)

    def test_member_texts(self):
        member = self._new_member()
        for vals, message in (
            ({"name": "x" * 129}, "Full name " + TOO_LONG % 128),
            ({"nik": "3374011205909901999"}, "NIK " + TOO_LONG % 16),
            ({"id_number": "x" * 129}, TOO_LONG % 128),
            ({"place_of_birth": "x" * 129}, TOO_LONG % 128),
            ({"street": "x" * 501}, TOO_LONG % 500),
            ({"phone": "0" * 33}, TOO_LONG % 32),
            ({"email": "a" * 120 + "@example.com"}, TOO_LONG % 128),
            ({"occupation": "x" * 100_000}, TOO_LONG % 128),
            ({"name": "Bambang\x00"}, NOT_ALLOWED),
            ({"street": "Jl.\x1b Pemuda"}, NOT_ALLOWED),
            # looked up before it is stored: refused in words, not by PostgreSQL
            ({"nik": "337401120590\x009901"}, NOT_ALLOWED),
        ):
            with self.subTest(vals=str(vals)[:40]):
                self._refused(member, vals, message)
        count = self.env["library.member"].search_count([])
        with self.assertRaisesRegex(ValidationError, TOO_LONG % 128):
            self._new_member(name="x" * 100_000, nik="3374011205909902")
        with self.assertRaisesRegex(ValidationError, NOT_ALLOWED):
            self._new_member(nik="3374011205909\x0003")
        self.assertEqual(self.env["library.member"].search_count([]), count)
        # the officer's note to the applicant
        member = self._online_member(nik="3374011205909904", email="o@example.com")
        with self.assertRaisesRegex(ValidationError, TOO_LONG % 5000):
            member.action_send_back(reason="x" * 100_000)
        self.assertEqual((member.state, member.revision_note), ("submitted", False))

    def test_complaint_texts(self):
        complaint = (
            self.env["library.complaint"]
            .with_user(self.officer)
            .create({"name": "Loket tutup", "complainant_name": "Ani", "channel": "telephone"})
        )
        for vals, message in (
            ({"name": "x" * 201}, "Subject " + TOO_LONG % 200),
            ({"complainant_name": "x" * 129}, TOO_LONG % 128),
            ({"complainant_contact": "0" * 129}, TOO_LONG % 128),
            ({"description": "x" * 5001}, TOO_LONG % 5000),
            ({"response": "x" * 100_000}, TOO_LONG % 5000),
            ({"response": "Sudah\x00"}, NOT_ALLOWED),
        ):
            with self.subTest(vals=str(vals)[:40]):
                self._refused(complaint, vals, message)

    def test_complaint_by_email_is_kept_to_the_limits(self):
        """Nobody typed an e-mail's subject in our form: it is cut, not refused (a
        refused e-mail would be lost)."""
        alias = self.env.ref("library_membership.mail_alias_complaint")
        message = (
            "From: Ani <ani@example.com>\r\n"
            f"To: {alias.alias_name}@example.com\r\n"
            f"Subject: Kartu {'belum jadi ' * 40}\r\n"
            "Message-ID: <lm-test-limits@example.com>\r\n"
            "Content-Type: text/plain\r\n\r\n"
            "Sudah dua minggu kartu saya belum jadi.\r\n"
        )
        thread_id = self.env["mail.thread"].message_process("library.complaint", message)
        complaint = self.env["library.complaint"].browse(thread_id)
        self.assertEqual(len(complaint.name), 200)
        self.assertTrue(complaint.name.startswith("Kartu belum jadi"))
        self.assertEqual(complaint.email_from, "ani@example.com")

    def test_configuration_names(self):
        category = self.category.with_user(self.manager)
        self._refused(category, {"name": "x" * 129}, TOO_LONG % 128)
        step = self.env.ref("library_membership.sop_step_form").with_user(self.manager)
        self._refused(step, {"name": "x" * 201}, TOO_LONG % 200)
