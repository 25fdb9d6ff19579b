from odoo import api, fields, models

from ..tools import format_letter_date, wib_today


class LayananAgency(models.Model):
    """The agency that serves the public, as its letterhead (kop surat) names it: set
    once per deployment, used by every document of its services."""

    _name = "layanan.agency"
    _description = "Agency (letterhead and signatories)"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    name = fields.Char(
        string="Agency",
        required=True,
        translate=False,
        help="Its full name, e.g. Biro Umum Sekretariat Daerah Provinsi Jawa Tengah.",
    )
    letterhead = fields.Text(
        string="Letterhead lines",
        required=True,
        help="The hierarchy printed at the top of every document, one line per level, "
        "e.g. PEMERINTAH PROVINSI JAWA TENGAH / SEKRETARIAT DAERAH / BIRO UMUM.",
    )
    logo = fields.Image(max_width=512, max_height=512)
    street = fields.Char(string="Address")
    city = fields.Char(help="Also the place of issue printed above the signature.")
    zip = fields.Char(string="Postal code")
    phone = fields.Char()
    email = fields.Char(string="E-mail")
    website = fields.Char()
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    signatory_ids = fields.One2many("layanan.signatory", "agency_id", string="Signatories")

    # what the company shows of the agency: Odoo's own pages, e-mails and documents
    # (the portal's logo and "Copyright", the mail layout) read the company
    COMPANY_FIELDS = ("name", "street", "city", "zip", "phone", "email", "website")

    @api.model_create_multi
    def create(self, vals_list):
        agencies = super().create(vals_list)
        agencies._sync_company()
        return agencies

    def write(self, vals):
        result = super().write(vals)
        if {"sequence", "active", "logo", "company_id", *self.COMPANY_FIELDS} & set(vals):
            self._sync_company()
        return result

    def _sync_company(self):
        """The company takes the name, address, contacts and logo of its first active
        agency: one identity, set once on the agency page, everywhere (no
        "YourCompany" or "Your logo" in front of a citizen)."""
        for company in self.company_id:
            main = self.search([("company_id", "=", company.id)], limit=1)
            if not main:
                continue
            vals = {name: main[name] or False for name in self.COMPANY_FIELDS}
            # the rest of an address the agency does not give (Odoo's demo company is
            # in Brisbane) goes
            vals.update(country_id=self.env.ref("base.id").id, street2=False, state_id=False)
            if main.logo:
                vals["logo"] = main.logo
            company.sudo().write(vals)

    def _letterhead_lines(self):
        self.ensure_one()
        return [line.strip() for line in (self.letterhead or "").splitlines() if line.strip()]

    def _contact_line(self):
        """Address, phone, e-mail and website on one line, as under a kop surat."""
        self.ensure_one()
        address = ", ".join(part for part in (self.street, self.city, self.zip) if part)
        parts = [address] if address else []
        if self.phone:
            parts.append(self.env._("Tel. %(phone)s", phone=self.phone))
        parts += [part for part in (self.email, self.website) if part]
        return " \N{BULLET} ".join(parts)


class LayananDocumentType(models.Model):
    """A type of document a service issues (its invoice, a member card...): each
    service declares its own as data."""

    _name = "layanan.document.type"
    _description = "Type of document issued"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="How the service's reports look it up.")

    _code_unique = models.Constraint("UNIQUE (code)", "A document type code is unique.")


class LayananSignatory(models.Model):
    """Who signs a type of document, as printed under it: name, NIP and position."""

    _name = "layanan.signatory"
    _description = "Signatory of a document type"
    _order = "document_type_id, id"

    agency_id = fields.Many2one("layanan.agency", required=True, ondelete="cascade", index=True)
    document_type_id = fields.Many2one(
        "layanan.document.type", string="Document", required=True, ondelete="cascade"
    )
    name = fields.Char(required=True)
    nip = fields.Char(string="NIP", help="The signatory's civil servant number.")
    position = fields.Char(required=True, help="As printed above the name, e.g. Kepala Biro Umum.")

    _document_type_unique = models.Constraint(
        "UNIQUE (document_type_id)",
        "Each type of document has one signatory.",
    )

    def _issue_line(self, day=None):
        """Place and date of issue, above the signature: Semarang, 7 Desember 2026."""
        self.ensure_one()
        date = format_letter_date(day or wib_today(), self.env.lang)
        place = self.agency_id.city
        return f"{place}, {date}" if place else date

    @api.model
    def _for_document(self, code):
        """The signatory (and through it the agency) of the document type `code`, read
        by the document as it prints: nothing when the deployment has not set one yet."""
        return self.sudo().search([("document_type_id.code", "=", code)], limit=1)
