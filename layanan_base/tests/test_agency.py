import re
from datetime import date

from psycopg2 import IntegrityError

from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger
from odoo.tools.image import image_data_uri


def text_of(html):
    return " ".join(re.sub(r"<[^>]+>", " ", str(html)).split())


@tagged("post_install", "-at_install")
class TestAgency(TransactionCase):
    """The agency's identity, set once, printed by every document: the kop surat and
    who signs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agency = cls.env["layanan.agency"].create(
            {
                "name": "Biro Umum Setda Provinsi Jawa Tengah",
                "letterhead": "PEMERINTAH PROVINSI JAWA TENGAH\n SEKRETARIAT DAERAH\n\nBIRO UMUM",
                "street": "Jl. Pahlawan No. 9",
                "city": "Semarang",
                "zip": "50243",
                "phone": "(024) 8311174",
                "email": "biroumum@jatengprov.go.id",
                "website": "biroumum.jatengprov.go.id",
            }
        )
        cls.doc_type = cls.env["layanan.document.type"].create(
            {"name": "Surat uji", "code": "layanan_base_test"}
        )
        cls.signatory = cls.env["layanan.signatory"].create(
            {
                "agency_id": cls.agency.id,
                "document_type_id": cls.doc_type.id,
                "name": "Dra. Sri Rahayu, M.Si",
                "nip": "196805121990032004",
                "position": "Kepala Biro Umum",
            }
        )

    def _render(self, template, **values):
        values = {"company": self.env.company, "image_data_uri": image_data_uri, **values}
        return self.env["ir.qweb"].with_context(lang="id_ID")._render(template, values)

    def test_the_letterhead_names_the_agency_level_by_level_with_its_contacts(self):
        signatory = self.env["layanan.signatory"]._for_document("layanan_base_test")
        self.assertEqual(signatory, self.signatory)
        text = text_of(self._render("layanan_base.report_letterhead", signatory=signatory))
        self.assertIn(
            "PEMERINTAH PROVINSI JAWA TENGAH SEKRETARIAT DAERAH BIRO UMUM "
            "Jl. Pahlawan No. 9, Semarang, 50243 \N{BULLET} Tel. (024) 8311174 \N{BULLET} "
            "biroumum@jatengprov.go.id \N{BULLET} biroumum.jatengprov.go.id",
            text,
        )

    def test_without_an_agency_the_company_heads_the_document(self):
        nobody = self.env["layanan.signatory"]._for_document("no_such_document")
        self.assertFalse(nobody)
        text = text_of(self._render("layanan_base.report_letterhead", signatory=nobody))
        self.assertEqual(text, self.env.company.name)
        self.assertFalse(text_of(self._render("layanan_base.report_signature", signatory=nobody)))

    def test_the_signature_block_gives_place_date_position_name_and_nip(self):
        text = text_of(
            self._render(
                "layanan_base.report_signature",
                signatory=self.signatory,
                issue_date=date(2026, 12, 7),
            )
        )
        self.assertEqual(
            text,
            "Semarang, 7 Desember 2026 Kepala Biro Umum Dra. Sri Rahayu, M.Si "
            "NIP 196805121990032004",
        )

    def test_one_signatory_per_document_type(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["layanan.signatory"].create(
                {
                    "agency_id": self.agency.id,
                    "document_type_id": self.doc_type.id,
                    "name": "Orang Lain",
                    "position": "Plt. Kepala Biro Umum",
                }
            )
            self.env.flush_all()
