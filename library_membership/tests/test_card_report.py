import datetime
import io
import time
from unittest.mock import patch

from PyPDF2 import PdfReader

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.base.models import ir_actions_report

from .common import PHOTO, LibraryCase, pdf_text

MM_PER_POINT = 25.4 / 72


def not_rendered(args):
    raise AssertionError("wkhtmltopdf ran: the stored card was not served")


@tagged("post_install", "-at_install")
class TestCardReport(LibraryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # wkhtmltopdf must not wait for the test server (it shares the test cursor): the
        # card has its styles and images inline, so the report assets are not needed.
        cls.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")

    def test_card_pdf(self):
        member = self._verified_member(image_1920=PHOTO, name="Sri Rahayu Ningsih")
        member.action_photo_taken()
        self.assertEqual(member.state, "verified")
        # the first print's button activates the member, then the report is made
        action = member.action_print_card()
        self.assertEqual(action["report_name"], "library_membership.report_member_card")
        self.assertEqual(member.state, "active")
        self.assertTrue(member.member_number)
        self.assertEqual(member.sop_step, "print")
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_user(self.officer)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("library_membership.action_report_member_card", member.ids)
        )
        self.assertEqual(kind, "pdf")
        reader = PdfReader(io.BytesIO(pdf))
        self.assertEqual(len(reader.pages), 2, "front and back")
        for page in reader.pages:
            width = float(page.mediabox.width) * MM_PER_POINT
            height = float(page.mediabox.height) * MM_PER_POINT
            self.assertAlmostEqual(width, 85.6, delta=0.5)
            self.assertAlmostEqual(height, 54.0, delta=0.5)
        text = pdf_text(pdf)
        self.assertIn("Sri Rahayu Ningsih", text)
        self.assertIn(member.member_number, text)
        self.assertIn("Jl. Sriwijaya No. 49A, Semarang, 50263", text)
        self.assertIn("024-8317963", text)
        self.assertIn("08179504572", text)
        self.assertIn("perpusdajateng@yahoo.com", text)
        self.assertIn(member.expiry_date.strftime("%d-%m-%Y"), text)
        # a reprint keeps the number
        number = member.member_number
        member.action_print_card()
        self.assertEqual(member.member_number, number)

    def test_the_card_names_the_agency_of_the_deployment(self):
        """Another province's library prints its own name, address and emblem on the
        card, set on its agency page: nothing of Central Java's is written in the card."""
        Signatory = self.env["layanan.signatory"]
        doc_type = self.env.ref("library_membership.layanan_document_type_library_member_card")
        Signatory.search([("document_type_id", "=", doc_type.id)]).unlink()
        agency = self.env["layanan.agency"].create(
            {
                "name": "Dinas Perpustakaan Provinsi Uji",
                "letterhead": "PEMERINTAH PROVINSI UJI\nDINAS PERPUSTAKAAN",
                "street": "Jl. Merdeka No. 1",
                "city": "Kota Uji",
                "phone": "0211-555",
            }
        )
        Signatory.create(
            {
                "agency_id": agency.id,
                "document_type_id": doc_type.id,
                "name": "Kepala Uji",
                "position": "Kepala Dinas",
            }
        )
        member = self._verified_member(image_1920=PHOTO, name="Sri Rahayu Ningsih")
        member.action_photo_taken()
        member.action_print_card()
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.officer)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("library_membership.action_report_member_card", member.ids)
        )
        text = pdf_text(pdf)
        self.assertIn("Dinas Perpustakaan Provinsi Uji", text)
        self.assertIn("Jl. Merdeka No. 1, Kota Uji", text)
        self.assertIn("0211-555", text)
        self.assertNotIn("Jawa Tengah", text)
        self.assertNotIn("Sriwijaya", text)

    def test_the_card_is_signed_by_its_signatory(self):
        """The card is a document of the agency (issue 16): its back carries the
        signatory's block as under a letter, in the member's language: the place and
        date of issue (the card's first print), the position, the name and the NIP. The
        card's number, on its front, is the document's number."""
        Signatory = self.env["layanan.signatory"]
        doc_type = self.env.ref("library_membership.layanan_document_type_library_member_card")
        Signatory.search([("document_type_id", "=", doc_type.id)]).unlink()
        agency = self.env["layanan.agency"].create(
            {
                "name": "Dinas Kearsipan dan Perpustakaan Provinsi Uji",
                "letterhead": "PEMERINTAH PROVINSI UJI\nDINAS KEARSIPAN DAN PERPUSTAKAAN",
                "city": "Semarang",
            }
        )
        Signatory.create(
            {
                "agency_id": agency.id,
                "document_type_id": doc_type.id,
                "name": "Dra. Sri Wahyuni, M.Hum.",
                "nip": "19700417 199503 2 002",
                "position": "Kepala Bidang Layanan Perpustakaan",
            }
        )
        self.env["res.lang"]._activate_lang("id_ID")
        member = self._verified_member(image_1920=PHOTO, name="Sri Rahayu Ningsih")
        member.action_photo_taken()
        member.action_print_card()
        self.assertTrue(member.partner_id, "the card's print made the member's contact")
        member.partner_id.sudo().lang = "id_ID"
        member.sudo()._write_server_fields({"card_date": datetime.date(2026, 12, 7)})
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.officer)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("library_membership.action_report_member_card", member.ids)
        )
        text = " ".join(pdf_text(pdf).split())
        self.assertIn(member.member_number, text)
        self.assertIn(
            "Semarang, 7 Desember 2026 Kepala Bidang Layanan Perpustakaan "
            "Dra. Sri Wahyuni, M.Hum. NIP 19700417 199503 2 002",
            text,
        )

    def test_no_card_for_members_without_a_valid_card(self):
        """Draft, submitted, cancelled and expired members get no card, in plain
        Indonesian for an Indonesian officer, and nothing about them changes."""
        Report = self._in_indonesian(self.env["ir.actions.report"])
        draft = self._new_member(image_1920=PHOTO)
        submitted = self._new_member(
            name="Ani", nik=False, id_type="ktm", id_number="K-A", phone="0811", email=False
        )
        submitted.action_submit()
        cancelled = self._new_member(
            name="Batal", nik=False, id_type="ktm", id_number="K-B", phone="0812", email=False
        )
        cancelled.action_cancel()
        expired = self.env.ref("library_membership.library_member_expired_demo")
        for member, state in (
            (draft, "Draf"),
            (submitted, "Diajukan"),
            (cancelled, "Dibatalkan"),
            (expired, "Berakhir"),
        ):
            before = member.read(["state", "member_number", "expiry_date", "sop_step"])
            with self.assertRaises(UserError) as caught:
                Report._render_qweb_pdf("library_membership.action_report_member_card", member.ids)
            self.assertEqual(
                caught.exception.args[0],
                f"Kartu anggota untuk {member.name} ({state}) tidak dapat dicetak: kartu "
                "hanya dicetak untuk anggota yang terverifikasi atau aktif.",
            )
            self.assertEqual(
                member.read(["state", "member_number", "expiry_date", "sop_step"]), before
            )
        # a verified member's first card comes from the Print card button, never from
        # the report (the Print menu, the report URL): the report only reads
        first = self._verified_member(
            image_1920=PHOTO,
            name="Wulan Sari",
            nik=False,
            id_type="ktm",
            id_number="K-F",
            phone="0814",
            email=False,
        )
        self.assertEqual(first.state, "verified")
        before = first.read(["state", "member_number", "expiry_date", "sop_step"])
        with self.assertRaises(UserError) as caught:
            Report._render_qweb_pdf("library_membership.action_report_member_card", first.ids)
        self.assertEqual(
            caught.exception.args[0],
            f"Kartu pertama {first.name} dicetak dengan tombol Cetak kartu pada formulir "
            "anggota: tombol itu mengaktifkan keanggotaan.",
        )
        self.assertEqual(first.read(["state", "member_number", "expiry_date", "sop_step"]), before)
        # a batch with one of them prints nothing, and activates nobody
        verified = self._verified_member(
            image_1920=PHOTO,
            name="Sri Rahayu Ningsih",
            nik=False,
            id_type="ktm",
            id_number="K-C",
            phone="0813",
            email=False,
        )
        with self.assertRaisesRegex(UserError, "Bambang Sutrisno"):
            Report._render_qweb_pdf(
                "library_membership.action_report_member_card", (verified | draft).ids
            )
        self.assertEqual(verified.state, "verified")
        self.assertFalse(verified.member_number)

    def test_numbers_are_unique_and_never_reused(self):
        first = self._verified_member(image_1920=PHOTO)
        first.action_print_card()
        first.action_cancel()
        second = self._verified_member(image_1920=PHOTO, name="Bambang Lain")
        second.action_print_card()
        self.assertTrue(first.member_number)
        self.assertNotEqual(first.member_number, second.member_number)

    def test_batch_of_200_cards(self):
        category = self.env.ref("library_membership.category_public")
        members = self.env["library.member"].create(
            [
                {
                    "name": f"Anggota Uji {i:03d}",
                    "id_type": "ktm",
                    "id_number": f"KTM-B-{i}",
                    "category_id": category.id,
                    "state": "active",
                    "member_number": f"B{i:06d}",
                    "expiry_date": "2027-12-31",
                    "image_1920": PHOTO if i % 2 else False,
                }
                for i in range(200)
            ]
        )
        start = time.time()
        pdf, _kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("library_membership.action_report_member_card", members.ids)
        )
        elapsed = time.time() - start
        reader = PdfReader(io.BytesIO(pdf))
        self.assertEqual(len(reader.pages), 400)
        text = pdf_text(pdf)
        self.assertIn("Anggota Uji 000", text)
        self.assertIn("Anggota Uji 199", text)
        self.assertIn("B000199", text)
        self.assertLess(elapsed, 90, "200 cards must print in reasonable time")

    def test_the_print_button_stores_the_card_and_prints_serve_it(self):
        """The card printed by the button is stored; its later prints (the member's
        portal, a reprint) are served from it while the card shows the same, and a
        card that may no longer be printed is refused, stored or not."""
        member = self._verified_member(image_1920=PHOTO, name="Sri Rahayu Ningsih")
        member.action_photo_taken()
        member.with_context(force_report_rendering=True).action_print_card()
        stored = member._document_stored()
        self.assertEqual(len(stored), 1)
        self.assertEqual(stored.name, f"Kartu Anggota - {member.member_number}.pdf")
        self.assertIn(member.member_number, pdf_text(stored.raw))
        Report = (
            self.env["ir.actions.report"]
            .with_user(self.officer)
            .with_context(force_report_rendering=True)
        )
        with patch.object(ir_actions_report, "_run_wkhtmltopdf", not_rendered):
            pdf, _kind = Report._render_qweb_pdf(
                "library_membership.action_report_member_card", member.ids
            )
        self.assertEqual(pdf, stored.raw)
        # a changed card is printed anew, with what it now shows
        member.name = "Sri Rahayu Ningsih Putri"
        self.assertFalse(member._document_stored())
        pdf, _kind = Report._render_qweb_pdf(
            "library_membership.action_report_member_card", member.ids
        )
        self.assertIn("Sri Rahayu Ningsih Putri", pdf_text(pdf))
        # the button stores the new card and drops the one it replaces
        member.with_context(force_report_rendering=True).action_print_card()
        self.assertFalse(stored.exists())
        stored = member._document_stored()
        self.assertTrue(stored)
        # an expired card is refused, although stored
        member.sudo()._write_server_fields({"state": "expired"})
        with self.assertRaisesRegex(UserError, "tidak dapat dicetak|cannot be printed|No member"):
            Report._render_qweb_pdf("library_membership.action_report_member_card", member.ids)
