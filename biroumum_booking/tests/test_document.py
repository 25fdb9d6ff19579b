from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import NOW, BiroumumCase


@tagged("post_install", "-at_install")
class TestGovernmentDocument(BiroumumCase):
    """The invoice / Bukti Peminjaman is a government document: the agency's kop surat
    in its body, number, date of issue, due date, the amount in words (terbilang), how
    to pay, and the signatory's block."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Signatory = cls.env["layanan.signatory"]
        agency = cls.env["layanan.agency"].create(
            {
                "name": "Biro Umum Setda Provinsi Jawa Tengah",
                "letterhead": "PEMERINTAH PROVINSI JAWA TENGAH\nSEKRETARIAT DAERAH\nBIRO UMUM",
                "street": "Jl. Pahlawan No. 9",
                "city": "Semarang",
                "phone": "(024) 8311174",
            }
        )
        values = {
            "agency_id": agency.id,
            "name": "Dr. Hendra Wibisono",
            "nip": "197203151998031004",
            "position": "Kepala Biro Umum",
        }
        signatory = Signatory._for_document("biroumum_booking")
        if signatory:
            signatory.write(values)
        else:
            doc_type = cls.env.ref("biroumum_booking.layanan_document_type_biroumum_booking")
            Signatory.create(dict(values, document_type_id=doc_type.id))
        cls.env["res.lang"]._activate_lang("id_ID")
        cls.member.partner_id.lang = "id_ID"

    def setUp(self):
        super().setUp()
        # wkhtmltopdf must not wait on this test's transaction through the live server
        self.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")

    def test_the_invoice_is_a_government_document(self):
        with freeze_time(NOW):
            booking = self._booking()
            booking.action_submit()
            booking.with_user(self.manager).action_approve()
            text = self._pdf_text(booking)
        invoice = booking.invoice_id
        self.assertEqual(invoice.invoice_date, date(2026, 11, 23))
        self.assertIn("PEMERINTAH PROVINSI JAWA TENGAH SEKRETARIAT DAERAH BIRO UMUM", text)
        self.assertIn("Jl. Pahlawan No. 9, Semarang", text)
        self.assertIn(invoice.name, text)
        self.assertIn("23 November 2026", text)
        self.assertIn(booking._format_letter_date(invoice.invoice_date_due), text)
        self.assertIn("Tiga Ratus Ribu Rupiah", text)
        self.assertIn(invoice.name, text.split("Rp 300.000")[-1])  # how to pay quotes it
        self.assertIn(
            "Semarang, 23 November 2026 Kepala Biro Umum Dr. Hendra Wibisono "
            "NIP 197203151998031004",
            text,
        )

    def test_the_free_booking_s_confirmation_is_signed_too(self):
        with freeze_time(NOW):
            free = self._booking(self.free_room)
            free.action_submit()
            free.with_user(self.manager).action_approve()
            text = self._pdf_text(free)
        self.assertIn("PEMERINTAH PROVINSI JAWA TENGAH", text)
        self.assertIn("Semarang, 23 November 2026 Kepala Biro Umum Dr. Hendra Wibisono", text)
        self.assertNotIn("Rupiah", text)
