import hashlib

from odoo import models
from odoo.tools.safe_eval import safe_eval, time

# what marks a stored document among a record's attachments
MARK = "layanan_document"


class LayananStoredDocument(models.AbstractModel):
    """A document printed once and served from storage afterwards.

    Rendering a PDF holds an HTTP worker for a second or more (wkhtmltopdf); a member who
    prints the same invoice or card again, or many members at once, would keep every
    worker busy while other pages wait. The step that makes the document final (an
    approval's job, the card's Print button) renders it once and stores it as an
    attachment of the record; every later print of that same document (the portal, the
    report URL, the Print menu) is served from it, as Odoo serves an invoice's PDF.

    A document is stored for what it shows (``_document_values``): when any of it
    changes (a moved booking has a new invoice, a renewed card a new date), the stored
    PDF no longer matches and the document is rendered live again, never written by the
    print itself (a report only reads), until a step stores the new one."""

    _name = "layanan.stored.document"
    _description = "Document printed once, served from storage"
    # the report_name of the document's report (ir.actions.report)
    _document_report = None

    def _document_values(self):
        """Everything the document shows, as a tuple of plain values; a model adds its
        own to these."""
        self.ensure_one()
        company = self.env.company
        # the base URL is in the document's links and QR codes
        return (self._document_lang(), self.get_base_url(), company.name, company.write_date)

    def _document_lang(self):
        """The language the document is printed in, whoever prints it."""
        self.ensure_one()
        return self.env.lang or "en_US"

    def _document_check_printable(self):
        """Raise when the current user may not print these records' document."""
        self.check_access("read")

    def _document_key(self):
        self.ensure_one()
        values = repr(self.with_context(lang=self._document_lang())._document_values())
        return f"{MARK}:{self._document_report}:{hashlib.sha256(values.encode()).hexdigest()}"

    def _document_stored(self):
        """The stored PDF (an ir.attachment, sudo) of this record's document as it is
        now, or an empty recordset."""
        self.ensure_one()
        return (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "=", self.id),
                    ("description", "=", self._document_key()),
                ],
                limit=1,
            )
        )

    def _store_documents(self):
        """Render and store each record's document as it is now, replacing the ones it
        supersedes. Called by the step that makes a document final (never by a print);
        returns the stored attachments."""
        Report = self.env["ir.actions.report"]
        report_sudo = Report._get_report(self._document_report)
        Attachment = self.env["ir.attachment"].sudo()
        stored = Attachment
        for record in self:
            existing = record._document_stored()
            if existing:
                stored |= existing
                continue
            pdf, kind = Report._render_qweb_pdf(self._document_report, record.ids)
            if kind != "pdf":  # tests render HTML unless told to run wkhtmltopdf
                continue
            name = record.display_name
            if report_sudo.print_report_name:
                name = safe_eval(report_sudo.print_report_name, {"object": record, "time": time})
            old = Attachment.search(
                [
                    ("res_model", "=", record._name),
                    ("res_id", "=", record.id),
                    ("description", "=like", f"{MARK}:{self._document_report}:%"),
                ]
            )
            stored |= Attachment.create(
                {
                    "name": f"{name}.pdf",
                    "raw": pdf,
                    "mimetype": "application/pdf",
                    "res_model": record._name,
                    "res_id": record.id,
                    "description": record._document_key(),
                }
            )
            old.unlink()
        return stored
