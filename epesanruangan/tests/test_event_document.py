import subprocess

from odoo.tests import tagged

from .common import EpesanruanganCase


@tagged("post_install", "-at_install")
class TestEventReportDocument(EpesanruanganCase):
    """The event report the leadership receives carries the agency's kop surat and the
    signatory's block in its body."""

    def test_the_event_report_is_headed_and_signed(self):
        Signatory = self.env["layanan.signatory"]
        agency = self.env["layanan.agency"].create(
            {
                "name": "Biro Umum dan Administrasi Setda Provinsi DKI Jakarta",
                "letterhead": "PEMERINTAH PROVINSI DAERAH KHUSUS IBUKOTA JAKARTA\n"
                "SEKRETARIAT DAERAH\nBIRO UMUM DAN ADMINISTRASI",
                "city": "Jakarta",
            }
        )
        values = {
            "agency_id": agency.id,
            "name": "Budi Awaluddin",
            "nip": "197801171997111001",
            "position": "Kepala Biro Umum dan Administrasi",
        }
        signatory = Signatory._for_document("epesanruangan_event_report")
        if signatory:
            signatory.write(values)
        else:
            doc_type = self.env.ref(
                "epesanruangan.layanan_document_type_epesanruangan_event_report"
            )
            Signatory.create(dict(values, document_type_id=doc_type.id))
        booking = self.run_to(self.make_booking(), "scheduled")
        self.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        pdf, _fmt = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("epesanruangan.action_report_event", booking.ids)
        )
        text = " ".join(
            subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
            .stdout.decode()
            .split()
        )
        self.assertIn(
            "PEMERINTAH PROVINSI DAERAH KHUSUS IBUKOTA JAKARTA SEKRETARIAT DAERAH "
            "BIRO UMUM DAN ADMINISTRASI",
            text,
        )
        # the document's number, labelled as a letter's is
        self.assertIn(f"Number: {booking.name}", text)
        self.assertRegex(
            text,
            r"Jakarta, \d{1,2} \w+ \d{4} Kepala Biro Umum dan Administrasi Budi Awaluddin "
            r"NIP 197801171997111001",
        )
